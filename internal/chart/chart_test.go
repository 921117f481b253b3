package chart_test

import (
	"encoding/xml"
	"flag"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/regulars/regulars/internal/chart"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// badNumber matches what a non-finite or exponent-formatted number prints as.
var badNumber = regexp.MustCompile(`NaN|Inf|\d[eE][+-]\d`)

// element is a parsed SVG element with its attributes and direct text.
type element struct {
	name string
	attr map[string]string
	text string
}

// parse decodes out as strict XML with a single <svg> root and returns its elements in order.
func parse(t *testing.T, out template.HTML) []*element {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(out)))
	var els, stack []*element
	roots := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("parse SVG: %v\n%s", err, out)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				roots++
			}
			e := &element{name: tok.Name.Local, attr: map[string]string{}}
			for _, a := range tok.Attr {
				e.attr[a.Name.Local] = a.Value
			}
			els, stack = append(els, e), append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			}
		}
	}
	if roots != 1 || els[0].name != "svg" {
		t.Fatalf("root elements=%d, first=%q, want one svg\n%s", roots, els[0].name, out)
	}
	return els
}

// count returns how many elements have one of the given names.
func count(els []*element, names ...string) int {
	n := 0
	for _, e := range els {
		for _, name := range names {
			if e.name == name {
				n++
			}
		}
	}
	return n
}

func months(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "2025-" + strconv.Itoa(101 + i)[1:]
		if i >= 12 {
			out[i] = "2026-" + strconv.Itoa(101 + i - 12)[1:]
		}
	}
	return out
}

// samples returns every chart drawn from ordinary data, labelled with label.
func samples(label string) map[string]template.HTML {
	o := chart.Options{Title: label, Empty: label}
	revenue := chart.Series{Name: label, Values: []float64{120, 340, 290, 510, 480, 620}}
	forecast := chart.Series{Name: "Forecast", Values: []float64{math.NaN(), 0, 0, 0, 480, 700}, Dashed: true}
	return map[string]template.HTML{
		"Lines":       chart.Lines([]string{label, "b", "c", "d", "e", "f"}, []chart.Series{revenue, forecast}, o),
		"StackedBars": chart.StackedBars([]string{label, "b", "c", "d", "e", "f"}, []chart.Series{revenue, forecast}, o),
		"Heatmap": chart.Heatmap([]string{label, "2026-02"}, []string{"0", label},
			[][]float64{{1, 0.4}, {1}}, o),
		"Treemap": chart.Treemap([]chart.Tile{
			{Label: label, Value: 30, Note: label, Href: "/clients?segment=a&b=" + label},
			{Label: "At risk", Value: 12},
		}, o),
		"Histogram": chart.Histogram([]chart.Bin{{Label: label, Value: 3}, {Label: "10–20k", Value: 9}}, o),
	}
}

func TestCharts(t *testing.T) {
	for name, out := range samples("Revenue") {
		t.Run(name, func(t *testing.T) {
			els := parse(t, out)
			svg := els[0]
			for attr, want := range map[string]string{"width": "100%", "role": "img", "aria-label": "Revenue"} {
				if got := svg.attr[attr]; got != want {
					t.Errorf("svg %s=%q, want %q", attr, got, want)
				}
			}
			if svg.attr["viewBox"] == "" {
				t.Error("svg has no viewBox")
			}
			if got := els[1]; got.name != "title" || got.text != "Revenue" {
				t.Errorf("first child=<%s>%s, want <title>Revenue", got.name, got.text)
			}
			if got := count(els, "rect", "path", "circle"); got == 0 {
				t.Errorf("shapes=%d, want some", got)
			}
			if got := count(els, "title"); got < 3 {
				t.Errorf("titles=%d, want one per shape", got)
			}
		})
	}
}

func TestEscaping(t *testing.T) {
	const evil = `<script>alert(1)</script>"&'`
	for name, out := range samples(evil) {
		t.Run(name, func(t *testing.T) {
			if strings.Contains(strings.ToLower(string(out)), "<script") {
				t.Fatalf("output contains <script:\n%s", out)
			}
			found := false
			for _, e := range parse(t, out) {
				found = found || strings.Contains(e.text, evil) || e.attr["aria-label"] == evil
			}
			if !found {
				t.Errorf("label %q not found escaped in output", evil)
			}
		})
	}
}

func TestTreemapHref(t *testing.T) {
	tests := []struct {
		name, href, want string
	}{
		{"Path", "/clients?segment=champions", "/clients?segment=champions"},
		{"Query", "?segment=at-risk&page=2", "?segment=at-risk&page=2"},
		{"ErrJavaScript", "javascript:alert(1)", ""},
		{"ErrAbsolute", "https://example.com/", ""},
		{"ErrProtocolRelative", "//example.com/", ""},
		{"ErrBackslash", `/\example.com/`, ""},
		{"ErrTab", "/\t/example.com/", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := chart.Treemap([]chart.Tile{{Label: "A", Value: 1, Href: tt.href}}, chart.Options{})
			got := ""
			for _, e := range parse(t, out) {
				if e.name == "a" {
					got = e.attr["href"]
				}
			}
			if got != tt.want {
				t.Errorf("href=%q, want %q", got, tt.want)
			}
		})
	}
}

