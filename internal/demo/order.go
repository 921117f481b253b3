package demo

import (
	"slices"
	"strconv"
	"strings"

	"github.com/regulars/regulars"
)

// orderPlan is an order being generated, before it is a regulars.Order.
type orderPlan struct {
	svc                int
	on, due, delivered regulars.Date
	status             string
	rub                int64
	title              string
	upcoming           bool // agreed for the coming weeks: planned or in progress
}

// timeline generates the orders of a client of archetype a, sorted by date, into g.orders.
func (g *generator) timeline(a archetype, ind *industry) {
	g.orders, g.ordered = g.orders[:0], 0
	asOf, span := g.cfg.AsOf, g.cfg.AsOf.Sub(g.start)
	switch a {
	case archVIP:
		first := asOf.AddDays(-g.between(540, span-10))
		g.projects(ind, first, asOf, g.rhythm(40, 90), 0, 130)
		if g.chance(0.5) {
			g.subscription(ind, first.AddDays(g.between(30, asOf.Sub(first)-150)), g.between(6, 14), asOf)
		}
		if g.chance(0.35) {
			g.upcoming(ind, 130)
		}
	case archRegular:
		first := asOf.AddDays(-g.between(240, span-10))
		g.projects(ind, first, asOf, g.rhythm(80, 180), 0, 100)
		if g.chance(0.12) {
			g.subscription(ind, first.AddDays(g.between(14, asOf.Sub(first)-60)), g.between(3, 8), asOf)
		}
		if g.chance(0.2) {
			g.upcoming(ind, 100)
		}
	case archSleeping:
		end := asOf.AddDays(-g.between(180, 540))
		rhythm, k := g.between(45, 120), g.between(3, 6)
		first := end.AddDays(-(k - 1) * rhythm)
		if first.Before(g.start) {
			first = g.start.AddDays(g.between(0, 30))
		}
		g.projects(ind, first, end, rhythm, k, 100)
		if len(g.orders) < 2 {
			g.addProject(ind, first.AddDays(g.between(20, end.Sub(first))), end, 100)
		}
	case archOneOff:
		on := asOf.AddDays(-g.between(75, span-1)) // exactly one order: no cross-sell
		svc := g.nextService(ind)
		g.add(orderPlan{svc: svc, on: on, rub: g.amount(svc, on, 100)})
	case archNew:
		first := asOf.AddDays(-g.between(0, 59))
		g.addProject(ind, first, asOf, 100)
		if second := first.AddDays(g.between(5, 30)); g.chance(0.3) && !second.After(asOf) {
			g.addProject(ind, second, asOf, 100)
		}
	}
	slices.SortStableFunc(g.orders, func(x, y orderPlan) int { return x.on.Compare(y.on) })
}

// rhythm returns the days between a returning client's orders, from lo to hi divided by the
// configured frequency (at least a week).
func (g *generator) rhythm(lo, hi int) int {
	f := g.cfg.Frequency
	if f <= 0 {
		f = 1
	}
	return max(7, int(float64(g.between(lo, hi))/f))
}

// projects adds orders from first on, one every rhythm days give or take 40%, while they
// fall on or before end, at most limit of them (0: no limit). pct scales the amounts.
func (g *generator) projects(ind *industry, first, end regulars.Date, rhythm, limit, pct int) {
	for t, n := first, 0; !t.After(end) && (limit == 0 || n < limit); n++ {
		g.addProject(ind, t, end, pct)
		t = t.AddDays(rhythm * g.between(60, 140) / 100)
	}
}

// addProject adds one order on day on and, sometimes, a cross-sell ordered with it.
func (g *generator) addProject(ind *industry, on, end regulars.Date, pct int) {
	svc := g.nextService(ind)
	if g.cat[svc].monthly && len(g.orders) > 0 {
		g.subscription(ind, on, g.between(1, 2), end) // a try of a subscription
		return
	}
	g.add(orderPlan{svc: svc, on: on, rub: g.amount(svc, on, pct)})
	for _, l := range g.out[svc] {
		to := &g.cat[l.to]
		if l.kind == regulars.LinkCrossSell && l.gap == 0 && !g.has(l.to) && to.fits(ind.name) && g.chance(0.3) {
			if day := on.AddDays(g.between(0, 3)); !day.After(end) {
				g.add(orderPlan{svc: l.to, on: day, rub: g.amount(l.to, day, pct)})
			}
		}
	}
}

