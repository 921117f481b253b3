package analytics

import (
	"context"
	"fmt"
	"math"

	"github.com/regulars/regulars"
)

// Analyst runs the analyses on the base behind a regulars.AnalyticsService: the CLI and the
// JSON API both call it, so they answer alike.
type Analyst struct {
	Data regulars.AnalyticsService
	// Segment are the thresholds of the segments; zero fields take the defaults.
	Segment SegmentOptions
}

// Base is the base as the analyses see it on a day: the orders that count in the business's
// currency (the one most orders use), and the per-client summaries.
type Base struct {
	AsOf     regulars.Date
	Currency string
	Orders   []Order
	Sums     []Summary
}

// Read reads the base and summarises it as of asOf.
func (an Analyst) Read(ctx context.Context, asOf regulars.Date) (*Base, error) {
	// The last contacts are read beside the orders, on another connection: a second's worth
	// on a million clients. (They may be a moment newer than the orders; they only say when
	// each client was last spoken to.)
	var contacts []Contact
	var cerr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		contacts, cerr = an.Data.LastContacts(ctx)
	}()
	orders, cur, err := an.Data.OrderPoints(ctx)
	<-done
	if err != nil {
		return nil, err
	}
	if cerr != nil {
		return nil, cerr
	}
	return &Base{AsOf: asOf, Currency: cur, Orders: orders, Sums: Summarize(orders, contacts, asOf)}, nil
}

// Metrics returns the business metrics as of asOf, with the revenue forecast.
func (an Analyst) Metrics(ctx context.Context, asOf regulars.Date) (Metrics, error) {
	b, err := an.Read(ctx, asOf)
	if err != nil {
		return Metrics{}, err
	}
	m := ComputeMetrics(b.Orders, b.Sums, asOf, MetricOptions{Currency: b.Currency})
	m.Forecast, err = b.forecast()
	return m, err
}

// forecastMinClients is the fewest clients a model is fitted to for a forecast or P(alive):
// below it a fit says little, and the rules by the client's own rhythm decide.
const forecastMinClients = 20

// forecast returns the revenue forecast of the current clients from BG/NBD (weeks) and
// Gamma-Gamma; empty with fewer than forecastMinClients clients.
func (b *Base) forecast() (Forecast, error) {
	if len(b.Sums) < forecastMinClients {
		return Forecast{}, nil
	}
	cs := fitData(b.Sums)
	m, err := FitBGNBD(cs, FitOptions{})
	if err != nil {
		return Forecast{}, err
	}
	g, err := FitGammaGamma(cs, FitOptions{})
	if err != nil {
		return Forecast{}, err
	}
	return ForecastRevenue(b.Sums, m, g, Week, regulars.CurrencyExponent(b.Currency)), nil
}

// Segments returns every client's RFM scores and segments as of asOf, named. Sleeping comes
// from Pareto/NBD's P(alive) when there are enough clients to fit it.
func (an Analyst) Segments(ctx context.Context, asOf regulars.Date) ([]ClientSegment, error) {
	b, err := an.Read(ctx, asOf)
	if err != nil {
		return nil, err
	}
	names, err := an.Data.ClientNames(ctx)
	if err != nil {
		return nil, err
	}
	opt := an.Segment.withDefaults()
	opt.Currency = b.Currency
	if opt.PAlive, err = b.pAlive(); err != nil {
		return nil, err
	}
	segs := Segment(b.Sums, asOf, opt)
	for i := range segs {
		segs[i].Name = names[segs[i].ClientID]
	}
	return segs, nil
}

// pAlive returns each summary's P(alive) by Pareto/NBD fitted in weeks, NaN for clients
// without orders; nil with fewer than forecastMinClients clients.
func (b *Base) pAlive() ([]float64, error) {
	if len(b.Sums) < forecastMinClients {
		return nil, nil
	}
	m, err := FitParetoNBD(fitData(b.Sums), FitOptions{})
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(b.Sums))
	seen := map[[3]float64]float64{} // clients alike in (x, t_x, T) share P(alive)
	for i := range b.Sums {
		out[i] = math.NaN()
		if b.Sums[i].Occasions == 0 {
			continue
		}
		c := customerOf(&b.Sums[i], Week.Days())
		k := [3]float64{c.X, c.TX, c.T}
		p, ok := seen[k]
		if !ok {
			p = m.PAlive(c)
			seen[k] = p
		}
		out[i] = p
	}
	return out, nil
}

// ModelQuery says which model to fit on what.
type ModelQuery struct {
	CalibrationEnd regulars.Date
	Unit           Unit
	Model          string // "bgnbd" or "paretonbd"
}

// ModelReport is a fitted purchase model and spend model, as `regulars model` prints them.
type ModelReport struct {
	Model          string             `json:"model"`
	Unit           string             `json:"unit"`
	CalibrationEnd regulars.Date      `json:"calibration_end"`
	Clients        int                `json:"clients"`
	Params         map[string]float64 `json:"params"`
	LogLikelihood  float64            `json:"log_likelihood"`
	GammaGamma     GammaGammaReport   `json:"gamma_gamma"`
	Currency       string             `json:"currency"`

	base  *Base
	count Model
	gg    GammaGamma
	cs    []Customer
}

