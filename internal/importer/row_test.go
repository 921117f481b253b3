package importer

import (
	"fmt"
	"testing"
)

// TestMayBeTotals pins the quick test that lets most cells skip folding: every beginning of
// a totals word, in any case, and not the names that begin with the same letters.
func TestMayBeTotals(t *testing.T) {
	for v, want := range map[string]bool{
		"Итого": true, "ИТОГО:": true, "итог": true, "Всего": true, "ВСЕГО по клиенту": true, "Сумма": true,
		"TOTAL": true, "Totals": true, "Subtotal": true, "sum": true, "Grand total": true,
		"Валентина": false, "Сергей": false, "Итан": false, "Tom": false, "Sam": false, "Grace": false,
		"Ит": false, "": false, "Всег": false,
	} {
		if got := mayBeTotals(v); got != want {
			t.Errorf("mayBeTotals(%q) = %v", v, got)
		}
	}
}

// mustLayout opens a sheet held in memory and decides its layout, failing the test on an error.
func mustLayout(t *testing.T, name string, data []byte, opts Options) *Layout {
	t.Helper()
	s, err := OpenBytes(name, data)
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.Layout(opts)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// rowsOf reads the rows of l: show's text of each good row, "bad: " and the English error of
// each bad one.
func rowsOf(l *Layout, show func(*Row) string) []string {
	var got []string
	l.Each(func(r *Row, b *RowError, _ *Ignored) error {
		if r != nil {
			got = append(got, show(r))
		} else if b != nil {
			got = append(got, "bad: "+b.english())
		}
		return nil
	})
	return got
}

// amountOf shows a row's amount in minor units and its currency.
func amountOf(r *Row) string { return fmt.Sprintf("%d %s", r.Amount.Minor, r.Amount.Currency) }
