package agenda

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/analytics"
	"github.com/regulars/regulars/internal/locale"
)

// Kinds of agenda items: why to get in touch.
const (
	KindImportantDate   = "important_date"
	KindHoliday         = "holiday"
	KindPreDelivery     = "pre_delivery"
	KindThankYou        = "thank_you"
	KindFeedbackRequest = "feedback_request"
	KindCheckin         = "post_delivery_checkin"
	KindPlan            = "plan"
	KindAnniversary     = "first_order_anniversary"
	KindSleeping        = "sleeping"
	KindStayInTouch     = "stay_in_touch"
)

// Input is what the agenda is built from. Orders of each client in any order.
type Input struct {
	Clients  []*regulars.Client
	Orders   []Order
	Dates    []*regulars.ImportantDate
	Plans    []*regulars.Plan
	Holidays []Holiday
	States   []*regulars.AgendaState
	// Segments, from the analytics as of today, drive sleeping and stay_in_touch; without
	// them those reasons are left out.
	Segments []analytics.ClientSegment
	// The catalog, for the offers that follow an order or an event.
	Services []*regulars.Service
	Links    []*regulars.ServiceLink
	Events   []*regulars.Event
	// Templates of the drafts; nil means the built-in ones.
	Templates Templates
}

// Config holds the lead times, in days; zero fields take the defaults in brackets, from the
// source articles.
type Config struct {
	Days            int // the window: items due from today to today + Days [7]
	Overdue         int // and items not dealt with that fell due up to this many days ago [7]
	DateLead        int // company anniversary, product launch, season: this early [14]
	HolidayLead     int // [3]
	PreDelivery     int // before a due date: ask about plans [7]
	FeedbackAfter   int // after delivery [3]
	CheckinAfter    int // after delivery [30]
	PlanLead        int // before a client's plan: offer what fits [60]
	AnniversaryLead int // before the anniversary of the first order [7]
	// Stay in touch every so many days since the last contact or order: VIP clients [30],
	// active ones [60], passive ones [120] (in portions, by message, never a call).
	TouchVIP, TouchActive, TouchPassive int
}

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.Days, 7)
	def(&c.Overdue, 7)
	def(&c.DateLead, 14)
	def(&c.HolidayLead, 3)
	def(&c.PreDelivery, 7)
	def(&c.FeedbackAfter, 3)
	def(&c.CheckinAfter, 30)
	def(&c.PlanLead, 60)
	def(&c.AnniversaryLead, 7)
	def(&c.TouchVIP, 30)
	def(&c.TouchActive, 60)
	def(&c.TouchPassive, 120)
	return c
}

// Item is one reason to contact one client.
type Item struct {
	Key      string        `json:"key"` // the occasion: the same occasion keeps its key
	ClientID int64         `json:"client_id"`
	Name     string        `json:"name"`
	Kind     string        `json:"kind"`
	DueOn    regulars.Date `json:"due_on"`
	Reason   string        `json:"reason"` // in English; the caller translates it (see ReasonArgs)
	Subject  string        `json:"subject"`
	// On is the occasion's day, where the reason names one: the holiday, the important date,
	// the first order, the delivery, the last order or contact. Count is the years since the
	// first order of an anniversary, the days of a stay-in-touch rhythm.
	On    regulars.Date `json:"on,omitzero"`
	Count int           `json:"count,omitempty"`
	// Note is an important date's note, which names a date of the kind custom.
	Note  string `json:"note,omitempty"`
	Offer *Offer `json:"offer,omitempty"`

	// Filled by Rank:
	ValueAtStake regulars.Money `json:"-"`
	Priority     int64          `json:"priority"`
	PriorityWhy  string         `json:"priority_why"`
	Channel      string         `json:"channel"`   // call, message or email
	BestTime     string         `json:"best_time"` // morning, day or evening

	// Filled by Drafts:
	Draft *Draft `json:"draft"`
}

// MarshalJSON encodes the item with "value_at_stake" and "currency".
func (it Item) MarshalJSON() ([]byte, error) {
	type plain Item
	cur := it.ValueAtStake.Currency
	if cur == "" {
		cur = regulars.DefaultCurrency
	}
	return json.Marshal(struct {
		plain
		ValueAtStake json.Number `json:"value_at_stake"`
		Currency     string      `json:"currency"`
	}{plain(it), regulars.Money{Minor: it.ValueAtStake.Minor, Currency: cur}.JSONNumber(), cur})
}

