package regulars

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync/atomic"

	"golang.org/x/text/currency"
)

// DefaultCurrency is the currency of amounts that do not name one.
const DefaultCurrency = "RUB"

// Money is an amount in integer minor units (kopecks, cents) of a currency (ISO 4217 code).
// float64 is never used for money.
type Money struct {
	Minor    int64  `json:"-"`
	Currency string `json:"-"`
}

// currencyExponents lists the currencies whose minor unit is not 1/100 of the major one.
var currencyExponents = map[string]int{"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "KWD": 3, "BHD": 3, "TND": 3}

// CurrencyExponent returns the number of decimal places of the currency's minor unit.
func CurrencyExponent(currency string) int {
	if e, ok := currencyExponents[currency]; ok {
		return e
	}
	return 2
}

// ValidCurrency reports whether code is an ISO 4217 currency code in upper case, current
// (RUB, USD) or historic (RUR, DEM: old sheets hold them), but not XXX, "no currency".
func ValidCurrency(code string) bool {
	if len(code) != 3 || code == "XXX" {
		return false
	}
	for i := 0; i < 3; i++ {
		if code[i] < 'A' || code[i] > 'Z' {
			return false
		}
	}
	i := (int(code[0]-'A')*26+int(code[1]-'A'))*26 + int(code[2]-'A')
	word, shift := &currencyAnswers[i/16], uint(i%16)*2
	if bits := word.Load() >> shift; bits&1 != 0 { // answered before
		return bits&2 != 0
	}
	_, err := currency.ParseISO(code)
	answer := uint32(1)
	if err == nil {
		answer |= 2
	}
	word.Or(answer << shift)
	return err == nil
}

// currencyAnswers caches ParseISO's answers about three capital letters, two bits a code
// (answered, valid), for ValidCurrency: an import asks about every row's currency, and
// ParseISO looks the code up anew each time (330 instructions a row under callgrind, over
// 1% of a row's reading and matching).
var currencyAnswers [(26*26*26 + 15) / 16]atomic.Uint32

// Add returns m + o. Both must be in the same currency.
func (m Money) Add(o Money) Money { return Money{Minor: m.Minor + o.Minor, Currency: m.Currency} }

// Major returns the amount as a decimal string in major units: "50000.00", "-3.5" never ("-3.50").
func (m Money) Major() string { return FormatMinor(m.Minor, CurrencyExponent(m.Currency)) }

// FormatMinor formats minor units as a decimal with exp places, without grouping.
func FormatMinor(minor int64, exp int) string {
	neg := minor < 0
	u := uint64(minor)
	if neg {
		u = uint64(-minor)
	}
	s := strconv.FormatUint(u, 10)
	if exp > 0 {
		if len(s) <= exp {
			s = strings.Repeat("0", exp-len(s)+1) + s
		}
		s = s[:len(s)-exp] + "." + s[len(s)-exp:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// JSONNumber returns the amount in major units as a JSON number.
func (m Money) JSONNumber() json.Number { return json.Number(m.Major()) }

// ParseMajor parses a plain decimal amount in major units ("15000", "1234.5", "-10.25") into
// minor units of the currency. Amounts with more decimals than the currency has are an error,
// never rounded silently.
func ParseMajor(s, currency string) (Money, error) {
	minor, err := ParseDecimalMinor(s, CurrencyExponent(currency))
	if err != nil {
		return Money{}, err
	}
	return Money{Minor: minor, Currency: currency}, nil
}

// ParseDecimalMinor parses a plain decimal ("-1234.50") into an integer scaled by 10^exp.
func ParseDecimalMinor(s string, exp int) (int64, error) {
	bad := func() error {
		return Errorf(EINVALID, "Invalid amount %q.", s).Keyed("valid.amount_invalid", "Q", strconv.Quote(s))
	}
	neg := strings.HasPrefix(s, "-")
	if neg || strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" && frac == "" || hasDot && frac == "" && intPart == "" {
		return 0, bad()
	}
	if len(frac) > exp {
		// Trailing zeros beyond the currency's precision are harmless.
		trimmed := strings.TrimRight(frac[exp:], "0")
		if trimmed != "" {
			return 0, Errorf(EINVALID, "Amount %q has more than %d decimal places.", s, exp).
				Keyed("valid.amount_decimals", "Q", strconv.Quote(s), "Digits", exp)
		}
		frac = frac[:exp]
	}
	digits := strings.TrimLeft(intPart, "0") + frac + strings.Repeat("0", exp-len(frac))
	if len(digits) > 18 { // "" is a zero: "0", "00" in JPY
		return 0, bad()
	}
	var v int64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, bad()
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, nil
}
