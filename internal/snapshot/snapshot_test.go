package snapshot

import (
	"slices"
	"testing"

	"github.com/regulars/regulars"
)

// testSnapshot is a snapshot of four clients, indexed as Build does.
func testSnapshot() *Snapshot {
	s := &Snapshot{Rows: []Row{
		{ID: 1, Name: "Семёнов Иван", Company: "ООО «Ромашка»", Email: "Ivan@Example.ru", LTV: 500},
		{ID: 2, Name: "Анна Иванова", Phone: "+7 903 123-45-67", LTV: 900, VIP: true},
		{ID: 3, Name: "Пётр", Company: "Иваново-Текстиль", LTV: 100},
		{ID: 4, Name: "Bob", Email: "bob@example.com", LTV: 700, VIP: true},
		{ID: 5, Name: "Анна Cмирнова", Company: "OOO Pомашка", LTV: 50}, // Latin C, OOO and P
	}}
	for i := range s.Rows {
		r := &s.Rows[i]
		r.search = searchText(&regulars.Client{Name: r.Name, Company: r.Company, Email: r.Email, Phone: r.Phone})
	}
	s.sortRows()
	s.buildIndex()
	return s
}

func TestFind(t *testing.T) {
	s := testSnapshot()
	query := func(q string) Query {
		text, alt := FoldQuery(q)
		return Query{Text: text, Alt: alt, Limit: 10}
	}
	vip := func(r *Row) bool { return r.VIP }
	for _, tt := range []struct {
		name  string
		q     Query
		want  []int64
		total int
	}{
		{"All", Query{Limit: 10}, []int64{2, 4, 1, 3, 5}, 5},
		{"ByName", Query{Sort: "name", Limit: 10}, []int64{4, 5, 2, 3, 1}, 5},
		{"Page", Query{Offset: 1, Limit: 2}, []int64{4, 1}, 5},
		{"PastTheEnd", Query{Offset: 9, Limit: 2}, []int64{}, 5},
		{"LowerCyrillic", Query{Text: Fold("иван"), Limit: 10}, []int64{2, 1, 3}, 3},
		{"UpperCyrillic", Query{Text: Fold("РОМАШ"), Limit: 10}, []int64{1, 5}, 2},
		{"YoAsYe", Query{Text: Fold("семенов"), Limit: 10}, []int64{1}, 1},
		{"EAsYo", Query{Text: Fold("пётр"), Limit: 10}, []int64{3}, 1},
		{"Email", Query{Text: Fold("@EXAMPLE"), Limit: 10}, []int64{4, 1}, 2},
		{"Phone", Query{Text: "903", Limit: 10}, []int64{2}, 1},
		{"NotAcrossRows", Query{Text: Fold("67\nпётр"), Limit: 10}, []int64{}, 0},
		{"Absent", Query{Text: Fold("петров"), Limit: 10}, []int64{}, 0},
		{"Keep", Query{Keep: vip, Limit: 10}, []int64{2, 4}, 2},
		{"TextAndKeep", Query{Text: Fold("ив"), Keep: vip, Limit: 10}, []int64{2}, 1},
		{"LastRow", Query{Text: "bob", Limit: 10}, []int64{4}, 1},
		{"MixedTypedRight", query("Анна Смирнова"), []int64{5}, 1},
		{"MixedCompany", query("ромашка"), []int64{1, 5}, 2},
		{"MixedTyped", query("Cмирн"), []int64{5}, 1},
		{"MixedQueryOfOneAlphabetName", query("Aнна Ивановa"), []int64{2}, 1}, // Latin A and a
	} {
		t.Run(tt.name, func(t *testing.T) {
			rows, total := s.Find(tt.q)
			got := []int64{}
			for _, r := range rows {
				got = append(got, r.ID)
			}
			if !slices.Equal(got, tt.want) || total != tt.total {
				t.Errorf("Find = %v, %d, want %v, %d", got, total, tt.want, tt.total)
			}
		})
	}
}
