package regulars_test

import (
	"testing"

	"github.com/regulars/regulars"
)

func TestParseMajor(t *testing.T) {
	for _, tc := range []struct {
		in, cur string
		minor   int64
		ok      bool
	}{
		{"15000", "RUB", 1500000, true},
		{"15000.5", "RUB", 1500050, true},
		{"15000.50", "RUB", 1500050, true},
		{"15000.500", "RUB", 1500050, true}, // trailing zeros are harmless
		{"0.01", "USD", 1, true},
		{".5", "RUB", 50, true},
		{"-10.25", "RUB", -1025, true},
		{"1500", "JPY", 1500, true},
		{"1.5", "JPY", 0, false},
		{"1.005", "RUB", 0, false},
		{"12,5", "RUB", 0, false},
		{"", "RUB", 0, false},
		{".", "RUB", 0, false},
		{"-", "RUB", 0, false},
		{"1e5", "RUB", 0, false},
		{"9999999999999999999", "RUB", 0, false},
		{"0", "JPY", 0, true},
		{"000", "RUB", 0, true},
		{"0000000000000000000000100", "RUB", 10000, true}, // leading zeros are not digits that count
	} {
		m, err := regulars.ParseMajor(tc.in, tc.cur)
		if ok := err == nil; ok != tc.ok || ok && (m.Minor != tc.minor || m.Currency != tc.cur) {
			t.Errorf("ParseMajor(%q, %s) = %v, %v; want %d ok=%v", tc.in, tc.cur, m, err, tc.minor, tc.ok)
		}
	}
}

func TestMoneyMajor(t *testing.T) {
	for _, tc := range []struct {
		m    regulars.Money
		want string
	}{
		{regulars.Money{Minor: 5000000, Currency: "RUB"}, "50000.00"},
		{regulars.Money{Minor: 5, Currency: "RUB"}, "0.05"},
		{regulars.Money{Minor: -1025, Currency: "USD"}, "-10.25"},
		{regulars.Money{Minor: 1500, Currency: "JPY"}, "1500"},
		{regulars.Money{Minor: 1, Currency: "KWD"}, "0.001"},
	} {
		if got := tc.m.Major(); got != tc.want {
			t.Errorf("%v.Major() = %q, want %q", tc.m, got, tc.want)
		}
	}
}

// TestValidCurrency: ISO 4217 codes in upper case, historic ones too; not any three letters.
// Asked again, the cached answers are the same; so are ZZZ's and AAA's, the table's ends.
func TestValidCurrency(t *testing.T) {
	for range 2 {
		for code, want := range map[string]bool{"RUB": true, "USD": true, "KZT": true, "RUR": true, "DEM": true, "ZWL": true,
			"XYZ": false, "ABC": false, "BTC": false, "XXX": false, "AAA": false, "ZZZ": false,
			"rub": false, "RU": false, "RUBL": false, "": false, "РУБ": false, "R[B": false} {
			if got := regulars.ValidCurrency(code); got != want {
				t.Errorf("ValidCurrency(%q) = %v, want %v", code, got, want)
			}
		}
	}
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"8 (903) 123-45-67", "79031234567"},
		{"+7 903 123 45 67", "79031234567"},
		{"9031234567", "79031234567"},
		{"(555) 123-4567", "5551234567"},
		{"+44 20 7946 0958", "442079460958"},
		{"123", ""},
	} {
		if got := regulars.NormalizePhone(tc.in); got != tc.want {
			t.Errorf("NormalizePhone(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"ООО «Ёлка»", "елка"},
		{"ИП Козлов А. В.", "козлов а в"},
		{"Lee & Co, LLC", "lee co"},
		{"  Анна   СМИРНОВА ", "анна смирнова"},
	} {
		if got := regulars.NormalizeName(tc.in); got != tc.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := regulars.NormalizeEmail(" Anna@Example.RU "); got != "anna@example.ru" {
		t.Errorf("NormalizeEmail = %q", got)
	}
	if got := regulars.NormalizeTags([]string{"VIP", " vip ", "", "Сайт"}); len(got) != 2 || got[0] != "vip" || got[1] != "сайт" {
		t.Errorf("NormalizeTags = %q", got)
	}
}

func TestError(t *testing.T) {
	e := regulars.FieldError("email", "Invalid email address.")
	if regulars.ErrorCode(e) != regulars.EINVALID || regulars.ErrorMessage(e) != "Invalid email address." || e.Error() != "Invalid email address." {
		t.Errorf("field error %q", e.Error())
	}
	other := &regulars.Error{Code: regulars.ENOTFOUND, Message: "Client 3 not found.", Fields: map[string]string{"id": "no such"}}
	if other.Error() != "Client 3 not found. id: no such" {
		t.Errorf("Error() = %q", other.Error())
	}
	if regulars.ErrorCode(errPlain{}) != regulars.EINTERNAL || regulars.ErrorMessage(errPlain{}) != "Internal error." {
		t.Error("a plain error is not internal")
	}
	if regulars.ErrorCode(nil) != "" {
		t.Error("nil has a code")
	}
}

type errPlain struct{}

func (errPlain) Error() string { return "disk on fire" }
