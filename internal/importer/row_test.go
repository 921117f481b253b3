package importer

import (
	"fmt"
	"slices"
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

// TestDashMeansNone: a lone dash is how a sheet says "none": an empty cell in every column
// but a yes/no one, where it says "no".
func TestDashMeansNone(t *testing.T) {
	l := mustLayout(t, "d.csv", []byte("Клиент,Компания,Email,Телефон,Дата,Срок,Сумма,Статус,Оплачено\n"+
		"Анна,—,—,-,01.02.2026,—,100,–,-\nБорис,-,-,-,02.02.2026,-,—,Отменён,\nВера,-,-,-,03.02.2026,-,—,Оплачен,да\n"), Options{})
	got := rowsOf(l, func(r *Row) string {
		return fmt.Sprintf("%s|%s|%s|%s|%v|%s|%s", r.Name, r.Company, r.Email, r.Phone, r.DueOn.IsZero(), amountOf(r), r.Status)
	})
	want := []string{"Анна||||true|10000 RUB|unpaid", "Борис||||true|0 RUB|cancelled", "bad: Amount is empty."}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
