package web

import (
	"html/template"
	"math"
	"net/http"
	"slices"
	"strconv"
	"sync"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/agenda"
	"github.com/regulars/regulars/internal/analytics"
	"github.com/regulars/regulars/internal/chart"
	"github.com/regulars/regulars/internal/snapshot"
)

// dashboard is the data of the dashboard page.
type dashboard struct {
	M analytics.Metrics
	// KPIs of the last 12 months, each against the 12 months before.
	Revenue, Returning, Check, Orders kpi
	Clients                           int
	Charts                            []namedChart
	Today                             []agenda.Item
	TodayMore                         int
}

// kpi is a number with its trend: Change is the relative change against the previous period
// (NaN when there was nothing to compare with).
type kpi struct {
	Value  string
	Change float64
}

// Up reports whether the KPI rose.
func (k kpi) Up() bool { return k.Change > 0 }

// HasChange reports whether there is a trend to show.
func (k kpi) HasChange() bool { return !math.IsNaN(k.Change) && !math.IsInf(k.Change, 0) }

// namedChart is a chart with its heading and a line on how to read it, drawn twice: for a
// laptop's half-width panel and for a phone, where a scaled-down laptop chart would have
// unreadable labels. CSS shows one of them.
type namedChart struct {
	ID, Title, Note string
	SVG, Small      template.HTML
	Full            bool // spans the whole width on a laptop
}

// draw draws a chart in both sizes.
func draw(id, title, note string, o chart.Options, f func(chart.Options) template.HTML) namedChart {
	o.Title = title
	wide, small := o, o
	wide.Width, wide.Height = 560, 280
	small.Width, small.Height = 360, 260
	return namedChart{ID: id, Title: title, Note: note, SVG: f(wide), Small: f(small)}
}

func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	v := s.newView(r, "dashboard", nil)
	v.Title = v.T("nav.dashboard")
	if v.Snap != nil {
		v.Page = s.dashboards.get(v.Snap, v.Lang, func() *dashboard { return s.dashboardOf(v) })
	}
	s.render(w, r, http.StatusOK, "dashboard", v)
}

// dashboardCache keeps the dashboard of the current snapshot in each language: it changes
// only with the snapshot, and its charts take milliseconds to draw.
type dashboardCache struct {
	mu     sync.Mutex
	snap   *snapshot.Snapshot
	bylang map[string]*dashboard
}

func (c *dashboardCache) get(snap *snapshot.Snapshot, lang string, make func() *dashboard) *dashboard {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != snap {
		c.snap, c.bylang = snap, map[string]*dashboard{}
	}
	d, ok := c.bylang[lang]
	if !ok {
		d = make()
		c.bylang[lang] = d
	}
	return d
}

// dashboardOf computes the dashboard from the snapshot.
func (s *Server) dashboardOf(v *view) *dashboard {
	snap := v.Snap
	m := snap.Metrics
	d := &dashboard{M: m, Clients: len(snap.Rows)}
	months := m.ByMonth
	cur, prev := window(months, 12, 0), window(months, 12, 12)
	d.Revenue = kpi{v.Whole(cur.revenue), change(float64(cur.revenue), float64(prev.revenue))}
	d.Returning = kpi{v.Pct(ratio(cur.returning, cur.revenue)), ratio(cur.returning, cur.revenue) - ratio(prev.returning, prev.revenue)}
	d.Check = kpi{v.Whole(divRound(cur.revenue, cur.orders)), change(ratio(cur.revenue, cur.orders), ratio(prev.revenue, prev.orders))}
	d.Orders = kpi{v.Int(int(cur.orders)), change(float64(cur.orders), float64(prev.orders))}

	items := visibleItems(snap.Agenda[v.Lang], nil, snap.AsOf)
	d.Today = items[:min(5, len(items))]
	d.TodayMore = len(items) - len(d.Today)
	d.Charts = s.dashboardCharts(v, snap)
	return d
}

// period sums months of ByMonth in minor units.
type period struct{ revenue, returning, orders int64 }

// window sums n months ending skip months before the last one.
func window(months []analytics.Month, n, skip int) period {
	end := len(months) - skip
	var p period
	for i := max(0, end-n); i < end; i++ {
		p.revenue += minor(months[i].Revenue)
		p.returning += minor(months[i].RevenueReturning)
		p.orders += int64(months[i].Orders)
	}
	return p
}

// minor turns a decimal in major units into minor units (two decimals).
func minor(n interface{ String() string }) int64 {
	f, _ := strconv.ParseFloat(n.String(), 64)
	return int64(math.Round(f * 100))
}

