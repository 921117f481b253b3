package storetest

import (
	"reflect"
	"testing"

	"github.com/regulars/regulars"
)

func testAnalyticsReads(t *testing.T, s Services) {
	pts, cur, err := s.Analytics.OrderPoints(ctx())
	if err != nil || len(pts) != 0 || cur != regulars.DefaultCurrency {
		t.Fatalf("empty base: %v %q %v", pts, cur, err)
	}
	a := mustCreateClient(t, s, &regulars.Client{Name: "A"})
	b := mustCreateClient(t, s, &regulars.Client{Name: "B"})
	for _, o := range []*regulars.Order{
		{ClientID: b.ID, Amount: regulars.Money{Minor: 300, Currency: "USD"}, OrderedOn: day("2026-01-03")},
		{ClientID: b.ID, Amount: rub(2), OrderedOn: day("2026-01-02")},
		{ClientID: a.ID, Amount: rub(3), OrderedOn: day("2026-02-01")},
		{ClientID: a.ID, Amount: rub(1), OrderedOn: day("2026-01-01")},
		{ClientID: a.ID, Amount: rub(9), OrderedOn: day("2026-01-05"), Status: regulars.StatusCancelled},
		{ClientID: a.ID, OrderedOn: day("2026-01-06"), Status: regulars.StatusPlanned}, // planned: no purchase yet
		{ClientID: a.ID, Amount: rub(4), OrderedOn: day("2026-02-01")},                 // the same day: one point of two orders
	} {
		mustCreateOrder(t, s, o)
	}
	pts, cur, err = s.Analytics.OrderPoints(ctx())
	want := []regulars.OrderPoint{
		{ClientID: a.ID, On: day("2026-01-01"), Count: 1, Amount: 100},
		{ClientID: a.ID, On: day("2026-02-01"), Count: 2, Amount: 700},
		{ClientID: b.ID, On: day("2026-01-02"), Count: 1, Amount: 200},
	}
	if err != nil || cur != "RUB" || !reflect.DeepEqual(pts, want) {
		t.Fatalf("points %v in %q (err %v), want %v in RUB", pts, cur, err, want)
	}
	s.Interactions.CreateInteraction(ctx(), &regulars.Interaction{ClientID: b.ID, On: day("2026-03-01")})
	cs, err := s.Analytics.LastContacts(ctx())
	if err != nil || len(cs) != 1 || cs[0] != (regulars.ContactPoint{ClientID: b.ID, On: day("2026-03-01")}) {
		t.Fatalf("last contacts %v, err %v", cs, err)
	}
	names, err := s.Analytics.ClientNames(ctx())
	if err != nil || names[a.ID] != "A" || names[b.ID] != "B" {
		t.Fatalf("names %v, err %v", names, err)
	}
	// The main currency is the one most orders use, however many a day: five EUR orders of
	// one day outnumber the four RUB ones (PostgreSQL sums the five into one point).
	c := mustCreateClient(t, s, &regulars.Client{Name: "C"})
	for range 5 {
		mustCreateOrder(t, s, &regulars.Order{ClientID: c.ID, Amount: regulars.Money{Minor: 100, Currency: "EUR"}, OrderedOn: day("2026-03-02")})
	}
	pts, cur, err = s.Analytics.OrderPoints(ctx())
	want = []regulars.OrderPoint{{ClientID: c.ID, On: day("2026-03-02"), Count: 5, Amount: 500}}
	if err != nil || cur != "EUR" || !reflect.DeepEqual(pts, want) {
		t.Fatalf("points %v in %q (err %v), want %v in EUR", pts, cur, err, want)
	}
}
