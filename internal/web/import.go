package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/regulars/regulars"
)

// maxUpload limits an import upload: a million-row sheet is about 120 MB. A variable for tests.
var maxUpload int64 = 256 << 20

// handleImport imports uploaded sheets: multipart/form-data with one or more "file" parts and
// the CLI's options as fields: map (Header=field, repeated), currency, date_order, sheet,
// skip_bad, dry_run, restore_deleted. It answers the import report; with bad rows and no
// skip_bad, 400 with the report.
func (s *Server) handleImport(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		s.error(w, r, uploadError(err))
		return
	}
	defer r.MultipartForm.RemoveAll()
	files, err := readUploads(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	params, err := importParams(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	rep, err := s.Importer.ImportUpload(r.Context(), files, params)
	if err != nil {
		s.errorWith(w, r, renamed(err, apiOptions), rep)
		return
	}
	encode(w, http.StatusOK, rep)
}

func readUploads(r *http.Request) ([]Upload, error) {
	var out []Upload
	for _, fh := range r.MultipartForm.File["file"] {
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, Upload{Name: fh.Filename, Data: data})
	}
	if len(out) == 0 {
		return nil, regulars.FieldError("file", "Attach at least one sheet in a \"file\" field.").Keyed("err.attach_sheet")
	}
	return out, nil
}

func importParams(r *http.Request) (ImportParams, error) {
	p := ImportParams{Currency: r.FormValue("currency"), DateOrder: r.FormValue("date_order"), Sheet: r.FormValue("sheet"),
		Map: map[string]string{}}
	var err error
	if p.SkipBad, err = formBool(r, "skip_bad"); err != nil {
		return p, err
	}
	if p.DryRun, err = formBool(r, "dry_run"); err != nil {
		return p, err
	}
	if p.RestoreDeleted, err = formBool(r, "restore_deleted"); err != nil {
		return p, err
	}
	for _, m := range r.MultipartForm.Value["map"] {
		h, f, ok := strings.Cut(m, "=")
		if !ok {
			return p, regulars.FieldError("map", "Each map is Header=field.").Keyed("err.map_form")
		}
		p.Map[strings.TrimSpace(h)] = strings.TrimSpace(f)
	}
	return p, nil
}

// apiOptions names the import's command-line flags, which the importer's messages mention, as
// the API's fields.
var apiOptions = strings.NewReplacer("--skip-bad", "skip_bad", "--date-order", "date_order", "--map", "map", "--currency", "currency")

// renamed returns err with the names in its message replaced by r.
func renamed(err error, r *strings.Replacer) error {
	var e *regulars.Error
	if !errors.As(err, &e) {
		return err
	}
	c := *e
	c.Message = r.Replace(c.Message)
	return &c
}

// formBool reads an optional true-or-false form field; anything else is an error, not false.
func formBool(r *http.Request, name string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(r.FormValue(name))) {
	case "1", "true", "yes", "on":
		return true, nil
	case "", "0", "false", "no", "off":
		return false, nil
	}
	return false, regulars.FieldError(name, fmt.Sprintf("%s: %q is neither true nor false.", name, r.FormValue(name))).Keyed("err.bool_form", "Field", name, "Value", r.FormValue(name))
}
