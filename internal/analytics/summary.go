package analytics

import (
	"cmp"
	"slices"

	"github.com/regulars/regulars"
)

// Contact is an interaction with a client (a call, a message, a meeting) as the analysis
// needs it: who and which day. The store's last contact per client is enough.
type Contact = regulars.ContactPoint

// Summarize returns one Summary per client with an order on or before asOf, by client ID.
// Orders after asOf and contacts after asOf are ignored, as are contacts of clients without
// an order.
//
// Orders should come sorted by client and then day, as the store returns them, and contacts
// by client: sorted input is used as it is, anything else is sorted in a copy first (checking
// costs one comparison per order; sorting millions of orders costs far more).
//
// MonetaryRepeat is in major units of a currency with two decimals (minor units / 100), the
// only kind the models are given today.
func Summarize(orders []Order, contacts []Contact, asOf regulars.Date) []Summary {
	orders = byClientDay(orders)
	sums := make([]Summary, 0, countClients(orders, asOf))
	var gaps []int32 // reused by every client: no allocation per client
	for i := 0; i < len(orders); {
		j := i + 1
		for j < len(orders) && orders[j].ClientID == orders[i].ClientID {
			j++
		}
		if !orders[i].On.After(asOf) {
			sums = append(sums, summarize(orders[i:j], asOf, &gaps))
		}
		i = j
	}
	addContacts(sums, byClient(contacts), asOf)
	return sums
}

// summarize adds up the orders of one client, sorted by day, the first on or before asOf.
func summarize(orders []Order, asOf regulars.Date, gaps *[]int32) Summary {
	first := orders[0].On
	s := Summary{ClientID: orders[0].ClientID, First: first, Last: first, DaysSinceContact: -1}
	var firstSpend int64
	*gaps = (*gaps)[:0]
	for _, o := range orders {
		if o.On.After(asOf) {
			break // sorted by day: the rest are later too
		}
		if o.On != s.Last {
			*gaps = append(*gaps, int32(o.On.Sub(s.Last)))
			s.Last = o.On
		}
		if o.On == first {
			firstSpend += o.Amount
		}
		s.Orders += int32(o.N())
		s.Revenue += o.Amount
	}
	s.Occasions = int32(len(*gaps) + 1)
	s.AverageCheck = divRound(s.Revenue, int64(s.Orders))
	s.TypicalGap = float32(median(*gaps))
	s.DaysSinceLast = int32(asOf.Sub(s.Last))
	s.Frequency = s.Occasions - 1
	s.Recency = int32(s.Last.Sub(first))
	s.Age = int32(asOf.Sub(first))
	if s.Frequency > 0 {
		s.MonetaryRepeat = float64(s.Revenue-firstSpend) / float64(s.Frequency) / 100
	}
	return s
}

// addContacts sets the last contact of each summary from contacts sorted by client. Both
// lists are walked once, side by side.
func addContacts(sums []Summary, contacts []Contact, asOf regulars.Date) {
	j := 0
	for i := range sums {
		s := &sums[i]
		for j < len(contacts) && contacts[j].ClientID < s.ClientID {
			j++
		}
		for ; j < len(contacts) && contacts[j].ClientID == s.ClientID; j++ {
			c := contacts[j].On
			if !c.IsZero() && !c.After(asOf) && c.After(s.LastContact) {
				s.LastContact = c
			}
		}
		if !s.LastContact.IsZero() {
			s.DaysSinceContact = int32(asOf.Sub(s.LastContact))
		}
	}
}

// countClients returns the number of clients whose first order is on or before asOf, so
// that the summaries are allocated once.
func countClients(orders []Order, asOf regulars.Date) int {
	n := 0
	for i, o := range orders {
		if (i == 0 || o.ClientID != orders[i-1].ClientID) && !o.On.After(asOf) {
			n++
		}
	}
	return n
}

// byClientDay returns orders sorted by client and then day: orders itself when it already
// is, a sorted copy otherwise.
func byClientDay(orders []Order) []Order {
	for i := 1; i < len(orders); i++ {
		a, b := &orders[i-1], &orders[i]
		if a.ClientID > b.ClientID || a.ClientID == b.ClientID && a.On.After(b.On) {
			orders = slices.Clone(orders)
			slices.SortFunc(orders, func(a, b Order) int {
				return cmp.Or(cmp.Compare(a.ClientID, b.ClientID), a.On.Compare(b.On))
			})
			return orders
		}
	}
	return orders
}

// byClient returns contacts sorted by client: contacts itself when it already is, a sorted
// copy otherwise.
func byClient(contacts []Contact) []Contact {
	for i := 1; i < len(contacts); i++ {
		if contacts[i-1].ClientID > contacts[i].ClientID {
			contacts = slices.Clone(contacts)
			slices.SortFunc(contacts, func(a, b Contact) int { return cmp.Compare(a.ClientID, b.ClientID) })
			return contacts
		}
	}
	return contacts
}

// median returns the median of xs, the mean of the two middle values for an even count, and
// 0 for none. It sorts xs in place.
func median(xs []int32) float64 {
	switch len(xs) {
	case 0:
		return 0
	case 1:
		return float64(xs[0])
	case 2:
		return (float64(xs[0]) + float64(xs[1])) / 2
	}
	slices.Sort(xs)
	h := len(xs) / 2
	if len(xs)%2 == 1 {
		return float64(xs[h])
	}
	return (float64(xs[h-1]) + float64(xs[h])) / 2
}

// divRound returns a / b rounded to the nearest integer, halves away from zero; 0 when b is 0.
func divRound(a, b int64) int64 {
	if b == 0 {
		return 0
	}
	q, r := a/b, a%b
	if r < 0 {
		r = -r
	}
	if 2*r >= b {
		if a < 0 {
			q--
		} else {
			q++
		}
	}
	return q
}
