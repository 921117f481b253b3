package smtp

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"

	"github.com/wneessen/go-mail"
)

var (
	// errNoSTARTTLS is a server that does not offer STARTTLS to a Mailer that requires it.
	errNoSTARTTLS = errors.New(`server does not offer STARTTLS: set TLS to "tls" for implicit ` +
		`TLS (port 465), or to "none" for a local relay only`)
	// errNoAuth is a server that does not offer AUTH, or none of the mechanisms we speak,
	// to a Mailer with a Username.
	errNoAuth = errors.New("server does not offer a usable AUTH mechanism (PLAIN or LOGIN)")
)

// dial opens a connection: TCP (and TLS for TLSImplicit), greeting, EHLO, STARTTLS for
// TLSStartTLS, and AUTH when a username is set. g learns the socket as soon as it exists, so
// that ctx can abort the handshake as well as the send.
func (m *Mailer) dial(ctx context.Context, g *guard) (*conn, error) {
	c := &conn{}
	dialSocket := func(ctx context.Context, _, _ string) (net.Conn, error) {
		raw, err := m.dialSocket(ctx)
		if err != nil {
			return nil, err
		}
		c.raw = raw
		g.watch(raw)
		return raw, nil
	}
	client, err := mail.NewClient(m.cfg.Host, m.options(dialSocket)...)
	if err != nil {
		return nil, err
	}
	c.client = client
	// go-mail leaves the socket open when the handshake fails; closing it is ours to do.
	c.smtp, err = client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		if c.raw != nil {
			c.raw.Close()
		}
		return nil, handshakeError(err)
	}
	return c, nil
}

// dialSocket connects to the server, with TLS from the first byte for TLSImplicit. The
// *tls.Conn is returned as is: go-mail's SMTP client tells an encrypted connection by its type.
func (m *Mailer) dialSocket(ctx context.Context) (net.Conn, error) {
	d := &net.Dialer{Timeout: m.cfg.timeout()}
	if m.cfg.tlsMode() == TLSImplicit {
		td := &tls.Dialer{NetDialer: d, Config: m.tls}
		return td.DialContext(ctx, "tcp", m.cfg.addr())
	}
	return d.DialContext(ctx, "tcp", m.cfg.addr())
}

// options returns the go-mail settings of a connection that opens its socket with dial.
func (m *Mailer) options(dial mail.DialContextFunc) []mail.Option {
	opts := []mail.Option{
		mail.WithPort(m.cfg.port()),
		mail.WithTimeout(m.cfg.timeout()),
		mail.WithDialContextFunc(dial),
		mail.WithTLSConfig(m.tls),
		// The Mailer checks an idle connection itself (see idleCheck), and a finished
		// transaction needs no RSET: each costs a round trip per letter.
		mail.WithoutNoop(),
		mail.WithoutRset(),
	}
	switch m.cfg.tlsMode() {
	case TLSImplicit:
		opts = append(opts, mail.WithSSL())
	case TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if m.cfg.HELO != "" {
		opts = append(opts, mail.WithHELO(m.cfg.HELO))
	}
	if m.dkim != nil {
		opts = append(opts, mail.WithAlwaysDKIMSign(m.dkim))
	}
	if m.cfg.Username != "" {
		opts = append(opts,
			mail.WithOpportunisticSMTPAuth(mail.SMTPAuthPlain, mail.SMTPAuthLogin),
			mail.WithUsername(m.cfg.Username), mail.WithPassword(m.cfg.Password))
	}
	return opts
}

// handshakeError gives the handshake errors that go-mail reports without a type or sentinel
// one we can classify. Their text is the only handle on them.
func handshakeError(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "does not support STARTTLS"):
		return fmt.Errorf("%w (%v)", errNoSTARTTLS, err)
	case strings.Contains(msg, "does not support SMTP AUTH"),
		errors.Is(err, mail.ErrNoSupportedAuthDiscovered):
		return fmt.Errorf("%w (%v)", errNoAuth, err)
	}
	return err
}

// A guard aborts a send when its context ends, by closing the socket: a read or write in
// progress fails at once. go-mail itself only sets deadlines from the timeout, and takes no
// context after the dial.
type guard struct {
	mu    sync.Mutex
	raw   net.Conn
	fired bool
}

// watch makes raw the socket to close, closing it at once if the context has already ended.
func (g *guard) watch(raw net.Conn) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.raw = raw
	if g.fired {
		raw.Close()
	}
}

// fire closes the socket being watched; it runs when the context ends.
func (g *guard) fire() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.fired = true
	if g.raw != nil {
		g.raw.Close()
	}
}
