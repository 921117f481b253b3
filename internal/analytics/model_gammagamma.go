package analytics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"

	"github.com/regulars/regulars"
)

// GammaGamma is a fitted Gamma-Gamma spend model (Fader & Hardie 2013, note 025): a client's
// occasions spend z ~ Gamma(p, ν) around the client's own mean p/ν, with ν ~ Gamma(q, γ)
// across clients. V is γ, in major units of money.
type GammaGamma struct {
	P      float64 `json:"p"`
	Q      float64 `json:"q"`
	V      float64 `json:"v"`
	LogLik float64 `json:"log_likelihood"`
	// Mean is the mean repeat spend of the clients fitted; it stands for the population mean
	// pγ/(q−1) when q ≤ 1 and that mean does not exist.
	Mean float64 `json:"mean"`
}

// FitGammaGamma fits Gamma-Gamma to the clients of cs with repeat occasions and a positive
// mean repeat spend M; the others carry no information on spend and are skipped.
// Returns EINVALID if no client is left.
func FitGammaGamma(cs []Customer, opt FitOptions) (GammaGamma, error) {
	var xs, ms []float64
	var mean float64
	for _, c := range cs {
		if c.X > 0 && c.M > 0 && !math.IsInf(c.M, 0) {
			xs, ms = append(xs, c.X), append(ms, c.M)
			mean += c.M
		}
	}
	if len(xs) == 0 {
		return GammaGamma{}, regulars.Errorf(regulars.EINVALID, "No repeat orders with an amount to fit the spend model to.").Keyed("err.model_no_repeat")
	}
	mean /= float64(len(xs))
	centre := []float64{0, 0, math.Log(mean)}
	init, h := []float64{1, 1, mean}, [][]float64(nil)
	if len(xs) >= subsampleMin { // warm start from a systematic subsample, as for the count models
		step := len(xs) / subsampleSize
		var sx, sm []float64
		for i := 0; i < len(xs); i += step {
			sx, sm = append(sx, xs[i]), append(sm, ms[i])
		}
		if p, hs, err := maximize(gammaGammaLogLik(sx, sm), init, centre, float64(len(sx)), opt, nil); err == nil {
			init, h = p, hs
		}
	}
	ll := gammaGammaLogLik(xs, ms)
	p, _, err := maximize(ll, init, centre, float64(len(xs)), opt, h)
	if err != nil {
		return GammaGamma{}, fmt.Errorf("fit Gamma-Gamma: %w", err)
	}
	return GammaGamma{P: p[0], Q: p[1], V: p[2], LogLik: ll(p, make([]float64, 3)), Mean: mean}, nil
}

// gammaGammaLogLik returns the log-likelihood of the mean spends ms of xs occasions:
//
//	ln L = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m + px ln x − (px+q) ln(γ+xm)
//
// The gamma functions are tabulated per distinct x and the sums of the logarithms of the
// data computed once, so an evaluation costs one logarithm per client.
func gammaGammaLogLik(xs, ms []float64) logLik {
	var distinct []float64 // distinct x
	var count []float64    // clients per distinct x
	index := map[float64]int{}
	var sumLnM, sumXLn float64 // Σ ln m, Σ x(ln m + ln x)
	for i, x := range xs {
		j, ok := index[x]
		if !ok {
			j = len(distinct)
			index[x] = j
			distinct, count = append(distinct, x), append(count, 0)
		}
		count[j]++
		sumLnM += math.Log(ms[i])
		sumXLn += x * (math.Log(ms[i]) + math.Log(x))
	}
	n := float64(len(xs))
	return func(par, g []float64) float64 {
		p, q, v := par[0], par[1], par[2]
		ll := n*(q*math.Log(v)-lgamma(q)) + p*sumXLn - sumLnM
		g[0], g[1], g[2] = sumXLn, n*(math.Log(v)-mathext.Digamma(q)), n*q/v
		for j, x := range distinct {
			px := p * x
			ll += count[j] * (lgamma(px+q) - lgamma(px))
			dpq := mathext.Digamma(px + q)
			g[0] += count[j] * x * (dpq - mathext.Digamma(px))
			g[1] += count[j] * dpq
		}
		for i, x := range xs {
			vm := v + x*ms[i]
			lvm := math.Log(vm)
			ll -= (p*x + q) * lvm
			g[0] -= x * lvm
			g[1] -= lvm
			g[2] -= (p*x + q) / vm
		}
		return ll
	}
}

// ExpectedSpend returns the expected spend of c's next occasions, major units: for a repeat
// client the weighted mean of the population mean and the client's own,
//
//	E[Z | x, m] = p(γ + x m) / (px + q − 1),
//
// and for a client without repeats the population mean pγ/(q−1).
func (g GammaGamma) ExpectedSpend(c Customer) float64 {
	if c.X > 0 && c.M > 0 {
		if d := g.P*c.X + g.Q - 1; d > 0 {
			return g.P * (g.V + c.X*c.M) / d
		}
		return c.M
	}
	return g.PopulationMean()
}

// PopulationMean returns the mean spend of an occasion across clients, pγ/(q−1), or Mean
// when q ≤ 1.
func (g GammaGamma) PopulationMean() float64 {
	if g.Q > 1 {
		return g.P * g.V / (g.Q - 1)
	}
	return g.Mean
}
