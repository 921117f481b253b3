package importer

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/regulars/regulars"
)

// Date formats a column can be in, as bits: a value sets the bit of every format it parses in.
const (
	fmtYMD    uint8 = 1 << iota // 2026-11-22
	fmtDMY                      // 22.11.2026, 22/11/26
	fmtMDY                      // 11/22/2026
	fmtSerial                   // 46348: a spreadsheet day number
	// fmtNamed is a month written as a word ("22 ноября 2026", "Nov 22, 2026"): never
	// ambiguous, such a date is read in any column, and decides a column only when the column
	// has no date in numbers (see decideDates).
	fmtNamed
)

// dateText is a date as written: three numbers and the separator between them.
type dateText struct {
	a, b, c    int
	la, lb, lc int // number of digits
	sep        byte
	serial     float64
	// named is the order of a date whose month is written as a word ("22 ноября 2026",
	// "22-Nov-26": fmtDMY; "November 22, 2026": fmtMDY), which the word's place decides; 0
	// for a date in numbers. The word's number is in b (fmtDMY) or a (fmtMDY), as if written
	// with two digits. Such a date fits fmtNamed only.
	named uint8
}

// scanDate splits a date cell into its numbers, dropping a time ("22.11.2026 14:30",
// "2026-11-22T14:30:00Z") and a trailing "г." It reports whether the text has the shape of a
// date or of a serial number at all.
func scanDate(s string) (dateText, bool) {
	if d, ok := scanPlainDate(s); ok {
		return d, true
	}
	if d, ok := scanAnyDate(s); ok {
		return d, true
	}
	return scanNamedDate(s)
}

// yearless reports whether s is a day and a month without a year ("28.12", "12/28", "28 декабря",
// "Dec 28"), as a column formatted "d mmmm" exports its dates: it is a date with one.
func yearless(s string) bool {
	if _, ok := scanDate(s); ok {
		return false
	}
	for _, y := range []string{".2000", "/2000", " 2000", ", 2000"} {
		if _, ok := scanDate(s + y); ok {
			return true
		}
	}
	return false
}

// scanPlainDate reads, at once, the dates nearly every sheet writes: ten characters, digits
// around two of one separator, four digits first or last ("2026-11-22", "22.11.2026",
// "11/22/2026"), as scanAnyDate reads them; it reports false for any other text. The general
// path took 420 instructions a date (callgrind), three dates a row; this one about 130
// (FuzzPlainDate compares the two).
func scanPlainDate(s string) (dateText, bool) {
	if len(s) != 10 {
		return dateText{}, false
	}
	var d dateText
	var a, b, c bool
	switch sep := s[4]; {
	case sep == s[7] && (sep == '-' || sep == '.' || sep == '/'):
		d = dateText{la: 4, lb: 2, lc: 2, sep: sep}
		d.a, a = digits4(s[0:])
		d.b, b = digits2(s[5:])
		d.c, c = digits2(s[8:])
	case s[2] == s[5] && (s[2] == '-' || s[2] == '.' || s[2] == '/'):
		d = dateText{la: 2, lb: 2, lc: 4, sep: s[2]}
		d.a, a = digits2(s[0:])
		d.b, b = digits2(s[3:])
		d.c, c = digits4(s[6:])
	}
	if !a || !b || !c {
		return dateText{}, false
	}
	return d, true
}

// digits2 returns the number the first two characters of s write, and whether both are digits.
func digits2(s string) (int, bool) {
	h, l := s[0]-'0', s[1]-'0' // a byte below '0' wraps past 9
	return int(h)*10 + int(l), h <= 9 && l <= 9
}

// digits4 is digits2 of four characters.
func digits4(s string) (int, bool) {
	h, a := digits2(s)
	l, b := digits2(s[2:])
	return h*100 + l, a && b
}

// scanAnyDate is scanDate past scanPlainDate.
func scanAnyDate(s string) (dateText, bool) {
	var d dateText
	s = regulars.TrimSpace(s)
	for i := 1; i < len(s); i++ { // a time after the day: "22.11.2026 14:00", "2026-11-22T14:00"
		if s[i] == ' ' || s[i] == 'T' {
			if !dateSuffix(s[i:]) { // "2026-11-22 foo", "01.02.2025 – 05.02.2025": not one day
				return d, false
			}
			s = s[:i]
			break
		}
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, "."), "г")
	if serial, ok := serialText(s); ok {
		d.serial = serial
		return d, true
	}
	var ok bool
	d.a, d.la, s, ok = leadingNumber(s)
	if !ok || s == "" || (s[0] != '.' && s[0] != '/' && s[0] != '-') {
		return d, false
	}
	d.sep = s[0]
	d.b, d.lb, s, ok = leadingNumber(s[1:])
	if !ok || s == "" || s[0] != d.sep {
		return d, false
	}
	d.c, d.lc, s, ok = leadingNumber(s[1:])
	return d, ok && s == ""
}

