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
	maxID := maxClientID(in)
	vip := newByClient[bool](maxID, len(in.Clients))
	for _, s := range in.Segments {
		vip.set(s.ClientID, s.VIP)
	}
	clients := newByClient[*regulars.Client](maxID, len(in.Clients))
	for _, c := range in.Clients {
		clients.set(c.ID, c)
	}
	for i := range items {
		it := &items[i]
		v := value.get(it.ClientID)
		it.ValueAtStake = v
		urgency, when := urgencyOf(it.DueOn, today)
		p := float64(v.Minor) / math.Pow10(regulars.CurrencyExponent(v.Currency)) * urgency
		why := []string{fmt.Sprintf("%s %s a year", v.Major(), v.Currency), when}
		if vip.get(it.ClientID) {
			p *= 2
			why = append([]string{"VIP"}, why...)
		}
		it.Priority = int64(math.Round(p))
		it.PriorityWhy = strings.Join(why, "; ")
		it.Channel, it.BestTime = regulars.ChannelMessage, regulars.TimeDay
		if c := clients.get(it.ClientID); c != nil {
			if c.PreferredChannel != "" {
				it.Channel = c.PreferredChannel
			}
			if c.PreferredTime != "" {
				it.BestTime = c.PreferredTime
			}
		}
	}
	// Sort positions, not items: an Item is some 300 bytes, and moving 100,000 of them through
	// a sort cost more than the rest of the ranking. Keys are unique, so the order is total.
	order := make([]int32, len(items))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		x, y := &items[a], &items[b]
		if x.Priority != y.Priority {
			return cmp.Compare(y.Priority, x.Priority)
		}
		if c := x.DueOn.Compare(y.DueOn); c != 0 {
			return c
		}
		return strings.Compare(x.Key, y.Key)
	})
	sorted := make([]Item, len(items))
	for i, j := range order {
		sorted[i] = items[j]
	}
	copy(items, sorted)
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
func yearlyValue(in Input, today regulars.Date) byClient[regulars.Money] {
	maxID := maxClientID(in)
	first := newByClient[regulars.Date](maxID, len(in.Clients))
	for i := range in.Orders {
		o := &in.Orders[i]
		if f := first.get(o.ClientID); o.Counts() && (f.IsZero() || o.OrderedOn.Before(f)) {
			first.set(o.ClientID, o.OrderedOn)
		}
	}
	out := newByClient[regulars.Money](maxID, len(in.Clients))
	for _, s := range in.Segments {
		years := 1.0
		if f := first.get(s.ClientID); !f.IsZero() {
			years = math.Max(1, float64(today.Sub(f))/365.25)
		}
		out.set(s.ClientID, regulars.Money{Minor: int64(math.Round(float64(s.Monetary) / years)), Currency: s.Currency})
	}
	return out
}
