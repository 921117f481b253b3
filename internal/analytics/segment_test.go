package analytics_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/analytics"
)

func TestSegmentOf(t *testing.T) {
	// The map, row by row from R = 5 down, F = 1 … 5 (see segmentGrid).
	want := [5]string{
		"new potential_loyalists potential_loyalists champions champions",
		"promising potential_loyalists potential_loyalists loyal loyal",
		"about_to_sleep about_to_sleep need_attention loyal loyal",
		"hibernating hibernating at_risk at_risk cant_lose_them",
		"lost lost at_risk at_risk cant_lose_them",
	}
	for row, line := range want {
		r := uint8(5 - row)
		for i, code := range strings.Fields(line) {
			if got := analytics.SegmentOf(r, uint8(i+1)).String(); got != code {
				t.Errorf("SegmentOf(%d, %d)=%q, want %q", r, i+1, got, code)
			}
		}
	}
	if got := analytics.SegmentOf(0, 3); got != 0 {
		t.Errorf("SegmentOf(0, 3)=%v, want 0", got)
	}
}

func TestSegmentName(t *testing.T) {
	for _, tt := range []struct {
		code   analytics.SegmentCode
		en, ru string
	}{
		{analytics.SegmentChampions, "Champions", "Чемпионы"},
		{analytics.SegmentLoyal, "Loyal", "Лояльные"},
		{analytics.SegmentPotentialLoyalists, "Potential loyalists", "Потенциально лояльные"},
		{analytics.SegmentNew, "New", "Новые"},
		{analytics.SegmentPromising, "Promising", "Перспективные"},
		{analytics.SegmentNeedAttention, "Need attention", "Требуют внимания"},
		{analytics.SegmentAboutToSleep, "About to sleep", "Засыпающие"},
		{analytics.SegmentAtRisk, "At risk", "В зоне риска"},
		{analytics.SegmentCantLoseThem, "Can't lose them", "Нельзя потерять"},
		{analytics.SegmentHibernating, "Hibernating", "Спящие"},
		{analytics.SegmentLost, "Lost", "Потерянные"},
	} {
		t.Run(tt.code.String(), func(t *testing.T) {
			if got := analytics.SegmentName(tt.code, "en"); got != tt.en {
				t.Errorf("en=%q, want %q", got, tt.en)
			}
			if got := analytics.SegmentName(tt.code, "ru-RU"); got != tt.ru {
				t.Errorf("ru=%q, want %q", got, tt.ru)
			}
			var back analytics.SegmentCode
			if err := back.UnmarshalText([]byte(tt.code.String())); err != nil || back != tt.code {
				t.Errorf("UnmarshalText(%q)=%v, %v", tt.code, back, err)
			}
		})
	}
	if got := analytics.SegmentName(analytics.SegmentLost, ""); got != "Lost" {
		t.Errorf("no locale=%q, want English", got)
	}
	if got := analytics.SegmentName(0, "ru"); got != "" {
		t.Errorf("unknown=%q, want \"\"", got)
	}
}

func TestSegment_VIP(t *testing.T) {
	asOf := day("2026-06-30")
	// Twenty clients: client i has revenue i × 1000 and 3 occasions.
	base := func() []analytics.Summary {
		sums := make([]analytics.Summary, 20)
		for i := range sums {
			sums[i] = analytics.Summary{ClientID: int64(i + 1), Occasions: 3, Revenue: int64(i+1) * 1000}
		}
		return sums
	}
	for _, tt := range []struct {
		name   string
		change func(sums []analytics.Summary)
		opt    analytics.SegmentOptions
		want   []int64 // VIP client IDs
	}{
		// Top 5% of 20 is 1 client: fewer than 1 has more revenue.
		{"TopOne", nil, analytics.SegmentOptions{}, []int64{20}},
		{"TopTooFewOccasions", func(s []analytics.Summary) { s[19].Occasions = 2 }, analytics.SegmentOptions{}, nil},
		// Tied at the top: nobody has more than either.
		{"TopTie", func(s []analytics.Summary) { s[18].Revenue = 20000 }, analytics.SegmentOptions{}, []int64{19, 20}},
		// 10% of 20 = 2: clients 20 (none above) and 19 (one above).
		{"TopTenPercent", nil, analytics.SegmentOptions{VIPTopShare: 0.10}, []int64{19, 20}},
		{"MinRevenue", nil, analytics.SegmentOptions{VIPMinRevenue: 18000}, []int64{18, 19, 20}},
		{"MinOccasions", func(s []analytics.Summary) { s[19].Occasions = 4 }, analytics.SegmentOptions{VIPMinOccasions: 4}, []int64{20}},
		{"NoRevenue", func(s []analytics.Summary) {
			for i := range s {
				s[i].Revenue = 0
			}
		}, analytics.SegmentOptions{}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sums := base()
			if tt.change != nil {
				tt.change(sums)
			}
			var got []int64
			for _, s := range analytics.Segment(sums, asOf, tt.opt) {
				if s.VIP {
					got = append(got, s.ClientID)
				}
			}
			if !equalIDs(got, tt.want) {
				t.Errorf("VIP=%v, want %v", got, tt.want)
			}
		})
	}
}

