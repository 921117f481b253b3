// Package outbox sends the letters of the durable outbox, so that a letter is delivered once
// or, when a sender dies at the one moment that cannot be told apart, shown as in doubt — never
// lost and never silently sent twice.
//
// The protocol, one letter at a time:
//
//	queued ──Claim──▶ sending ──Send ok──▶ MarkSent ──▶ sent
//	                     │ temporary error ──▶ Retry (backoff) ──▶ queued
//	                     │ permanent error ──▶ Fail (a bounce suppresses the address)
//	                     └ the process dies ──▶ (at the next start) RecoverInDoubt ──▶ in_doubt
//
// SMTP has no idempotency key: the only window for a duplicate is between the server's 250
// after DATA and our commit of "sent". A letter caught in it is "sending" when the sender
// starts again; it is marked in doubt and shown to the owner, who may resend it by hand. Every
// letter carries a Message-ID derived from its key, so even a resent one reads as the same
// letter to the client's mail program.
package outbox

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/regulars/regulars"
)

// Sender sends the due letters of an outbox through a mailer. Run one per database (several
// work on PostgreSQL, whose claims skip each other's letters). Wake is safe for concurrent use.
type Sender struct {
	Outbox regulars.OutboxService
	// Suppressions are checked as each letter is claimed (nil: not checked).
	Suppressions regulars.SuppressionService
	Mailer       regulars.Mailer
	// FromName and FromAddress are the sender of every letter.
	FromName, FromAddress string
	Now                   func() time.Time
	// PerHour caps the letters sent in any hour (0: no cap), as providers do.
	PerHour int
	// MaxAttempts is how often a letter is tried before it fails [8]; Backoff the wait before
	// attempt n+1 after n failed ones [1 min, doubling, at most 6 h].
	MaxAttempts int
	Backoff     func(attempts int) time.Duration
	// Timeout bounds one send [2 min].
	Timeout time.Duration
	// Abandoned is how old a claim must be for Recover to take it for a stopped sender's
	// [Timeout]: a younger one may be a live sender's. Set it to a nanosecond when no other
	// sender can be running.
	Abandoned time.Duration
	// Poll is how often Run looks for letters when nothing wakes it [30 s].
	Poll   time.Duration
	Logger *slog.Logger

	wake   chan struct{}
	recent []time.Time // send times within the last hour, for PerHour
	primed bool
}

// Stats counts what a pass did.
type Stats struct {
	Sent, Retried, Failed int
	// Waiting counts the letters put back until their client's hours begin.
	Waiting int
	// Limited is set when the hourly cap stopped the pass; Next is when it lifts.
	Limited bool
	Next    time.Time
}

func (s *Sender) defaults() {
	if s.MaxAttempts == 0 {
		s.MaxAttempts = 8
	}
	if s.Backoff == nil {
		s.Backoff = func(n int) time.Duration {
			return min(time.Minute<<min(n-1, 20), 6*time.Hour)
		}
	}
	if s.Timeout == 0 {
		s.Timeout = 2 * time.Minute
	}
	if s.Abandoned == 0 {
		s.Abandoned = s.Timeout
	}
	if s.Poll == 0 {
		s.Poll = 30 * time.Second
	}
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if s.wake == nil {
		s.wake = make(chan struct{}, 1)
	}
}

