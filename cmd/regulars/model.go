package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"github.com/regulars/regulars/internal/analytics"
	"github.com/regulars/regulars/internal/locale"
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
	return writeModel(a.stdout, r, a.lang)
}

// modelNames are the purchase models as people write them.
var modelNames = map[string]string{"bgnbd": "BG/NBD", "paretonbd": "Pareto/NBD"}

// writeModel writes the fitted models for people, in lang.
func writeModel(w io.Writer, r *analytics.ModelReport, lang string) error {
	tr, err := translator()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\n", tr.T(lang, "cli.model.model"), tr.N(lang, "cli.model.fit", r.Clients,
		"Model", cmp.Or(modelNames[r.Model], r.Model), "Unit", tr.T(lang, "cli.model.unit."+r.Unit),
		"End", locale.Date(r.CalibrationEnd, lang)))
	for _, k := range []string{"r", "alpha", "a", "b", "s", "beta"} {
		if v, ok := r.Params[k]; ok {
			fmt.Fprintf(tw, "  %s\t%s\n", k, significant(v, 4, lang))
		}
	}
	fmt.Fprintf(tw, "  %s\t%s\n", tr.T(lang, "cli.model.loglik"), locale.Decimal(r.LogLikelihood, 1, lang))
	g := r.GammaGamma
	fmt.Fprintf(tw, "%s\t%s\n", tr.T(lang, "cli.model.spend"), tr.N(lang, "cli.model.spend_fit", g.Clients,
		"P", significant(g.P, 4, lang), "Q", significant(g.Q, 4, lang), "V", significant(g.V, 4, lang),
		"LL", locale.Decimal(g.LogLikelihood, 1, lang)))
	return tw.Flush()
}

// significant formats x with n significant digits, without an exponent, as lang writes
// numbers: 14 880 for 1.488e+04, 0,3913.
func significant(x float64, n int, lang string) string {
	if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return locale.Decimal(x, 0, lang)
	}
	prec := n - 1 - int(math.Floor(math.Log10(math.Abs(x))))
	if prec <= 0 {
		scale := math.Pow(10, float64(-prec))
		return locale.Decimal(math.Round(x/scale)*scale, 0, lang)
	}
	return locale.Decimal(x, prec, lang)
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
	{"p_alive", "P(ALIVE)", func(p analytics.NamedPrediction) string { return fmt.Sprintf("%.2f", p.PAlive) },
		func(p analytics.NamedPrediction, lang string) string { return locale.Decimal(p.PAlive, 2, lang) }, false},
	{"expected_orders", "E[ORDERS]", func(p analytics.NamedPrediction) string { return fmt.Sprintf("%.2f", p.ExpectedOrders) },
		func(p analytics.NamedPrediction, lang string) string {
			return locale.Decimal(p.ExpectedOrders, 2, lang)
		}, false},
	{"expected_spend", "E[SPEND]", func(p analytics.NamedPrediction) string { return fmt.Sprintf("%.2f", p.ExpectedSpend) },
		func(p analytics.NamedPrediction, lang string) string { return locale.Decimal(p.ExpectedSpend, 2, lang) }, false},
	{"clv", "CLV", func(p analytics.NamedPrediction) string { return fmt.Sprintf("%.2f", p.CLV) },
		func(p analytics.NamedPrediction, lang string) string { return locale.Decimal(p.CLV, 2, lang) }, false},
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
