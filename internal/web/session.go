package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/auth"
	"github.com/regulars/regulars/internal/locale"
)

// sessionCookie holds the session token; langCookie the language the user chose.
const (
	sessionCookie = "regulars_session"
	langCookie    = "regulars_lang"
	sessionLife   = 30 * 24 * time.Hour
)

type ctxKey int

const sessionKey ctxKey = iota

// signedIn is the session of a request and its user.
type signedIn struct {
	session *regulars.Session
	user    *regulars.User
}

func sessionOf(ctx context.Context) *signedIn {
	s, _ := ctx.Value(sessionKey).(*signedIn)
	return s
}

// lookupSession returns the request's session, or nil.
func (s *Server) lookupSession(r *http.Request) *signedIn {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	ss, u, err := s.Users.FindSession(r.Context(), auth.TokenID(c.Value), s.Now())
	if err != nil {
		if regulars.ErrorCode(err) != regulars.ENOTFOUND {
			s.logger().Error("find session", "err", err)
		}
		return nil
	}
	return &signedIn{session: ss, user: u}
}

// requireSession lets a request through with a session: a page without one is redirected to
// the login page (the first-run page when there is no account yet), an htmx request gets 401
// with HX-Redirect, and a POST must carry the session's CSRF token, in the form field "csrf"
// or the X-CSRF-Token header htmx sends.
func (s *Server) requireSession(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		si := s.lookupSession(r)
		if si == nil {
			to := "/login?next=" + url.QueryEscape(r.URL.RequestURI())
			if r.Method != http.MethodGet {
				to = "/login"
			}
			if r.Header.Get("HX-Request") != "" {
				w.Header().Set("HX-Redirect", to)
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if err := checkCSRF(w, r, si.session.CSRF); err != nil {
				s.pageError(w, r, err)
				return
			}
			r.ParseForm() // an htmx request's token came in a header, its form unparsed
			if err := nulValues(r.PostForm); err != nil {
				s.pageError(w, r, err)
				return
			}
		}
		h(w, r.WithContext(context.WithValue(r.Context(), sessionKey, si)))
	})
}

// checkCSRF returns an error unless the request carries the token. Forms are parsed with a
// 32 MB cap in memory and maxUpload in all, for uploads; an upload that cannot be parsed is
// said to be so, not taken for a stale form.
func checkCSRF(w http.ResponseWriter, r *http.Request, want string) error {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			r.Body = http.MaxBytesReader(w, r.Body, maxUpload) // the limit must come before the parse
			if err := r.ParseMultipartForm(32 << 20); err != nil {
				return uploadError(err)
			}
		}
		got = r.PostFormValue("csrf")
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return regulars.Errorf(regulars.EFORBIDDEN, "The form is out of date: reload the page and try again.").Keyed("err.form_stale")
	}
	return nil
}

// uploadError is the error of an upload whose multipart form cannot be parsed.
func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return regulars.Errorf(regulars.EINVALID, "The upload is larger than %d MB: split the sheet, or import it with the command line.", maxUpload>>20).Keyed("err.upload_large", "MB", maxUpload>>20)
	}
	return regulars.Errorf(regulars.EINVALID, "The upload is not a multipart form with the sheets in \"file\" fields (%v).", err).Keyed("err.upload_form", "Err", err)
}

// startSession signs the user in: a new session and its cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *regulars.User) error {
	token := auth.NewToken()
	ss := &regulars.Session{ID: auth.TokenID(token), UserID: u.ID, CSRF: auth.NewToken(), ExpiresAt: s.Now().Add(sessionLife)}
	if err := s.Users.CreateSession(r.Context(), ss); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", Expires: ss.ExpiresAt,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	return nil
}

// secure reports whether cookies get the Secure flag: behind TLS, or when told so (a proxy
// that ends TLS).
func (s *Server) secure(r *http.Request) bool { return s.SecureCookies || r.TLS != nil }

// langOf returns the language of the request: the user's choice, else Russian for a browser
// that prefers Russian, else English.
func langOf(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == locale.RU || c.Value == locale.EN) {
		return c.Value
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		if tag == "" || tag == "*" {
			continue
		}
		return locale.Parse(tag) // the first language the browser names decides
	}
	return locale.EN
}

// localPath returns next when it is a path on this site, else "/": a login link must not
// send the user elsewhere.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.ContainsAny(next, "\\") || strings.ContainsFunc(next, unicode.IsControl) {
		return "/" // browsers drop tabs and newlines and read \ as /: "/\t/evil" is "//evil"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(next, "//") {
		return "/"
	}
	return next
}
