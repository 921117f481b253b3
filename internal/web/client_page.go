package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/agenda"
	"github.com/regulars/regulars/internal/analytics"
	"github.com/regulars/regulars/internal/snapshot"
)

// clientCard is the data of the client card: the client as stored now, and what the latest
// snapshot says of it.
type clientCard struct {
	C           *regulars.Client
	Row         *snapshot.Row // nil until the snapshot knows the client
	Explanation string
	Timeline    []event
	Dates       []*regulars.ImportantDate
	Plans       []*regulars.Plan
	Events      []*regulars.Event
	Items       []agenda.Item // the client's open agenda items: the next offer among them
	Field       string        // the field an inline edit just saved
	Suppressed  string        // why the address gets no marketing letters: bounced, unsubscribed
	Letters     []*regulars.Letter
}

// event is one line of the timeline: an order or an interaction.
type event struct {
	On          regulars.Date
	Order       *regulars.Order
	Interaction *regulars.Interaction
}

// editable are the free-text fields edited in place on the card.
var editable = []string{"notes", "pain_points", "goals"}

func (s *Server) clientID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, regulars.Errorf(regulars.ENOTFOUND, "Client %q not found.", r.PathValue("id")).Keyed("err.client_not_found", "ID", r.PathValue("id"))
	}
	return id, nil
}

func (s *Server) handleClientCard(w http.ResponseWriter, r *http.Request) {
	id, err := s.clientID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := s.newView(r, "clients", nil)
	card, err := s.cardOf(r, v, id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Page, v.Title = card, card.C.Name
	s.render(w, r, http.StatusOK, "client", v)
}

// cardOf reads the client, its history and records.
func (s *Server) cardOf(r *http.Request, v *view, id int64) (*clientCard, error) {
	ctx := r.Context()
	c, err := s.Clients.FindClientByID(ctx, id)
	if err != nil {
		return nil, err
	}
	card := &clientCard{C: c}
	orders, _, err := s.Orders.FindOrders(ctx, regulars.OrderFilter{ClientID: &id})
	if err != nil {
		return nil, err
	}
	filter := regulars.RecordFilter{ClientID: &id}
	contacts, _, err := s.Interactions.FindInteractions(ctx, filter)
	if err != nil {
		return nil, err
	}
	if card.Dates, _, err = s.Dates.FindImportantDates(ctx, filter); err != nil {
		return nil, err
	}
	if card.Plans, _, err = s.Plans.FindPlans(ctx, filter); err != nil {
		return nil, err
	}
	if card.Events, _, err = s.Events.FindEvents(ctx, filter); err != nil {
		return nil, err
	}
	if s.Outbox != nil {
		if card.Letters, err = s.Outbox.FindLetters(ctx, regulars.LetterFilter{ClientID: &id, Limit: 10, Brief: true}); err != nil {
			return nil, err
		}
	}
	if s.Suppressions != nil && c.Email != "" {
		if card.Suppressed, err = s.Suppressions.Suppressed(ctx, c.Email); err != nil {
			return nil, err
		}
	}
	for _, o := range orders {
		card.Timeline = append(card.Timeline, event{On: o.OrderedOn, Order: o})
	}
	for _, i := range contacts {
		card.Timeline = append(card.Timeline, event{On: i.On, Interaction: i})
	}
	slices.SortStableFunc(card.Timeline, func(a, b event) int { return -cmp.Compare(a.On.Sub(b.On), 0) })
	if v.Snap != nil {
		if row, ok := v.Snap.Row(id); ok {
			card.Row = row
			if row.Prediction != nil {
				card.Explanation = analytics.Explain(*row.Prediction, v.Lang)
			}
		}
		card.Items = v.Snap.ItemsOf(id, v.Lang)
	}
	return card, nil
}

// handleClientEdit saves the fields of the card's forms: the free-text fields, one at a time,
// and the communication preferences. To htmx it answers with the saved part of the card.
func (s *Server) handleClientEdit(w http.ResponseWriter, r *http.Request) {
	id, err := s.clientID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	var upd regulars.ClientUpdate
	field := r.PostFormValue("field")
	val := strings.TrimSpace(r.PostFormValue("value"))
	switch field {
	case "notes":
		upd.Notes = &val
	case "pain_points":
		upd.PainPoints = &val
	case "goals":
		upd.Goals = &val
	case "preferences":
		ch, lvl, tm := r.PostFormValue("preferred_channel"), r.PostFormValue("detail_level"), r.PostFormValue("preferred_time")
		consent := r.PostFormValue("marketing_consent") == "1"
		upd.PreferredChannel, upd.DetailLevel, upd.PreferredTime, upd.MarketingConsent = &ch, &lvl, &tm, &consent
	default:
		s.pageError(w, r, regulars.FieldError("field", "No such field on the card.").Keyed("err.no_card_field"))
		return
	}
	if _, err := s.Clients.UpdateClient(r.Context(), id, upd); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.cardPart(w, r, id, field)
}

// cardPart answers a card form: the saved part to htmx, else the whole card again.
func (s *Server) cardPart(w http.ResponseWriter, r *http.Request, id int64, part string) {
	if r.Header.Get("HX-Request") == "" {
		http.Redirect(w, r, "/clients/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return
	}
	v := s.newView(r, "clients", nil)
	card, err := s.cardOf(r, v, id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	card.Field = part
	v.Page = card
	if slices.Contains(editable, part) {
		part = "textfield"
	}
	s.renderPart(w, r, "client", part, v)
}

// cardRecord reads what every record form of the card has, the client and a day, and after
// create (which adds the record) answers with the part of the card to swap in.
func (s *Server) cardRecord(w http.ResponseWriter, r *http.Request, part string, create func(id int64, on regulars.Date) error) {
	id, err := s.clientID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	on, err := regulars.ParseDate(r.PostFormValue("date"))
	if err != nil {
		s.pageError(w, r, regulars.FieldError("date", "Date must be YYYY-MM-DD.").Keyed("err.date_iso"))
		return
	}
	if err := create(id, on); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.cardPart(w, r, id, part)
}

// handleClientContact logs a contact from the card.
func (s *Server) handleClientContact(w http.ResponseWriter, r *http.Request) {
	s.cardRecord(w, r, "timeline", func(id int64, on regulars.Date) error {
		return s.Interactions.CreateInteraction(r.Context(), &regulars.Interaction{ClientID: id, On: on,
			Channel: r.PostFormValue("channel"), Direction: r.PostFormValue("direction"), Note: strings.TrimSpace(r.PostFormValue("note"))})
	})
}

// handleClientDate adds an important date from the card.
func (s *Server) handleClientDate(w http.ResponseWriter, r *http.Request) {
	s.cardRecord(w, r, "records", func(id int64, on regulars.Date) error {
		return s.Dates.CreateImportantDate(r.Context(), &regulars.ImportantDate{ClientID: id, Kind: r.PostFormValue("kind"), On: on,
			Yearly: r.PostFormValue("yearly") == "1", Note: strings.TrimSpace(r.PostFormValue("note"))})
	})
}

// handleClientPlan adds a plan from the card.
func (s *Server) handleClientPlan(w http.ResponseWriter, r *http.Request) {
	s.cardRecord(w, r, "records", func(id int64, on regulars.Date) error {
		return s.Plans.CreatePlan(r.Context(), &regulars.Plan{ClientID: id, Title: strings.TrimSpace(r.PostFormValue("title")), On: on,
			Note: strings.TrimSpace(r.PostFormValue("note"))})
	})
}
