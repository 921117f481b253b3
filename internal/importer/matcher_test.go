package importer

import (
	"testing"

	"github.com/regulars/regulars"
)

// TestOrderKeysManyOrders keys the orders of a client of many, with repeats, past the point
// where the matcher counts them in a map: the keys must be regulars.ImportKeys' own, which a
// re-import finds the stored orders by.
func TestOrderKeysManyOrders(t *testing.T) {
	m := newMatcher(&regulars.ImportIndex{})
	ref := m.newClient(7, "Один")
	other := m.newClient(8, "Другой")
	want := regulars.NewImportKeys(0)
	for i := 0; i < 300; i++ {
		for _, r := range []int32{ref, other} {
			o := &regulars.Order{ClientID: m.client(r).id, OrderedOn: regulars.MustParseDate("2026-01-01").AddDays(i % 10),
				Amount: regulars.Money{Minor: int64(100 * (i % 3)), Currency: "RUB"}, Title: "Визитки"}
			if got, w := m.key(r, regulars.OrderHash(o)), want.Key(o); got != w {
				t.Fatalf("order %d of client %d: key %d, ImportKeys %d", i, o.ClientID, got, w)
			}
		}
	}
	if m.client(ref).counts == nil {
		t.Fatal("300 orders are still kept in a list")
	}
}

func TestSameName(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"Анна", "Анна", true}, {"Анна", "анна смирнова", true}, {"Смирнова Анна", "Анна Смирнова", true},
		{"", "Борис", true}, {"Анна", "Борис", false}, {"Анна Смирнова", "Анна Петрова", false}, {"ООО «Ромашка»", "Ромашка", true},
	} {
		if got := sameName(tt.a, tt.b); got != tt.want {
			t.Errorf("sameName(%q, %q)=%v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
