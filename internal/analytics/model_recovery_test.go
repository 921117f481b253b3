package analytics_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/regulars/regulars/internal/analytics"
)

var (
	bgnbdTruth  = [4]float64{0.25, 4, 0.8, 2.5}     // r, α, a, b (weeks), near CDNOW's fit
	paretoTruth = [4]float64{0.55, 10.5, 0.6, 11.7} // r, α, s, β (weeks), near CDNOW's fit
	// freelanceTruth: an order about every 2–3 months and lifetimes of a year or two, less
	// heterogeneous than CDNOW's music buyers.
	freelanceTruth = [4]float64{1.5, 12, 1, 30}
	ggTruth        = [3]float64{6, 4, 15} // p, q, γ
)

func fitParams(t *testing.T, model string, cs []analytics.Customer) [4]float64 {
	t.Helper()
	if model == "bgnbd" {
		m, err := analytics.FitBGNBD(cs, analytics.FitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return [4]float64{m.R, m.Alpha, m.A, m.B}
	}
	m, err := analytics.FitParetoNBD(cs, analytics.FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return [4]float64{m.R, m.Alpha, m.S, m.Beta}
}

// TestModelRecovery fits each model to data simulated from it and checks that the estimates
// land near the truth, closer with more clients. The tolerances are about three standard
// errors (the data are seeded, so the test is deterministic).
func TestModelRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	tests := []struct {
		model string
		truth [4]float64
		n     int
		tol   [4]float64 // relative, per parameter
	}{
		{"bgnbd", bgnbdTruth, 1000, [4]float64{0.6, 0.6, 0.6, 0.6}},
		{"bgnbd", bgnbdTruth, 10000, [4]float64{0.2, 0.2, 0.2, 0.2}},
		{"bgnbd", bgnbdTruth, 100000, [4]float64{0.07, 0.07, 0.07, 0.07}},
		// s and β of CDNOW-like data are weakly identified (a long flat ridge of the
		// likelihood: on CDNOW itself β moves by 9% for a loss of 0.01 in log-likelihood).
		{"paretonbd", paretoTruth, 1000, [4]float64{0.6, 0.6, 0.8, 1.5}},
		{"paretonbd", paretoTruth, 10000, [4]float64{0.2, 0.2, 0.3, 0.4}},
		{"paretonbd", paretoTruth, 100000, [4]float64{0.07, 0.07, 0.15, 0.2}},
		{"paretonbd", freelanceTruth, 10000, [4]float64{0.15, 0.15, 0.2, 0.3}},
		// Rounding order times to whole days leaves a bias of a few percent in r and α.
		{"paretonbd", freelanceTruth, 100000, [4]float64{0.08, 0.1, 0.07, 0.1}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.model, tt.n), func(t *testing.T) {
			sim := simulation{model: tt.model, params: tt.truth, n: tt.n, seed: 1}.run()
			got := fitParams(t, tt.model, customersOf(sim))
			t.Logf("%s n=%d: fitted %.3f, truth %.3f", tt.model, tt.n, got, tt.truth)
			for i := range got {
				if math.Abs(got[i]/tt.truth[i]-1) > tt.tol[i] {
					t.Errorf("param %d = %.4g, truth %.4g: off by more than %.0f%%", i, got[i], tt.truth[i], 100*tt.tol[i])
				}
			}
		})
	}
}

// TestModelHoldout checks Expected against the simulation: the predicted holdout occasions of
// all clients add up to the simulated ones.
func TestModelHoldout(t *testing.T) {
	for _, model := range []string{"bgnbd", "paretonbd"} {
		t.Run(model, func(t *testing.T) {
			truth := bgnbdTruth
			if model == "paretonbd" {
				truth = paretoTruth
			}
			const holdout = 39
			sim := simulation{model: model, params: truth, n: 20000, seed: 2, holdout: holdout}.run()
			m := countModel(t, model, customersOf(sim))
			var want, got float64
			for _, s := range sim {
				want += s.holdout
				got += m.Expected(s.c, holdout)
			}
			t.Logf("%s: holdout occasions predicted %.0f, simulated %.0f", model, got, want)
			if math.Abs(got/want-1) > 0.05 {
				t.Errorf("predicted %.0f holdout occasions, simulated %.0f", got, want)
			}
		})
	}
}

