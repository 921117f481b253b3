package chart

import (
	"math"
	"strconv"
	"strings"
)

// frame is the plot area of the charts with label bands along x and values along y.
type frame struct {
	c              *canvas
	o              Options
	sc             scale
	n              int     // number of bands
	w, h           float64 // viewBox size
	x0, x1, y0, y1 float64 // plot area; y1 is the bottom
	ticks          bool    // whether gridlines carry tick labels
}

// legendItem is one entry of a legend.
type legendItem struct {
	name, color, class string
	dashed, line       bool
}

// newFrame opens the canvas and draws the legend, gridlines and tick labels.
// topPad is the room above the plot when there is no legend.
func newFrame(kind string, o Options, n int, sc scale, legend []legendItem, ticks bool, topPad float64) *frame {
	w, h := o.size()
	f := &frame{c: newCanvas(kind, w, h, o), o: o, sc: sc, n: max(n, 1), w: w, h: h, ticks: ticks}
	f.x0, f.x1 = 10, w-12
	if ticks {
		for _, v := range sc.ticks {
			f.x0 = max(f.x0, textWidth(sc.label(v, o), fontSize)+14)
		}
		f.x0 = min(f.x0, w/3)
	}
	f.y0 = topPad
	if len(legend) > 0 {
		f.y0 = f.c.legend(legend, f.x0, 12, f.x1) + 16
	}
	f.y1 = max(h-24, f.y0+20)
	f.grid()
	return f
}

// band returns the width of one label band.
func (f *frame) band() float64 { return (f.x1 - f.x0) / float64(f.n) }

// x returns the centre of band i.
func (f *frame) x(i int) float64 { return f.x0 + (float64(i)+0.5)*f.band() }

// y returns the vertical position of value v.
func (f *frame) y(v float64) float64 {
	return f.y1 - (v-f.sc.lo)/(f.sc.hi-f.sc.lo)*(f.y1-f.y0)
}

// grid draws the gridlines (only the zero line without ticks) and the tick labels.
func (f *frame) grid() {
	f.c.printf(`<g class="ch-grid" stroke="%s" shape-rendering="crispEdges">`, gridColor)
	for _, v := range f.sc.ticks {
		attrs := ""
		if v == 0 {
			attrs = ` class="ch-zero" stroke="` + zeroColor + `"`
		} else if !f.ticks {
			continue
		}
		y := num(f.y(v))
		f.c.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s"%s/>`, num(f.x0), y, num(f.x1), y, attrs)
	}
	f.c.printf(`</g>`)
	if !f.ticks {
		return
	}
	f.c.printf(`<g class="ch-axis" fill="%s" text-anchor="end">`, mutedColor)
	for _, v := range f.sc.ticks {
		f.c.text(f.x0-6, f.y(v)+4, "", truncate(f.sc.label(v, f.o), f.x0-8, fontSize))
	}
	f.c.printf(`</g>`)
}

// xLabels draws the band labels under the plot, every k-th one so they do not overlap,
// always including the last.
func (f *frame) xLabels(labels []string) {
	texts := make([]string, len(labels))
	var widest float64
	for i, l := range labels {
		texts[i] = truncate(l, min(f.x1-f.x0, 140), fontSize)
		widest = max(widest, textWidth(texts[i], fontSize))
	}
	k := max(1, int(math.Ceil((widest+8)/f.band())))
	f.c.printf(`<g class="ch-axis" fill="%s" text-anchor="middle">`, mutedColor)
	for i := len(texts) - 1; i >= 0; i -= k {
		tw := textWidth(texts[i], fontSize)
		x := max(min(f.x(i), f.w-2-tw/2), 2+tw/2) // keep edge labels inside the viewBox
		f.c.text(x, f.y1+16, "", texts[i])
	}
	f.c.printf(`</g>`)
}

// legendItems returns the legend of series, or nil for fewer than two series.
func legendItems(series []Series, line bool) []legendItem {
	if len(series) < 2 {
		return nil
	}
	items := make([]legendItem, len(series))
	for i, s := range series {
		col, class := color(s.Color, i)
		items[i] = legendItem{name: seriesName(s, i), color: col, class: class, dashed: s.Dashed, line: line}
	}
	return items
}

// seriesName returns the name of series i, or "Series N" when it has none.
func seriesName(s Series, i int) string {
	if strings.TrimSpace(s.Name) == "" {
		return "Series " + strconv.Itoa(i+1)
	}
	return s.Name
}

// legend draws items in rows whose first centre line is y, from x to maxX, wrapping when
// needed, and returns the centre line of the last row.
func (c *canvas) legend(items []legendItem, x, y, maxX float64) float64 {
	c.printf(`<g class="ch-legend" fill="%s">`, inkColor)
	cx := x
	for _, it := range items {
		name := truncate(it.name, (maxX-x)/2, fontSize)
		iw := 21 + textWidth(name, fontSize)
		if cx > x && cx+iw > maxX {
			cx, y = x, y+16
		}
		if it.line {
			c.printf(`<line class="ch-key%s" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2.5"%s/>`,
				it.class, num(cx), num(y), num(cx+16), num(y), esc(it.color), dash(it.dashed))
		} else {
			opacity := ""
			if it.dashed {
				opacity = ` fill-opacity="0.5"`
			}
			c.printf(`<rect class="ch-key%s" x="%s" y="%s" width="10" height="10" rx="2" fill="%s"%s/>`,
				it.class, num(cx+3), num(y-5), esc(it.color), opacity)
		}
		c.text(cx+21, y+4, "", name)
		cx += iw + 16
	}
	c.printf(`</g>`)
	return y
}
