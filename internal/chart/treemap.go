package chart

import (
	"html/template"
	"math"
	"sort"
	"strings"
)

// Tile is one rectangle of a [Treemap].
type Tile struct {
	// Label is the first line inside the tile, e.g. "Champions".
	Label string
	// Value sets the tile's area, e.g. a number of clients; tiles with Value ≤ 0 are skipped.
	Value float64
	// Note is the second line, e.g. "1 234 clients · 35%"; the formatted Value when empty.
	Note string
	// Color is an optional CSS colour; the default comes from the palette by index.
	Color string
	// Href optionally links the tile. Only relative URLs starting with "/" or "?" are kept.
	Href string
}

// Treemap lays tiles out as a squarified treemap, largest first, filling the viewBox. Each
// tile shows its label and note when they fit (shortened with an ellipsis, or left out when
// too narrow) and always in its tooltip. Tiles with zero, negative or non-finite values are
// skipped.
func Treemap(tiles []Tile, o Options) template.HTML {
	type item struct {
		i int
		v float64
	}
	var items []item
	for i, t := range tiles {
		if v := clampValue(t.Value); v > 0 {
			items = append(items, item{i, v})
		}
	}
	if len(items) == 0 {
		return empty("treemap", o)
	}
	sort.SliceStable(items, func(a, b int) bool { return items[a].v > items[b].v })
	// Divide by the largest value first so the sum cannot overflow.
	var total float64
	for _, it := range items {
		total += it.v / items[0].v
	}
	w, h := o.size()
	areas := make([]float64, len(items))
	for k, it := range items {
		areas[k] = it.v / items[0].v / total * w * h
	}
	c := newCanvas("treemap", w, h, o)
	for k, r := range squarify(areas, rect{0, 0, w, h}) {
		c.tile(tiles[items[k].i], items[k].i, r, o)
	}
	return c.done()
}

// rect is a rectangle in viewBox units.
type rect struct{ x, y, w, h float64 }

// squarify lays out areas (sorted largest first, summing to r's area) in rows along the
// shorter side of what remains, adding tiles to a row while that improves its worst aspect
// ratio (Bruls, Huizing and van Wijk, 2000).
func squarify(areas []float64, r rect) []rect {
	out := make([]rect, 0, len(areas))
	for i := 0; i < len(areas); {
		side := math.Min(r.w, r.h)
		j, sum := i+1, areas[i]
		for j < len(areas) && worst(areas[i], areas[j], sum+areas[j], side) <= worst(areas[i], areas[j-1], sum, side) {
			sum += areas[j]
			j++
		}
		out = append(out, layoutRow(areas[i:j], sum, &r)...)
		i = j
	}
	return out
}

// worst returns the worst aspect ratio of a row with largest area big, smallest small and
// total sum laid along side.
func worst(big, small, sum, side float64) float64 {
	if sum <= 0 || side <= 0 || small <= 0 {
		return math.Inf(1)
	}
	s2, sum2 := side*side, sum*sum
	return math.Max(s2*big/sum2, sum2/(s2*small))
}

// layoutRow places a row of areas along the shorter side of r and shrinks r by the row.
func layoutRow(areas []float64, sum float64, r *rect) []rect {
	out := make([]rect, len(areas))
	if r.w <= 0 || r.h <= 0 || sum <= 0 {
		return out
	}
	if r.w >= r.h { // a column on the left
		cw := math.Min(sum/r.h, r.w)
		y := r.y
		for k, a := range areas {
			out[k] = rect{r.x, y, cw, a / cw}
			y += a / cw
		}
		r.x, r.w = r.x+cw, r.w-cw
		return out
	}
	rh := math.Min(sum/r.w, r.h) // a row on top
	x := r.x
	for k, a := range areas {
		out[k] = rect{x, r.y, a / rh, rh}
		x += a / rh
	}
	r.y, r.h = r.y+rh, r.h-rh
	return out
}

// tile draws tile t (index i in the caller's slice) in r, linked when its Href is safe.
func (c *canvas) tile(t Tile, i int, r rect, o Options) {
	if r.w < 1 || r.h < 1 {
		return
	}
	note := t.Note
	if strings.TrimSpace(note) == "" {
		note = o.format(t.Value)
	}
	if href := safeHref(t.Href); href != "" {
		c.printf(`<a class="ch-tile" href="%s">`, esc(href))
		defer c.printf(`</a>`)
	} else {
		c.printf(`<g class="ch-tile">`)
		defer c.printf(`</g>`)
	}
	title := tip(t.Label, "", o.format(t.Value))
	if strings.TrimSpace(t.Note) != "" {
		title += "\n" + t.Note
	}
	c.title(title)
	col, class := color(t.Color, i)
	c.printf(`<rect class="ch-tile-box%s" x="%s" y="%s" width="%s" height="%s" rx="3" fill="%s"/>`,
		class, num(r.x+1), num(r.y+1), num(r.w-2), num(r.h-2), esc(col))
	if r.h < 24 || r.w < 36 {
		return
	}
	ink := textOn(col)
	c.text(r.x+8, r.y+18, ` font-size="12" font-weight="600" fill="`+ink+`"`,
		truncate(t.Label, (r.w-16)/1.1, 12)) // bold is wider
	if r.h >= 40 {
		c.text(r.x+8, r.y+33, ` fill="`+ink+`" fill-opacity="0.9"`, truncate(note, r.w-16, fontSize))
	}
}

// safeHref returns href when it is a relative URL on this site (a path starting with "/" or a
// query starting with "?"), else "". "//host" and "/\host" are refused: browsers read them as
// links to another host.
func safeHref(href string) string {
	if href == "" || (href[0] != '/' && href[0] != '?') {
		return ""
	}
	if len(href) > 1 && href[0] == '/' && (href[1] == '/' || href[1] == '\\') {
		return ""
	}
	for _, r := range href {
		if r < 0x20 || r == 0x7f { // browsers drop tabs and newlines, so "/\t/host" is "//host"
			return ""
		}
	}
	return href
}
