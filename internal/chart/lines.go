package chart

import (
	"html/template"
	"math"
	"strings"
)

// Lines draws one or more line series over shared x labels (e.g. months "2026-01").
//
// The y axis runs from 0, or from the minimum when it is negative, to a nice maximum
// (1, 2, 2.5 or 5 ×10^k) with 4 or 5 gridlines labelled by o.Format. X labels are thinned to
// every k-th one, ending at the last, so they do not overlap. Two or more series get a legend.
// The last point of each series is marked with a dot, and every point has a tooltip.
// NaN values are gaps in the line; values beyond len(labels) are ignored.
func Lines(labels []string, series []Series, o Options) template.HTML {
	vals, lo, hi, ok := cleanSeries(series, len(labels), false)
	if !ok {
		return empty("lines", o)
	}
	f := newFrame("lines", o, len(labels), newScale(lo, hi), legendItems(series, true), true, 12)
	f.xLabels(labels)
	for i, s := range series {
		d := f.path(vals[i])
		if !strings.Contains(d, "L") {
			continue // no segment: the points are drawn as dots
		}
		col, class := color(s.Color, i)
		f.c.printf(`<path class="ch-line%s" d="%s" fill="none" stroke="%s" stroke-width="2" `+
			`stroke-linejoin="round" stroke-linecap="round"%s/>`, class, d, esc(col), dash(s.Dashed))
	}
	for i, s := range series {
		f.points(labels, i, s, vals[i], len(series) > 1)
	}
	return f.c.done()
}

// path returns the path data of a line through the finite values, broken at gaps.
func (f *frame) path(vals []float64) string {
	var b strings.Builder
	pen := false
	for j, v := range vals {
		if math.IsNaN(v) {
			pen = false
			continue
		}
		cmd := "L"
		if !pen {
			cmd = "M"
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(cmd + num(f.x(j)) + " " + num(f.y(v)))
		pen = true
	}
	return b.String()
}

// points draws a tooltip target for every point of series i: a visible dot on the last point
// and on isolated points (which no line segment shows), an invisible circle elsewhere.
func (f *frame) points(labels []string, i int, s Series, vals []float64, named bool) {
	col, class := color(s.Color, i)
	last := -1
	for j, v := range vals {
		if !math.IsNaN(v) {
			last = j
		}
	}
	if last < 0 {
		return
	}
	name := ""
	if named {
		name = seriesName(s, i)
	}
	hit := min(max(f.band()/2, 3), 8)
	f.c.printf(`<g class="ch-points%s" fill="%s">`, class, esc(col))
	for j, v := range vals {
		if math.IsNaN(v) {
			continue
		}
		isolated := (j == 0 || math.IsNaN(vals[j-1])) && (j == len(vals)-1 || math.IsNaN(vals[j+1]))
		attrs := `r="` + num(hit) + `" fill-opacity="0"`
		switch {
		case j == last:
			attrs = `r="4" stroke="#ffffff" stroke-width="1.5"`
		case isolated:
			attrs = `r="2.5"`
		}
		f.c.printf(`<circle cx="%s" cy="%s" %s>`, num(f.x(j)), num(f.y(v)), attrs)
		f.c.title(tip(labels[j], name, f.o.format(v)))
		f.c.printf(`</circle>`)
	}
	f.c.printf(`</g>`)
}
