package analytics

import (
	"context"

	"github.com/regulars/regulars"
)

// Overview is every analysis the web pages show, computed from one read of the base and one
// fit of each model: the metrics with the revenue forecast, each client's scores (its segment)
// and each client's outlook (its prediction). Its Base keeps the summaries, not the orders.
// Scores and Outlooks are aligned with Base.Sums (one per client with an order, by client ID);
// Outlooks is nil below forecastMinClients clients, where a fit says little. They hold only
// what the summaries do not, so that a million clients' overview stays small: Segment and
// Prediction put a client's together.
type Overview struct {
	Base     *Base
	Metrics  Metrics
	Scores   []Scores
	Outlooks []Outlook
	// Predict is how the outlooks were made (unit, horizon, months of CLV).
	Predict PredictOptions
}

// Segment returns the segment of the i-th client of Base.Sums.
func (ov *Overview) Segment(i int) ClientSegment {
	return ClientSegmentOf(&ov.Base.Sums[i], ov.Scores[i], ov.Base.Currency)
}

// Segments returns every client's segment, in the order of Base.Sums.
func (ov *Overview) Segments() []ClientSegment {
	out := make([]ClientSegment, len(ov.Scores))
	for i := range out {
		out[i] = ov.Segment(i)
	}
	return out
}

// Prediction returns the prediction of the i-th client of Base.Sums; false without a fit.
func (ov *Overview) Prediction(i int) (Prediction, bool) {
	if ov.Outlooks == nil {
		return Prediction{}, false
	}
	return PredictionOf(&ov.Base.Sums[i], ov.Outlooks[i], ov.Predict), true
}

// Overview reads the base as of asOf and runs the analyses on it. It takes seconds on a large
// base: the web server runs it in the background, never while a page waits.
func (an Analyst) Overview(ctx context.Context, asOf regulars.Date) (*Overview, error) {
	b, err := an.Read(ctx, asOf)
	if err != nil {
		return nil, err
	}
	ov := &Overview{Base: b, Metrics: ComputeMetrics(b.Orders, b.Sums, asOf, MetricOptions{Currency: b.Currency}),
		Predict: PredictOptions{Unit: Week, Horizon: 365 / Week.Days(), CLVMonths: 12}}
	// The orders are summed up now: let them go before the fits (90 MB on a million clients).
	b.Orders = nil
	opt := an.Segment.withDefaults()
	opt.Currency = b.Currency
	if len(b.Sums) >= forecastMinClients {
		cs := fitData(b.Sums)
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
		ov.Predict.Alive = pareto
		ov.Outlooks = Outlooks(b.Sums, bg, gg, ov.Predict)
		opt.PAlive = make([]float64, len(ov.Outlooks))
		for i, o := range ov.Outlooks {
			opt.PAlive[i] = o.PAlive
		}
	}
	ov.Scores = Score(b.Sums, asOf, opt)
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

// fitData is what the overview's models are fitted on, and the CLI's metrics and segments':
// the model data (in weeks) of fitSample of the summaries, the sample taken first.
func fitData(s []Summary) []Customer { return ModelData(fitSample(s), Week) }
