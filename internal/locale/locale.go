// Package locale formats what people read — money, dates, counted nouns — in Russian and
// English: "50 000,00 ₽" and "22.11.2026" in Russian, "₽50,000.00" and "Nov 22, 2026" in
// English. Machine formats (JSON, CSV) never go through it.
package locale

import (
	"strconv"
	"strings"

	"github.com/regulars/regulars"
)

// The languages.
const (
	RU = "ru"
	EN = "en"
)

// Parse returns RU for any Russian locale name ("ru", "ru_RU.UTF-8", "ru-RU") and EN for
// anything else.
func Parse(s string) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "ru") {
		return RU
	}
	return EN
}

// nbsp keeps a number's groups and its currency sign together on one line.
const nbsp = "\u00a0"

var symbols = map[string]string{"RUB": "₽", "USD": "$", "EUR": "€", "GBP": "£", "KZT": "₸", "UAH": "₴",
	"BYN": "Br", "CNY": "¥", "JPY": "¥", "TRY": "₺", "GEL": "₾", "AMD": "֏"}

// Money formats an amount: "50 000,00 ₽" in Russian (no-break spaces), "₽50,000.00" in
// English; a currency without a sign is written by its code.
func Money(m regulars.Money, lang string) string {
	return withSymbol(Number(m.Major(), lang), m.Currency, lang)
}

// withSymbol puts the currency's sign (or code) after a Russian number, before an English one.
func withSymbol(num, currency, lang string) string {
	sym, ok := symbols[currency]
	if lang == RU {
		if !ok {
			sym = currency
		}
		return num + nbsp + sym
	}
	if !ok {
		return currency + nbsp + num
	}
	if strings.HasPrefix(num, "-") {
		return "-" + sym + num[1:]
	}
	return sym + num
}

// Whole formats an amount rounded to whole major units, for charts and summaries:
// "50 000 ₽" in Russian, "₽50,000" in English.
func Whole(m regulars.Money, lang string) string {
	exp := regulars.CurrencyExponent(m.Currency)
	unit := int64(1)
	for range exp {
		unit *= 10
	}
	major := m.Minor / unit
	if r := m.Minor % unit; 2*r >= unit {
		major++
	} else if 2*r <= -unit {
		major--
	}
	return withSymbol(Number(strconv.FormatInt(major, 10), lang), m.Currency, lang)
}

// Number groups the digits of a plain decimal ("-1234567.5"): "-1 234 567,5" in Russian,
// "-1,234,567.5" in English.
func Number(s, lang string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	group, point := ",", "."
	if lang == RU {
		group, point = nbsp, ","
	}
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString(point + frac)
	}
	return sign + b.String()
}

// Decimal formats x with prec decimals, grouped as Number groups: "1 234,50" in Russian.
func Decimal(x float64, prec int, lang string) string {
	return Number(strconv.FormatFloat(x, 'f', prec, 64), lang)
}

// Percent formats a share (0.477) as a percentage with prec decimals: "47,7 %" in Russian (a
// no-break space before the sign), "47.7%" in English.
func Percent(share float64, prec int, lang string) string {
	s := Decimal(100*share, prec, lang)
	if lang == RU {
		return s + nbsp + "%"
	}
	return s + "%"
}

var monthsEN = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// Date formats a day: "22.11.2026" in Russian, "Nov 22, 2026" in English; "" for no date.
func Date(d regulars.Date, lang string) string {
	if d.IsZero() {
		return ""
	}
	if lang == RU {
		return d.Time().Format("02.01.2006")
	}
	return monthsEN[d.Month()-1] + " " + itoa(d.Day()) + ", " + itoa(d.Year())
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}

// Plural returns the form of a noun that goes with n: in Russian forms are one, few, many
// ("клиент", "клиента", "клиентов": 1 клиент, 2 клиента, 5 клиентов, 11 клиентов, 21 клиент);
// in English one and other (the third form is ignored).
func Plural(n int, lang string, one, few, many string) string {
	if lang != RU {
		if n == 1 || n == -1 {
			return one
		}
		return few
	}
	return [3]string{one, few, many}[PluralRU(n)]
}

// The Russian plural categories of a whole number (the CLDR rules for cardinals).
const (
	One  = iota // 1, 21, 31, 101 …: not 11
	Few         // 2–4, 22–24 …: not 12–14
	Many        // 0, 5–20, 25–30, 111 …
)

// PluralRU returns the Russian plural category of n: One, Few or Many.
func PluralRU(n int) int {
	n = max(n, -n)
	switch n10, n100 := n%10, n%100; {
	case n10 == 1 && n100 != 11:
		return One
	case n10 >= 2 && n10 <= 4 && (n100 < 12 || n100 > 14):
		return Few
	}
	return Many
}
