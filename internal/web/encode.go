package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

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
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var e *regulars.Error
		if errors.As(err, &e) {
			return e
		}
		if errors.Is(err, io.EOF) {
			return regulars.Errorf(regulars.EINVALID, "Request body required.")
		}
		return regulars.Errorf(regulars.EINVALID, "Invalid JSON: %v.", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return regulars.Errorf(regulars.EINVALID, "Invalid JSON: the body goes on after its value.")
	}
	return nil
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
		return 0, regulars.FieldError(name, "Must be a non-negative whole number.")
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
		return nil, regulars.FieldError(name, "Must be an ID.")
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
		return nil, regulars.FieldError(name, "Must be a date, YYYY-MM-DD.")
	}
	return &d, nil
}

// queryString returns an optional string query parameter as a filter pointer.
func queryString(r *http.Request, name string) *string {
	if v := r.URL.Query().Get(name); v != "" {
		return &v
	}
	return nil
}
