package analytics

import (
	"fmt"
	"math"
	"slices"
)

// logLik returns a log-likelihood at params and stores its gradient with respect to params
// in grad.
type logLik func(params, grad []float64) float64

// maxLogParam bounds |ln θ| where the likelihood is evaluated, so that a wild line-search
// step cannot overflow; the prior, evaluated on the unbounded value, pulls the step back.
const maxLogParam = 30

// maxRunaway is how far, in ln θ, a maximum-likelihood estimate may lie from the prior's
// centre before it counts as run away along a ridge of the likelihood (a factor e^8 ≈ 3000).
const maxRunaway = 8

// runawayGrad is the largest gradient component (per client) a maximum-likelihood fit may end
// with and still count as having found a maximum rather than a slope towards infinity.
const runawayGrad = 1e-5

// maximize returns the parameters that maximise ll. It first finds the maximum a posteriori
// under the weak log-normal prior of opt (the logarithms of the parameters normal around
// centre, a slice of logs), then climbs from there to the maximum of the likelihood alone.
// That maximum is the answer when it exists: when the climb converges within a factor
// e^maxRunaway of every centre. Otherwise, as on thin data whose likelihood keeps rising
// towards "no heterogeneity" at infinity, the answer is the prior's maximum.
// n is the number of clients, which scales the objective so that one gradient threshold
// fits every data size.
//
// h, if not nil, is an estimate of the inverse Hessian of the objective (in ln θ, per client)
// from an earlier fit, such as one on a subsample. maximize returns its own final estimate.
func maximize(ll logLik, init, centre []float64, n float64, opt FitOptions, h [][]float64) ([]float64, [][]float64, error) {
	x0 := make([]float64, len(init))
	for i, v := range init {
		x0[i] = math.Log(v)
	}
	sd := opt.PriorSD
	if sd == 0 {
		sd = DefaultPriorSD
	}
	scaled := h != nil
	if !scaled {
		h = identity(len(init))
	}
	// A warm start (from a subsample) is near the maximum: climb the likelihood directly
	// and fall back to the prior only if that runs away.
	x, err := x0, error(nil)
	if sd > 0 && !scaled {
		if x, _, err = bfgs(objective(ll, centre, sd, n), x0, h, false, nil); err != nil {
			return nil, nil, fmt.Errorf("maximize likelihood: %w", err)
		}
		scaled = true
	}
	hp := make([][]float64, len(h)) // the prior fit's Hessian, for a fallback
	for i := range h {
		hp[i] = append([]float64(nil), h[i]...)
	}
	var far func([]float64) bool
	if sd > 0 {
		far = func(x []float64) bool { return runaway(x, 0, centre) }
	}
	xm, grad, err := bfgs(objective(ll, centre, -1, n), x, h, scaled, far)
	if err != nil {
		return nil, nil, fmt.Errorf("maximize likelihood: %w", err)
	}
	if sd > 0 && runaway(xm, grad, centre) {
		if x, _, err = bfgs(objective(ll, centre, sd, n), x, hp, scaled, nil); err != nil {
			return nil, nil, fmt.Errorf("maximize likelihood: %w", err)
		}
		xm = x
	}
	out := make([]float64, len(xm))
	for i, v := range xm {
		out[i] = math.Exp(v)
	}
	return out, h, nil
}

func runaway(x []float64, grad float64, centre []float64) bool {
	if !(grad <= runawayGrad) {
		return true
	}
	for i := range x {
		if math.Abs(x[i]-centre[i]) > maxRunaway {
			return true
		}
	}
	return false
}

// objective returns the function bfgs minimises: −(ll + log-prior)/n in θ = ln params, with
// the prior left out when sd ≤ 0. Function and gradient come from one evaluation, which is
// cached for the repeated calls at the same point.
func objective(ll logLik, centre []float64, sd, n float64) func(x, g []float64) float64 {
	k := len(centre)
	var (
		lastX   []float64
		lastF   float64
		lastG   = make([]float64, k)
		params  = make([]float64, k)
		paramsG = make([]float64, k)
	)
	evaluate := func(x []float64) {
		lastX = append(lastX[:0], x...)
		for i, v := range x {
			params[i] = math.Exp(max(-maxLogParam, min(maxLogParam, v)))
		}
		lastF = -ll(params, paramsG)
		for i, v := range x {
			lastG[i] = -paramsG[i] * params[i]
			if math.Abs(v) > maxLogParam {
				lastG[i] = 0
			}
			if sd > 0 {
				lastF += (v - centre[i]) * (v - centre[i]) / (2 * sd * sd)
				lastG[i] += (v - centre[i]) / (sd * sd)
			}
			lastG[i] /= n
		}
		lastF /= n
		if math.IsNaN(lastF) {
			lastF = math.Inf(1) // the line search backs off from +Inf
		}
	}
	return func(x, g []float64) float64 {
		if lastX == nil || !slices.Equal(x, lastX) {
			evaluate(x)
		}
		copy(g, lastG)
		return lastF
	}
}

// subsampleMin is the number of clients above which a fit starts from a fit to a systematic
// subsample of subsampleSize of them: the climb from a default start takes dozens of
// evaluations of the likelihood, which then cost a few over all clients.
const (
	subsampleMin  = 100000
	subsampleSize = 20000
)

// warmStart returns the starting point and inverse Hessian for a fit to cs: init and nil, or
// for many clients the answer of fit on a subsample and the Hessian it ended with.
func warmStart(cs []Customer, init []float64, fit func(d *design, init []float64, h [][]float64) ([]float64, [][]float64, error)) ([]float64, [][]float64) {
	if len(cs) < subsampleMin {
		return init, nil
	}
	sub := make([]Customer, 0, subsampleSize+1)
	step := len(cs) / subsampleSize
	for i := 0; i < len(cs); i += step {
		sub = append(sub, cs[i])
	}
	p, h, err := fit(newDesign(sub), init, nil)
	if err != nil {
		return init, nil
	}
	return p, h
}
