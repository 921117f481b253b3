package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"
	"strconv"
	"text/tabwriter"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/analytics"
	"github.com/regulars/regulars/internal/locale"
	"github.com/regulars/regulars/internal/store"
)

// analysisMemory is the soft memory limit of the one-shot analyses of the CLI: the whole
// analysis of a million clients keeps under 190 MB live, and without a limit the collector lets
// the heap grow to twice that before it runs. A larger base goes over it, at some speed (2.5
// million clients on PostgreSQL: 20% slower than without, at half the memory).
const analysisMemory = 210 << 20

// limitMemory sets the Go runtime's soft memory limit to n bytes for a one-shot command,
// unless GOMEMLIMIT says otherwise; n of 0 leaves the runtime's default (none).
func (a *app) limitMemory(n int64) {
	if n > 0 && a.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(n)
	}
}

// analyst returns the analyses on the open database.
func (a *app) analyst(ctx context.Context) (analytics.Analyst, error) {
	if err := a.open(ctx); err != nil {
		return analytics.Analyst{}, err
	}
	p, err := regulars.ReadProfile(ctx, store.NewSettingService(a.db))
	if err != nil {
		return analytics.Analyst{}, err
	}
	return analytics.Analyst{Data: store.NewAnalyticsService(a.db), Segment: analytics.SegmentOptionsOf(p)}, nil
}

// analystAsOf returns the analyses and the day of an --as-of flag (default today).
func (a *app) analystAsOf(ctx context.Context, asOf string) (analytics.Analyst, regulars.Date, error) {
	day, err := dateOr(asOf, "as-of", a.today())
	if err != nil {
		return analytics.Analyst{}, day, err
	}
	an, err := a.analyst(ctx)
	return an, day, err
}

type metricsCmd struct {
	AsOf   string `name:"as-of" help:"The day of the analysis (YYYY-MM-DD; default today)."`
	Format string `short:"f" enum:"table,json" default:"table" help:"table or json."`
}

func (c *metricsCmd) Run(ctx context.Context, a *app) error {
	a.limitMemory(analysisMemory)
	an, asOf, err := a.analystAsOf(ctx, c.AsOf)
	if err != nil {
		return err
	}
	m, err := an.Metrics(ctx, asOf)
	if err != nil {
		return err
	}
	if c.Format == formatJSON {
		return writeJSON(a.stdout, m)
	}
	return writeMetrics(a.stdout, m, a.lang)
}

// writeMetrics writes the metrics for people, in lang: "Выручка  29 740 400,00 ₽".
func writeMetrics(w io.Writer, m analytics.Metrics, lang string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	line := func(key, value string) { fmt.Fprintf(tw, "%s\t%s\n", textIn(lang, "cli.metrics."+key), value) }
	amount := func(n json.Number) string { return majorMoney(n, m.Currency, lang) }
	b := m.RepeatRateBenchmark
	verdict := textIn(lang, "cli.metrics.verdict."+cmp.Or(b.Verdict, "none"), "Low", locale.Decimal(100*b.Low, 0, lang),
		"High", locale.Percent(b.High, 0, lang))
	line("as_of", locale.Date(m.AsOf, lang))
	line("clients", locale.Number(strconv.Itoa(m.Clients), lang))
	line("orders", locale.Number(strconv.Itoa(m.Orders), lang))
	line("revenue", amount(m.Revenue))
	line("repeat_rate", textIn(lang, "cli.metrics.repeat_value", "Rate", locale.Percent(m.RepeatRate, 1, lang),
		"Verdict", verdict, "Rate12m", locale.Percent(m.RepeatRate12m, 1, lang)))
	line("returning_revenue", locale.Percent(m.RepeatRevenueShare, 1, lang))
	line("regular_revenue", locale.Percent(m.RegularRevenueShare, 1, lang))
	line("check", amount(m.AverageCheck))
	line("gap", locale.Decimal(m.MedianDaysBetweenOrders, 0, lang))
	line("per_year", locale.Decimal(m.OrdersPerClientYear, 2, lang))
	if f := m.Forecast; f.Months12 != "" {
		line("forecast", textIn(lang, "cli.metrics.forecast_value", "M3", amount(f.Months3), "M6", amount(f.Months6),
			"M12", amount(f.Months12)))
	}
	return tw.Flush()
}

// majorMoney formats an amount in major units ("1234.50") of the currency for people.
func majorMoney(n json.Number, currency, lang string) string {
	m, err := regulars.ParseMajor(n.String(), currency)
	if err != nil {
		return n.String() + " " + currency
	}
	return money(m, lang)
}

type segmentsCmd struct {
	AsOf   string `name:"as-of" help:"The day of the analysis (YYYY-MM-DD; default today)."`
	Format string `short:"f" enum:"table,json,csv" default:"table" help:"table, json or csv."`
}

var segmentColumns = []column[analytics.ClientSegment]{
	{"client_id", "ID", func(s analytics.ClientSegment) string { return itoa(s.ClientID) }, nil, false},
	{"name", "NAME", func(s analytics.ClientSegment) string { return s.Name }, nil, false},
	{"recency", "RECENCY", func(s analytics.ClientSegment) string { return fmt.Sprint(s.Recency) }, nil, false},
	{"frequency", "FREQ", func(s analytics.ClientSegment) string { return fmt.Sprint(s.Frequency) }, nil, false},
	{"monetary", "MONETARY", func(s analytics.ClientSegment) string {
		return regulars.Money{Minor: s.Monetary, Currency: s.Currency}.Major()
	}, func(s analytics.ClientSegment, lang string) string {
		return money(regulars.Money{Minor: s.Monetary, Currency: s.Currency}, lang)
	}, false},
	{"rfm", "RFM", func(s analytics.ClientSegment) string { return fmt.Sprintf("%d%d%d", s.R, s.F, s.M) }, nil, false},
	{"segment", "SEGMENT", func(s analytics.ClientSegment) string { return fmt.Sprint(s.Segment) }, nil, false},
	{"vip", "VIP", func(s analytics.ClientSegment) string { return yes(s.VIP) }, func(s analytics.ClientSegment, lang string) string { return cellWord(yes(s.VIP), lang) }, false},
	{"activity", "ACTIVITY", func(s analytics.ClientSegment) string { return fmt.Sprint(s.Activity) }, func(s analytics.ClientSegment, lang string) string { return cellWord(s.Activity.String(), lang) }, false},
	{"value_tier", "TIER", func(s analytics.ClientSegment) string { return fmt.Sprint(s.ValueTier) }, func(s analytics.ClientSegment, lang string) string { return cellWord(s.ValueTier.String(), lang) }, false},
	{"sleeping", "SLEEPING", func(s analytics.ClientSegment) string { return yes(s.Sleeping) }, func(s analytics.ClientSegment, lang string) string { return cellWord(yes(s.Sleeping), lang) }, false},
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

func (c *segmentsCmd) Run(ctx context.Context, a *app) error {
	a.limitMemory(analysisMemory)
	an, asOf, err := a.analystAsOf(ctx, c.AsOf)
	if err != nil {
		return err
	}
	segs, err := an.Segments(ctx, asOf)
	if err != nil {
		return err
	}
	cols := segmentColumns
	if c.Format == formatTable {
		cols = append([]column[analytics.ClientSegment](nil), segmentColumns...)
		cols[6].cell = func(s analytics.ClientSegment) string { return analytics.SegmentName(s.Segment, a.lang) }
	}
	return writeList(a.stdout, c.Format, a.lang, segs, cols)
}
