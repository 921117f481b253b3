package web

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/regulars/regulars"
)

// route is one entry of the route table.
type route struct {
	pattern string
	handler func(*Server) http.HandlerFunc
	public  bool // served without the API token
}

// routeTable lists every route. Everything but the health check and the front page requires
// the API token; a test walks this table to prove it.
var routeTable = []route{
	{"GET /healthz", func(s *Server) http.HandlerFunc { return s.handleHealth }, true},
	{"GET /{$}", func(s *Server) http.HandlerFunc { return s.handleHome }, true},

	{"GET /api/v1/clients", func(s *Server) http.HandlerFunc { return s.handleClientIndex }, false},
	{"POST /api/v1/clients", func(s *Server) http.HandlerFunc { return s.handleClientCreate }, false},
	{"GET /api/v1/clients/{id}", func(s *Server) http.HandlerFunc { return s.handleClientView }, false},
	{"PATCH /api/v1/clients/{id}", func(s *Server) http.HandlerFunc { return s.handleClientUpdate }, false},
	{"DELETE /api/v1/clients/{id}", func(s *Server) http.HandlerFunc { return s.handleClientDelete }, false},
	{"POST /api/v1/clients/{id}/merge", func(s *Server) http.HandlerFunc { return s.handleClientMerge }, false},

	{"GET /api/v1/orders", func(s *Server) http.HandlerFunc { return s.handleOrderIndex }, false},
	{"POST /api/v1/orders", func(s *Server) http.HandlerFunc { return s.handleOrderCreate }, false},
	{"GET /api/v1/orders/{id}", func(s *Server) http.HandlerFunc { return s.handleOrderView }, false},
	{"PATCH /api/v1/orders/{id}", func(s *Server) http.HandlerFunc { return s.handleOrderUpdate }, false},
	{"DELETE /api/v1/orders/{id}", func(s *Server) http.HandlerFunc { return s.handleOrderDelete }, false},

	{"GET /api/v1/services", func(s *Server) http.HandlerFunc { return s.handleServiceIndex }, false},
	{"POST /api/v1/services", func(s *Server) http.HandlerFunc { return s.handleServiceCreate }, false},
	{"GET /api/v1/services/{id}", func(s *Server) http.HandlerFunc { return s.handleServiceView }, false},
	{"DELETE /api/v1/services/{id}", func(s *Server) http.HandlerFunc { return s.handleServiceDelete }, false},
	{"GET /api/v1/service-links", func(s *Server) http.HandlerFunc { return s.handleLinkIndex }, false},
	{"POST /api/v1/service-links", func(s *Server) http.HandlerFunc { return s.handleLinkCreate }, false},
	{"DELETE /api/v1/service-links/{id}", func(s *Server) http.HandlerFunc { return s.handleLinkDelete }, false},

	{"GET /api/v1/interactions", func(s *Server) http.HandlerFunc { return s.handleInteractionIndex }, false},
	{"POST /api/v1/interactions", func(s *Server) http.HandlerFunc { return s.handleInteractionCreate }, false},
	{"DELETE /api/v1/interactions/{id}", func(s *Server) http.HandlerFunc { return s.handleInteractionDelete }, false},
	{"GET /api/v1/dates", func(s *Server) http.HandlerFunc { return s.handleDateIndex }, false},
	{"POST /api/v1/dates", func(s *Server) http.HandlerFunc { return s.handleDateCreate }, false},
	{"DELETE /api/v1/dates/{id}", func(s *Server) http.HandlerFunc { return s.handleDateDelete }, false},
	{"GET /api/v1/plans", func(s *Server) http.HandlerFunc { return s.handlePlanIndex }, false},
	{"POST /api/v1/plans", func(s *Server) http.HandlerFunc { return s.handlePlanCreate }, false},
	{"DELETE /api/v1/plans/{id}", func(s *Server) http.HandlerFunc { return s.handlePlanDelete }, false},
	{"GET /api/v1/events", func(s *Server) http.HandlerFunc { return s.handleEventIndex }, false},
	{"POST /api/v1/events", func(s *Server) http.HandlerFunc { return s.handleEventCreate }, false},
	{"DELETE /api/v1/events/{id}", func(s *Server) http.HandlerFunc { return s.handleEventDelete }, false},

	{"POST /api/v1/import", func(s *Server) http.HandlerFunc { return s.handleImport }, false},

	{"GET /api/v1/agenda", func(s *Server) http.HandlerFunc { return s.handleAgenda }, false},
	{"POST /api/v1/agenda/{key}", func(s *Server) http.HandlerFunc { return s.handleAgendaAct }, false},
	// The calendar feed is public by a secret URL: calendar apps cannot log in.
	{"GET /calendar/{file}", func(s *Server) http.HandlerFunc { return s.handleCalendar }, true},

	{"GET /api/v1/metrics", func(s *Server) http.HandlerFunc { return s.handleMetrics }, false},
	{"GET /api/v1/segments", func(s *Server) http.HandlerFunc { return s.handleSegments }, false},
	{"GET /api/v1/model", func(s *Server) http.HandlerFunc { return s.handleModel }, false},
	{"GET /api/v1/predict", func(s *Server) http.HandlerFunc { return s.handlePredict }, false},

	{"/api/", func(s *Server) http.HandlerFunc { return s.handleAPINotFound }, false},
}

// routes registers the route table on mux.
func (s *Server) routes(mux *http.ServeMux) {
	for _, rt := range routeTable {
		h := http.Handler(rt.handler(s))
		if !rt.public {
			h = s.authenticate(rt.handler(s))
		}
		mux.Handle(rt.pattern, h)
	}
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
