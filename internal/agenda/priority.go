package agenda

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/regulars/regulars"
)

// Rank fills each item's value at stake, priority, channel and best time, and orders the
// items by priority, highest first (then by due day and key).
//
// The value at stake is what the client brings in a year on average: its revenue so far over
// the years since its first order (a client younger than a year counts its whole revenue).
// The priority is that value in major units, times the urgency — 1.5 for an item overdue,
// 1.3 due today, then 5% less for each day ahead (down to 0.5) — times 2 for a VIP; every
// item's PriorityWhy says so in words. The channel is the client's preferred one, else a
// message; the best time its preferred time of day, else "day".
func Rank(items []Item, in Input, today regulars.Date) {
	value := yearlyValue(in, today)
	vip := map[int64]bool{}
	for _, s := range in.Segments {
		vip[s.ClientID] = s.VIP
	}
	clients := map[int64]*regulars.Client{}
	for _, c := range in.Clients {
		clients[c.ID] = c
	}
	for i := range items {
		it := &items[i]
		v := value[it.ClientID]
		it.ValueAtStake = v
		urgency, when := urgencyOf(it.DueOn, today)
		p := float64(v.Minor) / math.Pow10(regulars.CurrencyExponent(v.Currency)) * urgency
		why := []string{fmt.Sprintf("%s %s a year", v.Major(), v.Currency), when}
		if vip[it.ClientID] {
			p *= 2
			why = append([]string{"VIP"}, why...)
		}
		it.Priority = int64(math.Round(p))
		it.PriorityWhy = strings.Join(why, "; ")
		it.Channel, it.BestTime = regulars.ChannelMessage, regulars.TimeDay
		if c := clients[it.ClientID]; c != nil {
			if c.PreferredChannel != "" {
				it.Channel = c.PreferredChannel
			}
			if c.PreferredTime != "" {
				it.BestTime = c.PreferredTime
			}
		}
	}
	slices.SortStableFunc(items, func(x, y Item) int {
		if x.Priority != y.Priority {
			return cmp.Compare(y.Priority, x.Priority)
		}
		if c := x.DueOn.Compare(y.DueOn); c != 0 {
			return c
		}
		return strings.Compare(x.Key, y.Key)
	})
}

func urgencyOf(due, today regulars.Date) (float64, string) {
	switch d := due.Sub(today); {
	case d < 0:
		return 1.5, fmt.Sprintf("overdue %d days", -d)
	case d == 0:
		return 1.3, "due today"
	default:
		return math.Max(0.5, 1-0.05*float64(d)), fmt.Sprintf("due in %d days", d)
	}
}

// yearlyValue returns each client's average revenue a year as of today, in the currency of
// the segments (the business's).
func yearlyValue(in Input, today regulars.Date) map[int64]regulars.Money {
	first := map[int64]regulars.Date{}
	for _, o := range in.Orders {
		if o.Counts() && (first[o.ClientID].IsZero() || o.OrderedOn.Before(first[o.ClientID])) {
			first[o.ClientID] = o.OrderedOn
		}
	}
	out := make(map[int64]regulars.Money, len(in.Segments))
	for _, s := range in.Segments {
		years := 1.0
		if f := first[s.ClientID]; !f.IsZero() {
			years = math.Max(1, float64(today.Sub(f))/365.25)
		}
		out[s.ClientID] = regulars.Money{Minor: int64(math.Round(float64(s.Monetary) / years)), Currency: s.Currency}
	}
	return out
}
