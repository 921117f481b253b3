package analytics

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Explain returns p in words, in Russian when locale starts with "ru" and in English
// otherwise: the client's rhythm, the time since the last order, the chance the client is
// still active and, with a horizon, the orders expected in it. For example
//
//	orders about every 3 months; 7 months since the last order; about an 18% chance the client is still active
//	заказывает примерно раз в 3 месяца; с последнего заказа прошло 7 месяцев; вероятность, что клиент ещё активен, — около 18%
func Explain(p Prediction, locale string) string {
	days := p.Unit.Days()
	since := span(math.Max(0, p.T-p.Recency) * days)
	var parts []string
	if strings.HasPrefix(strings.ToLower(locale), "ru") {
		parts = append(parts, rhythmRU(p, days), sinceRU(since), aliveRU(p.PAlive))
		if p.Horizon > 0 {
			parts = append(parts, ordersRU(p.ExpectedOrders, span(p.Horizon*days)))
		}
	} else {
		parts = append(parts, rhythmEN(p, days), sinceEN(since), aliveEN(p.PAlive))
		if p.Horizon > 0 {
			parts = append(parts, ordersEN(p.ExpectedOrders, span(p.Horizon*days)))
		}
	}
	return strings.Join(parts, "; ")
}

// duration is a rounded length of time in the unit that reads best.
type duration struct {
	n    int
	unit int // spanDay, spanWeek, spanMonth, spanYear
}

const (
	spanDay = iota
	spanWeek
	spanMonth
	spanYear
)

// span rounds days to days under a week, weeks under four, months under two years and
// years beyond.
func span(days float64) duration {
	d := math.Round(days)
	switch {
	case d < 7:
		return duration{int(d), spanDay}
	case d < 28:
		return duration{int(math.Round(d / 7)), spanWeek}
	case d < 730:
		return duration{int(math.Round(d / daysPerMonth)), spanMonth}
	}
	return duration{int(math.Round(d / 365.25)), spanYear}
}

// gap returns the client's mean time between occasions, at least a day.
func gap(p Prediction, days float64) duration {
	g := span(math.Max(1, p.Recency/p.Frequency*days))
	g.n = max(g.n, 1)
	return g
}

// percent returns pr as a whole percentage, kept off 0 and 100 unless pr is exactly that.
func percent(pr float64) int {
	n := int(math.Round(pr * 100))
	if n == 0 && pr > 0 {
		return 0 // "less than 1%"
	}
	if n == 100 && pr < 1 {
		return 99
	}
	return n
}

var unitsEN = [...]string{"day", "week", "month", "year"}

func (d duration) en() string {
	if d.n == 1 {
		return "1 " + unitsEN[d.unit]
	}
	return strconv.Itoa(d.n) + " " + unitsEN[d.unit] + "s"
}

func rhythmEN(p Prediction, days float64) string {
	if p.Frequency == 0 {
		return "has ordered once"
	}
	g := gap(p, days)
	if g.n == 1 {
		return "orders about once a " + unitsEN[g.unit]
	}
	return "orders about every " + g.en()
}

func sinceEN(d duration) string {
	if d.n == 0 && d.unit == spanDay {
		return "ordered today"
	}
	return d.en() + " since the last order"
}

func aliveEN(pr float64) string {
	n := percent(pr)
	if n == 0 && pr > 0 {
		return "less than a 1% chance the client is still active"
	}
	return fmt.Sprintf("about %s %d%% chance the client is still active", articleEN(n), n)
}

// articleEN returns the article before the number n read aloud: "an" for 8, 11, 18 and 80–89.
func articleEN(n int) string {
	if n == 8 || n == 11 || n == 18 || n >= 80 && n <= 89 {
		return "an"
	}
	return "a"
}

func ordersEN(e float64, h duration) string {
	noun := "orders"
	if formatOrders(e, ".") == "1" {
		noun = "order"
	}
	next := h.en()
	if h.n == 1 {
		next = unitsEN[h.unit]
	}
	return fmt.Sprintf("about %s %s expected in the next %s", formatOrders(e, "."), noun, next)
}

// formatOrders returns e with one decimal, or as a whole number when it is one.
func formatOrders(e float64, point string) string {
	s := strconv.FormatFloat(math.Round(e*10)/10, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", point, 1)
}
