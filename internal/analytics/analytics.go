// Package analytics turns an order history into knowledge: per-client summaries, business
// metrics, RFM segments and predictive models of purchase behaviour (BG/NBD, Pareto/NBD and
// Gamma-Gamma spend), each able to explain itself in words.
//
// It is pure: it imports only the root package, the standard library and gonum, takes its
// data as arguments and the day of the analysis as asOf, and never reads a clock. The store
// aggregates (GROUP BY); this package scores.
//
// Data flow:
//
//	[]Order (by client, then day) ──Summarize(asOf)──▶ []Summary ──▶ Metrics, Segments
//	                                                   │
//	                               ModelData(unit) ────┴──▶ FitBGNBD / FitParetoNBD / FitGammaGamma
//	                                                          └──▶ per client: P(alive), E[orders], CLV
//
// Money is int64 minor units of one currency (the business's); the models work in float64
// major units of that currency, which is fine for estimates but never for amounts kept.
package analytics

import "github.com/regulars/regulars"

// Order is an order as the analysis needs it: only orders that count (not cancelled or
// refunded), in the business's currency; Amount in minor units. It is the store's
// regulars.OrderPoint, so that millions of them are passed without a copy.
type Order = regulars.OrderPoint

// Summary is what one client's orders add up to as of a day. Orders of one client on one day
// are one purchase occasion, whose spend is their sum.
type Summary struct {
	ClientID    int64
	First, Last regulars.Date // first and last order on or before asOf
	Orders      int32         // orders on or before asOf
	Occasions   int32         // distinct order days
	Revenue     int64         // minor units: the LTV so far
	// AverageCheck is Revenue / Orders, in minor units.
	AverageCheck int64
	// TypicalGap is the median number of days between consecutive occasions; 0 with fewer
	// than two occasions.
	TypicalGap float32
	// DaysSinceLast is asOf - Last.
	DaysSinceLast int32
	// LastContact is the last interaction on or before asOf, zero if none; DaysSinceContact
	// is asOf - LastContact, or -1 when there is none.
	LastContact      regulars.Date
	DaysSinceContact int32

	// The inputs of the models, in days (ModelData converts units):
	Frequency      int32   // repeat occasions: Occasions - 1
	Recency        int32   // days from the first to the last occasion
	Age            int32   // days from the first occasion to asOf (the "T" of the models)
	MonetaryRepeat float64 // mean spend of the repeat occasions, major units; 0 if none
}
