package campaign

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/agenda"
	"github.com/regulars/regulars/internal/analytics"
)

// Candidate is a client as the segment triggers see it.
type Candidate struct {
	ClientID      int64
	Sleeping, VIP bool
	Personal      bool                  // of the personal value tier
	LastOrder     regulars.Date         // names the sleep: a new order and a new sleep are a new occasion
	FirstOrder    regulars.Date         // for the anniversary of the first order
	Segment       analytics.SegmentCode // the RFM segment, for the monthly trigger
}

// Automator runs the automations: each pass looks for new occasions — orders paid or
// delivered, events, clients who fell asleep or became VIP — and acts on each once. The server
// runs a pass every minute and after writes, so the automations follow the data within
// moments; the occasion's key (in the fires table) makes a pass safe to repeat.
type Automator struct {
	Settings  regulars.SettingService
	Fires     regulars.FireService
	Sequences regulars.SequenceService
	Orders    regulars.OrderService
	Events    regulars.EventService
	Dates     regulars.ImportantDateService
	Clients   regulars.ClientService
	// Candidates returns every client's segment facts, from the analytics.
	Candidates func(ctx context.Context) ([]Candidate, error)
	Now        func() time.Time
	Loc        *time.Location
}

// occasion is one thing an automation may act on.
type occasion struct {
	key      string
	clientID int64
}

// AutomationStats counts what a pass did, by automation key and action.
type AutomationStats map[string]map[string]int

// Run makes one pass over the active automations.
func (a *Automator) Run(ctx context.Context) (AutomationStats, error) {
	st := AutomationStats{}
	list, err := regulars.ReadAutomations(ctx, a.Settings)
	if err != nil {
		return st, err
	}
	p := &pass{today: regulars.DateOf(a.Now().In(a.Loc)), orders: map[string][]*regulars.Order{}}
	var candErr error // when the candidates cannot be had (the server's snapshot is not built yet)
	var badErr error  // automations that name what does not exist
	for _, au := range list {
		if !au.Active {
			continue
		}
		if au.PersonalAsTask || au.Trigger == regulars.TriggerBecameSleeping || au.Trigger == regulars.TriggerBecameVIP ||
			au.Trigger == regulars.TriggerAnniversary || au.Trigger == regulars.TriggerMonthly {
			if !p.candsRead {
				p.candsRead = true
				if p.cands, candErr = a.Candidates(ctx); candErr == nil {
					p.personal = make(map[int64]bool, len(p.cands))
					for _, c := range p.cands {
						p.personal[c.ClientID] = c.Personal
					}
				}
			}
			if candErr != nil {
				continue // the others go on; this one waits for the next pass
			}
		}
		// A holiday's or a month's occasions are all there from the day's first pass: the
		// passes after it (every minute, and after every write) need not look for them again
		// through every client. (A client added later that day waits for the next occasion.)
		var day string
		occasionDay, err := p.occasionDay(au)
		if err != nil {
			return st, err
		}
		if occasionDay {
			day = au.Key + ":day:" + p.today.String()
			done, err := a.Fires.Recorded(ctx, []string{day})
			if err != nil {
				return st, err
			}
			if done[day] {
				continue
			}
		}
		occs, err := a.occasions(ctx, au, p)
		if regulars.ErrorCode(err) == regulars.EINVALID {
			badErr = errors.Join(badErr, err) // a misconfigured automation: the others go on
			continue
		} else if err != nil {
			return st, err
		}
		if err := a.act(ctx, au, occs, p, st); err != nil {
			return st, err
		}
		if day != "" {
			if _, err := a.Fires.Fire(ctx, []regulars.Fire{{Key: day, Action: "day"}}); err != nil {
				return st, err
			}
		}
	}
	return st, errors.Join(candErr, badErr)
}

// CheckAutomation reports what the root package cannot check of an automation being saved:
// the segment a monthly one names. A pass reports it too, but only on the 1st.
func CheckAutomation(au regulars.Automation) error {
	if au.Trigger != regulars.TriggerMonthly {
		return nil
	}
	if _, err := analytics.ParseSegmentQuery(strings.TrimSpace(au.Event)); err != nil {
		return regulars.FieldErrorOf("event", err)
	}
	return nil
}

// pass is what one pass over the automations reads once for all of them.
type pass struct {
	today     regulars.Date
	candsRead bool
	cands     []Candidate                  // read once, for the segment triggers
	personal  map[int64]bool               // the personal-tier clients among them
	orders    map[string][]*regulars.Order // the last 90 days' orders, by status
	holidays  []agenda.Holiday             // today's, once read
	hRead     bool
}

