package chart

import "math"

// niceMax returns the smallest number m×10^k with m in {1, 2, 2.5, 5} that is at least v,
// or 1 when v is not a positive finite number.
func niceMax(v float64) float64 {
	m, k := niceCeil(v)
	return m * math.Pow10(k)
}

// niceCeil returns niceMax(v) as its mantissa and exponent.
func niceCeil(v float64) (m float64, k int) {
	if !(v > 0) || math.IsInf(v, 1) {
		return 1, 0
	}
	v = math.Min(math.Max(v, 1e-300), 1e300)
	// Log10 may be off by an ulp near powers of ten (Log10(1000) < 3); the loop makes up for it.
	k = int(math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*math.Pow10(k) >= v*(1-1e-12) {
			return m, k
		}
	}
	return 1, k + 1
}

// scale is a y axis: gridlines at ticks, from lo (the first tick) to hi (the last).
type scale struct {
	lo, hi float64
	ticks  []float64
	dec    int // decimals the default tick format needs for the step
}

// newScale returns an axis covering lo..hi and zero: from 0 to niceMax(hi) in 4 or 5 steps
// when lo ≥ 0, its mirror when hi ≤ 0, and 4 to 9 whole steps around both ends otherwise.
func newScale(lo, hi float64) scale {
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	span := hi - lo
	m, k := niceCeil(span)
	// The step is sm×10^se with sm in {1, 2, 5}, so ticks are exact decimals.
	sm, se, steps := 1, k, 5
	switch m {
	case 1:
		sm, se = 2, k-1
	case 2:
		sm, se, steps = 5, k-1, 4
	case 2.5:
		sm, se = 5, k-1
	}
	jlo, jhi := 0, steps
	switch {
	case lo == 0:
	case hi == 0:
		jlo, jhi = -steps, 0
	default:
		// Both signs: whole steps around each end, made finer (5→2→1→0.5) until there are
		// at least four.
		for {
			step := decimal(1, sm, se)
			jlo, jhi = int(math.Floor(lo/step+1e-9)), int(math.Ceil(hi/step-1e-9))
			if jhi-jlo >= 4 {
				break
			}
			switch sm {
			case 5:
				sm = 2
			case 2:
				sm = 1
			default:
				sm, se = 5, se-1
			}
		}
	}
	s := scale{dec: min(max(-se, 0), 10)}
	for j := jlo; j <= jhi; j++ {
		s.ticks = append(s.ticks, decimal(j, sm, se))
	}
	s.lo, s.hi = s.ticks[0], s.ticks[len(s.ticks)-1]
	return s
}

// decimal returns j×sm×10^se, computed so that it is the closest float to the exact decimal.
func decimal(j, sm, se int) float64 {
	if se >= 0 {
		return float64(j*sm) * math.Pow10(se)
	}
	return float64(j*sm) / math.Pow10(-se)
}

// label formats a tick value with o.Format, or with the decimals the step needs.
func (s scale) label(v float64, o Options) string {
	if o.Format != nil {
		return o.Format(v)
	}
	return formatFixed(v, s.dec)
}
