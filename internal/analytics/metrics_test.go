package analytics_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/regulars/regulars/internal/analytics"
)

// metricOrders is a small business as of 2026-06-30. The last 6 months are after 2025-12-30,
// the 6 before them after 2025-06-30, the last 24 after 2024-06-30.
var metricOrders = []analytics.Order{
	// C1: four occasions over two years, gaps 365, 184 and 151 days: typical gap 184.
	{ClientID: 1, On: day("2024-07-15"), Amount: 10000},
	{ClientID: 1, On: day("2025-07-15"), Amount: 20000},
	{ClientID: 1, On: day("2026-01-15"), Amount: 30000},
	{ClientID: 1, On: day("2026-06-15"), Amount: 40000},
	// C2: one order.
	{ClientID: 2, On: day("2026-02-10"), Amount: 50000},
	// C3: two orders on one day, exactly 12 months before asOf: outside the last 12 months.
	{ClientID: 3, On: day("2025-06-30"), Amount: 10000},
	{ClientID: 3, On: day("2025-06-30"), Amount: 10000},
	// C4: three occasions in two months, gaps 19 and 12: typical gap 15.5.
	{ClientID: 4, On: day("2026-05-01"), Amount: 20000},
	{ClientID: 4, On: day("2026-05-20"), Amount: 20000},
	{ClientID: 4, On: day("2026-06-01"), Amount: 20000},
	// C5: only after asOf: ignored.
	{ClientID: 5, On: day("2026-07-05"), Amount: 99999},
	// C6: two free orders a week apart: typical gap 7.
	{ClientID: 6, On: day("2026-03-03"), Amount: 0},
	{ClientID: 6, On: day("2026-03-10"), Amount: 0},
}