// Build returns the open agenda items as of now: due from the client's today to today +
// cfg.Days, and those not dealt with that fell due up to cfg.Overdue days ago; by due day,
// then client, then key. "Today" is the client's own day in its time zone (the business's,
// loc, when it has none): a birthday in Vladivostok comes while it is still the eve in Moscow.
// Items whose occasion is done or dismissed never come back; snoozed ones come back on their day.
func Build(in Input, now time.Time, loc *time.Location, cfg Config) []Item {
	cfg = cfg.withDefaults()
	today := regulars.DateOf(now.In(loc))
	b := builder{in: in, now: now, bizToday: today, today: today.AddDays(-1), end: today.AddDays(cfg.Days + 1), cfg: cfg,
		clients: newByClient[*regulars.Client](maxClientID(in), len(in.Clients)), zoneToday: map[string]regulars.Date{}, states: make(map[string]*regulars.AgendaState, len(in.States))}
	for _, c := range in.Clients {
		b.clients.set(c.ID, c)
	}
	for _, s := range in.States {
		b.states[s.Key] = s
	}
	b.importantDates()
	b.holidays()
	b.orders()
	b.plans()
	b.segments()
	b.offers()
	b.behaviourOffers()
	sort.Slice(b.items, func(i, j int) bool {
		x, y := b.items[i], b.items[j]
		if x.DueOn != y.DueOn {
			return x.DueOn.Before(y.DueOn)
		}
		if x.ClientID != y.ClientID {
			return x.ClientID < y.ClientID
		}
		return x.Key < y.Key
	})
	return b.items
}

type builder struct {
	in         Input
	now        time.Time
	bizToday   regulars.Date // the business's day, the day of clients without a time zone
	today, end regulars.Date // the widest window over all time zones: a day either side
	cfg        Config
	clients    byClient[*regulars.Client]
	zoneToday  map[string]regulars.Date // the day in each client time zone met so far
	states     map[string]*regulars.AgendaState
	items      []Item
}

// clientToday returns the client's current day.
func (b *builder) clientToday(c *regulars.Client) regulars.Date {
	if c.TimeZone == "" {
		return b.bizToday
	}
	if d, ok := b.zoneToday[c.TimeZone]; ok {
		return d // once per zone
	}
	d := b.bizToday
	if l, err := regulars.LoadLocation(c.TimeZone); err == nil {
		d = regulars.DateOf(b.now.In(l))
	}
	b.zoneToday[c.TimeZone] = d
	return d
}

// inWindow reports whether an item of the client due on the day would be in the agenda, so
// that the many candidates that are not are dropped before their key and reason are written.
func (b *builder) inWindow(clientID int64, due regulars.Date) bool {
	if due.Before(b.today.AddDays(-b.cfg.Overdue)) || due.After(b.end) {
		return false // outside every client's window, whatever its time zone
	}
	c := b.clients.get(clientID)
	if c == nil {
		return false
	}
	today := b.clientToday(c)
	return !due.Before(today.AddDays(-b.cfg.Overdue)) && !due.After(today.AddDays(b.cfg.Days))
}

// add adds an item unless its client is unknown, it is not due in the client's window, or
// the user has dealt with its occasion.
func (b *builder) add(it Item) {
	c := b.clients.get(it.ClientID)
	if c == nil || !b.inWindow(it.ClientID, it.DueOn) {
		return
	}
	today := b.clientToday(c)
	if st := b.states[it.Key]; st != nil {
		switch st.State {
		case regulars.AgendaDone, regulars.AgendaDismissed:
			return
		case regulars.AgendaSnoozed:
			if st.Until.After(today) {
				return
			}
		}
	}
	it.Name = c.Name
	b.items = append(b.items, it)
}

// occurrences returns the days a yearly date falls on in the years of the window.
func (b *builder) occurrences(d regulars.Date) []regulars.Date {
	var out []regulars.Date
	for y := b.today.AddDays(-b.cfg.Overdue).Year(); y <= b.end.AddDays(b.cfg.DateLead).Year(); y++ {
		out = append(out, d.InYear(y))
	}
	return out
}

