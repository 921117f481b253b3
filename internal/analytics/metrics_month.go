package analytics

import (
	"fmt"

	"github.com/regulars/regulars"
)

// epoch is day 0 of monthOf's calendar arithmetic.
var epoch = regulars.NewDate(1970, 1, 1)

// monthOf returns the calendar month of d as year*12 + month - 1, so that consecutive months
// are consecutive integers. It is the civil-from-days algorithm of Howard Hinnant's
// chrono-compatible date algorithms: millions of orders need it, and time.Time is ten times
// slower.
func monthOf(d regulars.Date) int {
	z := d.Sub(epoch) + 719468 // days since 0000-03-01
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097                                  // day of the 400-year era [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // year of the era [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // day of the March-based year
	mp := (5*doy + 2) / 153                                // March = 0
	y, m := yoe+era*400, mp+3
	if mp >= 10 {
		y, m = y+1, mp-9
	}
	return y*12 + m - 1
}

// monthString formats a month of monthOf as YYYY-MM.
func monthString(month int) string {
	return fmt.Sprintf("%04d-%02d", month/12, month%12+1)
}