func TestComputeMetrics(t *testing.T) {
	asOf := day("2026-06-30")
	sums := analytics.Summarize(metricOrders, nil, asOf)
	m := analytics.ComputeMetrics(metricOrders, sums, asOf, analytics.MetricOptions{})

	for _, tt := range []struct {
		name      string
		got, want any
	}{
		{"Clients", m.Clients, 5},                      // C1, C2, C3, C4, C6
		{"Orders", m.Orders, 12},                       // 4 + 1 + 2 + 3 + 2
		{"Revenue", m.Revenue, json.Number("2300.00")}, // 1000 + 500 + 200 + 600 + 0
		{"Currency", m.Currency, "RUB"},
		{"RepeatRate", m.RepeatRate, 0.6},                         // C1, C4, C6 of 5 (C3's two orders are one day)
		{"RepeatRate12m", m.RepeatRate12m, 0.75},                  // C1, C4, C6 of C1, C2, C4, C6
		{"Verdict", m.RepeatRateBenchmark.Verdict, "good"},        // 0.40 ≤ 0.6 ≤ 0.60
		{"Verdict12m", m.RepeatRateBenchmark.Verdict12m, "above"}, // 0.75 > 0.60
		{"BenchmarkLow", m.RepeatRateBenchmark.Low, 0.40},
		{"BenchmarkHigh", m.RepeatRateBenchmark.High, 0.60},
		// Returning orders: C1's 200 + 300 + 400, C4's 200 + 200: 1300 of 2300.
		{"RepeatRevenueShare", m.RepeatRevenueShare, 1300.0 / 2300},
		// Regular (≥ 3 occasions in the last 24 months): C1 (1000) and C4 (600), of 2300.
		{"RegularRevenueShare", m.RegularRevenueShare, 1600.0 / 2300},
		{"AverageCheck", m.AverageCheck, json.Number("191.67")}, // 2300 / 12 = 191.666…
		// Last 6 months: C1 300 + 400, C2 500, C4 3 × 200, C6 2 × 0 = 1800 over 8 orders.
		{"AverageCheck6m", m.AverageCheck6m, json.Number("225.00")},
		// 6 months before: C1's 200 alone (C3's day is not after 2025-06-30).
		{"AverageCheckPrev6m", m.AverageCheckPrev6m, json.Number("200.00")},
		{"AverageCheckTrend", *m.AverageCheckTrend, 0.125},           // 225 / 200 - 1
		{"MedianDaysBetweenOrders", m.MedianDaysBetweenOrders, 15.5}, // of 184, 15.5, 7
		{"OrdersPerClientYear", m.OrdersPerClientYear, 2.25},         // 9 orders / 4 clients
		{"Months", len(m.ByMonth), 24},                               // 2024-07 … 2026-06
		{"Forecast", m.Forecast, analytics.Forecast{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("%s=%v, want %v", tt.name, tt.got, tt.want)
			}
		})
	}

	t.Run("ByMonth", func(t *testing.T) {
		byMonth := map[string]analytics.Month{}
		for _, row := range m.ByMonth {
			byMonth[row.Month] = row
		}
		for _, want := range []analytics.Month{
			{"2024-07", "100.00", "0.00", "100.00", 1, "100.00", 1, 1},
			{"2024-08", "0.00", "0.00", "0.00", 0, "0.00", 0, 0},
			{"2025-06", "200.00", "0.00", "200.00", 2, "100.00", 1, 1}, // C3
			{"2025-07", "0.00", "200.00", "200.00", 1, "200.00", 1, 0},
			{"2026-02", "500.00", "0.00", "500.00", 1, "500.00", 1, 1},
			{"2026-03", "0.00", "0.00", "0.00", 2, "0.00", 1, 1},         // C6 twice: one client
			{"2026-05", "200.00", "200.00", "400.00", 2, "200.00", 1, 1}, // C4's first and second
			{"2026-06", "0.00", "600.00", "600.00", 2, "300.00", 2, 0},   // C4 200, C1 400
		} {
			if got := byMonth[want.Month]; got != want {
				t.Errorf("month %s:\n got %+v\nwant %+v", want.Month, got, want)
			}
		}
		if m.ByMonth[0].Month != "2024-07" || m.ByMonth[23].Month != "2026-06" {
			t.Errorf("months %s … %s, want 2024-07 … 2026-06", m.ByMonth[0].Month, m.ByMonth[23].Month)
		}
	})

	t.Run("Cohorts", func(t *testing.T) {
		c1 := make([]int, 24) // C1: 2024-07, and 12, 18 and 23 months later
		c1[0], c1[12], c1[18], c1[23] = 1, 1, 1, 1
		want := []analytics.Cohort{
			{Cohort: "2024-07", Size: 1, Active: c1},
			{Cohort: "2025-06", Size: 1, Active: append([]int{1}, make([]int, 12)...)}, // to 2026-06
			{Cohort: "2026-02", Size: 1, Active: []int{1, 0, 0, 0, 0}},
			{Cohort: "2026-03", Size: 1, Active: []int{1, 0, 0, 0}}, // both orders in March
			{Cohort: "2026-05", Size: 1, Active: []int{1, 1}},
		}
		if len(m.Cohorts) != len(want) {
			t.Fatalf("cohorts=%d, want %d", len(m.Cohorts), len(want))
		}
		for i, w := range want {
			got := m.Cohorts[i]
			if got.Cohort != w.Cohort || got.Size != w.Size || !reflect.DeepEqual(got.Active, w.Active) {
				t.Errorf("cohort %d:\n got %+v\nwant %+v", i, got, w)
			}
			for k, a := range w.Active {
				if got.Retention[k] != float64(a) { // sizes of 1: retention = active
					t.Errorf("cohort %s retention[%d]=%v, want %d", w.Cohort, k, got.Retention[k], a)
				}
			}
		}
	})
}

