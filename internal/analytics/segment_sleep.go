package analytics

import (
	"cmp"
	"math"
)

// SleepRule says when a client is sleeping: gone quiet for longer than its own rhythm allows.
// Zero fields take the defaults in brackets.
//
// With a model's P(alive), the client sleeps when P(alive) < PAlive [0.5]. Without one, a
// client with at least two occasions sleeps when its last order is more than
// max(GapFactor [3] × its typical gap, MinDays [90]) days old, and a one-time client when it
// is more than OneTimeDays [180] days old.
type SleepRule struct {
	PAlive      float64
	GapFactor   float64
	MinDays     int
	OneTimeDays int
}

func (r SleepRule) withDefaults() SleepRule {
	r.PAlive = cmp.Or(r.PAlive, 0.5)
	r.GapFactor = cmp.Or(r.GapFactor, 3)
	r.MinDays = cmp.Or(r.MinDays, 90)
	r.OneTimeDays = cmp.Or(r.OneTimeDays, 180)
	return r
}

// Sleeping reports whether the client of s is sleeping by rule; pAlive is the model's
// probability that the client is still active, NaN when there is no model (or the model
// cannot judge the client: BG/NBD calls every one-time client alive, so its callers pass NaN
// for them).
func Sleeping(s *Summary, pAlive float64, rule SleepRule) bool {
	rule = rule.withDefaults()
	if !math.IsNaN(pAlive) {
		return pAlive < rule.PAlive
	}
	if s.Occasions >= 2 {
		return float64(s.DaysSinceLast) > max(rule.GapFactor*float64(s.TypicalGap), float64(rule.MinDays))
	}
	return int(s.DaysSinceLast) > rule.OneTimeDays
}