func major(n interface{ String() string }) float64 {
	f, _ := strconv.ParseFloat(n.String(), 64)
	return f
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

func divRound(a, b int64) int64 {
	if b == 0 {
		return 0
	}
	return int64(math.Round(float64(a) / float64(b)))
}

// change is cur/prev - 1, NaN without a previous value.
func change(cur, prev float64) float64 {
	if prev == 0 || math.IsNaN(prev) {
		return math.NaN()
	}
	return cur/prev - 1
}

// dashboardCharts draws the dashboard's charts.
func (s *Server) dashboardCharts(v *view, snap *snapshot.Snapshot) []namedChart {
	m := snap.Metrics
	months := m.ByMonth[max(0, len(m.ByMonth)-24):]
	labels := make([]string, len(months))
	newRev, retRev, share := make([]float64, len(months)), make([]float64, len(months)), make([]float64, len(months))
	for i, mo := range months {
		labels[i] = mo.Month
		newRev[i], retRev[i] = major(mo.RevenueNew), major(mo.RevenueReturning)
		share[i] = math.NaN()
		if mo.Clients > 0 {
			share[i] = float64(mo.Clients-mo.NewClients) / float64(mo.Clients)
		}
	}
	money := func(f float64) string { return v.Major(f) }
	pct := func(f float64) string { return v.Pct(f) }
	empty := v.T("chart.empty")
	low, high := make([]float64, len(months)), make([]float64, len(months))
	for i := range months {
		low[i], high[i] = m.RepeatRateBenchmark.Low, m.RepeatRateBenchmark.High
	}
	return []namedChart{
		draw("revenue", v.T("chart.revenue"), v.T("chart.revenue_note"), chart.Options{Empty: empty, Format: money},
			func(o chart.Options) template.HTML {
				return chart.StackedBars(labels, []chart.Series{
					{Name: v.T("chart.new"), Values: newRev}, {Name: v.T("chart.returning"), Values: retRev}}, o)
			}),
		draw("repeat", v.T("chart.repeat"), v.T("chart.repeat_note"), chart.Options{Empty: empty, Format: pct},
			func(o chart.Options) template.HTML {
				return chart.Lines(labels, []chart.Series{
					{Name: v.T("chart.returning_share"), Values: share},
					{Name: v.T("chart.benchmark_low"), Values: low, Dashed: true, Color: "#94a3b8"},
					{Name: v.T("chart.benchmark_high"), Values: high, Dashed: true, Color: "#64748b"}}, o)
			}),
		s.segmentChart(v, snap),
		s.ltvChart(v, snap),
		s.forecastChart(v, m),
		s.cohortChart(v, m.Cohorts),
	}
}

// cohortChart is the retention heatmap of the last 12 cohorts over their first 12 months.
func (s *Server) cohortChart(v *view, cohorts []analytics.Cohort) namedChart {
	cohorts = cohorts[max(0, len(cohorts)-12):]
	rows := make([]string, len(cohorts))
	vals := make([][]float64, len(cohorts))
	for i, c := range cohorts {
		rows[i] = c.Cohort + " · " + strconv.Itoa(c.Size)
		vals[i] = c.Retention[:min(13, len(c.Retention))]
	}
	cols := make([]string, 13)
	for k := range cols {
		cols[k] = strconv.Itoa(k)
	}
	c := draw("cohorts", v.T("chart.cohorts"), v.T("chart.cohorts_note"),
		chart.Options{Empty: v.T("chart.empty"), Format: func(f float64) string { return v.Pct(f) }},
		func(o chart.Options) template.HTML { return chart.Heatmap(rows, cols, vals, o) })
	c.SVG = chart.Heatmap(rows, cols, vals, chart.Options{Title: c.Title, Empty: v.T("chart.empty"), Width: 1120,
		Format: func(f float64) string { return v.Pct(f) }})
	c.Full = true
	return c
}

// segmentChart is the RFM segment map, each tile a link to its clients.
func (s *Server) segmentChart(v *view, snap *snapshot.Snapshot) namedChart {
	total := 0
	for _, n := range snap.Segments {
		total += n
	}
	var tiles []chart.Tile
	for code, n := range snap.Segments {
		if n == 0 {
			continue
		}
		c := analytics.SegmentCode(code)
		tiles = append(tiles, chart.Tile{Label: analytics.SegmentName(c, v.Lang), Value: float64(n),
			Note: v.N("count.clients", n) + " · " + v.Pct(float64(n)/float64(total)), Color: segmentColors[c],
			Href: "/clients?segment=" + c.String()})
	}
	return draw("segments", v.T("chart.segments"), v.T("chart.segments_note"),
		chart.Options{Empty: v.T("chart.empty"), Format: func(f float64) string { return v.Int(int(f)) }},
		func(o chart.Options) template.HTML { return chart.Treemap(tiles, o) })
}

// segmentColors: warm for the valuable, cool for the slipping, grey for the lost.
var segmentColors = map[analytics.SegmentCode]string{
	analytics.SegmentChampions: "#0f766e", analytics.SegmentLoyal: "#14b8a6", analytics.SegmentPotentialLoyalists: "#5eead4",
	analytics.SegmentNew: "#4f46e5", analytics.SegmentPromising: "#818cf8", analytics.SegmentNeedAttention: "#f59e0b",
	analytics.SegmentAboutToSleep: "#fbbf24", analytics.SegmentAtRisk: "#e11d48", analytics.SegmentCantLoseThem: "#be123c",
	analytics.SegmentHibernating: "#94a3b8", analytics.SegmentLost: "#64748b",
}

// ltvChart is the distribution of revenue per client, in bins by doubling amounts.
func (s *Server) ltvChart(v *view, snap *snapshot.Snapshot) namedChart {
	var ltv []int64
	for i := range snap.Rows {
		if snap.Rows[i].Orders > 0 {
			ltv = append(ltv, snap.Rows[i].LTV)
		}
	}
	var bins []chart.Bin
	if len(ltv) > 0 {
		slices.Sort(ltv)
		// bins from the 5th percentile up, each twice the one before, rounded to a 1-2-5 step
		lo := nice(float64(max(ltv[len(ltv)/20], 100)))
		edges := []float64{0, lo}
		for edges[len(edges)-1] < float64(ltv[len(ltv)-1]) && len(edges) < 12 {
			edges = append(edges, nice(edges[len(edges)-1]*2.2))
		}
		edges[len(edges)-1] = math.Inf(1)
		j := 0
		for b := 1; b < len(edges); b++ {
			n := 0
			for j < len(ltv) && float64(ltv[j]) < edges[b] {
				n, j = n+1, j+1
			}
			label := "≥ " + v.Whole(int64(edges[b-1]))
			if !math.IsInf(edges[b], 1) {
				label = "< " + v.Whole(int64(edges[b]))
			}
			bins = append(bins, chart.Bin{Label: label, Value: float64(n)})
		}
	}
	return draw("ltv", v.T("chart.ltv"), v.T("chart.ltv_note"),
		chart.Options{Empty: v.T("chart.empty"), Format: func(f float64) string { return v.Int(int(f)) }},
		func(o chart.Options) template.HTML { return chart.Histogram(bins, o) })
}

// nice rounds x (minor units) up to 1, 2 or 5 times a power of ten.
func nice(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if x <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// forecastChart is the revenue of the last 12 months and the models' forecast of the next 12,
// spread evenly within the 3-, 6- and 12-month horizons.
func (s *Server) forecastChart(v *view, m analytics.Metrics) namedChart {
	past := m.ByMonth[max(0, len(m.ByMonth)-12):]
	labels := make([]string, 0, len(past)+12)
	actual := make([]float64, 0, len(past)+12)
	for _, mo := range past {
		labels = append(labels, mo.Month)
		actual = append(actual, major(mo.Revenue))
	}
	var forecast []float64
	if m.Forecast.Months12 != "" && len(past) > 0 {
		f3, f6, f12 := major(m.Forecast.Months3), major(m.Forecast.Months6), major(m.Forecast.Months12)
		forecast = make([]float64, len(actual), len(actual)+12)
		for i := range forecast {
			forecast[i] = math.NaN()
		}
		forecast[len(forecast)-1] = actual[len(actual)-1]
		day, _ := regulars.ParseDate(past[len(past)-1].Month + "-01")
		for k := 1; k <= 12; k++ {
			next := day.AddDate(0, k, 0)
			labels = append(labels, next.Time().Format("2006-01"))
			actual = append(actual, math.NaN())
			per := f3 / 3
			if k > 6 {
				per = (f12 - f6) / 6
			} else if k > 3 {
				per = (f6 - f3) / 3
			}
			forecast = append(forecast, per)
		}
	}
	series := []chart.Series{{Name: v.T("chart.actual"), Values: actual}}
	if forecast != nil {
		series = append(series, chart.Series{Name: v.T("chart.forecast"), Values: forecast, Dashed: true})
	}
	note := v.T("chart.forecast_note")
	if forecast == nil {
		note = v.T("chart.forecast_none")
	}
	return draw("forecast", v.T("chart.forecast_title"), note,
		chart.Options{Empty: v.T("chart.empty"), Format: func(f float64) string { return v.Major(f) }},
		func(o chart.Options) template.HTML { return chart.Lines(labels, series, o) })
}
