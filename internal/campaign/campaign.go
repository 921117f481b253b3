// Package campaign runs the sequences: letters that go out by themselves on their days, to
// the clients enrolled, until a stop condition comes first.
//
// A scheduler tick (Engine.Tick, every minute in the server and after writes) looks at every
// active run whose next step is due, checks the stop conditions — the client ordered or replied
// since enrolling, unsubscribed or bounced, gave no consent to marketing, has no address —
// renders the step's letter in the client's language and writes it to the outbox together with
// the run's move to the next step, in one transaction: a step is enqueued once or not at all,
// under the key sequence:S:step:N:client:C, whatever happens to the process. The outbox's sender
// does the SMTP part.
//
// Letters wait for the client's time of day (morning 9–12, day 12–17, evening 17–20 in the
// client's time zone; 9–20 without a preference): quiet hours come from the client's own
// preferences, not a global rule.
package campaign

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/agenda"
	"github.com/regulars/regulars/internal/locale"
)

// Engine runs sequences. It is not safe for concurrent Ticks; run one.
type Engine struct {
	Sequences    regulars.SequenceService
	Suppressions regulars.SuppressionService
	Clients      regulars.ClientService
	Orders       regulars.OrderService
	Interactions regulars.InteractionService
	// Catalog gives {offer} and {price}: what follows the client's last service in the
	// catalog's chains. Nil leaves them empty.
	Catalog regulars.CatalogService

	Now func() time.Time
	Loc *time.Location // the business's time zone
	// Lang is the language of letters to clients [ru]: a template in it is used, else any.
	Lang string
	// FromAddress is the sender's address, whose domain ends every Message-ID.
	FromAddress string
	cat         *agenda.Catalog // read once per engine

	// Unsubscribe returns the signed one-click unsubscribe URL of a client's address. Nil
	// (the app's public address is not set) holds every marketing letter back: a link that
	// leads nowhere is no way to unsubscribe.
	Unsubscribe func(clientID int64, address string) string
}

// errNoPublicURL is why marketing letters wait.
var errNoPublicURL = regulars.Errorf(regulars.EINVALID,
	"Set the app's public address first (regulars mail setup --public-url, or the Letters page): marketing letters need a working unsubscribe link.").Keyed("err.no_public_url")

// Stats counts what a tick did.
type Stats struct {
	Queued  int            // letters written to the outbox
	Done    int            // runs that finished
	Stopped map[string]int // runs stopped, by reason
}

// Tick advances every due run of every active sequence.
func (e *Engine) Tick(ctx context.Context) (Stats, error) {
	st := Stats{Stopped: map[string]int{}}
	seqs, err := e.Sequences.FindSequences(ctx)
	if err != nil {
		return st, err
	}
	now := e.Now()
	today := regulars.DateOf(now.In(e.Loc))
	for _, seq := range seqs {
		if !seq.Active || (seq.Marketing && e.Unsubscribe == nil) {
			continue // a marketing sequence waits for the public address
		}
		runs, err := e.Sequences.FindEnrolments(ctx, seq.ID, regulars.EnrolActive)
		if err != nil {
			return st, err
		}
		for _, run := range runs {
			if run.Next >= len(seq.Steps) {
				// The owner removed the letters the run was still to send: it is done (an
				// active run would keep the client from being enrolled again).
				if err := e.Sequences.Advance(ctx, run, nil, true); err != nil && regulars.ErrorCode(err) != regulars.ECONFLICT {
					return st, err
				}
				st.Done++
				continue
			}
			due := dueOn(seq, run, e.Loc)
			if due.After(today) {
				continue // not due
			}
			if run.Next == 0 && today.Sub(due) > startGraceDays {
				// A run that could not start in time (mail was not set up, the server was
				// down): its occasion has passed — no birthday greeting in May.
				st.Stopped[regulars.StopExpired]++
				if err := e.Sequences.Stop(ctx, run, regulars.StopExpired); err != nil {
					return st, err
				}
				continue
			}
			if err := e.step(ctx, seq, run, now, &st); err != nil {
				return st, err
			}
		}
	}
	return st, nil
}

// startGraceDays is how late a run's first letter may go: later, the run expires.
const startGraceDays = 3

