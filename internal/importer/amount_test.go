package importer

import (
	"errors"
	"slices"
	"testing"

	"github.com/regulars/regulars"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		dec   byte
		minor int64
		cur   string
		err   string
	}{
		{"RubleSign", "50 000,00 ₽", 0, 5_000_000, "RUB", ""},
		{"NoBreakSpaces", "50\u00a0000,00\u00a0₽", 0, 5_000_000, "RUB", ""},
		{"NarrowNoBreakSpace", "1\u202f234\u202f567,89 ₽", 0, 123_456_789, "RUB", ""},
		{"SpaceGroupCommaDecimal", "1 234,5", 0, 123_450, "RUB", ""},
		{"RubWord", "15000 руб.", 0, 1_500_000, "RUB", ""},
		{"RubLetter", "15 000 р.", 0, 1_500_000, "RUB", ""},
		{"Dollar", "$1,234.50", 0, 123_450, "USD", ""},
		{"Euro", "€99", 0, 9900, "EUR", ""},
		{"GermanEUR", "1.234,50 EUR", 0, 123_450, "EUR", ""},
		{"CodeFirst", "USD 100", 0, 10_000, "USD", ""},
		{"Plain", "15000", 0, 1_500_000, "RUB", ""},
		{"PlainDecimalPoint", "1234.5", 0, 123_450, "RUB", ""},
		{"AmbiguousThousandsByDefault", "1,234", 0, 123_400, "RUB", ""},
		{"AmbiguousThousandsInPointColumn", "1,234", '.', 123_400, "RUB", ""},
		{"AmbiguousDecimalInCommaColumn", "1,234", ',', 0, "", "has more decimal places than RUB allows"},
		{"AmbiguousDotThousands", "1.234", 0, 123_400, "RUB", ""},
		{"AmbiguousDotDecimalInPointColumn", "1.234", '.', 0, "", "has more decimal places than RUB allows"},
		{"ManyGroups", "1,234,567", 0, 123_456_700, "RUB", ""},
		{"ApostropheGroups", "1'234.50 CHF", 0, 123_450, "CHF", ""},
		{"Negative", "-500", 0, -50_000, "RUB", ""},
		{"NegativeUnicodeMinus", "−500 ₽", 0, -50_000, "RUB", ""},
		{"Accounting", "($1,000.00)", 0, -100_000, "USD", ""},
		{"YenNoDecimals", "¥1500", 0, 1500, "JPY", ""},
		{"YenDecimals", "¥15.5", 0, 0, "", "has more decimal places than JPY allows"},
		{"ThreeZeros", "100.000", '.', 0, "", "has more decimal places than RUB allows"}, // 100 000 in German, likely
		{"ThreeZerosComma", "15,000", ',', 0, "", "has more decimal places than RUB allows"},
		{"TwoZeros", "100,00", ',', 10_000, "RUB", ""},
		{"BadGroups", "12,34,5", 0, 0, "", "is not a number"},
		{"Words", "пятьсот", 0, 0, "", "is not a number"},
		{"TwoNumbers", "100 руб за 2 шт", 0, 0, "", "is not a number"},
		{"UnknownCurrency", "100 попугаев", 0, 0, "", `has an unknown currency "попугаев"`},
		{"Thousands", "15 тыс. руб.", 0, 0, "", `is written in thousands or millions ("тыс"): write the whole number, such as 15000 for 15k`},
		{"Millions", "1,5 млн", 0, 0, "", `is written in thousands or millions ("млн"): write the whole number, such as 15000 for 15k`},
		{"K", "15k", 0, 0, "", `is written in thousands or millions ("k"): write the whole number, such as 15000 for 15k`},
		{"TR", "15 т.р.", 0, 0, "", `is written in thousands or millions ("т"): write the whole number, such as 15000 for 15k`},
		{"Glued", "15тыс.₽", 0, 0, "", `is written in thousands or millions ("тыс"): write the whole number, such as 15000 for 15k`},
		{"TwoCurrencies", "$100 EUR", 0, 0, "", "names two currencies"},
		{"MixedSeparators", "1.234.5,6", 0, 0, "", "is not a number"},
		{"SpacesOutOfGroups", "12 345 67", 0, 0, "", "is not a number"},
		{"SpaceInHundreds", "1 00", 0, 0, "", "is not a number"},
		{"SpaceInDecimals", "1 000,5 0", ',', 0, "", "is not a number"},
		{"SpacedMillions", "1 234 567,89", ',', 123_456_789, "RUB", ""},
		{"ApostropheGroups", "1'000'000", 0, 100_000_000, "RUB", ""},
		{"DoubleSpace", "50  000 ₽", 0, 5_000_000, "RUB", ""},
		{"TooLarge", "12345678901234567890", 0, 0, "", "is too large: an amount has at most 16 digits before the decimal separator"},
		{"LargestFits", "9 999 999 999 999 999,99", ',', 999_999_999_999_999_999, "RUB", ""},
		{"LeadingZerosFit", "00000000000000000000100", 0, 10_000, "RUB", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := parseAmount(tt.in, tt.dec, "RUB")
			if tt.err != "" {
				var ce cellError
				if !errors.As(err, &ce) || ce.with("Q", quoted(tt.in)).String() != "Amount "+quoted(tt.in)+" "+tt.err+"." {
					t.Fatalf("parseAmount(%q) err=%v, want %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseAmount(%q): %v", tt.in, err)
			}
			if m != (regulars.Money{Minor: tt.minor, Currency: tt.cur}) {
				t.Errorf("parseAmount(%q)=%+v, want %d %s", tt.in, m, tt.minor, tt.cur)
			}
		})
	}
}

