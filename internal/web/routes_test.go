package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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
		path = strings.NewReplacer("{id}", "1", "{$}", "").Replace(path)
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
	if public != 2 {
		t.Errorf("%d public routes, want 2 (health and front page)", public)
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