// dueOn returns the day the run's next step is due: its day counted from the enrolment, and
// never sooner after the previous step than the sequence spaces them — after the server was
// down for weeks, a client gets the missed letters a week apart, not three in three minutes.
func dueOn(seq *regulars.Sequence, run *regulars.Enrolment, loc *time.Location) regulars.Date {
	due := run.EnrolledOn.AddDays(seq.Steps[run.Next].Day)
	if run.Next > 0 && !run.UpdatedAt.IsZero() {
		gap := seq.Steps[run.Next].Day - seq.Steps[run.Next-1].Day
		if after := regulars.DateOf(run.UpdatedAt.In(loc)).AddDays(gap); after.After(due) {
			due = after
		}
	}
	return due
}

// step sends one due step of a run, or stops the run.
func (e *Engine) step(ctx context.Context, seq *regulars.Sequence, run *regulars.Enrolment, now time.Time, st *Stats) error {
	c, err := e.Clients.FindClientByID(ctx, run.ClientID)
	if err != nil {
		return err
	}
	r := &recipient{Client: c}
	reason, err := e.stopReason(ctx, seq, run, r)
	if err != nil {
		return err
	}
	if reason != "" {
		st.Stopped[reason]++
		return e.Sequences.Stop(ctx, run, reason)
	}
	letter, err := e.letter(ctx, seq, run, r, now)
	if regulars.ErrorCode(err) == regulars.EINVALID {
		st.Stopped["unfinished_letter"]++ // a variable with no value for this client
		return e.Sequences.Stop(ctx, run, "unfinished_letter: "+regulars.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	last := run.Next == len(seq.Steps)-1
	if err := e.Sequences.Advance(ctx, run, letter, last); err != nil {
		if regulars.ErrorCode(err) == regulars.ECONFLICT {
			return nil // another tick moved it on
		}
		return err
	}
	st.Queued++
	if last {
		st.Done++
	}
	return nil
}

// recipient is the client a letter is worked out for, with its orders read once, when first
// needed: the stop rules and the letter's variables both look at them.
type recipient struct {
	*regulars.Client
	orders []*regulars.Order
	read   bool
}

// ordersOf returns the recipient's orders.
func (e *Engine) ordersOf(ctx context.Context, r *recipient) ([]*regulars.Order, error) {
	if !r.read {
		os, _, err := e.Orders.FindOrders(ctx, regulars.OrderFilter{ClientID: &r.ID})
		if err != nil {
			return nil, err
		}
		r.orders, r.read = os, true
	}
	return r.orders, nil
}

// stopReason returns why the run must stop now, "" when it goes on.
func (e *Engine) stopReason(ctx context.Context, seq *regulars.Sequence, run *regulars.Enrolment, r *recipient) (string, error) {
	c := r.Client
	if c.Email == "" {
		return regulars.StopNoEmail, nil
	}
	if seq.Marketing && !c.MarketingConsent {
		return regulars.StopNoConsent, nil
	}
	// An address that bounced gets nothing, not even a thank-you: it does not exist. An
	// unsubscribed one still gets the letters about its orders.
	switch r, err := e.Suppressions.Suppressed(ctx, c.Email); {
	case err != nil:
		return "", err
	case r == regulars.SuppressBounced:
		return regulars.StopBounced, nil
	case r != "" && seq.Marketing:
		return regulars.StopUnsubscribed, nil
	}
	since := run.EnrolledOn
	if seq.StopOnOrder {
		orders, err := e.ordersOf(ctx, r)
		if err != nil {
			return "", err
		}
		for _, o := range orders {
			if o.Counts() && !o.OrderedOn.Before(since) {
				return regulars.StopOrdered, nil
			}
		}
	}
	if seq.StopOnReply {
		contacts, _, err := e.Interactions.FindInteractions(ctx, regulars.RecordFilter{ClientID: &c.ID, From: &since})
		if err != nil {
			return "", err
		}
		for _, i := range contacts {
			if i.Direction == regulars.DirectionInbound {
				return regulars.StopReplied, nil
			}
		}
	}
	return "", nil
}

// letter renders the run's next step for the client.
func (e *Engine) letter(ctx context.Context, seq *regulars.Sequence, run *regulars.Enrolment, r *recipient, now time.Time) (*regulars.Letter, error) {
	c := r.Client
	step := seq.Steps[run.Next]
	tpl, ok := step.Templates[e.lang()]
	if !ok {
		for _, t := range step.Templates {
			tpl = t
			break
		}
	}
	v, err := e.vars(ctx, r, now)
	if err != nil {
		return nil, err
	}
	if usesHolidayIn(tpl) {
		if v.Holiday, err = holidayOf(c, run.EnrolledOn, e.lang()); err != nil {
			return nil, err
		}
	}
	if seq.Marketing {
		if e.Unsubscribe == nil {
			return nil, errNoPublicURL
		}
		v.Unsubscribe = e.Unsubscribe(c.ID, c.Email)
	}
	subject, text, body, err := Render(tpl, v)
	if err != nil {
		return nil, err
	}
	// The run's ID makes a client's second run of a sequence (a second order's thank-you) a
	// new intent; within one run a step is one letter, whatever happens.
	key := "sequence:" + strconv.FormatInt(seq.ID, 10) + ":step:" + strconv.Itoa(run.Next) + ":client:" + strconv.FormatInt(c.ID, 10) +
		":run:" + strconv.FormatInt(run.ID, 10)
	l := &regulars.Letter{Key: key, MessageID: MessageID(key, e.FromAddress), ClientID: c.ID, ToName: c.Name, ToAddress: c.Email,
		Subject: subject, Text: text, HTML: body, Marketing: seq.Marketing, Unsubscribe: v.Unsubscribe,
		SequenceID: seq.ID, Step: run.Next, Window: e.window(c)}
	l.NotBefore = l.Window.Next(dayStart(now, l.Window.Zone, run, seq, e.Loc))
	return l, nil
}

// dayStart returns when the step may go at the earliest: now, or the start of the day it is
// due in the client's time zone when that is later — the business's day begins before the
// day of a client to the west, and a birthday greeting must not arrive on the eve.
func dayStart(now time.Time, zone string, run *regulars.Enrolment, seq *regulars.Sequence, loc *time.Location) time.Time {
	if run.EnrolledOn.IsZero() || run.Next >= len(seq.Steps) {
		return now
	}
	cl, err := regulars.LoadLocation(zone)
	if err != nil {
		return now
	}
	due := dueOn(seq, run, loc)
	if start := time.Date(due.Year(), time.Month(due.Month()), due.Day(), 0, 0, 0, 0, cl); start.After(now) {
		return start
	}
	return now
}

// vars returns the client's values of the template variables.
func (e *Engine) vars(ctx context.Context, r *recipient, now time.Time) (Vars, error) {
	c := r.Client
	v := Vars{Name: regulars.FirstName(c.Name), Company: c.Company}
	orders, err := e.ordersOf(ctx, r)
	if err != nil {
		return v, err
	}
	var last *regulars.Order
	bought := map[int64]bool{}
	for _, o := range orders {
		if o.Counts() && (last == nil || !o.OrderedOn.Before(last.OrderedOn)) {
			last = o
		}
		if o.ServiceID != 0 && o.Status != regulars.StatusCancelled {
			bought[o.ServiceID] = true
		}
	}
	if last == nil {
		return v, nil
	}
	v.Project = last.Title
	if v.Project == "" {
		v.Project = last.Service
	}
	v.Months = strconv.Itoa(max(1, regulars.DateOf(now.In(e.Loc)).MonthsSince(last.OrderedOn)))
	// The offer: what follows the last service bought in the catalog's chains.
	if e.Catalog != nil && last.ServiceID != 0 {
		if e.cat == nil {
			services, _, err := e.Catalog.FindServices(ctx, regulars.ServiceFilter{})
			if err != nil {
				return v, err
			}
			links, err := e.Catalog.FindServiceLinks(ctx)
			if err != nil {
				return v, err
			}
			cat := agenda.NewCatalog(services, links)
			e.cat = &cat
		}
		if to := e.cat.Next(last.ServiceID, bought, c.Industry); to != nil {
			v.Offer = to.Name
			if to.Price.Minor > 0 {
				v.Price = locale.Money(to.Price, e.lang())
			}
		}
	}
	return v, nil
}

func (e *Engine) lang() string {
	if e.Lang == "" {
		return "ru"
	}
	return e.Lang
}

// windows are the hours of each preferred time of day, [from, to).
var windows = map[string][2]int{regulars.TimeMorning: {9, 12}, regulars.TimeDay: {12, 17}, regulars.TimeEvening: {17, 20}, "": {9, 20}}

// window returns the client's hours in its time zone (the business's when it has none).
func (e *Engine) window(c *regulars.Client) regulars.SendWindow {
	zone := e.Loc.String()
	if c.TimeZone != "" {
		if _, err := regulars.LoadLocation(c.TimeZone); err == nil {
			zone = c.TimeZone
		}
	}
	w, ok := windows[c.PreferredTime]
	if !ok {
		w = windows[""]
	}
	return regulars.SendWindow{Zone: zone, From: w[0], To: w[1]}
}

func keyHash(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16])
}

