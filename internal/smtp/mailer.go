package smtp

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"time"

	"github.com/regulars/regulars"
	"github.com/wneessen/go-mail"
	mailsmtp "github.com/wneessen/go-mail/smtp"
)

// idleCheck is how long a connection may sit unused before a send first checks it with NOOP:
// servers close idle connections (after 1 to 5 minutes), and finding out at MAIL FROM would
// fail a letter that a fresh connection would have delivered. A campaign sends faster than
// this, and saves the round trip.
const idleCheck = 5 * time.Second

var _ regulars.Mailer = (*Mailer)(nil)

// Mailer sends letters over one SMTP connection, kept open between sends. It is safe for
// concurrent use; sends take turns on the connection.
type Mailer struct {
	cfg Config
	tls *tls.Config
	// turn is a one-slot lock around conn, so that a Send waiting for its turn can give up
	// when its context ends.
	turn chan struct{}
	conn *conn // nil when there is no open connection
	dkim *mail.DKIMSigner
}

// conn is one open SMTP connection.
type conn struct {
	client *mail.Client     // go-mail's settings for this connection
	smtp   *mailsmtp.Client // the session itself
	raw    net.Conn         // the socket (a *tls.Conn with implicit TLS), closed to abort
	used   time.Time        // end of the last send
}

// New returns a Mailer for cfg. It does not connect: the first Send does.
func New(cfg Config) (*Mailer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m := &Mailer{cfg: cfg, turn: make(chan struct{}, 1)}
	m.tls = &tls.Config{
		ServerName:         cfg.Host,
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: cfg.InsecureSkipVerify,
	}
	if len(cfg.DKIMKey) > 0 {
		key, err := mail.PrivKeyFromPEM(cfg.DKIMKey)
		if err != nil {
			return nil, regulars.FieldError("dkim", "The DKIM key is not a PEM RSA or Ed25519 private key: "+err.Error()).Keyed("err.dkim_key", "Err", err)
		}
		m.dkim = mail.NewDKIMSigner(cfg.DKIMDomain, cfg.DKIMSelector, key)
		// The headers that say who sent what to whom, and both unsubscribe headers (Gmail and
		// Yahoo want them signed). The list is kept to one line of the signature: go-mail
		// v0.8.1 folds a longer h= tag in the middle of a name, and the signature no longer
		// verifies (TestDKIM checks it with an independent verifier).
		m.dkim.SignHeaders("From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post")
	}
	return m, nil
}

// Send delivers msg and returns nil once the server has accepted it. msg.MessageID may be
// given as "<id@host>" or "id@host"; the header reads "Message-ID: <id@host>" either way, and
// an empty one gets a random ID.
//
// A failure is a *regulars.SendError. It is permanent, with the reply code, for a 5xx reply,
// and for a letter that cannot be built, a server that does not offer STARTTLS, a failed TLS
// handshake or certificate, or no usable AUTH. It is temporary, with the code, for a 4xx
// reply, and without one for a network error, a timeout or the end of ctx. When ctx ends,
// Send aborts the connection; a Send waiting for its turn gives up then too.
func (m *Mailer) Send(ctx context.Context, msg *regulars.Message) error {
	letter, err := newMsg(msg)
	if err != nil {
		return &regulars.SendError{Permanent: true, Err: fmt.Errorf("smtp send: %w", err)}
	}
	select {
	case m.turn <- struct{}{}:
	case <-ctx.Done():
		return &regulars.SendError{Err: fmt.Errorf("smtp send: waiting for the connection: %w", ctx.Err())}
	}
	defer func() { <-m.turn }()

	g := &guard{}
	stop := context.AfterFunc(ctx, g.fire)
	err = m.send(ctx, g, letter)
	if !stop() && err == nil {
		// ctx ended just as the letter went through: the guard has closed the connection.
		m.drop()
	}
	return err
}

// send delivers letter on the open connection, dialing one if needed. The caller holds the
// turn.
func (m *Mailer) send(ctx context.Context, g *guard, letter *mail.Msg) error {
	if m.conn != nil {
		g.watch(m.conn.raw)
		if err := m.check(); err != nil {
			m.drop()
		}
	}
	if m.conn == nil {
		c, err := m.dial(ctx, g)
		if err != nil {
			return sendError(ctx, "smtp dial "+m.cfg.addr(), err, true)
		}
		m.conn = c
	}
	if err := m.conn.client.SendWithSMTPClient(m.conn.smtp, letter); err != nil {
		m.drop()
		return sendError(ctx, "smtp send", err, false)
	}
	m.conn.used = time.Now()
	return nil
}

// check renews the deadline of the open connection, which the last send set, and makes sure
// with NOOP that a connection idle for a while is still there.
func (m *Mailer) check() error {
	if err := m.conn.smtp.UpdateDeadline(m.cfg.timeout()); err != nil {
		return err
	}
	if time.Since(m.conn.used) < idleCheck {
		return nil
	}
	return m.conn.smtp.Noop()
}

// drop closes the open connection without QUIT: after an error its state is unknown.
func (m *Mailer) drop() {
	if m.conn != nil {
		m.conn.raw.Close()
		m.conn = nil
	}
}

// Close says QUIT on the open connection, if any, and closes it. The Mailer stays usable: a
// later Send dials again.
func (m *Mailer) Close() error {
	m.turn <- struct{}{}
	defer func() { <-m.turn }()
	if m.conn == nil {
		return nil
	}
	// A server that has already closed an idle connection makes QUIT fail; that is not worth
	// reporting, so its error is ignored.
	if m.conn.smtp.UpdateDeadline(m.cfg.timeout()) == nil {
		_ = m.conn.client.CloseWithSMTPClient(m.conn.smtp)
	}
	m.drop()
	return nil
}
