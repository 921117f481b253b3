package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/agenda"
)

// TestEveryRouteNeedsTheToken walks the route table: every route that is not public answers
// 401 without the token, or with a wrong one, before it touches a service (the server under
// test has none, so a handler that ran would panic).
func TestEveryRouteNeedsTheToken(t *testing.T) {
	s := &Server{Token: "secret"}
	h := s.Handler()
	public := 0
	for _, rt := range routeTable {
		method, path, ok := strings.Cut(rt.pattern, " ")
		if !ok {
			method, path = "GET", rt.pattern
		}
		path = strings.NewReplacer("{id}", "1", "{$}", "", "{key}", "k", "{file}", "x.ics").Replace(path)
		if rt.public {
			public++
			continue
		}
		for _, auth := range []string{"", "Bearer wrong", "Bearer secre", "Basic secret", "Bearer secret "} {
			req := httptest.NewRequest(method, path, strings.NewReader("{}"))
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), `"code":"unauthorized"`) {
				t.Errorf("%s %s with %q: %d %s", method, path, auth, rec.Code, rec.Body)
			}
		}
	}
	if public != 3 {
		t.Errorf("%d public routes, want 3 (health, front page, calendar feed by secret URL)", public)
	}
	// With no token configured, nothing is served.
	s = &Server{}
	req := httptest.NewRequest("GET", "/api/v1/clients", nil)
	req.Header.Set("Authorization", "Bearer ")
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("an empty token was accepted: %d", rec.Code)
	}
}

func TestPublicRoutes(t *testing.T) {
	h := (&Server{Token: "secret"}).Handler()
	for _, path := range []string{"/healthz", "/"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d", path, rec.Code)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/nothing", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("GET /nothing: %d", rec.Code)
	}
}

// fakeAgenda serves a one-item agenda and a known calendar token.
type fakeAgenda struct{ Agenda }

func (fakeAgenda) Items(context.Context, time.Time, int) ([]agenda.Item, error) {
	return []agenda.Item{{Key: "birthday:1:2026", ClientID: 1, Name: "Анна", Kind: "important_date", DueOn: regulars.MustParseDate("2026-11-22")}}, nil
}
func (fakeAgenda) CalendarToken(context.Context) (string, error) { return "s3cret", nil }

func TestCalendarFeed(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	h := (&Server{Token: "secret", Agenda: fakeAgenda{}, Now: func() time.Time { return now }}).Handler()
	for path, code := range map[string]int{"/calendar/wrong.ics": 404, "/calendar/s3cret": 404, "/calendar/s3cre.ics": 404, "/calendar/s3cret.ics": 200} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != code {
			t.Errorf("GET %s: %d, want %d", path, rec.Code, code)
		}
		if code == 200 && (!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/calendar") ||
			!strings.Contains(rec.Body.String(), "UID:birthday:1:2026@regulars\r\n")) {
			t.Errorf("feed: %s\n%s", rec.Header(), rec.Body)
		}
	}
}
