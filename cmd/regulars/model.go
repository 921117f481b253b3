package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/analytics"
	"github.com/regulars/regulars/internal/store"
)

// modelFlags are the flags of `model` and `predict`.
type modelFlags struct {
	CalibrationEnd string `name:"calibration-end" help:"Fit on the orders up to this day (YYYY-MM-DD; default today)."`
	Unit           string `enum:"day,week" default:"week" help:"Time unit of the models: day or week."`
	Model          string `enum:"bgnbd,paretonbd" default:"bgnbd" help:"Purchase model: bgnbd (BG/NBD) or paretonbd (Pareto/NBD)."`
}

// fitted is a fitted purchase model and spend model with what they were fitted on.
type fitted struct {
	an     *analysis
	unit   analytics.Unit
	name   string
	count  analytics.Model
	params map[string]float64
	loglik float64
	gg     analytics.GammaGamma
	cs     []analytics.Customer
}

// fit reads the base as of the calibration end and fits the models.
func (f *modelFlags) fit(ctx context.Context, a *app) (*fitted, error) {
	end, err := dateOr(f.CalibrationEnd, "calibration-end", a.today())
	if err != nil {
		return nil, err
	}
	unit, err := analytics.ParseUnit(f.Unit)
	if err != nil {
		return nil, err
	}
	an, err := a.analyse(ctx, end)
	if err != nil {
		return nil, err
	}
	r := &fitted{an: an, unit: unit, name: f.Model, cs: analytics.ModelData(an.sums, unit)}
	if f.Model == "paretonbd" {
		m, err := analytics.FitParetoNBD(r.cs, analytics.FitOptions{})
		if err != nil {
			return nil, err
		}
		r.count, r.loglik = m, m.LogLik
		r.params = map[string]float64{"r": m.R, "alpha": m.Alpha, "s": m.S, "beta": m.Beta}
	} else {
		m, err := analytics.FitBGNBD(r.cs, analytics.FitOptions{})
		if err != nil {
			return nil, err
		}
		r.count, r.loglik = m, m.LogLik
		r.params = map[string]float64{"r": m.R, "alpha": m.Alpha, "a": m.A, "b": m.B}
	}
	if r.gg, err = analytics.FitGammaGamma(r.cs, analytics.FitOptions{}); err != nil {
		return nil, err
	}
	return r, nil
}

// alive returns the model P(alive) comes from: Pareto/NBD, whichever model counts the
// orders, because BG/NBD calls every one-time client alive (see the analytics package doc).
func (f *fitted) alive() (analytics.Model, error) {
	if m, ok := f.count.(analytics.ParetoNBD); ok {
		return m, nil
	}
	return analytics.FitParetoNBD(f.cs, analytics.FitOptions{})
}

type modelCmd struct {
	modelFlags
	Format string `short:"f" enum:"table,json" default:"table" help:"table or json."`
}

// modelJSON is the contract of `regulars model --format json`.
type modelJSON struct {
	Model          string             `json:"model"`
	Unit           string             `json:"unit"`
	CalibrationEnd regulars.Date      `json:"calibration_end"`
	Clients        int                `json:"clients"`
	Params         map[string]float64 `json:"params"`
	LogLikelihood  float64            `json:"log_likelihood"`
	GammaGamma     gammaGammaJSON     `json:"gamma_gamma"`
	Currency       string             `json:"currency"`
}

type gammaGammaJSON struct {
	P             float64 `json:"p"`
	Q             float64 `json:"q"`
	V             float64 `json:"v"`
	LogLikelihood float64 `json:"log_likelihood"`
	Clients       int     `json:"clients"` // the repeat clients it was fitted on
}

