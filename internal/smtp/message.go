package smtp

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/regulars/regulars"
	"github.com/wneessen/go-mail"
)

// newMsg builds the MIME letter for msg: From, To and Subject encoded per RFC 2047 where they
// are not ASCII; a Date; the Message-ID of msg; a text/plain body, inside a
// multipart/alternative with a text/html part when msg.HTML is set; and the one-click
// unsubscribe headers of RFC 8058 when msg.Unsubscribe is set.
//
// msg.MessageID may be given with or without angle brackets ("<id@host>" or "id@host"); the
// header is "Message-ID: <id@host>" either way. An empty MessageID gets a random one.
func newMsg(msg *regulars.Message) (*mail.Msg, error) {
	if msg == nil {
		return nil, errors.New("no message")
	}
	m := mail.NewMsg(mail.WithNoDefaultUserAgent())
	if err := m.FromFormat(msg.FromName, msg.FromAddress); err != nil {
		return nil, fmt.Errorf("from address %q: %w", msg.FromAddress, err)
	}
	if err := m.AddToFormat(msg.ToName, msg.ToAddress); err != nil {
		return nil, fmt.Errorf("to address %q: %w", msg.ToAddress, err)
	}
	m.Subject(msg.Subject)
	m.SetDate()
	if msg.MessageID != "" {
		id, err := messageID(msg.MessageID)
		if err != nil {
			return nil, err
		}
		m.SetMessageIDWithValue(id) // adds the angle brackets
	}
	m.SetBodyString(mail.TypeTextPlain, msg.Text)
	if msg.HTML != "" {
		m.AddAlternativeString(mail.TypeTextHTML, msg.HTML)
	}
	if msg.Unsubscribe != "" {
		if err := unsubscribeURL(msg.Unsubscribe); err != nil {
			return nil, err
		}
		// Ordinary headers, not go-mail's preformatted ones (SetListUnsubscribe): its DKIM
		// signer leaves preformatted headers out of what it hashes, so a signature over them
		// would not verify. unsubscribeURL has made the value plain printable ASCII. (go-mail's
		// SetListUnsubscribeOneClick would also refuse the http:// URL of a development setup.)
		m.SetGenHeader(mail.HeaderListUnsubscribe, "<"+msg.Unsubscribe+">")
		m.SetGenHeader(mail.HeaderListUnsubscribePost, "List-Unsubscribe=One-Click")
	}
	return m, nil
}

// messageID returns id without its angle brackets, checked to be "left@right" in printable
// ASCII without spaces or brackets, as RFC 5322 wants a msg-id.
func messageID(id string) (string, error) {
	bare := strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">")
	left, right, ok := strings.Cut(bare, "@")
	if !ok || left == "" || right == "" || strings.Contains(right, "@") {
		return "", fmt.Errorf("message ID %q: want <left@right>", id)
	}
	for _, r := range bare {
		if r <= ' ' || r > '~' || r == '<' || r == '>' {
			return "", fmt.Errorf("message ID %q: want printable ASCII without spaces or brackets", id)
		}
	}
	return bare, nil
}

// unsubscribeURL checks that u is an absolute http(s) URL that can go into a header verbatim.
func unsubscribeURL(u string) error {
	if strings.ContainsFunc(u, func(r rune) bool { return r <= ' ' || r > '~' || r == '<' || r == '>' }) {
		return fmt.Errorf("unsubscribe URL %q: want printable ASCII without spaces or brackets", u)
	}
	p, err := url.Parse(u)
	if err != nil {
		return fmt.Errorf("unsubscribe URL: %w", err)
	}
	if (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
		return fmt.Errorf("unsubscribe URL %q: want an absolute https (or http) URL", u)
	}
	return nil
}
