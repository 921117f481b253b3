package web

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/regulars/regulars"
)

// route is one entry of the route table.
type route struct {
	pattern string
	handler func(*Server) http.HandlerFunc
	access  access
}

// access says who may call a route.
type access int

const (
	apiRoute    access = iota // the JSON API: the bearer token
	pageRoute                 // the web app: a session, and on POST its CSRF token
	publicRoute               // anyone: the login pages, static files, health, signed links
)

// routeTable lists every route. Everything but the login and first-run pages, the language
// switch, static files, the health check and the calendar's secret link requires the API token
// or a session; a test walks this table to prove it.
var routeTable = []route{
	{"GET /healthz", func(s *Server) http.HandlerFunc { return s.handleHealth }, publicRoute},
	{"GET /static/{file}", func(s *Server) http.HandlerFunc { return s.handleStatic }, publicRoute},
	{"GET /login", func(s *Server) http.HandlerFunc { return s.handleLoginPage }, publicRoute},
	{"POST /login", func(s *Server) http.HandlerFunc { return s.handleLogin }, publicRoute},
	{"GET /setup", func(s *Server) http.HandlerFunc { return s.handleSetupPage }, publicRoute},
	{"POST /setup", func(s *Server) http.HandlerFunc { return s.handleSetup }, publicRoute},
	{"GET /lang/{lang}", func(s *Server) http.HandlerFunc { return s.handleLang }, publicRoute},
	{"POST /logout", func(s *Server) http.HandlerFunc { return s.handleLogout }, pageRoute},

	{"GET /{$}", func(s *Server) http.HandlerFunc { return s.handleDashboard }, pageRoute},
	{"GET /agenda", func(s *Server) http.HandlerFunc { return s.handleAgendaPage }, pageRoute},
	{"POST /agenda/{key}/{act}", func(s *Server) http.HandlerFunc { return s.handleAgendaItemAct }, pageRoute},
	{"GET /clients", func(s *Server) http.HandlerFunc { return s.handleClientsPage }, pageRoute},
	{"POST /clients/tag", func(s *Server) http.HandlerFunc { return s.handleBulkTag }, pageRoute},
	{"GET /clients/{id}", func(s *Server) http.HandlerFunc { return s.handleClientCard }, pageRoute},
	{"POST /clients/{id}", func(s *Server) http.HandlerFunc { return s.handleClientEdit }, pageRoute},
	{"POST /clients/{id}/contacts", func(s *Server) http.HandlerFunc { return s.handleClientContact }, pageRoute},
	{"POST /clients/{id}/dates", func(s *Server) http.HandlerFunc { return s.handleClientDate }, pageRoute},
	{"POST /clients/{id}/plans", func(s *Server) http.HandlerFunc { return s.handleClientPlan }, pageRoute},
	{"GET /import", func(s *Server) http.HandlerFunc { return s.handleImportPage }, pageRoute},
	{"POST /import", func(s *Server) http.HandlerFunc { return s.handleImportUpload }, pageRoute},
	{"POST /import/demo", func(s *Server) http.HandlerFunc { return s.handleDemo }, pageRoute},
	{"POST /import/{token}/{step}", func(s *Server) http.HandlerFunc { return s.handleImportStep }, pageRoute},
	{"GET /catalog", func(s *Server) http.HandlerFunc { return s.handleCatalogPage }, pageRoute},
	{"POST /catalog/services", func(s *Server) http.HandlerFunc { return s.handleServiceAdd }, pageRoute},
	{"POST /catalog/links", func(s *Server) http.HandlerFunc { return s.handleLinkAdd }, pageRoute},
	{"GET /settings", func(s *Server) http.HandlerFunc { return s.handleSettingsPage }, pageRoute},
	{"POST /settings/templates", func(s *Server) http.HandlerFunc { return s.handleTemplateSave }, pageRoute},
	{"POST /settings/profile", func(s *Server) http.HandlerFunc { return s.handleProfileSave }, pageRoute},
	{"GET /campaigns", func(s *Server) http.HandlerFunc { return s.handleCampaignsPage }, pageRoute},
	{"POST /campaigns/mail", func(s *Server) http.HandlerFunc { return s.handleMailSave }, pageRoute},
	{"POST /campaigns/letters/{id}/resend", func(s *Server) http.HandlerFunc { return s.handleLetterResend }, pageRoute},
	{"POST /campaigns/automations", func(s *Server) http.HandlerFunc { return s.handleAutomationAdd }, pageRoute},
	{"POST /campaigns/automations/{key}", func(s *Server) http.HandlerFunc { return s.handleAutomationToggle }, pageRoute},
	{"GET /campaigns/mailing", func(s *Server) http.HandlerFunc { return s.handleMailingPage }, pageRoute},
	{"POST /campaigns/mailing", func(s *Server) http.HandlerFunc { return s.handleMailingForm }, pageRoute},
	{"GET /campaigns/sequences/{key}", func(s *Server) http.HandlerFunc { return s.handleSequencePage }, pageRoute},
	{"POST /campaigns/sequences/{key}", func(s *Server) http.HandlerFunc { return s.handleSequenceSave }, pageRoute},
	{"GET /campaigns/sequences/{key}/preview", func(s *Server) http.HandlerFunc { return s.handleSequencePreview }, pageRoute},

	{"GET /api/v1/clients", func(s *Server) http.HandlerFunc { return s.handleClientIndex }, apiRoute},
	{"POST /api/v1/clients", func(s *Server) http.HandlerFunc { return s.handleClientCreate }, apiRoute},
	{"GET /api/v1/clients/{id}", func(s *Server) http.HandlerFunc { return s.handleClientView }, apiRoute},
	{"PATCH /api/v1/clients/{id}", func(s *Server) http.HandlerFunc { return s.handleClientUpdate }, apiRoute},
	{"DELETE /api/v1/clients/{id}", func(s *Server) http.HandlerFunc { return s.handleClientDelete }, apiRoute},
	{"POST /api/v1/clients/{id}/merge", func(s *Server) http.HandlerFunc { return s.handleClientMerge }, apiRoute},

	{"GET /api/v1/orders", func(s *Server) http.HandlerFunc { return s.handleOrderIndex }, apiRoute},
	{"POST /api/v1/orders", func(s *Server) http.HandlerFunc { return s.handleOrderCreate }, apiRoute},
	{"GET /api/v1/orders/{id}", func(s *Server) http.HandlerFunc { return s.handleOrderView }, apiRoute},
	{"PATCH /api/v1/orders/{id}", func(s *Server) http.HandlerFunc { return s.handleOrderUpdate }, apiRoute},
	{"DELETE /api/v1/orders/{id}", func(s *Server) http.HandlerFunc { return s.handleOrderDelete }, apiRoute},

	{"GET /api/v1/services", func(s *Server) http.HandlerFunc { return s.handleServiceIndex }, apiRoute},
	{"POST /api/v1/services", func(s *Server) http.HandlerFunc { return s.handleServiceCreate }, apiRoute},
	{"GET /api/v1/services/{id}", func(s *Server) http.HandlerFunc { return s.handleServiceView }, apiRoute},
	{"DELETE /api/v1/services/{id}", func(s *Server) http.HandlerFunc { return s.handleServiceDelete }, apiRoute},
	{"GET /api/v1/service-links", func(s *Server) http.HandlerFunc { return s.handleLinkIndex }, apiRoute},
	{"POST /api/v1/service-links", func(s *Server) http.HandlerFunc { return s.handleLinkCreate }, apiRoute},
	{"DELETE /api/v1/service-links/{id}", func(s *Server) http.HandlerFunc { return s.handleLinkDelete }, apiRoute},

	{"GET /api/v1/interactions", func(s *Server) http.HandlerFunc { return s.handleInteractionIndex }, apiRoute},
	{"POST /api/v1/interactions", func(s *Server) http.HandlerFunc { return s.handleInteractionCreate }, apiRoute},
	{"DELETE /api/v1/interactions/{id}", func(s *Server) http.HandlerFunc { return s.handleInteractionDelete }, apiRoute},
	{"GET /api/v1/dates", func(s *Server) http.HandlerFunc { return s.handleDateIndex }, apiRoute},
	{"POST /api/v1/dates", func(s *Server) http.HandlerFunc { return s.handleDateCreate }, apiRoute},
	{"DELETE /api/v1/dates/{id}", func(s *Server) http.HandlerFunc { return s.handleDateDelete }, apiRoute},
	{"GET /api/v1/plans", func(s *Server) http.HandlerFunc { return s.handlePlanIndex }, apiRoute},
	{"POST /api/v1/plans", func(s *Server) http.HandlerFunc { return s.handlePlanCreate }, apiRoute},
	{"DELETE /api/v1/plans/{id}", func(s *Server) http.HandlerFunc { return s.handlePlanDelete }, apiRoute},
	{"GET /api/v1/events", func(s *Server) http.HandlerFunc { return s.handleEventIndex }, apiRoute},
	{"POST /api/v1/events", func(s *Server) http.HandlerFunc { return s.handleEventCreate }, apiRoute},
	{"DELETE /api/v1/events/{id}", func(s *Server) http.HandlerFunc { return s.handleEventDelete }, apiRoute},

	{"POST /api/v1/import", func(s *Server) http.HandlerFunc { return s.handleImport }, apiRoute},

	{"GET /api/v1/agenda", func(s *Server) http.HandlerFunc { return s.handleAgenda }, apiRoute},
	{"POST /api/v1/agenda/{key}", func(s *Server) http.HandlerFunc { return s.handleAgendaAct }, apiRoute},
	// The calendar feed is public by a secret URL: calendar apps cannot log in.
	{"GET /calendar/{file}", func(s *Server) http.HandlerFunc { return s.handleCalendar }, publicRoute},
	// Unsubscribe links are public by their signature: clients have no account.
	{"GET /u/{token}", func(s *Server) http.HandlerFunc { return s.handleUnsubscribePage }, publicRoute},
	{"POST /u/{token}", func(s *Server) http.HandlerFunc { return s.handleUnsubscribe }, publicRoute},

	{"GET /api/v1/sequences", func(s *Server) http.HandlerFunc { return s.handleSequenceIndex }, apiRoute},
	{"GET /api/v1/sequences/{key}", func(s *Server) http.HandlerFunc { return s.handleSequenceView }, apiRoute},
	{"PUT /api/v1/sequences/{key}", func(s *Server) http.HandlerFunc { return s.handleSequencePut }, apiRoute},
	{"POST /api/v1/sequences/{key}/enrol", func(s *Server) http.HandlerFunc { return s.handleSequenceEnrol }, apiRoute},
	{"POST /api/v1/sequences/{key}/stop", func(s *Server) http.HandlerFunc { return s.handleSequenceStop }, apiRoute},
	{"GET /api/v1/outbox", func(s *Server) http.HandlerFunc { return s.handleOutboxIndex }, apiRoute},
	{"POST /api/v1/outbox/{id}/resend", func(s *Server) http.HandlerFunc { return s.handleOutboxResend }, apiRoute},
	{"GET /api/v1/campaigns/results", func(s *Server) http.HandlerFunc { return s.handleCampaignResults }, apiRoute},
	{"POST /api/v1/campaigns/send", func(s *Server) http.HandlerFunc { return s.handleMailing }, apiRoute},

	{"GET /api/v1/metrics", func(s *Server) http.HandlerFunc { return s.handleMetrics }, apiRoute},
	{"GET /api/v1/segments", func(s *Server) http.HandlerFunc { return s.handleSegments }, apiRoute},
	{"GET /api/v1/model", func(s *Server) http.HandlerFunc { return s.handleModel }, apiRoute},
	{"GET /api/v1/predict", func(s *Server) http.HandlerFunc { return s.handlePredict }, apiRoute},

	{"/api/", func(s *Server) http.HandlerFunc { return s.handleAPINotFound }, apiRoute},
	// Any other path no route has: a page saying so, in the visitor's language (public: it
	// shows nothing but that).
	{"/", func(s *Server) http.HandlerFunc { return s.handlePageNotFound }, publicRoute},
}

