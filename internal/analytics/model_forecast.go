package analytics

import (
	"encoding/json"
	"math"
	"strconv"
)

// ForecastRevenue returns the revenue the current clients are expected to bring in the next
// 3, 6 and 12 months: for each client, the expected occasions in the horizon (from the count
// model m) times the expected spend of an occasion (from g), summed, without discounting, in
// major units with the currency's exp decimal places. New clients are not in it: it is what
// the clients already won will bring, the part retention work can change.
func ForecastRevenue(s []Summary, m Model, g GammaGamma, unit Unit, exp int) Forecast {
	month := daysPerMonth / unit.Days()
	var f [3]float64
	horizons := [3]float64{3, 6, 12}
	split, isSplit := m.(splitModel)
	byXT := map[[2]float64][3]float64{} // expected orders if alive, shared by clients alike in (x, T)
	for i := range s {
		if s[i].Occasions == 0 {
			continue
		}
		c := customerOf(&s[i], unit.Days())
		spend := g.ExpectedSpend(c)
		if !isSplit {
			for h, months := range horizons {
				f[h] += m.Expected(c, months*month) * spend
			}
			continue
		}
		xt := [2]float64{c.X, c.T}
		e, ok := byXT[xt]
		if !ok {
			for h, months := range horizons {
				e[h] = split.expectedIfAlive(c.X, c.T, months*month)
			}
			byXT[xt] = e
		}
		pa := m.PAlive(c)
		for h := range horizons {
			f[h] += finiteNonNegative(e[h]*pa) * spend
		}
	}
	num := func(v float64) json.Number {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ""
		}
		return json.Number(strconv.FormatFloat(v, 'f', exp, 64))
	}
	return Forecast{Months3: num(f[0]), Months6: num(f[1]), Months12: num(f[2])}
}