// Preview renders a step of a sequence for a client, as the letter would go out now, without
// writing anything. An unfilled variable is an EINVALID error naming it.
func (e *Engine) Preview(ctx context.Context, seq *regulars.Sequence, step int, clientID int64) (*regulars.Letter, error) {
	if step < 0 || step >= len(seq.Steps) {
		return nil, regulars.FieldError("step", "The sequence has steps 1 to "+strconv.Itoa(len(seq.Steps))+".").Keyed("err.sequence_steps", "Steps", len(seq.Steps))
	}
	c, err := e.Clients.FindClientByID(ctx, clientID)
	if err != nil {
		return nil, err
	}
	if c.Email == "" {
		return nil, regulars.Errorf(regulars.EINVALID, "Client %d has no e-mail address.", clientID).Keyed("err.client_no_email", "ID", clientID)
	}
	// The letter as if the client were enrolled today — or, for a greeting that names its
	// holiday, on the client's next holiday, so that {holiday} has a value.
	on := regulars.DateOf(e.Now().In(e.Loc))
	if usesHoliday(seq) {
		next, err := nextHoliday(c, on)
		if err != nil {
			return nil, err
		}
		if !next.IsZero() {
			on = next
		}
	}
	return e.letter(ctx, seq, &regulars.Enrolment{ClientID: clientID, Next: step, EnrolledOn: on}, &recipient{Client: c}, e.Now())
}

