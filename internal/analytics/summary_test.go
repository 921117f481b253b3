package analytics_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/analytics"
)

var day = regulars.MustParseDate

func TestSummarize(t *testing.T) {
	asOf := day("2026-03-31")
	orders := []analytics.Order{
		{ClientID: 1, On: day("2026-01-10"), Amount: 100000},
		{ClientID: 1, On: day("2026-01-10"), Amount: 50000}, // same day: one occasion
		{ClientID: 1, On: day("2026-02-09"), Amount: 200000},
		{ClientID: 1, On: day("2026-03-21"), Amount: 30000},
		{ClientID: 1, On: day("2026-04-05"), Amount: 999999}, // after asOf
		{ClientID: 2, On: day("2025-12-01"), Amount: 0},      // one order, zero amount
		{ClientID: 3, On: day("2026-04-02"), Amount: 5000},   // only after asOf: no summary
		{ClientID: 4, On: day("2026-03-31"), Amount: 10000},  // all on one day, the as-of day
		{ClientID: 4, On: day("2026-03-31"), Amount: 20000},
		{ClientID: 4, On: day("2026-03-31"), Amount: 30000},
		{ClientID: 5, On: day("2025-01-01"), Amount: 1},
		{ClientID: 5, On: day("2025-01-11"), Amount: 2},
		{ClientID: 5, On: day("2025-02-10"), Amount: 2},
		{ClientID: 5, On: day("2025-02-12"), Amount: 1},
	}
	contacts := []analytics.Contact{ // unsorted on purpose
		{ClientID: 1, On: day("2026-04-10")}, // after asOf
		{ClientID: 9, On: day("2026-03-01")}, // no orders: ignored
		{ClientID: 1, On: day("2026-03-30")},
		{ClientID: 5, On: day("2025-06-01")},
	}
	want := []analytics.Summary{{
		// 1000 + 500 + 2000 + 300 = 3800.00 over 4 orders on 3 days.
		ClientID: 1, First: day("2026-01-10"), Last: day("2026-03-21"),
		Orders: 4, Occasions: 3, Revenue: 380000,
		AverageCheck:  95000, // 380000 / 4
		TypicalGap:    35,    // gaps Jan 10 → Feb 9 = 30 and Feb 9 → Mar 21 = 19 + 21 = 40; (30+40)/2
		DaysSinceLast: 10,    // Mar 21 → Mar 31
		LastContact:   day("2026-03-30"), DaysSinceContact: 1,
		Frequency: 2, Recency: 70, // 30 + 40
		Age:            80,   // Jan 10 → Mar 31: 21 + 28 + 31
		MonetaryRepeat: 1150, // (3800 - 1500 of the first day) / 2 repeat occasions
	}, {
		ClientID: 2, First: day("2025-12-01"), Last: day("2025-12-01"),
		Orders: 1, Occasions: 1,
		DaysSinceLast:    120, // Dec 1 → Dec 31 = 30, + 31 + 28 + 31
		DaysSinceContact: -1,
		Age:              120,
	}, {
		ClientID: 4, First: asOf, Last: asOf,
		Orders: 3, Occasions: 1, Revenue: 60000, AverageCheck: 20000,
		DaysSinceContact: -1,
	}, {
		ClientID: 5, First: day("2025-01-01"), Last: day("2025-02-12"),
		Orders: 4, Occasions: 4, Revenue: 6,
		AverageCheck:  2,   // 6 / 4 = 1.5, rounded half up
		TypicalGap:    10,  // gaps 10, 30, 2 → sorted 2, 10, 30
		DaysSinceLast: 412, // Feb 12 → Feb 28 = 16, Mar–Dec 2025 = 306, Jan–Mar 2026 = 90
		LastContact:   day("2025-06-01"),
		// Jun 1 → Jun 30 = 29, Jul–Dec 2025 = 184, Jan–Mar 2026 = 90
		DaysSinceContact: 303,
		Frequency:        3, Recency: 42, // Jan 1 → Feb 12 = 31 + 11
		Age:            454,           // 365 + 89
		MonetaryRepeat: 5.0 / 3 / 100, // (6 - 1) / 3, in major units
	}}

	t.Run("OK", func(t *testing.T) {
		got := analytics.Summarize(orders, contacts, asOf)
		assertSummaries(t, got, want)
	})
	t.Run("Unsorted", func(t *testing.T) {
		shuffled := append([]analytics.Order(nil), orders...)
		rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) {
			shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
		})
		before := append([]analytics.Order(nil), shuffled...)
		got := analytics.Summarize(shuffled, contacts, asOf)
		assertSummaries(t, got, want)
		if !reflect.DeepEqual(shuffled, before) {
			t.Error("Summarize changed its input")
		}
	})
	t.Run("Empty", func(t *testing.T) {
		if got := analytics.Summarize(nil, contacts, asOf); len(got) != 0 {
			t.Errorf("len=%d, want 0", len(got))
		}
	})
	t.Run("AllAfterAsOf", func(t *testing.T) {
		if got := analytics.Summarize(orders, nil, day("2024-12-31")); len(got) != 0 {
			t.Errorf("len=%d, want 0", len(got))
		}
	})
}

