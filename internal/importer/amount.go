package importer

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/regulars/regulars"
)

// cellError is what is wrong with one amount cell: a message whose {{.Q}}, the cell, the
// row fills in.
type cellError struct{ message }

// Error is the sentence with "…" for the cell: "Amount … is not a number.", for a path that
// prints the error without the row's parse filling it in.
func (e cellError) Error() string { return e.with("Q", "…").String() }

var (
	errNotNumber     = cellError{msg("import.amount.not_number")}
	errTwoCurrencies = cellError{msg("import.amount.two_currencies")}
)

// amount is an amount as written in a cell, before its currency's precision is applied.
type amount struct {
	num      string // a plain decimal: "1234.50", "15000"
	neg      bool
	currency string // from a symbol or word in the cell; "" when none
	decimal  byte   // the decimal separator the cell shows unambiguously: ',', '.' or 0
}

// groupSpace reports whether r separates digit groups: spaces of every width and apostrophes.
func groupSpace(r rune) bool {
	switch r {
	case ' ', '\u00a0', '\u202f', '\u2009', '\u2007', '\'', '’':
		return true
	}
	return false
}

// scanAmount splits a cell such as "50 000,00 ₽", "$1,234.50" or "USD 100" into its number
// and currency. dec is the column's decimal separator, used only when the cell is ambiguous
// ("1,234"); 0 means none was decided, and then a lone separator before three digits groups
// thousands.
func scanAmount(s string, dec byte) (amount, error) {
	var a amount
	first, last := -1, -1
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return a, errNotNumber
	}
	prefix, middle, suffix := s[:first], s[first:last+1], s[last+1:]
	prefix, a.neg = cutSign(prefix)
	suffix, neg := cutClosingParen(suffix, prefix)
	if neg {
		a.neg, prefix = true, strings.Replace(prefix, "(", "", 1)
	}
	var err error
	if a.num, a.decimal, err = plainDecimal(middle, dec); err != nil {
		return a, err
	}
	a.currency, err = amountCurrency(prefix, suffix)
	return a, err
}

// cutSign removes a minus sign (hyphen or U+2212) from the text before the number.
func cutSign(prefix string) (string, bool) {
	if prefix == "" {
		return prefix, false
	}
	if i := strings.LastIndexByte(prefix, '-'); i >= 0 {
		return prefix[:i] + prefix[i+1:], true
	}
	if i := strings.LastIndex(prefix, "−"); i >= 0 {
		return prefix[:i] + prefix[i+len("−"):], true
	}
	return strings.Replace(prefix, "+", "", 1), false
}

// cutClosingParen recognises the accounting form of a negative amount, "(1 000)".
func cutClosingParen(suffix, prefix string) (string, bool) {
	if prefix == "" {
		return suffix, false
	}
	t := strings.TrimSpace(suffix)
	if strings.HasSuffix(t, ")") && strings.Contains(prefix, "(") {
		return strings.TrimSuffix(t, ")"), true
	}
	return suffix, false
}

// amountCurrency returns the currency named before or after the number.
func amountCurrency(prefix, suffix string) (string, error) {
	p, err := currencyWord(prefix)
	if err != nil {
		return "", err
	}
	q, err := currencyWord(suffix)
	if err != nil {
		return "", err
	}
	if p != "" && q != "" && p != q {
		return "", errTwoCurrencies
	}
	if p == "" {
		return q, nil
	}
	return p, nil
}

// plainDecimal turns the digits and separators of an amount into a plain decimal with a
// point. It returns the decimal separator the text shows unambiguously, or 0. It makes one
// pass over the bytes and one allocation: it runs for every amount of every pass.
func plainDecimal(m string, dec byte) (string, byte, error) {
	var n numberText
	if !n.scan(m) {
		return "", 0, errNotNumber
	}
	d, shown, ok := n.decimal(dec)
	if !ok || !n.validGroups(d) || !n.validSpaces(d) {
		return "", 0, errNotNumber
	}
	return n.plain(d), shown, nil
}

