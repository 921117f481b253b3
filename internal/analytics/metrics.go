package analytics

import (
	"cmp"
	"encoding/json"
	"math"

	"github.com/regulars/regulars"
)

// Metrics are the business's repeat-sales numbers as of a day, computed from the orders on or
// before it. Money is a decimal number in major units of Currency.
//
// Throughout, a purchase occasion is a day on which a client ordered: several orders of one
// client on one day are one occasion, so a purchase split into several rows does not make a
// client "repeat". A client's first occasion is its first order day; every order on a later
// day is a returning order. "The last N months" are the days after asOf minus N calendar
// months, up to and including asOf (the last 12 months of 2026-03-31 are 2025-04-01 to
// 2026-03-31).
type Metrics struct {
	AsOf     regulars.Date `json:"as_of"`
	Currency string        `json:"currency"`
	// Clients is the number of clients with an order on or before AsOf; Orders is the number
	// of those orders, Revenue their total.
	Clients int         `json:"clients"`
	Orders  int         `json:"orders"`
	Revenue json.Number `json:"revenue"`

	// RepeatRate is the share of clients who came back: clients with at least two occasions
	// divided by Clients. RepeatRate12m is the same among the clients with an order in the
	// last 12 months: of those, the share with at least two occasions in their whole history
	// up to AsOf (an earlier one or a second one within the year). Both are 0 without clients.
	RepeatRate          float64   `json:"repeat_rate"`
	RepeatRate12m       float64   `json:"repeat_rate_12m"`
	RepeatRateBenchmark Benchmark `json:"repeat_rate_benchmark"`

	// RepeatRevenueShare is the share of Revenue from returning orders (orders on a later day
	// than the client's first order day).
	RepeatRevenueShare float64 `json:"repeat_revenue_share"`
	// RegularRevenueShare is the share of the revenue of the last RegularMonths months (24 by
	// default) that came from regular clients: clients with at least RegularOccasions (3)
	// occasions within those months. 0 when those months have no revenue.
	RegularRevenueShare float64 `json:"regular_revenue_share"`

	// AverageCheck is Revenue / Orders, rounded to the minor unit.
	AverageCheck json.Number `json:"average_check"`
	// AverageCheck6m is the average check of the orders of the last 6 months, and
	// AverageCheckPrev6m of the 6 months before them (7 to 12 months ago). AverageCheckTrend
	// is their relative change, AverageCheck6m / AverageCheckPrev6m - 1 (0.1 is a rise of
	// 10%), computed on exact sums; null when either half-year has no orders.
	AverageCheck6m     json.Number `json:"average_check_6m"`
	AverageCheckPrev6m json.Number `json:"average_check_prev_6m"`
	AverageCheckTrend  *float64    `json:"average_check_trend"`

	// MedianDaysBetweenOrders is the median, over the clients with at least two occasions, of
	// each client's typical gap (Summary.TypicalGap: the median of its days between
	// consecutive occasions); every returning client counts once, however often it orders.
	// 0 when no client came back.
	MedianDaysBetweenOrders float64 `json:"median_days_between_orders"`
	// OrdersPerClientYear is the number of orders in the last 12 months divided by the number
	// of clients who ordered in them: how often a client of this year orders in a year.
	OrdersPerClientYear float64 `json:"orders_per_client_year"`

	// ByMonth has one row per calendar month, from the month of the first order to the month
	// of AsOf (partial, up to AsOf), empty months included.
	ByMonth []Month `json:"by_month"`
	// Cohorts has one row per month in which clients first ordered.
	Cohorts []Cohort `json:"cohorts"`
	// Forecast is filled by the purchase models; ComputeMetrics leaves it empty.
	Forecast Forecast `json:"forecast"`
}

// Benchmark places a repeat rate against the range the source calls good for freelancing
// (40–60%): Verdict is "below" under Low, "above" over High and "good" from Low to High
// inclusive; Verdict12m is the same for RepeatRate12m. Both are "" without clients.
type Benchmark struct {
	Low        float64 `json:"low"`
	High       float64 `json:"high"`
	Verdict    string  `json:"verdict"`
	Verdict12m string  `json:"verdict_12m"`
}

// The verdicts of a Benchmark.
const (
	VerdictBelow = "below"
	VerdictGood  = "good"
	VerdictAbove = "above"
)

// Month is one calendar month of orders. RevenueNew is the revenue of orders on their
// client's first order day, RevenueReturning of all the others; Revenue is their sum.
// AverageCheck is Revenue / Orders (0 without orders). Clients counts the clients who
// ordered in the month, NewClients those whose first order it was.
type Month struct {
	Month            string      `json:"month"` // YYYY-MM
	RevenueNew       json.Number `json:"revenue_new"`
	RevenueReturning json.Number `json:"revenue_returning"`
	Revenue          json.Number `json:"revenue"`
	Orders           int         `json:"orders"`
	AverageCheck     json.Number `json:"average_check"`
	Clients          int         `json:"clients"`
	NewClients       int         `json:"new_clients"`
}

