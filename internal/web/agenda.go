package web

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/agenda"
	"github.com/regulars/regulars/internal/ical"
)

// Agenda builds the agenda and records what the user did with its items; the command wires
// it to the store and the analytics.
type Agenda interface {
	// Items returns the agenda as of now, days ahead.
	Items(ctx context.Context, now time.Time, days int) ([]agenda.Item, error)
	// Act finds the open item with the key and records state for it (done logs contact).
	Act(ctx context.Context, key string, st regulars.AgendaState, contact *regulars.Interaction) (agenda.Item, error)
	// CalendarToken returns the secret of the calendar feed's URL.
	CalendarToken(ctx context.Context) (string, error)
}

// handleAgenda answers the agenda. Query: days (7).
func (s *Server) handleAgenda(w http.ResponseWriter, r *http.Request) {
	days, err := queryInt(r, "days")
	if err != nil {
		s.error(w, r, err)
		return
	}
	items, err := s.Agenda.Items(r.Context(), s.Now(), days)
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, newList(items, len(items)))
}

// agendaAction is the body of POST /api/v1/agenda/{key}: {"state": "done"|"snoozed"|
// "dismissed", "until": "YYYY-MM-DD", "reason": "…", "channel": "call", "note": "…"}.
type agendaAction struct {
	State   string        `json:"state"`
	Until   regulars.Date `json:"until"`
	Reason  string        `json:"reason"`
	Channel string        `json:"channel"`
	Note    string        `json:"note"`
}

// handleAgendaAct marks an item done, snoozed or dismissed.
func (s *Server) handleAgendaAct(w http.ResponseWriter, r *http.Request) {
	var act agendaAction
	if err := decode(r, &act); err != nil {
		s.error(w, r, err)
		return
	}
	if act.State == regulars.AgendaSnoozed && !act.Until.IsZero() && !act.Until.After(s.Today()) {
		s.error(w, r, regulars.FieldError("until", "until: snooze until a day after today."))
		return
	}
	var contact *regulars.Interaction
	if act.State == regulars.AgendaDone {
		contact = &regulars.Interaction{On: s.Today(), Channel: act.Channel, Note: act.Note}
	}
	it, err := s.Agenda.Act(r.Context(), r.PathValue("key"),
		regulars.AgendaState{State: act.State, Until: act.Until, Reason: act.Reason}, contact)
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, it)
}

// handleCalendar serves the agenda as an iCalendar feed at a secret URL, /calendar/{token}.ics,
// which calendar apps subscribe to without a login: the token is the credential.
func (s *Server) handleCalendar(w http.ResponseWriter, r *http.Request) {
	got, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	want, err := s.Agenda.CalendarToken(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !ok || want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		s.error(w, r, regulars.Errorf(regulars.ENOTFOUND, "No such calendar."))
		return
	}
	now := s.Now()
	items, err := s.Agenda.Items(r.Context(), now, 30)
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	if err := ical.Write(w, agenda.Calendar(items, now)); err != nil {
		s.logger().Error("calendar", "err", err)
	}
}