// numberText is the digits of an amount and where its separators were.
type numberText struct {
	digits [40]byte
	n      int
	sep    [12]byte // ',' or '.'
	at     [12]int  // the number of digits before each separator
	nsep   int
	spaced bool    // digit groups separated by spaces or apostrophes
	spaces [12]int // the number of digits before each run of them
	nspace int
	commas int
	dots   int
}

// scan reads digits, separators and group spaces; anything else makes the text no number.
func (t *numberText) scan(m string) bool {
	for i := 0; i < len(m); i++ {
		switch c := m[i]; {
		case c >= '0' && c <= '9':
			if t.n == len(t.digits) {
				return false
			}
			t.digits[t.n] = c
			t.n++
		case c == ',' || c == '.':
			if t.nsep == len(t.sep) {
				return false
			}
			t.sep[t.nsep], t.at[t.nsep] = c, t.n
			t.nsep++
			if c == ',' {
				t.commas++
			} else {
				t.dots++
			}
		case c == ' ' || c == '\'':
			if !t.space() {
				return false
			}
		default:
			r, size := utf8.DecodeRuneInString(m[i:])
			if !groupSpace(r) || !t.space() {
				return false
			}
			i += size - 1
		}
	}
	return true
}

// space notes a group space after t.n digits; a run of them is one.
func (t *numberText) space() bool {
	t.spaced = true
	if t.nspace > 0 && t.spaces[t.nspace-1] == t.n {
		return true
	}
	if t.nspace == len(t.spaces) {
		return false
	}
	t.spaces[t.nspace] = t.n
	t.nspace++
	return true
}

// validSpaces checks that group spaces group the whole part's digits in threes ("50 000",
// "1 234 567,89"), not "12 345 67", which is no number anyone writes.
func (t *numberText) validSpaces(d byte) bool {
	end := t.n // the whole part's digits
	for i := 0; i < t.nsep; i++ {
		if t.sep[i] == d {
			end = t.at[i]
		}
	}
	prev := -1
	for _, at := range t.spaces[:t.nspace] {
		switch {
		case at >= end: // in the decimals
			return false
		case prev < 0 && (at < 1 || at > 3), prev >= 0 && at-prev != 3:
			return false
		}
		prev = at
	}
	return prev < 0 || end-prev == 3
}

// decimal returns the decimal separator (0 for none) and whether the text shows it
// unambiguously. dec decides "1,234": a lone separator before three digits.
func (t *numberText) decimal(dec byte) (d, shown byte, ok bool) {
	last := t.nsep - 1
	switch {
	case t.nsep == 0:
		return 0, 0, true
	case t.commas > 0 && t.dots > 0: // "1,234.50", "1.234,50": the last one is the decimal
		d = t.sep[last]
		if t.count(d) != 1 {
			return 0, 0, false
		}
		return d, d, true
	case t.nsep > 1: // "1,234,567": grouping only
		return 0, 0, true
	}
	d = t.sep[0]
	after, before := t.n-t.at[0], t.at[0]
	switch {
	case t.spaced || after != 3 || before > 3 || before == 0:
		return d, d, true
	case dec == d:
		return d, 0, true
	}
	return 0, 0, true // "1,234": thousands
}

func (t *numberText) count(c byte) int {
	if c == ',' {
		return t.commas
	}
	return t.dots
}

// validGroups checks that the separators other than the decimal one group digits in threes.
func (t *numberText) validGroups(d byte) bool {
	end, prev, groups := t.n, -1, 0
	for i := 0; i < t.nsep; i++ {
		if t.sep[i] == d {
			end = t.at[i]
			continue
		}
		switch {
		case prev < 0 && (t.at[i] < 1 || t.at[i] > 3):
			return false
		case prev >= 0 && t.at[i]-prev != 3:
			return false
		}
		prev = t.at[i]
		groups++
	}
	return groups == 0 || end-prev == 3
}

// plain returns the digits with a point before the decimals, if any.
func (t *numberText) plain(d byte) string {
	if d == 0 {
		return string(t.digits[:t.n])
	}
	at := t.n
	for i := 0; i < t.nsep; i++ {
		if t.sep[i] == d {
			at = t.at[i]
		}
	}
	var b [41]byte
	copy(b[:], t.digits[:at])
	b[at] = '.'
	copy(b[at+1:], t.digits[at:t.n])
	return string(b[:t.n+1])
}