// Cohort is the clients whose first order fell in one calendar month. Active[k] is the
// number of them with an order in the k-th calendar month after it (k = 0 is the cohort's
// own month, so Active[0] = Size), up to the month of AsOf, which is partial; Retention[k] is
// Active[k] / Size.
type Cohort struct {
	Cohort    string    `json:"cohort"` // YYYY-MM
	Size      int       `json:"size"`
	Active    []int     `json:"active"`
	Retention []float64 `json:"retention"`
}

// Forecast is the expected revenue of the next 3, 6 and 12 months from the purchase models,
// in major units; empty (encoded as {}) until the models fill it.
type Forecast struct {
	Months3  json.Number `json:"months_3,omitempty"`
	Months6  json.Number `json:"months_6,omitempty"`
	Months12 json.Number `json:"months_12,omitempty"`
}

// MetricOptions configure ComputeMetrics. Zero fields take the defaults in brackets.
type MetricOptions struct {
	Currency         string  // of the amounts [regulars.DefaultCurrency]
	RegularOccasions int     // occasions that make a client regular [3]
	RegularMonths    int     // ... within this many months [24]
	RepeatLow        float64 // the good repeat rate, from [0.40]
	RepeatHigh       float64 // ... to [0.60]
}

func (o MetricOptions) withDefaults() MetricOptions {
	o.Currency = cmp.Or(o.Currency, regulars.DefaultCurrency)
	o.RegularOccasions = cmp.Or(o.RegularOccasions, 3)
	o.RegularMonths = cmp.Or(o.RegularMonths, 24)
	o.RepeatLow = cmp.Or(o.RepeatLow, 0.40)
	o.RepeatHigh = cmp.Or(o.RepeatHigh, 0.60)
	return o
}

// ComputeMetrics returns the metrics of orders as of asOf. Orders after asOf are ignored;
// sums must be Summarize(orders, _, asOf). Orders are best sorted by client and then day
// (anything else is sorted in a copy first).
func ComputeMetrics(orders []Order, sums []Summary, asOf regulars.Date, opt MetricOptions) Metrics {
	opt = opt.withDefaults()
	m := Metrics{
		AsOf: asOf, Currency: opt.Currency, ByMonth: []Month{}, Cohorts: []Cohort{},
		RepeatRateBenchmark: Benchmark{Low: opt.RepeatLow, High: opt.RepeatHigh},
	}
	addClientMetrics(&m, sums, asOf)
	t := tallyOrders(byClientDay(orders), asOf, opt)
	t.fill(&m)
	return m
}

// addClientMetrics sets the metrics that need only the summaries.
func addClientMetrics(m *Metrics, sums []Summary, asOf regulars.Date) {
	start12 := asOf.AddDate(0, -12, 0)
	var repeat, active12, repeat12 int
	var gaps halves
	for i := range sums {
		s := &sums[i]
		if s.Occasions >= 2 {
			repeat++
			gaps.add(float64(s.TypicalGap))
		}
		if s.Last.After(start12) {
			active12++
			if s.Occasions >= 2 {
				repeat12++
			}
		}
	}
	m.Clients = len(sums)
	m.RepeatRate = ratio(repeat, len(sums))
	m.RepeatRate12m = ratio(repeat12, active12)
	b := &m.RepeatRateBenchmark
	if len(sums) > 0 {
		b.Verdict = b.verdict(m.RepeatRate)
	}
	if active12 > 0 {
		b.Verdict12m = b.verdict(m.RepeatRate12m)
	}
	m.MedianDaysBetweenOrders = gaps.median()
}

func (b Benchmark) verdict(rate float64) string {
	switch {
	case rate < b.Low:
		return VerdictBelow
	case rate > b.High:
		return VerdictAbove
	}
	return VerdictGood
}

// ratio returns a / b, and 0 when b is 0.
func ratio[T int | int64](a, b T) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// halves counts values that are whole or half numbers of days, such as typical gaps, to find
// their median without sorting a million of them.
type halves struct {
	counts []int // by twice the value
	n      int
}

func (h *halves) add(v float64) {
	i := max(0, int(math.Round(2*v))) // exact for Summarize's gaps, the nearest half otherwise
	if i >= len(h.counts) {
		h.counts = append(h.counts, make([]int, i+1-len(h.counts)+len(h.counts)/2)...)
	}
	h.counts[i]++
	h.n++
}

// median returns the median of the values, the mean of the two middle ones for an even
// count, and 0 for none.
func (h *halves) median() float64 {
	if h.n == 0 {
		return 0
	}
	lo, hi := -1, -1 // the values at sorted positions (n-1)/2 and n/2
	seen := 0
	for i, c := range h.counts {
		seen += c
		if lo < 0 && seen > (h.n-1)/2 {
			lo = i
		}
		if seen > h.n/2 {
			hi = i
			break
		}
	}
	return float64(lo+hi) / 4
}
