package main

import (
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMetricsCLI checks the contract of `regulars metrics --format json` on the Google sheet,
// with numbers worked out by hand from testdata/sheets/google_ru.csv:
// counted orders 8 of clients Анна (3 days), Иван (2 days: 12.01 and twice 14.02), Олег (one
// paid order; his other is refunded) and Елена (1): 4 clients, 2 of them repeat.
func TestMetricsCLI(t *testing.T) {
	c := newTCLI(t)
	c.ok("import", sheet("google_ru.csv"))
	var m struct {
		AsOf                    string           `json:"as_of"`
		Clients                 int              `json:"clients"`
		Orders                  int              `json:"orders"`
		Revenue                 json.Number      `json:"revenue"`
		Currency                string           `json:"currency"`
		RepeatRate              float64          `json:"repeat_rate"`
		RepeatRevenueShare      float64          `json:"repeat_revenue_share"`
		AverageCheck            json.Number      `json:"average_check"`
		MedianDaysBetweenOrders float64          `json:"median_days_between_orders"`
		ByMonth                 []map[string]any `json:"by_month"`
		Cohorts                 []map[string]any `json:"cohorts"`
		Forecast                map[string]any   `json:"forecast"`
	}
	c.json(&m, "metrics", "--as-of", "2026-06-01")
	if m.AsOf != "2026-06-01" || m.Clients != 4 || m.Orders != 8 || m.Revenue != "357500.50" || m.Currency != "RUB" {
		t.Errorf("totals %+v", m)
	}
	// Repeat clients: Анна and Иван, 2 of 4.
	if m.RepeatRate != 0.5 {
		t.Errorf("repeat rate %v, want 0.5", m.RepeatRate)
	}
	// Returning orders: Анна's 20.01 (7 500) and 15.03 (50 000), Иван's two of 14.02 (15 000
	// each): 87 500 of 357 500.50.
	if want := 87500 / 357500.50; math.Abs(m.RepeatRevenueShare-want) > 1e-9 {
		t.Errorf("repeat revenue share %v, want %v", m.RepeatRevenueShare, want)
	}
	// 357 500.50 / 8 = 44 687.5625 → 44 687.56.
	if m.AverageCheck != "44687.56" {
		t.Errorf("average check %s", m.AverageCheck)
	}
	// Typical gaps: Анна 05.01→20.01→15.03 = 15 and 54 days, median 34.5; Иван 12.01→14.02 =
	// 33 days. Their median: (33 + 34.5) / 2 = 33.75.
	if m.MedianDaysBetweenOrders != 33.75 {
		t.Errorf("median days between orders %v", m.MedianDaysBetweenOrders)
	}
	// Cohorts: January (Анна, Иван) and April (Олег, whose March order was refunded, and Елена).
	if len(m.ByMonth) != 6 || m.ByMonth[0]["month"] != "2026-01" || len(m.Cohorts) != 2 || m.Forecast == nil {
		t.Errorf("months %v cohorts %v forecast %v", m.ByMonth, m.Cohorts, m.Forecast)
	}
}

func TestSegmentsCLI(t *testing.T) {
	c := newTCLI(t)
	c.ok("import", sheet("google_ru.csv"))
	var segs []map[string]any
	c.json(&segs, "segments", "--as-of", "2026-06-01")
	if len(segs) != 4 {
		t.Fatalf("%d segments", len(segs))
	}
	for _, f := range []string{"client_id", "name", "recency", "frequency", "monetary", "r", "f", "m", "segment", "vip", "activity", "value_tier", "sleeping"} {
		if _, ok := segs[0][f]; !ok {
			t.Errorf("segments JSON lacks %q: %v", f, segs[0])
		}
	}
	// Анна: last order 15.03, 78 days before 01.06; 3 occasions; 107 500 ₽.
	if segs[0]["name"] != "Анна Смирнова" || segs[0]["recency"] != 78.0 || segs[0]["frequency"] != 3.0 || segs[0]["monetary"] != 107500.0 {
		t.Errorf("Анна: %v", segs[0])
	}
}

// TestForecastCLI: with enough clients the metrics carry a revenue forecast that grows with
// the horizon and stays within reason of the past year's revenue.
func TestForecastCLI(t *testing.T) {
	c := newTCLI(t)
	c.ok("demo", "--clients", "200", "--as-of", "2026-11-22")
	var m struct {
		ByMonth  []struct{ Revenue float64 } `json:"by_month"`
		Forecast struct {
			Months3  float64 `json:"months_3"`
			Months6  float64 `json:"months_6"`
			Months12 float64 `json:"months_12"`
		} `json:"forecast"`
	}
	c.json(&m, "metrics", "--as-of", "2026-11-22")
	var lastYear float64
	for _, mo := range m.ByMonth[len(m.ByMonth)-12:] {
		lastYear += mo.Revenue
	}
	f := m.Forecast
	if !(0 < f.Months3 && f.Months3 < f.Months6 && f.Months6 < f.Months12) || f.Months12 > 3*lastYear || f.Months12 < lastYear/10 {
		t.Errorf("forecast %+v against %.2f in the last 12 months", f, lastYear)
	}
}

func TestHolidaysCLI(t *testing.T) {
	c := newTCLI(t)
	var hs []struct {
		Key        string   `json:"key"`
		Name       string   `json:"name"`
		Date       string   `json:"date"`
		Industries []string `json:"industries"`
	}
	c.json(&hs, "holidays", "--year", "2024", "--lang", "en")
	if len(hs) < 25 {
		t.Fatalf("%d holidays", len(hs))
	}
	found := false
	for i, h := range hs {
		if i > 0 && h.Date < hs[i-1].Date {
			t.Errorf("not by date: %s after %s", h.Date, hs[i-1].Date)
		}
		if h.Key == "programmer_day" {
			found = h.Date == "2024-09-12" && h.Name == "Programmer's Day" && len(h.Industries) == 1 && h.Industries[0] == "it"
		}
	}
	if !found {
		t.Error("Programmer's Day is not on 12 September 2024 for IT")
	}
	c.fail(2, "--year", "holidays", "--year", "20260")
}

func TestBenchAnalytics(t *testing.T) {
	c := newTCLI(t)
	c.ok("demo", "--clients", "60")
	if out := c.ok("bench", "analytics"); !strings.Contains(out, "the whole analysis in") || !strings.Contains(out, "peak RSS") {
		t.Errorf("bench analytics printed:\n%s", out)
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestAnalysisTablesInLanguages: metrics and the fitted models read in the user's language —
// "29 740 400,00 ₽", "47,7 %", "28.11.2026", Russian plural forms — and in English; the
// golden files are the whole printouts of a generated business.
func TestAnalysisTablesInLanguages(t *testing.T) {
	c := newTCLI(t)
	c.ok("demo", "--clients", "200", "--as-of", "2026-11-22")
	for _, lang := range []string{"ru", "en"} {
		for _, args := range [][]string{
			{"metrics", "--as-of", "2026-11-22"},
			{"model", "--calibration-end", "2026-11-22"},
		} {
			out := c.ok(append(args, "--lang", lang)...)
			golden(t, filepath.Join("testdata", args[0]+"."+lang+".txt"), out)
		}
	}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"predict", "--calibration-end", "2026-11-22", "--lang", "ru"}, []string{"P(АКТИВЕН)", "0,"}},
		{[]string{"sequence", "list", "--lang", "ru"}, []string{"Разбудить уснувшего клиента (4 письма)", "да", "нет"}},
		{[]string{"sequence", "list", "--lang", "en"}, []string{"Wake a sleeping client (4 letters)", "yes", "no"}},
		{[]string{"automation", "list", "--lang", "ru"}, []string{"да"}},
		{[]string{"campaign", "results", "--lang", "ru"}, []string{"ВЫРУЧКА ПОСЛЕ"}},
	} {
		out := c.ok(tc.args...)
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("regulars %s lacks %q:\n%s", strings.Join(tc.args, " "), w, out)
			}
		}
	}
	if out := c.ok("sequence", "list", "--lang", "ru", "--format", "json"); !strings.Contains(out, `"Reactivation: four letters to a sleeping client"`) {
		t.Errorf("JSON keeps the stored names:\n%s", out)
	}
}

// golden compares got with the file, or rewrites the file with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s--- want\n%s", path, got, want)
	}
}
