package analytics_test

import (
	"math"
	"testing"

	"github.com/regulars/regulars/internal/analytics"
)

func TestPredict(t *testing.T) {
	s := []analytics.Summary{
		{ClientID: 1, Occasions: 3, Frequency: 2, Recency: 140, Age: 210, MonetaryRepeat: 40},
		{ClientID: 2, Occasions: 1, Age: 100},
		{ClientID: 3}, // no orders: skipped
	}
	m := analytics.ParetoNBD{R: 0.553, Alpha: 10.578, S: 0.606, Beta: 11.669}
	g := analytics.GammaGamma{P: 6.25, Q: 3.74, V: 15.44}
	opt := analytics.PredictOptions{Unit: analytics.Week, Horizon: 52, CLVMonths: 12}
	ps := analytics.Predict(s, m, g, opt)
	if len(ps) != 2 || ps[0].ClientID != 1 || ps[1].ClientID != 2 {
		t.Fatalf("got %+v, want clients 1 and 2", ps)
	}
	c := analytics.Customer{X: 2, TX: 20, T: 30, M: 40}
	if p := ps[0]; p.T != 30 || p.Recency != 20 || math.Abs(p.PAlive-m.PAlive(c)) > 1e-12 {
		t.Errorf("client 1: got %+v, want t_x 20, T 30 weeks", p)
	}
	// Undiscounted, the CLV is the spend of the orders expected in 12 months.
	months := 12 * 365.25 / 12 / 7
	if want := g.ExpectedSpend(c) * m.Expected(c, months); math.Abs(ps[0].CLV-want) > 1e-9*want {
		t.Errorf("CLV=%.6f, want %.6f", ps[0].CLV, want)
	}
	if want := 6.25 * 15.44 / 2.74; math.Abs(ps[1].ExpectedSpend-want) > 1e-9 {
		t.Errorf("one-time client's spend %.4f, want the population mean %.4f", ps[1].ExpectedSpend, want)
	}
	opt.Discount = 0.01
	d := analytics.Predict(s, m, g, opt)
	if !(d[0].CLV < ps[0].CLV && d[0].CLV > ps[0].CLV/1.01/1.01/1.01/1.01/1.01/1.01/1.01/1.01/1.01/1.01/1.01/1.01) {
		t.Errorf("discounted CLV %.4f not between the undiscounted %.4f and it discounted by 12 months", d[0].CLV, ps[0].CLV)
	}
	if ps[1].PAlive >= 1 || ps[1].PAlive <= 0 {
		t.Errorf("one-time client's P(alive)=%v, want within (0, 1)", ps[1].PAlive)
	}
}