func (c *modelCmd) Run(ctx context.Context, a *app) error {
	f, err := c.fit(ctx, a)
	if err != nil {
		return err
	}
	repeat := 0
	for _, cu := range f.cs {
		if cu.X > 0 {
			repeat++
		}
	}
	out := modelJSON{Model: f.name, Unit: f.unit.String(), CalibrationEnd: f.an.asOf, Clients: len(f.cs),
		Params: f.params, LogLikelihood: f.loglik, Currency: f.an.currency,
		GammaGamma: gammaGammaJSON{P: f.gg.P, Q: f.gg.Q, V: f.gg.V, LogLikelihood: f.gg.LogLik, Clients: repeat}}
	if c.Format == formatJSON {
		return writeJSON(a.stdout, out)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Model\t%s, in %ss, on %d clients up to %s\n", out.Model, out.Unit, out.Clients, out.CalibrationEnd)
	for _, k := range []string{"r", "alpha", "a", "b", "s", "beta"} {
		if v, ok := out.Params[k]; ok {
			fmt.Fprintf(tw, "  %s\t%.4g\n", k, v)
		}
	}
	fmt.Fprintf(tw, "  log-likelihood\t%.1f\n", out.LogLikelihood)
	fmt.Fprintf(tw, "Gamma-Gamma\tp %.4g, q %.4g, v %.4g on %d repeat clients (log-likelihood %.1f)\n",
		out.GammaGamma.P, out.GammaGamma.Q, out.GammaGamma.V, repeat, out.GammaGamma.LogLikelihood)
	return tw.Flush()
}

type predictCmd struct {
	modelFlags
	Horizon   float64 `default:"0" help:"Horizon of expected orders, in units (default: 52 weeks or 365 days)."`
	CLVMonths int     `name:"clv-months" default:"12" help:"Months of customer lifetime value."`
	Discount  float64 `default:"0.01" help:"Monthly discount rate of the CLV."`
	Lang      string  `enum:"ru,en" default:"en" help:"Language of the explanations."`
	Format    string  `short:"f" enum:"table,json,csv" default:"table" help:"table, json or csv."`
}

// predictionJSON is the contract of `regulars predict --format json`.
type predictionJSON struct {
	analytics.Prediction
	Name        string `json:"name"`
	Explanation string `json:"explanation"`
}

var predictColumns = []column[predictionJSON]{
	{"client_id", "ID", func(p predictionJSON) string { return itoa(p.ClientID) }},
	{"name", "NAME", func(p predictionJSON) string { return p.Name }},
	{"frequency", "X", func(p predictionJSON) string { return fmt.Sprint(p.Frequency) }},
	{"p_alive", "P(ALIVE)", func(p predictionJSON) string { return fmt.Sprintf("%.2f", p.PAlive) }},
	{"expected_orders", "E[ORDERS]", func(p predictionJSON) string { return fmt.Sprintf("%.2f", p.ExpectedOrders) }},
	{"expected_spend", "E[SPEND]", func(p predictionJSON) string { return fmt.Sprintf("%.2f", p.ExpectedSpend) }},
	{"clv", "CLV", func(p predictionJSON) string { return fmt.Sprintf("%.2f", p.CLV) }},
	{"explanation", "WHY", func(p predictionJSON) string { return p.Explanation }},
}

func (c *predictCmd) Run(ctx context.Context, a *app) error {
	f, err := c.fit(ctx, a)
	if err != nil {
		return err
	}
	horizon := c.Horizon
	if horizon <= 0 {
		horizon = 365 / f.unit.Days()
	}
	alive, err := f.alive()
	if err != nil {
		return err
	}
	preds := analytics.Predict(f.an.sums, f.count, f.gg, analytics.PredictOptions{
		Unit: f.unit, Horizon: horizon, CLVMonths: c.CLVMonths, Discount: c.Discount, Alive: alive})
	names, err := store.NewAnalyticsService(a.db).ClientNames(ctx)
	if err != nil {
		return err
	}
	out := make([]predictionJSON, len(preds))
	for i, p := range preds {
		out[i] = predictionJSON{Prediction: p, Name: names[p.ClientID], Explanation: analytics.Explain(p, c.Lang)}
	}
	return writeList(a.stdout, c.Format, out, predictColumns)
}
