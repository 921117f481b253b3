package campaign

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/agenda"
)

// Candidate is a client as the segment triggers see it.
type Candidate struct {
	ClientID      int64
	Sleeping, VIP bool
	Personal      bool          // of the personal value tier
	LastOrder     regulars.Date // names the sleep: a new order and a new sleep are a new occasion
	FirstOrder    regulars.Date // for the anniversary of the first order
	Segment       string        // the RFM segment's code, for the monthly trigger
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
	today := regulars.DateOf(a.Now().In(a.Loc))
	var cands []Candidate // read once, for the segment triggers
	var candErr error     // when they cannot be had (the server's snapshot is not built yet)
	for _, au := range list {
		if !au.Active {
			continue
		}
		if au.PersonalAsTask || au.Trigger == regulars.TriggerBecameSleeping || au.Trigger == regulars.TriggerBecameVIP ||
			au.Trigger == regulars.TriggerAnniversary || au.Trigger == regulars.TriggerMonthly {
			if cands == nil && candErr == nil {
				cands, candErr = a.Candidates(ctx)
			}
			if candErr != nil {
				continue // the others go on; this one waits for the next pass
			}
		}
		occs, personal, err := a.occasions(ctx, au, cands)
		if err != nil {
			return st, err
		}
		if err := a.act(ctx, au, occs, personal, today, st); err != nil {
			return st, err
		}
	}
	return st, candErr
}

// occasions lists the automation's occasions as the data stands, and the personal-tier clients.
func (a *Automator) occasions(ctx context.Context, au regulars.Automation, cands []Candidate) ([]occasion, map[int64]bool, error) {
	var out []occasion
	personal := map[int64]bool{}
	switch au.Trigger {
	case regulars.TriggerOrderPaid, regulars.TriggerOrderDelivered:
		status := regulars.StatusPaid
		if au.Trigger == regulars.TriggerOrderDelivered {
			status = regulars.StatusDelivered
		}
		// Orders of the last 90 days: an older order paid only now is too old to thank for.
		from := regulars.DateOf(a.Now().In(a.Loc)).AddDays(-90)
		orders, _, err := a.Orders.FindOrders(ctx, regulars.OrderFilter{Status: &status, From: &from})
		if err != nil {
			return nil, nil, err
		}
		for _, o := range orders {
			out = append(out, occasion{au.Key + ":order:" + strconv.FormatInt(o.ID, 10), o.ClientID})
		}
	case regulars.TriggerEvent:
		events, _, err := a.Events.FindEvents(ctx, regulars.RecordFilter{})
		if err != nil {
			return nil, nil, err
		}
		for _, e := range events {
			if e.Name == au.Event {
				out = append(out, occasion{au.Key + ":event:" + strconv.FormatInt(e.ID, 10), e.ClientID})
			}
		}
	case regulars.TriggerDate:
		// The dates of this kind that fall today: a yearly date once a year.
		today := regulars.DateOf(a.Now().In(a.Loc))
		dates, _, err := a.Dates.FindImportantDates(ctx, regulars.RecordFilter{})
		if err != nil {
			return nil, nil, err
		}
		for _, d := range dates {
			on := d.On
			if d.Yearly {
				on = d.On.InYear(today.Year())
			}
			if d.Kind == au.Event && on == today {
				out = append(out, occasion{au.Key + ":date:" + strconv.FormatInt(d.ID, 10) + ":" + on.String(), d.ClientID})
			}
		}
	case regulars.TriggerMonthly:
		today := regulars.DateOf(a.Now().In(a.Loc))
		if today.Day() != 1 {
			break
		}
		month := today.Time().Format("2006-01")
		for _, c := range cands {
			if au.Event == "all" || c.Segment == au.Event || (au.Event == "sleeping" && c.Sleeping) {
				out = append(out, occasion{au.Key + ":client:" + strconv.FormatInt(c.ClientID, 10) + ":" + month, c.ClientID})
			}
		}
	case regulars.TriggerHoliday:
		today := regulars.DateOf(a.Now().In(a.Loc))
		hs, err := agenda.Holidays()
		if err != nil {
			return nil, nil, err
		}
		var todays []agenda.Holiday
		for _, h := range hs {
			if h.On(today.Year()) == today {
				todays = append(todays, h)
			}
		}
		if len(todays) == 0 {
			break // most days: no need to read the clients
		}
		clients, _, err := a.Clients.FindClients(ctx, regulars.ClientFilter{})
		if err != nil {
			return nil, nil, err
		}
		for _, c := range clients {
			for _, h := range todays {
				if h.Fits(c.Industry) {
					out = append(out, occasion{au.Key + ":" + h.Key + ":" + strconv.FormatInt(c.ID, 10) + ":" + strconv.Itoa(today.Year()), c.ID})
					break // one greeting a day
				}
			}
		}
	case regulars.TriggerAnniversary:
		today := regulars.DateOf(a.Now().In(a.Loc))
		for _, c := range cands {
			if f := c.FirstOrder; !f.IsZero() && today.Year() > f.Year() && f.InYear(today.Year()) == today {
				out = append(out, occasion{au.Key + ":client:" + strconv.FormatInt(c.ClientID, 10) + ":" + strconv.Itoa(today.Year()), c.ClientID})
			}
		}
	case regulars.TriggerBecameSleeping, regulars.TriggerBecameVIP:
		for _, c := range cands {
			// A sleep ends with an order: the next one is a new occasion. Becoming VIP is once.
			switch {
			case au.Trigger == regulars.TriggerBecameSleeping && c.Sleeping:
				out = append(out, occasion{au.Key + ":client:" + strconv.FormatInt(c.ClientID, 10) + ":" + c.LastOrder.String(), c.ClientID})
			case au.Trigger == regulars.TriggerBecameVIP && c.VIP:
				out = append(out, occasion{au.Key + ":client:" + strconv.FormatInt(c.ClientID, 10), c.ClientID})
			}
		}
	}
	for _, c := range cands {
		personal[c.ClientID] = c.Personal
	}
	return out, personal, nil
}

