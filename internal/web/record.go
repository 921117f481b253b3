package web

import (
	"context"
	"net/http"

	"github.com/regulars/regulars"
)

// recordFilter reads client_id, from, to, limit and offset.
func recordFilter(r *http.Request) (regulars.RecordFilter, error) {
	var f regulars.RecordFilter
	var err error
	if f.ClientID, err = queryID(r, "client_id"); err != nil {
		return f, err
	}
	if f.From, err = queryDate(r, "from"); err != nil {
		return f, err
	}
	if f.To, err = queryDate(r, "to"); err != nil {
		return f, err
	}
	if f.Limit, err = queryInt(r, "limit"); err != nil {
		return f, err
	}
	f.Offset, err = queryInt(r, "offset")
	return f, err
}

// recordIndex answers a listing of records of one kind.
func recordIndex[T any](s *Server, w http.ResponseWriter, r *http.Request, find func(context.Context, regulars.RecordFilter) ([]T, int, error)) {
	f, err := recordFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	items, total, err := find(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, newList(items, total))
}

// recordCreate decodes a record, lets reset clear what the client may not set, and creates it.
func recordCreate[T any](s *Server, w http.ResponseWriter, r *http.Request, reset func(*T), create func(context.Context, *T) error) {
	var v T
	if err := decode(r, &v); err != nil {
		s.error(w, r, err)
		return
	}
	reset(&v)
	if err := create(r.Context(), &v); err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusCreated, &v)
}

func (s *Server) handleInteractionIndex(w http.ResponseWriter, r *http.Request) {
	recordIndex(s, w, r, s.Interactions.FindInteractions)
}

func (s *Server) handleInteractionCreate(w http.ResponseWriter, r *http.Request) {
	recordCreate(s, w, r, func(v *regulars.Interaction) { v.ID = 0 }, s.Interactions.CreateInteraction)
}

func (s *Server) handleInteractionDelete(w http.ResponseWriter, r *http.Request) {
	s.deleteByID(w, r, s.Interactions.DeleteInteraction)
}

func (s *Server) handleDateIndex(w http.ResponseWriter, r *http.Request) {
	recordIndex(s, w, r, s.Dates.FindImportantDates)
}

func (s *Server) handleDateCreate(w http.ResponseWriter, r *http.Request) {
	recordCreate(s, w, r, func(v *regulars.ImportantDate) { v.ID = 0 }, s.Dates.CreateImportantDate)
}

func (s *Server) handleDateDelete(w http.ResponseWriter, r *http.Request) {
	s.deleteByID(w, r, s.Dates.DeleteImportantDate)
}

func (s *Server) handlePlanIndex(w http.ResponseWriter, r *http.Request) {
	recordIndex(s, w, r, s.Plans.FindPlans)
}

func (s *Server) handlePlanCreate(w http.ResponseWriter, r *http.Request) {
	recordCreate(s, w, r, func(v *regulars.Plan) { v.ID = 0 }, s.Plans.CreatePlan)
}

func (s *Server) handlePlanDelete(w http.ResponseWriter, r *http.Request) {
	s.deleteByID(w, r, s.Plans.DeletePlan)
}

func (s *Server) handleEventIndex(w http.ResponseWriter, r *http.Request) {
	recordIndex(s, w, r, s.Events.FindEvents)
}

func (s *Server) handleEventCreate(w http.ResponseWriter, r *http.Request) {
	recordCreate(s, w, r, func(v *regulars.Event) { v.ID = 0 }, s.Events.CreateEvent)
}

func (s *Server) handleEventDelete(w http.ResponseWriter, r *http.Request) {
	s.deleteByID(w, r, s.Events.DeleteEvent)
}
