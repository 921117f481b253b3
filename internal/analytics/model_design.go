package analytics

import (
	"math"
	"runtime"
	"sync"
)

// design is the customers grouped into distinct (x, t_x, T) rows weighted by their number,
// with the distinct values of x, of time and of (x, t) that the likelihoods tabulate once per
// evaluation: a million clients are a few hundred thousand rows, a few dozen x and a few
// thousand times.
type design struct {
	xs    []float64 // distinct x
	xw    []float64 // number of clients per x
	ts    []float64 // distinct times, t_x and T
	pairs []pair    // distinct (x, t) with t a t_x or a T
	rows  []row
	w     float64 // number of clients
	meanT float64
}

type row struct {
	x, tx, t int32 // indices into xs and ts
	ptx, pt  int32 // indices into pairs
	w        float64
}

type pair struct{ x, t int32 }

func newDesign(cs []Customer) *design {
	d := &design{}
	xi := map[float64]int32{}
	ti := map[float64]int32{}
	pi := map[pair]int32{}
	ri := make(map[uint64]int32, len(cs)/4)
	index := func(m map[float64]int32, s *[]float64, v float64) int32 {
		i, ok := m[v]
		if !ok {
			i = int32(len(*s))
			m[v] = i
			*s = append(*s, v)
		}
		return i
	}
	pairIndex := func(p pair) int32 {
		i, ok := pi[p]
		if !ok {
			i = int32(len(d.pairs))
			pi[p] = i
			d.pairs = append(d.pairs, p)
		}
		return i
	}
	for _, c := range cs {
		d.w++
		d.meanT += c.T
		r := row{x: index(xi, &d.xs, c.X), tx: index(ti, &d.ts, c.TX), t: index(ti, &d.ts, c.T), w: 1}
		k := uint64(r.x)<<42 | uint64(r.tx)<<21 | uint64(r.t)
		if r.x >= 1<<21 || r.tx >= 1<<21 || r.t >= 1<<21 {
			k = math.MaxUint64 // beyond two million distinct times: no grouping, still correct
		}
		if i, ok := ri[k]; ok && k != math.MaxUint64 {
			d.rows[i].w++
			continue
		}
		r.ptx, r.pt = pairIndex(pair{r.x, r.tx}), pairIndex(pair{r.x, r.t})
		ri[k] = int32(len(d.rows))
		d.rows = append(d.rows, r)
	}
	d.meanT /= d.w
	d.xw = make([]float64, len(d.xs))
	for _, r := range d.rows {
		d.xw[r.x] += r.w
	}
	return d
}

// workers returns how many goroutines evaluate n items: one for small n, so thin data pays
// no goroutine overhead.
func workers(n, want int) int {
	if want <= 0 {
		want = min(runtime.GOMAXPROCS(0), 2)
	}
	return max(1, min(want, n/20000))
}

// parallel calls f(w, lo, hi) over n items split in k chunks, one goroutine each, and waits.
func parallel(n, k int, f func(w, lo, hi int)) {
	if k <= 1 {
		f(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for w := range k {
		wg.Go(func() { f(w, w*n/k, (w+1)*n/k) })
	}
	wg.Wait()
}
