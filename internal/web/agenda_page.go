package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/agenda"
	"github.com/regulars/regulars/internal/locale"
)

// agendaPage is the data of the agenda page: one page of the ranked items.
type agendaPage struct {
	Items []agenda.Item
	Total int
	All   int // every open item, beyond the top that the page lists
	Next  int // the next page, 0 on the last
	Today regulars.Date
}

// agendaPageSize is the number of items a page shows: the most important first, more on demand.
const agendaPageSize = 25

// visibleItems drops the items the user has dealt with since the snapshot: done and dismissed
// ones, and those snoozed past today. states may be nil (the snapshot's own are applied).
func visibleItems(items []agenda.Item, states map[string]*regulars.AgendaState, today regulars.Date) []agenda.Item {
	if len(states) == 0 {
		return items
	}
	out := make([]agenda.Item, 0, len(items))
	for _, it := range items {
		if st, ok := states[it.Key]; ok {
			if st.State == regulars.AgendaDone || st.State == regulars.AgendaDismissed ||
				(st.State == regulars.AgendaSnoozed && st.Until.After(today)) {
				continue
			}
		}
		out = append(out, it)
	}
	return out
}

// liveStates returns the agenda states, by key, as they are now.
func (s *Server) liveStates(r *http.Request) (map[string]*regulars.AgendaState, error) {
	list, err := s.States.FindAgendaStates(r.Context())
	if err != nil {
		return nil, err
	}
	m := make(map[string]*regulars.AgendaState, len(list))
	for _, st := range list {
		m[st.Key] = st
	}
	return m, nil
}

func (s *Server) handleAgendaPage(w http.ResponseWriter, r *http.Request) {
	v := s.newView(r, "agenda", nil)
	v.Title = v.T("nav.agenda")
	if v.Snap != nil {
		states, err := s.liveStates(r)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		today := s.Today()
		items := visibleItems(v.Snap.Agenda[v.Lang], states, today)
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		n = max(n, 1)
		from := min((n-1)*agendaPageSize, len(items))
		p := &agendaPage{Items: items[from:min(from+agendaPageSize, len(items))], Total: len(items), Today: today,
			All: len(v.Snap.Items)}
		if from+agendaPageSize < len(items) {
			p.Next = n + 1
		}
		v.Page = p
		if n > 1 && r.Header.Get("HX-Request") != "" {
			s.renderPart(w, r, "agenda", "items", v)
			return
		}
	}
	s.render(w, r, http.StatusOK, "agenda", v)
}

// handleAgendaItemAct marks an item done, snoozed or dismissed. To htmx it answers with the
// fragment that replaces the item: a one-line confirmation.
func (s *Server) handleAgendaItemAct(w http.ResponseWriter, r *http.Request) {
	key, act := r.PathValue("key"), r.PathValue("act")
	snap := s.Snapshots.Current()
	var item *agenda.Item
	if snap != nil {
		if it, ok := snap.Item(key, langOf(r)); ok {
			item = &it
		}
	}
	if item == nil {
		s.pageError(w, r, regulars.Errorf(regulars.ENOTFOUND, "No open agenda item %q.", key).Keyed("err.agenda_item", "Key", key))
		return
	}
	st := regulars.AgendaState{Key: key, ClientID: item.ClientID}
	var contact *regulars.Interaction
	switch act {
	case "done":
		st.State = regulars.AgendaDone
		contact = &regulars.Interaction{On: s.Today(), Channel: item.Channel, Direction: regulars.DirectionOutbound,
			Note: strings.TrimSpace(r.PostFormValue("note"))}
		if contact.Note == "" {
			lang := langOf(r)
			contact.Note = s.tr.T(lang, "kind."+item.Kind)
			if lang == locale.EN {
				contact.Note += ": " + item.Reason
			}
		}
	case "snooze":
		st.State = regulars.AgendaSnoozed
		until, err := regulars.ParseDate(r.PostFormValue("until"))
		if err != nil || !until.After(s.Today()) {
			s.pageError(w, r, regulars.FieldError("until", "Snooze until a day after today.").Keyed("err.snooze_until"))
			return
		}
		st.Until = until
	case "dismiss":
		st.State, st.Reason = regulars.AgendaDismissed, strings.TrimSpace(r.PostFormValue("reason"))
	default:
		http.NotFound(w, r)
		return
	}
	if err := s.States.SetAgendaState(r.Context(), &st, contact); err != nil {
		s.pageError(w, r, err)
		return
	}
	v := s.newView(r, "agenda", struct {
		Item agenda.Item
		Act  string
	}{*item, act})
	if r.Header.Get("HX-Request") == "" {
		http.Redirect(w, r, "/agenda", http.StatusSeeOther)
		return
	}
	s.renderPart(w, r, "agenda", "acted", v)
}
