package web

import (
	"cmp"
	"net/http"
	"strconv"

	"github.com/regulars/regulars"
)

// handleClientIndex lists clients with their order statistics.
// Query: q, tag, email, phone, limit, offset.
func (s *Server) handleClientIndex(w http.ResponseWriter, r *http.Request) {
	f := regulars.ClientFilter{Query: queryString(r, "q"), Tag: queryString(r, "tag"),
		Email: queryString(r, "email"), Phone: queryString(r, "phone")}
	var err error
	if f.Limit, err = queryInt(r, "limit"); err != nil {
		s.error(w, r, err)
		return
	}
	if f.Offset, err = queryInt(r, "offset"); err != nil {
		s.error(w, r, err)
		return
	}
	items, total, err := s.Clients.FindClientSummaries(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, newList(items, total))
}

func (s *Server) handleClientCreate(w http.ResponseWriter, r *http.Request) {
	var c regulars.Client
	if err := decode(r, &c); err != nil {
		s.error(w, r, err)
		return
	}
	c.ID = 0
	if err := s.Clients.CreateClient(r.Context(), &c); err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusCreated, &c)
}

func (s *Server) handleClientView(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	items, _, err := s.Clients.FindClientSummaries(r.Context(), regulars.ClientFilter{ID: &id})
	if err != nil {
		s.error(w, r, err)
		return
	}
	if len(items) == 0 {
		s.error(w, r, regulars.Errorf(regulars.ENOTFOUND, "Client %d not found.", id))
		return
	}
	encode(w, http.StatusOK, items[0])
}

func (s *Server) handleClientUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	var upd regulars.ClientUpdate
	if err := decodePatch(r, &upd); err != nil {
		s.error(w, r, err)
		return
	}
	c, err := s.Clients.UpdateClient(r.Context(), id, upd)
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, c)
}

// handleClientDelete deletes the client; with ?forget=true it keeps nothing of it, not even
// what imports would leave its rows out by (see regulars.ClientService.ForgetClient).
func (s *Server) handleClientDelete(w http.ResponseWriter, r *http.Request) {
	forget, err := strconv.ParseBool(cmp.Or(r.URL.Query().Get("forget"), "false"))
	if err != nil {
		s.error(w, r, regulars.FieldError("forget", "forget is true or false."))
		return
	}
	if forget {
		s.deleteByID(w, r, s.Clients.ForgetClient)
		return
	}
	s.deleteByID(w, r, s.Clients.DeleteClient)
}

// handleClientMerge merges the client {"from": ID} into the client in the path.
func (s *Server) handleClientMerge(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	var body struct {
		From int64 `json:"from"`
	}
	if err := decode(r, &body); err != nil {
		s.error(w, r, err)
		return
	}
	if body.From <= 0 {
		s.error(w, r, regulars.FieldError("from", "from: required, the ID of the client to merge into this one."))
		return
	}
	c, err := s.Clients.MergeClients(r.Context(), id, body.From)
	if err != nil {
		s.error(w, r, err)
		return
	}
	encode(w, http.StatusOK, c)
}
