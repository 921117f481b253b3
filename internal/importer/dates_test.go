package importer

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"github.com/regulars/regulars"
)

func TestDateFormats(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		order string
		want  uint8
	}{
		{"DotDMY", "22.11.2026", "", fmtDMY},
		{"DotShortYear", "22.11.26", "", fmtDMY},
		{"DotLowDayStillDMY", "03.04.2026", "", fmtDMY},
		{"DotMDYWhenAsked", "03.04.2026", MDY, fmtDMY | fmtMDY},
		{"ISO", "2026-11-22", "", fmtYMD},
		{"SlashUS", "11/22/2026", "", fmtMDY},
		{"SlashEU", "22/11/2026", "", fmtDMY},
		{"SlashAmbiguous", "03/04/2026", "", fmtDMY | fmtMDY},
		{"WithTime", "22.11.2026 14:30", "", fmtDMY},
		{"ISOWithTime", "2026-11-22T14:30:00Z", "", fmtYMD},
		{"Serial", "46348", "", fmtSerial},
		{"BadDay", "31.02.2026", "", 0},
		{"LeapDay", "29.02.2028", "", fmtDMY},
		{"NotLeap", "29.02.2026", "", 0},
		{"Text", "вчера", "", 0},
		{"YearOnly", "2026", "", 0},
		{"ThreeDigitYear", "22.11.202", "", 0},
		{"MonthWordRU", "22 ноября 2026", "", fmtNamed},
		{"MonthWordRUWithYearMark", "22 ноября 2026 г.", "", fmtNamed},
		{"MonthWordRUShort", "3 мар. 2025", "", fmtNamed},
		{"MonthWordExcel", "22-Nov-26", "", fmtNamed},
		{"MonthWordEN", "22 November 2026", "", fmtNamed},
		{"MonthWordENMonthFirst", "Nov 22, 2026", "", fmtNamed},
		{"MonthWordLowDayOneWay", "Mar 3, 2025", DMY, fmtNamed},
		{"MonthWordWeekday", "Sunday, November 22, 2026", "", fmtNamed},
		{"MonthWordWeekdayRU", "воскресенье, 22 ноября 2026 г.", "", fmtNamed},
		{"MonthWordBadDay", "30 февраля 2026", "", 0},
		{"MonthWordLeapDay", "29-Feb-28", "", fmtNamed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := scanDate(tt.in)
			var got uint8
			if ok {
				got = d.formats(tt.order)
			}
			if got != tt.want {
				t.Errorf("formats(%q)=%04b, want %04b", tt.in, got, tt.want)
			}
		})
	}
}

