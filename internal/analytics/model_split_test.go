package analytics

import (
	"math"
	"math/rand/v2"
	"testing"
)

// plainModel hides a model's split form, so Predict takes the generic path.
type plainModel struct{ Model }

// TestPredictSplitPath checks that the shared per-(x, T) path of Predict gives the numbers of
// the generic one, for both count models.
func TestPredictSplitPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var sums []Summary
	for i := range 2000 {
		age := 1 + rng.Int32N(1500)
		occ := 1 + rng.Int32N(8)
		rec := int32(0)
		if occ > 1 {
			rec = rng.Int32N(age)
		}
		sums = append(sums, Summary{ClientID: int64(i + 1), Occasions: occ, Frequency: occ - 1, Orders: occ,
			Recency: rec, Age: age, MonetaryRepeat: float64(rng.IntN(50000)) / 100})
	}
	g := GammaGamma{P: 6, Q: 4, V: 15}
	for _, m := range []Model{BGNBD{R: 0.24, Alpha: 4.4, A: 0.79, B: 2.4}, ParetoNBD{R: 0.55, Alpha: 10.6, S: 0.61, Beta: 11.7}} {
		opt := PredictOptions{Unit: Week, Horizon: 52, CLVMonths: 12, Discount: 0.01}
		fast, slow := Predict(sums, m, g, opt), Predict(sums, plainModel{m}, g, opt)
		for i := range fast {
			for _, pair := range [][2]float64{{fast[i].ExpectedOrders, slow[i].ExpectedOrders}, {fast[i].CLV, slow[i].CLV}, {fast[i].PAlive, slow[i].PAlive}} {
				if d := math.Abs(pair[0] - pair[1]); d > 1e-9*math.Max(1, math.Abs(pair[1])) {
					t.Fatalf("%T client %d: fast %v, generic %v", m, fast[i].ClientID, pair[0], pair[1])
				}
			}
		}
	}
}
