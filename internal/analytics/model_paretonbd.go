package analytics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// ParetoNBD is a fitted Pareto/NBD model: while alive a client buys at rate λ ~ Gamma(r, α)
// and leaves after an exponential lifetime of rate μ ~ Gamma(s, β). Times are in the Unit of
// the data it was fitted to.
type ParetoNBD struct {
	R      float64 `json:"r"`
	Alpha  float64 `json:"alpha"`
	S      float64 `json:"s"`
	Beta   float64 `json:"beta"`
	LogLik float64 `json:"log_likelihood"`
}

var _ Model = ParetoNBD{}

// FitParetoNBD fits Pareto/NBD to cs by maximum likelihood (with opt's weak prior).
// Returns EINVALID if cs is empty or invalid.
func FitParetoNBD(cs []Customer, opt FitOptions) (ParetoNBD, error) {
	if err := validCustomers(cs); err != nil {
		return ParetoNBD{}, err
	}
	fit := func(d *design, init []float64, h [][]float64) ([]float64, [][]float64, error) {
		lnT := math.Log(d.meanT)
		return maximize(d.paretoNBD(opt.Workers), init, []float64{0, lnT, 0, lnT}, d.w, opt, h)
	}
	d := newDesign(cs)
	init, h := warmStart(cs, []float64{1, d.meanT, 1, d.meanT}, fit)
	p, _, err := fit(d, init, h)
	if err != nil {
		return ParetoNBD{}, fmt.Errorf("fit Pareto/NBD: %w", err)
	}
	return ParetoNBD{R: p[0], Alpha: p[1], S: p[2], Beta: p[3], LogLik: d.paretoNBD(1)(p, make([]float64, 4))}, nil
}

// paretoNBD returns the Pareto/NBD log-likelihood of d, whose parameters are r, α, s, β (see
// model_paretotail.go for its form).
func (d *design) paretoNBD(want int) logLik {
	nt := len(d.ts)
	lat, iat := make([]float64, nt), make([]float64, nt) // ln(α+t), 1/(α+t)
	lbt, ibt := make([]float64, nt), make([]float64, nt) // ln(β+t), 1/(β+t)
	tails := make([]tail, len(d.pairs))
	kp, kr := workers(len(d.pairs)*10, want), workers(len(d.rows), want)
	part := make([][5]float64, kr)
	return func(p, g []float64) float64 {
		r, alpha, s, beta := p[0], p[1], p[2], p[3]
		for i, t := range d.ts {
			lat[i], iat[i] = math.Log(alpha+t), 1/(alpha+t)
			lbt[i], ibt[i] = math.Log(beta+t), 1/(beta+t)
		}
		parallel(len(d.pairs), kp, func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				pr := d.pairs[i]
				tails[i] = paretoTail(r, alpha, s, beta, d.xs[pr.x], d.ts[pr.t])
			}
		})
		ll := d.w * (r*math.Log(alpha) + s*math.Log(beta) - lgamma(r))
		g[0] = d.w * (math.Log(alpha) - mathext.Digamma(r))
		g[1] = d.w * r / alpha
		g[2] = d.w * math.Log(beta)
		g[3] = d.w * s / beta
		for i, x := range d.xs {
			ll += d.xw[i] * lgamma(r+x)
			g[0] += d.xw[i] * mathext.Digamma(r+x)
		}
		parallel(len(d.rows), kr, func(w, lo, hi int) {
			part[w] = d.paretoRows(d.rows[lo:hi], r, s, tails, lat, iat, lbt, ibt)
		})
		for _, s := range part[:kr] {
			ll += s[0]
			for i := range 4 {
				g[i] += s[i+1]
			}
		}
		return ll
	}
}

// paretoRows returns the bracket's share of the log-likelihood of rows, ln[P1 + s·I], and
// its gradient, where P1 = (α+T)^−(r+x) (β+T)^−s and I = F(t_x) − F(T).
func (d *design) paretoRows(rows []row, r, s float64, tails []tail, lat, iat, lbt, ibt []float64) [5]float64 {
	var out [5]float64
	lns := math.Log(s)
	for _, row := range rows {
		x := d.xs[row.x]
		a1 := -(r+x)*lat[row.t] - s*lbt[row.t]
		d1 := [4]float64{-lat[row.t], -(r + x) * iat[row.t], -lbt[row.t], -s * ibt[row.t]}
		a2, d2 := math.Inf(-1), [4]float64{}
		if row.tx != row.t {
			ftx, ft := &tails[row.ptx], &tails[row.pt]
			if q := math.Exp(ft.ln - ftx.ln); q < 1 {
				a2 = lns + ftx.ln + math.Log1p(-q)
				for i := range d2 {
					d2[i] = (ftx.d[i] - q*ft.d[i]) / (1 - q)
				}
				d2[2] += 1 / s
			}
		}
		m, p1, p2 := logAddExp(a1, a2)
		out[0] += row.w * m
		for i := range 4 {
			out[i+1] += row.w * (p1*d1[i] + p2*d2[i])
		}
	}
	return out
}

// PAlive returns the probability that c is alive at c.T: the share of "alive at T" in the
// likelihood of c's history. Unlike BG/NBD's it falls for one-time clients too.
func (m ParetoNBD) PAlive(c Customer) float64 {
	a1 := -(m.R+c.X)*math.Log(m.Alpha+c.T) - m.S*math.Log(m.Beta+c.T)
	if c.TX >= c.T {
		return 1
	}
	ftx := paretoTail(m.R, m.Alpha, m.S, m.Beta, c.X, c.TX)
	ft := paretoTail(m.R, m.Alpha, m.S, m.Beta, c.X, c.T)
	q := math.Exp(ft.ln - ftx.ln)
	if q >= 1 {
		return 1
	}
	_, p1, _ := logAddExp(a1, math.Log(m.S)+ftx.ln+math.Log1p(-q))
	return p1
}

// Expected returns the expected number of c's purchases in (c.T, c.T+t]:
//
//	E = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive),
//
// the bracket over s−1 taken as its limit ln(1 + t/(β+T)) near s = 1.
func (m ParetoNBD) Expected(c Customer, t float64) float64 {
	return finiteNonNegative(m.expectedIfAlive(c.X, c.T, t) * m.PAlive(c))
}

// expectedIfAlive is Expected without its P(alive) factor, a function of x and T.
func (m ParetoNBD) expectedIfAlive(x, T, t float64) float64 {
	if t <= 0 {
		return 0
	}
	return (m.R + x) * (m.Beta + T) / (m.Alpha + T) * powRatio(m.S-1, math.Log1p(t/(m.Beta+T)))
}

// ExpectedNew returns the expected number of purchases of a new client in (0, t]:
// rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)].
func (m ParetoNBD) ExpectedNew(t float64) float64 {
	if t <= 0 {
		return 0
	}
	return finiteNonNegative(m.R * m.Beta / m.Alpha * powRatio(m.S-1, math.Log1p(t/m.Beta)))
}

// powRatio returns (1 − e^(−c·l))/c, and l at c = 0.
func powRatio(c, l float64) float64 {
	if math.Abs(c*l) < 1e-12 {
		return l
	}
	return -math.Expm1(-c*l) / c
}