func TestDegenerate(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	bad := []float64{nan, inf, -inf, -5, 0, math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64}
	o := chart.Options{Empty: "No data yet", Width: -3, Height: 1 << 30}
	tests := map[string]func() template.HTML{
		"LinesNil":   func() template.HTML { return chart.Lines(nil, nil, o) },
		"LinesNaN":   func() template.HTML { return chart.Lines(months(2), []chart.Series{{Values: []float64{nan, inf}}}, o) },
		"LinesBad":   func() template.HTML { return chart.Lines(months(8), []chart.Series{{Values: bad}, {}}, o) },
		"LinesShort": func() template.HTML { return chart.Lines(months(8), []chart.Series{{Values: []float64{1}}}, o) },
		"LinesNegative": func() template.HTML {
			return chart.Lines(months(3), []chart.Series{{Values: []float64{-3, -1, -2}}}, o)
		},
		"LinesZero": func() template.HTML { return chart.Lines(months(3), []chart.Series{{Values: []float64{0, 0, 0}}}, o) },
		"BarsNil":   func() template.HTML { return chart.StackedBars(nil, nil, o) },
		"BarsBad": func() template.HTML {
			return chart.StackedBars(months(8), []chart.Series{{Values: bad}, {Values: bad}}, o)
		},
		"BarsNegative": func() template.HTML {
			return chart.StackedBars(months(2), []chart.Series{{Values: []float64{-1, -2}}}, o)
		},
		"HeatmapNil":       func() template.HTML { return chart.Heatmap(nil, nil, nil, o) },
		"HeatmapBad":       func() template.HTML { return chart.Heatmap(nil, []string{"0"}, [][]float64{bad, nil, {nan}}, o) },
		"HeatmapAllNaN":    func() template.HTML { return chart.Heatmap([]string{"a"}, []string{"0"}, [][]float64{{nan}}, o) },
		"TreemapNil":       func() template.HTML { return chart.Treemap(nil, o) },
		"TreemapBad":       func() template.HTML { return chart.Treemap(tiles(bad), o) },
		"HistogramNil":     func() template.HTML { return chart.Histogram(nil, o) },
		"HistogramBad":     func() template.HTML { return chart.Histogram(bins(bad), o) },
		"HistogramAllZero": func() template.HTML { return chart.Histogram(bins([]float64{0, 0}), o) },
	}
	for name, render := range tests {
		t.Run(name, func(t *testing.T) {
			out := render()
			parse(t, out)
			if bad := badNumber.FindString(string(out)); bad != "" {
				t.Errorf("output contains %q:\n%s", bad, out)
			}
		})
	}
}

func tiles(vals []float64) []chart.Tile {
	out := make([]chart.Tile, len(vals))
	for i, v := range vals {
		out[i] = chart.Tile{Label: "T" + strconv.Itoa(i), Value: v}
	}
	return out
}

func bins(vals []float64) []chart.Bin {
	out := make([]chart.Bin, len(vals))
	for i, v := range vals {
		out[i] = chart.Bin{Label: "B" + strconv.Itoa(i), Value: v}
	}
	return out
}

func TestEmpty(t *testing.T) {
	o := chart.Options{Title: "Revenue", Empty: "No data yet"}
	tests := map[string]template.HTML{
		"Lines":       chart.Lines(nil, []chart.Series{{Values: []float64{1}}}, o),
		"StackedBars": chart.StackedBars(months(3), nil, o),
		"Heatmap":     chart.Heatmap([]string{"a"}, []string{"0"}, [][]float64{{}}, o),
		"Treemap":     chart.Treemap([]chart.Tile{{Label: "A", Value: 0}}, o),
		"Histogram":   chart.Histogram(nil, o),
	}
	for name, out := range tests {
		t.Run(name, func(t *testing.T) {
			els := parse(t, out)
			if got := count(els, "rect", "path", "circle"); got != 0 {
				t.Errorf("shapes=%d, want 0", got)
			}
			if got := els[len(els)-1].text; got != "No data yet" {
				t.Errorf("text=%q, want %q", got, "No data yet")
			}
		})
	}
}

func TestNiceMax(t *testing.T) {
	tests := []struct {
		name    string
		v, want float64
	}{
		{"Zero", 0, 1},
		{"Negative", -4, 1},
		{"NaN", math.NaN(), 1},
		{"Inf", math.Inf(1), 1},
		{"One", 1, 1},
		{"JustOverOne", 1.01, 2},
		{"Two", 2, 2},
		{"TwoAndAHalf", 2.2, 2.5},
		{"Three", 3, 5},
		{"Seven", 7, 10},
		{"Thousand", 1000, 1000},
		{"JustOverThousand", 1001, 2000},
		{"Thousands", 1234, 2000},
		{"TwoThousandTwoHundred", 2200, 2500},
		{"Small", 0.03, 0.05},
		{"Tiny", 0.0012, 0.002},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := chart.NiceMax(tt.v); math.Abs(got-tt.want) > 1e-12*tt.want {
				t.Errorf("NiceMax(%v) = %v, want %v", tt.v, got, tt.want)
			}
		})
	}
}

