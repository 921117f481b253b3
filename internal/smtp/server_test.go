package smtp_test

import (
	"net"
	"sync"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"
	"github.com/regulars/regulars/internal/smtp"
	"github.com/regulars/regulars/internal/smtptest"
)

// smtpError returns the error a go-smtp backend answers with code.
func smtpError(code int, msg string) *gosmtp.SMTPError {
	return &gosmtp.SMTPError{Code: code, EnhancedCode: gosmtp.EnhancedCodeNotSet, Message: msg}
}

// mustServe starts an in-process SMTP server that does what o says (o.TLS: smtp.TLSNone,
// smtp.TLSStartTLS with a self-signed certificate, or smtp.TLSImplicit) and returns it with
// a Config to reach it, speaking the same TLS and trusting the certificate.
func mustServe(tb testing.TB, o smtptest.Options) (*smtptest.Server, smtp.Config) {
	tb.Helper()
	s := smtptest.StartWith(tb, o)
	return s, smtp.Config{
		Host: s.Host, Port: s.Port, TLS: o.TLS, Timeout: 5 * time.Second, HELO: "client.test",
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