// routes registers the route table on mux.
func (s *Server) routes(mux *http.ServeMux) {
	for _, rt := range routeTable {
		var h http.Handler
		handler := s.refusingNULQuery(rt.handler(s), rt.access == apiRoute) // once signed in
		switch rt.access {
		case publicRoute:
			h = handler
		case pageRoute:
			h = s.requireSession(handler)
		default:
			h = s.authenticate(handler)
		}
		if rt.access != publicRoute && !strings.HasPrefix(rt.pattern, "GET ") {
			h = s.invalidating(h)
		}
		mux.Handle(rt.pattern, h)
	}
}

// refusingNULQuery refuses a query with a NUL character (%00) in a value, which no text has and
// PostgreSQL refuses: 400 naming the parameter, as JSON to the API, as a page to the app.
func (s *Server) refusingNULQuery(h http.HandlerFunc, api bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := nulValues(r.URL.Query()); err != nil {
			if api {
				s.error(w, r, err)
			} else {
				s.pageError(w, r, err)
			}
			return
		}
		h(w, r)
	}
}

// nulValues returns an error naming the first parameter whose value holds a NUL character.
func nulValues(vals url.Values) error {
	for name, vs := range vals {
		for _, v := range vs {
			if strings.IndexByte(v, 0) >= 0 {
				return regulars.FieldError(name, name+": holds a NUL character (%00), which text cannot have.")
			}
		}
	}
	return nil
}

