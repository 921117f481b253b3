package regulars_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/regulars/regulars"
)

func TestDate(t *testing.T) {
	d := regulars.NewDate(2024, time.February, 29)
	if d.String() != "2024-02-29" || d.Year() != 2024 || d.Month() != time.February || d.Day() != 29 {
		t.Fatalf("date %v", d)
	}
	for _, tc := range []struct {
		got, want regulars.Date
	}{
		{d.AddDays(1), regulars.MustParseDate("2024-03-01")},
		{d.AddDate(1, 0, 0), regulars.MustParseDate("2025-03-01")}, // normalised as time.AddDate
		{regulars.NewDate(2026, time.April, 31), regulars.MustParseDate("2026-05-01")},
		{regulars.NewDate(1969, time.December, 31).AddDays(1), regulars.MustParseDate("1970-01-01")},
		{regulars.DateOf(time.Date(2026, 11, 22, 23, 30, 0, 0, time.FixedZone("MSK", 3*3600))), regulars.MustParseDate("2026-11-22")},
	} {
		if tc.got != tc.want {
			t.Errorf("got %v, want %v", tc.got, tc.want)
		}
	}
	if n := regulars.MustParseDate("2026-11-22").Sub(regulars.MustParseDate("2025-11-22")); n != 365 {
		t.Errorf("Sub = %d", n)
	}
	var zero regulars.Date
	if !zero.IsZero() || zero.String() != "" || !zero.Before(regulars.NewDate(1, 1, 1)) || !regulars.NewDate(1, 1, 1).After(zero) {
		t.Error("the zero date is not empty or not before every date")
	}
	if _, err := regulars.ParseDate("2026-02-30"); regulars.ErrorMessage(err) != `Date "2026-02-30" is not a real day: February 2026 has 28 days.` {
		t.Errorf("30 February: %v", err)
	}
	if _, err := regulars.ParseDate("2026-13-01"); regulars.ErrorMessage(err) != `Date "2026-13-01" is not a real day: there is no month 13.` {
		t.Errorf("month 13: %v", err)
	}
	if _, err := regulars.ParseDate("22.11.2026"); err == nil {
		t.Error("a Russian date parsed as ISO")
	}
	if s := regulars.NewDate(1, time.January, 1).String(); s != "0001-01-01" {
		t.Errorf("year 1 is %q", s)
	}
	// Placeholders and typos out of the years people mean are refused.
	for s, ok := range map[string]bool{"0001-01-01": false, "9999-12-31": false, "1899-12-31": false, "2101-01-01": false,
		"1900-01-01": true, "2100-12-31": true} {
		if _, err := regulars.ParseDate(s); (err == nil) != ok {
			t.Errorf("ParseDate(%q): %v", s, err)
		}
	}
}

func TestDateSQLAndJSON(t *testing.T) {
	var d regulars.Date
	for _, src := range []any{"2026-11-22", []byte("2026-11-22"), "2026-11-22T00:00:00Z", time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)} {
		if err := d.Scan(src); err != nil || d.String() != "2026-11-22" {
			t.Errorf("scan %#v: %v %v", src, d, err)
		}
	}
	if err := d.Scan(nil); err != nil || !d.IsZero() {
		t.Errorf("scan NULL: %v %v", d, err)
	}
	if err := d.Scan(42); err == nil {
		t.Error("scan of an int")
	}
	if v, _ := (regulars.Date{}).Value(); v != nil {
		t.Errorf("zero date stored as %v", v)
	}
	var s struct{ A, B regulars.Date }
	if err := json.Unmarshal([]byte(`{"A":"2026-11-22","B":null}`), &s); err != nil || s.A.String() != "2026-11-22" || !s.B.IsZero() {
		t.Fatalf("decode %v %v", s, err)
	}
	b, _ := json.Marshal(s)
	if string(b) != `{"A":"2026-11-22","B":null}` {
		t.Errorf("encode %s", b)
	}
	if err := json.Unmarshal([]byte(`{"A":"22.11.2026"}`), &s); regulars.ErrorCode(err) != regulars.EINVALID {
		t.Errorf("bad JSON date: %v", err)
	}
}

