package analytics_test

import (
	"bufio"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/analytics"
)

// cdnowCustomers reads the raw CDNOW sample and returns the model input of the calibration
// period (to 1997-09-30 inclusive) in weeks, as testdata/cdnow/README.md defines it: one
// occasion per customer and day (spends summed), x the repeat days, t_x and T in days / 7 from
// the first day, M the mean spend of the repeat days.
func cdnowCustomers(tb testing.TB) []analytics.Customer {
	tb.Helper()
	f, err := os.Open("../../testdata/cdnow/CDNOW_sample.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	end := regulars.NewDate(1997, time.September, 30)
	days := map[int]map[regulars.Date]float64{} // sample id → day → spend
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 {
			continue
		}
		if len(fs) != 5 {
			tb.Fatalf("line %q: got %d fields, want 5", sc.Text(), len(fs))
		}
		id, err1 := strconv.Atoi(fs[1])
		on, err2 := time.Parse("20060102", fs[2])
		spend, err3 := strconv.ParseFloat(fs[4], 64)
		if err1 != nil || err2 != nil || err3 != nil {
			tb.Fatalf("line %q: bad field", sc.Text())
		}
		if days[id] == nil {
			days[id] = map[regulars.Date]float64{}
		}
		if d := regulars.DateOf(on); !d.After(end) {
			days[id][d] += spend
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	ids := make([]int, 0, len(days))
	for id := range days {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	cs := make([]analytics.Customer, 0, len(ids))
	for _, id := range ids {
		cs = append(cs, cdnowCustomer(days[id], end))
	}
	return cs
}

func cdnowCustomer(spend map[regulars.Date]float64, end regulars.Date) analytics.Customer {
	ds := make([]regulars.Date, 0, len(spend))
	for d := range spend {
		ds = append(ds, d)
	}
	slices.SortFunc(ds, regulars.Date.Compare)
	first, last := ds[0], ds[len(ds)-1]
	c := analytics.Customer{
		X:  float64(len(ds) - 1),
		TX: float64(last.Sub(first)) / 7,
		T:  float64(end.Sub(first)) / 7,
	}
	for _, d := range ds[1:] {
		c.M += spend[d] / c.X
	}
	return c
}

func TestCDNOWData(t *testing.T) {
	cs := cdnowCustomers(t)
	repeat := 0
	var sumX float64
	for _, c := range cs {
		if c.X > 0 {
			repeat++
		}
		sumX += c.X
	}
	if len(cs) != 2357 || repeat != 946 {
		t.Fatalf("got %d customers, %d repeat buyers; want 2357, 946", len(cs), repeat)
	}
}

// sig3 reports whether got equals want to 3 significant digits.
func sig3(got, want float64) bool {
	e := math.Pow(10, math.Floor(math.Log10(math.Abs(want)))-2)
	return math.Abs(got-want) <= e/2
}

func TestCDNOWBGNBD(t *testing.T) {
	m, err := analytics.FitBGNBD(cdnowCustomers(t), analytics.FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("BG/NBD r=%.4f alpha=%.4f a=%.4f b=%.4f LL=%.2f", m.R, m.Alpha, m.A, m.B, m.LogLik)
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"r", m.R, 0.243}, {"alpha", m.Alpha, 4.414}, {"a", m.A, 0.793}, {"b", m.B, 2.426}, {"LL", m.LogLik, -9582.4}} {
		if !sig3(c.got, c.want) {
			t.Errorf("%s=%.5g, want %.5g to 3 significant digits", c.name, c.got, c.want)
		}
	}
}

func TestCDNOWParetoNBD(t *testing.T) {
	m, err := analytics.FitParetoNBD(cdnowCustomers(t), analytics.FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Pareto/NBD r=%.4f alpha=%.4f s=%.4f beta=%.4f LL=%.2f", m.R, m.Alpha, m.S, m.Beta, m.LogLik)
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"r", m.R, 0.553}, {"alpha", m.Alpha, 10.578}, {"s", m.S, 0.606}, {"beta", m.Beta, 11.669}} {
		if !sig3(c.got, c.want) {
			t.Errorf("%s=%.5g, want %.5g to 3 significant digits", c.name, c.got, c.want)
		}
	}
}

func TestCDNOWGammaGamma(t *testing.T) {
	var repeat []analytics.Customer
	for _, c := range cdnowCustomers(t) {
		if c.X > 0 {
			repeat = append(repeat, c)
		}
	}
	g, err := analytics.FitGammaGamma(repeat, analytics.FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Gamma-Gamma p=%.4f q=%.4f v=%.4f LL=%.2f on %d", g.P, g.Q, g.V, g.LogLik, len(repeat))
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"p", g.P, 6.25}, {"q", g.Q, 3.74}, {"gamma", g.V, 15.44}} {
		if !sig3(c.got, c.want) {
			t.Errorf("%s=%.5g, want %.5g to 3 significant digits", c.name, c.got, c.want)
		}
	}
}
