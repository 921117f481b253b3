package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/regulars/regulars/internal/analytics"
)

// modelFlags are the flags of `model` and `predict`.
type modelFlags struct {
	CalibrationEnd string `name:"calibration-end" help:"Fit on the orders up to this day (YYYY-MM-DD; default today)."`
	Unit           string `enum:"day,week" default:"week" help:"Time unit of the models: day or week."`
	Model          string `enum:"bgnbd,paretonbd" default:"bgnbd" help:"Purchase model: bgnbd (BG/NBD) or paretonbd (Pareto/NBD)."`
}

func (f *modelFlags) query(a *app) (analytics.ModelQuery, error) {
	end, err := dateOr(f.CalibrationEnd, "calibration-end", a.today())
	if err != nil {
		return analytics.ModelQuery{}, err
	}
	unit, err := analytics.ParseUnit(f.Unit)
	return analytics.ModelQuery{CalibrationEnd: end, Unit: unit, Model: f.Model}, err
}

type modelCmd struct {
	modelFlags
	Format string `short:"f" enum:"table,json" default:"table" help:"table or json."`
}

func (c *modelCmd) Run(ctx context.Context, a *app) error {
	a.limitMemory(analysisMemory)
	q, err := c.query(a)
	if err != nil {
		return err
	}
	an, err := a.analyst(ctx)
	if err != nil {
		return err
	}
	r, err := an.Model(ctx, q)
	if err != nil {
		return err
	}
	if c.Format == formatJSON {
		return writeJSON(a.stdout, r)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Model\t%s, in %ss, on %d clients up to %s\n", r.Model, r.Unit, r.Clients, r.CalibrationEnd)
	for _, k := range []string{"r", "alpha", "a", "b", "s", "beta"} {
		if v, ok := r.Params[k]; ok {
			fmt.Fprintf(tw, "  %s\t%.4g\n", k, v)
		}
	}
	fmt.Fprintf(tw, "  log-likelihood\t%.1f\n", r.LogLikelihood)
	g := r.GammaGamma
	fmt.Fprintf(tw, "Gamma-Gamma\tp %.4g, q %.4g, v %.4g on %d repeat clients (log-likelihood %.1f)\n",
		g.P, g.Q, g.V, g.Clients, g.LogLikelihood)
	return tw.Flush()
}

type predictCmd struct {
	modelFlags
	Horizon   float64 `default:"0" help:"Horizon of expected orders, in units (default: a year)."`
	CLVMonths int     `name:"clv-months" default:"12" help:"Months of customer lifetime value."`
	Discount  float64 `default:"0.01" help:"Monthly discount rate of the CLV."`
	Format    string  `short:"f" enum:"table,json,csv" default:"table" help:"table, json or csv."`
}

var predictColumns = []column[analytics.NamedPrediction]{
	{"client_id", "ID", func(p analytics.NamedPrediction) string { return itoa(p.ClientID) }, nil, false},
	{"name", "NAME", func(p analytics.NamedPrediction) string { return p.Name }, nil, false},
	{"frequency", "X", func(p analytics.NamedPrediction) string { return fmt.Sprint(p.Frequency) }, nil, false},
	{"p_alive", "P(ALIVE)", func(p analytics.NamedPrediction) string { return fmt.Sprintf("%.2f", p.PAlive) }, nil, false},
	{"expected_orders", "E[ORDERS]", func(p analytics.NamedPrediction) string { return fmt.Sprintf("%.2f", p.ExpectedOrders) }, nil, false},
	{"expected_spend", "E[SPEND]", func(p analytics.NamedPrediction) string { return fmt.Sprintf("%.2f", p.ExpectedSpend) }, nil, false},
	{"clv", "CLV", func(p analytics.NamedPrediction) string { return fmt.Sprintf("%.2f", p.CLV) }, nil, false},
	{"explanation", "WHY", func(p analytics.NamedPrediction) string { return p.Explanation }, nil, false},
}

func (c *predictCmd) Run(ctx context.Context, a *app) error {
	a.limitMemory(analysisMemory)
	mq, err := c.query(a)
	if err != nil {
		return err
	}
	an, err := a.analyst(ctx)
	if err != nil {
		return err
	}
	preds, err := an.Predict(ctx, analytics.PredictQuery{ModelQuery: mq, Horizon: c.Horizon, CLVMonths: c.CLVMonths,
		Discount: c.Discount, Locale: a.lang})
	if err != nil {
		return err
	}
	return writeList(a.stdout, c.Format, a.lang, preds, predictColumns)
}
