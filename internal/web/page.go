package web

import (
	"bytes"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/agenda"
	"github.com/regulars/regulars/internal/analytics"
	"github.com/regulars/regulars/internal/locale"
	"github.com/regulars/regulars/internal/snapshot"
)

// pages are the parsed page templates, each with the layout and the partials. They are parsed
// once, at start; a template that does not parse stops the server from starting.
type pages map[string]*template.Template

func loadPages() (pages, error) {
	base, err := template.New("").Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := pages{}
	for _, f := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(files, f)
		if err != nil {
			return nil, err
		}
		p[name] = t
	}
	return p, nil
}

// funcs are the few template functions that are not view methods.
var funcs = template.FuncMap{
	// itemView pairs an agenda item with the view, for the "item" partial.
	"itemView": func(v *view, it agenda.Item) itemView { return itemView{v, it} },
	"sorts":    func() []string { return snapshot.Sorts },
	// freeSubject reports whether an agenda item's subject is the user's own text (an order's
	// or a plan's title, a service's name), shown as it is; other kinds' subjects are codes
	// that the reason puts in words.
	"freeSubject": func(kind string) bool {
		switch kind {
		case agenda.KindPreDelivery, agenda.KindThankYou, agenda.KindFeedbackRequest, agenda.KindCheckin,
			agenda.KindPlan, agenda.KindNextOffer, agenda.KindBehaviourOffer:
			return true
		}
		return false
	},
	"add":  func(a, b int) int { return a + b },
	"list": func(s ...string) []string { return s },
	// split cuts "name:default" in two.
	"split": func(s string) []string { a, b, _ := strings.Cut(s, ":"); return []string{a, b} },
	// profileValue is a number of the profile as a form shows it: empty for the default.
	"profileValue": func(p regulars.Profile, name string) string {
		var n int64
		switch name {
		case "personal_min":
			n = p.PersonalMin
		case "template_below":
			n = p.TemplateBelow
		default:
			if f := profileFields(&p)[name]; f != nil {
				n = int64(*f)
			}
		}
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	},
	// trend pairs a KPI with the view; points says the change is in percentage points.
	"trend":  func(v *view, k kpi, points bool) trendView { return trendView{v, k, points} },
	"abs":    math.Abs,
	"abs100": func(f float64) float64 { return math.Abs(f * 100) },
	// field pairs a free-text field of the client card with the view.
	"field": func(v *view, name string) fieldView {
		c := v.Page.(*clientCard).C
		val := map[string]string{"notes": c.Notes, "pain_points": c.PainPoints, "goals": c.Goals}[name]
		return fieldView{V: v, Name: name, Value: val}
	},
}

type itemView struct {
	V    *view
	Item agenda.Item
}

type trendView struct {
	V      *view
	K      kpi
	Points bool
}

type fieldView struct {
	V           *view
	Name, Value string
}

// view is what every page template gets: the page's own data in Page, and methods that speak
// the user's language ({{.T "nav.clients"}}, {{.Money .Page.Revenue}}).
type view struct {
	Lang  string
	Title string
	Nav   string // the menu entry to highlight
	User  *regulars.User
	CSRF  string
	Path  string // the request's path and query, for the language switch
	Snap  *snapshot.Snapshot
	Page  any

	s *Server
}

// newView returns the view of a request.
func (s *Server) newView(r *http.Request, nav string, page any) *view {
	v := &view{Lang: langOf(r), Nav: nav, Path: r.URL.RequestURI(), Page: page, s: s}
	if si := sessionOf(r.Context()); si != nil {
		v.User, v.CSRF = si.user, si.session.CSRF
	}
	if s.Snapshots != nil {
		v.Snap = s.Snapshots.Current()
	}
	return v
}

// T translates a message; N picks its plural form for n.
func (v *view) T(id string, args ...any) string        { return v.s.tr.T(v.Lang, id, args...) }
func (v *view) N(id string, n int, args ...any) string { return v.s.tr.N(v.Lang, id, n, args...) }

// Static returns the hashed URL of a static file.
func (v *view) Static(name string) string { return v.s.assets.URL(name) }