func TestDateValues(t *testing.T) {
	tests := []struct {
		in   string
		f    uint8
		want string
	}{
		{"22.11.2026", fmtDMY, "2026-11-22"},
		{"22.11.26", fmtDMY, "2026-11-22"},
		{"01.01.69", fmtDMY, "2069-01-01"},
		{"01.01.70", fmtDMY, "1970-01-01"},
		{"31.12.99", fmtDMY, "1999-12-31"},
		{"11/22/2026", fmtMDY, "2026-11-22"},
		{"2026-11-22", fmtYMD, "2026-11-22"},
		{"22.11.2026г.", fmtDMY, "2026-11-22"},
		{"46348", fmtSerial, "2026-11-22"},
		{"46348.75", fmtSerial, "2026-11-22"},
		{"22.11.2026 г.", fmtDMY, "2026-11-22"},
		{"22.11.2026 14:30", fmtDMY, "2026-11-22"},
		{"22.11.2026 0:00:00", fmtDMY, "2026-11-22"},
		{"2026-11-22T14:30:00Z", fmtYMD, "2026-11-22"},
		{"2026-11-22T14:30:00.123+03:00", fmtYMD, "2026-11-22"},
		{"2026-11-22 14:30:00 -0500", fmtYMD, "2026-11-22"},
		{"11/22/2026 2:30 PM", fmtMDY, "2026-11-22"},
		{"22 ноября 2026", fmtNamed, "2026-11-22"},
		{"22 НОЯБРЯ 2026 г.", fmtNamed, "2026-11-22"},
		{"22 ноября 2026г.", fmtNamed, "2026-11-22"},
		{"1 янв. 2025", fmtNamed, "2025-01-01"},
		{"5 сент 2025", fmtNamed, "2025-09-05"},
		{"22\u00a0ноября\u00a02026\u00a0г.", fmtNamed, "2026-11-22"},
		{"22-Nov-26", fmtNamed, "2026-11-22"},
		{"22-nov-2026", fmtNamed, "2026-11-22"},
		{"1 May 1999", fmtNamed, "1999-05-01"},
		{"November 22, 2026", fmtNamed, "2026-11-22"},
		{"Sept 5 2025", fmtNamed, "2025-09-05"},
		{"Sun, Nov 22, 2026", fmtNamed, "2026-11-22"},
		{"среда, 11 марта 2026 г.", fmtNamed, "2026-03-11"},
		{"22 Nov 2026 14:30", fmtNamed, "2026-11-22"},
		{"Nov 22, 2026 2:30 PM", fmtNamed, "2026-11-22"},
		{"22 ноября 2026 г., 14:30", fmtNamed, "2026-11-22"},
		{"1 мая 2026 года", fmtNamed, "2026-05-01"},
		{"1 мая 2026 в 14:30", fmtNamed, "2026-05-01"},
		{"22nd Nov 2026", fmtNamed, "2026-11-22"},
		{"November 1st, 2026", fmtNamed, "2026-11-01"},
		{"22 Nov 2026\u00a014:30", fmtNamed, "2026-11-22"},
		{"22\u2009ноября\u20092026", fmtNamed, "2026-11-22"},
		{"22.Nov.2026", fmtNamed, "2026-11-22"},
		{"26-Nov-22", fmtNamed, "2022-11-26"},
	}
	for _, tt := range tests {
		d, ok := scanDate(tt.in)
		if !ok || d.formats("")&tt.f == 0 {
			t.Errorf("scanDate(%q) does not fit %04b", tt.in, tt.f)
			continue
		}
		if got, ok := d.date(tt.f, false); !ok || got.String() != tt.want {
			t.Errorf("date(%q)=%s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestDateWithText: a date followed by anything but a time of day is not a date: the text
// would be lost, or a range read as its first day.
func TestDateWithText(t *testing.T) {
	for _, in := range []string{"2025-02-01 foo", "2025-02-01 99:99:99", "2025-02-01 12", "01.02.2025 – 05.02.2025",
		"22.11.2026 25:00", "22.11.2026 14:30 завтра", "11/22/2026 13:30 PM", "2026-11-22T14:30+25:00",
		// A month as a word needs a day and a year, and nothing else beside them.
		"ноябрь 2026", "22 ноября", "Nov 2026", "22 ноября 2026 завтра", "до 22 ноября 2026", "3 дня", "5 недель 2026",
		"22 ноября 20266", "222 ноября 2026", "22 ноября 202", "Nov 22, 2026 25:00", "22 Nov Dec 2026", "Monday 22 2026",
		"22 ноября 2026 – 5 декабря 2026", "пятница 22 ноября 2026 14:30:99",
		// Ranges of days, and separators a date does not mix.
		"Nov 22-26", "May 5-10", "Nov 2/26", "22--Nov--26", "22, Nov, 2026", "22 Nov-26", "22-Nov 2026", "Sunday-Nov-22-2026"} {
		if _, ok := scanDate(in); ok {
			t.Errorf("scanDate(%q) is a date", in)
		}
	}
}

func TestSerialDate(t *testing.T) {
	tests := []struct {
		serial   float64
		date1904 bool
		want     string
	}{
		{1, false, "1900-01-01"},
		{59, false, "1900-02-28"},
		{61, false, "1900-03-01"}, // day 60 is Excel's fictional 29 February 1900
		{25569, false, "1970-01-01"},
		{46348, false, "2026-11-22"},
		{0, true, ""},
		{1, true, "1904-01-02"},
		{44886, true, "2026-11-22"},
		{0, false, ""},
		{-5, false, ""},
		{3e9, false, ""},
	}
	for _, tt := range tests {
		d, ok := serialDate(tt.serial, tt.date1904)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("serialDate(%v, %v)=%q, want %q", tt.serial, tt.date1904, got, tt.want)
		}
	}
}

// TestDateColumns checks the per-column decision: the format every value fits, an ambiguous
// column, and values that do not fit the format most values fit.
func TestDateColumns(t *testing.T) {
	tests := []struct {
		name   string
		dates  []string
		order  string
		format string
		err    string
		bad    []int  // lines of bad rows
		msg    string // the first bad row's error
	}{
		{"DMY", []string{"22.11.2026", "01.02.2026"}, "", "dd.mm.yyyy", "", nil, ""},
		{"ShortYear", []string{"22.11.26", "01.02.26"}, "", "dd.mm.yy", "", nil, ""},
		{"SlashDecidedByOneDay", []string{"01/02/2026", "03/04/2026", "11/22/2026"}, "", "mm/dd/yyyy", "", nil, ""},
		{"SlashDecidedDMY", []string{"01/02/2026", "22/11/2026"}, "", "dd/mm/yyyy", "", nil, ""},
		{"SlashAmbiguous", []string{"01/02/2026", "03/04/2026"}, "", "", "dates could be dd/mm/yyyy or mm/dd/yyyy", nil, ""},
		{"SlashAmbiguousDMY", []string{"01/02/2026", "03/04/2026"}, DMY, "dd/mm/yyyy", "", nil, ""},
		{"SlashAmbiguousMDY", []string{"01/02/2026", "03/04/2026"}, MDY, "mm/dd/yyyy", "", nil, ""},
		{"ISO", []string{"2026-11-22", "2026-01-02"}, "", "yyyy-mm-dd", "", nil, ""},
		{"OneBadValue", []string{"22.11.2026", "31.02.2026", "01.12.2026"}, "", "dd.mm.yyyy", "", []int{3},
			`Order date "31.02.2026" is not a real day in the column's format dd.mm.yyyy: February 2026 has 28 days.`},
		{"NoMonth13", []string{"22.11.2026", "13.13.2026", "01.12.2026"}, "", "dd.mm.yyyy", "", []int{3},
			`Order date "13.13.2026" is not a real day in the column's format dd.mm.yyyy: there is no month 13.`},
		{"YearsOutOfRange", []string{"2026-11-22", "9999-12-31", "0001-01-01", "2026-11-23"}, "", "yyyy-mm-dd", "", []int{3, 4},
			`Order date "9999-12-31" is out of range: the year must be from 1900 to 2100.`},
		{"OtherFormat", []string{"22.11.2026", "2026-11-23", "01.12.2026"}, "", "dd.mm.yyyy", "", []int{3},
			`Order date "2026-11-23" is not a date in the column's format dd.mm.yyyy.`},
		{"TwoFormatsAsOften", []string{"22.11.2026", "2026-11-23"}, "", "", `column "Дата" (B): dates are written two ways as often, yyyy-mm-dd ("2026-11-23") and dd.mm.yyyy ("22.11.2026"); the format is decided per column, so write them one way.`, nil, ""},
		{"MixedOrdersMostWin", []string{"22/11/2026", "23/11/2026", "11/24/2026"}, "", "dd/mm/yyyy", "", []int{4},
			`Order date "11/24/2026" is not a real day in the column's format dd/mm/yyyy: there is no month 24.`},
		{"NoDates", []string{"вчера", "завтра"}, "", "", "no value is a date", nil, ""},
		{"MonthWords", []string{"22 ноября 2026 г.", "3 дек. 2026 г."}, "", "dd mmm yyyy", "", nil, ""},
		{"MonthWordsExcel", []string{"22-Nov-26", "3-Dec-26"}, "", "dd mmm yy", "", nil, ""},
		{"MonthWordsFirst", []string{`"Nov 22, 2026"`, `"Dec 3, 2026"`}, "", "mmm dd, yyyy", "", nil, ""},
		{"MonthWordsBesideNumbers", []string{"22.11.2026", "3 декабря 2026", "04.12.2026"}, "", "dd.mm.yyyy", "", nil, ""},
		{"MonthWordNotRealDay", []string{"22-Nov-26", "29-Feb-26", "3-Dec-26"}, "", "dd mmm yy", "", []int{3},
			`Order date "29-Feb-26" is not a real day: February 2026 has 28 days.`},
		// A month as a word is never ambiguous: it is read where it stands, whatever the
		// column's other dates, and decides nothing for them.
		{"MonthWordsBothOrders", []string{"22 Nov 2026", "23 Nov 2026", `"Nov 24, 2026"`}, "", "dd mmm yyyy", "", nil, ""},
		{"MonthWordsFirstMonthFirst", []string{`"Jan 01, 2020"`, `"Jan 02, 2020"`, "03 Jan 2020"}, "", "mmm dd, yyyy", "", nil, ""},
		{"NumbersNameTheFormat", []string{"22 ноября 2026 г.", "23.11.2026", "24.11.2026", "31.11.2026"}, "", "dd.mm.yyyy", "", []int{5},
			`Order date "31.11.2026" is not a real day in the column's format dd.mm.yyyy: November 2026 has 30 days.`},
		{"NumbersDecideOrderAlone", []string{"22/11/2026", `"Nov 24, 2026"`, "12/11/2026"}, "", "dd/mm/yyyy", "", nil, ""},
		{"NumbersStillAmbiguous", []string{"03/04/2026", "22 Nov 2026", "05/06/2026"}, "", "", "dates could be dd/mm/yyyy or mm/dd/yyyy", nil, ""},
		{"MonthWordNotRealInNumbers", []string{"22.11.2026", "30 февраля 2026", "01.12.2026"}, "", "dd.mm.yyyy", "", []int{3},
			`Order date "30 февраля 2026" is not a real day: February 2026 has 28 days.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			csv := "Клиент,Дата,Сумма\n"
			for _, d := range tt.dates {
				csv += "Анна," + d + ",100\n"
			}
			s, err := OpenBytes("t.csv", []byte(csv))
			if err != nil {
				t.Fatal(err)
			}
			l, err := s.Layout(Options{DateOrder: tt.order})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || regulars.ErrorCode(err) != regulars.EINVALID {
					t.Fatalf("err=%v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := l.Column(FieldOrderedOn).Format; got != tt.format {
				t.Errorf("format=%q, want %q", got, tt.format)
			}
			var bad []int
			msg := ""
			l.Each(func(r *Row, b *RowError, _ *Ignored) error {
				if b != nil {
					bad = append(bad, b.Line)
					msg = cmp.Or(msg, b.english())
				}
				return nil
			})
			if !slices.Equal(bad, tt.bad) || msg != tt.msg {
				t.Errorf("bad rows=%v (%s), want %v (%s)", bad, msg, tt.bad, tt.msg)
			}
		})
	}
}

// TestYearless: a day and a month without a year, as a column formatted "d mmmm" exports it.
func TestYearless(t *testing.T) {
	for in, want := range map[string]bool{"28.12": true, "12/28": true, "28 декабря": true, "Dec 28": true, "28 Dec": true,
		"28.12.2026": false, "28": false, "Анна": false, "": false, "2026": false} {
		if got := yearless(in); got != want {
			t.Errorf("yearless(%q) = %v", in, got)
		}
	}
	s, _ := OpenBytes("y.csv", []byte("Клиент,Дата,Сумма\nАнна,28 декабря,100\nБорис,29 декабря,200\n"))
	if _, err := s.Layout(Options{}); err == nil || !strings.Contains(err.Error(), `the dates have no year (the first is "28 декабря")`) {
		t.Errorf("err=%v", err)
	}
}
