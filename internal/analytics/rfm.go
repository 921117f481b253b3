package analytics

import (
	"math"
	"math/bits"
)

// rankItem is a client's key (higher is better) and its index in the summaries.
type rankItem struct {
	key uint64
	idx uint32
}

// ranker sorts keys, reusing its buffers from one measure to the next.
type ranker struct{ a, b []rankItem }

// sort returns the indices of keys sorted by key, ascending, with the keys shifted to start
// at 0, and the shift: key - min. It is a least-significant-digit radix sort, one pass per
// byte of the range of the keys: two passes for days or order counts, four for most revenues.
func (r *ranker) sort(keys []int64) (sorted []rankItem, base int64) {
	if len(keys) == 0 {
		return nil, 0
	}
	lo, hi := keys[0], keys[0]
	for _, k := range keys {
		lo, hi = min(lo, k), max(hi, k)
	}
	if cap(r.a) < len(keys) {
		r.a, r.b = make([]rankItem, len(keys)), make([]rankItem, len(keys))
	}
	a, b := r.a[:len(keys)], r.b[:len(keys)]
	for i, k := range keys {
		a[i] = rankItem{key: uint64(k) - uint64(lo), idx: uint32(i)}
	}
	for shift := 0; shift < bits.Len64(uint64(hi)-uint64(lo)); shift += 8 {
		var count [256]int
		for _, it := range a {
			count[byte(it.key>>shift)]++
		}
		pos := 0
		for d, c := range count {
			count[d] = pos
			pos += c
		}
		for _, it := range a {
			d := byte(it.key >> shift)
			b[count[d]] = it
			count[d]++
		}
		a, b = b, a
	}
	return a, lo
}

// score sets scores[idx] to the 1–5 score of every item of sorted (see above).
func score(sorted []rankItem, scores []uint8) {
	n := len(sorted)
	if n == 0 {
		return
	}
	// Mid-ranks are doubled (i + j - 1 for positions i to j-1) to stay integers.
	j := 1
	for j < n && sorted[j].key == sorted[0].key {
		j++
	}
	lo := j - 1
	i := n - 1
	for i > 0 && sorted[i-1].key == sorted[n-1].key {
		i--
	}
	hi := i + n - 1
	for i := 0; i < n; {
		j := i + 1
		for j < n && sorted[j].key == sorted[i].key {
			j++
		}
		s := uint8(3)
		if hi > lo {
			s = uint8(min(5, 1+5*(i+j-1-lo)/(hi-lo)))
		}
		for _, it := range sorted[i:j] {
			scores[it.idx] = s
		}
		i = j
	}
}

// topValue returns the smallest value (key + base) of the top share of sorted: the values
// that fewer than share × n clients exceed. With share 0.05 and 20 clients that is the highest
// value; with 1,000,000 clients, the value of the 50,000th from the top (ties included).
// With share 0 no value qualifies and it returns math.MaxInt64.
func topValue(sorted []rankItem, base int64, share float64) int64 {
	n := len(sorted)
	limit := share * float64(n)
	if n == 0 || limit <= 0 {
		return math.MaxInt64
	}
	var top uint64
	for i := n - 1; i >= 0 && float64(n-1-i) < limit; {
		j := i // the tie group is sorted[j : i+1]
		for j > 0 && sorted[j-1].key == sorted[i].key {
			j--
		}
		top = sorted[j].key
		i = j - 1
	}
	return int64(top + uint64(base))
}
