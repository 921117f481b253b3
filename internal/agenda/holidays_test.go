package agenda

import (
	"testing"
)

func TestHolidays(t *testing.T) {
	hs, err := Holidays()
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) < 25 {
		t.Fatalf("%d holidays, want at least 25", len(hs))
	}
	byKey := map[string]Holiday{}
	for _, h := range hs {
		if _, dup := byKey[h.Key]; dup {
			t.Errorf("holiday %s twice", h.Key)
		}
		byKey[h.Key] = h
	}
	for _, tc := range []struct {
		key  string
		year int
		want string
	}{
		{"programmer_day", 2026, "2026-09-13"}, // 256th day of an ordinary year
		{"programmer_day", 2024, "2024-09-12"}, // and of a leap year
		{"sysadmin_day", 2026, "2026-07-31"},   // last Friday of July
		{"sysadmin_day", 2025, "2025-07-25"},
		{"medical_day", 2026, "2026-06-21"}, // third Sunday of June
		{"medical_day", 2024, "2024-06-16"},
		{"trade_day", 2026, "2026-07-25"},   // fourth Saturday of July
		{"builder_day", 2026, "2026-08-09"}, // second Sunday of August
		{"black_friday", 2026, "2026-11-27"},
		{"black_friday", 2024, "2024-11-29"},
		{"cyber_monday", 2026, "2026-11-30"},
		{"easter", 2026, "2026-04-12"}, // Orthodox Easter
		{"easter", 2025, "2025-04-20"},
		{"easter", 2024, "2024-05-05"},
		{"womens_day", 2026, "2026-03-08"},
	} {
		if got := byKey[tc.key].On(tc.year).String(); got != tc.want {
			t.Errorf("%s %d = %s, want %s", tc.key, tc.year, got, tc.want)
		}
	}
	if !byKey["programmer_day"].Fits("IT") || byKey["programmer_day"].Fits("медицина") || !byKey["new_year"].Fits("anything") {
		t.Error("industries do not fit as they should")
	}
	if byKey["teacher_day"].Name("ru") != "День учителя" || byKey["teacher_day"].Name("en") != "Teachers' Day" {
		t.Error("names")
	}
}

func TestWesternEaster(t *testing.T) {
	for year, want := range map[int]string{2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05", 2027: "2027-03-28"} {
		if got := westernEaster(year).String(); got != want {
			t.Errorf("western Easter %d = %s, want %s", year, got, want)
		}
	}
}

func TestBadRules(t *testing.T) {
	for _, r := range []string{"13-01", "02-30", "yday:0", "nth:6:monday:01", "nth:1:funday:01", "easter:julian", "after:01-01:3", ""} {
		if _, err := parseRule(r); err == nil {
			t.Errorf("rule %q accepted", r)
		}
	}
}
