package campaign

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/regulars/regulars"
)

// Mailing is a one-off letter to many clients, or a monthly digest: its name makes it
// once-only (the letters' keys are mailing:NAME:client:ID).
type Mailing struct {
	Name      string
	Template  regulars.MailTemplate
	Marketing bool
	// Found are recipients found by a segment rather than named: one deleted since the
	// segment was worked out is skipped ("not_found"), where a named one is an error.
	Found []int64
}

// MailingPlan is who a mailing reaches, and why the others are left out.
type MailingPlan struct {
	Letters []*regulars.Letter
	Skipped map[string]int // by reason: no_email, no_consent, unsubscribed, bounced, unfinished_letter, not_found
}

// PlanMailing renders a mailing for each client it may go to: marketing letters only to
// clients with consent whose address is not suppressed.
func (e *Engine) PlanMailing(ctx context.Context, m Mailing, clientIDs []int64) (*MailingPlan, error) {
	if m.Marketing && e.Unsubscribe == nil {
		return nil, errNoPublicURL
	}
	plan := &MailingPlan{Skipped: map[string]int{}}
	seen := map[int64]bool{}
	now := e.Now()
	named := len(clientIDs)
	for i, id := range slices.Concat(clientIDs, m.Found) {
		if seen[id] {
			continue
		}
		seen[id] = true
		c, err := e.Clients.FindClientByID(ctx, id)
		if regulars.ErrorCode(err) == regulars.ENOTFOUND && i >= named {
			plan.Skipped["not_found"]++ // deleted since the segment was worked out
			continue
		} else if err != nil {
			return nil, err
		}
		seq := &regulars.Sequence{Marketing: m.Marketing}
		r := &recipient{Client: c}
		reason, err := e.stopReason(ctx, seq, &regulars.Enrolment{}, r)
		if err != nil {
			return nil, err
		}
		if reason != "" {
			plan.Skipped[reason]++
			continue
		}
		v, err := e.vars(ctx, r, now)
		if err != nil {
			return nil, err
		}
		if m.Marketing {
			v.Unsubscribe = e.Unsubscribe(c.ID, c.Email)
		}
		subject, text, body, err := Render(m.Template, v)
		if err != nil {
			plan.Skipped["unfinished_letter"]++
			continue
		}
		key := "mailing:" + m.Name + ":client:" + strconv.FormatInt(c.ID, 10)
		win := e.window(c)
		plan.Letters = append(plan.Letters, &regulars.Letter{Key: key, MessageID: MessageID(key, e.FromAddress), ClientID: c.ID,
			ToName: c.Name, ToAddress: c.Email, Subject: subject, Text: text, HTML: body, Marketing: m.Marketing,
			Unsubscribe: v.Unsubscribe, Window: win, NotBefore: win.Next(now)})
	}
	return plan, nil
}

// MailingRequest is a mailing as the CLI and the API ask for it.
type MailingRequest struct {
	Name          string  `json:"name"`
	Segment       string  `json:"segment"` // a segment code or "sleeping"
	ClientIDs     []int64 `json:"client_ids"`
	Subject       string  `json:"subject"`
	Text          string  `json:"text"`
	HTML          string  `json:"html"`
	Transactional bool    `json:"transactional"`
	DryRun        bool    `json:"dry_run"`
	TestTo        string  `json:"test_to"` // send one letter, made for the first recipient, here instead
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (r *MailingRequest) Validate() error {
	if r.Name == "" || strings.ContainsAny(r.Name, " \t\n:") {
		return regulars.FieldError("name", "A mailing's name has no spaces or colons: digest-2026-11.").Keyed("err.mailing_name")
	}
	if r.Segment == "" && len(r.ClientIDs) == 0 {
		return regulars.FieldError("client_ids", "Name recipients by a segment or client IDs.").Keyed("err.mailing_recipients")
	}
	if r.Segment != "" && r.Transactional {
		// A letter to a whole segment is news or an offer: it honours consent and unsubscribes.
		return regulars.FieldError("transactional", "A letter to a segment is a marketing letter; name the clients for a transactional one.").Keyed("err.mailing_transactional")
	}
	return CheckTemplate(regulars.MailTemplate{Subject: r.Subject, Text: r.Text, HTML: r.HTML}, !r.Transactional)
}

// MailingResult is what a mailing did, or would do on a dry run.
type MailingResult struct {
	Recipients []Recipient    `json:"recipients"`
	Skipped    map[string]int `json:"skipped"`
	Queued     int            `json:"queued"`   // letters written to the outbox now
	Repeated   int            `json:"repeated"` // recipients this mailing had reached before
	TestSentTo string         `json:"test_sent_to,omitempty"`
	DryRun     bool           `json:"dry_run"`
}

// Recipient is one letter of a mailing.
type Recipient struct {
	ClientID int64  `json:"client_id"`
	Name     string `json:"name"`
	Address  string `json:"address"`
	Subject  string `json:"subject"`
}
