package regulars

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar day without a time or a time zone: a birthday, the day an order was placed.
// The zero Date means "no date" and is stored as NULL and encoded as JSON null.
//
// A Date is 4 bytes, comparable with == and ordered with Before, After and Compare.
type Date struct {
	n int32 // days since 1970-01-01 plus epochOffset; 0 means no date
}

// epochOffset keeps every day from year 1 on positive, so that 0 is free to mean "no date".
const epochOffset = 719_163

// NewDate returns the date y-m-d, normalised as time.Date does (31 April is 1 May).
func NewDate(y int, m time.Month, d int) Date {
	if m < 1 || m > 12 || d < 1 || d > 28 {
		days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
		return Date{n: int32(days + epochOffset)}
	}
	return Date{n: int32(daysFromCivil(y, int(m), d) + epochOffset)}
}

// daysFromCivil returns the days from 1970-01-01 to y-m-d (proleptic Gregorian), without
// time.Date: reading millions of dates from a database calls it for each.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// civilFromDays is the inverse of daysFromCivil: the year, month and day of the day z days
// after 1970-01-01.
func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

// parseISO parses exactly YYYY-MM-DD, quickly; ok is false for anything else or a day that
// does not exist.
func parseISO(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	num := func(b string) (int, bool) {
		n := 0
		for i := 0; i < len(b); i++ {
			if b[i] < '0' || b[i] > '9' {
				return 0, false
			}
			n = n*10 + int(b[i]-'0')
		}
		return n, true
	}
	y, ok1 := num(s[:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:])
	if !ok1 || !ok2 || !ok3 || y < 1 || m < 1 || m > 12 || d < 1 || d > DaysIn(y, time.Month(m)) {
		return Date{}, false
	}
	return Date{n: int32(daysFromCivil(y, m, d) + epochOffset)}, true
}

// DaysIn returns the number of days of month m of year y.
func DaysIn(y int, m time.Month) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// MinYear and MaxYear bound the dates people give Regulars: a year outside them is a typo or
// a placeholder such as 0001-01-01 or 9999-12-31, never an order, a contact or a birthday.
const (
	MinYear = 1900
	MaxYear = 2100
)

// InRange reports whether d is a date with a year from MinYear to MaxYear.
func (d Date) InRange() bool { return d.n >= firstDay.n && d.n <= lastDay.n }

// The first and the last day InRange takes: compared as numbers, not as years (an import
// checks three dates a row).
var firstDay, lastDay = NewDate(MinYear, time.January, 1), NewDate(MaxYear, time.December, 31)

// ParseDate parses an ISO date, YYYY-MM-DD, with a year from MinYear to MaxYear. An empty
// string is the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	d, ok := parseISO(s)
	if !ok {
		if y, m, ok := isoParts(s); ok && (m < 1 || m > 12) {
			return Date{}, Errorf(EINVALID, "Date %q is not a real day: there is no month %d.", s, m).Keyed("valid.date_no_month", "Q", strconv.Quote(s), "Month", m)
		} else if ok {
			return Date{}, Errorf(EINVALID, "Date %q is not a real day: %s %d has %d days.", s, time.Month(m), y, DaysIn(y, time.Month(m))).
				Keyed("valid.date_no_day", "Q", strconv.Quote(s), "MonthName", time.Month(m).String(), "Month", fmt.Sprintf("%02d", m), "Year", y, "Days", DaysIn(y, time.Month(m)))
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil || t.Year() < 1 {
			return Date{}, Errorf(EINVALID, "Invalid date %q: want YYYY-MM-DD.", s).Keyed("valid.date_format", "Q", strconv.Quote(s))
		}
		d = DateOf(t)
	}
	if !d.InRange() {
		return Date{}, Errorf(EINVALID, "Date %q is out of range: the year must be from %d to %d.", s, MinYear, MaxYear).
			Keyed("valid.date_range", "Q", strconv.Quote(s), "Min", MinYear, "Max", MaxYear)
	}
	return d, nil
}