// TestDateFastPathsAgree checks the quick civil-date arithmetic against the time package for
// every day of five centuries, and the quick parser against time.Parse.
func TestDateFastPathsAgree(t *testing.T) {
	for day := time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() < 2300; day = day.AddDate(0, 0, 1) {
		d := regulars.NewDate(day.Year(), day.Month(), day.Day())
		if !d.Time().Equal(day) {
			t.Fatalf("NewDate(%s) = %s", day.Format(time.DateOnly), d)
		}
		inRange := day.Year() >= regulars.MinYear && day.Year() <= regulars.MaxYear
		if p, err := regulars.ParseDate(day.Format(time.DateOnly)); inRange && (err != nil || p != d) || !inRange && err == nil {
			t.Fatalf("ParseDate(%s) = %v, %v", day.Format(time.DateOnly), p, err)
		}
		if d.String() != day.Format(time.DateOnly) {
			t.Fatalf("%s written as %s", day.Format(time.DateOnly), d)
		}
	}
	// Every 97th day over the years a Date holds, past the four-digit years String writes
	// itself.
	for day := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() < 12000; day = day.AddDate(0, 0, 97) {
		if d := regulars.NewDate(day.Year(), day.Month(), day.Day()); d.String() != day.Format(time.DateOnly) || !d.Time().Equal(day) {
			t.Fatalf("%s written as %s", day.Format(time.DateOnly), d)
		}
	}
	for _, bad := range []string{"2025-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "0000-01-01", "2024-1-01", "2024/01/01", "２０２４-01-01"} {
		if _, err := regulars.ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

// TestImportKeysStable pins the keys of an order and of its twin: they are stored with every
// imported order, and a re-import finds its rows by them, so they must never change.
func TestImportKeysStable(t *testing.T) {
	k := regulars.NewImportKeys(2)
	o := &regulars.Order{ClientID: 42, OrderedOn: regulars.MustParseDate("2026-11-22"), Amount: regulars.Money{Minor: 5000000, Currency: "RUB"},
		Service: "Лендинг", Title: "Лендинг для клиента"}
	if a, b := k.Key(o), k.Key(o); a != 459163946723052553 || b != 459164496478866659 {
		t.Errorf("keys %d, %d; want 459163946723052553, 459164496478866659", a, b)
	}
}

func TestDateAppendText(t *testing.T) {
	if b, _ := regulars.MustParseDate("2026-01-02").AppendText([]byte("on ")); string(b) != "on 2026-01-02" {
		t.Errorf("AppendText = %q", b)
	}
	if b, _ := (regulars.Date{}).AppendText(nil); len(b) != 0 {
		t.Errorf("AppendText of no date = %q", b)
	}
}

func TestMonthsSince(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		want     int
	}{
		{"2026-05-22", "2026-11-21", 5},
		{"2026-05-22", "2026-11-22", 6},
		{"2026-01-31", "2026-02-27", 0},
		{"2026-01-31", "2026-02-28", 1},
		{"2024-01-31", "2024-02-29", 1},
		{"2026-10-26", "2026-11-26", 1},
		{"2025-11-26", "2026-11-25", 11},
		{"2025-12-31", "2026-01-01", 0},
		{"2026-11-26", "2026-11-26", 0},
		{"2026-11-26", "2026-10-01", 0},
	} {
		if got := regulars.MustParseDate(tc.to).MonthsSince(regulars.MustParseDate(tc.from)); got != tc.want {
			t.Errorf("%s → %s: %d months, want %d", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestDateInRange(t *testing.T) {
	for _, c := range []struct {
		d    regulars.Date
		want bool
	}{
		{regulars.Date{}, false}, {regulars.NewDate(1899, time.December, 31), false}, {regulars.NewDate(1900, time.January, 1), true},
		{regulars.NewDate(2026, time.November, 22), true}, {regulars.NewDate(2100, time.December, 31), true}, {regulars.NewDate(2101, time.January, 1), false},
		{regulars.NewDate(1, time.January, 1), false},
	} {
		if got := c.d.InRange(); got != c.want {
			t.Errorf("%s.InRange() = %v", c.d, got)
		}
	}
}