// TestComputeMetrics_Cohort checks a cohort of several clients: retention is a share.
func TestComputeMetrics_Cohort(t *testing.T) {
	asOf := day("2026-03-15")
	orders := []analytics.Order{
		{ClientID: 1, On: day("2026-01-05"), Amount: 100},
		{ClientID: 1, On: day("2026-02-05"), Amount: 100},
		{ClientID: 1, On: day("2026-02-25"), Amount: 100}, // a second order in month 1: counted once
		{ClientID: 2, On: day("2026-01-20"), Amount: 100},
		{ClientID: 2, On: day("2026-03-01"), Amount: 100},
		{ClientID: 3, On: day("2026-01-31"), Amount: 100},
		{ClientID: 4, On: day("2026-01-31"), Amount: 100},
	}
	m := analytics.ComputeMetrics(orders, analytics.Summarize(orders, nil, asOf), asOf, analytics.MetricOptions{})
	want := analytics.Cohort{
		Cohort: "2026-01", Size: 4,
		Active:    []int{4, 1, 1},           // January all; February C1; March C2
		Retention: []float64{1, 0.25, 0.25}, // 4/4, 1/4, 1/4
	}
	if len(m.Cohorts) != 1 || !reflect.DeepEqual(m.Cohorts[0], want) {
		t.Errorf("Cohorts=%+v, want [%+v]", m.Cohorts, want)
	}
}

