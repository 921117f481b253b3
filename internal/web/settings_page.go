package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/agenda"
)

// settingsPage is the data of the settings page.
type settingsPage struct {
	TimeZone  string
	Templates []templateRow // of the user's language
	Saved     string        // the kind just saved
}

type templateRow struct {
	Kind   string
	T      [3]string
	Own    bool // the user's own, not built in
	Errors string
}

func (s *Server) handleSettingsPage(w http.ResponseWriter, r *http.Request) {
	v := s.newView(r, "settings", nil)
	v.Title = v.T("nav.settings")
	p, err := s.settingsOf(r, v.Lang)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p.Saved = r.URL.Query().Get("saved")
	v.Page = p
	s.render(w, r, http.StatusOK, "settings", v)
}

func (s *Server) settingsOf(r *http.Request, lang string) (*settingsPage, error) {
	own, err := agenda.OwnTemplates(r.Context(), s.Settings)
	if err != nil {
		return nil, err
	}
	all := agenda.DefaultTemplates().With(own)
	p := &settingsPage{TimeZone: s.TimeZone}
	kinds := make([]string, 0, len(all))
	for k := range all {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		_, mine := own[k][lang]
		p.Templates = append(p.Templates, templateRow{Kind: k, T: all[k][lang], Own: mine})
	}
	return p, nil
}

// handleTemplateSave saves the user's template of one kind and language, or with reset set
// goes back to the built-in one.
func (s *Server) handleTemplateSave(w http.ResponseWriter, r *http.Request) {
	kind, lang := r.PostFormValue("kind"), r.PostFormValue("lang")
	t := [3]string{strings.TrimSpace(r.PostFormValue("subject")), strings.TrimSpace(r.PostFormValue("body")),
		strings.TrimSpace(r.PostFormValue("detail"))}
	own, err := agenda.OwnTemplates(r.Context(), s.Settings)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if r.PostFormValue("reset") == "1" {
		delete(own[kind], lang)
		if len(own[kind]) == 0 {
			delete(own, kind)
		}
	} else {
		if err := agenda.CheckTemplate(kind, lang, t); err != nil {
			s.pageError(w, r, err)
			return
		}
		if own[kind] == nil {
			own[kind] = map[string][3]string{}
		}
		own[kind][lang] = t
	}
	b, err := json.Marshal(own)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if err := s.Settings.SetSetting(r.Context(), regulars.SettingAgendaTemplates, string(b)); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings?saved="+kind+"#tpl-"+kind, http.StatusSeeOther)
}