// subscription adds months of a monthly service from start on, stopping at end.
func (g *generator) subscription(ind *industry, start regulars.Date, months int, end regulars.Date) {
	svc := g.pickMonthly(ind)
	if start.Day() > 1 {
		start = regulars.NewDate(start.Year(), start.Month()+1, 1) // billed by calendar month
	}
	rub := g.amount(svc, start, 100)
	name := strings.TrimSuffix(g.cat[svc].name, " (ежемесячно)")
	for m := range months {
		on := start.AddDate(0, m, 0)
		if on.After(end) {
			break
		}
		g.add(orderPlan{svc: svc, on: on, rub: rub, title: name + ": " + monthNames[on.Month()-1] + " " + strconv.Itoa(on.Year())})
	}
}

// upcoming adds an order agreed for the coming weeks.
func (g *generator) upcoming(ind *industry, pct int) {
	svc := g.nextService(ind)
	if g.cat[svc].monthly {
		svc = g.byKey["fixes"]
	}
	on := g.cfg.AsOf.AddDays(-g.between(0, 10))
	g.add(orderPlan{svc: svc, on: on, rub: g.amount(svc, on, pct), upcoming: true})
}

func (g *generator) add(o orderPlan) {
	if s := &g.cat[o.svc]; o.title == "" {
		o.title = s.name
		if len(s.titles) > 0 {
			o.title = pick(g, s.titles)
		}
	}
	g.settle(&o)
	g.orders = append(g.orders, o)
	g.ordered |= 1 << o.svc
}

func (g *generator) has(svc int) bool { return g.ordered&(1<<svc) != 0 }

var monthNames = [12]string{"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
	"сентябрь", "октябрь", "ноябрь", "декабрь"}

// amount returns the price of svc on day on in roubles: today's price less 8% a year back
// in time, varied by ±15% and scaled by pct, rounded as people quote: to 500 ₽ or to 100 ₽.
// Integer arithmetic only: money never goes through float64.
func (g *generator) amount(svc int, on regulars.Date, pct int) int64 {
	inflation := int64(100 - g.cfg.AsOf.Sub(on)*8/365)
	rub := g.cat[svc].rub * inflation * int64(pct) * int64(g.between(85, 120)) / 1_000_000
	step := int64(500)
	if rub < 10_000 {
		step = 100
	}
	return max(step, (rub+step/2)/step*step)
}

// settle sets the due and delivery dates and the status of an order from its date and AsOf.
func (g *generator) settle(o *orderPlan) {
	asOf, s := g.cfg.AsOf, &g.cat[o.svc]
	o.due = o.on.AddDays(max(1, s.days*g.between(80, 120)/100))
	if s.monthly {
		o.due = o.on.AddDate(0, 1, -1) // the month's last day, when its report is due
	}
	if o.upcoming && !o.due.After(asOf) {
		o.due = asOf.AddDays(g.between(5, 30))
	}
	if o.due.After(asOf) {
		o.status = regulars.StatusInProgress
		if o.upcoming && (asOf.Sub(o.on) < 4 || g.chance(0.5)) {
			o.status = regulars.StatusPlanned
		}
		return
	}
	early := -2
	if s.monthly {
		early = 0 // a month's report comes at its end, not before
	}
	o.delivered = o.due.AddDays(g.between(early, 5))
	if o.delivered.Before(o.on) {
		o.delivered = o.on
	}
	if o.delivered.After(asOf) {
		o.status, o.delivered = regulars.StatusInProgress, regulars.Date{} // running late
		return
	}
	o.status = g.status(asOf.Sub(o.delivered))
	if o.status == regulars.StatusCancelled {
		o.delivered = regulars.Date{}
	}
}

// status returns the status of an order delivered age days ago.
func (g *generator) status(age int) string {
	r := g.rng.IntN(1000)
	switch {
	case r < 30:
		return regulars.StatusCancelled
	case r < 42:
		return regulars.StatusRefunded
	case age <= 30 && r < 300:
		return regulars.StatusUnpaid
	case age <= 30 && r < 450:
		return regulars.StatusDelivered
	case age > 30 && r < 70:
		return regulars.StatusUnpaid // an old debt
	}
	return regulars.StatusPaid
}

// order returns the order plan as a record of client id.
func (g *generator) order(o *orderPlan, clientID int64) *regulars.Order {
	s := &g.cat[o.svc]
	return &regulars.Order{
		ClientID:    clientID,
		ServiceID:   s.id,
		Service:     s.name,
		Title:       o.title,
		Amount:      regulars.Money{Minor: o.rub * 100, Currency: regulars.DefaultCurrency},
		OrderedOn:   o.on,
		DueOn:       o.due,
		DeliveredOn: o.delivered,
		Status:      o.status,
		CreatedAt:   at(o.on, 10),
		UpdatedAt:   at(later(o.on, o.delivered), 18),
	}
}

// later returns the later of two dates.
func later(a, b regulars.Date) regulars.Date {
	if a.After(b) {
		return a
	}
	return b
}
