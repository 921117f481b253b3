package analytics

import (
	"testing"

	"github.com/regulars/regulars"
)

// TestMonthOf checks the calendar arithmetic against the time package, day by day over four
// centuries around the epoch, leap years and the year 2000 included.
func TestMonthOf(t *testing.T) {
	start := regulars.NewDate(1800, 1, 1)
	for d := start; d.Before(regulars.NewDate(2200, 1, 1)); d = d.AddDays(1) {
		want := d.Year()*12 + int(d.Month()) - 1
		if got := monthOf(d); got != want {
			t.Fatalf("monthOf(%s)=%d, want %d", d, got, want)
		}
	}
	if got := monthString(2026*12 + 2); got != "2026-03" {
		t.Errorf("monthString=%q, want 2026-03", got)
	}
}

func TestHalves(t *testing.T) {
	for _, tt := range []struct {
		name string
		vals []float64
		want float64
	}{
		{"None", nil, 0},
		{"One", []float64{7.5}, 7.5},
		{"Odd", []float64{30, 2.5, 10}, 10},
		{"Even", []float64{30, 2.5, 10, 1}, 6.25}, // (2.5 + 10) / 2
		{"EvenTie", []float64{4, 4, 9, 9}, 6.5},   // (4 + 9) / 2
		{"Zeros", []float64{0, 0, 3}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var h halves
			for _, v := range tt.vals {
				h.add(v)
			}
			if got := h.median(); got != tt.want {
				t.Errorf("median=%v, want %v", got, tt.want)
			}
		})
	}
}