// GammaGammaReport is the fitted spend model.
type GammaGammaReport struct {
	P             float64 `json:"p"`
	Q             float64 `json:"q"`
	V             float64 `json:"v"`
	LogLikelihood float64 `json:"log_likelihood"`
	Clients       int     `json:"clients"` // the repeat clients it was fitted on
}

// Model fits the purchase model of q and Gamma-Gamma on the base up to the calibration end.
func (an Analyst) Model(ctx context.Context, q ModelQuery) (*ModelReport, error) {
	if q.Model != "bgnbd" && q.Model != "paretonbd" {
		return nil, regulars.FieldError("model", `Model must be "bgnbd" or "paretonbd".`).Keyed("err.model_name")
	}
	if q.Unit != Day && q.Unit != Week {
		return nil, regulars.FieldError("unit", `Unit must be "day" or "week".`).Keyed("err.model_unit")
	}
	b, err := an.Read(ctx, q.CalibrationEnd)
	if err != nil {
		return nil, err
	}
	r := &ModelReport{Model: q.Model, Unit: q.Unit.String(), CalibrationEnd: q.CalibrationEnd, Currency: b.Currency,
		base: b, cs: ModelData(b.Sums, q.Unit)}
	r.Clients = len(r.cs)
	if q.Model == "paretonbd" {
		m, err := FitParetoNBD(r.cs, FitOptions{})
		if err != nil {
			return nil, err
		}
		r.count, r.LogLikelihood = m, m.LogLik
		r.Params = map[string]float64{"r": m.R, "alpha": m.Alpha, "s": m.S, "beta": m.Beta}
	} else {
		m, err := FitBGNBD(r.cs, FitOptions{})
		if err != nil {
			return nil, err
		}
		r.count, r.LogLikelihood = m, m.LogLik
		r.Params = map[string]float64{"r": m.R, "alpha": m.Alpha, "a": m.A, "b": m.B}
	}
	if r.gg, err = FitGammaGamma(r.cs, FitOptions{}); err != nil {
		return nil, err
	}
	r.GammaGamma = GammaGammaReport{P: r.gg.P, Q: r.gg.Q, V: r.gg.V, LogLikelihood: r.gg.LogLik}
	for _, c := range r.cs {
		if c.X > 0 {
			r.GammaGamma.Clients++
		}
	}
	return r, nil
}

// PredictQuery says what to predict.
type PredictQuery struct {
	ModelQuery
	Horizon   float64 // in Unit; 0 means a year
	CLVMonths int     // 0 means 12
	Discount  float64 // monthly
	Locale    string  // of the explanations
}

// The bounds of a prediction: ten years ahead, and a CLV over ten years. The CLV's work grows
// with its months (1,000 took 2 s on a 200-client base), and nothing is worth predicting
// further out than the history a small business keeps.
const (
	MaxHorizonDays = 3650
	MaxCLVMonths   = 120
)

// validate checks the query's numbers: finite, not negative, within the bounds.
func (q PredictQuery) validate() error {
	switch {
	case math.IsNaN(q.Horizon) || q.Horizon < 0 || q.Horizon*q.Unit.Days() > MaxHorizonDays:
		return regulars.FieldError("horizon", fmt.Sprintf("horizon must be a number from 0 (a year) to %d days, in the model's unit.", MaxHorizonDays)).Keyed("err.horizon", "Max", MaxHorizonDays)
	case q.CLVMonths < 0 || q.CLVMonths > MaxCLVMonths:
		return regulars.FieldError("clv_months", fmt.Sprintf("clv_months must be from 0 (12 months) to %d.", MaxCLVMonths)).Keyed("err.clv_months", "Max", MaxCLVMonths)
	case math.IsNaN(q.Discount) || q.Discount < 0 || q.Discount >= 1:
		return regulars.FieldError("discount", "discount must be a monthly rate from 0 to below 1, such as 0.01.").Keyed("err.discount")
	}
	return nil
}

// NamedPrediction is a prediction with the client's name and the explanation in words.
type NamedPrediction struct {
	Prediction
	Name        string `json:"name"`
	Explanation string `json:"explanation"`
}

// Predict fits the models of q and predicts every client. P(alive) comes from Pareto/NBD
// whichever model counts the orders: BG/NBD calls every one-time client alive.
func (an Analyst) Predict(ctx context.Context, q PredictQuery) ([]NamedPrediction, error) {
	if err := q.validate(); err != nil {
		return nil, err
	}
	r, err := an.Model(ctx, q.ModelQuery)
	if err != nil {
		return nil, err
	}
	alive, ok := r.count.(ParetoNBD)
	if !ok {
		if alive, err = FitParetoNBD(r.cs, FitOptions{}); err != nil {
			return nil, err
		}
	}
	if q.Horizon <= 0 {
		q.Horizon = 365 / q.Unit.Days()
	}
	if q.CLVMonths <= 0 {
		q.CLVMonths = 12
	}
	preds := Predict(r.base.Sums, r.count, r.gg, PredictOptions{Unit: q.Unit, Horizon: q.Horizon,
		CLVMonths: q.CLVMonths, Discount: q.Discount, Alive: alive})
	names, err := an.Data.ClientNames(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]NamedPrediction, len(preds))
	for i, p := range preds {
		out[i] = NamedPrediction{Prediction: p, Name: names[p.ClientID], Explanation: Explain(p, q.Locale)}
	}
	return out, nil
}