func countModel(t *testing.T, model string, cs []analytics.Customer) analytics.Model {
	t.Helper()
	if model == "bgnbd" {
		m, err := analytics.FitBGNBD(cs, analytics.FitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	m, err := analytics.FitParetoNBD(cs, analytics.FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSleepingAUC ranks clients by each model's P(alive) against the simulated truth, alive
// at T, on data from either process. Pareto/NBD, the model behind "sleeping", must reach an
// AUC of 0.85 at 10,000 clients of the freelance world (an order every 2–3 months) and beat
// BG/NBD wherever one-time clients can leave. CDNOW-like data (an order every 5 months on
// average, most clients one-time) carry less information: the AUC of even the true posterior
// is about 0.8 there, so it is reported, not held to 0.85.
func TestSleepingAUC(t *testing.T) {
	worlds := []struct {
		name, model string
		truth       [4]float64
		min         float64 // Pareto/NBD AUC at 10,000 clients
	}{
		{"freelance", "paretonbd", freelanceTruth, 0.85},
		{"cdnow-pareto", "paretonbd", paretoTruth, 0.75},
		{"cdnow-bgnbd", "bgnbd", bgnbdTruth, 0.5},
	}
	for _, w := range worlds {
		for _, n := range []int{1000, 10000} {
			sim := simulation{model: w.model, params: w.truth, n: n, seed: 3}.run()
			cs := customersOf(sim)
			alive := make([]bool, n)
			for i := range sim {
				alive[i] = sim[i].alive
			}
			aucs := map[string]float64{}
			for _, model := range []string{"bgnbd", "paretonbd"} {
				m := countModel(t, model, cs)
				score := make([]float64, n)
				for i, c := range cs {
					score[i] = m.PAlive(c)
				}
				aucs[model] = auc(score, alive)
			}
			t.Logf("%s world, n=%d: AUC BG/NBD %.3f, Pareto/NBD %.3f", w.name, n, aucs["bgnbd"], aucs["paretonbd"])
			if n == 10000 && aucs["paretonbd"] < w.min {
				t.Errorf("%s world: Pareto/NBD AUC %.3f, want >= %.2f", w.name, aucs["paretonbd"], w.min)
			}
			if w.model == "paretonbd" && aucs["paretonbd"] <= aucs["bgnbd"] {
				t.Errorf("%s world: Pareto/NBD AUC %.3f not above BG/NBD's %.3f", w.name, aucs["paretonbd"], aucs["bgnbd"])
			}
		}
	}
}

// TestModelThinData fits 20, 50 and 300 clients from several seeds: every fit must succeed
// with finite parameters well inside the evaluation bounds, and every prediction be finite.
func TestModelThinData(t *testing.T) {
	for _, n := range []int{20, 50, 300} {
		for seed := uint64(1); seed <= 10; seed++ {
			for _, world := range []string{"bgnbd", "paretonbd"} {
				truth := bgnbdTruth
				if world == "paretonbd" {
					truth = paretoTruth
				}
				cs := customersOf(simulation{model: world, params: truth, n: n, seed: 100 + seed}.run())
				b, err1 := analytics.FitBGNBD(cs, analytics.FitOptions{})
				p, err2 := analytics.FitParetoNBD(cs, analytics.FitOptions{})
				if err1 != nil || err2 != nil {
					t.Fatalf("n=%d seed=%d: %v, %v", n, seed, err1, err2)
				}
				if seed <= 2 {
					t.Logf("%s n=%d seed=%d: BG/NBD %.3g %.3g %.3g %.3g; Pareto/NBD %.3g %.3g %.3g %.3g",
						world, n, seed, b.R, b.Alpha, b.A, b.B, p.R, p.Alpha, p.S, p.Beta)
				}
				for _, v := range []float64{b.R, b.Alpha, b.A, b.B, p.R, p.Alpha, p.S, p.Beta} {
					if !finite(v) || math.Abs(math.Log(v)) > 15 {
						t.Errorf("%s n=%d seed=%d: parameter %g at or near a bound", world, n, seed, v)
					}
				}
				for _, c := range cs {
					if !finite(b.PAlive(c), b.Expected(c, 52), p.PAlive(c), p.Expected(c, 52)) {
						t.Fatalf("n=%d seed=%d: prediction not finite for %+v", n, seed, c)
					}
				}
			}
		}
	}
}
