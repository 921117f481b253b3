package analytics

import (
	"math"
	"runtime"
)

// Prediction is what the models expect of one client. Times are in Unit; money in major units.
type Prediction struct {
	ClientID  int64   `json:"client_id"`
	Frequency float64 `json:"frequency"` // x
	Recency   float64 `json:"recency"`   // t_x
	T         float64 `json:"t"`
	Monetary  float64 `json:"monetary"` // mean repeat spend
	Unit      Unit    `json:"-"`
	Horizon   float64 `json:"horizon"` // of ExpectedOrders, in Unit

	// PAlive is the probability that the client is still a client.
	PAlive float64 `json:"p_alive"`
	// ExpectedOrders is the expected number of occasions in the next Horizon.
	ExpectedOrders float64 `json:"expected_orders"`
	// ExpectedSpend is the expected spend of one future occasion.
	ExpectedSpend float64 `json:"expected_spend"`
	// CLV is the discounted expected spend of the next CLVMonths months.
	CLV float64 `json:"clv"`
}

// PredictOptions says what to predict.
type PredictOptions struct {
	Unit      Unit    // of the models and of Horizon
	Horizon   float64 // of ExpectedOrders, in Unit
	CLVMonths int     // months of CLV
	Discount  float64 // monthly discount rate, 0.01 for 1%
	// Alive, when set, gives P(alive) instead of the count model: the choice for sleeping
	// clients is Pareto/NBD even when orders are counted with BG/NBD.
	Alive Model
}

// Predict returns a prediction per summary with orders, in the order of s, from a count
// model m (BGNBD or ParetoNBD) and the spend model g.
//
// CLV is a discrete monthly sum: month k (1..CLVMonths) contributes the expected occasions in
// that month, E(k months) − E(k−1 months), times the expected spend, discounted by
// (1+Discount)^k as if all of the month's spend came at its end. It slightly undervalues
// against continuous discounting (by under half a month's discount).
func Predict(s []Summary, m Model, g GammaGamma, opt PredictOptions) []Prediction {
	outs := Outlooks(s, m, g, opt)
	ps := make([]Prediction, 0, len(outs))
	for i := range s {
		if s[i].Occasions > 0 {
			ps = append(ps, PredictionOf(&s[i], outs[len(ps)], opt))
		}
	}
	return ps
}

// Outlook is what the models say of one client: its Prediction without the client's own
// figures, which its Summary keeps (32 bytes; a Prediction is 96).
type Outlook struct {
	PAlive, ExpectedOrders, ExpectedSpend, CLV float64
}

// PredictionOf returns the prediction of a summary with orders from its outlook.
func PredictionOf(s *Summary, o Outlook, opt PredictOptions) Prediction {
	c := customerOf(s, opt.Unit.Days())
	return Prediction{ClientID: s.ClientID, Frequency: c.X, Recency: c.TX, T: c.T, Monetary: c.M, Unit: opt.Unit, Horizon: opt.Horizon,
		PAlive: o.PAlive, ExpectedOrders: o.ExpectedOrders, ExpectedSpend: o.ExpectedSpend, CLV: o.CLV}
}

// Outlooks returns an outlook per summary with orders, in the order of s: Predict without
// the summaries' own figures.
func Outlooks(s []Summary, m Model, g GammaGamma, opt PredictOptions) []Outlook {
	days := opt.Unit.Days()
	month := daysPerMonth / days
	alive := opt.Alive
	if alive == nil {
		alive = m
	}
	// Clients with the same (x, t_x, T) share their counts: compute them once per worker.
	type counts struct{ alive, orders, discounted float64 }
	at := make([]int32, len(s)) // each summary's place in out, -1 without orders
	n := 0
	for i := range s {
		at[i] = -1
		if s[i].Occasions > 0 {
			at[i], n = int32(n), n+1
		}
	}
	out := make([]Outlook, n)
	split, isSplit := m.(splitModel)
	parallel(len(s), runtime.GOMAXPROCS(0), func(_, lo, hi int) {
		seen := map[[3]float64]counts{}
		byXT := map[[2]float64][2]float64{} // the expected orders and discounted orders if alive
		for i := lo; i < hi; i++ {
			if at[i] < 0 {
				continue
			}
			c := customerOf(&s[i], days)
			k := [3]float64{c.X, c.TX, c.T}
			n, ok := seen[k]
			if !ok && isSplit {
				xt := [2]float64{c.X, c.T}
				f, ok := byXT[xt]
				if !ok {
					f = [2]float64{split.expectedIfAlive(c.X, c.T, opt.Horizon),
						discountedIfAlive(split, c.X, c.T, month, opt.CLVMonths, opt.Discount)}
					byXT[xt] = f
				}
				pa := m.PAlive(c)
				n = counts{alive.PAlive(c), finiteNonNegative(f[0] * pa), finiteNonNegative(f[1] * pa)}
				seen[k] = n
			} else if !ok {
				n = counts{alive.PAlive(c), m.Expected(c, opt.Horizon), discountedOrders(m, c, month, opt.CLVMonths, opt.Discount)}
				seen[k] = n
			}
			spend := g.ExpectedSpend(c)
			out[at[i]] = Outlook{PAlive: n.alive, ExpectedOrders: n.orders, ExpectedSpend: spend, CLV: spend * n.discounted}
		}
	})
	return out
}

// discountedIfAlive is discountedOrders without the P(alive) factor, which every term shares.
func discountedIfAlive(m splitModel, x, T, month float64, months int, d float64) float64 {
	var sum, prev float64
	for k := 1; k <= months; k++ {
		e := finiteNonNegative(m.expectedIfAlive(x, T, float64(k)*month))
		sum += (e - prev) / math.Pow(1+d, float64(k))
		prev = e
	}
	return sum
}

// discountedOrders returns Σ_k (E(k·month) − E((k−1)·month)) / (1+d)^k for k = 1..months.
func discountedOrders(m Model, c Customer, month float64, months int, d float64) float64 {
	var sum, prev float64
	for k := 1; k <= months; k++ {
		e := m.Expected(c, float64(k)*month)
		sum += (e - prev) / math.Pow(1+d, float64(k))
		prev = e
	}
	return sum
}
