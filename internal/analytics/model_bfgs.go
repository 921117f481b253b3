package analytics

import (
	"errors"
	"math"
)

// The fits minimise smooth functions of 3 or 4 variables, so a dense BFGS with a
// backtracking line search is all they need. (gonum/optimize would do, but it imports
// gonum/stat/distmv and with it golang.org/x/tools, a module this one does not require.)

// gradThreshold stops a minimisation when every component of the gradient of the objective,
// a mean per client, is below it: well below what moves CDNOW's estimates in their fourth
// digit, and above the rounding noise of a sum over a million clients.
const gradThreshold = 1e-8

// bfgs minimises f, which returns its value at x and stores its gradient in g, from x0.
// h is the estimate of the inverse Hessian, which bfgs updates in place: the identity, or when
// scaled the estimate of an earlier fit.
// It stops early when stop, if not nil, reports true of the current point. It returns the
// best point found and the largest component of the gradient there; it fails only if f is
// not finite at x0.
func bfgs(f func(x, g []float64) float64, x0 []float64, h [][]float64, scaled bool, stop func(x []float64) bool) ([]float64, float64, error) {
	n := len(x0)
	x, g := append([]float64(nil), x0...), make([]float64, n)
	fx := f(x, g)
	if math.IsNaN(fx) || math.IsInf(fx, 0) {
		return nil, 0, errors.New("objective not finite at the starting point")
	}
	xn, gn, d, s, y := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	stalls := 0
	for iter := 0; iter < 1000 && normInf(g) > gradThreshold; iter++ {
		if stop != nil && stop(x) {
			break
		}
		mulVec(d, h, g, -1)
		slope := dot(d, g)
		if slope >= 0 { // lost descent: restart from the gradient
			copy2(h, identity(n))
			mulVec(d, h, g, -1)
			slope = dot(d, g)
		}
		if -slope < 1e-12*(1+math.Abs(fx)) {
			break // the step BFGS asks for would gain less than f's rounding: converged
		}
		step := 1.0
		if !scaled && iter == 0 {
			step = min(1, 1/normInf(g))
		}
		fn, ok := math.Inf(1), false
		// Ten quarterings reach a step of 1e-6: a direction that gains nothing there is
		// below the rounding of f, and the point is as good as float64 allows.
		for range 10 {
			for i := range x {
				xn[i] = x[i] + step*d[i]
			}
			fn = f(xn, gn)
			if fn <= fx+1e-4*step*slope {
				ok = true
				break
			}
			step /= 4
		}
		if !ok || fx-fn <= 1e-15*math.Abs(fx) {
			if stalls++; stalls > 1 || !ok {
				if ok && fn < fx {
					copy(x, xn)
					copy(g, gn)
				}
				break
			}
		} else {
			stalls = 0
		}
		for i := range x {
			s[i], y[i] = xn[i]-x[i], gn[i]-g[i]
		}
		copy(x, xn)
		copy(g, gn)
		fx = fn
		update(h, s, y, !scaled && iter == 0)
	}
	return x, normInf(g), nil
}

// update applies the BFGS update of the inverse Hessian h for the step s and the change of
// gradient y, skipping it when the curvature s·y is not positive. On the first step it first
// scales h to s·y / y·y, the usual guess of the Hessian's size.
func update(h [][]float64, s, y []float64, first bool) {
	sy := dot(s, y)
	if sy <= 1e-12*math.Sqrt(dot(s, s)*dot(y, y)) {
		return
	}
	n := len(s)
	if first {
		h0 := sy / dot(y, y)
		for i := range h {
			for j := range h[i] {
				h[i][j] = 0
			}
			h[i][i] = h0
		}
	}
	hy := make([]float64, n)
	mulVec(hy, h, y, 1)
	yhy := dot(y, hy)
	for i := range n {
		for j := range n {
			h[i][j] += (sy+yhy)*s[i]*s[j]/(sy*sy) - (hy[i]*s[j]+s[i]*hy[j])/sy
		}
	}
}

func identity(n int) [][]float64 {
	h := make([][]float64, n)
	for i := range h {
		h[i] = make([]float64, n)
		h[i][i] = 1
	}
	return h
}

// mulVec sets dst = c·m·v.
func mulVec(dst []float64, m [][]float64, v []float64, c float64) {
	for i := range m {
		dst[i] = c * dot(m[i], v)
	}
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func normInf(v []float64) float64 {
	var m float64
	for _, x := range v {
		m = max(m, math.Abs(x))
	}
	return m
}

func copy2(dst, src [][]float64) {
	for i := range dst {
		copy(dst[i], src[i])
	}
}
