package chart

import (
	"html/template"
	"math"
)

// Bin is one bar of a [Histogram].
type Bin struct {
	// Label names the bin under its bar, e.g. "10–20k".
	Label string
	// Value is the bar height, e.g. a count; negative and non-finite values count as 0.
	Value float64
}

// StackedBars draws one bar per label, stacking the series from the bottom up (e.g. new vs
// returning revenue by month). Axes, x labels and legend follow the rules of [Lines].
// Negative and NaN values are treated as 0; dashed series are drawn lighter.
func StackedBars(labels []string, series []Series, o Options) template.HTML {
	n := len(labels)
	vals, _, _, ok := cleanSeries(series, n, true)
	if !ok {
		return empty("bars", o)
	}
	base := make([]float64, n)
	var hi float64
	for j := range base {
		for i := range vals {
			base[j] += vals[i][j]
		}
		hi = max(hi, base[j])
		base[j] = 0
	}
	f := newFrame("bars", o, n, newScale(0, hi), legendItems(series, false), true, 12)
	f.xLabels(labels)
	bw := min(f.band()*0.7, 56)
	for i, s := range series {
		col, class := color(s.Color, i)
		extra := ` stroke="#ffffff" stroke-width="0.5"`
		if s.Dashed {
			extra = ` fill-opacity="0.45" stroke="` + esc(col) + `" stroke-width="1"` + dash(true)
		}
		f.c.printf(`<g class="ch-bar%s" fill="%s"%s>`, class, esc(col), extra)
		for j, v := range vals[i] {
			if v <= 0 {
				continue
			}
			top, bottom := f.y(base[j]+v), f.y(base[j])
			base[j] += v
			f.bar(f.x(j)-bw/2, top, bw, bottom-top, tip(labels[j], tipName(series, i), o.format(v)))
		}
		f.c.printf(`</g>`)
	}
	return f.c.done()
}

// tipName returns the tooltip name of series i: empty when it is the only one.
func tipName(series []Series, i int) string {
	if len(series) < 2 {
		return series[i].Name
	}
	return seriesName(series[i], i)
}

// bar draws one rectangle with a tooltip.
func (f *frame) bar(x, y, w, h float64, title string) {
	f.c.printf(`<rect x="%s" y="%s" width="%s" height="%s">`, num(x), num(y), num(w), num(h))
	f.c.title(title)
	f.c.printf(`</rect>`)
}

// Histogram draws one vertical bar per bin with its value above the bar and the bin labels
// below, thinned when crowded. When the values do not fit above narrow bars, a labelled y
// axis replaces them; every bar keeps its tooltip.
func Histogram(bins []Bin, o Options) template.HTML {
	vals := make([]float64, len(bins))
	labels := make([]string, len(bins))
	var hi, widest float64
	ok := false
	for i, b := range bins {
		labels[i] = b.Label
		if v := clampValue(b.Value); !math.IsNaN(v) {
			ok = true
			vals[i] = max(v, 0)
		}
		hi = max(hi, vals[i])
		widest = max(widest, textWidth(o.format(vals[i]), fontSize))
	}
	if !ok {
		return empty("histogram", o)
	}
	w, _ := o.size()
	valueLabels := widest+4 <= (w-22)/float64(len(bins))
	f := newFrame("histogram", o, len(bins), newScale(0, hi), nil, !valueLabels, 18)
	f.xLabels(labels)
	bw := min(f.band()*0.86, 80)
	col, class := color("", 0)
	f.c.printf(`<g class="ch-bar%s" fill="%s">`, class, col)
	for i, v := range vals {
		if v > 0 {
			f.bar(f.x(i)-bw/2, f.y(v), bw, f.y(0)-f.y(v), tip(labels[i], "", o.format(v)))
		}
	}
	f.c.printf(`</g>`)
	if valueLabels {
		f.c.printf(`<g class="ch-value" fill="%s" text-anchor="middle">`, inkColor)
		for i, v := range vals {
			f.c.text(f.x(i), f.y(v)-5, "", o.format(v))
		}
		f.c.printf(`</g>`)
	}
	return f.c.done()
}
