package locale

import (
	"testing"

	"github.com/regulars/regulars"
)

func TestMoney(t *testing.T) {
	for _, tc := range []struct {
		m      regulars.Money
		ru, en string
	}{
		{regulars.Money{Minor: 5000000, Currency: "RUB"}, "50\u00a0000,00\u00a0₽", "₽50,000.00"},
		{regulars.Money{Minor: 123456789, Currency: "USD"}, "1\u00a0234\u00a0567,89\u00a0$", "$1,234,567.89"},
		{regulars.Money{Minor: -150, Currency: "EUR"}, "-1,50\u00a0€", "-€1.50"},
		{regulars.Money{Minor: 99, Currency: "RUB"}, "0,99\u00a0₽", "₽0.99"},
		{regulars.Money{Minor: 1500, Currency: "JPY"}, "1\u00a0500\u00a0¥", "¥1,500"},
		{regulars.Money{Minor: 100000, Currency: "CHF"}, "1\u00a0000,00\u00a0CHF", "CHF\u00a01,000.00"},
	} {
		if got := Money(tc.m, RU); got != tc.ru {
			t.Errorf("Money(%v, ru) = %q, want %q", tc.m, got, tc.ru)
		}
		if got := Money(tc.m, EN); got != tc.en {
			t.Errorf("Money(%v, en) = %q, want %q", tc.m, got, tc.en)
		}
	}
}

func TestDate(t *testing.T) {
	d := regulars.MustParseDate("2026-11-22")
	if got := Date(d, RU); got != "22.11.2026" {
		t.Errorf("ru %q", got)
	}
	if got := Date(d, EN); got != "Nov 22, 2026" {
		t.Errorf("en %q", got)
	}
	if Date(regulars.Date{}, RU) != "" {
		t.Error("no date is not empty")
	}
}

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "клиентов", 1: "клиент", 2: "клиента", 4: "клиента", 5: "клиентов",
		11: "клиентов", 12: "клиентов", 14: "клиентов", 21: "клиент", 22: "клиента", 25: "клиентов", 101: "клиент", 111: "клиентов"} {
		if got := Plural(n, RU, "клиент", "клиента", "клиентов"); got != want {
			t.Errorf("%d %s, want %s", n, got, want)
		}
	}
	if Plural(1, EN, "client", "clients", "") != "client" || Plural(2, EN, "client", "clients", "") != "clients" {
		t.Error("English plural")
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]string{"ru": RU, "ru_RU.UTF-8": RU, "RU-ru": RU, "en_US.UTF-8": EN, "": EN, "C": EN} {
		if got := Parse(in); got != want {
			t.Errorf("Parse(%q) = %s", in, got)
		}
	}
}

func TestWhole(t *testing.T) {
	for _, tt := range []struct {
		name string
		m    regulars.Money
		lang string
		want string
	}{
		{"RoundsUp", regulars.Money{Minor: 5000050, Currency: "RUB"}, RU, "50\u00a0001\u00a0₽"},
		{"RoundsDown", regulars.Money{Minor: 5000049, Currency: "RUB"}, EN, "₽50,000"},
		{"Negative", regulars.Money{Minor: -150, Currency: "USD"}, EN, "-$2"},
		{"NoMinorUnits", regulars.Money{Minor: 1500, Currency: "JPY"}, RU, "1\u00a0500\u00a0¥"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Whole(tt.m, tt.lang); got != tt.want {
				t.Errorf("Whole(%v) = %q, want %q", tt.m, got, tt.want)
			}
		})
	}
}

// TestDecimalPercent: numbers and shares as each language writes them.
func TestDecimalPercent(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Decimal(1234.5, 2, RU), "1\u00a0234,50"},
		{Decimal(1234.5, 2, EN), "1,234.50"},
		{Percent(0.477, 1, RU), "47,7\u00a0%"},
		{Percent(0.477, 0, EN), "48%"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
