package analytics_test

import (
	"math"
	"testing"

	"github.com/regulars/regulars/internal/analytics"
)

// TestFitOnSample: Pareto/NBD fitted on an evenly spread quarter of the clients gives the
// parameters of the fit on all of them within a few percent — why the analysis of a large base
// fits on a sample and predicts for everyone.
func TestFitOnSample(t *testing.T) {
	sim := simulation{model: "paretonbd", params: [4]float64{0.55, 10.6, 0.61, 11.7}, n: 40_000, seed: 11}.run()
	cs := customersOf(sim)
	all, err := analytics.FitParetoNBD(cs, analytics.FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sample := analytics.FitSample(cs, 10_000)
	if len(sample) != 10_000 {
		t.Fatalf("sample of %d", len(sample))
	}
	part, err := analytics.FitParetoNBD(sample, analytics.FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Compare what the fits say of each client: P(alive), and the expected orders of a year.
	var dAlive, dOrders, orders float64
	for _, c := range cs {
		dAlive += math.Abs(part.PAlive(c) - all.PAlive(c))
		dOrders += math.Abs(part.Expected(c, 52) - all.Expected(c, 52))
		orders += all.Expected(c, 52)
	}
	if dAlive /= float64(len(cs)); dAlive > 0.02 {
		t.Errorf("P(alive) differs by %.3f on average between the sample's fit and the full one", dAlive)
	}
	if rel := dOrders / orders; rel > 0.05 {
		t.Errorf("the expected orders of a year differ by %.1f%% between the sample's fit and the full one", 100*rel)
	}
	t.Logf("sample 10,000 of 40,000: P(alive) differs by %.4f on average, a year's expected orders by %.2f%%", dAlive, 100*dOrders/orders)
}
