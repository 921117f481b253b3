package regulars

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Sequence is a series of letters that runs by itself: each step goes out Day days after the
// client was enrolled, unless a stop condition came first.
type Sequence struct {
	ID   int64  `json:"id"`
	Key  string `json:"key"` // "reactivation", "thank_you", or the owner's own
	Name string `json:"name"`
	// Marketing sequences go only to clients with consent, carry the unsubscribe link and stop
	// on unsubscribe; transactional ones (thanks for an order) do not.
	Marketing bool `json:"marketing"`
	// StopOnOrder stops a client's run when the client orders after enrolling; StopOnReply
	// when the client answers (an inbound interaction, logged by hand or by the API).
	StopOnOrder bool   `json:"stop_on_order"`
	StopOnReply bool   `json:"stop_on_reply"`
	Steps       []Step `json:"steps"`
	Active      bool   `json:"active"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Step is one letter of a sequence, in each language: {name}, {company}, {project}, {months},
// {offer}, {price} and {unsubscribe} are filled in for each client.
type Step struct {
	Day       int                     `json:"day"`
	Templates map[string]MailTemplate `json:"templates"` // by language: "ru", "en"
}

// MailTemplate is a letter's subject and bodies.
type MailTemplate struct {
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
}

// CheckVariables returns an EINVALID error on field when a part uses a {variable} that is not
// one of known, or leaves a { unclosed: the one check of the agenda's drafts and the letters.
func CheckVariables(field string, known []string, parts ...string) error {
	for _, part := range parts {
		for rest := part; ; {
			i := strings.IndexByte(rest, '{')
			if i < 0 {
				break
			}
			j := strings.IndexByte(rest[i:], '}')
			if j < 0 {
				return FieldError(field, "A { is not closed.").Keyed("valid.template_brace")
			}
			if v := rest[i : i+j+1]; !slices.Contains(known, v) {
				return FieldError(field, "Unknown variable "+v+": use "+strings.Join(known, ", ")+".").
					Keyed("valid.template_var", "Var", v, "Known", strings.Join(known, ", "))
			}
			rest = rest[i+j+1:]
		}
	}
	return nil
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (s *Sequence) Validate() error {
	s.Key, s.Name = strings.TrimSpace(s.Key), strings.TrimSpace(s.Name)
	switch {
	case s.Key == "" || strings.ContainsAny(s.Key, " \t\n:"):
		return FieldError("key", "Sequence key required, without spaces or colons.").Keyed("valid.sequence_key")
	case s.Name == "":
		return FieldError("name", "Sequence name required.").Keyed("valid.sequence_name")
	case len(s.Steps) == 0:
		return FieldError("steps", "A sequence needs at least one step.").Keyed("valid.sequence_steps")
	}
	for i, st := range s.Steps {
		if st.Day < 0 || (i > 0 && st.Day < s.Steps[i-1].Day) {
			return FieldError("steps", fmt.Sprintf("Step %d: days must not be negative or go back.", i+1)).Keyed("valid.step_days", "Step", i+1)
		}
		if len(st.Templates) == 0 {
			return FieldError("steps", fmt.Sprintf("Step %d has no letter.", i+1)).Keyed("valid.step_letter", "Step", i+1)
		}
		for lang, t := range st.Templates {
			if strings.TrimSpace(t.Subject) == "" || strings.TrimSpace(t.Text) == "" {
				return FieldError("steps", fmt.Sprintf("Step %d (%s): a letter needs a subject and a text.", i+1, lang)).
					Keyed("valid.step_text", "Step", i+1, "Lang", lang)
			}
		}
	}
	return nil
}

// Enrolment states.
const (
	EnrolActive  = "active"
	EnrolDone    = "done"    // every step went out
	EnrolStopped = "stopped" // a stop condition, or the owner
)

// Stop reasons.
const (
	StopOrdered      = "ordered"
	StopReplied      = "replied"
	StopUnsubscribed = "unsubscribed"
	StopBounced      = "bounced"
	StopNoConsent    = "no_consent"
	StopNoEmail      = "no_email"
	StopOwner        = "owner"
	StopExpired      = "expired" // the first letter could not go out within days of the occasion
)

// Enrolment is one client's run through a sequence.
type Enrolment struct {
	ID         int64     `json:"id"`
	SequenceID int64     `json:"sequence_id"`
	ClientID   int64     `json:"client_id"`
	EnrolledOn Date      `json:"enrolled_on"`
	Next       int       `json:"next"` // the index of the next step to send
	State      string    `json:"state"`
	StopReason string    `json:"stop_reason"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// SequenceService keeps sequences and who is enrolled in them.
type SequenceService interface {
	// CreateSequence adds a sequence; ECONFLICT when its key exists.
	CreateSequence(ctx context.Context, s *Sequence) error
	// UpdateSequence replaces a sequence's name, rules and steps; ENOTFOUND when missing.
	UpdateSequence(ctx context.Context, s *Sequence) error
	FindSequenceByKey(ctx context.Context, key string) (*Sequence, error)
	FindSequences(ctx context.Context) ([]*Sequence, error)

	// Enrol enrols the clients on the day and returns how many were enrolled: a client with a
	// run of the sequence that is active is left as it is.
	Enrol(ctx context.Context, sequenceID int64, clientIDs []int64, on Date) (int, error)
	// StopEnrolment stops the client's active run of the sequence; ENOTFOUND when none.
	StopEnrolment(ctx context.Context, sequenceID, clientID int64, reason string) error
	// FindEnrolments returns the runs of a sequence (all sequences when 0), by ID; state ""
	// means every state.
	FindEnrolments(ctx context.Context, sequenceID int64, state string) ([]*Enrolment, error)
	// Advance records that the run's step went out as letter (nil: skipped) and moves it to
	// the next step, or to done after the last; the letter is enqueued in the same transaction,
	// so a step is never sent twice nor lost.
	Advance(ctx context.Context, e *Enrolment, letter *Letter, last bool) error
	// Stop stops a run with the reason.
	Stop(ctx context.Context, e *Enrolment, reason string) error
}
