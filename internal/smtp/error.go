package smtp

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/textproto"

	"github.com/regulars/regulars"
	"github.com/wneessen/go-mail"
	mailsmtp "github.com/wneessen/go-mail/smtp"
)

// sendError classifies err, which op (dial or send) met, as a *regulars.SendError:
//
//   - an SMTP reply: 5xx is permanent, 4xx temporary, either with its code;
//   - the end of ctx: temporary (the guard closed the connection, whatever go-mail says);
//   - a server without STARTTLS, a TLS handshake or certificate failure, a server without a
//     usable AUTH, a letter that cannot be addressed: permanent, a configuration problem;
//   - anything else (refused, reset, EOF, timeout): temporary.
//
// A failure of the dial (connect, TLS, login) is about the connection, not the letter (Conn);
// a failure while the letter's end was written or its answer awaited, without a reply, may
// have delivered it (MaybeSent).
func sendError(ctx context.Context, op string, err error, dial bool) *regulars.SendError {
	e := classify(ctx, op, err)
	e.Conn = dial
	var se *mail.SendError
	if !dial && e.Code == 0 && errors.As(err, &se) && (se.Reason == mail.ErrSMTPDataClose || se.Reason == mail.ErrWriteContent) {
		e.MaybeSent = true
	}
	return e
}

func classify(ctx context.Context, op string, err error) *regulars.SendError {
	code := replyCode(err)
	switch {
	case code >= 500:
		return &regulars.SendError{Permanent: true, Code: code, Err: fmt.Errorf("%s: %w", op, err)}
	case code != 0:
		return &regulars.SendError{Code: code, Err: fmt.Errorf("%s: %w", op, err)}
	case ctx.Err() != nil:
		return &regulars.SendError{Err: fmt.Errorf("%s: %w: %w", op, ctx.Err(), err)}
	}
	return &regulars.SendError{Permanent: permanent(err), Err: fmt.Errorf("%s: %w", op, err)}
}

// replyCode returns the code of the SMTP reply in err, or 0 when err is not a reply.
// go-mail's *mail.SendError has no Unwrap, but keeps the code of the reply it wraps.
func replyCode(err error) int {
	var se *mail.SendError
	if errors.As(err, &se) {
		return se.ErrorCode()
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code
	}
	return 0
}

// permanent reports whether an error that is not an SMTP reply is one that trying again
// cannot help.
func permanent(err error) bool {
	var (
		se       *mail.SendError
		verify   *tls.CertificateVerificationError
		record   tls.RecordHeaderError
		alert    tls.AlertError
		netError *net.OpError
	)
	switch {
	case errors.As(err, &se):
		// Without a reply code, only an unusable letter is permanent; the rest is a
		// connection that broke during the transaction.
		return se.Reason == mail.ErrGetSender || se.Reason == mail.ErrGetRcpts ||
			se.Reason == mail.ErrNoUnencoded
	case errors.Is(err, errNoSTARTTLS), errors.Is(err, errNoAuth),
		errors.Is(err, mailsmtp.ErrUnencrypted), errors.Is(err, mailsmtp.ErrWrongHostname):
		return true
	case errors.As(err, &verify), errors.As(err, &record), errors.As(err, &alert):
		return true
	case errors.As(err, &netError) && (netError.Op == "remote error" || netError.Op == "local error"):
		// crypto/tls reports an alert, sent or received during the handshake, as a
		// *net.OpError with one of these operations.
		return true
	}
	return false
}
