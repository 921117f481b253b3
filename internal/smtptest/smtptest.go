// Package smtptest runs an in-process SMTP server (github.com/emersion/go-smtp) for tests and
// benchmarks: it records the letters it accepts, by Message-ID, so that a test can count
// deliveries.
package smtptest

import (
	"bytes"
	"io"
	"log"
	"net"
	"net/mail"
	"strconv"
	"sync"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"
)

// Server is a running SMTP server on 127.0.0.1. Its methods are safe for concurrent use.
type Server struct {
	Host string
	Port int
	// Delay is how long the server takes to accept a letter once its data has arrived: a
	// slow server widens the window a crash test aims at. Set it before letters arrive.
	Delay time.Duration

	srv     *gosmtp.Server
	mu      sync.Mutex
	letters []Letter
}

// Letter is one accepted letter.
type Letter struct {
	From      string
	To        []string
	MessageID string
	Subject   string // as in the header, encoded
	Data      []byte
}

// Start starts a server that accepts every letter, until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s, err := Listen()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Listen starts a server on a free port of 127.0.0.1; Close stops it.
func Listen() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port}
	s.srv = gosmtp.NewServer(backend{s})
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.srv.ErrorLog = log.New(io.Discard, "", 0) // clients killed mid-letter are what some tests do
	go s.srv.Serve(ln)
	return s, nil
}

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// PortString returns the port as text, for command lines.
func (s *Server) PortString() string { return strconv.Itoa(s.Port) }

// Letters returns the letters accepted so far.
func (s *Server) Letters() []Letter {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Letter(nil), s.letters...)
}

// Deliveries counts the accepted letters by Message-ID.
func (s *Server) Deliveries() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for _, l := range s.letters {
		out[l.MessageID]++
	}
	return out
}

type backend struct{ s *Server }

func (b backend) NewSession(*gosmtp.Conn) (gosmtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Mail(from string, _ *gosmtp.MailOptions) error { x.from = from; return nil }
func (x *session) Rcpt(to string, _ *gosmtp.RcptOptions) error   { x.to = append(x.to, to); return nil }
func (x *session) Reset()                                        { x.from, x.to = "", nil }
func (x *session) Logout() error                                 { return nil }

// Data records the letter once the whole of it has arrived: a client that dies halfway
// delivers nothing.
func (x *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	l := Letter{From: x.from, To: x.to, Data: data}
	if m, err := mail.ReadMessage(bytes.NewReader(data)); err == nil {
		l.MessageID, l.Subject = m.Header.Get("Message-ID"), m.Header.Get("Subject")
	}
	x.s.mu.Lock()
	x.s.letters = append(x.s.letters, l)
	delay := x.s.Delay
	x.s.mu.Unlock()
	time.Sleep(delay) // recorded, and not yet answered: the in-doubt window
	return nil
}
