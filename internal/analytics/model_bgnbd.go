package analytics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// BGNBD is a fitted BG/NBD model (Fader, Hardie & Lee 2005): while alive a client buys at
// rate λ ~ Gamma(r, α), and after each repeat purchase leaves with probability p ~ Beta(a, b).
// Times are in the Unit of the data it was fitted to.
type BGNBD struct {
	R      float64 `json:"r"`
	Alpha  float64 `json:"alpha"`
	A      float64 `json:"a"`
	B      float64 `json:"b"`
	LogLik float64 `json:"log_likelihood"`
}

var _ Model = BGNBD{}

// FitBGNBD fits BG/NBD to cs by maximum likelihood (with opt's weak prior).
// Returns EINVALID if cs is empty or invalid.
func FitBGNBD(cs []Customer, opt FitOptions) (BGNBD, error) {
	if err := validCustomers(cs); err != nil {
		return BGNBD{}, err
	}
	fit := func(d *design, init []float64, h [][]float64) ([]float64, [][]float64, error) {
		lnT := math.Log(d.meanT)
		return maximize(d.bgnbd(opt.Workers), init, []float64{0, lnT, 0, 0}, d.w, opt, h)
	}
	d := newDesign(cs)
	init, h := warmStart(cs, []float64{1, d.meanT, 1, 1}, fit)
	p, _, err := fit(d, init, h)
	if err != nil {
		return BGNBD{}, fmt.Errorf("fit BG/NBD: %w", err)
	}
	return BGNBD{R: p[0], Alpha: p[1], A: p[2], B: p[3], LogLik: d.bgnbd(1)(p, make([]float64, 4))}, nil
}

// bgnbd returns the BG/NBD log-likelihood of d, whose parameters are r, α, a, b:
//
//	ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
//	       + ln[ (α+T)^−(r+x) + [x>0] a/(b+x−1) (α+t_x)^−(r+x) ]
//
// The terms in x alone are tabulated per distinct x, the logarithms per distinct time.
func (d *design) bgnbd(want int) logLik {
	nx, nt := len(d.xs), len(d.ts)
	lat, iat := make([]float64, nt), make([]float64, nt) // ln(α+t), 1/(α+t)
	c4, ib := make([]float64, nx), make([]float64, nx)   // ln(a/(b+x−1)), 1/(b+x−1)
	k := workers(len(d.rows), want)
	part := make([][5]float64, k)
	return func(p, g []float64) float64 {
		r, alpha, a, b := p[0], p[1], p[2], p[3]
		for i, t := range d.ts {
			lat[i], iat[i] = math.Log(alpha+t), 1/(alpha+t)
		}
		var ll float64
		clear(g)
		for i, x := range d.xs {
			w := d.xw[i]
			if x > 0 {
				c4[i], ib[i] = math.Log(a)-math.Log(b+x-1), 1/(b+x-1)
			}
			ll += w * (lgamma(r+x) - lgamma(r) + r*math.Log(alpha) +
				lgamma(a+b) + lgamma(b+x) - lgamma(b) - lgamma(a+b+x))
			g[0] += w * (mathext.Digamma(r+x) - mathext.Digamma(r) + math.Log(alpha))
			g[1] += w * r / alpha
			g[2] += w * (mathext.Digamma(a+b) - mathext.Digamma(a+b+x))
			g[3] += w * (mathext.Digamma(a+b) + mathext.Digamma(b+x) - mathext.Digamma(b) - mathext.Digamma(a+b+x))
		}
		parallel(len(d.rows), k, func(w, lo, hi int) {
			var s [5]float64
			for _, row := range d.rows[lo:hi] {
				x := d.xs[row.x]
				a3 := -(r + x) * lat[row.t]
				if x == 0 {
					s[0] += row.w * a3
					s[1] -= row.w * lat[row.t]
					s[2] -= row.w * (r + x) * iat[row.t]
					continue
				}
				a4 := c4[row.x] - (r+x)*lat[row.tx]
				m, p3, p4 := logAddExp(a3, a4)
				s[0] += row.w * m
				s[1] -= row.w * (p3*lat[row.t] + p4*lat[row.tx])
				s[2] -= row.w * (r + x) * (p3*iat[row.t] + p4*iat[row.tx])
				s[3] += row.w * p4 / a
				s[4] -= row.w * p4 * ib[row.x]
			}
			part[w] = s
		})
		for _, s := range part[:k] {
			ll += s[0]
			g[0] += s[1]
			g[1] += s[2]
			g[2] += s[3]
			g[3] += s[4]
		}
		return ll
	}
}

// logAddExp returns ln(e^u + e^v) and the shares e^u/(e^u+e^v), e^v/(e^u+e^v).
func logAddExp(u, v float64) (m, pu, pv float64) {
	if math.IsInf(v, -1) {
		return u, 1, 0
	}
	if u >= v {
		e := math.Exp(v - u)
		return u + math.Log1p(e), 1 / (1 + e), e / (1 + e)
	}
	e := math.Exp(u - v)
	return v + math.Log1p(e), e / (1 + e), 1 / (1 + e)
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// PAlive returns the probability that c is alive at c.T: 1 for every client without repeat
// purchases, which is why sleeping clients come from Pareto/NBD.
func (m BGNBD) PAlive(c Customer) float64 {
	if c.X == 0 {
		return 1
	}
	lr := (m.R+c.X)*(math.Log(m.Alpha+c.T)-math.Log(m.Alpha+c.TX)) + math.Log(m.A/(m.B+c.X-1))
	return 1 / (1 + math.Exp(lr))
}

// Expected returns the expected number of c's purchases in (c.T, c.T+t] (FHL 2005, eq. 10):
//
//	E = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive)
func (m BGNBD) Expected(c Customer, t float64) float64 {
	return finiteNonNegative(m.expectedIfAlive(c.X, c.T, t) * m.PAlive(c))
}

// expectedIfAlive is Expected without its P(alive) factor: it depends on x and T but not t_x,
// so the many clients alike in (x, T) share it.
func (m BGNBD) expectedIfAlive(x, T, t float64) float64 {
	if t <= 0 {
		return 0
	}
	a := awayFromOne(m.A)
	z := t / (m.Alpha + T + t)
	h := mathext.Hypergeo(m.R+x, m.B+x, a+m.B+x-1, z)
	pw := math.Exp((m.R + x) * math.Log1p(-z))
	return (a + m.B + x - 1) / (a - 1) * (1 - pw*h)
}

// ExpectedNew returns the expected number of repeat purchases of a new client in (0, t]:
//
//	E = (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))]
func (m BGNBD) ExpectedNew(t float64) float64 {
	if t <= 0 {
		return 0
	}
	a := awayFromOne(m.A)
	z := t / (m.Alpha + t)
	h := mathext.Hypergeo(m.R, m.B, a+m.B-1, z)
	return finiteNonNegative((a + m.B - 1) / (a - 1) * (1 - math.Exp(m.R*math.Log1p(-z))*h))
}

// awayFromOne moves a off 1, where the closed forms divide 0 by 0; the expectation is
// continuous in a, so the error is of the order of the shift.
func awayFromOne(a float64) float64 {
	const eps = 1e-6
	if math.Abs(a-1) < eps {
		if a < 1 {
			return 1 - eps
		}
		return 1 + eps
	}
	return a
}

func finiteNonNegative(v float64) float64 {
	if math.IsNaN(v) || v < 0 {
		return 0
	}
	return v
}