func TestSegment_Activity(t *testing.T) {
	for _, tt := range []struct {
		name string
		sum  analytics.Summary
		opt  analytics.SegmentOptions
		want analytics.Activity
	}{
		{"OrderIn30Days", analytics.Summary{Occasions: 1, DaysSinceLast: 30, DaysSinceContact: -1}, analytics.SegmentOptions{}, analytics.Active},
		{"Order31DaysAgo", analytics.Summary{Occasions: 1, DaysSinceLast: 31, DaysSinceContact: -1}, analytics.SegmentOptions{}, analytics.Passive},
		{"RecentContact", analytics.Summary{Occasions: 1, DaysSinceLast: 400, DaysSinceContact: 5}, analytics.SegmentOptions{}, analytics.Active},
		{"OldContact", analytics.Summary{Occasions: 1, DaysSinceLast: 400, DaysSinceContact: 31}, analytics.SegmentOptions{}, analytics.Passive},
		// Every 45 days, last order 90 days ago (2 × 45): still in rhythm.
		{"FrequentInRhythm", analytics.Summary{Occasions: 5, TypicalGap: 45, DaysSinceLast: 90, DaysSinceContact: -1}, analytics.SegmentOptions{}, analytics.Active},
		{"FrequentOutOfRhythm", analytics.Summary{Occasions: 5, TypicalGap: 45, DaysSinceLast: 91, DaysSinceContact: -1}, analytics.SegmentOptions{}, analytics.Passive},
		{"NotFrequent", analytics.Summary{Occasions: 5, TypicalGap: 45.5, DaysSinceLast: 40, DaysSinceContact: -1}, analytics.SegmentOptions{}, analytics.Passive},
		{"Options", analytics.Summary{Occasions: 1, DaysSinceLast: 60, DaysSinceContact: -1}, analytics.SegmentOptions{ActiveDays: 60}, analytics.Active},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := analytics.Segment([]analytics.Summary{tt.sum}, day("2026-06-30"), tt.opt)[0].Activity
			if got != tt.want {
				t.Errorf("Activity=%v, want %v", got, tt.want)
			}
		})
	}
}

func TestSegment_ValueTier(t *testing.T) {
	for _, tt := range []struct {
		name     string
		revenue  int64 // kopecks
		age      int   // days since the first order
		opt      analytics.SegmentOptions
		want     analytics.ValueTier
		wantName string
	}{
		{"Personal", 30_000_000, 100, analytics.SegmentOptions{}, analytics.TierPersonal, "personal"}, // 300,000 ₽
		{"JustUnderPersonal", 29_999_999, 100, analytics.SegmentOptions{}, analytics.TierStandard, "standard"},
		// 600,000 ₽ over four years is 300,000 ₽ per two: 60,000,000 × 730 / 1460.
		{"PersonalOverFourYears", 60_000_000, 1460, analytics.SegmentOptions{}, analytics.TierPersonal, "personal"},
		{"StandardOverFourYears", 59_999_999, 1460, analytics.SegmentOptions{}, analytics.TierStandard, "standard"},
		{"Standard", 1_500_000, 0, analytics.SegmentOptions{}, analytics.TierStandard, "standard"}, // 15,000 ₽
		{"Template", 1_499_999, 0, analytics.SegmentOptions{}, analytics.TierTemplate, "template"},
		// 29,999.99 ₽ over four years: 14,999.995 ₽ per two, under 15,000.
		{"TemplateOverFourYears", 2_999_999, 1460, analytics.SegmentOptions{}, analytics.TierTemplate, "template"},
		{"Zero", 0, 10, analytics.SegmentOptions{}, analytics.TierTemplate, "template"},
		{"Options", 500_000, 10, analytics.SegmentOptions{PersonalMin: 500_000, TemplateBelow: 100}, analytics.TierPersonal, "personal"},
		// A one-year window: 300,000 ₽ over two years is 150,000 ₽ a year.
		{"Window", 30_000_000, 730, analytics.SegmentOptions{ValueWindowDays: 365}, analytics.TierStandard, "standard"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sum := analytics.Summary{Occasions: 1, Revenue: tt.revenue, Age: int32(tt.age), DaysSinceContact: -1}
			got := analytics.Segment([]analytics.Summary{sum}, day("2026-06-30"), tt.opt)[0].ValueTier
			if got != tt.want || got.String() != tt.wantName {
				t.Errorf("ValueTier=%v, want %v", got, tt.wantName)
			}
		})
	}
}