func (b *builder) importantDates() {
	for _, d := range b.in.Dates {
		lead := b.cfg.DateLead
		if d.Kind == regulars.DateBirthday {
			lead = 0 // on the day: a personal greeting, not an offer
		}
		days := []regulars.Date{d.On}
		if d.Yearly {
			days = b.occurrences(d.On)
		}
		for _, on := range days {
			if !b.inWindow(d.ClientID, on.AddDays(-lead)) {
				continue
			}
			b.add(Item{Key: fmt.Sprintf("date:%d:%s", d.ID, on), ClientID: d.ClientID, Kind: KindImportantDate,
				DueOn: on.AddDays(-lead), Subject: d.Kind, On: on, Note: d.Note, Reason: fmt.Sprintf("%s on %s", d.Kind, on)})
		}
	}
}

func (b *builder) holidays() {
	if len(b.in.Holidays) == 0 {
		return
	}
	byIndustry := map[string][]*regulars.Client{}
	for _, c := range b.in.Clients {
		ind := strings.ToLower(strings.TrimSpace(c.Industry))
		byIndustry[ind] = append(byIndustry[ind], c)
	}
	for _, h := range b.in.Holidays {
		if len(h.Industries) == 0 {
			continue // the holidays of everyone are greetings, not reasons of their own
		}
		for y := b.today.AddDays(-b.cfg.Overdue).Year(); y <= b.end.AddDays(b.cfg.HolidayLead).Year(); y++ {
			on := h.On(y)
			due := on.AddDays(-b.cfg.HolidayLead)
			if due.Before(b.today.AddDays(-b.cfg.Overdue)) || due.After(b.end) {
				continue
			}
			for _, ind := range h.Industries {
				for _, c := range byIndustry[ind] {
					b.add(Item{Key: fmt.Sprintf("holiday:%s:%d:%d", h.Key, c.ID, y), ClientID: c.ID, Kind: KindHoliday,
						DueOn: due, Subject: h.Key, On: on, Reason: fmt.Sprintf("%s on %s", h.NameEN, on)})
				}
			}
		}
	}
}

func (b *builder) orders() {
	first := newByClient[regulars.Date](maxClientID(b.in), len(b.in.Clients))
	var ids []int64 // the clients with a counted order, in the order first met
	for i := range b.in.Orders {
		o := &b.in.Orders[i]
		if !o.Counts() {
			continue
		}
		if f := first.get(o.ClientID); f.IsZero() || o.OrderedOn.Before(f) {
			if f.IsZero() {
				ids = append(ids, o.ClientID)
			}
			first.set(o.ClientID, o.OrderedOn)
		}
		b.orderItems(o)
	}
	for _, id := range ids {
		f := first.get(id)
		for _, on := range b.occurrences(f) {
			if on.Year() == f.Year() || !b.inWindow(id, on.AddDays(-b.cfg.AnniversaryLead)) {
				continue
			}
			b.add(Item{Key: fmt.Sprintf("anniversary:%d:%d", id, on.Year()), ClientID: id, Kind: KindAnniversary,
				DueOn: on.AddDays(-b.cfg.AnniversaryLead), On: f, Count: on.Year() - f.Year(),
				Reason: fmt.Sprintf("%d year(s) since the first order on %s", on.Year()-f.Year(), f)})
		}
	}
}

func (b *builder) orderItems(o *Order) {
	open := o.Status == regulars.StatusPlanned || o.Status == regulars.StatusInProgress
	if open && !o.DueOn.IsZero() && b.inWindow(o.ClientID, o.DueOn.AddDays(-b.cfg.PreDelivery)) {
		b.add(Item{Key: fmt.Sprintf("pre_delivery:%d", o.ID), ClientID: o.ClientID, Kind: KindPreDelivery,
			DueOn: o.DueOn.AddDays(-b.cfg.PreDelivery), Subject: o.Title, Reason: fmt.Sprintf("delivery due on %s: ask about plans", o.DueOn)})
	}
	done := o.DeliveredOn
	if done.IsZero() && (o.Status == regulars.StatusDelivered || o.Status == regulars.StatusPaid) {
		done = o.OrderedOn
	}
	if c := b.clients.get(o.ClientID); done.IsZero() || c == nil || done.After(b.clientToday(c)) {
		return // not done yet: no thanks, feedback or check-in for it
	}
	if b.inWindow(o.ClientID, done) {
		b.add(Item{Key: fmt.Sprintf("thank_you:%d", o.ID), ClientID: o.ClientID, Kind: KindThankYou,
			DueOn: done, Subject: o.Title, Reason: fmt.Sprintf("order of %s done", done)})
	}
	if b.inWindow(o.ClientID, done.AddDays(b.cfg.FeedbackAfter)) {
		b.add(Item{Key: fmt.Sprintf("feedback:%d", o.ID), ClientID: o.ClientID, Kind: KindFeedbackRequest,
			DueOn: done.AddDays(b.cfg.FeedbackAfter), Subject: o.Title, Reason: fmt.Sprintf("delivered on %s: ask for feedback", done)})
	}
	if b.inWindow(o.ClientID, done.AddDays(b.cfg.CheckinAfter)) {
		b.add(Item{Key: fmt.Sprintf("checkin:%d", o.ID), ClientID: o.ClientID, Kind: KindCheckin,
			DueOn: done.AddDays(b.cfg.CheckinAfter), Subject: o.Title, Reason: fmt.Sprintf("a month since delivery on %s", done)})
	}
}

