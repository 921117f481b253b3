package web

import (
	"net/http"
	"strings"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/analytics"
	"github.com/regulars/regulars/internal/campaign"
)

// mailingPage is the data of the mailing form and what it did.
type mailingPage struct {
	Req      campaign.MailingRequest
	Result   *campaign.MailingResult
	Segments []segmentOption
	Error    string
}

// shownRecipients is the most recipients a check lists: the count says the rest.
const shownRecipients = 200

// Shown returns the recipients the page lists.
func (p *mailingPage) Shown() []campaign.Recipient {
	if p.Result == nil {
		return nil
	}
	return p.Result.Recipients[:min(len(p.Result.Recipients), shownRecipients)]
}

// Hidden returns the number of recipients beyond those listed.
func (p *mailingPage) Hidden() int {
	if p.Result == nil {
		return 0
	}
	return max(0, len(p.Result.Recipients)-shownRecipients)
}

func (s *Server) mailingView(r *http.Request, p *mailingPage) *view {
	v := s.newView(r, "campaigns", p)
	v.Title = v.T("mailing.title")
	p.Segments = []segmentOption{{"sleeping", v.T("clients.sleeping")}}
	for code := analytics.SegmentChampions; code <= analytics.SegmentLost; code++ {
		p.Segments = append(p.Segments, segmentOption{code.String(), analytics.SegmentName(code, v.Lang)})
	}
	return v
}

func (s *Server) handleMailingPage(w http.ResponseWriter, r *http.Request) {
	p := &mailingPage{Req: campaign.MailingRequest{Segment: "sleeping"}}
	s.render(w, r, http.StatusOK, "mailing", s.mailingView(r, p))
}

// handleMailingForm checks the recipients (a dry run), sends the test letter, or sends the
// mailing, by the button pressed.
func (s *Server) handleMailingForm(w http.ResponseWriter, r *http.Request) {
	f := r.PostFormValue
	req := campaign.MailingRequest{Name: strings.TrimSpace(f("name")), Segment: f("segment"), Subject: f("subject"), Text: f("text"),
		HTML: f("html")}
	switch f("do") {
	case "send":
	case "test":
		req.TestTo = strings.TrimSpace(f("test_to"))
		if req.TestTo == "" {
			req.DryRun = true
		}
	default:
		req.DryRun = true
	}
	p := &mailingPage{Req: req}
	v := s.mailingView(r, p)
	if s.Mailings == nil {
		p.Error = v.T("mailing.unavailable")
	} else if res, err := s.Mailings.Mail(r.Context(), req); err != nil {
		if regulars.ErrorCode(err) == regulars.EINTERNAL {
			s.logger().Error("mailing", "err", err)
		}
		p.Error = s.tr.Error(langOf(r), err)
	} else {
		p.Result = res
	}
	s.render(w, r, http.StatusOK, "mailing", v)
}
