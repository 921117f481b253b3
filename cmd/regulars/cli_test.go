package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/regulars/regulars/internal/pgtest"
)

// now is the fixed clock of the end-to-end tests.
var now = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// eachEngine runs the test on SQLite and on PostgreSQL (skipped when REGULARS_TEST_POSTGRES is
// unset), each time with a CLI on a new, empty database.
func eachEngine(t *testing.T, test func(t *testing.T, c *tcli)) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			c := newTCLI(t)
			if engine == "postgres" {
				c.db = pgtest.DSN(t)
			}
			test(t, c)
		})
	}
}

// tcli runs the whole program in-process against one database.
type tcli struct {
	t   *testing.T
	db  string
	env map[string]string
	at  time.Time // the clock; zero means now, the fixed test time
}

// fresh returns a CLI like c on a new database of c's engine.
func (c *tcli) fresh(t *testing.T) *tcli {
	n := newTCLI(t)
	if strings.HasPrefix(c.db, "postgres") {
		n.db = pgtest.DSN(t)
	}
	return n
}

// newTCLI returns a CLI on a new SQLite file in a temporary directory.
func newTCLI(t *testing.T) *tcli {
	return &tcli{t: t, db: filepath.Join(t.TempDir(), "regulars.db"), env: map[string]string{}}
}

// result is what one run printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// run runs the program with args (after --db) and returns what it printed.
func (c *tcli) run(args ...string) result {
	c.t.Helper()
	return c.runIn("", args...)
}

// runIn is run with stdin on standard input.
func (c *tcli) runIn(stdin string, args ...string) result {
	c.t.Helper()
	var out, errb bytes.Buffer
	clock := now
	if !c.at.IsZero() {
		clock = c.at
	}
	code := runAt(context.Background(), func() time.Time { return clock }, append([]string{"--db", c.db}, args...),
		func(k string) string { return c.env[k] }, strings.NewReader(stdin), &out, &errb)
	return result{code, out.String(), errb.String()}
}

