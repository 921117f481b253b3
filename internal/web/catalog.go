package web

import (
	"context"
	"net/http"

	"github.com/regulars/regulars"
)

func (s *Server) handleServiceIndex(w http.ResponseWriter, r *http.Request) {
	items, total, err := s.Catalog.FindServices(r.Context(), regulars.ServiceFilter{Name: queryString(r, "name")})
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, newList(items, total))
}

func (s *Server) handleServiceCreate(w http.ResponseWriter, r *http.Request) {
	var svc regulars.Service
	if err := decode(r, &svc); err != nil {
		s.error(w, r, err)
		return
	}
	svc.ID = 0
	if err := s.Catalog.CreateService(r.Context(), &svc); err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusCreated, &svc)
}

func (s *Server) handleServiceView(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	svc, err := s.Catalog.FindServiceByID(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, svc)
}

func (s *Server) handleServiceDelete(w http.ResponseWriter, r *http.Request) {
	s.deleteByID(w, r, s.Catalog.DeleteService)
}

func (s *Server) handleLinkIndex(w http.ResponseWriter, r *http.Request) {
	items, err := s.Catalog.FindServiceLinks(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, newList(items, len(items)))
}

func (s *Server) handleLinkCreate(w http.ResponseWriter, r *http.Request) {
	var l regulars.ServiceLink
	if err := decode(r, &l); err != nil {
		s.error(w, r, err)
		return
	}
	l.ID = 0
	if err := s.Catalog.CreateServiceLink(r.Context(), &l); err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusCreated, &l)
}

func (s *Server) handleLinkDelete(w http.ResponseWriter, r *http.Request) {
	s.deleteByID(w, r, s.Catalog.DeleteServiceLink)
}

// deleteByID runs del on the {id} of the path and answers 204.
func (s *Server) deleteByID(w http.ResponseWriter, r *http.Request, del func(context.Context, int64) error) {
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := del(r.Context(), id); err != nil {
		s.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