// isoParts returns the year and month of text shaped as YYYY-MM-DD, which parseISO refused:
// a day that does not exist.
func isoParts(s string) (y, m int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, false
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:7])
	_, err3 := strconv.Atoi(s[8:])
	return y, m, err1 == nil && err2 == nil && err3 == nil && s[5] != '+' && s[8] != '+' && s[0] != '+' && y >= 1
}

// MustParseDate is ParseDate for tests and constants; it panics on a bad date.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d.n == 0 }

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time {
	return time.Unix(int64(d.n-epochOffset)*86400, 0).UTC()
}

// In returns midnight at the start of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	y, m, day := d.Time().Date()
	return time.Date(y, m, day, 0, 0, 0, 0, loc)
}

// Year, Month and Day return the parts of d.
func (d Date) Year() int         { return d.Time().Year() }
func (d Date) Month() time.Month { return d.Time().Month() }
func (d Date) Day() int          { return d.Time().Day() }

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date {
	if d.IsZero() {
		return d
	}
	return Date{n: d.n + int32(n)}
}

// AddDate returns d plus the years, months and days, normalised as time.AddDate does.
func (d Date) AddDate(years, months, days int) Date {
	return DateOf(d.Time().AddDate(years, months, days))
}

// Sub returns the number of days from e to d (d - e).
func (d Date) Sub(e Date) int { return int(d.n - e.n) }

// MonthsSince returns the whole calendar months from e to d: 22.05 to 21.11 is 5, to 22.11
// is 6; a month ending sooner counts whole on its last day (31.01 to 28.02 is 1). 0 when d
// is not after e. "Last order 6 months ago" in every letter and draft comes from it.
func (d Date) MonthsSince(e Date) int {
	if !d.After(e) {
		return 0
	}
	dy, dm, dd := d.Time().Date()
	ey, em, ed := e.Time().Date()
	n := (dy-ey)*12 + int(dm-em)
	if dd < ed && d.AddDays(1).Month() == dm { // not yet the day of the month, nor the month's last
		n--
	}
	return n
}

// Before, After and Compare order dates; the zero Date is before every other.
func (d Date) Before(e Date) bool { return d.n < e.n }
func (d Date) After(e Date) bool  { return d.n > e.n }
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return 1
	}
	return 0
}

// String returns d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	b, _ := d.AppendText(make([]byte, 0, 10))
	return string(b)
}

// AppendText appends d as String writes it: YYYY-MM-DD, or nothing for the zero Date.
func (d Date) AppendText(b []byte) ([]byte, error) {
	if d.IsZero() {
		return b, nil
	}
	y, m, day := civilFromDays(int64(d.n - epochOffset))
	if y < 0 || y > 9999 {
		return d.Time().AppendFormat(b, time.DateOnly), nil
	}
	// Written out: an import hashes a date of every order, and AppendFormat took 130 ns.
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+day/10), byte('0'+day%10)), nil
}

// MarshalJSON encodes d as "YYYY-MM-DD", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON decodes "YYYY-MM-DD", "" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return Errorf(EINVALID, "Invalid date %s: want \"YYYY-MM-DD\".", b).Keyed("valid.date_json", "Q", string(b))
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores d as the text YYYY-MM-DD (a DATE in PostgreSQL, TEXT in SQLite), or NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a date stored as text or returned by the driver as a time.Time.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = NewDate(v.Date())
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	default:
		return fmt.Errorf("scan date: unsupported type %T", src)
	}
	return nil
}

func (d *Date) scanText(s string) error {
	if len(s) > 10 {
		s = s[:10] // a timestamp: keep its day
	}
	if v, ok := parseISO(s); ok {
		*d = v
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fmt.Errorf("scan date %q: %w", s, err)
	}
	*d = DateOf(t)
	return nil
}

// InYear returns the day d falls on in year y, for yearly dates. A 29 February falls on
// 28 February in other years: the day before the 1st of March is when such people celebrate,
// and a greeting a day early is better than one a day late.
func (d Date) InYear(y int) Date {
	if d.Month() == time.February && d.Day() == 29 && DaysIn(y, time.February) == 28 {
		return NewDate(y, time.February, 28)
	}
	return NewDate(y, d.Month(), d.Day())
}
