package web

import (
	"net/http"

	"github.com/regulars/regulars"
)

// statuses maps application error codes to HTTP statuses, in this one place.
var statuses = map[string]int{
	regulars.ECONFLICT:     http.StatusConflict,
	regulars.EINVALID:      http.StatusBadRequest,
	regulars.ENOTFOUND:     http.StatusNotFound,
	regulars.EUNAUTHORIZED: http.StatusUnauthorized,
	regulars.EFORBIDDEN:    http.StatusForbidden,
	regulars.ETOOMANY:      http.StatusTooManyRequests,
	regulars.EINTERNAL:     http.StatusInternalServerError,
}

// errorBody is the JSON form of an error: the user-safe message, the code for programs, and
// what is wrong with each field.
type errorBody struct {
	Error  string            `json:"error"`
	Code   string            `json:"code"`
	Fields map[string]string `json:"fields,omitempty"`
	Report any               `json:"report,omitempty"`
}

// error writes err as JSON with its status. Internal errors are logged with their cause and
// shown as "Internal error.".
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	s.errorWith(w, r, err, nil)
}

func (s *Server) errorWith(w http.ResponseWriter, r *http.Request, err error, report any) {
	code := regulars.ErrorCode(err)
	if code == regulars.EINTERNAL {
		s.logger().Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	body := errorBody{Error: regulars.ErrorMessage(err), Code: code, Report: report}
	if e, ok := err.(*regulars.Error); ok {
		body.Fields = e.Fields
	}
	encode(w, statuses[code], body)
}
