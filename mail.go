package regulars

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// Message is one letter as it goes out to a client.
type Message struct {
	// MessageID is stable for the letter's intent ("<3f9a…@regulars>"), so that a letter sent
	// twice after a crash shows as one in the client's mailbox, and a bounce can be matched.
	MessageID string
	// Key is the letter's idempotency key in the outbox ("sequence:3:step:2:client:42").
	Key string

	FromName, FromAddress string
	ToName, ToAddress     string
	Subject               string
	Text, HTML            string // HTML may be empty
	// Unsubscribe is the signed one-click unsubscribe URL of a marketing letter; it becomes the
	// List-Unsubscribe and List-Unsubscribe-Post headers (RFC 8058). Empty for transactional
	// letters.
	Unsubscribe string
}

// Mailer sends messages. Send returns nil when the server accepted the message, or an error
// that a *SendError describes when it can tell whether trying again may help.
type Mailer interface {
	Send(ctx context.Context, m *Message) error
}

// SendError is a failed send: Permanent when trying again cannot help (a 5xx answer, an
// address the server refuses, TLS the server does not offer), else temporary (a 4xx answer,
// a dropped connection, a timeout).
type SendError struct {
	Permanent bool
	Code      int // the SMTP reply code, 0 when there was none
	// Conn says the connection or the login failed, not this letter: every letter would fail
	// alike, so the sender puts it back and stops instead of failing the queue one by one.
	Conn bool
	// MaybeSent says the failure came after the whole letter was handed over, before the
	// server's answer: the server may have accepted it, so it must not be sent again blindly.
	MaybeSent bool
	Err       error
}

func (e *SendError) Error() string {
	kind := "temporary"
	if e.Permanent {
		kind = "permanent"
	}
	if e.Code != 0 {
		return fmt.Sprintf("%s send failure (SMTP %d): %v", kind, e.Code, e.Err)
	}
	return fmt.Sprintf("%s send failure: %v", kind, e.Err)
}

func (e *SendError) Unwrap() error { return e.Err }

// bounceCodes are the answers that say the mailbox does not exist or refuses mail, rather
// than, say, a message the server would not take.
var bounceCodes = []int{550, 551, 553}

// Bounced reports whether the failure says the mailbox does not exist or refuses mail: the
// address is then suppressed.
func (e *SendError) Bounced() bool { return e.Permanent && slices.Contains(bounceCodes, e.Code) }

// PermanentSendError reports whether err says that trying again cannot help. Errors that are
// not a *SendError count as temporary.
func PermanentSendError(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Permanent
}
