package snapshot

import (
	"slices"
	"strings"
)

// index is the client list's search index: every row's folded name, company, e-mail and
// phone in one string, so that a search is one pass of strings.Index over contiguous memory,
// and each sort's rank of every row, so that the matches of a filter sort without comparing
// rows.
type index struct {
	text  string             // the rows' search strings, each followed by '\n'
	start []int32            // where each row's string starts in text
	rank  map[string][]int32 // by sort: the row's position in Sorted
}

// buildIndex fills the index from Rows and the sorted orders.
func (s *Snapshot) buildIndex() {
	var b strings.Builder
	s.idx.start = make([]int32, len(s.Rows))
	for i := range s.Rows {
		s.idx.start[i] = int32(b.Len())
		b.WriteString(s.Rows[i].search)
		b.WriteByte('\n')
	}
	s.idx.text = b.String()
	for i := range s.Rows {
		s.Rows[i].search = "" // the index holds it now
	}
	s.idx.rank = make(map[string][]int32, len(s.sorted))
	for name, order := range s.sorted {
		rank := make([]int32, len(order))
		for pos, i := range order {
			rank[i] = int32(pos)
		}
		s.idx.rank[name] = rank
	}
}

// Query is a filter of the client list.
type Query struct {
	Text   string          // folded by Fold; "" matches every row
	Alt    string          // Text with its words of two alphabets folded, "" for none (see FoldQuery)
	Keep   func(*Row) bool // nil keeps every row
	Sort   string          // one of Sorts
	Offset int
	Limit  int
}

// Find returns one page of the rows matching q, in its order, and the number of matches.
func (s *Snapshot) Find(q Query) ([]*Row, int) {
	if q.Text == "" && q.Keep == nil {
		order := s.Sorted(q.Sort)
		return s.page(order, q.Offset, q.Limit), len(order)
	}
	var hits []int32
	if q.Text != "" {
		hits = s.search(q.Text)
		if q.Alt != "" { // the rows either finds, once each
			hits = append(hits, s.search(q.Alt)...)
			slices.Sort(hits)
			hits = slices.Compact(hits)
		}
	} else {
		hits = make([]int32, len(s.Rows))
		for i := range hits {
			hits[i] = int32(i)
		}
	}
	if q.Keep != nil {
		hits = slices.DeleteFunc(hits, func(i int32) bool { return !q.Keep(&s.Rows[i]) })
	}
	rank := s.idx.rank[q.Sort]
	if rank == nil {
		rank = s.idx.rank[Sorts[0]]
	}
	slices.SortFunc(hits, func(a, b int32) int { return int(rank[a] - rank[b]) })
	return s.page(hits, q.Offset, q.Limit), len(hits)
}

// search returns the rows whose search string contains the folded text, in row order.
func (s *Snapshot) search(text string) []int32 {
	var hits []int32
	for at := 0; ; {
		j := strings.Index(s.idx.text[at:], text)
		if j < 0 {
			return hits
		}
		pos := int32(at + j)
		// the row whose string holds pos: the last start at or before it
		row, found := slices.BinarySearch(s.idx.start, pos)
		if !found {
			row--
		}
		hits = append(hits, int32(row))
		if row+1 < len(s.idx.start) {
			at = int(s.idx.start[row+1]) // the next row: one hit per row
		} else {
			return hits
		}
	}
}

func (s *Snapshot) page(order []int32, offset, limit int) []*Row {
	offset = min(max(offset, 0), len(order))
	end := min(offset+limit, len(order))
	out := make([]*Row, 0, end-offset)
	for _, i := range order[offset:end] {
		out = append(out, &s.Rows[i])
	}
	return out
}