// currencies maps symbols and words, lower-cased and without dots, to ISO codes.
var currencies = map[string]string{
	"₽": "RUB", "руб": "RUB", "р": "RUB", "rub": "RUB", "rur": "RUB", "рублей": "RUB", "рубля": "RUB",
	"рубль": "RUB", "руб.": "RUB", "₽.": "RUB", "российский рубль": "RUB", "российских рублей": "RUB",
	"доллар сша": "USD", "белорусский рубль": "BYN", "казахстанский тенге": "KZT",
	"$": "USD", "us$": "USD", "usd": "USD", "долл": "USD", "дол": "USD", "долларов": "USD", "доллар": "USD",
	"€": "EUR", "eur": "EUR", "евро": "EUR",
	"£": "GBP", "gbp": "GBP",
	"₸": "KZT", "тг": "KZT", "тенге": "KZT",
	"₴": "UAH", "грн": "UAH",
	"br": "BYN", "byn": "BYN",
	"¥": "JPY", "jpy": "JPY", "юань": "CNY", "юаней": "CNY", "cny": "CNY",
	"₺": "TRY", "₹": "INR", "₾": "GEL", "֏": "AMD", "₼": "AZN", "сум": "UZS",
	// Plurals and the forms a header or a --currency flag says them in.
	"рубли": "RUB", "рублях": "RUB", "rubles": "RUB", "roubles": "RUB", "ruble": "RUB", "rouble": "RUB",
	"доллары": "USD", "доллара": "USD", "долларах": "USD", "dollar": "USD", "dollars": "USD",
	"euro": "EUR", "euros": "EUR",
	"фунт": "GBP", "фунта": "GBP", "фунтов": "GBP", "pound": "GBP", "pounds": "GBP",
	"гривна": "UAH", "гривны": "UAH", "гривен": "UAH", "hryvnia": "UAH",
	"юани": "CNY", "юаня": "CNY", "yuan": "CNY", "tenge": "KZT",
}

// currencyToken returns the currency of a sign or a word of currencies, or of an ISO code
// written as one ("USD", not "cup"), in a format code or a header; else "".
func currencyToken(w string) string {
	w = strings.TrimFunc(w, currencyTrim)
	if c, ok := currencies[strings.ToLower(w)]; ok {
		return c
	}
	if len(w) == 3 && strings.ToUpper(w) == w && regulars.ValidCurrency(w) {
		return w
	}
	return ""
}

// currencyTrim reports whether r is trimmed from around a currency word.
func currencyTrim(r rune) bool { return r == '.' || r == ':' || r == '\t' || groupSpace(r) }

// currencyWord returns the ISO code of a currency symbol or word such as "₽", "руб." or "USD",
// "" for blank text, and an error for anything else.
func currencyWord(s string) (string, error) {
	s = strings.TrimFunc(s, currencyTrim)
	if s == "" {
		return "", nil
	}
	if c, ok := currencies[s]; ok {
		return c, nil
	}
	l := strings.ToLower(s)
	if c, ok := currencies[l]; ok {
		return c, nil
	}
	if u := strings.ToUpper(s); utf8.RuneCountInString(s) == 3 && regulars.ValidCurrency(u) {
		return u, nil
	}
	if w := strings.FieldsFunc(l, func(r rune) bool { return r == ' ' || r == '.' }); len(w) > 0 && multipliers[w[0]] {
		return "", cellError{msg("import.amount.multiplier", "Label", quoted(w[0]))}
	}
	return "", cellError{msg("import.amount.unknown_currency", "Currency", quoted(s))}
}

// multipliers are the words, lower-case and without a dot, that shorten an amount to
// thousands or millions ("15 тыс. руб.", "1,5 млн", "15k"): no currency, and not read, since
// a sheet that writes 15 000 so may round it.
var multipliers = map[string]bool{"тыс": true, "тысяч": true, "тысячи": true, "тысяча": true, "т": true, "т.р": true,
	"тр": true, "к": true, "млн": true, "миллион": true, "миллиона": true, "миллионов": true, "млрд": true,
	"k": true, "m": true, "mln": true, "mn": true, "thousand": true, "million": true, "bn": true,
	"тысячах": true, "миллионах": true, "thousands": true, "millions": true} // as a header says them