// occasionDay reports whether today is a day of the holiday or monthly automation's
// occasions: a holiday, or the first of the month; false for the other triggers.
func (p *pass) occasionDay(au regulars.Automation) (bool, error) {
	switch au.Trigger {
	case regulars.TriggerMonthly:
		return p.today.Day() == 1, nil
	case regulars.TriggerHoliday:
		hs, err := p.todaysHolidays()
		return len(hs) > 0, err
	}
	return false, nil
}

// todaysHolidays returns the holidays that fall on the pass's day.
func (p *pass) todaysHolidays() ([]agenda.Holiday, error) {
	if p.hRead {
		return p.holidays, nil
	}
	hs, err := agenda.Holidays()
	if err != nil {
		return nil, err
	}
	p.hRead = true
	for _, h := range hs {
		if h.On(p.today.Year()) == p.today {
			p.holidays = append(p.holidays, h)
		}
	}
	return p.holidays, nil
}

// occasions lists the automation's occasions on the pass's day as the data stands.
func (a *Automator) occasions(ctx context.Context, au regulars.Automation, p *pass) ([]occasion, error) {
	var out []occasion
	switch au.Trigger {
	case regulars.TriggerOrderPaid, regulars.TriggerOrderDelivered:
		status := regulars.StatusPaid
		if au.Trigger == regulars.TriggerOrderDelivered {
			status = regulars.StatusDelivered
		}
		// Orders of the last 90 days: an older order paid only now is too old to thank for.
		// Read once a pass for each status (after-delivery and add-on share "delivered").
		orders, ok := p.orders[status]
		if !ok {
			from := p.today.AddDays(-90)
			var err error
			if orders, _, err = a.Orders.FindOrders(ctx, regulars.OrderFilter{Status: &status, From: &from}); err != nil {
				return nil, err
			}
			p.orders[status] = orders
		}
		for _, o := range orders {
			out = append(out, occasion{au.Key + ":order:" + strconv.FormatInt(o.ID, 10), o.ClientID})
		}
	case regulars.TriggerEvent:
		// Events of the last 90 days, as for orders: older ones are no news.
		from := p.today.AddDays(-90)
		events, _, err := a.Events.FindEvents(ctx, regulars.RecordFilter{From: &from})
		if err != nil {
			return nil, err
		}
		for _, e := range events {
			if e.Name == au.Event {
				out = append(out, occasion{au.Key + ":event:" + strconv.FormatInt(e.ID, 10), e.ClientID})
			}
		}
	case regulars.TriggerDate:
		// The dates of this kind that fall today (the store's Falls rule: a yearly date once a
		// year, a 29 February on the 28th in other years).
		dates, _, err := a.Dates.FindImportantDates(ctx, regulars.RecordFilter{Falls: &p.today})
		if err != nil {
			return nil, err
		}
		for _, d := range dates {
			if d.Kind == au.Event {
				out = append(out, occasion{au.Key + ":date:" + strconv.FormatInt(d.ID, 10) + ":" + p.today.String(), d.ClientID})
			}
		}
	case regulars.TriggerMonthly:
		if p.today.Day() != 1 {
			break
		}
		q, err := analytics.ParseSegmentQuery(au.Event)
		if err != nil {
			return nil, regulars.Prefixed(au.Key, err)
		}
		month := p.today.Time().Format("2006-01")
		for _, c := range p.cands {
			if q.Matches(c.Segment, c.Sleeping) {
				out = append(out, occasion{au.Key + ":client:" + strconv.FormatInt(c.ClientID, 10) + ":" + month, c.ClientID})
			}
		}
	case regulars.TriggerHoliday:
		todays, err := p.todaysHolidays()
		if err != nil {
			return nil, err
		}
		if len(todays) == 0 {
			break // most days: no need to read the clients
		}
		clients, _, err := a.Clients.FindClients(ctx, regulars.ClientFilter{})
		if err != nil {
			return nil, err
		}
		for _, c := range clients {
			if (c.Email == "" || !c.MarketingConsent) && !p.personal[c.ID] {
				continue // a greeting to all is marketing: only those who can get it (the owner writes to the personal tier)
			}
			for _, h := range todays {
				if h.Fits(c.Industry) {
					out = append(out, occasion{au.Key + ":" + h.Key + ":" + strconv.FormatInt(c.ID, 10) + ":" + strconv.Itoa(p.today.Year()), c.ID})
					break // one greeting a day
				}
			}
		}
	case regulars.TriggerAnniversary:
		for _, c := range p.cands {
			if f := c.FirstOrder; !f.IsZero() && p.today.Year() > f.Year() && f.InYear(p.today.Year()) == p.today {
				out = append(out, occasion{au.Key + ":client:" + strconv.FormatInt(c.ClientID, 10) + ":" + strconv.Itoa(p.today.Year()), c.ClientID})
			}
		}
	case regulars.TriggerBecameSleeping, regulars.TriggerBecameVIP:
		for _, c := range p.cands {
			// A sleep ends with an order: the next one is a new occasion. Becoming VIP is once.
			switch {
			case au.Trigger == regulars.TriggerBecameSleeping && c.Sleeping:
				out = append(out, occasion{au.Key + ":client:" + strconv.FormatInt(c.ClientID, 10) + ":" + c.LastOrder.String(), c.ClientID})
			case au.Trigger == regulars.TriggerBecameVIP && c.VIP:
				out = append(out, occasion{au.Key + ":client:" + strconv.FormatInt(c.ClientID, 10), c.ClientID})
			}
		}
	}
	return out, nil
}

