package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regulars/regulars/internal/analytics"
)

// cdnowCSV converts the raw CDNOW sample (customer, date YYYYMMDD, CDs, dollars) into a sheet
// as a user would keep it: a client column, an ISO date, an amount.
func cdnowCSV(t *testing.T) string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "cdnow", "CDNOW_sample.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	b.WriteString("Client,Date,Amount\n")
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) != 5 {
			continue
		}
		d := fs[2]
		fmt.Fprintf(&b, "C%s,%s-%s-%s,%s\n", fs[1], d[:4], d[4:6], d[6:], fs[4])
	}
	path := filepath.Join(t.TempDir(), "cdnow.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCDNOWThroughCLI imports the CDNOW sample like any sheet and fits the models through the
// CLI: the published parameters (Fader, Hardie & Lee 2005; Fader & Hardie 2013) to 3
// significant digits.
func TestCDNOWThroughCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("fits the models on 2,357 clients")
	}
	c := newTCLI(t)
	var rep importJSON
	c.json(&rep, "import", "--currency", "USD", cdnowCSV(t))
	if rep.OrdersCreated != 6919 || rep.ClientsCreated != 2357 {
		t.Fatalf("imported %+v", rep)
	}
	var m analytics.ModelReport
	c.json(&m, "model", "--calibration-end", "1997-09-30", "--unit", "week", "--model", "bgnbd")
	want := map[string]float64{"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
	for k, v := range want {
		if !sig3(m.Params[k], v) {
			t.Errorf("BG/NBD %s = %.4g, want %.4g", k, m.Params[k], v)
		}
	}
	if math.Abs(m.LogLikelihood-(-9582.4)) > 0.5 || m.Clients != 2357 || m.Currency != "USD" {
		t.Errorf("BG/NBD log-likelihood %.2f on %d clients in %s", m.LogLikelihood, m.Clients, m.Currency)
	}
	gg := map[string]float64{"p": 6.25, "q": 3.74, "v": 15.44}
	got := map[string]float64{"p": m.GammaGamma.P, "q": m.GammaGamma.Q, "v": m.GammaGamma.V}
	for k, v := range gg {
		if !sig3(got[k], v) {
			t.Errorf("Gamma-Gamma %s = %.4g, want %.4g", k, got[k], v)
		}
	}
	if m.GammaGamma.Clients != 946 {
		t.Errorf("Gamma-Gamma on %d repeat clients, want 946", m.GammaGamma.Clients)
	}
	c.json(&m, "model", "--calibration-end", "1997-09-30", "--unit", "week", "--model", "paretonbd")
	want = map[string]float64{"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}
	for k, v := range want {
		if !sig3(m.Params[k], v) {
			t.Errorf("Pareto/NBD %s = %.4g, want %.4g", k, m.Params[k], v)
		}
	}
	var preds []map[string]any
	c.json(&preds, "predict", "--calibration-end", "1997-09-30", "--unit", "week", "--horizon", "39")
	if len(preds) != 2357 {
		t.Fatalf("%d predictions", len(preds))
	}
	for _, f := range []string{"client_id", "name", "frequency", "recency", "t", "monetary", "p_alive", "expected_orders", "expected_spend", "clv", "explanation"} {
		if _, ok := preds[0][f]; !ok {
			t.Errorf("predict JSON lacks %q", f)
		}
	}
}

// sig3 reports whether got rounds to want at 3 significant digits.
func sig3(got, want float64) bool {
	if got == 0 || want == 0 {
		return got == want
	}
	e := math.Floor(math.Log10(math.Abs(want))) - 2
	scale := math.Pow(10, e)
	return math.Round(got/scale) == math.Round(want/scale)
}
