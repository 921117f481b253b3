// Package agenda decides whom to contact today and why.
//
// Build turns clients, orders, important dates, plans and the holidays calendar into items,
// each the reason to contact one client on one day, keyed by its occasion so that what the user
// did with it (regulars.AgendaState: done, snoozed, dismissed) sticks. Done so far: important
// dates (birthdays on the day, other dates ahead), professional holidays matched to the client's
// industry, pre-delivery questions, thanks, feedback requests and check-ins after delivery,
// plans, first-order anniversaries, sleeping clients (a personal letter for the personal tier,
// the reactivation series for the rest) and stay-in-touch at the segment's cadence (from the
// analytics), the next offer from the catalog's links and the offer that follows an event;
// each client's "today" in its own time zone. Rank orders items by money at stake and urgency;
// Drafts writes their messages from Templates, the built-in ones or the user's own.
//
// The holidays calendar is holidays.csv: professional and seasonal days with rule-based dates.
package agenda

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/regulars/regulars"
)

//go:embed holidays.csv
var holidaysCSV string

// Holiday is a day that is a reason to get in touch with the clients of some industries.
type Holiday struct {
	Key        string   `json:"key"`
	NameRU     string   `json:"name_ru"`
	NameEN     string   `json:"name_en"`
	Industries []string `json:"industries"` // empty: every client
	rule       rule
}

// Name returns the holiday's name in the locale ("ru…" or anything else for English).
func (h Holiday) Name(locale string) string {
	if strings.HasPrefix(locale, "ru") {
		return h.NameRU
	}
	return h.NameEN
}

// Fits reports whether the holiday is a reason to contact a client of the industry.
func (h Holiday) Fits(industry string) bool { return fitsIndustry(h.Industries, industry) }

// fitsIndustry reports whether something meant for the industries (lower case; none means
// everyone) is meant for a client of the industry.
func fitsIndustry(industries []string, industry string) bool {
	if len(industries) == 0 {
		return true
	}
	return slices.Contains(industries, strings.ToLower(strings.TrimSpace(industry)))
}

// On returns the holiday's date in the year.
func (h Holiday) On(year int) regulars.Date { return h.rule.on(year) }

// Holidays returns the calendar shipped with Regulars, read from the shipped file once (the
// agenda and the letters ask for it per client). Every caller shares it: it is read-only.
var Holidays = sync.OnceValues(func() ([]Holiday, error) { return parseHolidays(holidaysCSV) })

func parseHolidays(text string) ([]Holiday, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("holidays: %w", err)
	}
	var out []Holiday
	for i, rec := range recs[1:] {
		if len(rec) != 5 {
			return nil, fmt.Errorf("holidays: row %d: want 5 fields, have %d", i+2, len(rec))
		}
		ru, err := parseRule(rec[1])
		if err != nil {
			return nil, fmt.Errorf("holidays: %s: %w", rec[0], err)
		}
		h := Holiday{Key: rec[0], NameRU: rec[2], NameEN: rec[3], Industries: []string{}, rule: ru}
		if rec[4] != "" {
			h.Industries = strings.Split(rec[4], ";")
		}
		out = append(out, h)
	}
	return out, nil
}

// rule gives a holiday's date in a year.
type rule struct {
	kind    string // fixed, nth, yday, easter
	month   time.Month
	day     int          // fixed: day of month; yday: day of year; nth: N (-1 = last)
	weekday time.Weekday // nth
	after   int          // days added to the nth weekday
	western bool         // easter
}

var weekdays = map[string]time.Weekday{"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
	"wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday}

func parseRule(s string) (rule, error) {
	bad := fmt.Errorf("bad rule %q", s)
	parts := strings.Split(s, ":")
	num := func(p string) (int, bool) { n, err := strconv.Atoi(p); return n, err == nil }
	switch {
	case len(parts) == 1:
		m, ok1 := num(s[:min(2, len(s))])
		d, ok2 := num(s[min(3, len(s)):])
		if len(s) != 5 || s[2] != '-' || !ok1 || !ok2 || m < 1 || m > 12 || d < 1 || d > regulars.DaysIn(2024, time.Month(m)) {
			return rule{}, bad
		}
		return rule{kind: "fixed", month: time.Month(m), day: d}, nil
	case parts[0] == "yday" && len(parts) == 2:
		n, ok := num(parts[1])
		if !ok || n < 1 || n > 365 {
			return rule{}, bad
		}
		return rule{kind: "yday", day: n}, nil
	case parts[0] == "easter" && len(parts) == 2 && (parts[1] == "orthodox" || parts[1] == "western"):
		return rule{kind: "easter", western: parts[1] == "western"}, nil
	case parts[0] == "after" && len(parts) == 6:
		r, err := parseRule(strings.Join(parts[1:5], ":"))
		days, ok := num(parts[5])
		if err != nil || !ok || r.kind != "nth" {
			return rule{}, bad
		}
		r.after = days
		return r, nil
	case parts[0] == "nth" && len(parts) == 4:
		n, ok1 := num(parts[1])
		wd, ok2 := weekdays[parts[2]]
		m, ok3 := num(parts[3])
		if !ok1 || !ok2 || !ok3 || n == 0 || n < -1 || n > 5 || m < 1 || m > 12 {
			return rule{}, bad
		}
		return rule{kind: "nth", day: n, weekday: wd, month: time.Month(m)}, nil
	}
	return rule{}, bad
}

func (r rule) on(year int) regulars.Date {
	switch r.kind {
	case "fixed":
		return regulars.NewDate(year, r.month, r.day)
	case "yday":
		return regulars.NewDate(year, time.January, 1).AddDays(r.day - 1)
	case "easter":
		if r.western {
			return westernEaster(year)
		}
		return orthodoxEaster(year)
	}
	return nthWeekday(year, r.month, r.weekday, r.day).AddDays(r.after)
}

// nthWeekday returns the n-th weekday wd of the month (n = -1: the last).
func nthWeekday(year int, m time.Month, wd time.Weekday, n int) regulars.Date {
	if n < 0 {
		last := regulars.NewDate(year, m, regulars.DaysIn(year, m))
		back := (int(last.Time().Weekday()) - int(wd) + 7) % 7
		return last.AddDays(-back)
	}
	first := regulars.NewDate(year, m, 1)
	ahead := (int(wd) - int(first.Time().Weekday()) + 7) % 7
	return first.AddDays(ahead + 7*(n-1))
}

// orthodoxEaster returns Orthodox Easter of the year in the Gregorian calendar (Meeus's
// Julian algorithm, then the 13 days between the calendars in 1900–2099).
func orthodoxEaster(year int) regulars.Date {
	a, b, c := year%4, year%7, year%19
	d := (19*c + 15) % 30
	e := (2*a + 4*b - d + 34) % 7
	month := (d + e + 114) / 31
	day := (d+e+114)%31 + 1
	return regulars.NewDate(year, time.Month(month), day).AddDays(13)
}

// westernEaster returns Easter of the year by the anonymous Gregorian algorithm.
func westernEaster(year int) regulars.Date {
	a, b, c := year%19, year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return regulars.NewDate(year, time.Month(month), day)
}