// act fires the new occasions: on the automation's first run after it was switched on, it
// only notes them (its baseline).
//
// Each occasion is noted before it is acted on, and acted on only by the pass that noted it:
// a second process (the CLI beside the server) or a pass after a failed write never acts on it
// again. An enrolment that fails forgets the occasion for the next pass; a crash between the
// two loses that one letter rather than send it twice.
func (a *Automator) act(ctx context.Context, au regulars.Automation, occs []occasion, personal map[int64]bool, today regulars.Date, st AutomationStats) error {
	base := au.Key + ":baseline"
	if au.Activation != "" {
		base += ":" + au.Activation
	}
	first, err := a.Fires.Fire(ctx, base, 0, "baseline")
	if err != nil {
		return err
	}
	count := func(action string) {
		if st[au.Key] == nil {
			st[au.Key] = map[string]int{}
		}
		st[au.Key][action]++
	}
	known, err := a.Fires.FiredKeys(ctx, au.Key)
	if err != nil {
		return err
	}
	var seq *regulars.Sequence
	for _, o := range occs {
		if known[o.key] {
			continue
		}
		action := "enrol"
		switch {
		case first:
			action = "baseline" // there before the automation: noted, left alone
		case au.PersonalAsTask && personal[o.clientID]:
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
		isNew, err := a.Fires.Fire(ctx, o.key, o.clientID, action)
		if err != nil {
			return err
		}
		if !isNew {
			continue // another pass noted it first, and acts on it
		}
		if action == "enrol" {
			if _, err := a.Sequences.Enrol(ctx, seq.ID, []int64{o.clientID}, today); err != nil {
				if uerr := a.Fires.Unfire(context.WithoutCancel(ctx), o.key); uerr != nil {
					return errors.Join(err, uerr)
				}
				return err
			}
		}
		count(action)
	}
	return nil
}