// invalidating asks for a new analytics snapshot after every request that may have changed
// the data, so that pages catch up within moments instead of at the next poll, and tells
// OnWrite (the automations: an order paid now is thanked now).
func (s *Server) invalidating(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		if s.Snapshots != nil {
			s.Snapshots.Invalidate()
		}
		if s.OnWrite != nil {
			s.OnWrite()
		}
	})
}

// authenticate requires "Authorization: Bearer <token>", the scheme in any case (RFC 9110).
func (s *Server) authenticate(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, got, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || s.Token == "" || subtle.ConstantTimeCompare([]byte(got), []byte(s.Token)) != 1 {
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

// handlePageNotFound answers a path no route has with a page that says so, and a route's path
// with a method it does not take (POST /logout's GET) with 405 and the methods it does, as the
// router would without this route.
func (s *Server) handlePageNotFound(w http.ResponseWriter, r *http.Request) {
	if allow := s.otherMethods(r, "/"); len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	s.pageError(w, r, regulars.Errorf(regulars.ENOTFOUND, "There is no such page.").Keyed("err.no_such_page"))
}

// otherMethods returns the methods of the routes of r's path other than r's, but the route
// catchAll, which takes them all.
func (s *Server) otherMethods(r *http.Request, catchAll string) []string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete} {
		other := r.Clone(r.Context())
		other.Method = m
		if _, pattern := s.mux.Handler(other); m != r.Method && pattern != catchAll {
			allow = append(allow, m)
		}
	}
	return allow
}

// handleAPINotFound answers an API path no route has with 404, and a route's path with a
// method it does not take (PUT for PATCH) with 405 and the methods it does.
func (s *Server) handleAPINotFound(w http.ResponseWriter, r *http.Request) {
	allow := s.otherMethods(r, "/api/")
	if len(allow) == 0 {
		s.error(w, r, regulars.Errorf(regulars.ENOTFOUND, "No such API route: %s %s.", r.Method, r.URL.Path))
		return
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	encode(w, http.StatusMethodNotAllowed, errorBody{Error: fmt.Sprintf("%s does not take %s; it takes %s.", r.URL.Path, r.Method,
		strings.Join(allow, ", ")), Code: "method_not_allowed"})
}
