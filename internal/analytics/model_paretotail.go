package analytics

import "math"

// The Pareto/NBD likelihood of a client (x, t_x, T) is
//
//	L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s ∫_{t_x}^{T} h(τ) dτ ],
//	h(τ) = (α+τ)^−(r+x) (β+τ)^−(s+1),
//
// the first term being "alive at T", the integral "left at τ in (t_x, T]". Writing the
// integral as F(t_x) − F(T) with the tail F(t) = ∫_t^∞ h(τ) dτ, F depends on (x, t) only, and
// there are far fewer distinct (x, t) than clients. With A = max(α, β):
//
//	F(t) = (A+t)^−k Σ_n (b)_n z^n / (n! (k+n)),   k = r+s+x,  z = |α−β| / (A+t),
//
// with b = s+1 when α ≥ β and b = r+x when β > α: this is ₂F₁(k, b; k+1; z)/k, the
// "numerically careful" form of Fader & Hardie, which always has 0 ≤ z < 1. Its derivatives
// in r, α, s, β follow term by term (in k, b and z), which gives the analytic gradient.
//
// The series converges like z^n, slowly when z is near 1 (min(α,β)+t much smaller than
// max(α,β)), which happens only far from an optimum or for a few (x, t). There the tail is
// split at the t₂ where z = zMax: F(t) = ∫_t^{t₂} h + F(t₂), the finite part by composite
// Gauss-Legendre in u = ln(min(α,β)+τ) and F(t₂) by the series. Both parts are differentiated
// with t₂ held fixed, which is exact because F(t) does not depend on where it is split.

// tail is ln F(t) and its gradient in (r, α, s, β).
type tail struct {
	ln float64
	d  [4]float64
}

// zMax is the largest z summed as a series; the terms then fall at least as 2^−n once past
// their peak.
const zMax = 0.5

func paretoTail(r, alpha, s, beta, x, t float64) tail {
	big, small := max(alpha, beta), min(alpha, beta)
	b := s + 1
	if beta > alpha {
		b = r + x
	}
	// Keep (1−z)^−b, the size of the largest terms, within float64.
	zm := min(zMax, -math.Expm1(-300/b))
	if (big-small)/(big+t) <= zm {
		return tailSeries(r, alpha, s, beta, x, t)
	}
	t2 := (big-small)/zm - big
	return logAddTails(tailQuad(r, alpha, s, beta, x, t, t2), tailSeries(r, alpha, s, beta, x, t2))
}

// tailSeries returns F(t) by the series.
func tailSeries(r, alpha, s, beta, x, t float64) tail {
	k := r + s + x
	big, b := alpha, s+1
	if beta > alpha {
		big, b = beta, r+x
	}
	at := big + t
	z := math.Abs(alpha-beta) / at
	sum, sk, sb, sz := seriesSums(k, b, z)
	var tl tail
	tl.ln = -k*math.Log(at) + math.Log(sum)
	lat := math.Log(at)
	dz := sz / sum
	if beta > alpha {
		tl.d[0] = -lat + (sk+sb)/sum
		tl.d[2] = -lat + sk/sum
		tl.d[3] = -k/at + dz*(alpha+t)/(at*at)
		tl.d[1] = -dz / at
	} else {
		tl.d[0] = -lat + sk/sum
		tl.d[2] = -lat + (sk+sb)/sum
		tl.d[1] = -k/at + dz*(beta+t)/(at*at)
		tl.d[3] = -dz / at
	}
	return tl
}

