// Package smtptest runs an in-process SMTP server (github.com/emersion/go-smtp) for tests and
// benchmarks: it records the letters it accepts, by Message-ID, so that a test can count
// deliveries; with Options it also asks for a login, speaks TLS, or refuses commands, for the
// tests of the mailer's failures.
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"net/mail"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
	"github.com/regulars/regulars/internal/smtp"
)

// Options is what a server does besides accepting letters.
type Options struct {
	// User and Pass, when set, are required (AUTH PLAIN) before MAIL.
	User, Pass string
	// RcptErr, when set, is the answer to every RCPT.
	RcptErr error
	// DataErrs are the answers to successive DATA commands, once the data has arrived; a nil
	// one, or none left, accepts the letter.
	DataErrs []error
	// TLS is smtp.TLSNone (or empty: no TLS offered), smtp.TLSStartTLS (STARTTLS offered) or
	// smtp.TLSImplicit (TLS from the first byte), with a self-signed certificate for 127.0.0.1.
	TLS string
}

// Server is a running SMTP server on 127.0.0.1. Its methods are safe for concurrent use.
type Server struct {
	Host string
	Port int
	// Delay is how long the server takes to accept a letter once its data has arrived: a
	// slow server widens the window a crash test aims at. Set it before letters arrive.
	Delay time.Duration

	// Options is what the server was started with.
	Options Options

	srv      *gosmtp.Server
	mu       sync.Mutex
	letters  []Letter
	sessions int     // connections that said EHLO
	dataErrs []error // what is left of Options.DataErrs
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
func Start(t testing.TB) *Server { return StartWith(t, Options{}) }

// StartWith starts a server that does what o says, until the test ends.
func StartWith(t testing.TB, o Options) *Server {
	t.Helper()
	s, err := ListenWith(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Listen starts a server on a free port of 127.0.0.1 that accepts every letter; Close stops it.
func Listen() (*Server, error) { return ListenWith(Options{}) }

// ListenWith starts a server on a free port of 127.0.0.1 that does what o says; Close stops it.
func ListenWith(o Options) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Options: o, dataErrs: o.DataErrs}
	s.srv = gosmtp.NewServer(backend{s})
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = o.TLS == "" || o.TLS == smtp.TLSNone
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.srv.ErrorLog = log.New(io.Discard, "", 0) // clients killed mid-letter are what some tests do
	if o.TLS == smtp.TLSStartTLS || o.TLS == smtp.TLSImplicit {
		cert, err := selfSigned()
		if err != nil {
			ln.Close()
			return nil, err
		}
		s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		if o.TLS == smtp.TLSImplicit {
			ln = tls.NewListener(ln, s.srv.TLSConfig)
		}
	}
	go s.srv.Serve(ln)
	return s, nil
}

// selfSigned is a certificate for 127.0.0.1, made once.
var selfSigned = sync.OnceValues(func() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
})

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

// Sessions returns the number of connections so far.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions
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

func (b backend) NewSession(*gosmtp.Conn) (gosmtp.Session, error) {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	b.s.sessions++
	return &session{s: b.s}, nil
}

type session struct {
	s      *Server
	authed bool
	from   string
	to     []string
}

// AuthMechanisms offers AUTH PLAIN when the server asks for a login.
func (x *session) AuthMechanisms() []string {
	if x.s.Options.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (x *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != x.s.Options.User || password != x.s.Options.Pass {
			return gosmtp.ErrAuthFailed
		}
		x.authed = true
		return nil
	}), nil
}

func (x *session) Mail(from string, _ *gosmtp.MailOptions) error {
	if x.s.Options.User != "" && !x.authed {
		return gosmtp.ErrAuthRequired
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	if x.s.Options.RcptErr != nil {
		return x.s.Options.RcptErr
	}
	x.to = append(x.to, to)
	return nil
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

// Data records the letter once the whole of it has arrived: a client that dies halfway
// delivers nothing. A refusal the options hold is answered instead.
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
	if len(x.s.dataErrs) > 0 {
		err, x.s.dataErrs = x.s.dataErrs[0], x.s.dataErrs[1:]
		if err != nil {
			x.s.mu.Unlock()
			return err
		}
	}
	x.s.letters = append(x.s.letters, l)
	delay := x.s.Delay
	x.s.mu.Unlock()
	time.Sleep(delay) // recorded, and not yet answered: the in-doubt window
	return nil
}
