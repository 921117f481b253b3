package analytics

import (
	"strings"

	"github.com/regulars/regulars"
)

// SegmentCode is one of the eleven named RFM segments. It encodes as its code in JSON
// ("champions"); SegmentName gives its name in a language.
type SegmentCode uint8

// The segments, from the best clients to the lost ones.
const (
	SegmentChampions SegmentCode = iota + 1
	SegmentLoyal
	SegmentPotentialLoyalists
	SegmentNew
	SegmentPromising
	SegmentNeedAttention
	SegmentAboutToSleep
	SegmentAtRisk
	SegmentCantLoseThem
	SegmentHibernating
	SegmentLost
)

// segmentNames holds the code and the English and Russian names of each segment.
var segmentNames = [...][3]string{
	SegmentChampions:          {"champions", "Champions", "Чемпионы"},
	SegmentLoyal:              {"loyal", "Loyal", "Лояльные"},
	SegmentPotentialLoyalists: {"potential_loyalists", "Potential loyalists", "Потенциально лояльные"},
	SegmentNew:                {"new", "New", "Новые"},
	SegmentPromising:          {"promising", "Promising", "Перспективные"},
	SegmentNeedAttention:      {"need_attention", "Need attention", "Требуют внимания"},
	SegmentAboutToSleep:       {"about_to_sleep", "About to sleep", "Засыпающие"},
	SegmentAtRisk:             {"at_risk", "At risk", "В зоне риска"},
	SegmentCantLoseThem:       {"cant_lose_them", "Can't lose them", "Нельзя потерять"},
	SegmentHibernating:        {"hibernating", "Hibernating", "Спящие"},
	SegmentLost:               {"lost", "Lost", "Потерянные"},
}

// segmentGrid maps the R and F scores to a segment, the usual RFM map (M is not used):
//
//	         F=1            F=2                  F=3                  F=4        F=5
//	R=5  New            Potential loyalists  Potential loyalists  Champions  Champions
//	R=4  Promising      Potential loyalists  Potential loyalists  Loyal      Loyal
//	R=3  About to sleep About to sleep       Need attention       Loyal      Loyal
//	R=2  Hibernating    Hibernating          At risk              At risk    Can't lose them
//	R=1  Lost           Lost                 At risk              At risk    Can't lose them
var segmentGrid = [5][5]SegmentCode{
	{SegmentLost, SegmentLost, SegmentAtRisk, SegmentAtRisk, SegmentCantLoseThem},
	{SegmentHibernating, SegmentHibernating, SegmentAtRisk, SegmentAtRisk, SegmentCantLoseThem},
	{SegmentAboutToSleep, SegmentAboutToSleep, SegmentNeedAttention, SegmentLoyal, SegmentLoyal},
	{SegmentPromising, SegmentPotentialLoyalists, SegmentPotentialLoyalists, SegmentLoyal, SegmentLoyal},
	{SegmentNew, SegmentPotentialLoyalists, SegmentPotentialLoyalists, SegmentChampions, SegmentChampions},
}

// SegmentOf returns the segment of the R and F scores (1–5) by the table above; 0 for scores
// out of range.
func SegmentOf(r, f uint8) SegmentCode {
	if r < 1 || r > 5 || f < 1 || f > 5 {
		return 0
	}
	return segmentGrid[r-1][f-1]
}

// String returns the segment's code, "champions"; "" for an unknown segment.
func (c SegmentCode) String() string {
	if int(c) >= len(segmentNames) {
		return ""
	}
	return segmentNames[c][0]
}

// MarshalText encodes the segment as its code.
func (c SegmentCode) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText decodes a segment code.
func (c *SegmentCode) UnmarshalText(b []byte) error {
	for i := range segmentNames {
		if i > 0 && segmentNames[i][0] == string(b) {
			*c = SegmentCode(i)
			return nil
		}
	}
	return regulars.Errorf(regulars.EINVALID, "Unknown segment %q.", b).Keyed("err.unknown_segment", "Segment", string(b))
}

// SegmentName returns the name of the segment in the locale's language: Russian for "ru"
// ("ru-RU", "ru_RU"), English for anything else; "" for an unknown segment.
func SegmentName(c SegmentCode, locale string) string {
	if c == 0 || int(c) >= len(segmentNames) {
		return ""
	}
	if strings.HasPrefix(strings.ToLower(locale), "ru") {
		return segmentNames[c][2]
	}
	return segmentNames[c][1]
}

// Activity is how a client is to be kept in touch with: active clients expect fast answers
// and regular updates; passive ones information in portions, messages rather than calls.
type Activity uint8

// The activities.
const (
	Active Activity = iota + 1
	Passive
)

// String returns "active" or "passive".
func (a Activity) String() string {
	switch a {
	case Active:
		return "active"
	case Passive:
		return "passive"
	}
	return ""
}

// MarshalText encodes the activity as its String.
func (a Activity) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// ValueTier is how much work a client's value earns: a personal proposal, a standard offer or
// a template letter.
type ValueTier uint8

// The value tiers.
const (
	TierTemplate ValueTier = iota + 1
	TierStandard
	TierPersonal
)

// String returns "template", "standard" or "personal".
func (v ValueTier) String() string {
	switch v {
	case TierTemplate:
		return "template"
	case TierStandard:
		return "standard"
	case TierPersonal:
		return "personal"
	}
	return ""
}

// MarshalText encodes the tier as its String.
func (v ValueTier) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// SegmentQuery selects clients by segment as letters and automations name it: a segment's
// code ("champions"), "sleeping" for the sleeping clients of every segment, or "all".
type SegmentQuery struct {
	code     SegmentCode
	sleeping bool
	all      bool
}

// ParseSegmentQuery reads a segment as letters name it; an unknown one is an EINVALID error.
func ParseSegmentQuery(s string) (SegmentQuery, error) {
	switch s {
	case "all":
		return SegmentQuery{all: true}, nil
	case "sleeping":
		return SegmentQuery{sleeping: true}, nil
	}
	var q SegmentQuery
	err := q.code.UnmarshalText([]byte(s))
	return q, err
}

// All reports whether the query is "all".
func (q SegmentQuery) All() bool { return q.all }

// Matches reports whether a client of the segment, sleeping or not, is selected.
func (q SegmentQuery) Matches(code SegmentCode, sleeping bool) bool {
	return q.all || q.sleeping && sleeping || q.code != 0 && code == q.code
}