func (b *builder) plans() {
	for _, p := range b.in.Plans {
		if !b.inWindow(p.ClientID, p.On.AddDays(-b.cfg.PlanLead)) {
			continue
		}
		b.add(Item{Key: fmt.Sprintf("plan:%d", p.ID), ClientID: p.ClientID, Kind: KindPlan,
			DueOn: p.On.AddDays(-b.cfg.PlanLead), Subject: p.Title, Reason: fmt.Sprintf("plans %q on %s", p.Title, p.On)})
	}
}

// segments adds the reasons that come from the analytics: a sleeping client gets a gentle
// first touch (a personal letter for the personal value tier, the reactivation series for the
// rest), an awake one a reminder to stay in touch at its segment's cadence.
func (b *builder) segments() {
	last := newByClient[regulars.Date](maxClientID(b.in), len(b.in.Clients))
	for i := range b.in.Orders {
		o := &b.in.Orders[i]
		if o.Counts() && o.OrderedOn.After(last.get(o.ClientID)) {
			last.set(o.ClientID, o.OrderedOn)
		}
	}
	for _, sg := range b.in.Segments {
		c := b.clients.get(sg.ClientID)
		if c == nil {
			continue
		}
		lastOrder := last.get(sg.ClientID)
		if sg.Sleeping {
			subject := "reactivation series"
			if sg.ValueTier == analytics.TierPersonal || sg.VIP {
				subject = "personal letter"
			}
			b.add(Item{Key: "sleeping:" + strconv.FormatInt(sg.ClientID, 10) + ":" + lastOrder.String(), ClientID: sg.ClientID,
				Kind: KindSleeping, DueOn: b.clientToday(c), Subject: subject, On: lastOrder,
				Reason: fmt.Sprintf("no order since %s: a gentle first touch, not an offer", lastOrder)})
			continue
		}
		from := c.LastContact
		if lastOrder.After(from) {
			from = lastOrder
		}
		if from.IsZero() {
			continue
		}
		every, how := b.cfg.TouchPassive, "passive: by message, in portions"
		switch {
		case sg.VIP:
			every, how = b.cfg.TouchVIP, "VIP: a personal touch"
		case sg.Activity == analytics.Active:
			every, how = b.cfg.TouchActive, "active"
		}
		b.add(Item{Key: "touch:" + strconv.FormatInt(sg.ClientID, 10) + ":" + from.String(), ClientID: sg.ClientID, Kind: KindStayInTouch,
			DueOn: from.AddDays(every), Subject: how, On: from, Count: every,
			Reason: fmt.Sprintf("%d days since the last contact or order on %s", every, from)})
	}
}

// ReasonArgs returns what the catalogue's reason of the item ("reason."+Kind) is filled with
// in lang: its subject, the day it names (Date) and its count, the holiday's name (Holiday) and
// an important date's kind (DateKind, through word, which returns a catalogue message; a custom
// date's note, when it has one).
func (it Item) ReasonArgs(lang string, word func(id string) string) []any {
	args := []any{"Subject", it.Subject, "Count", it.Count}
	if !it.On.IsZero() {
		args = append(args, "Date", locale.Date(it.On, lang))
	}
	switch it.Kind {
	case KindHoliday:
		hs, _ := Holidays()
		for _, h := range hs {
			if h.Key == it.Subject {
				args = append(args, "Holiday", h.Name(lang))
			}
		}
	case KindImportantDate:
		kind := word("datekind." + it.Subject)
		if it.Subject == regulars.DateCustom && it.Note != "" {
			kind = it.Note // a date of its own: its note names it (День основания)
		}
		args = append(args, "DateKind", kind)
	}
	return args
}
