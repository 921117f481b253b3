package web

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/auth"
	"github.com/regulars/regulars/internal/locale"
)

// accountForm is the data of the login and first-run pages.
type accountForm struct {
	Login, Next, Error string
	CSRF               string // the double-submit token: signed-out forms have no session to hold one
}

// formCookie holds the signed-out forms' CSRF token; the form carries the same value.
const formCookie = "regulars_form"

// formToken sets a fresh double-submit token for a signed-out form and returns it.
func (s *Server) formToken(w http.ResponseWriter, r *http.Request) string {
	tok := auth.NewToken()
	http.SetCookie(w, &http.Cookie{Name: formCookie, Value: tok, Path: "/", HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteStrictMode})
	return tok
}

// validFormToken reports whether a signed-out form carries its cookie's token.
func validFormToken(r *http.Request) bool {
	c, err := r.Cookie(formCookie)
	return err == nil && c.Value != "" && subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) == 1
}

// firstRun reports whether no account exists yet.
func (s *Server) firstRun(r *http.Request) (bool, error) {
	n, err := s.Users.CountUsers(r.Context())
	return n == 0, err
}

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	if first, err := s.firstRun(r); err != nil {
		s.pageError(w, r, err)
		return
	} else if first {
		http.Redirect(w, r, "/setup", http.StatusSeeOther)
		return
	}
	if s.lookupSession(r) != nil {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	v := s.newView(r, "", &accountForm{Next: localPath(r.URL.Query().Get("next")), CSRF: s.formToken(w, r)})
	v.Title = v.T("login.title")
	s.render(w, r, http.StatusOK, "login", v)
}

// loginWait is the longest a login waits for its password to be checked.
const loginWait = 10 * time.Second

// handleLogin checks the password. A wrong login and a wrong password get the same answer,
// after the same argon2id work, so neither tells which logins exist.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if !validFormToken(r) {
		s.pageError(w, r, regulars.Errorf(regulars.EFORBIDDEN, "The form is out of date: reload the page and try again.").Keyed("err.form_stale"))
		return
	}
	login, password := r.PostFormValue("login"), r.PostFormValue("password")
	pair, ip := throttleKeys(r, login, s.TrustProxy)
	if wait := s.logins.begin(s.Now(), pair, ip); wait > 0 {
		minutes := max(1, int(wait.Round(time.Minute)/time.Minute))
		v := s.newView(r, "", &accountForm{Login: login, Next: localPath(r.PostFormValue("next")), CSRF: s.formToken(w, r)})
		v.Title = v.T("login.title")
		v.Page.(*accountForm).Error = v.N("login.wait", minutes)
		s.render(w, r, http.StatusTooManyRequests, "login", v)
		return
	}
	u, err := s.Users.FindUserByLogin(r.Context(), login)
	if err != nil && regulars.ErrorCode(err) != regulars.ENOTFOUND {
		s.logins.undo(pair, ip) // not a guess: the server failed
		s.pageError(w, r, err)
		return
	}
	hash := dummyHash()
	if u != nil {
		hash = u.PasswordHash
	}
	// A visitor waits at most loginWait for a hashing slot: under a flood of attempts the
	// others are told to come back, not queued without end.
	cctx, cancel := context.WithTimeout(r.Context(), loginWait)
	ok, err := auth.CheckPassword(cctx, password, hash)
	cancel()
	if err != nil {
		s.logins.undo(pair, ip) // not a guess: the server was too busy to judge it
		v := s.newView(r, "", &accountForm{Login: login, Next: localPath(r.PostFormValue("next")), CSRF: s.formToken(w, r)})
		v.Title = v.T("login.title")
		v.Page.(*accountForm).Error = v.T("login.busy")
		s.render(w, r, http.StatusServiceUnavailable, "login", v)
		return
	}
	if !ok || u == nil {
		v := s.newView(r, "", &accountForm{Login: login, Next: localPath(r.PostFormValue("next")), CSRF: s.formToken(w, r)})
		v.Title = v.T("login.title")
		v.Page.(*accountForm).Error = v.T("login.wrong")
		s.render(w, r, http.StatusUnauthorized, "login", v)
		return
	}
	s.logins.succeed(pair, ip)
	if err := s.startSession(w, r, u); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
}

// dummyHash is checked against when the login does not exist.
var dummyHash = sync.OnceValue(func() string {
	h, _ := auth.HashPassword("no such user, no such password")
	return h
})

func (s *Server) handleSetupPage(w http.ResponseWriter, r *http.Request) {
	if first, err := s.firstRun(r); err != nil {
		s.pageError(w, r, err)
		return
	} else if !first {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	v := s.newView(r, "", &accountForm{CSRF: s.formToken(w, r)})
	v.Title = v.T("setup.title")
	s.render(w, r, http.StatusOK, "setup", v)
}

// handleSetup creates the first account and signs it in. It works only while there is no
// account: afterwards accounts come from `regulars user add`.
func (s *Server) handleSetup(w http.ResponseWriter, r *http.Request) {
	if first, err := s.firstRun(r); err != nil {
		s.pageError(w, r, err)
		return
	} else if !first {
		s.pageError(w, r, regulars.Errorf(regulars.EFORBIDDEN, "The owner account exists already: sign in.").Keyed("err.owner_exists"))
		return
	}
	if !validFormToken(r) {
		s.pageError(w, r, regulars.Errorf(regulars.EFORBIDDEN, "The form is out of date: reload the page and try again.").Keyed("err.form_stale"))
		return
	}
	form := &accountForm{Login: r.PostFormValue("login"), CSRF: s.formToken(w, r)}
	v := s.newView(r, "", form)
	v.Title = v.T("setup.title")
	fail := func(msg string) {
		form.Error = msg
		s.render(w, r, http.StatusBadRequest, "setup", v)
	}
	if r.PostFormValue("password") != r.PostFormValue("password2") {
		fail(v.T("setup.mismatch"))
		return
	}
	hash, err := auth.HashPassword(r.PostFormValue("password"))
	if err != nil {
		fail(v.T("setup.short"))
		return
	}
	u := &regulars.User{Login: form.Login, PasswordHash: hash}
	if err := s.Users.CreateUser(r.Context(), u); regulars.ErrorCode(err) == regulars.EINVALID {
		fail(v.T("setup.bad_login"))
		return
	} else if err != nil {
		s.pageError(w, r, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/import", http.StatusSeeOther)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.Users.DeleteSession(r.Context(), auth.TokenID(c.Value)); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// handleLang switches the language and goes back. It is a GET link on every page, the login
// page too; it changes nothing but a cookie.
func (s *Server) handleLang(w http.ResponseWriter, r *http.Request) {
	lang := r.PathValue("lang")
	if lang != locale.RU && lang != locale.EN {
		http.NotFound(w, r)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", Expires: s.Now().Add(365 * 24 * time.Hour),
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	next := localPath(r.URL.Query().Get("next"))
	if u, err := url.Parse(next); err != nil || u.Host != "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}