func TestSleeping(t *testing.T) {
	nan := math.NaN()
	for _, tt := range []struct {
		name   string
		sum    analytics.Summary
		pAlive float64
		rule   analytics.SleepRule
		want   bool
	}{
		// Every 20 days: max(3 × 20, 90) = 90 days.
		{"RepeatAwake", analytics.Summary{Occasions: 3, TypicalGap: 20, DaysSinceLast: 90}, nan, analytics.SleepRule{}, false},
		{"RepeatAsleep", analytics.Summary{Occasions: 3, TypicalGap: 20, DaysSinceLast: 91}, nan, analytics.SleepRule{}, true},
		// Every 40 days: max(3 × 40, 90) = 120 days.
		{"SlowRepeatAwake", analytics.Summary{Occasions: 3, TypicalGap: 40, DaysSinceLast: 120}, nan, analytics.SleepRule{}, false},
		{"SlowRepeatAsleep", analytics.Summary{Occasions: 3, TypicalGap: 40, DaysSinceLast: 121}, nan, analytics.SleepRule{}, true},
		{"OneTimeAwake", analytics.Summary{Occasions: 1, DaysSinceLast: 180}, nan, analytics.SleepRule{}, false},
		{"OneTimeAsleep", analytics.Summary{Occasions: 1, DaysSinceLast: 181}, nan, analytics.SleepRule{}, true},
		// The model decides when it has a say.
		{"ModelAsleep", analytics.Summary{Occasions: 3, TypicalGap: 20, DaysSinceLast: 10}, 0.49, analytics.SleepRule{}, true},
		{"ModelAwake", analytics.Summary{Occasions: 1, DaysSinceLast: 1000}, 0.5, analytics.SleepRule{}, false},
		{"ModelThreshold", analytics.Summary{Occasions: 1, DaysSinceLast: 10}, 0.7, analytics.SleepRule{PAlive: 0.8}, true},
		// Every 10 days, 2 × 10 < 30 days.
		{"Rule", analytics.Summary{Occasions: 2, TypicalGap: 10, DaysSinceLast: 31}, nan, analytics.SleepRule{GapFactor: 2, MinDays: 30}, true},
		{"RuleOneTime", analytics.Summary{Occasions: 1, DaysSinceLast: 31}, nan, analytics.SleepRule{OneTimeDays: 30}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := analytics.Sleeping(&tt.sum, tt.pAlive, tt.rule); got != tt.want {
				t.Errorf("Sleeping=%v, want %v", got, tt.want)
			}
		})
	}
}

