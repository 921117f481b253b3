package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/analytics"
	"github.com/regulars/regulars/internal/store"
)

// analysis is what the analytics commands work from: the orders that count in the business's
// currency, the clients' last contacts, and the summaries as of a day.
type analysis struct {
	asOf     regulars.Date
	currency string
	orders   []analytics.Order
	sums     []analytics.Summary
	names    map[int64]string
}

// analyse reads the base and summarises it as of asOf.
func (a *app) analyse(ctx context.Context, asOf regulars.Date) (*analysis, error) {
	if err := a.open(ctx); err != nil {
		return nil, err
	}
	as := store.NewAnalyticsService(a.db)
	cur, err := as.MainCurrency(ctx)
	if err != nil {
		return nil, err
	}
	orders, err := as.OrderPoints(ctx, cur)
	if err != nil {
		return nil, err
	}
	contacts, err := as.LastContacts(ctx)
	if err != nil {
		return nil, err
	}
	cs := make([]analytics.Contact, len(contacts))
	for i, c := range contacts {
		cs[i] = analytics.Contact{ClientID: c.ClientID, On: c.On}
	}
	return &analysis{asOf: asOf, currency: cur, orders: orders, sums: analytics.Summarize(orders, cs, asOf)}, nil
}

// clientNames returns the names of the clients, for listings.
func (a *app) clientNames(ctx context.Context) (map[int64]string, error) {
	cs, _, err := a.svc.Clients.FindClients(ctx, regulars.ClientFilter{})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(cs))
	for _, c := range cs {
		out[c.ID] = c.Name
	}
	return out, nil
}

type metricsCmd struct {
	AsOf   string `name:"as-of" help:"The day of the analysis (YYYY-MM-DD; default today)."`
	Format string `short:"f" enum:"table,json" default:"table" help:"table or json."`
}

func (c *metricsCmd) Run(ctx context.Context, a *app) error {
	asOf, err := dateOr(c.AsOf, "as-of", a.today())
	if err != nil {
		return err
	}
	an, err := a.analyse(ctx, asOf)
	if err != nil {
		return err
	}
	m := analytics.ComputeMetrics(an.orders, an.sums, asOf, analytics.MetricOptions{Currency: an.currency})
	if c.Format == formatJSON {
		return writeJSON(a.stdout, m)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "As of\t%s\n", m.AsOf)
	fmt.Fprintf(tw, "Clients\t%d\n", m.Clients)
	fmt.Fprintf(tw, "Orders\t%d\n", m.Orders)
	fmt.Fprintf(tw, "Revenue\t%s %s\n", m.Revenue, m.Currency)
	fmt.Fprintf(tw, "Repeat-client rate\t%.1f%% (%s the 40–60%% good for freelancing); last 12 months %.1f%%\n",
		100*m.RepeatRate, verdictWords(m.RepeatRateBenchmark.Verdict), 100*m.RepeatRate12m)
	fmt.Fprintf(tw, "Revenue from returning orders\t%.1f%%\n", 100*m.RepeatRevenueShare)
	fmt.Fprintf(tw, "Revenue from regular clients\t%.1f%%\n", 100*m.RegularRevenueShare)
	fmt.Fprintf(tw, "Average check\t%s %s\n", m.AverageCheck, m.Currency)
	fmt.Fprintf(tw, "Median days between orders\t%.0f\n", m.MedianDaysBetweenOrders)
	fmt.Fprintf(tw, "Orders per client-year\t%.2f\n", m.OrdersPerClientYear)
	return tw.Flush()
}

func verdictWords(v string) string {
	switch v {
	case analytics.VerdictBelow:
		return "below"
	case analytics.VerdictAbove:
		return "above"
	case analytics.VerdictGood:
		return "within"
	}
	return "no data for"
}