func TestComputeMetrics_Edges(t *testing.T) {
	asOf := day("2026-06-30")
	for _, tt := range []struct {
		name   string
		orders []analytics.Order
		check  func(t *testing.T, m analytics.Metrics)
	}{
		{"Empty", nil, func(t *testing.T, m analytics.Metrics) {
			if m.Clients != 0 || m.Orders != 0 || m.Revenue != "0.00" || m.AverageCheck != "0.00" ||
				m.RepeatRate != 0 || m.RepeatRateBenchmark.Verdict != "" || m.AverageCheckTrend != nil ||
				m.ByMonth == nil || len(m.ByMonth) != 0 || m.Cohorts == nil || len(m.Cohorts) != 0 {
				t.Errorf("got %+v", m)
			}
		}},
		{"AllAfterAsOf", []analytics.Order{{ClientID: 1, On: day("2026-07-01"), Amount: 100}},
			func(t *testing.T, m analytics.Metrics) {
				if m.Clients != 0 || m.Orders != 0 || len(m.ByMonth) != 0 {
					t.Errorf("got %+v", m)
				}
			}},
		{"OneOrder", []analytics.Order{{ClientID: 1, On: day("2026-06-30"), Amount: 150050}},
			func(t *testing.T, m analytics.Metrics) {
				if m.Clients != 1 || m.Orders != 1 || m.Revenue != "1500.50" || m.AverageCheck != "1500.50" ||
					m.RepeatRate != 0 || m.RepeatRateBenchmark.Verdict != "below" || m.RepeatRevenueShare != 0 ||
					m.MedianDaysBetweenOrders != 0 || m.OrdersPerClientYear != 1 || m.AverageCheckTrend != nil ||
					len(m.ByMonth) != 1 || len(m.Cohorts) != 1 {
					t.Errorf("got %+v", m)
				}
			}},
		{"AllOnOneDay", []analytics.Order{
			{ClientID: 1, On: day("2026-06-01"), Amount: 100},
			{ClientID: 1, On: day("2026-06-01"), Amount: 300},
			{ClientID: 2, On: day("2026-06-01"), Amount: 200},
		}, func(t *testing.T, m analytics.Metrics) {
			// One occasion each: nobody came back, all revenue is new.
			if m.Clients != 2 || m.Orders != 3 || m.RepeatRate != 0 || m.RepeatRevenueShare != 0 ||
				m.AverageCheck != "2.00" || m.ByMonth[0].RevenueNew != "6.00" || m.OrdersPerClientYear != 1.5 {
				t.Errorf("got %+v", m)
			}
		}},
		{"ZeroAmounts", []analytics.Order{
			{ClientID: 1, On: day("2025-06-01"), Amount: 0},
			{ClientID: 1, On: day("2026-06-01"), Amount: 0},
		}, func(t *testing.T, m analytics.Metrics) {
			// Shares of no revenue are 0; a trend over no revenue is undefined.
			if m.Revenue != "0.00" || m.RepeatRate != 1 || m.RepeatRevenueShare != 0 ||
				m.RegularRevenueShare != 0 || m.AverageCheckTrend != nil || m.MedianDaysBetweenOrders != 365 {
				t.Errorf("got %+v", m)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sums := analytics.Summarize(tt.orders, nil, asOf)
			tt.check(t, analytics.ComputeMetrics(tt.orders, sums, asOf, analytics.MetricOptions{}))
		})
	}
}

// TestComputeMetrics_JSON checks the contract of `regulars metrics --format json`.
func TestComputeMetrics_JSON(t *testing.T) {
	asOf := day("2026-06-30")
	m := analytics.ComputeMetrics(metricOrders, analytics.Summarize(metricOrders, nil, asOf), asOf,
		analytics.MetricOptions{Currency: "USD"})
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"as_of", "clients", "orders", "revenue", "currency", "repeat_rate",
		"repeat_revenue_share", "average_check", "median_days_between_orders", "by_month", "cohorts",
		"forecast", "repeat_rate_12m", "repeat_rate_benchmark", "regular_revenue_share",
		"orders_per_client_year", "average_check_trend"} {
		if _, ok := v[key]; !ok {
			t.Errorf("no %q in %s", key, b)
		}
	}
	month := v["by_month"].([]any)[0].(map[string]any)
	for _, key := range []string{"month", "revenue_new", "revenue_returning", "orders", "average_check"} {
		if _, ok := month[key]; !ok {
			t.Errorf("no by_month[0].%s", key)
		}
	}
	for _, want := range []string{`"as_of":"2026-06-30"`, `"revenue":2300.00,`, `"currency":"USD"`,
		`"forecast":{}`, `"cohort":"2024-07"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("no %s in %s", want, b)
		}
	}
}

func TestComputeMetrics_Options(t *testing.T) {
	asOf := day("2026-06-30")
	sums := analytics.Summarize(metricOrders, nil, asOf)
	// Regular from 4 occasions: C1 alone, 1000 of 2300; good from 0.65: 0.6 is below.
	m := analytics.ComputeMetrics(metricOrders, sums, asOf,
		analytics.MetricOptions{RegularOccasions: 4, RepeatLow: 0.65, RepeatHigh: 0.8})
	if m.RegularRevenueShare != 1000.0/2300 || m.RepeatRateBenchmark.Verdict != "below" ||
		m.RepeatRateBenchmark.Verdict12m != "good" {
		t.Errorf("RegularRevenueShare=%v Verdict=%q Verdict12m=%q, want %v below good",
			m.RegularRevenueShare, m.RepeatRateBenchmark.Verdict, m.RepeatRateBenchmark.Verdict12m, 1000.0/2300)
	}
	// Over the last 12 months only, C1 has three occasions (2025-07-15, 2026-01-15, 2026-06-15:
	// 900) and C4 three (600); their revenue is 2300 - 100 (C1, 2024) - 200 (C3, 2025-06-30).
	m = analytics.ComputeMetrics(metricOrders, sums, asOf, analytics.MetricOptions{RegularMonths: 12})
	if m.RegularRevenueShare != 1500.0/2000 {
		t.Errorf("RegularRevenueShare=%v, want %v", m.RegularRevenueShare, 1500.0/2000)
	}
}

func BenchmarkComputeMetrics(b *testing.B) {
	asOf := day("2026-06-30")
	orders, contacts := synthetic(1_000_000, asOf)
	sums := analytics.Summarize(orders, contacts, asOf)
	b.ResetTimer()
	for b.Loop() {
		analytics.ComputeMetrics(orders, sums, asOf, analytics.MetricOptions{})
	}
}
