package importer

import (
	"os"
	"path/filepath"
	"testing"
)

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"50 000,00 ₽", "1 234,5", "15000 руб.", "$1,234.50", "€99", "1.234,50 EUR", "USD 100",
		"($1,000)", "-500", "12,34,5", "1'234.50 CHF", "", "₽", "1,234", ".5", "9999999999999999999"} {
		f.Add(s, byte(0))
		f.Add(s, byte(','))
	}
	f.Fuzz(func(t *testing.T, s string, dec byte) {
		m, err := parseAmount(s, dec, "RUB")
		if err == nil && m.Currency == "" {
			t.Errorf("parseAmount(%q) gave no currency", s)
		}
		numberAmount(s, "RUB")
	})
}

// FuzzPlainAmount: where plainAmount reads an amount, parseAmount reads the same, whatever the
// column's decimal separator, and scanAmount sees the same separator shown.
func FuzzPlainAmount(f *testing.F) {
	for _, s := range []string{"8700.00", "8700,5", "8700", "0.05", "1,234", "1.234", "8700.", ".5", "12.345",
		"999999999999999.99", "9999999999999999", "007,10", "1 500,00", "8700.0a", "-5.00"} {
		for _, cur := range []string{"RUB", "JPY", "KWD"} {
			f.Add(s, byte(0), cur)
			f.Add(s, byte(','), cur)
		}
	}
	f.Fuzz(func(t *testing.T, s string, dec byte, currency string) {
		m, shown, ok := plainAmount(s, currency)
		if !ok {
			return
		}
		want, err := parseAmount(s, dec, currency)
		a, _ := scanAmount(s, dec)
		if err != nil || m != want || shown != a.decimal {
			t.Errorf("%q %q (%c): plain %v %q, parseAmount %v %v shown %q", s, currency, dec, m, shown, want, err, a.decimal)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"22.11.2026", "22.11.26", "2026-11-22", "11/22/2026", "22/11/2026", "22.11.2026 14:30",
		"46348", "46348.5", "2026-11-22T10:00:00Z", "31.02.2026", "", "1.1.1", "99999", "22 ноября 2026 г.", "22-Nov-26",
		"Sunday, November 22, 2026", "Nov 22, 2026 2:30 PM", "30 февраля 2026", "ноябрь 2026", "Nov 22-26", "1 мая 2026 в 14:30"} {
		f.Add(s, "")
		f.Add(s, MDY)
	}
	f.Fuzz(func(t *testing.T, s, order string) {
		d, ok := scanDate(s)
		if !ok {
			return
		}
		fits := d.formats(order)
		for b := uint8(1); b <= fmtNamed; b <<= 1 {
			if fits&b == 0 {
				continue
			}
			if date, ok := d.date(b, false); !ok && b != fmtSerial || ok && date.IsZero() {
				t.Errorf("%q fits %04b but gives %v %v", s, b, date, ok)
			}
		}
	})
}

// FuzzPlainDate: where scanPlainDate reads a date, scanAnyDate reads the same.
func FuzzPlainDate(f *testing.F) {
	for _, s := range []string{"2026-11-22", "22.11.2026", "11/22/2026", "2026/11/22", "2026.11.22", "22-11-2026",
		"2026-1-222", "12-3-45-67", "12.34.56.8", " 2026-11-2", "2026-11-2 ", "2026-11/22", "46348.5000", "22.11.20261"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := scanPlainDate(s)
		if !ok {
			return
		}
		if want, wok := scanAnyDate(s); !wok || d != want {
			t.Errorf("%q: plain %+v, any %+v %v", s, d, want, wok)
		}
	})
}

// FuzzSheet runs whole CSV sheets through OpenBytes, Layout and Each: nothing may panic, and
// every row after the header gets exactly one callback.
func FuzzSheet(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/sheets/*.csv")
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("Клиент;Сумма;Дата\nАнна;1 234,50;22.11.26\n;;\nИтого;1 234,50;\n"))
	f.Add([]byte("a,\"b\nc\",d\n\"unterminated"))
	f.Add([]byte("Client\tAmount\tDate\nx\t$5\t01/02/2026\n"))
	f.Add([]byte("\xff\xfea\x00,\x00b\x00,\x00c\x00\n\x00x\x00,\x001\x00,\x002\x00")) // UTF-16LE
	f.Add([]byte("\xfe\xff\x00a\x00;\x00b\x00\n"))                                    // UTF-16BE, cut short
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := OpenBytes("f.csv", data)
		if err != nil {
			return
		}
		l, err := s.Layout(Options{Map: map[string]string{"a": "name", "b": "amount", "c": "ordered_on"}})
		if err != nil {
			return
		}
		err = l.Each(func(r *Row, b *RowError, ign *Ignored) error {
			n := 0
			for _, p := range []bool{r != nil, b != nil, ign != nil} {
				if p {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("callback with %d of row, bad, ignored", n)
			}
			if r != nil && (r.OrderedOn.IsZero() || r.Amount.Minor < 0 || r.Status == "") {
				t.Fatalf("bad row passed as good: %+v", r)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Each: %v", err)
		}
	})
}
