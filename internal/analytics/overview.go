package analytics

import (
	"context"

	"github.com/regulars/regulars"
)

// Overview is every analysis the web pages show, computed from one read of the base and one
// fit of each model: the metrics with the revenue forecast, each client's segment and each
// client's prediction. Its Base keeps the summaries, not the orders. Segments and Predictions are aligned with Base.Sums (one per client with
// an order, by client ID); Predictions is nil below forecastMinClients clients, where a fit says
// little.
type Overview struct {
	Base        *Base
	Metrics     Metrics
	Segments    []ClientSegment
	Predictions []Prediction
}

// Overview reads the base as of asOf and runs the analyses on it. It takes seconds on a large
// base: the web server runs it in the background, never while a page waits.
func (an Analyst) Overview(ctx context.Context, asOf regulars.Date) (*Overview, error) {
	b, err := an.Read(ctx, asOf)
	if err != nil {
		return nil, err
	}
	ov := &Overview{Base: b, Metrics: ComputeMetrics(b.Orders, b.Sums, asOf, MetricOptions{Currency: b.Currency})}
	// The orders are summed up now: let them go before the fits (90 MB on a million clients).
	b.Orders = nil
	opt := an.Segment.withDefaults()
	opt.Currency = b.Currency
	if len(b.Sums) >= forecastMinClients {
		cs := ModelData(sampleSums(b.Sums), Week)
		bg, err := FitBGNBD(cs, FitOptions{})
		if err != nil {
			return nil, err
		}
		gg, err := FitGammaGamma(cs, FitOptions{})
		if err != nil {
			return nil, err
		}
		pareto, err := FitParetoNBD(cs, FitOptions{})
		if err != nil {
			return nil, err
		}
		ov.Metrics.Forecast = ForecastRevenue(b.Sums, bg, gg, Week, regulars.CurrencyExponent(b.Currency))
		ov.Predictions = Predict(b.Sums, bg, gg, PredictOptions{Unit: Week, Horizon: 365 / Week.Days(),
			CLVMonths: 12, Alive: pareto})
		opt.PAlive = make([]float64, len(ov.Predictions))
		for i, p := range ov.Predictions {
			opt.PAlive[i] = p.PAlive
		}
	}
	ov.Segments = Segment(b.Sums, asOf, opt)
	return ov, nil
}

// fitSampleSize is the most clients the models are fitted on. Fitted on an evenly spread
// quarter of the clients, the predictions move by about 1% (TestFitOnSample: 10,000 of 40,000;
// less at this size); fitting every client of a million-client base costs seconds for that.
var fitSampleSize = 250_000

// fitSample returns every k-th item, evenly through the base (by client ID), when there are
// more than fitSampleSize; the predictions are still made for every client.
func fitSample[T any](all []T) []T {
	if len(all) <= fitSampleSize {
		return all
	}
	out := make([]T, 0, fitSampleSize)
	for i := range fitSampleSize {
		out = append(out, all[i*len(all)/fitSampleSize])
	}
	return out
}

// sampleSums is fitSample of the summaries: the sample is taken before the model data is made.
func sampleSums(s []Summary) []Summary { return fitSample(s) }
