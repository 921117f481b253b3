package analytics_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/regulars/regulars/internal/analytics"
)

var benchData = map[int][]analytics.Customer{}
var benchMu sync.Mutex

// benchCustomers returns n clients simulated from Pareto/NBD, made once per n.
func benchCustomers(n int) []analytics.Customer {
	benchMu.Lock()
	defer benchMu.Unlock()
	if cs, ok := benchData[n]; ok {
		return cs
	}
	cs := customersOf(simulation{model: "paretonbd", params: freelanceTruth, n: n, seed: 7, spend: ggTruth}.run())
	benchData[n] = cs
	return cs
}

// BenchmarkModelFit fits each model to simulated clients (weeks of whole days, first orders
// spread over a year): the fits of the whole analysis of a million clients.
func BenchmarkModelFit(b *testing.B) {
	for _, n := range []int{10000, 1000000} {
		cs := benchCustomers(n)
		b.Run(fmt.Sprint("BGNBD/", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := analytics.FitBGNBD(cs, analytics.FitOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprint("ParetoNBD/", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := analytics.FitParetoNBD(cs, analytics.FitOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprint("GammaGamma/", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := analytics.FitGammaGamma(cs, analytics.FitOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