// Wake tells a running sender that letters were queued.
func (s *Sender) Wake() {
	s.defaults()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Recover marks the letters a dead sender left sending as in doubt. Call it once before
// sending.
func (s *Sender) Recover(ctx context.Context) (int, error) {
	s.defaults()
	// Only claims older than a send can take: a second sender starting must not take a live
	// sender's letter for a dead one's.
	n, err := s.Outbox.RecoverInDoubt(ctx, s.Now().Add(-s.Abandoned))
	if n > 0 {
		s.Logger.Warn("letters in doubt: a sender stopped while sending them; check and resend by hand", "letters", n)
	}
	return n, err
}

// SendDue sends the letters due now, one at a time, until none is due or the hourly cap is
// reached.
func (s *Sender) SendDue(ctx context.Context) (Stats, error) {
	s.defaults()
	var st Stats
	if err := s.primeRate(ctx); err != nil {
		return st, err
	}
	for ctx.Err() == nil {
		now := s.Now()
		if s.PerHour > 0 {
			cut := now.Add(-time.Hour)
			for len(s.recent) > 0 && !s.recent[0].After(cut) {
				s.recent = s.recent[1:]
			}
			if len(s.recent) >= s.PerHour {
				st.Limited, st.Next = true, s.recent[0].Add(time.Hour)
				return st, nil
			}
		}
		l, err := s.Outbox.Claim(ctx, now)
		if err != nil || l == nil {
			return st, err
		}
		// Whatever put the letter in the queue (a mailing queued in the evening, the hourly
		// cap, an outage, a resend by hand), it goes within the client's hours: outside them
		// it waits, its attempt not counted.
		if next := l.Window.Next(now); next.After(now) {
			if err := s.Outbox.Release(context.WithoutCancel(ctx), l.ID, next, l.LastError); err != nil {
				return st, err
			}
			st.Waiting++
			continue
		}
		// An address that bounced since the letter was queued gets nothing; one that
		// unsubscribed gets no marketing (queued marketing letters are cancelled then, but a
		// letter may have been claimed meanwhile).
		switch r, err := s.suppressed(ctx, l.ToAddress); {
		case err != nil:
			// Not judged: back in the queue, not left claimed until a restart calls it in doubt.
			if rerr := s.Outbox.Release(context.WithoutCancel(ctx), l.ID, now, l.LastError); rerr != nil {
				return st, errors.Join(err, rerr)
			}
			return st, err
		case r == regulars.SuppressBounced || r != "" && l.Marketing:
			if err := s.Outbox.Fail(context.WithoutCancel(ctx), l.ID, "not sent: the address is "+r, false); err != nil {
				return st, err
			}
			st.Failed++
			continue
		}
		if err := s.send(ctx, l, &st); err != nil {
			return st, err
		}
	}
	return st, ctx.Err()
}

// suppressed returns why the address gets no letters, "" when it does.
func (s *Sender) suppressed(ctx context.Context, address string) (string, error) {
	if s.Suppressions == nil {
		return "", nil
	}
	return s.Suppressions.Suppressed(ctx, address)
}

// primeRate loads the sends of the last hour once, for the cap.
func (s *Sender) primeRate(ctx context.Context) error {
	if s.PerHour == 0 || s.primed {
		return nil
	}
	now := s.Now()
	n, err := s.Outbox.SentSince(ctx, now.Add(-time.Hour))
	if err != nil {
		return err
	}
	for range n {
		s.recent = append(s.recent, now) // when exactly is unknown: count them as just sent
	}
	s.primed = true
	return nil
}

// send sends one claimed letter and records the answer. An error is returned only when the
// answer could not be recorded: the letter then stays "sending" and is recovered as in doubt.
func (s *Sender) send(ctx context.Context, l *regulars.Letter, st *Stats) error {
	sctx, cancel := context.WithTimeout(ctx, s.Timeout)
	err := s.Mailer.Send(sctx, l.Message(s.FromName, s.FromAddress))
	cancel()
	// The answer is recorded even when ctx ends now: the server has spoken.
	rec := context.WithoutCancel(ctx)
	var se *regulars.SendError
	errors.As(err, &se)
	switch {
	case err == nil:
		s.recent = append(s.recent, s.Now())
		st.Sent++
		return s.Outbox.MarkSent(rec, l.ID, s.Now())
	case se != nil && se.MaybeSent:
		st.Failed++
		s.Logger.Warn("letter in doubt: the connection failed after the letter was handed over", "key", l.Key, "err", err)
		return s.Outbox.MarkInDoubt(rec, l.ID, "maybe sent: "+err.Error())
	case se != nil && se.Conn:
		// The server, the login or TLS failed: every letter would fail alike. Put this one
		// back without counting the attempt and stop the pass; the next pass tries again.
		if rerr := s.Outbox.Release(rec, l.ID, s.Now().Add(time.Minute), err.Error()); rerr != nil {
			return rerr
		}
		st.Retried++
		return &ConnError{Err: err}
	case regulars.PermanentSendError(err):
		st.Failed++
		s.Logger.Warn("letter failed", "key", l.Key, "to", l.ToAddress, "err", err)
		return s.Outbox.Fail(rec, l.ID, err.Error(), se != nil && se.Bounced())
	case l.Attempts >= s.MaxAttempts:
		st.Failed++
		s.Logger.Warn("letter failed after retries", "key", l.Key, "attempts", l.Attempts, "err", err)
		return s.Outbox.Fail(rec, l.ID, err.Error(), false)
	default:
		st.Retried++
		// The retry waits for the client's hours too: no letter at three in the morning.
		return s.Outbox.Retry(rec, l.ID, l.Window.Next(s.Now().Add(s.Backoff(l.Attempts))), err.Error())
	}
}

// ConnError stops a pass: the connection to the server, the login or TLS failed.
type ConnError struct{ Err error }

func (e *ConnError) Error() string { return "cannot reach the mail server: " + e.Err.Error() }
func (e *ConnError) Unwrap() error { return e.Err }

// Run recovers in-doubt letters, then sends due letters until ctx is done, sleeping until the
// next one is due, a Wake, or Poll.
func (s *Sender) Run(ctx context.Context) error {
	s.defaults()
	if _, err := s.Recover(ctx); err != nil {
		return err
	}
	for {
		st, err := s.SendDue(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			s.Logger.Error("outbox", "err", err)
		}
		wait := s.Poll
		if st.Limited {
			wait = min(wait, st.Next.Sub(s.Now()))
		} else if next, err := s.Outbox.NextDue(ctx); err == nil && !next.IsZero() {
			wait = min(wait, max(next.Sub(s.Now()), 0))
		}
		if st.Sent+st.Retried+st.Failed > 0 {
			s.Logger.Info("outbox", "sent", st.Sent, "retried", st.Retried, "failed", st.Failed)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.wake:
		case <-time.After(max(wait, 10*time.Millisecond)):
		}
	}
}
