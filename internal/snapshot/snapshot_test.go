package snapshot

import (
	"slices"
	"testing"
)

// testSnapshot is a snapshot of four clients, indexed as Build does.
func testSnapshot() *Snapshot {
	s := &Snapshot{Rows: []Row{
		{ID: 1, Name: "Семёнов Иван", Company: "ООО «Ромашка»", Email: "Ivan@Example.ru", LTV: 500},
		{ID: 2, Name: "Анна Иванова", Phone: "+7 903 123-45-67", LTV: 900, VIP: true},
		{ID: 3, Name: "Пётр", Company: "Иваново-Текстиль", LTV: 100},
		{ID: 4, Name: "Bob", Email: "bob@example.com", LTV: 700, VIP: true},
	}}
	for i := range s.Rows {
		r := &s.Rows[i]
		r.search = Fold(r.Name + "\x00" + r.Company + "\x00" + r.Email + "\x00" + r.Phone)
	}
	s.sortRows()
	s.buildIndex()
	return s
}

func TestFind(t *testing.T) {
	s := testSnapshot()
	vip := func(r *Row) bool { return r.VIP }
	for _, tt := range []struct {
		name  string
		q     Query
		want  []int64
		total int
	}{
		{"All", Query{Limit: 10}, []int64{2, 4, 1, 3}, 4},
		{"ByName", Query{Sort: "name", Limit: 10}, []int64{4, 2, 3, 1}, 4},
		{"Page", Query{Offset: 1, Limit: 2}, []int64{4, 1}, 4},
		{"PastTheEnd", Query{Offset: 9, Limit: 2}, []int64{}, 4},
		{"LowerCyrillic", Query{Text: Fold("иван"), Limit: 10}, []int64{2, 1, 3}, 3},
		{"UpperCyrillic", Query{Text: Fold("РОМАШ"), Limit: 10}, []int64{1}, 1},
		{"YoAsYe", Query{Text: Fold("семенов"), Limit: 10}, []int64{1}, 1},
		{"EAsYo", Query{Text: Fold("пётр"), Limit: 10}, []int64{3}, 1},
		{"Email", Query{Text: Fold("@EXAMPLE"), Limit: 10}, []int64{4, 1}, 2},
		{"Phone", Query{Text: "903", Limit: 10}, []int64{2}, 1},
		{"NotAcrossRows", Query{Text: Fold("67\nпётр"), Limit: 10}, []int64{}, 0},
		{"Absent", Query{Text: Fold("петров"), Limit: 10}, []int64{}, 0},
		{"Keep", Query{Keep: vip, Limit: 10}, []int64{2, 4}, 2},
		{"TextAndKeep", Query{Text: Fold("ив"), Keep: vip, Limit: 10}, []int64{2}, 1},
		{"LastRow", Query{Text: "bob", Limit: 10}, []int64{4}, 1},
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