// parseAmount parses an amount cell in a column with decimal separator dec; currency is the
// currency when the cell names none.
func parseAmount(s string, dec byte, currency string) (regulars.Money, error) {
	a, err := scanAmount(s, dec)
	if err != nil {
		return regulars.Money{}, err
	}
	return a.money(currency)
}

// plainAmount is parseAmount of the usual cell of an export, digits with decimals after a
// point or a comma and nothing else ("8700.00", "8700,5", "8700"), made without the scan and
// the text of the number that the other cells need: every row of a sheet has an amount. It
// returns the decimal separator the cell shows, as scanAmount does; ok is false for any other
// cell, and for one whose number parseAmount refuses (too many decimals for the currency,
// too many digits), which then goes the long way round.
func plainAmount(s, currency string) (m regulars.Money, shown byte, ok bool) {
	const most = 15 // whole digits: their minor units fit an int64 whatever the exponent
	var whole int64
	i := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		whole = whole*10 + int64(s[i]-'0')
	}
	if i == 0 || i > most {
		return m, 0, false
	}
	exp := regulars.CurrencyExponent(currency)
	var frac int64
	decimals := 0
	if i < len(s) {
		shown = s[i]
		decimals = len(s) - i - 1
		if shown != '.' && shown != ',' || decimals < 1 || decimals > 2 || decimals > exp {
			return m, 0, false // 3 decimals may group thousands ("1,234"): the column decides
		}
		for _, c := range []byte(s[i+1:]) {
			if c < '0' || c > '9' {
				return m, 0, false
			}
			frac = frac*10 + int64(c-'0')
		}
	}
	for range exp - decimals {
		frac *= 10
	}
	for range exp {
		whole *= 10
	}
	return regulars.Money{Minor: whole + frac, Currency: currency}, shown, true
}

// money returns the amount in its currency, or in currency when the cell names none.
func (a *amount) money(currency string) (regulars.Money, error) {
	if a.currency != "" {
		currency = a.currency
	}
	return toMoney(a.num, a.neg, currency)
}

// toMoney converts a plain decimal in major units to minor units of the currency.
func toMoney(num string, neg bool, currency string) (regulars.Money, error) {
	exp := regulars.CurrencyExponent(currency)
	whole, frac, _ := strings.Cut(num, ".")
	if len(frac) > exp { // even zeros: "15,000" in a column of decimal commas is likely 15 000
		return regulars.Money{}, cellError{msg("import.amount.decimals", "Currency", currency, "Digits", exp)}
	}
	minor, err := regulars.ParseDecimalMinor(num, exp)
	if err != nil {
		if whole = strings.TrimLeft(whole, "0"); len(whole)+exp > 18 {
			return regulars.Money{}, cellError{msg("import.amount.too_large", "Digits", 18-exp)}
		}
		return regulars.Money{}, errNotNumber
	}
	if neg {
		minor = -minor
	}
	return regulars.Money{Minor: minor, Currency: currency}, nil
}

// numberAmount converts an XLSX number cell ("1234.5", "1.5E-3") to money. The binary
// floating point value is printed in its shortest form and parsed as a decimal; a value whose
// shortest form has more decimals than the currency allows only by floating point noise
// (0.1+0.2) is rounded to the currency's precision.
func numberAmount(raw, currency string) (regulars.Money, error) {
	if n, cur, ok := strings.Cut(strings.TrimSpace(raw), " "); ok && regulars.ValidCurrency(cur) {
		raw, currency = n, cur // an XLSX number whose format shows a currency (see formatCurrency)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return regulars.Money{}, errNotNumber
	}
	neg := v < 0
	s := strconv.FormatFloat(math.Abs(v), 'f', -1, 64)
	exp := regulars.CurrencyExponent(currency)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i-1 > exp {
		r := strconv.FormatFloat(math.Abs(v), 'f', exp, 64)
		if back, _ := strconv.ParseFloat(r, 64); math.Abs(back-math.Abs(v)) <= 1e-9*math.Max(1, math.Abs(v)) {
			s = r
		}
	}
	return toMoney(s, neg, currency)
}