func TestSummarize_TypicalGap(t *testing.T) {
	asOf := day("2026-12-31")
	for _, tt := range []struct {
		name string
		days []string
		want float32
	}{
		{"OneOrder", []string{"2026-01-01"}, 0},
		{"SameDay", []string{"2026-01-01", "2026-01-01"}, 0},
		{"OneGap", []string{"2026-01-01", "2026-01-08"}, 7},
		{"EvenGaps", []string{"2026-01-01", "2026-01-02", "2026-01-12", "2026-01-13", "2026-01-23"}, 5.5}, // 1, 10, 1, 10 → (1+10)/2
		{"OddGaps", []string{"2026-01-01", "2026-03-02", "2026-03-03", "2026-03-10"}, 7},                  // 60, 1, 7 → 7
	} {
		t.Run(tt.name, func(t *testing.T) {
			var orders []analytics.Order
			for _, d := range tt.days {
				orders = append(orders, analytics.Order{ClientID: 1, On: day(d), Amount: 100})
			}
			got := analytics.Summarize(orders, nil, asOf)
			if got[0].TypicalGap != tt.want {
				t.Errorf("TypicalGap=%v, want %v", got[0].TypicalGap, tt.want)
			}
		})
	}
}

func assertSummaries(t *testing.T, got, want []analytics.Summary) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("len=%d, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("summary %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// synthetic returns orders of n clients, sorted by client and day, 3.6 per client on average
// (1, 2, 4, 5 and 6 in turn), over the three years before asOf, with contacts for every
// third client.
func synthetic(n int, asOf regulars.Date) ([]analytics.Order, []analytics.Contact) {
	rng := rand.New(rand.NewPCG(42, 7))
	counts := [...]int{1, 2, 4, 5, 6}
	orders := make([]analytics.Order, 0, n*18/5)
	contacts := make([]analytics.Contact, 0, n/3+1)
	for c := 1; c <= n; c++ {
		k := counts[c%len(counts)]
		first := 1 + rng.IntN(1095)
		d := first
		for j := 0; j < k; j++ {
			orders = append(orders, analytics.Order{
				ClientID: int64(c), On: asOf.AddDays(-d), Amount: int64(100 + rng.IntN(5_000_000)),
			})
			d -= rng.IntN(first/k + 1)
			d = max(d, 0)
		}
		if c%3 == 0 {
			contacts = append(contacts, analytics.Contact{ClientID: int64(c), On: asOf.AddDays(-rng.IntN(400))})
		}
	}
	return orders, contacts
}

func BenchmarkSummarize(b *testing.B) {
	asOf := day("2026-06-30")
	orders, contacts := synthetic(1_000_000, asOf)
	b.ReportMetric(float64(len(orders)), "orders")
	b.ResetTimer()
	for b.Loop() {
		analytics.Summarize(orders, contacts, asOf)
	}
}
