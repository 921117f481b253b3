package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/regulars/regulars"
)

// maxBody limits JSON request bodies.
const maxBody = 1 << 20

// encode writes v as JSON with the status.
func encode(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// decode reads a JSON body into v; unknown fields are an error, so typos do not pass silently.
// An error names the field it is about, in the message and in Fields.
func decode(r *http.Request, v any) error {
	_, err := decodeBody(r, v)
	return err
}

// decodeBody is decode, returning the body too.
func decodeBody(r *http.Request, v any) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, regulars.Errorf(regulars.EINVALID, "The request body is larger than %d MB.", maxBody>>20)
	case err != nil:
		return nil, regulars.Errorf(regulars.EINVALID, "The request body cannot be read: %v.", err)
	case len(bytes.TrimSpace(body)) == 0:
		return nil, regulars.Errorf(regulars.EINVALID, "Request body required.")
	}
	if err := decodeStrict(body, v); err != nil {
		return nil, decodeError(body, v, err)
	}
	if field, ok := nulField(reflect.ValueOf(v), ""); ok { // PostgreSQL refuses it; no text has it
		return nil, regulars.FieldError(field, field+": holds a NUL character (\\u0000), which text cannot have.")
	}
	return body, nil
}

// decodePatch decodes a PATCH body into v, a pointer to a struct of pointer fields: a field
// the body leaves out stays nil (unchanged), and one it gives as null points to its zero value,
// which clears it (a due date, a referrer) or, where nothing is not allowed (a name), fails
// its validation. encoding/json leaves a pointer nil for null, as if the field were absent.
func decodePatch(r *http.Request, v any) error {
	body, err := decodeBody(r, v)
	if err != nil {
		return err
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return nil // not an object: decodeStrict refused it already
	}
	rv := reflect.ValueOf(v).Elem()
	for i := 0; i < rv.NumField(); i++ {
		f := rv.Type().Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Type.Kind() != reflect.Pointer || tag == "" || tag == "-" {
			continue
		}
		for k, raw := range fields {
			if strings.EqualFold(k, tag) && string(bytes.TrimSpace(raw)) == "null" {
				rv.Field(i).Set(reflect.New(f.Type.Elem()))
			}
		}
	}
	return nil
}

// nulField returns the JSON name of a string in v that holds a NUL character.
func nulField(v reflect.Value, name string) (string, bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return nulField(v.Elem(), name)
		}
	case reflect.String:
		return name, strings.IndexByte(v.String(), 0) >= 0
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if f, ok := nulField(v.Index(i), name); ok {
				return f, true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if f, ok := nulField(it.Value(), name); ok {
				return f, true
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			if !t.Field(i).IsExported() {
				continue
			}
			tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			field := name
			if tag != "" && tag != "-" {
				field = tag
			} else if !t.Field(i).Anonymous {
				field = t.Field(i).Name
			}
			if f, ok := nulField(v.Field(i), field); ok {
				return f, true
			}
		}
	}
	return "", false
}

// decodeStrict decodes one JSON value into v, refusing unknown fields and text after it.
func decodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return regulars.Errorf(regulars.EINVALID, "Invalid JSON: the body goes on after its value.")
	}
	return nil
}

// decodeError turns an error decoding body into v into one that names the field.
func decodeError(body []byte, v any, err error) error {
	var (
		e  *regulars.Error
		te *json.UnmarshalTypeError
		se *json.SyntaxError
	)
	switch {
	case errors.As(err, &e) && len(e.Fields) == 0: // from a value's UnmarshalJSON: a date, an amount
		if f := culprit(body, v); f != "" {
			return regulars.FieldError(f, f+": "+e.Message)
		}
		return e
	case errors.As(err, &e):
		return e
	case errors.As(err, &te) && te.Field != "":
		// The domain's UnmarshalJSON methods decode through an embedded type named plain,
		// which encoding/json puts in the path: "plain.client_id".
		f := strings.ReplaceAll(te.Field, "plain.", "")
		return regulars.FieldError(f, fmt.Sprintf("%s: must be %s, not a JSON %s.", f, jsonKind(te.Type), te.Value))
	case errors.As(err, &te):
		return regulars.Errorf(regulars.EINVALID, "Invalid JSON: the body must be %s, not a JSON %s.", jsonKind(te.Type), te.Value)
	case errors.As(err, &se):
		return regulars.Errorf(regulars.EINVALID, "Invalid JSON at byte %d: %s.", se.Offset, strings.TrimPrefix(se.Error(), "json: "))
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		f, _ = strconv.Unquote(f)
		return regulars.FieldError(f, fmt.Sprintf("%s: unknown field; see the API's field names in the README.", f))
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return regulars.Errorf(regulars.EINVALID, "Invalid JSON: the body ends before its value does.")
	}
	return regulars.Errorf(regulars.EINVALID, "Invalid JSON: %s.", strings.TrimPrefix(err.Error(), "json: "))
}

// culprit returns the top-level field of the JSON object body whose value alone fails to
// decode into a fresh value of v's type, or "".
func culprit(body []byte, v any) string {
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return ""
	}
	keys := slices.Sorted(maps.Keys(fields))
	t := reflect.TypeOf(v).Elem()
	for _, k := range keys {
		one, _ := json.Marshal(map[string]json.RawMessage{k: fields[k]})
		if json.Unmarshal(one, reflect.New(t).Interface()) != nil {
			return k
		}
	}
	return ""
}

// jsonKind says what JSON a Go type takes, for messages.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "an object"
}

// list is the JSON form of a listing: the items and how many match in all.
type list[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

func newList[T any](items []T, total int) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Total: total}
}

// pathID parses the {id} path value.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, regulars.Errorf(regulars.EINVALID, "Invalid ID %q.", r.PathValue(name))
	}
	return id, nil
}

// queryInt parses an optional integer query parameter.
func queryInt(r *http.Request, name string) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, regulars.FieldError(name, name+": must be a whole number, 0 or more.")
	}
	return n, nil
}

// queryID parses an optional ID query parameter into a filter pointer.
func queryID(r *http.Request, name string) (*int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return nil, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return nil, regulars.FieldError(name, name+": must be an ID, a whole number above 0.")
	}
	return &id, nil
}

// queryDate parses an optional YYYY-MM-DD query parameter.
func queryDate(r *http.Request, name string) (*regulars.Date, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return nil, nil
	}
	d, err := regulars.ParseDate(v)
	if err != nil {
		return nil, regulars.FieldError(name, name+": "+regulars.ErrorMessage(err))
	}
	return &d, nil
}

// queryOneOf returns an optional query parameter that must be one of values, as a filter
// pointer.
func queryOneOf(r *http.Request, name string, values []string) (*string, error) {
	v := queryString(r, name)
	if v != nil && !slices.Contains(values, *v) {
		return nil, regulars.FieldError(name, fmt.Sprintf("%s: %q is not one of %s.", name, *v, strings.Join(values, ", ")))
	}
	return v, nil
}

// queryString returns an optional string query parameter as a filter pointer.
func queryString(r *http.Request, name string) *string {
	if v := r.URL.Query().Get(name); v != "" {
		return &v
	}
	return nil
}
