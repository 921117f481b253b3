package analytics

import (
	"encoding/json"

	"github.com/regulars/regulars"
)

// tally is what one pass over the orders adds up for the metrics.
type tally struct {
	opt     MetricOptions
	asOf    regulars.Date
	first   int           // monthOf the first order
	day0    regulars.Date // the first order's day
	monthAt []int32       // month (from first) of each day from day0 to asOf
	months  []monthSums   // by month from first
	cohorts [][]int       // by cohort month from first: clients active k months after

	start6, start12, startRegular regulars.Date // the windows, exclusive

	orders                   int
	revenue                  int64
	orders12, clients12      int
	revenue6, revenuePrev6   int64
	orders6, ordersPrev6     int
	revenueRecent, regularly int64 // of the regular window: all, from regular clients
}

type monthSums struct {
	revenueNew, revenueReturning int64
	orders, clients, newClients  int
}

// tallyOrders adds up orders, sorted by client and then day, on or before asOf.
func tallyOrders(orders []Order, asOf regulars.Date, opt MetricOptions) *tally {
	t := &tally{
		opt: opt, asOf: asOf,
		start6: asOf.AddDate(0, -6, 0), start12: asOf.AddDate(0, -12, 0),
		startRegular: asOf.AddDate(0, -opt.RegularMonths, 0),
	}
	firstDay, ok := firstOrderDay(orders, asOf)
	if !ok {
		return t
	}
	t.first, t.day0 = monthOf(firstDay), firstDay
	n := monthOf(asOf) - t.first + 1
	// A month per day of the history is a few kilobytes and spares a calendar computation
	// per order.
	t.monthAt = make([]int32, asOf.Sub(firstDay)+1)
	for i := range t.monthAt {
		t.monthAt[i] = int32(monthOf(firstDay.AddDays(i)) - t.first)
	}
	t.months = make([]monthSums, n)
	t.cohorts = make([][]int, n)
	for i := 0; i < len(orders); {
		j := i + 1
		for j < len(orders) && orders[j].ClientID == orders[i].ClientID {
			j++
		}
		if !orders[i].On.After(asOf) {
			t.client(orders[i:j])
		}
		i = j
	}
	return t
}

// firstOrderDay returns the day of the earliest order on or before asOf.
func firstOrderDay(orders []Order, asOf regulars.Date) (regulars.Date, bool) {
	var first regulars.Date
	for i := range orders {
		d := orders[i].On
		if !d.After(asOf) && (first.IsZero() || d.Before(first)) {
			first = d
		}
	}
	return first, !first.IsZero()
}

// client adds the orders of one client, sorted by day, the first on or before asOf.
func (t *tally) client(orders []Order) {
	firstDay := orders[0].On
	cohort := int(t.monthAt[firstDay.Sub(t.day0)])
	if t.cohorts[cohort] == nil {
		t.cohorts[cohort] = make([]int, len(t.months)-cohort)
	}
	t.months[cohort].newClients++
	lastMonth, lastDay := -1, regulars.Date{}
	month := 0
	var occasionsRecent int
	var revenueRecent int64
	for _, o := range orders {
		if o.On.After(t.asOf) {
			break
		}
		if o.On != lastDay {
			month = int(t.monthAt[o.On.Sub(t.day0)])
			if o.On.After(t.startRegular) {
				occasionsRecent++
			}
			lastDay = o.On
		}
		row := &t.months[month]
		row.orders += o.N()
		if o.On == firstDay {
			row.revenueNew += o.Amount
		} else {
			row.revenueReturning += o.Amount
		}
		if month != lastMonth {
			row.clients++
			t.cohorts[cohort][month-cohort]++
			lastMonth = month
		}
		if o.On.After(t.startRegular) {
			revenueRecent += o.Amount
		}
		t.window(o)
	}
	if lastDay.After(t.start12) {
		t.clients12++
	}
	t.revenueRecent += revenueRecent
	if occasionsRecent >= t.opt.RegularOccasions {
		t.regularly += revenueRecent
	}
}

// window adds an order to the totals and the 6- and 12-month windows.
func (t *tally) window(o Order) {
	n := o.N()
	t.orders += n
	t.revenue += o.Amount
	switch {
	case o.On.After(t.start6):
		t.revenue6 += o.Amount
		t.orders6 += n
		t.orders12 += n
	case o.On.After(t.start12):
		t.revenuePrev6 += o.Amount
		t.ordersPrev6 += n
		t.orders12 += n
	}
}

// fill sets the metrics that come from the orders.
func (t *tally) fill(m *Metrics) {
	money := func(minor int64) json.Number {
		return regulars.Money{Minor: minor, Currency: t.opt.Currency}.JSONNumber()
	}
	m.Orders = t.orders
	m.Revenue = money(t.revenue)
	m.AverageCheck = money(divRound(t.revenue, int64(t.orders)))
	m.AverageCheck6m = money(divRound(t.revenue6, int64(t.orders6)))
	m.AverageCheckPrev6m = money(divRound(t.revenuePrev6, int64(t.ordersPrev6)))
	if t.orders6 > 0 && t.ordersPrev6 > 0 && t.revenuePrev6 != 0 {
		// (r6/n6) / (rp/np) - 1, on the exact sums rather than the rounded checks
		trend := float64(t.revenue6)*float64(t.ordersPrev6)/(float64(t.revenuePrev6)*float64(t.orders6)) - 1
		m.AverageCheckTrend = &trend
	}
	var returning int64
	for i, s := range t.months {
		returning += s.revenueReturning
		revenue := s.revenueNew + s.revenueReturning
		m.ByMonth = append(m.ByMonth, Month{
			Month: monthString(t.first + i), RevenueNew: money(s.revenueNew),
			RevenueReturning: money(s.revenueReturning), Revenue: money(revenue),
			Orders: s.orders, AverageCheck: money(divRound(revenue, int64(s.orders))),
			Clients: s.clients, NewClients: s.newClients,
		})
	}
	m.RepeatRevenueShare = ratio(returning, t.revenue)
	m.RegularRevenueShare = ratio(t.regularly, t.revenueRecent)
	m.OrdersPerClientYear = ratio(t.orders12, t.clients12)
	for i, active := range t.cohorts {
		if active == nil {
			continue
		}
		c := Cohort{Cohort: monthString(t.first + i), Size: active[0], Active: active,
			Retention: make([]float64, len(active))}
		for k, a := range active {
			c.Retention[k] = ratio(a, c.Size)
		}
		m.Cohorts = append(m.Cohorts, c)
	}
}
