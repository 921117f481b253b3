package analytics_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/regulars/regulars/internal/analytics"
)

// simClient is a simulated client: the calibration data, whether the client is alive at T,
// and the occasions in the holdout (T, T+holdout].
type simClient struct {
	c       analytics.Customer
	alive   bool
	holdout float64
}

// simulation draws clients from BG/NBD ("bgnbd", params r, α, a, b) or Pareto/NBD
// ("paretonbd", params r, α, s, β) in weeks. Each client's first order falls on a whole day
// 26 to 78 weeks before the end of calibration; later orders are rounded down to their day and
// orders of one day merged, as real order data are.
type simulation struct {
	model   string
	params  [4]float64
	n       int
	seed    uint64
	holdout float64 // weeks
	// spend, if set, is the Gamma-Gamma p, q, γ of the repeat occasions' spend.
	spend [3]float64
}

func (s simulation) run() []simClient {
	rng := rand.New(rand.NewPCG(s.seed, 0x5eed))
	src := rand.NewPCG(s.seed, 0xfeed)
	r, alpha, c, d := s.params[0], s.params[1], s.params[2], s.params[3]
	lambdas := distuv.Gamma{Alpha: r, Beta: alpha, Src: src}
	out := make([]simClient, s.n)
	for i := range out {
		ageDays := 7*26 + rng.IntN(7*52+1)
		T := float64(ageDays) / 7
		lambda := lambdas.Rand()
		var times []float64
		var alive bool
		if s.model == "bgnbd" {
			p := distuv.Beta{Alpha: c, Beta: d, Src: src}.Rand()
			times, alive = bgnbdTimes(rng, lambda, p, T, T+s.holdout)
		} else {
			mu := distuv.Gamma{Alpha: c, Beta: d, Src: src}.Rand()
			death := rng.ExpFloat64() / mu
			times, alive = poissonTimes(rng, lambda, min(death, T+s.holdout)), death > T
		}
		out[i] = tally(times, ageDays, T, alive)
		if x := out[i].c.X; x > 0 && s.spend[0] > 0 {
			nu := distuv.Gamma{Alpha: s.spend[1], Beta: s.spend[2], Src: src}.Rand()
			out[i].c.M = distuv.Gamma{Alpha: s.spend[0] * x, Beta: nu, Src: src}.Rand() / x
		}
	}
	return out
}

// bgnbdTimes returns the repeat purchase times up to end of a BG/NBD client, and whether
// the client is alive at T.
func bgnbdTimes(rng *rand.Rand, lambda, p, T, end float64) ([]float64, bool) {
	var times []float64
	t, alive := 0.0, true
	for {
		t += rng.ExpFloat64() / lambda
		if t > end {
			return times, alive
		}
		times = append(times, t)
		if rng.Float64() < p {
			return times, alive && t > T
		}
	}
}

func poissonTimes(rng *rand.Rand, lambda, end float64) []float64 {
	var times []float64
	for t := rng.ExpFloat64() / lambda; t <= end; t += rng.ExpFloat64() / lambda {
		times = append(times, t)
	}
	return times
}

// tally turns purchase times (weeks after the first order) into calibration data in weeks of
// whole days, and counts the holdout occasions.
func tally(times []float64, ageDays int, T float64, alive bool) simClient {
	sc := simClient{c: analytics.Customer{T: T}, alive: alive}
	last := 0
	for _, t := range times {
		day := int(t * 7)
		if day == last {
			continue // same day as the previous occasion
		}
		last = day
		if day <= ageDays {
			sc.c.X++
			sc.c.TX = float64(day) / 7
		} else {
			sc.holdout++
		}
	}
	return sc
}

func customersOf(sim []simClient) []analytics.Customer {
	cs := make([]analytics.Customer, len(sim))
	for i := range sim {
		cs[i] = sim[i].c
	}
	return cs
}

// auc returns the area under the ROC curve of score against the truth: the chance that a
// random alive client scores above a random dead one, ties counting half.
func auc(score []float64, truth []bool) float64 {
	idx := make([]int, len(score))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return score[idx[a]] < score[idx[b]] })
	var rankSum, pos float64
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && score[idx[j]] == score[idx[i]] {
			j++
		}
		mid := float64(i+j+1) / 2 // mean 1-based rank of the tie group
		for _, k := range idx[i:j] {
			if truth[k] {
				rankSum += mid
				pos++
			}
		}
		i = j
	}
	neg := float64(len(score)) - pos
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}

func finite(vs ...float64) bool {
	return !slices.ContainsFunc(vs, func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) })
}
