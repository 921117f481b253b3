package web

import (
	"net/http"

	"github.com/regulars/regulars"
)

// Unsubscriber carries out an unsubscribe: the address gets no more marketing letters, the
// client's consent is withdrawn and its marketing sequences stop. The command wires it.
type Unsubscriber interface {
	Unsubscribe(r *http.Request, clientID int64, address string) error
}

// unsubscribePage is the data of the public unsubscribe page.
type unsubscribePage struct {
	Token   string
	Address string
	Done    bool
}

// unsubscribeToken checks the request's unsubscribe token and returns whose it is.
func (s *Server) unsubscribeToken(r *http.Request) (int64, string, error) {
	if s.Signer == nil {
		return 0, "", regulars.Errorf(regulars.ENOTFOUND, "This link is not valid.").Keyed("err.link_invalid")
	}
	signer, err := s.Signer(r.Context())
	if err != nil {
		return 0, "", err
	}
	id, addr, ok := signer.Parse(r.PathValue("token"))
	if !ok {
		return 0, "", regulars.Errorf(regulars.ENOTFOUND, "This link is not valid: it may be cut short. Use the whole link from the letter.").Keyed("err.link_cut")
	}
	return id, addr, nil
}

// handleUnsubscribePage shows what the link would do, and a button: a GET never unsubscribes,
// as mail scanners open links to check them.
func (s *Server) handleUnsubscribePage(w http.ResponseWriter, r *http.Request) {
	_, addr, err := s.unsubscribeToken(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := s.newView(r, "", &unsubscribePage{Token: r.PathValue("token"), Address: addr})
	v.Title = v.T("unsubscribe.title")
	s.render(w, r, http.StatusOK, "unsubscribe", v)
}

// handleUnsubscribe unsubscribes: the button of the page, or a mail program's one-click POST
// (RFC 8058: "List-Unsubscribe=One-Click", no cookies, no login). The signed link is its own
// proof; doing it twice is harmless.
func (s *Server) handleUnsubscribe(w http.ResponseWriter, r *http.Request) {
	id, addr, err := s.unsubscribeToken(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if err := s.Unsubscriber.Unsubscribe(r, id, addr); err != nil {
		s.pageError(w, r, err)
		return
	}
	v := s.newView(r, "", &unsubscribePage{Address: addr, Done: true})
	v.Title = v.T("unsubscribe.title")
	s.render(w, r, http.StatusOK, "unsubscribe", v)
}