// scanNamedDate reads a date whose month is a word, in Russian or English, whole or cut short,
// as sheets show dates formatted so and export them: "22 ноября 2026", "22 ноября 2026 г.",
// "1 мая 2026 года", "3 мар. 2025", "22-Nov-26" (Excel's d-mmm-yy), "22nd November 2026",
// "Nov 22, 2026", "Sunday, November 22, 2026" (Excel's long date), "воскресенье, 22 ноября
// 2026 г.". A time of the day may follow ("22 Nov 2026 14:30", "1 мая 2026 в 14:30"). The day
// has one or two digits, the year two or four. Day first, the three are apart by spaces
// (and dots after a word cut short) or by one dash or slash each ("22-Nov-26"); month first,
// by spaces and a comma before the year, so that "Nov 22-26" and "May 5/10", which are ranges
// of days, are no dates.
func scanNamedDate(s string) (dateText, bool) {
	s = strings.Map(func(r rune) rune {
		if r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '\t' {
			return ' '
		}
		return r
	}, regulars.TrimSpace(s))
	if i := strings.IndexByte(s, ':'); i >= 0 { // "22 Nov 2026 14:30"
		j := strings.LastIndexByte(s[:i], ' ')
		if j < 0 || !dateSuffix(s[j:]) {
			return dateText{}, false
		}
		s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimRight(s[:j], " "), " в"), " at")
	}
	words, seps := dateWords(strings.ToLower(s))
	if n := len(words); n > 1 && (words[n-1] == "г" || words[n-1] == "года" || words[n-1] == "год") {
		words, seps = words[:n-1], seps[:n-2] // the year's "г.", "года"
	} else if n > 0 {
		words[n-1] = strings.TrimSuffix(words[n-1], "г") // "2026г."
	}
	if len(words) == 4 && weekdays[words[0]] && sepClass(seps[0]) != '-' && sepClass(seps[0]) != '/' {
		words, seps = words[1:], seps[1:]
	}
	if len(words) != 3 {
		return dateText{}, false
	}
	d := dateText{sep: ' '}
	var day, year string
	switch m1, m0 := months[words[1]], months[words[0]]; {
	case m1 > 0 && sepClass(seps[0]) != 0 && sepClass(seps[0]) != ',' && sepClass(seps[0]) == sepClass(seps[1]):
		day, year = words[0], words[2]
		d.b, d.lb, d.named = m1, 2, fmtDMY
	case m0 > 0 && sepClass(seps[0]) == ' ' && (sepClass(seps[1]) == ' ' || sepClass(seps[1]) == ','):
		day, year = words[1], words[2]
		d.a, d.la, d.named = m0, 2, fmtMDY
	default:
		return dateText{}, false
	}
	for _, suffix := range []string{"st", "nd", "rd", "th"} { // "22nd"
		if t := strings.TrimSuffix(day, suffix); t != day && t != "" && t[len(t)-1] >= '0' && t[len(t)-1] <= '9' {
			day = t
			break
		}
	}
	n, dd, rest, ok := leadingNumber(day)
	if !ok || rest != "" || dd > 2 {
		return dateText{}, false
	}
	if d.named == fmtDMY {
		d.a, d.la = n, dd
	} else {
		d.b, d.lb = n, dd
	}
	d.c, d.lc, rest, ok = leadingNumber(year)
	return d, ok && rest == "" && (d.lc == 2 || d.lc == 4)
}

// dateWords splits s, lower-case, into words and the separators between them: len(seps) is
// len(words)-1.
func dateWords(s string) (words, seps []string) {
	isSep := func(c byte) bool { return c == ' ' || c == ',' || c == '-' || c == '.' || c == '/' }
	i := 0
	for i < len(s) && isSep(s[i]) {
		i++
	}
	for i < len(s) {
		j := i
		for j < len(s) && !isSep(s[j]) {
			j++
		}
		k := j
		for k < len(s) && isSep(s[k]) {
			k++
		}
		words = append(words, s[i:j])
		if k < len(s) {
			seps = append(seps, s[j:k])
		}
		i = k
	}
	return words, seps
}

// sepClass says what a separator between the words of a date is: '-' or '/' for one dash or
// slash (spaces around it too), ',' for a comma with or without spaces and a dot, ' ' for
// spaces and dots ("мар. 2025"), and 0 for anything else ("--", "-/").
func sepClass(sep string) byte {
	var class byte = ' '
	for i := 0; i < len(sep); i++ {
		switch c := sep[i]; {
		case c == ' ' || c == '.':
		case class == ' ':
			class = c
		default:
			return 0
		}
	}
	return class
}

