package analytics

import (
	"cmp"
	"encoding/json"
	"math"

	"github.com/regulars/regulars"
)

// ClientSegment is where a client stands as of a day: its RFM measures and scores, its named
// segment and the treatment it calls for. Recency is the days since the last order, Frequency
// the purchase occasions, Monetary the revenue so far in minor units of Currency (a decimal
// number in major units in JSON); R, F and M are their 1–5 scores (see Segment).
// Name is left empty for the caller to fill.
type ClientSegment struct {
	ClientID  int64       `json:"client_id"`
	Name      string      `json:"name"`
	Recency   int         `json:"recency"`
	Frequency int         `json:"frequency"`
	Monetary  int64       `json:"-"`
	Currency  string      `json:"currency"`
	R         uint8       `json:"r"`
	F         uint8       `json:"f"`
	M         uint8       `json:"m"`
	Segment   SegmentCode `json:"segment"`
	VIP       bool        `json:"vip"`
	Activity  Activity    `json:"activity"`
	ValueTier ValueTier   `json:"value_tier"`
	Sleeping  bool        `json:"sleeping"`
}

// MarshalJSON encodes the segment with "monetary" in major units.
func (c ClientSegment) MarshalJSON() ([]byte, error) {
	type plain ClientSegment
	return json.Marshal(struct {
		plain
		Monetary json.Number `json:"monetary"`
	}{plain(c), regulars.Money{Minor: c.Monetary, Currency: c.Currency}.JSONNumber()})
}

// SegmentOptions configure Segment. Zero fields take the defaults in brackets; amounts are in
// minor units of Currency, and the defaults are the source's roubles.
type SegmentOptions struct {
	Currency string // [regulars.DefaultCurrency]

	// A client is VIP with at least VIPMinOccasions occasions [3] and either a revenue in the
	// top VIPTopShare of clients [0.05: fewer than 5% of clients have more] or, when
	// VIPMinRevenue is set [0: unset], a revenue of at least VIPMinRevenue. A client without
	// revenue is never VIP.
	VIPTopShare     float64
	VIPMinOccasions int
	VIPMinRevenue   int64

	// A client is active when its last order or contact is at most ActiveDays old [30], or
	// when it orders every ActiveGapDays or more often [45] (a typical gap of at most that,
	// with at least two occasions) and its last order is at most twice that old [90];
	// otherwise passive.
	ActiveDays    int
	ActiveGapDays int

	// The value tier is judged on the revenue per ValueWindowDays [730: two years]: the whole
	// revenue of a client who first ordered less than that ago, and revenue × window / age
	// for older ones (their average two years). From PersonalMin [30,000,000: 300,000 ₽] it
	// is personal; under TemplateBelow [1,500,000: 15,000 ₽] template; standard in between.
	ValueWindowDays int
	PersonalMin     int64
	TemplateBelow   int64

	// Sleep is the sleeping rule. PAlive, when not nil, holds the model's P(alive) of each
	// summary, by index, NaN where the model has none.
	Sleep  SleepRule
	PAlive []float64
}

// SegmentOptionsOf returns the thresholds of the business profile; what it leaves at zero
// takes the defaults.
func SegmentOptionsOf(p regulars.Profile) SegmentOptions {
	unit := int64(1)
	for range regulars.CurrencyExponent(cmp.Or(p.Currency, regulars.DefaultCurrency)) {
		unit *= 10
	}
	return SegmentOptions{Currency: p.Currency, VIPTopShare: float64(p.VIPTopPercent) / 100, VIPMinOccasions: p.VIPMinOrders,
		ActiveDays: p.ActiveDays, PersonalMin: p.PersonalMin * unit, TemplateBelow: p.TemplateBelow * unit}
}

func (o SegmentOptions) withDefaults() SegmentOptions {
	o.Currency = cmp.Or(o.Currency, regulars.DefaultCurrency)
	o.VIPTopShare = cmp.Or(o.VIPTopShare, 0.05)
	o.VIPMinOccasions = cmp.Or(o.VIPMinOccasions, 3)
	o.ActiveDays = cmp.Or(o.ActiveDays, 30)
	o.ActiveGapDays = cmp.Or(o.ActiveGapDays, 45)
	o.ValueWindowDays = cmp.Or(o.ValueWindowDays, 730)
	o.PersonalMin = cmp.Or(o.PersonalMin, 30_000_000)
	o.TemplateBelow = cmp.Or(o.TemplateBelow, 1_500_000)
	o.Sleep = o.Sleep.withDefaults()
	return o
}

