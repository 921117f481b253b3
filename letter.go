package regulars

import (
	"context"
	"time"
)

// Letter states in the outbox.
const (
	LetterQueued    = "queued"    // waiting for its time
	LetterSending   = "sending"   // claimed by a sender, SMTP in progress
	LetterSent      = "sent"      // the server accepted it
	LetterFailed    = "failed"    // a permanent error: not sent, never retried
	LetterInDoubt   = "in_doubt"  // a sender stopped while sending it: maybe sent; shown, not resent
	LetterCancelled = "cancelled" // withdrawn before it went out
)

// LetterStates are the states of a letter, in the order a letter goes through them.
var LetterStates = []string{LetterQueued, LetterSending, LetterSent, LetterFailed, LetterInDoubt, LetterCancelled}

// Letter is a letter in the outbox: written, with its idempotency key, before any SMTP talk.
type Letter struct {
	ID  int64  `json:"id"`
	Key string `json:"key"` // the intent: "sequence:3:step:2:client:42"; one letter per key, ever
	// MessageID is derived from the key, so that it is the same whoever writes the letter.
	MessageID string `json:"message_id"`
	ClientID  int64  `json:"client_id,omitempty"`

	ToName    string `json:"to_name"`
	ToAddress string `json:"to_address"`
	Subject   string `json:"subject"`
	Text      string `json:"text"`
	HTML      string `json:"html"`
	// Marketing letters go only to clients with consent and carry the unsubscribe link;
	// transactional ones (thanks for an order) do not.
	Marketing   bool   `json:"marketing"`
	Unsubscribe string `json:"unsubscribe,omitempty"`

	SequenceID int64 `json:"sequence_id,omitempty"`
	Step       int   `json:"step,omitempty"`

	State     string    `json:"state"`
	Attempts  int       `json:"attempts"`
	NotBefore time.Time `json:"not_before"` // not sent before: quiet hours, backoff
	// Window is the client's hours, which a retry waits for too.
	Window    SendWindow `json:"-"`
	LastError string     `json:"last_error"`
	Bounced   bool       `json:"bounced"` // failed because the mailbox does not exist or refuses mail
	CreatedAt time.Time  `json:"created_at"`
	SentAt    time.Time  `json:"sent_at"`
}

// Message returns the letter as the mailer sends it, from the sender's name and address.
func (l *Letter) Message(fromName, fromAddress string) *Message {
	return &Message{MessageID: l.MessageID, Key: l.Key, FromName: fromName, FromAddress: fromAddress,
		ToName: l.ToName, ToAddress: l.ToAddress, Subject: l.Subject, Text: l.Text, HTML: l.HTML, Unsubscribe: l.Unsubscribe}
}

// LetterFilter selects letters.
type LetterFilter struct {
	State      *string
	ClientID   *int64
	SequenceID *int64
	Limit      int
	// Brief leaves the bodies out: lists and counts do not need them.
	Brief bool
}

// OutboxService is the durable outbox: letters are written before they are sent, claimed one
// at a time by a sender, and marked when the server has answered.
type OutboxService interface {
	// Enqueue writes the letters whose key is new and returns how many it wrote: a letter
	// whose key exists is the same intent, already written.
	Enqueue(ctx context.Context, letters []*Letter) (int, error)
	// Claim marks the next queued letter due at now as sending and returns it; nil when none is due.
	Claim(ctx context.Context, now time.Time) (*Letter, error)
	// MarkSent records the server's acceptance, of a letter being sent or one a recovery
	// marked in doubt meanwhile.
	MarkSent(ctx context.Context, id int64, at time.Time) error
	// MarkInDoubt records that the letter may or may not have been accepted.
	MarkInDoubt(ctx context.Context, id int64, reason string) error
	// Release puts a letter back in the queue until notBefore without counting the attempt:
	// the connection failed, not the letter.
	Release(ctx context.Context, id int64, notBefore time.Time, reason string) error
	// Retry puts a letter back in the queue until notBefore, with the error.
	Retry(ctx context.Context, id int64, notBefore time.Time, reason string) error
	// Fail records a permanent failure; with bounce set, the address is suppressed.
	Fail(ctx context.Context, id int64, reason string, bounce bool) error
	// RecoverInDoubt marks the letters left sending by a sender that stopped — claimed before
	// claimedBefore — in doubt, and returns how many: they may have been sent, so they are
	// shown, never resent blindly.
	RecoverInDoubt(ctx context.Context, claimedBefore time.Time) (int, error)
	// Resend puts an in-doubt or failed letter back in the queue: the owner's decision.
	Resend(ctx context.Context, id int64, now time.Time) error
	// FindLetters returns matching letters, newest first.
	FindLetters(ctx context.Context, f LetterFilter) ([]*Letter, error)
	// NextDue returns when the next queued letter is due; zero when none is queued.
	NextDue(ctx context.Context) (time.Time, error)
	// SentSince counts the letters sent at or after t (for the hourly rate limit).
	SentSince(ctx context.Context, t time.Time) (int, error)
}

// Suppression reasons: an address that bounced or unsubscribed gets no more marketing mail.
const (
	SuppressBounced      = "bounced"
	SuppressUnsubscribed = "unsubscribed"
)

// SuppressionService keeps the addresses that get no more marketing letters.
type SuppressionService interface {
	// Suppress records the address (normalised) with the reason; suppressing it again keeps
	// the first record. Marketing letters to it still queued are cancelled.
	Suppress(ctx context.Context, address, reason string) error
	// Suppressed returns the reason the address is suppressed, "" when it is not.
	Suppressed(ctx context.Context, address string) (string, error)
}
