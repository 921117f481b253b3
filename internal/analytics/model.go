// # Models
//
// The purchase-count models are fitted to one row per client: x repeat occasions, the recency
// t_x (first to last occasion) and the age T (first occasion to the end of calibration), in a
// [Unit] of days or weeks. Both models assume each client buys at a steady Poisson rate λ
// (gamma-distributed across clients) while "alive", and one day leaves unseen:
//
//   - BG/NBD (Fader, Hardie & Lee 2005) lets a client leave only right after a repeat
//     purchase, with probability p (beta-distributed). [FitBGNBD] returns r, α, a, b.
//   - Pareto/NBD (Schmittlein, Morrison & Colombo 1987) gives each client an exponential
//     lifetime of rate μ (gamma-distributed), so a client can leave at any time, even after a
//     single order. [FitParetoNBD] returns r, α, s, β.
//
// Gamma-Gamma ([FitGammaGamma], Fader & Hardie 2013) models the mean spend of repeat occasions;
// [Predict] combines it with a count model into the expected spend and a CLV.
//
// Every fit maximises the log-likelihood with analytic gradients (BFGS, in the logarithms of
// the parameters so they stay positive), over distinct (x, t_x, T) rows weighted by their
// number of clients; above 100,000 clients it starts from a fit to a systematic subsample of
// 20,000. The likelihood of Pareto/NBD is summed in the careful ₂F₁ form of Fader & Hardie,
// with α ≥ β or β > α chosen so that its argument stays in [0, 1), and a quadrature for the
// part where that series would converge slowly (see model_paretotail.go).
//
// # Thin data
//
// The estimate is the maximum-likelihood one when the likelihood has an interior maximum:
// on CDNOW it reproduces the published fits. With a few dozen clients the likelihood often
// keeps rising along a ridge towards infinity (α, r → ∞ together: "no heterogeneity"), and
// the maximum does not exist. Each fit therefore first finds the maximum a posteriori under
// a weak log-normal prior (each ln θ normal with standard deviation [DefaultPriorSD], centred
// on ln 1 for shapes and on the log of the data's own scale, the mean age for α and β and the
// mean spend for γ, so that it reads the same in days or weeks), climbs from there to the
// likelihood's maximum, and keeps the prior's answer only when that climb runs away (ends
// more than a factor e^8 from a centre, or on a slope). A prior alone could not do both
// jobs: CDNOW's likelihood is so flat along (s, β) that any prior strong enough to hold 20
// clients moves β in its second digit. On 20, 50 and 300 simulated clients every fit ends
// finite and well inside the bounds (TestModelThinData).
//
// # Sleeping clients
//
// BG/NBD never lets a one-time client leave, so its P(alive) is 1 for every client with x = 0,
// however long ago the order was. Most freelance clients order once, so that is the wrong
// answer for "who is asleep". Pareto/NBD does let them leave: its P(alive) for a one-time
// client falls with the time since the order. Ranking clients by P(alive) against the
// simulated truth, alive at T, at 10,000 clients (TestSleepingAUC):
//
//	simulated from                               BG/NBD AUC   Pareto/NBD AUC
//	Pareto/NBD, freelance (r 1.5, α 12, s 1, β 30)   0.59          0.92
//	Pareto/NBD, CDNOW-like                           0.42          0.79
//	BG/NBD, CDNOW-like                               0.93          0.61
//
// BG/NBD ranks well only in its own world, where one-time clients truly never leave; where
// they can, its ties at 1 on every one-time client rank them above the repeat clients who are
// in fact alive, worse than chance. So [PredictOptions.Alive] and "sleeping" should come from
// Pareto/NBD; BG/NBD stays available for expected orders and for comparison with the
// literature.
package analytics

import (
	"math"

	"github.com/regulars/regulars"
)

// Unit is the time unit the models are fitted in.
type Unit int

// The units. A week is 7 days; a month, for CLV, is 365.25/12 days.
const (
	Day Unit = iota + 1
	Week
)

// daysPerMonth is the mean length of a Gregorian month.
const daysPerMonth = 365.25 / 12

// Days returns the number of days in one u.
func (u Unit) Days() float64 {
	if u == Week {
		return 7
	}
	return 1
}

// String returns "day" or "week".
func (u Unit) String() string {
	if u == Week {
		return "week"
	}
	return "day"
}

// ParseUnit parses "day" or "week".
func ParseUnit(s string) (Unit, error) {
	switch s {
	case "day", "days":
		return Day, nil
	case "week", "weeks":
		return Week, nil
	}
	return 0, regulars.FieldError("unit", `Unit must be "day" or "week".`).Keyed("err.model_unit")
}

// Customer is one client as the models see it, with times in a Unit.
type Customer struct {
	X  float64 // repeat occasions
	TX float64 // recency: from the first to the last occasion
	T  float64 // age: from the first occasion to the end of calibration
	M  float64 // mean spend of the repeat occasions, major units; 0 if X is 0
}

// ModelData returns the model inputs of the summaries, in unit. Summaries without orders
// (Occasions 0) are skipped.
func ModelData(s []Summary, unit Unit) []Customer {
	d := unit.Days()
	cs := make([]Customer, 0, len(s))
	for i := range s {
		if s[i].Occasions == 0 {
			continue
		}
		cs = append(cs, customerOf(&s[i], d))
	}
	return cs
}

func customerOf(s *Summary, days float64) Customer {
	return Customer{
		X:  float64(s.Frequency),
		TX: float64(s.Recency) / days,
		T:  float64(s.Age) / days,
		M:  s.MonetaryRepeat,
	}
}

// Model is a fitted purchase-count model: BGNBD or ParetoNBD.
type Model interface {
	// PAlive returns the probability that c is still a client at c.T.
	PAlive(c Customer) float64
	// Expected returns the expected number of c's occasions in (c.T, c.T+t].
	Expected(c Customer, t float64) float64
	// ExpectedNew returns the expected number of repeat occasions of a new client in (0, t].
	ExpectedNew(t float64) float64
}

// splitModel is a model whose Expected is P(alive) times a part of x, T and t alone, which
// clients alike in (x, T) share: Predict computes it once for them.
type splitModel interface {
	Model
	expectedIfAlive(x, T, t float64) float64
}

// FitOptions tunes a fit. The zero value is the default.
type FitOptions struct {
	// PriorSD is the standard deviation of the log-normal prior on each parameter;
	// 0 means DefaultPriorSD, and a negative value fits by plain maximum likelihood.
	PriorSD float64
	// Workers is the number of goroutines that evaluate the likelihood; 0 means up to 2.
	Workers int
}

// DefaultPriorSD is the prior's standard deviation on the log scale: a parameter is a priori
// within a factor e^4 ≈ 55 of its centre with 95% probability.
const DefaultPriorSD = 2

func validCustomers(cs []Customer) error {
	if len(cs) == 0 {
		return regulars.Errorf(regulars.EINVALID, "No clients to fit the model to.").Keyed("err.model_no_clients")
	}
	informative := false
	for _, c := range cs {
		if !(c.X >= 0 && c.TX >= 0 && c.T >= c.TX) || math.IsInf(c.T+c.X, 0) || c.X == 0 && c.TX != 0 {
			return regulars.Errorf(regulars.EINVALID,
				"Invalid model input: need 0 <= recency <= age, and recency 0 without repeat orders.")
		}
		informative = informative || c.T > 0
	}
	if !informative {
		return regulars.Errorf(regulars.EINVALID, "No client is older than a day: nothing to fit the model to.").Keyed("err.model_too_young")
	}
	return nil
}
