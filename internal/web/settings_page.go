package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/agenda"
)

// settingsPage is the data of the settings page.
type settingsPage struct {
	TimeZone  string // the zone the server runs in
	Profile   regulars.Profile
	Templates []templateRow // of the user's language
	Saved     string        // the kind just saved, or "profile"
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
	prof, err := regulars.ReadProfile(r.Context(), s.Settings)
	if err != nil {
		return nil, err
	}
	p := &settingsPage{TimeZone: s.TimeZone, Profile: prof}
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

// profileFields are the number fields of the profile form, by name.
func profileFields(p *regulars.Profile) map[string]*int {
	return map[string]*int{"agenda_days": &p.AgendaDays, "date_lead": &p.DateLead, "holiday_lead": &p.HolidayLead,
		"pre_delivery": &p.PreDelivery, "feedback_after": &p.FeedbackAfter, "checkin_after": &p.CheckinAfter,
		"plan_lead": &p.PlanLead, "anniversary_lead": &p.AnniversaryLead, "touch_vip": &p.TouchVIP,
		"touch_active": &p.TouchActive, "touch_passive": &p.TouchPassive, "vip_top_percent": &p.VIPTopPercent,
		"vip_min_orders": &p.VIPMinOrders, "active_days": &p.ActiveDays}
}

// handleProfileSave saves the business profile: its name, currency and time zone, the agenda's
// lead times and the segments' thresholds. An empty number field means the default.
func (s *Server) handleProfileSave(w http.ResponseWriter, r *http.Request) {
	p := regulars.Profile{Name: r.PostFormValue("name"), Currency: r.PostFormValue("currency"),
		TimeZone: r.PostFormValue("time_zone"), LetterLang: r.PostFormValue("letter_lang")}
	num := func(name string) (int64, error) {
		v := strings.TrimSpace(r.PostFormValue(name))
		if v == "" {
			return 0, nil
		}
		n, err := strconv.ParseInt(strings.ReplaceAll(v, " ", ""), 10, 64)
		if err != nil {
			return 0, regulars.FieldError(name, fmt.Sprintf("%s must be a whole number, not %q.", name, v)).Keyed("err.whole_number", "Field", name, "Value", v)
		}
		return n, nil
	}
	for name, dst := range profileFields(&p) {
		n, err := num(name)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		*dst = int(n)
	}
	var err error
	if p.PersonalMin, err = num("personal_min"); err == nil {
		p.TemplateBelow, err = num("template_below")
	}
	if err == nil {
		err = regulars.SaveProfile(r.Context(), s.Settings, p)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings?saved=profile#profile", http.StatusSeeOther)
}