// act fires the new occasions: on the automation's first run after it was switched on, it
// only notes them (its baseline).
//
// Each occasion is noted before it is acted on, and acted on only by the pass that noted it:
// a second process (the CLI beside the server) or a pass after a failed write never acts on it
// again. An enrolment that fails forgets its occasions for the next pass; a crash between the
// two loses those letters rather than send them twice. Occasions go in batches, each noted in
// one transaction and enrolled in another: a holiday of every client is thousands of them.
func (a *Automator) act(ctx context.Context, au regulars.Automation, occs []occasion, p *pass, st AutomationStats) error {
	// The baseline's marker is written after its occasions are noted: a first pass that stops
	// half-way is a first pass again next time, never one that takes the rest for news.
	base := au.Key + ":baseline"
	if au.Activation != "" {
		base += ":" + au.Activation
	}
	keys := make([]string, 0, len(occs)+1)
	keys = append(keys, base)
	for _, o := range occs {
		keys = append(keys, o.key)
	}
	known, err := a.Fires.Recorded(ctx, keys)
	if err != nil {
		return err
	}
	first := !known[base]
	var seq *regulars.Sequence
	var fires []regulars.Fire
	for _, o := range occs {
		if known[o.key] {
			continue
		}
		action := "enrol"
		switch {
		case first:
			action = "baseline" // there before the automation: noted, left alone
		case au.PersonalAsTask && p.personal[o.clientID]:
			action = "task" // the agenda asks the owner for a personal letter
		}
		if action == "enrol" && seq == nil {
			if seq, err = a.Sequences.FindSequenceByKey(ctx, au.Sequence); err != nil {
				return err
			}
		}
		if action == "enrol" && !seq.Active {
			action = "off" // its sequence is switched off: no letters queued up for later
		}
		known[o.key] = true // an occasion twice in one pass is one
		fires = append(fires, regulars.Fire{Key: o.key, ClientID: o.clientID, Action: action})
	}
	for len(fires) > 0 {
		batch := fires[:min(fireBatch, len(fires))]
		fires = fires[len(batch):]
		isNew, err := a.Fires.Fire(ctx, batch)
		if err != nil {
			return err
		}
		var enrol []int64
		var keys []string
		for i, f := range batch {
			if !isNew[i] {
				continue // another pass noted it first, and acts on it
			}
			if st[au.Key] == nil {
				st[au.Key] = map[string]int{}
			}
			if f.Action == "enrol" {
				enrol, keys = append(enrol, f.ClientID), append(keys, f.Key)
			} else {
				st[au.Key][f.Action]++
			}
		}
		if len(enrol) == 0 {
			continue
		}
		if _, err := a.Sequences.Enrol(ctx, seq.ID, enrol, p.today); err != nil {
			if uerr := a.Fires.Unfire(context.WithoutCancel(ctx), keys); uerr != nil {
				return errors.Join(err, uerr)
			}
			return err
		}
		st[au.Key]["enrol"] += len(enrol)
	}
	if first {
		if _, err := a.Fires.Fire(ctx, []regulars.Fire{{Key: base, Action: "baseline"}}); err != nil {
			return err
		}
	}
	return nil
}

// fireBatch is how many occasions a pass notes in one transaction, then enrols in another.
const fireBatch = 500
