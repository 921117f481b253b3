package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

const (
	heatRowH = 18 // row height in viewBox units
	heatTop  = 24 // room for the column labels
)

// Heatmap draws a grid of rows (e.g. cohort months) by columns (e.g. months since the first
// order), shading each cell by its value in [0,1] (values outside are clamped for the colour).
// NaN cells are left empty, and rows may be shorter than cols (a triangle). Each cell shows its
// value formatted by o.Format (percent by default) when it fits, and always in its tooltip.
// Row labels sit on the left and column labels on top. The height follows from the number of
// rows (18 units each); o.Height is ignored.
func Heatmap(rows, cols []string, values [][]float64, o Options) template.HTML {
	nr, nc := max(len(rows), len(values)), len(cols)
	found := false
	for _, r := range values {
		nc = max(nc, len(r))
		for _, v := range r {
			found = found || finite(v)
		}
	}
	if !found {
		return empty("heatmap", o)
	}
	if o.Format == nil {
		o.Format = percent
	}
	w, _ := o.size()
	rowText := make([]string, nr)
	left := 8.0
	for i := range rowText {
		rowText[i] = truncate(at(rows, i), w*0.3, fontSize)
		left = max(left, textWidth(rowText[i], fontSize)+14)
	}
	c := newCanvas("heatmap", w, float64(heatTop+nr*heatRowH+6), o)
	cw := (w - left - 4) / float64(nc)
	c.colLabels(cols, left, cw)
	c.printf(`<g class="ch-axis" fill="%s" text-anchor="end">`, mutedColor)
	for i, t := range rowText {
		c.text(left-8, float64(heatTop+i*heatRowH)+heatRowH/2+4, "", t)
	}
	c.printf(`</g>`)
	c.cells(rows, cols, values, left, cw, o)
	return c.done()
}

// cells draws the finite cells with their tooltips, then the values that fit inside them.
func (c *canvas) cells(rows, cols []string, values [][]float64, left, cw float64, o Options) {
	var texts strings.Builder
	c.printf(`<g class="ch-cell">`)
	for i, r := range values {
		for j, v := range r {
			if !finite(v) {
				continue
			}
			v = clampValue(v)
			x, y := left+float64(j)*cw, float64(heatTop+i*heatRowH)
			t := math.Max(0, math.Min(1, v))
			s := o.format(v)
			c.printf(`<rect x="%s" y="%s" width="%s" height="%d" fill="%s">`,
				num(x+0.5), num(y+0.5), num(cw-1), heatRowH-1, heatColor(t))
			c.title(tip(at(rows, i), at(cols, j), s))
			c.printf(`</rect>`)
			if textWidth(s, 10)+4 > cw-1 {
				continue
			}
			ink := "#134e4a" // teal-900 on light cells
			if t > 0.5 {
				ink = "#ffffff"
			}
			fmt.Fprintf(&texts, `<text x="%s" y="%s" fill="%s">%s</text>`,
				num(x+cw/2), num(y+heatRowH/2+3.5), ink, esc(s))
		}
	}
	// The values go in one group after the cells, ignoring the pointer so the cell's
	// tooltip still shows when hovering over its text.
	c.printf(`</g><g class="ch-cell-text" font-size="10" text-anchor="middle" pointer-events="none">%s</g>`,
		texts.String())
}

// colLabels draws the column labels above the grid, every k-th one so they do not overlap.
func (c *canvas) colLabels(cols []string, left, cw float64) {
	texts := make([]string, len(cols))
	var widest float64
	for i, l := range cols {
		texts[i] = truncate(l, 120, fontSize)
		widest = max(widest, textWidth(texts[i], fontSize))
	}
	k := max(1, int(math.Ceil((widest+6)/cw)))
	c.printf(`<g class="ch-axis" fill="%s" text-anchor="middle">`, mutedColor)
	for i := 0; i < len(texts); i += k {
		c.text(max(left+(float64(i)+0.5)*cw, 2+textWidth(texts[i], fontSize)/2), heatTop-8, "", texts[i])
	}
	c.printf(`</g>`)
}

// heatColor mixes a pale teal and teal #0f766e for t in [0,1]; zero stays visible.
func heatColor(t float64) string {
	t = 0.08 + 0.92*t
	mix := func(a, b float64) int { return int(math.Round(a + (b-a)*t)) }
	return fmt.Sprintf("#%02x%02x%02x", mix(0xf0, 0x0f), mix(0xfd, 0x76), mix(0xfa, 0x6e))
}

// at returns s[i], or "" when i is out of range.
func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}