// months maps the words for a month, in Russian (genitive as after a day, nominative, and cut
// short) and English (whole and cut short), lower-case, to its number.
var months = func() map[string]int {
	m := map[string]int{}
	for i, names := range [12]string{
		"января январь янв january jan",
		"февраля февраль фев февр february feb",
		"марта март мар march mar",
		"апреля апрель апр april apr",
		"мая май may",
		"июня июнь июн june jun",
		"июля июль июл july jul",
		"августа август авг august aug",
		"сентября сентябрь сен сент september sep sept",
		"октября октябрь окт october oct",
		"ноября ноябрь ноя нояб november nov",
		"декабря декабрь дек december dec",
	} {
		for _, w := range strings.Fields(names) {
			m[w] = i + 1
		}
	}
	return m
}()

// weekdays holds the words for a day of the week that a long date starts with.
var weekdays = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`понедельник вторник среда среду четверг пятница суббота воскресенье
		пн вт ср чт пт сб вс monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun`) {
		m[w] = true
	}
	return m
}()

// dateSuffix reports whether rest, what follows a day after a space or a T, is a time of that
// day ("14:30", "0:00:00", "T14:30:00.5Z", "14:30:00+03:00", "2:30 PM") or the year's "г.".
func dateSuffix(rest string) bool {
	rest = strings.TrimLeft(rest, " T")
	if rest == "г." || rest == "г" {
		return true
	}
	h, hd, rest, _ := leadingNumber(rest)
	if hd == 0 || hd > 2 || !strings.HasPrefix(rest, ":") {
		return false
	}
	m, md, rest, _ := leadingNumber(rest[1:])
	if md != 2 || m > 59 {
		return false
	}
	if strings.HasPrefix(rest, ":") {
		sec, sd, r, _ := leadingNumber(rest[1:])
		if sd != 2 || sec > 59 {
			return false
		}
		rest = r
		if strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, ",") {
			_, fd, r, _ := leadingNumber(rest[1:])
			if fd == 0 {
				return false
			}
			rest = r
		}
	}
	rest = strings.TrimLeft(rest, " ")
	switch r := strings.ToUpper(rest); {
	case r == "AM" || r == "PM":
		return h >= 1 && h <= 12
	case r == "" || r == "Z" || r == "UTC":
	case (r[0] == '+' || r[0] == '-') && zoneOffset(r[1:]):
	default:
		return false
	}
	return h <= 23
}

// zoneOffset reports whether s is a time zone offset without its sign: "03", "0300", "03:00".
func zoneOffset(s string) bool {
	h, hd, rest, _ := leadingNumber(s)
	if hd == 4 {
		return h/100 <= 14 && h%100 <= 59 && rest == ""
	}
	if hd != 2 || h > 14 {
		return false
	}
	if rest == "" {
		return true
	}
	m, md, rest, _ := leadingNumber(strings.TrimPrefix(rest, ":"))
	return md == 2 && m <= 59 && rest == ""
}

