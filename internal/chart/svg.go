package chart

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// palette holds calm default colours: teal, indigo, amber, rose, sky, violet, lime, slate.
var palette = []string{"#0f766e", "#4f46e5", "#d97706", "#e11d48", "#0284c7", "#7c3aed", "#65a30d", "#64748b"}

const (
	inkColor   = "#334155" // slate-700: legend and value labels
	mutedColor = "#64748b" // slate-500: axis labels and the empty text
	gridColor  = "#e2e8f0" // slate-200: gridlines
	zeroColor  = "#94a3b8" // slate-400: the zero line
)

// canvas accumulates the markup of one <svg> element.
type canvas struct {
	b strings.Builder
}

// newCanvas opens an <svg> of the given viewBox size with the accessible name from o.Title.
func newCanvas(kind string, w, h float64, o Options) *canvas {
	c := new(canvas)
	title := strings.TrimSpace(o.Title)
	if title == "" {
		title = "Chart"
	}
	t := esc(title)
	c.printf(`<svg xmlns="http://www.w3.org/2000/svg" class="ch ch-%s" viewBox="0 0 %s %s" width="100%%" `+
		`preserveAspectRatio="xMidYMid meet" role="img" aria-label="%s" `+
		`font-family="system-ui, sans-serif" font-size="%d"><title>%s</title>`,
		kind, num(w), num(h), t, fontSize, t)
	return c
}

// printf writes markup; every caller-supplied string in args must already be escaped.
func (c *canvas) printf(format string, args ...any) { fmt.Fprintf(&c.b, format, args...) }

// text writes a <text> element holding s, which is escaped here. attrs is trusted markup.
func (c *canvas) text(x, y float64, attrs, s string) {
	if s == "" {
		return
	}
	c.printf(`<text x="%s" y="%s"%s>%s</text>`, num(x), num(y), attrs, esc(s))
}

// title writes a <title> element holding s, escaped.
func (c *canvas) title(s string) { c.printf("<title>%s</title>", esc(s)) }

// done closes the <svg> element and returns the markup.
func (c *canvas) done() template.HTML {
	c.b.WriteString("</svg>")
	return template.HTML(c.b.String()) // every caller string was escaped on the way in
}

// empty returns a small SVG showing o.Empty in place of a chart.
func empty(kind string, o Options) template.HTML {
	const w, h = 400, 44
	c := newCanvas(kind+" ch-empty", w, h, o)
	msg := strings.TrimSpace(o.Empty)
	if msg == "" {
		msg = "No data"
	}
	c.text(w/2, h/2+4, ` class="ch-empty-text" text-anchor="middle" fill="`+mutedColor+`"`,
		truncate(msg, w-16, fontSize))
	return c.done()
}

// esc escapes s for XML text and attribute values, dropping characters XML does not allow.
func esc(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0xfffe, r == 0xffff:
			return -1
		}
		return r // invalid UTF-8 has already become U+FFFD
	}, s)
	return html.EscapeString(s)
}

// num formats a coordinate with one decimal, deterministically; non-finite values give "0".
func num(x float64) string {
	if !finite(x) {
		return "0"
	}
	s := strings.TrimSuffix(strconv.FormatFloat(x, 'f', 1, 64), ".0")
	if s == "-0" {
		return "0"
	}
	return s
}

// textWidth estimates the width of s in a sans-serif font of the given size.
func textWidth(s string, size float64) float64 {
	var w float64
	for _, r := range s {
		switch {
		case strings.ContainsRune(" il.,:;'|!Ijtf()[]", r):
			w += 0.32
		case strings.ContainsRune("mwMW@%…", r):
			w += 0.86
		case r >= 'A' && r <= 'Z':
			w += 0.7
		case r >= 0x2e80: // CJK and other wide scripts
			w += 1
		default:
			w += 0.6
		}
	}
	return w * size
}

// truncate shortens s with an ellipsis to fit maxW; it returns "" when nothing fits.
func truncate(s string, maxW, size float64) string {
	s = strings.TrimSpace(s)
	if textWidth(s, size) <= maxW {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		t := strings.TrimSpace(string(rs[:n])) + "…"
		if textWidth(t, size) <= maxW {
			return t
		}
	}
	return ""
}

// color returns c when it looks like a CSS colour, else the palette colour for index i,
// and the class naming that palette colour ("" for caller colours, so CSS does not override them).
func color(c string, i int) (col, class string) {
	if validColor(c) {
		return c, ""
	}
	k := i % len(palette)
	return palette[k], " ch-s" + strconv.Itoa(k)
}

// validColor reports whether c is made only of characters found in CSS colours
// ("#0f766e", "teal", "rgb(15 118 110 / 50%)").
func validColor(c string) bool {
	if c == "" || len(c) > 48 {
		return false
	}
	for _, r := range c {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			strings.ContainsRune("#(),.%/ -", r)
		if !ok {
			return false
		}
	}
	return true
}

// textOn returns white or dark slate, whichever contrasts more with the hex colour bg.
func textOn(bg string) string {
	r, g, b, ok := parseHex(bg)
	if !ok {
		return "#ffffff"
	}
	lin := func(v float64) float64 {
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	const dark = 0.0093 // relative luminance of #0f172a
	if 1.05/(l+0.05) >= (l+0.05)/(dark+0.05) {
		return "#ffffff"
	}
	return "#0f172a"
}

// parseHex parses "#rgb" or "#rrggbb" into components in [0,1].
func parseHex(s string) (r, g, b float64, ok bool) {
	s, found := strings.CutPrefix(s, "#")
	if !found || (len(s) != 3 && len(s) != 6) {
		return 0, 0, 0, false
	}
	if len(s) == 3 {
		s = string([]byte{s[0], s[0], s[1], s[1], s[2], s[2]})
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return 0, 0, 0, false
	}
	return float64(v>>16) / 255, float64(v>>8&0xff) / 255, float64(v&0xff) / 255, true
}

// dash returns the stroke-dasharray attribute for a dashed series.
func dash(dashed bool) string {
	if dashed {
		return ` stroke-dasharray="5 4"`
	}
	return ""
}
