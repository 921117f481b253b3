package analytics

import (
	"fmt"
	"math"
	"testing"
)

// gradCustomers is a small data set with one-time clients, a purchase on the last day and
// clients with many purchases early in a long life.
var gradCustomers = []Customer{
	{0, 0, 30, 0}, {0, 0, 5, 0}, {1, 2, 30, 10}, {2, 20, 25, 20}, {3, 9, 9, 15},
	{5, 3, 40, 12}, {12, 30, 38, 40}, {40, 100, 300, 5}, {1, 0.5, 200, 8},
}

func TestModelGradients(t *testing.T) {
	d := newDesign(gradCustomers)
	xs, ms := []float64{1, 2, 3, 5, 12, 40}, []float64{10, 20, 15, 12, 40, 5}
	cases := []struct {
		name   string
		ll     logLik
		params [][]float64
	}{
		{"BGNBD", d.bgnbd(1), [][]float64{{0.24, 4.4, 0.79, 2.4}, {2, 0.5, 3, 0.2}, {0.05, 80, 1, 1}}},
		{"ParetoNBD", d.paretoNBD(1), [][]float64{
			{0.55, 10.6, 0.61, 11.7}, // α < β, z small: series
			{0.55, 11.7, 0.61, 10.6}, // α > β
			{1.5, 0.01, 0.3, 50},     // β ≫ α: quadrature then series
			{0.3, 80, 2, 0.02},       // α ≫ β
			{0.8, 5, 1, 5},           // α = β
		}},
		{"GammaGamma", gammaGammaLogLik(xs, ms), [][]float64{{6.25, 3.74, 15.44}, {0.5, 0.8, 2}}},
	}
	for _, tt := range cases {
		for _, p := range tt.params {
			t.Run(fmt.Sprint(tt.name, p), func(t *testing.T) {
				checkGradient(t, tt.ll, p)
			})
		}
	}
}

// checkGradient compares the analytic gradient of ll in ln θ with central differences.
func checkGradient(t *testing.T, ll logLik, p []float64) {
	t.Helper()
	g := make([]float64, len(p))
	f0 := ll(p, g)
	if math.IsNaN(f0) || math.IsInf(f0, 0) {
		t.Fatalf("loglik=%v", f0)
	}
	scratch := make([]float64, len(p))
	for i := range p {
		const h = 1e-5
		q := append([]float64(nil), p...)
		q[i] = p[i] * math.Exp(h)
		up := ll(q, scratch)
		q[i] = p[i] * math.Exp(-h)
		down := ll(q, scratch)
		num, ana := (up-down)/(2*h), g[i]*p[i]
		if math.Abs(num-ana) > 1e-5*max(1, math.Abs(num)) {
			t.Errorf("d/dln θ%d: analytic %.9g, numeric %.9g", i, ana, num)
		}
	}
}

func TestParetoTailMethodsAgree(t *testing.T) {
	// Near z = zMax both the series alone and the split must give the same tail.
	for _, tc := range [][6]float64{{0.5, 1, 0.6, 20, 0, 0}, {0.5, 1, 0.6, 20, 3, 2}, {0.5, 30, 0.6, 1, 7, 0.5}} {
		r, a, s, b, x, tt := tc[0], tc[1], tc[2], tc[3], tc[4], tc[5]
		series := tailSeries(r, a, s, b, x, tt)
		big, small := max(a, b), min(a, b)
		t2 := (big-small)/0.3 - big
		split := logAddTails(tailQuad(r, a, s, b, x, tt, t2), tailSeries(r, a, s, b, x, t2))
		if math.Abs(series.ln-split.ln) > 1e-9 {
			t.Errorf("%v: series ln F %.12g, split %.12g", tc, series.ln, split.ln)
		}
		for i := range 4 {
			if math.Abs(series.d[i]-split.d[i]) > 1e-7*max(1, math.Abs(series.d[i])) {
				t.Errorf("%v: d%d series %.10g, split %.10g", tc, i, series.d[i], split.d[i])
			}
		}
	}
}