func TestLinesAxis(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		format func(float64) string
		want   string // tick labels, bottom to top
	}{
		{"Whole", []float64{120, 340, 610}, nil, "0 200 400 600 800 1000"},
		{"Fraction", []float64{0.4, 2.3}, nil, "0.0 0.5 1.0 1.5 2.0 2.5"},
		{"Negative", []float64{-30, 80}, nil, "-40 -20 0 20 40 60 80"},
		{"Format", []float64{1500}, func(v float64) string { return "€" + strconv.FormatFloat(v/1000, 'f', -1, 64) + "k" }, "€0k €0.5k €1k €1.5k €2k"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := chart.Lines(months(len(tt.values)), []chart.Series{{Values: tt.values}}, chart.Options{Format: tt.format})
			var ticks []string
			for _, e := range parse(t, out) {
				if e.name == "text" && !strings.HasPrefix(e.text, "2025-") {
					ticks = append(ticks, e.text)
				}
			}
			if got := strings.Join(ticks, " "); got != tt.want {
				t.Errorf("ticks=%q, want %q", got, tt.want)
			}
		})
	}
}

func TestLinesLabels(t *testing.T) {
	tests := []struct {
		name       string
		n          int
		series     int
		wantLegend bool
		maxLabels  int
	}{
		{"OneSeries", 6, 1, false, 6},
		{"TwoSeries", 6, 2, true, 6},
		{"Crowded", 60, 1, false, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			labels := months(tt.n)
			var series []chart.Series
			for i := range tt.series {
				vals := make([]float64, tt.n)
				for j := range vals {
					vals[j] = float64(i*10 + j)
				}
				series = append(series, chart.Series{Name: "S" + strconv.Itoa(i), Values: vals})
			}
			out := chart.Lines(labels, series, chart.Options{})
			els := parse(t, out)
			shown, last := 0, false
			for _, e := range els {
				if e.name == "text" && strings.HasPrefix(e.text, "202") {
					shown++
					last = last || e.text == labels[tt.n-1]
				}
			}
			if shown == 0 || shown > tt.maxLabels || !last {
				t.Errorf("x labels shown=%d (last shown: %v), want 1..%d with the last", shown, last, tt.maxLabels)
			}
			if got := strings.Contains(string(out), "ch-legend"); got != tt.wantLegend {
				t.Errorf("legend=%v, want %v", got, tt.wantLegend)
			}
		})
	}
}

func TestHeatmapHeight(t *testing.T) {
	height := func(out template.HTML) float64 {
		f := strings.Fields(parse(t, out)[0].attr["viewBox"])
		h, _ := strconv.ParseFloat(f[len(f)-1], 64)
		return h
	}
	small := height(chart.Heatmap(months(2), []string{"0"}, [][]float64{{1}, {1}}, chart.Options{Height: 999}))
	big := height(chart.Heatmap(months(20), []string{"0"}, [][]float64{{1}}, chart.Options{}))
	if small >= big || big < 20*16 {
		t.Errorf("height for 2 rows=%v, for 20 rows=%v, want growing with the rows", small, big)
	}
}

func TestGolden(t *testing.T) {
	labels := months(14)
	revenue := []float64{820, 910, 760, 1040, 1180, 990, 1230, 1310, math.NaN(), 1420, 1380, 1510, 1600, 1490}
	forecast := make([]float64, 14)
	for i := range forecast {
		forecast[i] = math.NaN()
	}
	forecast[13], forecast[12] = 1490, 1560
	cohorts := [][]float64{
		{1, 0.42, 0.35, 0.31, 0.28},
		{1, 0.38, 0.30, 0.27},
		{1, 0.45, math.NaN()},
		{1, 0.40},
		{1},
	}
	tests := []struct {
		name string
		out  template.HTML
	}{
		{"lines", chart.Lines(labels, []chart.Series{
			{Name: "Revenue", Values: revenue},
			{Name: "Forecast", Values: forecast, Dashed: true},
		}, chart.Options{Title: "Monthly revenue"})},
		{"heatmap", chart.Heatmap(months(5), []string{"M0", "M1", "M2", "M3", "M4"}, cohorts,
			chart.Options{Title: "Cohort retention"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join("testdata", tt.name+".svg")
			if *update {
				if err := os.WriteFile(path, []byte(tt.out+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden file (run go test -update): %v", err)
			}
			if got := string(tt.out) + "\n"; got != string(want) {
				t.Errorf("%s differs from %s (run go test -update and review the diff):\n%s", tt.name, path, got)
			}
		})
	}
}
