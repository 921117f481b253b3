package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/campaign"
)

// sequencePage is the data of a sequence's editor.
type sequencePage struct {
	S       *regulars.Sequence
	Langs   []string
	Saved   bool
	Preview *regulars.Letter // a step rendered for a client
	Error   string
}

func (s *Server) handleSequencePage(w http.ResponseWriter, r *http.Request) {
	seq, err := s.Sequences.FindSequenceByKey(r.Context(), r.PathValue("key"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := s.newView(r, "campaigns", &sequencePage{S: seq, Langs: []string{"ru", "en"}, Saved: r.URL.Query().Get("saved") == "1"})
	v.Title = v.SequenceName(seq.Key)
	s.render(w, r, http.StatusOK, "sequence", v)
}

// handleSequenceSave saves the editor's form: the rules, and each step's day and letters in
// both languages. A step whose "remove" box is ticked goes; "add" appends an empty step to fill.
func (s *Server) handleSequenceSave(w http.ResponseWriter, r *http.Request) {
	seq, err := s.Sequences.FindSequenceByKey(r.Context(), r.PathValue("key"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	f := r.PostFormValue
	seq.Name = f("name")
	seq.Active, seq.StopOnOrder, seq.StopOnReply = f("active") == "1", f("stop_on_order") == "1", f("stop_on_reply") == "1"
	var steps []regulars.Step
	for i := range seq.Steps {
		n := strconv.Itoa(i)
		if f("remove-"+n) == "1" {
			continue
		}
		day, err := strconv.Atoi(strings.TrimSpace(f("day-" + n)))
		if err != nil {
			s.pageError(w, r, regulars.FieldError("day", "Step "+strconv.Itoa(i+1)+": the day must be a whole number.").Keyed("err.step_day", "Step", i+1))
			return
		}
		st := regulars.Step{Day: day, Templates: map[string]regulars.MailTemplate{}}
		for _, lang := range []string{"ru", "en"} {
			t := regulars.MailTemplate{Subject: strings.TrimSpace(f(lang + "-subject-" + n)), Text: strings.TrimSpace(f(lang + "-text-" + n)),
				HTML: strings.TrimSpace(f(lang + "-html-" + n))}
			if t.Subject == "" && t.Text == "" && t.HTML == "" {
				continue // no letter in this language
			}
			if err := campaign.CheckTemplate(t, seq.Marketing); err != nil {
				s.pageError(w, r, regulars.Errorf(regulars.EINVALID, "Step %d (%s): %s", i+1, lang, regulars.ErrorMessage(err)).
					Keyed("valid.step_error", "Step", i+1, "Lang", lang, "Error", s.tr.Error(langOf(r), err)))
				return
			}
			st.Templates[lang] = t
		}
		steps = append(steps, st)
	}
	seq.Steps = steps
	if f("add") == "1" {
		last := 0
		if len(steps) > 0 {
			last = steps[len(steps)-1].Day
		}
		// The new step starts as a copy of the last one a week later: the editor then changes it.
		st := regulars.Step{Day: last + 7, Templates: map[string]regulars.MailTemplate{}}
		if len(steps) > 0 {
			for lang, t := range steps[len(steps)-1].Templates {
				st.Templates[lang] = t
			}
		}
		seq.Steps = append(seq.Steps, st)
	}
	if err := s.Sequences.UpdateSequence(r.Context(), seq); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/campaigns/sequences/"+seq.Key+"?saved=1", http.StatusSeeOther)
}

// handleSequencePreview renders a step for a client, as the letter would go out: the
// fragment the editor's preview form swaps in.
func (s *Server) handleSequencePreview(w http.ResponseWriter, r *http.Request) {
	seq, err := s.Sequences.FindSequenceByKey(r.Context(), r.PathValue("key"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	p := &sequencePage{S: seq, Langs: []string{"ru", "en"}}
	v := s.newView(r, "campaigns", p)
	step, _ := strconv.Atoi(r.URL.Query().Get("step"))
	client, err := strconv.ParseInt(strings.TrimSpace(r.URL.Query().Get("client")), 10, 64)
	switch {
	case err != nil:
		p.Error = v.T("seqedit.client_number")
	case s.Mailings == nil:
		p.Error = v.T("seqedit.unavailable")
	default:
		l, err := s.Mailings.Preview(r.Context(), seq, step, client)
		if err != nil {
			p.Error = s.tr.Error(langOf(r), err)
		}
		p.Preview = l
	}
	if r.Header.Get("HX-Request") != "" {
		s.renderPart(w, r, "sequence", "preview", v)
		return
	}
	s.render(w, r, http.StatusOK, "sequence", v)
}
