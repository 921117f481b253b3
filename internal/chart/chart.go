// Package chart renders small server-side SVG charts for the web dashboard.
//
// Each function returns one self-contained <svg> element as template.HTML, ready to be
// embedded in a page rendered with html/template. Caller text (titles, labels, names, notes)
// is escaped, colours are checked and tile links are limited to relative URLs, so the output
// stays safe when labels were typed by clients.
//
// Charts draw in a fixed viewBox (640×260 by default) with width="100%", so they scale with
// their container. Colours are inline presentation attributes, so a chart looks right without
// any CSS, and every part carries a ch- class (ch-grid, ch-axis, ch-legend, ch-line, ch-bar,
// ch-cell, ch-tile, and ch-s0…ch-s7 for palette colours) for a stylesheet to override. The
// output uses no ids, <style> elements or style attributes, so several charts can share a
// page and a strict Content-Security-Policy.
//
// Output is deterministic: the same input always gives the same bytes. No input, however
// malformed (NaN, ±Inf, negative counts, ragged rows), makes a function panic or print NaN.
package chart

import (
	"math"
	"strconv"
	"strings"
)

// Options holds the settings common to all charts. The zero value is usable.
type Options struct {
	// Title names the chart for screen readers (aria-label) and as its tooltip (<title>).
	Title string
	// Empty is the text shown instead of a chart when there is no data, e.g. "No data yet".
	// It defaults to "No data".
	Empty string
	// Format formats axis ticks and value labels. By default values are rounded to whole
	// numbers without grouping thousands (axis ticks get the decimals their step needs), and
	// Heatmap prints its values in [0,1] as percentages.
	Format func(float64) string
	// Width and Height set the viewBox size in user units; the defaults are 640×260.
	// Heatmap computes its height from the number of rows.
	Width, Height int
}

// Series is one named row of values for [Lines] and [StackedBars].
type Series struct {
	// Name labels the series in the legend and tooltips.
	Name string
	// Values holds one value per label; NaN (or ±Inf) is a gap. Extra values are ignored.
	Values []float64
	// Dashed draws the series dashed (lines) or lighter (bars), e.g. for a forecast.
	Dashed bool
	// Color is an optional CSS colour such as "#0f766e"; the default comes from the palette.
	Color string
}

const (
	defaultWidth  = 640
	defaultHeight = 260
	fontSize      = 11
	maxAbs        = 1e15 // inputs are clamped to ±maxAbs so sums, scales and labels stay sane
)

// size returns the viewBox size, with defaults and sane bounds.
func (o Options) size() (w, h float64) {
	wi, hi := o.Width, o.Height
	if wi <= 0 {
		wi = defaultWidth
	}
	if hi <= 0 {
		hi = defaultHeight
	}
	return float64(min(max(wi, 160), 4000)), float64(min(max(hi, 80), 4000))
}

// format formats a value label with o.Format or the default; non-finite values give "".
func (o Options) format(v float64) string {
	if !finite(v) {
		return ""
	}
	if o.Format != nil {
		return o.Format(v)
	}
	return formatFixed(v, 0)
}

// formatFixed formats v with dec decimals and never prints a negative zero.
func formatFixed(v float64, dec int) string {
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.HasPrefix(s, "-") && strings.Trim(s[1:], "0.") == "" {
		s = s[1:]
	}
	return s
}

// percent is Heatmap's default format.
func percent(v float64) string { return formatFixed(v*100, 0) + "%" }

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// clampValue returns v limited to ±maxAbs, or NaN when v is not finite.
func clampValue(v float64) float64 {
	if !finite(v) {
		return math.NaN()
	}
	return math.Max(-maxAbs, math.Min(maxAbs, v))
}

// cleanSeries returns the series values cut or padded to n, with gaps as NaN (or as 0 when
// bars is set, which also turns negatives into 0), the range of the finite values, and
// whether there was any finite value at all.
func cleanSeries(series []Series, n int, bars bool) (vals [][]float64, lo, hi float64, ok bool) {
	vals = make([][]float64, len(series))
	for i, s := range series {
		vals[i] = make([]float64, n)
		for j := range vals[i] {
			v := math.NaN()
			if j < len(s.Values) {
				v = clampValue(s.Values[j])
			}
			if !math.IsNaN(v) {
				lo, hi, ok = math.Min(lo, v), math.Max(hi, v), true
			}
			if bars && !(v > 0) {
				v = 0
			}
			vals[i][j] = v
		}
	}
	return vals, lo, hi, ok
}

// tip joins a tooltip: "label · name: value", leaving out empty parts.
func tip(label, name, value string) string {
	s := label
	if name != "" {
		if s != "" {
			s += " · "
		}
		s += name
	}
	if s == "" {
		return value
	}
	return s + ": " + value
}
