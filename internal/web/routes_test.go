package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/agenda"
	"github.com/regulars/regulars/internal/auth"
)

// fakeUsers knows one account with one session, whose cookie token is sessionToken and
// whose CSRF token is "csrf-ok".
type fakeUsers struct{ regulars.UserService }

const sessionToken = "the-session-token"

func (fakeUsers) CountUsers(context.Context) (int, error) { return 1, nil }
func (fakeUsers) FindSession(_ context.Context, id string, _ time.Time) (*regulars.Session, *regulars.User, error) {
	if id != auth.TokenID(sessionToken) {
		return nil, nil, regulars.Errorf(regulars.ENOTFOUND, "No session.")
	}
	return &regulars.Session{ID: id, UserID: 1, CSRF: "csrf-ok"}, &regulars.User{ID: 1, Login: "anna"}, nil
}

// testServer returns a server with the fake accounts and no other service: a handler that
// ran would panic, so a test that passes proves the guard stopped the request first.
func testServer(t *testing.T) *Server {
	t.Helper()
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	s := &Server{Token: "secret", Users: fakeUsers{}, Now: func() time.Time { return now }}
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	return s
}

// routePath fills a route pattern's wildcards.
func routePath(pattern string) (method, path string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = "GET", pattern
	}
	return method, strings.NewReplacer("{id}", "1", "{$}", "", "{key}", "k", "{file}", "x.ics", "{act}", "done",
		"{token}", "t", "{step}", "check", "{lang}", "en").Replace(path)
}

// TestEveryRouteIsGuarded walks the route table. Every API route answers 401 without the
// token, or with a wrong one; every page answers a redirect to the login page without a
// session (401 with HX-Redirect to htmx); every POST with a session but without its CSRF
// token is refused with 403. Only the login and first-run pages, the language switch, static
// files, the health check and the calendar's secret link are public.
func TestEveryRouteIsGuarded(t *testing.T) {
	s := testServer(t)
	h := s.Handler()
	serve := func(req *http.Request) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	var public []string
	for _, rt := range routeTable {
		method, path := routePath(rt.pattern)
		switch rt.access {
		case publicRoute:
			public = append(public, rt.pattern)
		case apiRoute:
			for _, auth := range []string{"", "Bearer wrong", "Bearer secre", "Basic secret", "Bearer secret "} {
				req := httptest.NewRequest(method, path, strings.NewReader("{}"))
				if auth != "" {
					req.Header.Set("Authorization", auth)
				}
				if rec := serve(req); rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), `"code":"unauthorized"`) {
					t.Errorf("%s %s with %q: %d %s", method, path, auth, rec.Code, rec.Body)
				}
			}
		case pageRoute:
			for _, cookie := range []string{"", "wrong-token"} {
				req := httptest.NewRequest(method, path, strings.NewReader("csrf=csrf-ok"))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if cookie != "" {
					req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
				}
				if rec := serve(req); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
					t.Errorf("%s %s without a session: %d, Location %q", method, path, rec.Code, rec.Header().Get("Location"))
				}
				req = httptest.NewRequest(method, path, nil)
				req.Header.Set("HX-Request", "true")
				if rec := serve(req); rec.Code != http.StatusUnauthorized || !strings.HasPrefix(rec.Header().Get("HX-Redirect"), "/login") {
					t.Errorf("htmx %s %s without a session: %d, HX-Redirect %q", method, path, rec.Code, rec.Header().Get("HX-Redirect"))
				}
			}
			if method != "POST" {
				continue
			}
			for _, form := range []string{"", "csrf=", "csrf=csrf-no", "csrf=csrf-o"} {
				req := httptest.NewRequest(method, path, strings.NewReader(form))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.AddCookie(&http.Cookie{Name: sessionCookie, Value: sessionToken})
				if rec := serve(req); rec.Code != http.StatusForbidden {
					t.Errorf("%s %s with a session and form %q: %d, want 403", method, path, form, rec.Code)
				}
			}
		}
	}
	want := []string{"GET /healthz", "GET /static/{file}", "GET /login", "POST /login", "GET /setup", "POST /setup",
		"GET /lang/{lang}", "GET /calendar/{file}", "GET /u/{token}", "POST /u/{token}", "/"}
	if !slices.Equal(public, want) {
		t.Errorf("public routes %q, want %q", public, want)
	}
	// The signed-out forms need their double-submit token too.
	for _, path := range []string{"/login", "/setup"} {
		req := httptest.NewRequest("POST", path, strings.NewReader("login=anna&password=password123&csrf=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: formCookie, Value: "y"})
		if rec := serve(req); rec.Code != http.StatusForbidden {
			t.Errorf("POST %s without its form token: %d, want 403", path, rec.Code)
		}
	}
	// With no token configured, the API serves nothing.
	req := httptest.NewRequest("GET", "/api/v1/clients", nil)
	req.Header.Set("Authorization", "Bearer ")
	if rec := serve(req); rec.Code != http.StatusUnauthorized {
		t.Errorf("an empty token was accepted: %d", rec.Code)
	}
}

func TestPublicRoutes(t *testing.T) {
	h := testServer(t).Handler()
	for path, code := range map[string]int{"/healthz": 200, "/login": 200, "/lang/ru?next=//evil.example": 303, "/nothing": 404,
		"/static/nothing.css": 404} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != code {
			t.Errorf("GET %s: %d, want %d", path, rec.Code, code)
		}
		if loc := rec.Header().Get("Location"); code == 303 && loc != "/" {
			t.Errorf("GET %s went to %q, want / (never off the site)", path, loc)
		}
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
	s := &Server{Token: "secret", Agenda: fakeAgenda{}, Now: func() time.Time { return now }}
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
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

func TestLocalPath(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"Path", "/clients?q=1", "/clients?q=1"},
		{"Empty", "", "/"},
		{"Absolute", "https://evil.example/", "/"},
		{"SchemeRelative", "//evil.example", "/"},
		{"Backslash", "/\\evil.example", "/"},
		{"Tab", "/\t/evil.example", "/"},
		{"Newline", "/\n/evil.example", "/"},
		{"Relative", "clients", "/"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := localPath(tt.in); got != tt.want {
				t.Errorf("localPath(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestUploadTooLarge: an upload past the limit is said to be too large, not taken for a form
// out of date (its CSRF token is in the part that was never read).
func TestUploadTooLarge(t *testing.T) {
	defer func(old int64) { maxUpload = old }(maxUpload)
	maxUpload = 1 << 20
	h := testServer(t).Handler()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", "csrf-ok")
	fw, _ := mw.CreateFormFile("file", "big.csv")
	fw.Write(bytes.Repeat([]byte("Анна,22.11.2026,100\n"), 100_000))
	mw.Close()
	req := httptest.NewRequest("POST", "/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: sessionToken})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "The upload is larger than 1 MB") {
		t.Errorf("%d\n%s", rec.Code, rec.Body)
	}
}
