// Package smtp implements regulars.Mailer over SMTP with github.com/wneessen/go-mail.
//
// A Mailer keeps one connection open between sends and reuses it, which is what makes a
// campaign fast: a letter on an open connection costs four round trips (MAIL, RCPT, DATA and
// the body), against a TCP and TLS handshake, EHLO and AUTH for a fresh one. Any error drops
// the connection, and the next send dials anew.
package smtp

import (
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/regulars/regulars"
)

// TLS modes of a Config.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS, which the server must offer
	TLSImplicit = "tls"      // TLS from the first byte (SMTPS, port 465)
	TLSNone     = "none"     // no encryption: a local relay or tests only
)

// DefaultTimeout bounds a dial with its handshake, and each send, when Config.Timeout is 0.
const DefaultTimeout = 30 * time.Second

// Config is how to reach the SMTP server (Yandex, Mail.ru, Gmail, a local relay).
type Config struct {
	Host string
	// Port is the server's port; 0 means 587 for STARTTLS, 465 for implicit TLS and 25 for none.
	Port int
	// Username and Password authenticate with AUTH PLAIN (or LOGIN when the server offers only
	// that); an empty Username sends without AUTH. go-mail refuses to send a password over an
	// unencrypted connection to a host other than localhost.
	Username, Password string
	// TLS is TLSStartTLS (the default when empty), TLSImplicit or TLSNone. With STARTTLS a
	// server that does not offer it is refused rather than spoken to in clear.
	TLS string
	// Timeout bounds a dial with its handshake, and each send; 0 means DefaultTimeout.
	Timeout time.Duration
	// HELO is the name given in EHLO; empty means the machine's host name.
	HELO string
	// InsecureSkipVerify accepts any server certificate. For tests with a self-signed one only.
	InsecureSkipVerify bool
	// DKIM, when DKIMKey (a PEM RSA or Ed25519 private key) is set, signs every letter for
	// DKIMDomain with the key published at DKIMSelector._domainkey.DKIMDomain, covering the
	// List-Unsubscribe headers too, as Gmail and Yahoo require of bulk mail.
	DKIMDomain, DKIMSelector string
	DKIMKey                  []byte
}

// Validate returns an EINVALID *regulars.Error naming the field when the host, port, TLS mode
// or timeout cannot work.
func (c Config) Validate() error {
	switch {
	case c.Host == "":
		return regulars.FieldError("host", "SMTP host required.").Keyed("err.smtp_host")
	case !validHost(c.Host):
		return regulars.FieldError("host", "SMTP host must be a host name or an IP address, without a port.").Keyed("err.smtp_host_form")
	case c.Port < 0 || c.Port > 65535:
		return regulars.FieldError("port", "SMTP port must be between 1 and 65535.").Keyed("err.smtp_port")
	case c.tlsMode() == "":
		return regulars.FieldError("tls", "SMTP TLS must be starttls, tls or none.").Keyed("err.smtp_tls")
	case c.Timeout < 0:
		return regulars.FieldError("timeout", "SMTP timeout must not be negative.").Keyed("err.smtp_timeout")
	case strings.ContainsAny(c.HELO, " \t\r\n"):
		return regulars.FieldError("helo", "HELO name must be one word.").Keyed("err.smtp_helo")
	case len(c.DKIMKey) > 0 && (c.DKIMDomain == "" || c.DKIMSelector == ""):
		return regulars.FieldError("dkim", "DKIM signing needs the domain and the selector with the key.").Keyed("err.dkim_parts")
	}
	return nil
}

// validHost reports whether h is a host name or an IP address: no port, no spaces, no scheme.
func validHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	for _, r := range h {
		if !(r == '.' || r == '-' || r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' ||
			'A' <= r && r <= 'Z' || r > 0x7f) {
			return false
		}
	}
	return true
}

// tlsMode returns the TLS mode in canonical form, or "" when it is none of the known ones.
func (c Config) tlsMode() string {
	switch m := strings.ToLower(strings.TrimSpace(c.TLS)); m {
	case "":
		return TLSStartTLS
	case TLSStartTLS, TLSImplicit, TLSNone:
		return m
	}
	return ""
}

// port returns the configured port, or the usual one for the TLS mode.
func (c Config) port() int {
	if c.Port != 0 {
		return c.Port
	}
	switch c.tlsMode() {
	case TLSImplicit:
		return 465
	case TLSNone:
		return 25
	}
	return 587
}

// addr returns host:port to dial.
func (c Config) addr() string {
	return net.JoinHostPort(c.Host, strconv.Itoa(c.port()))
}

// timeout returns the configured timeout, or DefaultTimeout.
func (c Config) timeout() time.Duration {
	if c.Timeout == 0 {
		return DefaultTimeout
	}
	return c.Timeout
}
