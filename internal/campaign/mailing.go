package campaign

import (
	"context"
	"strconv"

	"github.com/regulars/regulars"
)

// Mailing is a one-off letter to many clients, or a monthly digest: its name makes it
// once-only (the letters' keys are mailing:NAME:client:ID).
type Mailing struct {
	Name      string
	Template  regulars.MailTemplate
	Marketing bool
}

// MailingPlan is who a mailing reaches, and why the others are left out.
type MailingPlan struct {
	Letters []*regulars.Letter
	Skipped map[string]int // by reason: no_email, no_consent, unsubscribed, bounced, unfinished_letter
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
	for _, id := range clientIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		c, err := e.Clients.FindClientByID(ctx, id)
		if err != nil {
			return nil, err
		}
		seq := &regulars.Sequence{Marketing: m.Marketing}
		reason, err := e.stopReason(ctx, seq, &regulars.Enrolment{}, c)
		if err != nil {
			return nil, err
		}
		if reason != "" {
			plan.Skipped[reason]++
			continue
		}
		v, err := e.vars(ctx, c, now)
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
		plan.Letters = append(plan.Letters, &regulars.Letter{Key: key, MessageID: MessageID(key, e.FromAddress), ClientID: c.ID,
			ToName: c.Name, ToAddress: c.Email, Subject: subject, Text: text, HTML: body, Marketing: m.Marketing,
			Unsubscribe: v.Unsubscribe, Window: e.window(c), NotBefore: e.window(c).Next(now)})
	}
	return plan, nil
}