func TestScanAmountDecimal(t *testing.T) {
	tests := []struct {
		in   string
		want byte
	}{
		{"1 234,50", ','}, {"1,234.50", '.'}, {"1234,5", ','}, {"1234.5", '.'},
		{"1,234", 0}, {"1.234", 0}, {"1 234", 0}, {"15000", 0}, {"1.234,50", ','},
	}
	for _, tt := range tests {
		a, err := scanAmount(tt.in, 0)
		if err != nil || a.decimal != tt.want {
			t.Errorf("scanAmount(%q) decimal=%q err=%v, want %q", tt.in, a.decimal, err, tt.want)
		}
	}
}

func TestNumberAmount(t *testing.T) {
	tests := []struct {
		raw   string
		cur   string
		minor int64
		err   bool
	}{
		{"50000", "RUB", 5_000_000, false},
		{"120000.5", "RUB", 12_000_050, false},
		{"0.30000000000000004", "RUB", 30, false}, // 0.1+0.2
		{"1.5E3", "RUB", 150_000, false},
		{"1234.567", "RUB", 0, true},
		{"-10.25", "USD", -1025, false},
		{"abc", "RUB", 0, true},
		{"NaN", "RUB", 0, true},
	}
	for _, tt := range tests {
		m, err := numberAmount(tt.raw, tt.cur)
		if (err != nil) != tt.err || err == nil && m.Minor != tt.minor {
			t.Errorf("numberAmount(%q)=%d err=%v, want %d err=%v", tt.raw, m.Minor, err, tt.minor, tt.err)
		}
	}
}

// TestCurrencyWords: a currency column as CRMs export it names the currency in words.
func TestCurrencyWords(t *testing.T) {
	for in, want := range map[string]string{"Российский рубль": "RUB", "руб.": "RUB", "Доллар США": "USD", "евро": "EUR",
		"Казахстанский тенге": "KZT", "BYN": "BYN", " ₽ ": "RUB", "рубли": "RUB", "Dollars": "USD", "euro": "EUR", "гривны": "UAH"} {
		if got, err := currencyWord(in); err != nil || got != want {
			t.Errorf("currencyWord(%q)=%q %v, want %q", in, got, err, want)
		}
	}
	if _, err := currencyWord("тугрики"); err == nil {
		t.Error("an unknown currency word is no currency")
	}
}

// TestHeaderCurrency: an amount column whose header names a currency is in it, where a cell
// names none, whatever --currency says; a cell's own currency still stands.
func TestHeaderCurrency(t *testing.T) {
	for h, want := range map[string]string{"Сумма, руб.": "RUB", "Итого, ₽": "RUB", "Amount (USD)": "USD", "Total $": "USD",
		"Сумма (€)": "EUR", "Сумма": "", "USD": "", "Total amount": "", "Сумма в рублях": "RUB", "Price / cup": ""} {
		if got := headerCurrency(h); got != want {
			t.Errorf("headerCurrency(%q)=%q, want %q", h, got, want)
		}
	}
	for _, tt := range []struct {
		data string
		opts Options
		want []string
	}{
		{"Client,Total (USD),Date\nAnn,1234.50,2026-02-01\nBob,€99,2026-02-02\n", Options{}, []string{"123450 USD", "9900 EUR"}},
		{"Клиент;Сумма, руб.;Дата\nАнна;1 500,00;01.02.2026\n", Options{Currency: "USD"}, []string{"150000 RUB"}},
		{"Клиент,Сумма,Дата\nАнна,1500,01.02.2026\n", Options{Currency: "KZT"}, []string{"150000 KZT"}},
	} {
		if got := rowsOf(mustLayout(t, "h.csv", []byte(tt.data), tt.opts), amountOf); !slices.Equal(got, tt.want) {
			t.Errorf("%q: %q, want %q", tt.data, got, tt.want)
		}
	}
}
