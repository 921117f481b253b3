package smtp_test

import (
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
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
	"github.com/regulars/regulars/internal/smtp"
)

// backend is an in-process SMTP server's store: it records the letters it accepts and fails
// the commands it is told to. Set the failure fields before the server starts.
type backend struct {
	user, pass string     // when set, AUTH PLAIN with these is required before MAIL
	rcptErr    error      // returned to every RCPT when set
	dataErrs   []error    // returned to successive DATA commands; nil accepts
	mu         sync.Mutex // guards the fields below and dataErrs
	letters    []letter   // accepted, in order
	sessions   int        // connections that said EHLO
}

// letter is one accepted letter.
type letter struct {
	From string
	To   []string
	Data []byte
}

func (b *backend) NewSession(*gosmtp.Conn) (gosmtp.Session, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sessions++
	return &session{b: b}, nil
}

// Letters returns a copy of the letters accepted so far.
func (b *backend) Letters() []letter {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]letter(nil), b.letters...)
}

// Sessions returns the number of connections so far.
func (b *backend) Sessions() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sessions
}

type session struct {
	b      *backend
	authed bool
	from   string
	to     []string
}

func (s *session) AuthMechanisms() []string {
	if s.b.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != s.b.user || password != s.b.pass {
			return gosmtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *gosmtp.MailOptions) error {
	if s.b.user != "" && !s.authed {
		return gosmtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	if s.b.rcptErr != nil {
		return s.b.rcptErr
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	if len(s.b.dataErrs) > 0 {
		err, s.b.dataErrs = s.b.dataErrs[0], s.b.dataErrs[1:]
		if err != nil {
			return err
		}
	}
	s.b.letters = append(s.b.letters, letter{From: s.from, To: s.to, Data: data})
	return nil
}

func (s *session) Reset() {
	s.from, s.to = "", nil
}

func (s *session) Logout() error { return nil }

// smtpError returns the error a go-smtp backend answers with code.
func smtpError(code int, msg string) *gosmtp.SMTPError {
	return &gosmtp.SMTPError{Code: code, EnhancedCode: gosmtp.EnhancedCodeNotSet, Message: msg}
}

// mustServe starts an SMTP server for b on 127.0.0.1 speaking mode: smtp.TLSNone (no TLS
// offered), smtp.TLSStartTLS (STARTTLS offered with a self-signed certificate) or
// smtp.TLSImplicit (TLS from the first byte). It returns a Config to reach it.
func mustServe(tb testing.TB, b *backend, mode string) smtp.Config {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	s := gosmtp.NewServer(b)
	s.Domain = "localhost"
	s.ErrorLog = log.New(io.Discard, "", 0) // dropped connections are part of the tests
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	s.AllowInsecureAuth = mode == smtp.TLSNone
	switch mode {
	case smtp.TLSStartTLS:
		s.TLSConfig = serverTLS(tb)
	case smtp.TLSImplicit:
		s.TLSConfig = serverTLS(tb)
		l = tls.NewListener(l, s.TLSConfig)
	}
	go s.Serve(l)
	tb.Cleanup(func() { s.Close() })
	return smtp.Config{
		Host: "127.0.0.1", Port: port, TLS: mode, Timeout: 5 * time.Second, HELO: "client.test",
		InsecureSkipVerify: true,
	}
}

// mustServeSilent starts a server that accepts connections and never says a word.
func mustServeSilent(tb testing.TB) smtp.Config {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	tb.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return smtp.Config{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port, TLS: smtp.TLSNone}
}

// serverTLS returns a TLS config with a self-signed certificate for 127.0.0.1, made once.
func serverTLS(tb testing.TB) *tls.Config {
	tb.Helper()
	cert, err := selfSigned()
	if err != nil {
		tb.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
}

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
