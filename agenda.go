package regulars

import (
	"context"
	"strings"
	"time"
)

// What the user did with an agenda item.
const (
	AgendaOpen      = "open"
	AgendaDone      = "done"      // contacted: logs an interaction, resets the stay-in-touch clock
	AgendaSnoozed   = "snoozed"   // back on Until
	AgendaDismissed = "dismissed" // not for this occasion, with a reason
)

// AgendaState is what the user did with one agenda item. The key names the occasion
// ("birthday:42:2026", "pre_delivery:order:17"), so that a done or dismissed occasion never comes
// back and nothing is suggested twice.
type AgendaState struct {
	Key       string    `json:"key"`
	ClientID  int64     `json:"client_id"`
	State     string    `json:"state"`
	Until     Date      `json:"until"`  // snoozed until
	Reason    string    `json:"reason"` // why dismissed
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (s *AgendaState) Validate() error {
	s.Key = strings.TrimSpace(s.Key)
	switch {
	case s.Key == "" || strings.ContainsAny(s.Key, " \t\n"):
		return FieldError("key", "Agenda item key required, without spaces.").Keyed("valid.agenda_key")
	case s.ClientID == 0:
		return FieldError("client_id", "Client required.").Keyed("valid.client_required")
	case !oneOf(s.State, AgendaOpen, AgendaDone, AgendaSnoozed, AgendaDismissed):
		return FieldError("state", "State must be open, done, snoozed or dismissed.").Keyed("valid.agenda_state")
	case s.State == AgendaSnoozed && s.Until.IsZero():
		return FieldError("until", "Snoozed until when?").Keyed("valid.snooze_until")
	}
	if s.State != AgendaSnoozed {
		s.Until = Date{}
	}
	return nil
}

// AgendaStateService keeps what the user did with agenda items.
type AgendaStateService interface {
	// SetAgendaState records the state of the item, replacing an earlier one. When contact
	// is set (the item is done), it is logged in the same transaction.
	SetAgendaState(ctx context.Context, s *AgendaState, contact *Interaction) error
	// FindAgendaStates returns every recorded state, by key.
	FindAgendaStates(ctx context.Context) ([]*AgendaState, error)
}