// usesHoliday reports whether a letter of the sequence names its holiday.
func usesHoliday(seq *regulars.Sequence) bool {
	for _, st := range seq.Steps {
		for _, t := range st.Templates {
			if usesHolidayIn(t) {
				return true
			}
		}
	}
	return false
}

// usesHolidayIn reports whether a letter names its holiday.
func usesHolidayIn(t regulars.MailTemplate) bool {
	return strings.Contains(t.Subject, "{holiday}") || strings.Contains(t.Text, "{holiday}") || strings.Contains(t.HTML, "{holiday}")
}

// nextHoliday returns the first day from on that is a holiday of the client's industry or of
// everyone; zero when none comes within a year.
func nextHoliday(c *regulars.Client, on regulars.Date) (regulars.Date, error) {
	hs, err := agenda.Holidays()
	if err != nil {
		return regulars.Date{}, err
	}
	var best regulars.Date
	for _, h := range hs {
		if !h.Fits(c.Industry) {
			continue
		}
		for _, y := range []int{on.Year(), on.Year() + 1} {
			if d := h.On(y); !d.IsZero() && !d.Before(on) && (best.IsZero() || d.Before(best)) {
				best = d
			}
		}
	}
	return best, nil
}

// holidayOf returns the name of a holiday of the client's industry (or of everyone) that falls
// on the day, in lang; "" when none does.
func holidayOf(c *regulars.Client, on regulars.Date, lang string) (string, error) {
	hs, err := agenda.Holidays()
	if err != nil {
		return "", err
	}
	for _, h := range hs {
		if h.On(on.Year()) == on && h.Fits(c.Industry) {
			return h.Name(lang), nil
		}
	}
	return "", nil
}
