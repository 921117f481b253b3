package importer

import "testing"

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