// Segment returns the segment of each summary, in the order of sums. The summaries are as of
// asOf, every measure already relative to it (asOf names the day; it changes nothing). The
// scores rank the clients against each other, so sums should hold every client; the other
// fields depend on the client alone.
//
// RFM scores rank the clients on three measures, each scored 1 (worst) to 5 (best):
//
//	R  recency    days since the last order; fewer is better
//	F  frequency  purchase occasions (order days); more is better
//	M  monetary   revenue so far (LTV); more is better
//
// A score comes from the client's rank, not from fixed thresholds, so that it means the same
// on 20 clients as on 1,000,000. Clients are sorted by the measure; clients with equal values
// form a tie group and share its mid-rank (the mean of the positions it spans, counted from 0).
// With lo and hi the mid-ranks of the lowest and the highest group, a group with mid-rank m
// scores
//
//	1 + floor(5 × (m − lo) / (hi − lo)), capped at 5
//
// so equal values always score the same; the lowest value scores 1 and the highest 5; and
// with distinct values the clients fall into five equal quintiles (20 clients: four per score).
// With few distinct values the groups spread over the whole scale rather than bunching where
// their mid-ranks fall: with 70% one-time clients, 20% two-time and 10% more, F is 1, 4 and 5.
// When every client has the same value, everyone scores 3.
//
// The segment comes from R and F by the table of SegmentOf; VIP, Activity and ValueTier by
// the rules of SegmentOptions; Sleeping by Sleeping with opt.Sleep.
func Segment(sums []Summary, asOf regulars.Date, opt SegmentOptions) []ClientSegment {
	opt = opt.withDefaults()
	scores := Score(sums, asOf, opt)
	segs := make([]ClientSegment, len(sums))
	for i := range sums {
		segs[i] = ClientSegmentOf(&sums[i], scores[i], opt.Currency)
	}
	return segs
}

// Scores are what Segment finds of a client beside its summary: the RFM scores, the segment
// and the rules' verdicts, in 8 bytes (a million clients' take 8 MB).
type Scores struct {
	R, F, M       uint8
	Segment       SegmentCode
	Activity      Activity
	ValueTier     ValueTier
	VIP, Sleeping bool
}

// Score returns the scores of each summary, in the order of sums: Segment without the
// summary's own figures.
func Score(sums []Summary, asOf regulars.Date, opt SegmentOptions) []Scores {
	opt = opt.withDefaults()
	out := make([]Scores, len(sums))
	if len(sums) == 0 {
		return out
	}
	r, f, m, vipFrom := rfmScores(sums, opt.VIPTopShare)
	if opt.VIPMinRevenue > 0 {
		vipFrom = min(vipFrom, opt.VIPMinRevenue)
	}
	for i := range sums {
		s := &sums[i]
		p := math.NaN()
		if i < len(opt.PAlive) {
			p = opt.PAlive[i]
		}
		out[i] = Scores{
			R: r[i], F: f[i], M: m[i],
			Segment:   SegmentOf(r[i], f[i]),
			VIP:       int(s.Occasions) >= opt.VIPMinOccasions && s.Revenue > 0 && s.Revenue >= vipFrom,
			Activity:  activity(s, opt),
			ValueTier: valueTier(s, opt),
			Sleeping:  Sleeping(s, p, opt.Sleep),
		}
	}
	return out
}

// ClientSegmentOf returns a client's segment from its summary and scores.
func ClientSegmentOf(s *Summary, sc Scores, currency string) ClientSegment {
	return ClientSegment{
		ClientID: s.ClientID, Recency: int(s.DaysSinceLast), Frequency: int(s.Occasions),
		Monetary: s.Revenue, Currency: currency, R: sc.R, F: sc.F, M: sc.M,
		Segment: sc.Segment, VIP: sc.VIP, Activity: sc.Activity, ValueTier: sc.ValueTier, Sleeping: sc.Sleeping,
	}
}

// rfmScores returns the R, F and M scores of sums and the lowest revenue in the top share.
func rfmScores(sums []Summary, topShare float64) (r, f, m []uint8, top int64) {
	n := len(sums)
	scores := make([]uint8, 3*n)
	r, f, m = scores[:n], scores[n:2*n], scores[2*n:]
	keys := make([]int64, n)
	var rk ranker
	for i := range sums {
		keys[i] = -int64(sums[i].DaysSinceLast) // fewer days is better
	}
	sorted, _ := rk.sort(keys)
	score(sorted, r)
	for i := range sums {
		keys[i] = int64(sums[i].Occasions)
	}
	sorted, _ = rk.sort(keys)
	score(sorted, f)
	for i := range sums {
		keys[i] = sums[i].Revenue
	}
	sorted, base := rk.sort(keys)
	score(sorted, m)
	return r, f, m, topValue(sorted, base, topShare)
}

// activity returns Active or Passive (see SegmentOptions).
func activity(s *Summary, opt SegmentOptions) Activity {
	last := int(s.DaysSinceLast)
	if s.DaysSinceContact >= 0 {
		last = min(last, int(s.DaysSinceContact))
	}
	if last <= opt.ActiveDays {
		return Active
	}
	if s.Occasions >= 2 && float64(s.TypicalGap) <= float64(opt.ActiveGapDays) && int(s.DaysSinceLast) <= 2*opt.ActiveGapDays {
		return Active
	}
	return Passive
}

// valueTier returns the client's value tier (see SegmentOptions). It compares
// revenue × window with threshold × max(age, window), exact in int64 for any revenue under
// ten trillion minor units.
func valueTier(s *Summary, opt SegmentOptions) ValueTier {
	window := int64(opt.ValueWindowDays)
	value, span := s.Revenue*window, max(int64(s.Age), window)
	switch {
	case value >= opt.PersonalMin*span:
		return TierPersonal
	case value < opt.TemplateBelow*span:
		return TierTemplate
	}
	return TierStandard
}