// TestSegment is the whole of Segment on the twenty clients of a freelancer.
func TestSegment(t *testing.T) {
	asOf := day("2026-06-30")
	// Client i (1…20): last order 10 × (i − 1) days ago, 21 − i occasions every 30 days,
	// revenue i × 20,000 ₽ over 700 days. So R = F = 5 for clients 1–4, 4 for 5–8, 3 for
	// 9–12, 2 for 13–16, 1 for 17–20, and M the other way round (1 for 1–4 … 5 for 17–20).
	sums := make([]analytics.Summary, 20)
	for i := range sums {
		sums[i] = analytics.Summary{
			ClientID: int64(i + 1), DaysSinceLast: int32(10 * i), Occasions: int32(20 - i), TypicalGap: 30,
			Revenue: int64(i+1) * 2_000_000, Age: 700, DaysSinceContact: -1,
		}
	}
	pAlive := make([]float64, 20)
	for i := range pAlive {
		pAlive[i] = math.NaN()
	}
	pAlive[0] = 0.1 // the model says client 1 is gone despite the recent order
	segs := analytics.Segment(sums, asOf, analytics.SegmentOptions{PAlive: pAlive})

	// Nobody is VIP: the top 5% of 20 is client 20 alone, with one occasion.
	for _, tt := range []struct {
		id                 int64
		r, f, m            uint8
		segment, activity  string
		valueTier          string
		vip, sleeping      bool
		recency, frequency int
		jsonContain        string
	}{
		// 0 days: active. 20,000 ₽: standard. P(alive) 0.1 < 0.5: sleeping.
		{1, 5, 5, 1, "champions", "active", "standard", false, true, 0, 20, `"monetary":20000.00`},
		// 40 days, but every 30 ≤ 45 days and 40 ≤ 2 × 45: active. 40 ≤ max(3 × 30, 90): awake.
		{5, 4, 4, 2, "loyal", "active", "standard", false, false, 40, 16, ""},
		// 100 days: passive, and 100 > max(3 × 30, 90): sleeping. 220,000 ₽: standard.
		{11, 3, 3, 3, "need_attention", "passive", "standard", false, true, 100, 10, ""},
		// 300,000 ₽ within two years: personal.
		{15, 2, 2, 4, "hibernating", "passive", "personal", false, true, 140, 6, ""},
		// One occasion 190 > 180 days ago: sleeping.
		{20, 1, 1, 5, "lost", "passive", "personal", false, true, 190, 1, `"segment":"lost"`},
	} {
		s := segs[tt.id-1]
		if s.ClientID != tt.id || s.R != tt.r || s.F != tt.f || s.M != tt.m || s.Segment.String() != tt.segment ||
			s.Activity.String() != tt.activity || s.ValueTier.String() != tt.valueTier || s.VIP != tt.vip ||
			s.Sleeping != tt.sleeping || s.Recency != tt.recency || s.Frequency != tt.frequency {
			t.Errorf("client %d: got %+v", tt.id, s)
		}
		if tt.jsonContain != "" {
			b, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), tt.jsonContain) {
				t.Errorf("client %d: no %s in %s", tt.id, tt.jsonContain, b)
			}
		}
	}
}

func TestSegment_JSON(t *testing.T) {
	sums := []analytics.Summary{{ClientID: 7, Occasions: 3, Revenue: 150050, DaysSinceLast: 3, DaysSinceContact: -1}}
	b, err := json.Marshal(analytics.Segment(sums, day("2026-06-30"), analytics.SegmentOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	// One client: every score is 3 (R = F = 3: need attention); the top 5% of one is itself;
	// 1,500.50 ₽ is under 15,000 ₽: template.
	want := `[{"client_id":7,"name":"","recency":3,"frequency":3,"currency":"RUB","r":3,"f":3,"m":3,` +
		`"segment":"need_attention","vip":true,"activity":"active","value_tier":"template",` +
		`"sleeping":false,"monetary":1500.50}]`
	if string(b) != want {
		t.Errorf("JSON=%s\nwant %s", b, want)
	}
	if b, _ := json.Marshal(analytics.Segment(nil, day("2026-06-30"), analytics.SegmentOptions{})); string(b) != "[]" {
		t.Errorf("empty JSON=%s, want []", b)
	}
}

func BenchmarkSegment(b *testing.B) {
	asOf := day("2026-06-30")
	orders, contacts := synthetic(1_000_000, asOf)
	sums := analytics.Summarize(orders, contacts, asOf)
	b.ResetTimer()
	for b.Loop() {
		analytics.Segment(sums, asOf, analytics.SegmentOptions{})
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSegmentQuery(t *testing.T) {
	for _, tc := range []struct {
		query    string
		code     analytics.SegmentCode
		sleeping bool
		want     bool
	}{
		{"champions", analytics.SegmentChampions, false, true},
		{"champions", analytics.SegmentLost, false, false},
		{"champions", analytics.SegmentLost, true, false},
		{"sleeping", analytics.SegmentChampions, true, true},
		{"sleeping", analytics.SegmentChampions, false, false},
		{"all", analytics.SegmentLost, false, true},
	} {
		q, err := analytics.ParseSegmentQuery(tc.query)
		if err != nil || q.Matches(tc.code, tc.sleeping) != tc.want {
			t.Errorf("%q matches %v (sleeping %v): %v, %v; want %v", tc.query, tc.code, tc.sleeping, q.Matches(tc.code, tc.sleeping), err, tc.want)
		}
	}
	if _, err := analytics.ParseSegmentQuery("champion"); regulars.ErrorCode(err) != regulars.EINVALID {
		t.Errorf("a misspelt segment: %v", err)
	}
}
