package analytics_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/regulars/regulars/internal/analytics"
)

// Scores are 1 + floor(5 × (m − lo) / (hi − lo)), capped at 5, where m is a tie group's
// mid-rank and lo, hi those of the lowest and highest groups. The comments below use doubled
// mid-ranks: a group at sorted positions i … j−1 has 2m = i + j − 1.
func TestSegment_Scores(t *testing.T) {
	asOf := day("2026-06-30")
	for _, tt := range []struct {
		name    string
		measure string // which Summary field the values set: "f", "r" or "m"
		values  []int64
		want    []uint8
	}{
		// 2m = 2i: 5 × 2i / 38 crosses 1, 2, 3, 4 at i = 4, 8, 12, 16: four clients per score.
		{"Distinct20", "f", seq(1, 20), []uint8{1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5}},
		{"AllEqual", "f", []int64{2, 2, 2}, []uint8{3, 3, 3}},
		{"Single", "f", []int64{7}, []uint8{3}},
		{"TwoValues", "f", []int64{1, 1, 1, 2}, []uint8{1, 1, 1, 5}},
		// Ones at 0…6: 2m = 6 = lo; twos at 7…8: 2m = 15; the three at 9: 2m = 18 = hi.
		// Twos: 1 + 5 × 9 / 12 = 1 + 3.75 → 4.
		{"MostlyOneTime", "f", []int64{1, 1, 1, 1, 1, 1, 1, 2, 2, 3}, []uint8{1, 1, 1, 1, 1, 1, 1, 4, 4, 5}},
		// 1 at 0: lo = 0; 2 at 1: 2m = 2; 3s at 2…3: 2m = 5 = hi. The 2: 1 + 5 × 2 / 5 = 3.
		{"TiesAtTop", "f", []int64{1, 2, 3, 3}, []uint8{1, 3, 5, 5}},
		{"Unsorted", "f", []int64{3, 1, 2}, []uint8{5, 1, 3}},
		// Fewer days is better: sorted best-last 40, 30, 20, 10, 0 → 2m = 0, 2, 4, 6, 8.
		// 1 + 5 × 2m / 8: 1, 2.25, 3.5, 4.75, 6 → 1, 2, 3, 4, 5.
		{"Recency", "r", []int64{0, 10, 20, 30, 40}, []uint8{5, 4, 3, 2, 1}},
		// Revenues 0, 0, 3000, 4000, …, 18000, 50000, 50000 (client i has i × 1000 from the
		// third on). Zeros at 0…1: lo = 1; client i at i−1: 2m = 2i − 2; top pair at 18…19:
		// hi = 37. Client i scores 1 + 5 × (2i − 3) / 36: i = 3…5 → 1 (35/36 < 1),
		// 6…8 → 2 (45/36 … 65/36), 9…12 → 3 (75/36 … 105/36), 13…15 → 4 (115/36 … 135/36),
		// 16…18 → 5 (145/36 …).
		{"Monetary", "m", append(append([]int64{0, 0}, seqBy(3, 18, 1000)...), 50000, 50000),
			[]uint8{1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 5, 5}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sums := make([]analytics.Summary, len(tt.values))
			for i, v := range tt.values {
				sums[i] = analytics.Summary{ClientID: int64(i + 1), Occasions: 1, DaysSinceLast: 5, Revenue: 100}
				switch tt.measure {
				case "f":
					sums[i].Occasions = int32(v)
				case "r":
					sums[i].DaysSinceLast = int32(v)
				case "m":
					sums[i].Revenue = v
				}
			}
			var got []uint8
			for _, s := range analytics.Segment(sums, asOf, analytics.SegmentOptions{}) {
				switch tt.measure {
				case "f":
					got = append(got, s.F)
				case "r":
					got = append(got, s.R)
				case "m":
					got = append(got, s.M)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("scores=%v, want %v", got, tt.want)
			}
		})
	}
}

// TestSegment_Scale scores 1,000,000 clients with widely spread measures: each score should
// hold about a fifth of them.
func TestSegment_Scale(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000,000 clients: skipped with -short")
	}
	const n = 1_000_000
	rng := rand.New(rand.NewPCG(3, 4))
	sums := make([]analytics.Summary, n)
	for i := range sums {
		sums[i] = analytics.Summary{
			ClientID: int64(i + 1), DaysSinceLast: rng.Int32N(1000), Occasions: 1 + rng.Int32N(100),
			Revenue: rng.Int64N(1_000_000_000),
		}
	}
	segs := analytics.Segment(sums, day("2026-06-30"), analytics.SegmentOptions{})
	var counts [3][6]int
	vip := 0
	for _, s := range segs {
		counts[0][s.R]++
		counts[1][s.F]++
		counts[2][s.M]++
		if s.VIP {
			vip++
		}
	}
	for i, name := range []string{"R", "F", "M"} {
		for score := 1; score <= 5; score++ {
			share := float64(counts[i][score]) / n
			if share < 0.18 || share > 0.22 {
				t.Errorf("%s=%d: share %.4f, want about 0.20", name, score, share)
			}
		}
		t.Logf("%s: %v", name, counts[i][1:])
	}
	// Top 5% by revenue, and 98% of clients have at least 3 occasions.
	if share := float64(vip) / n; share < 0.045 || share > 0.05 {
		t.Errorf("VIP share %.4f, want just under 0.05", share)
	}
}

func seq(from, to int64) []int64 { return seqBy(from, to, 1) }

func seqBy(from, to, step int64) []int64 {
	var s []int64
	for v := from; v <= to; v++ {
		s = append(s, v*step)
	}
	return s
}
