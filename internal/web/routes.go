package web

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/regulars/regulars"
)

// routes lists every route. Everything but /healthz requires the API token.
func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /{$}", s.handleHome)

	api := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.authenticate(h)) }
	api("GET /api/v1/clients", s.handleClientIndex)
	api("POST /api/v1/clients", s.handleClientCreate)
	api("GET /api/v1/clients/{id}", s.handleClientView)
	api("PATCH /api/v1/clients/{id}", s.handleClientUpdate)
	api("DELETE /api/v1/clients/{id}", s.handleClientDelete)
	api("POST /api/v1/clients/{id}/merge", s.handleClientMerge)

	api("GET /api/v1/orders", s.handleOrderIndex)
	api("POST /api/v1/orders", s.handleOrderCreate)
	api("GET /api/v1/orders/{id}", s.handleOrderView)
	api("PATCH /api/v1/orders/{id}", s.handleOrderUpdate)
	api("DELETE /api/v1/orders/{id}", s.handleOrderDelete)

	api("GET /api/v1/services", s.handleServiceIndex)
	api("POST /api/v1/services", s.handleServiceCreate)
	api("GET /api/v1/services/{id}", s.handleServiceView)
	api("DELETE /api/v1/services/{id}", s.handleServiceDelete)
	api("GET /api/v1/service-links", s.handleLinkIndex)
	api("POST /api/v1/service-links", s.handleLinkCreate)
	api("DELETE /api/v1/service-links/{id}", s.handleLinkDelete)

	api("GET /api/v1/interactions", s.handleInteractionIndex)
	api("POST /api/v1/interactions", s.handleInteractionCreate)
	api("DELETE /api/v1/interactions/{id}", s.handleInteractionDelete)
	api("GET /api/v1/dates", s.handleDateIndex)
	api("POST /api/v1/dates", s.handleDateCreate)
	api("DELETE /api/v1/dates/{id}", s.handleDateDelete)
	api("GET /api/v1/plans", s.handlePlanIndex)
	api("POST /api/v1/plans", s.handlePlanCreate)
	api("DELETE /api/v1/plans/{id}", s.handlePlanDelete)
	api("GET /api/v1/events", s.handleEventIndex)
	api("POST /api/v1/events", s.handleEventCreate)
	api("DELETE /api/v1/events/{id}", s.handleEventDelete)

	api("POST /api/v1/import", s.handleImport)

	api("/api/", s.handleAPINotFound)
}

// authenticate requires "Authorization: Bearer <token>".
func (s *Server) authenticate(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || s.Token == "" || subtle.ConstantTimeCompare([]byte(got), []byte(s.Token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="regulars"`)
			s.error(w, r, regulars.Errorf(regulars.EUNAUTHORIZED, "API token required: send Authorization: Bearer <token> (see `regulars token`)."))
			return
		}
		h(w, r)
	})
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	encode(w, http.StatusOK, map[string]string{"status": "ok", "version": regulars.Version})
}

func (s *Server) handleAPINotFound(w http.ResponseWriter, r *http.Request) {
	s.error(w, r, regulars.Errorf(regulars.ENOTFOUND, "No such API route: %s %s.", r.Method, r.URL.Path))
}
