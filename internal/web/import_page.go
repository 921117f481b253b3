package web

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/auth"
)

// The import wizard: upload → check (a dry run: the guessed columns with sample values, the
// counts, every bad row) → fix a guess and check again → import. Uploads wait in memory under
// a random token for an hour between the steps.

// pendingUploads holds the sheets between the wizard's steps.
type pendingUploads struct {
	mu   sync.Mutex
	byID map[string]*pending
}

type pending struct {
	files   []Upload
	expires time.Time
}

// maxPending bounds the uploads held at once: the oldest goes first.
const maxPending = 8

func (p *pendingUploads) put(files []Upload, now time.Time) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.byID == nil {
		p.byID = map[string]*pending{}
	}
	var oldest string
	for id, u := range p.byID {
		if now.After(u.expires) {
			delete(p.byID, id)
		} else if oldest == "" || u.expires.Before(p.byID[oldest].expires) {
			oldest = id
		}
	}
	if len(p.byID) >= maxPending {
		delete(p.byID, oldest)
	}
	id := auth.NewToken()
	p.byID[id] = &pending{files: files, expires: now.Add(time.Hour)}
	return id
}

func (p *pendingUploads) get(id string, now time.Time) ([]Upload, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	u, ok := p.byID[id]
	if !ok || now.After(u.expires) {
		return nil, false
	}
	return u.files, true
}

func (p *pendingUploads) drop(id string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.byID, id)
}

// importPage is the data of the import page at each step.
type importPage struct {
	Token     string
	Files     []string
	Currency  string
	DateOrder string // "", dmy or mdy: how to read dates such as 03/04/2026
	Report    any    // the importer's report, *importer.Report: its rows' Text and ReasonText take the language
	Error     string // what stopped the check or the import
	Done      bool   // the import was written
	Fields    []string
	Empty     bool // the base has no clients: offer the demo
	// RestoreDeleted asks for the rows of orders and clients deleted in Regulars too: offered
	// when the sheet has such rows.
	RestoreDeleted bool
}

func (s *Server) handleImportPage(w http.ResponseWriter, r *http.Request) {
	v := s.newView(r, "import", nil)
	v.Title = v.T("nav.import")
	_, n, err := s.Clients.FindClients(r.Context(), regulars.ClientFilter{Limit: 1})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	cur, err := s.defaultCurrency(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Page = &importPage{Currency: cur, Empty: n == 0}
	s.render(w, r, http.StatusOK, "import", v)
}

// handleImportUpload takes the sheets and checks them.
func (s *Server) handleImportUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		s.pageError(w, r, uploadError(err))
		return
	}
	defer r.MultipartForm.RemoveAll()
	files, err := readUploads(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	token := s.uploads.put(files, s.Now())
	s.importStep(w, r, token, files, false)
}

// handleImportCheck checks the waiting sheets again, with the user's column choices; with
// commit set it imports them.
func (s *Server) handleImportStep(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	files, ok := s.uploads.get(token, s.Now())
	if !ok {
		s.pageError(w, r, regulars.Errorf(regulars.ENOTFOUND, "The uploaded sheet has expired: upload it again.").Keyed("err.upload_expired"))
		return
	}
	s.importStep(w, r, token, files, r.PathValue("step") == "commit")
}

func (s *Server) importStep(w http.ResponseWriter, r *http.Request, token string, files []Upload, commit bool) {
	v := s.newView(r, "import", nil)
	v.Title = v.T("nav.import")
	p := &importPage{Token: token, Currency: strings.ToUpper(strings.TrimSpace(r.PostFormValue("currency"))), Fields: s.ImportFields,
		DateOrder: r.PostFormValue("date_order"), RestoreDeleted: r.PostFormValue("restore_deleted") == "1"}
	if p.Currency == "" {
		var err error
		if p.Currency, err = s.defaultCurrency(r); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	for _, f := range files {
		p.Files = append(p.Files, f.Name)
	}
	params := ImportParams{Currency: p.Currency, DateOrder: p.DateOrder, Map: map[string]string{}, Sheets: map[int]string{},
		SkipBad: r.PostFormValue("skip_bad") == "1", RestoreDeleted: p.RestoreDeleted, DryRun: !commit}
	// A workbook's sheet comes as sheet:<i> = name, i the file's place among the uploaded ones,
	// beside the sheet the page showed (shown:<i>). When one changed, the columns chosen for the sheet shown may name
	// headers the new one has not: those are left out (a header the other files or the new
	// sheet have keeps its choice), and the new sheet is checked first, not imported unseen.
	changed := false
	for k, vals := range r.PostForm {
		f, ok := strings.CutPrefix(k, "sheet:")
		i, err := strconv.Atoi(f)
		if ok && err == nil && i >= 0 && i < len(files) && len(vals) > 0 && vals[0] != "" {
			params.Sheets[i] = vals[0]
			changed = changed || vals[0] != r.PostFormValue("shown:"+f)
		}
	}
	if changed {
		params.LooseMap, params.DryRun, commit = true, true, false
	}
	// The column choices come as col:<header> = field; only changed guesses matter, but
	// sending all of them is harmless.
	for k, vals := range r.PostForm {
		if h, ok := strings.CutPrefix(k, "col:"); ok && len(vals) > 0 && vals[0] != "" {
			params.Map[h] = vals[0]
		}
	}
	rep, err := s.Importer.ImportUpload(r.Context(), files, params)
	p.Report = rep
	if err != nil {
		p.Error = s.tr.Error(langOf(r), err)
		if f, ok := rep.(interface{ FailureText(string) string }); ok && f.FailureText(langOf(r)) != "" {
			p.Error = f.FailureText(langOf(r)) // bad rows stopped it: said in the page's language
		}
		p.Error = s.pageOptions(langOf(r)).Replace(p.Error)
		if regulars.ErrorCode(err) == regulars.EINTERNAL {
			s.logger().Error("import", "err", err)
		}
	} else if commit {
		p.Done = true
		s.uploads.drop(token)
	}
	v.Page = p
	s.render(w, r, http.StatusOK, "import", v)
}

// defaultCurrency is the currency of amounts that name none: the business profile's, else
// regulars.DefaultCurrency.
func (s *Server) defaultCurrency(r *http.Request) (string, error) {
	p, err := regulars.ReadProfile(r.Context(), s.Settings)
	if err != nil || p.Currency == "" {
		return regulars.DefaultCurrency, err
	}
	return p.Currency, nil
}

// handleDemo fills an empty base with the demo business.
func (s *Server) handleDemo(w http.ResponseWriter, r *http.Request) {
	_, n, err := s.Clients.FindClients(r.Context(), regulars.ClientFilter{Limit: 1})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if n > 0 {
		s.pageError(w, r, regulars.Errorf(regulars.ECONFLICT, "The demo fills only an empty base, and this one has clients.").Keyed("err.demo_base_not_empty"))
		return
	}
	if err := s.Importer.Demo(r.Context()); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// pageOptions names the import's command-line flags, which the importer's messages mention, as
// the page's controls.
func (s *Server) pageOptions(lang string) *strings.Replacer {
	quote := func(id string) string { return "«" + s.tr.T(lang, id) + "»" }
	return strings.NewReplacer("--skip-bad", quote("import.skip_bad"), "--date-order dmy or mdy", quote("import.date_order"),
		"--date-order dmy или mdy", quote("import.date_order"),
		`--map "Header=field"`, quote("import.columns"), "--map", quote("import.columns"))
}