// seriesSums returns S = Σ c_n/(k+n) with c_n = (b)_n z^n / n!, and its derivatives in k,
// b and z.
func seriesSums(k, b, z float64) (s, sk, sb, sz float64) {
	c, e, h := 1.0, b, 0.0 // c_n; e_n = dc_n/dz = (b)_n z^(n−1)/(n−1)!; h = Σ_{j<n} 1/(b+j)
	s, sk = 1/k, -1/(k*k)
	for n := 1; n < 100000; n++ {
		fn := float64(n)
		c *= (b + fn - 1) * z / fn
		h += 1 / (b + fn - 1)
		kn := k + fn
		s += c / kn
		sk -= c / (kn * kn)
		sb += c * h / kn
		sz += e / kn
		e *= (b + fn) * z / fn
		if (b+fn)*z < fn+1 && c*(1+h) < 1e-17*kn*s && e < 1e-17*kn*sz {
			break
		}
	}
	return s, sk, sb, sz
}

// tailQuad returns ∫_t^{t2} h(τ) dτ and its gradient by composite Gauss-Legendre in
// u = ln(min(α,β)+τ), summed in the log domain.
func tailQuad(r, alpha, s, beta, x, t, t2 float64) tail {
	m := min(alpha, beta)
	ua, ub := math.Log(m+t), math.Log(m+t2)
	// ln h steepens with r+x+s; keep each panel's change in ln h to a few units.
	panels := int(min(64, math.Ceil((ub-ua)*(r+x+s+2)/4)))
	panels = max(panels, 1)
	width := (ub - ua) / float64(panels)
	var acc logSum
	for p := range panels {
		lo := ua + float64(p)*width
		for i, node := range gaussLegendre.x {
			u := lo + width*(node+1)/2
			tau := math.Exp(u) - m
			la, lb := math.Log(alpha+tau), math.Log(beta+tau)
			lnw := math.Log(gaussLegendre.w[i] * width / 2)
			lh := u - (r+x)*la - (s+1)*lb + lnw
			acc.add(lh, [4]float64{-la, -(r + x) / (alpha + tau), -lb, -(s + 1) / (beta + tau)})
		}
	}
	return acc.tail()
}

// logSum adds terms e^l with gradient weights g, rescaling as the largest l grows.
type logSum struct {
	max, sum float64
	d        [4]float64
	started  bool
}

func (a *logSum) add(l float64, g [4]float64) {
	if !a.started || l > a.max {
		f := 0.0
		if a.started {
			f = math.Exp(a.max - l)
		}
		a.sum *= f
		for i := range a.d {
			a.d[i] *= f
		}
		a.max, a.started = l, true
	}
	e := math.Exp(l - a.max)
	a.sum += e
	for i := range a.d {
		a.d[i] += e * g[i]
	}
}

func (a *logSum) tail() tail {
	tl := tail{ln: a.max + math.Log(a.sum)}
	for i := range a.d {
		tl.d[i] = a.d[i] / a.sum
	}
	return tl
}

// logAddTails returns the tail of the sum of the two integrals u and v.
func logAddTails(u, v tail) tail {
	m, pu, pv := logAddExp(u.ln, v.ln)
	tl := tail{ln: m}
	for i := range tl.d {
		tl.d[i] = pu*u.d[i] + pv*v.d[i]
	}
	return tl
}

// gaussLegendre is the 16-point Gauss-Legendre rule on [−1, 1].
var gaussLegendre = newGaussLegendre(16)

type quadRule struct{ x, w []float64 }

// newGaussLegendre returns the n-point rule, its nodes found by Newton's method on the
// Legendre polynomial P_n.
func newGaussLegendre(n int) quadRule {
	q := quadRule{x: make([]float64, n), w: make([]float64, n)}
	for i := range n {
		x := math.Cos(math.Pi * (float64(i) + 0.75) / (float64(n) + 0.5))
		var dp float64
		for range 100 {
			p0, p1 := 1.0, x
			for j := 2; j <= n; j++ {
				p0, p1 = p1, ((2*float64(j)-1)*x*p1-(float64(j)-1)*p0)/float64(j)
			}
			dp = float64(n) * (x*p1 - p0) / (x*x - 1)
			dx := p1 / dp
			x -= dx
			if math.Abs(dx) < 1e-16 {
				break
			}
		}
		q.x[i], q.w[i] = x, 2/((1-x*x)*dp*dp)
	}
	return q
}
