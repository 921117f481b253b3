package analytics

import "testing"

func TestPluralRU(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "месяцев"}, {1, "месяц"}, {2, "месяца"}, {4, "месяца"}, {5, "месяцев"}, {11, "месяцев"},
		{12, "месяцев"}, {14, "месяцев"}, {21, "месяц"}, {22, "месяца"}, {25, "месяцев"},
		{101, "месяц"}, {111, "месяцев"}, {112, "месяцев"}, {122, "месяца"},
	}
	for _, tt := range tests {
		if got := unitsRU[spanMonth].forms[pluralRU(tt.n)]; got != tt.want {
			t.Errorf("%d: got %q, want %q", tt.n, got, tt.want)
		}
	}
	weeks := map[int]string{1: "1 неделя", 3: "3 недели", 5: "5 недель", 21: "21 неделя", 13: "13 недель"}
	for n, want := range weeks {
		if got := (duration{n, spanWeek}).ru(); got != want {
			t.Errorf("%d weeks: got %q, want %q", n, got, want)
		}
	}
	days := map[int]string{1: "1 день", 2: "2 дня", 5: "5 дней", 11: "11 дней", 31: "31 день", 33: "33 дня"}
	for n, want := range days {
		if got := (duration{n, spanDay}).ru(); got != want {
			t.Errorf("%d days: got %q, want %q", n, got, want)
		}
	}
	if got := (duration{21, spanWeek}).ruAccus(); got != "21 неделю" {
		t.Errorf("accusative of 21 weeks: got %q", got)
	}
}