// serialText recognises a spreadsheet serial written as text: five digits and maybe a
// fraction for the time, such as "46348" or "46348.5".
func serialText(s string) (float64, bool) {
	i := strings.IndexByte(s, '.')
	if i < 0 {
		i = len(s)
	}
	if i != 5 || s[0] == '0' {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// leadingNumber reads up to 4 digits from the start of s.
func leadingNumber(s string) (n, digits int, rest string, ok bool) {
	for digits < len(s) && digits < 5 && s[digits] >= '0' && s[digits] <= '9' {
		n = n*10 + int(s[digits]-'0')
		digits++
	}
	return n, digits, s[digits:], digits > 0 && digits <= 4
}

// formats returns the formats the date fits. Dates with dots or dashes are day first, as
// everywhere that writes them so, unless order is MDY.
func (d dateText) formats(order string) uint8 {
	if d.serial > 0 {
		return fmtSerial
	}
	if d.named != 0 {
		if y, m, day := d.namedDate(); validDate(y, m, day) {
			return fmtNamed
		}
		return 0
	}
	var f uint8
	if d.la == 4 && d.lb <= 2 && d.lc <= 2 && validDate(d.a, d.b, d.c) {
		f |= fmtYMD
	}
	if d.la > 2 || d.lb > 2 || d.lc != 2 && d.lc != 4 {
		return f
	}
	y := fullYear(d.c, d.lc)
	if validDate(y, d.b, d.a) {
		f |= fmtDMY
	}
	if validDate(y, d.a, d.b) && (d.sep == '/' || order == MDY) {
		f |= fmtMDY
	}
	return f
}

// namedDate returns the year, month and day of a date whose month is a word.
func (d dateText) namedDate() (y, m, day int) {
	if d.named == fmtMDY {
		return fullYear(d.c, d.lc), d.a, d.b
	}
	return fullYear(d.c, d.lc), d.b, d.a
}

// notRealIn says why a date written in the shape of format f is no real day ("31.02.2026":
// the last day of February 2026 is the 28th) or out of range ("0001-01-01"), or returns a
// message without id when its shape is not f's either. The message wants the column's Format.
func (d dateText) notRealIn(f uint8) message {
	var y, m, day int
	switch {
	case d.serial > 0 || (d.named != 0) != (f == fmtNamed):
		return message{}
	case f == fmtNamed:
		y, m, day = d.namedDate()
	case f == fmtYMD && d.la == 4 && d.lb <= 2 && d.lc <= 2:
		y, m, day = d.a, d.b, d.c
	case (f == fmtDMY || f == fmtMDY) && d.la <= 2 && d.lb <= 2 && (d.lc == 2 || d.lc == 4):
		y, m, day = fullYear(d.c, d.lc), d.b, d.a
		if f == fmtMDY {
			m, day = d.a, d.b
		}
	default:
		return message{}
	}
	switch {
	case m < 1 || m > 12:
		return msg("import.date.no_month", "Month", m)
	case day < 1 || day > regulars.DaysIn(y, time.Month(m)):
		return msg("import.date.no_day", "Month", fmt.Sprintf("%02d", m), "MonthName", time.Month(m).String(), "Year", y,
			"Days", regulars.DaysIn(y, time.Month(m)))
	case y < regulars.MinYear || y > regulars.MaxYear:
		return yearOutOfRange
	}
	return message{}
}

// fullYear expands a two-digit year: 00–69 are 20xx, 70–99 are 19xx.
func fullYear(y, digits int) int {
	switch {
	case digits != 2:
		return y
	case y < 70:
		return 2000 + y
	}
	return 1900 + y
}

// validDate reports whether y-m-d is a real day.
func validDate(y, m, d int) bool {
	if y < 1000 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= regulars.DaysIn(y, time.Month(m))
}

// date returns the date in format f, which must be one the text fits.
func (d dateText) date(f uint8, date1904 bool) (regulars.Date, bool) {
	switch f {
	case fmtYMD:
		return regulars.NewDate(d.a, time.Month(d.b), d.c), true
	case fmtDMY:
		return regulars.NewDate(fullYear(d.c, d.lc), time.Month(d.b), d.a), true
	case fmtMDY:
		return regulars.NewDate(fullYear(d.c, d.lc), time.Month(d.a), d.b), true
	case fmtSerial:
		return serialDate(d.serial, date1904)
	case fmtNamed:
		y, m, day := d.namedDate()
		return regulars.NewDate(y, time.Month(m), day), true
	}
	return regulars.Date{}, false
}

// serialDate converts a spreadsheet day number to a date, dropping the time of day. In the
// 1900 system day 1 is 1900-01-01 and day 60 is 29 February 1900, which never was (Lotus
// 1-2-3 treated 1900 as a leap year and Excel kept the bug), so later days are one less.
func serialDate(v float64, date1904 bool) (regulars.Date, bool) {
	if !(v >= 1 && v < 2958466) { // 9999-12-31
		return regulars.Date{}, false
	}
	n := int(v)
	switch {
	case date1904:
		return regulars.NewDate(1904, time.January, 1+n), true
	case n < 60:
		return regulars.NewDate(1899, time.December, 31+n), true
	case n == 60:
		return regulars.NewDate(1900, time.February, 28), true
	}
	return regulars.NewDate(1899, time.December, 30+n), true
}

// formatName describes a date format as it appears in the sample d: "dd.mm.yyyy".
func formatName(f uint8, d dateText) string {
	y := "yyyy"
	if d.lc == 2 {
		y = "yy"
	}
	sep := string(d.sep)
	switch {
	case f == fmtNamed && d.named == fmtMDY:
		return "mmm dd, " + y // the month as a word
	case f == fmtNamed:
		return "dd mmm " + y
	}
	switch f {
	case fmtYMD:
		return "yyyy" + sep + "mm" + sep + "dd"
	case fmtDMY:
		return "dd" + sep + "mm" + sep + y
	case fmtMDY:
		return "mm" + sep + "dd" + sep + y
	case fmtSerial:
		return "serial"
	}
	return ""
}