// Money formats an amount in minor units of the snapshot's currency (or of cur when given).
func (v *view) Money(minor int64, cur ...string) string {
	c := v.currency()
	if len(cur) > 0 && cur[0] != "" {
		c = cur[0]
	}
	return locale.Money(regulars.Money{Minor: minor, Currency: c}, v.Lang)
}

// MoneyOf formats a Money.
func (v *view) MoneyOf(m regulars.Money) string { return locale.Money(m, v.Lang) }

// Major formats an amount in major units of the snapshot's currency, rounded to whole units
// ("50 000 ₽"); "—" for NaN.
func (v *view) Major(major float64) string {
	if math.IsNaN(major) || math.IsInf(major, 0) {
		return "—"
	}
	return locale.Whole(regulars.Money{Minor: int64(math.Round(major)) * 100, Currency: v.currency()}, v.Lang)
}

// Whole formats minor units of the snapshot's currency rounded to whole units.
func (v *view) Whole(minor int64) string {
	return locale.Whole(regulars.Money{Minor: minor, Currency: v.currency()}, v.Lang)
}

func (v *view) currency() string {
	if v.Snap != nil && v.Snap.Currency != "" {
		return v.Snap.Currency
	}
	return regulars.DefaultCurrency
}

// Date formats a day; "—" for none.
func (v *view) Date(d regulars.Date) string {
	if d.IsZero() {
		return "—"
	}
	return locale.Date(d, v.Lang)
}

// Pct formats a share (0.42) as a percentage ("42%", "42 %" in Russian); "—" for NaN.
func (v *view) Pct(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "—"
	}
	return locale.Percent(f, 0, v.Lang)
}

// Num formats a number with the given decimals, grouped.
func (v *view) Num(f float64, decimals int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "—"
	}
	return locale.Decimal(f, decimals, v.Lang)
}

// SegmentName returns the segment's name in the user's language.
func (v *view) SegmentName(c analytics.SegmentCode) string { return analytics.SegmentName(c, v.Lang) }

// Why returns an agenda item's reason in the user's language: the agenda's own English, or the
// catalogue's sentence with the holiday, the date and the subject it names.
func (v *view) Why(it agenda.Item) string {
	if v.Lang == locale.EN {
		return it.Reason
	}
	id := "reason." + it.Kind
	return v.T(id, it.ReasonArgs(v.Lang, func(word string) string { return v.T(word) })...)
}

// SequenceName returns a built-in sequence's name in the user's language, else its key.
func (v *view) SequenceName(key string) string {
	id := "sequence." + key
	if n := v.T(id); n != id {
		return n
	}
	return key
}

// DayAfter returns the business's today plus n days.
func (v *view) DayAfter(n int) regulars.Date { return v.s.Today().AddDays(n) }

// Int formats a whole number, grouped.
func (v *view) Int(n int) string { return locale.Number(strconv.Itoa(n), v.Lang) }

// render writes a page with its layout. A template error is logged and shown as an internal
// error: the page is rendered to a buffer first, so a half page never goes out.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v *view) {
	s.renderTemplate(w, r, status, name, "layout", v)
}

// renderPart writes one named template of a page: the fragment an htmx request swaps in.
func (s *Server) renderPart(w http.ResponseWriter, r *http.Request, name, part string, v *view) {
	s.renderTemplate(w, r, http.StatusOK, name, part, v)
}

func (s *Server) renderTemplate(w http.ResponseWriter, r *http.Request, status int, name, part string, v *view) {
	t, ok := s.pages[name]
	if !ok {
		s.logger().Error("no such page", "page", name)
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, part, v); err != nil {
		s.logger().Error("render page", "page", name, "part", part, "err", err)
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// pageError shows an error as a page (or, to htmx, as a fragment for the message area).
// Internal errors are logged with their cause and shown as "Internal error.".
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	code := regulars.ErrorCode(err)
	if code == regulars.EINTERNAL {
		s.logger().Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	v := s.newView(r, "", struct{ Message, Code string }{s.tr.Error(langOf(r), err), code})
	v.Title = v.T("error.title")
	if r.Header.Get("HX-Request") != "" {
		w.Header().Set("HX-Retarget", "#flash")
		w.Header().Set("HX-Reswap", "innerHTML")
		s.renderTemplate(w, r, statuses[code], "error", "message", v)
		return
	}
	s.render(w, r, statuses[code], "error", v)
}
