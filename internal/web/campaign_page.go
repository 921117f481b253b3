package web

import (
	"net/http"
	"strconv"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/campaign"
)

// campaignsPage is the data of the campaigns page.
type campaignsPage struct {
	Sequences   []*regulars.Sequence // for the new automation's choice
	Triggers    []string
	Mail        regulars.MailSettings
	Results     []*campaign.Results
	Automations []regulars.Automation
	InDoubt     []*regulars.Letter
	Recent      []*regulars.Letter
	Saved       bool
}

func (s *Server) handleCampaignsPage(w http.ResponseWriter, r *http.Request) {
	v := s.newView(r, "campaigns", nil)
	v.Title = v.T("nav.campaigns")
	p := &campaignsPage{Saved: r.URL.Query().Get("saved") == "mail", Triggers: regulars.Triggers}
	if err := s.readCampaignsPage(r, p); err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Page = p
	s.render(w, r, http.StatusOK, "campaigns", v)
}

// readCampaignsPage reads what the Letters page shows.
func (s *Server) readCampaignsPage(r *http.Request, p *campaignsPage) error {
	ctx := r.Context()
	var err error
	if p.Mail, err = regulars.ReadMailSettings(ctx, s.Settings); err != nil {
		return err
	}
	p.Mail.Password, p.Mail.DKIMKey = "", "" // never back to the page
	if p.Sequences, err = s.Sequences.FindSequences(ctx); err != nil {
		return err
	}
	if p.Results, err = s.results(r, p.Sequences, 30); err != nil {
		return err
	}
	if p.Automations, err = regulars.ReadAutomations(ctx, s.Settings); err != nil {
		return err
	}
	doubt := regulars.LetterInDoubt
	if p.InDoubt, err = s.Outbox.FindLetters(ctx, regulars.LetterFilter{State: &doubt, Limit: 100, Brief: true}); err != nil {
		return err
	}
	p.Recent, err = s.Outbox.FindLetters(ctx, regulars.LetterFilter{Limit: 20, Brief: true})
	return err
}

// handleMailSave saves the mail settings; an empty password keeps the stored one.
func (s *Server) handleMailSave(w http.ResponseWriter, r *http.Request) {
	old, err := regulars.ReadMailSettings(r.Context(), s.Settings)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	port, _ := strconv.Atoi(r.PostFormValue("port"))
	perHour, _ := strconv.Atoi(r.PostFormValue("per_hour"))
	m := regulars.MailSettings{Host: r.PostFormValue("host"), Port: port, TLS: r.PostFormValue("tls"),
		Username: r.PostFormValue("username"), Password: r.PostFormValue("password"), FromName: r.PostFormValue("from_name"),
		FromAddress: r.PostFormValue("from_address"), PerHour: perHour, PublicURL: r.PostFormValue("public_url")}
	if m.Password == "" {
		m.Password = old.Password
	}
	m.DKIMDomain, m.DKIMSelector, m.DKIMKey = old.DKIMDomain, old.DKIMSelector, old.DKIMKey // set with `regulars mail setup`
	if err := regulars.SaveMailSettings(r.Context(), s.Settings, m); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/campaigns?saved=mail#mail", http.StatusSeeOther)
}

// handleLetterResend queues an in-doubt letter again, the owner having checked it did not arrive.
func (s *Server) handleLetterResend(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.pageError(w, r, regulars.Errorf(regulars.ENOTFOUND, "No such letter.").Keyed("err.no_such_letter"))
		return
	}
	if err := s.Outbox.Resend(r.Context(), id, s.Now()); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/campaigns#doubt", http.StatusSeeOther)
}

// handleAutomationAdd adds an automation from the page's form.
func (s *Server) handleAutomationAdd(w http.ResponseWriter, r *http.Request) {
	list, err := regulars.ReadAutomations(r.Context(), s.Settings)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	f := r.PostFormValue
	au := regulars.Automation{Key: f("key"), Trigger: f("trigger"), Event: f("event"), Sequence: f("sequence"),
		PersonalAsTask: f("personal_as_task") == "1", Active: true}
	if err := campaign.CheckAutomation(au); err != nil {
		s.pageError(w, r, err)
		return
	}
	if _, err := s.Sequences.FindSequenceByKey(r.Context(), au.Sequence); err != nil {
		s.pageError(w, r, err)
		return
	}
	if err := regulars.SaveAutomations(r.Context(), s.Settings, append(list, au)); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/campaigns#automations", http.StatusSeeOther)
}

// handleAutomationToggle switches an automation on or off, or with remove=1 removes it.
func (s *Server) handleAutomationToggle(w http.ResponseWriter, r *http.Request) {
	list, err := regulars.ReadAutomations(r.Context(), s.Settings)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	key, found := r.PathValue("key"), false
	if r.PostFormValue("remove") == "1" {
		kept := list[:0]
		for _, au := range list {
			if au.Key == key {
				found = true
				continue
			}
			kept = append(kept, au)
		}
		list = kept
	}
	for i := range list {
		if list[i].Key == key {
			list[i].Active, found = r.PostFormValue("active") == "1", true
		}
	}
	if !found {
		s.pageError(w, r, regulars.Errorf(regulars.ENOTFOUND, "No automation %q.", key).Keyed("err.no_automation", "Key", key))
		return
	}
	if err := regulars.SaveAutomations(r.Context(), s.Settings, list); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/campaigns#automations", http.StatusSeeOther)
}