// ok runs args and fails the test unless they succeed.
func (c *tcli) ok(args ...string) string {
	c.t.Helper()
	r := c.run(args...)
	if r.code != 0 {
		c.t.Fatalf("regulars %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// fail runs args and fails the test unless they exit with code and print one line to stderr
// containing want.
func (c *tcli) fail(code int, want string, args ...string) result {
	c.t.Helper()
	r := c.run(args...)
	if r.code != code || !strings.Contains(r.stderr, want) {
		c.t.Fatalf("regulars %s: exit %d, stderr %q; want exit %d and %q", strings.Join(args, " "), r.code, r.stderr, code, want)
	}
	return r
}

// json runs args with --format json and decodes the output into v.
func (c *tcli) json(v any, args ...string) {
	c.t.Helper()
	out := c.ok(append(args, "--format", "json")...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		c.t.Fatalf("regulars %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// importJSON runs `regulars import` with args and returns its JSON report.
func (c *tcli) importJSON(args ...string) importJSON {
	c.t.Helper()
	var rep importJSON
	c.json(&rep, append([]string{"import"}, args...)...)
	return rep
}

// clientJSON is the contract of `regulars clients --format json`.
type clientJSON struct {
	ID         int64       `json:"id"`
	Name       string      `json:"name"`
	Company    string      `json:"company"`
	Email      string      `json:"email"`
	Phone      string      `json:"phone"`
	Orders     int         `json:"orders"`
	Revenue    json.Number `json:"revenue"`
	Currency   string      `json:"currency"`
	FirstOrder *string     `json:"first_order"`
	LastOrder  *string     `json:"last_order"`
	Tags       []string    `json:"tags"`
}

// orderJSON is the contract of `regulars orders --format json`.
type orderJSON struct {
	ID          int64       `json:"id"`
	ClientID    int64       `json:"client_id"`
	Service     string      `json:"service"`
	Title       string      `json:"title"`
	Amount      json.Number `json:"amount"`
	Currency    string      `json:"currency"`
	OrderedOn   string      `json:"ordered_on"`
	DueOn       *string     `json:"due_on"`
	DeliveredOn *string     `json:"delivered_on"`
	Status      string      `json:"status"`
	Refunded    json.Number `json:"refunded"`
}

// importJSON is the contract of `regulars import --format json`.
type importJSON struct {
	Rows           int `json:"rows"`
	OrdersCreated  int `json:"orders_created"`
	OrdersExisting int `json:"orders_existing"`
	OrdersUpdated  int `json:"orders_updated"`
	OrdersRefunded int `json:"orders_refunded"`
	OrdersDeleted  int `json:"orders_deleted"`
	RefundRows     int `json:"refund_rows"`
	RefundsPartial int `json:"refunds_partial"`
	ClientsCreated int `json:"clients_created"`
	ClientsMatched int `json:"clients_matched"`
	ClientsUpdated int `json:"clients_updated"`
	Ignored        []struct {
		File   string `json:"file"`
		Row    int    `json:"row"`
		Reason string `json:"reason"`
	} `json:"ignored"`
	Skipped []struct {
		File   string `json:"file"`
		Row    int    `json:"row"`
		Column string `json:"column"`
		Value  string `json:"value"`
		Error  string `json:"error"`
	} `json:"skipped"`
	Duplicates []struct {
		ClientIDs []int64 `json:"client_ids"`
	} `json:"duplicates"`
	DeletedClients []struct {
		ClientID int64  `json:"client_id"`
		Name     string `json:"name"`
		Rows     int    `json:"rows"`
	} `json:"deleted_clients"`
	Amended []struct {
		File        string      `json:"file"`
		Row         int         `json:"row"`
		OrderID     int64       `json:"order_id"`
		ClientID    int64       `json:"client_id"`
		Amount      json.Number `json:"amount"`
		Currency    string      `json:"currency"`
		WasAmount   json.Number `json:"was_amount"`
		WasCurrency string      `json:"was_currency"`
	} `json:"amended"`
	RefundsUnmatched []struct {
		File     string      `json:"file"`
		Row      int         `json:"row"`
		ClientID int64       `json:"client_id"`
		Amount   json.Number `json:"amount"`
		Currency string      `json:"currency"`
	} `json:"refunds_unmatched"`
	Columns []struct {
		File        string `json:"file"`
		HeaderRow   int    `json:"header_row"`
		HeaderFrom  int    `json:"header_from"`
		AboveHeader int    `json:"above_header"`
		Columns     []struct {
			Header string `json:"header"`
			Field  string `json:"field"`
		} `json:"columns"`
	} `json:"columns"`
}

// base is what the whole base adds up to, as the CLI lists it.
type base struct {
	clients, orders, counted int
	revenue                  string // the sum of the clients' revenue, major units
	currency                 string
}

// summary lists clients and orders through the CLI and adds them up.
func (c *tcli) summary() base {
	c.t.Helper()
	var clients []clientJSON
	var orders []orderJSON
	c.json(&clients, "clients")
	c.json(&orders, "orders")
	b := base{clients: len(clients), orders: len(orders)}
	var minor int64
	for _, cl := range clients {
		b.counted += cl.Orders
		minor += minorOf(c.t, cl.Revenue)
		if cl.Orders > 0 {
			b.currency = cl.Currency
		}
	}
	b.revenue = formatMinor(minor)
	return b
}

func minorOf(t *testing.T, n json.Number) int64 {
	t.Helper()
	whole, frac, _ := strings.Cut(n.String(), ".")
	frac = (frac + "00")[:2]
	var v int64
	for _, r := range whole + frac {
		v = v*10 + int64(r-'0')
	}
	return v
}

func formatMinor(m int64) string {
	s := strings.Repeat("0", 3) + itoa(m)
	s = strings.TrimLeft(s[:len(s)-2], "0") + "." + s[len(s)-2:]
	if strings.HasPrefix(s, ".") {
		s = "0" + s
	}
	return s
}

// sheet returns the path of a sample sheet.
func sheet(name string) string { return filepath.Join("..", "..", "testdata", "sheets", name) }

// copyFile copies src into dir and returns the copy's path.
func copyFile(t *testing.T, src, dir string) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, filepath.Base(src))
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}
