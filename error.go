package regulars

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Application error codes. Codes are for programs; the message is for people.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ETOOMANY      = "too_many" // too many attempts: wait
)

// Error is the one application error type. Message is a user-safe sentence; Fields maps an
// input field to what is wrong with it; Err is the cause, for logs.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
	Err     error

	// Key names the message in the locale's catalogue ("valid.email"), with Args as its
	// name-value pairs, for those who show it in the user's language; Message is its English,
	// after Prefix, which is the same in every language (a flag's name: "--date: ").
	Key    string
	Args   []any
	Prefix string
}

// Keyed returns e with its message's catalogue key and arguments.
func (e *Error) Keyed(key string, args ...any) *Error {
	e.Key, e.Args = key, args
	return e
}

// Error returns the code, the message, the fields and the cause, for logs and the CLI.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if e.Fields[k] != e.Message {
				fmt.Fprintf(&b, " %s: %s", k, e.Fields[k])
			}
		}
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EINVALID error about one field.
func FieldError(field, message string) *Error {
	return &Error{Code: EINVALID, Message: message, Fields: map[string]string{field: message}}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other
// error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err: the message of an *Error, and
// "Internal error." for anything else.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// FieldErrorOf returns err as an EINVALID error about field, with its message and its catalogue
// key kept.
func FieldErrorOf(field string, err error) *Error {
	fe := FieldError(field, ErrorMessage(err))
	var e *Error
	if errors.As(err, &e) {
		fe.Key, fe.Args = e.Key, e.Args
	}
	return fe
}

// Prefixed returns err as an *Error whose message starts with prefix, a name that is the same in
// every language ("--date"), and keeps its code and catalogue key; an error that is no *Error
// is EINVALID.
func Prefixed(prefix string, err error) *Error {
	out := &Error{Code: EINVALID, Message: prefix + ": " + ErrorMessage(err), Prefix: prefix + ": "}
	var e *Error
	if errors.As(err, &e) {
		out.Code, out.Key, out.Args, out.Prefix = e.Code, e.Key, e.Args, prefix+": "+e.Prefix
	}
	return out
}
