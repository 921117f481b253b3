package analytics

import (
	"strconv"
	"testing"
)

// TestForecastRevenue checks the forecast against a hand sum: with a model that expects one
// occasion per month for everyone and a spend model whose expectation is known, each client
// brings months × spend.
func TestForecastRevenue(t *testing.T) {
	sums := []Summary{
		{ClientID: 1, Occasions: 1, Age: 70},
		{ClientID: 2, Occasions: 3, Frequency: 2, Recency: 30, Age: 100, MonetaryRepeat: 200},
		{ClientID: 3}, // no orders: not forecast
	}
	m := perMonth{}
	g := GammaGamma{P: 1, Q: 3, V: 200, Mean: 100} // E[spend] = (V + M·X)·P / (P·X + Q − 1)
	s1 := g.ExpectedSpend(customerOf(&sums[0], 7))
	s2 := g.ExpectedSpend(customerOf(&sums[1], 7))
	f := ForecastRevenue(sums, m, g, Week, 2)
	for _, tc := range []struct {
		got    string
		months float64
	}{{string(f.Months3), 3}, {string(f.Months6), 6}, {string(f.Months12), 12}} {
		want := strconv.FormatFloat(tc.months*(s1+s2), 'f', 2, 64)
		if tc.got != want {
			t.Errorf("%v months: %s, want %s", tc.months, tc.got, want)
		}
	}
}

// perMonth expects one occasion per month of any client.
type perMonth struct{}

func (perMonth) PAlive(Customer) float64 { return 1 }
func (perMonth) Expected(_ Customer, t float64) float64 {
	return t / (daysPerMonth / 7)
}
func (perMonth) ExpectedNew(t float64) float64 { return t / (daysPerMonth / 7) }
