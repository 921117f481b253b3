package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/demo"
	"github.com/regulars/regulars/internal/importer"
	"github.com/regulars/regulars/internal/store"
)

type benchCmd struct {
	Import    benchImportCmd    `cmd:"" help:"Import a generated orders CSV; compare with the plain bulk-insert floor."`
	Mail      benchMailCmd      `cmd:"" help:"Enrol clients in a sequence and send letters through the outbox to a local SMTP server."`
	Analytics benchAnalyticsCmd `cmd:"" help:"The whole analysis of the database (--db): metrics, fits, segments, predictions; time and peak memory."`
}

type benchImportCmd struct {
	Clients  int    `default:"100000" help:"Clients of the generated business (about 10 orders each)."`
	Postgres string `help:"Also measure PostgreSQL: a server DSN; a fresh database is created and dropped." placeholder:"DSN"`
	Keep     string `help:"Keep the generated CSV in this directory." placeholder:"DIR"`
	CSV      string `type:"existingfile" help:"Import this orders CSV instead of generating one." placeholder:"FILE"`
	Runs     int    `default:"1" help:"Measure floor and import this many times, one after the other, and print the median ratio too."`
	SQLite   bool   `name:"sqlite" default:"true" negatable:"" help:"Measure SQLite (--no-sqlite measures PostgreSQL only)."`
}

// Run generates a demo business, exports its orders to CSV, then measures on each engine:
// the floor (the same number of order rows inserted plainly in one transaction on SQLite; on
// PostgreSQL, COPY of the CSV file itself into columns typed as its values are, with its COPY
// into text columns and COPY of synthetic rows printed beside it: the text columns are the
// floor when the typed ones refuse the file, the synthetic rows when COPY cannot read it) and
// `regulars import` of the CSV into an empty database (its schema migrated first), run as a child
// process so that its peak memory is its own.
func (c *benchImportCmd) Run(ctx context.Context, a *app) error {
	if !c.SQLite && c.Postgres == "" {
		return errors.New("--no-sqlite leaves nothing to measure without --postgres")
	}
	dir, err := os.MkdirTemp(c.Keep, "regulars-bench-")
	if err != nil {
		return err
	}
	if c.Keep == "" {
		defer os.RemoveAll(dir)
	}
	csvPath, rows, err := c.CSV, 0, error(nil)
	if csvPath == "" {
		csvPath, rows, err = c.prepare(ctx, a, dir)
	} else {
		rows, err = countLines(csvPath)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Data: %s, %d orders; %d cores, %s/%s\n", csvPath, rows, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "engine\trows\tfloor s\timport s\timport/floor\tpeak RSS MB\t")
	ratios := map[string][]float64{}
	var pgNote string
	var textRatios []float64
	for run := 0; run < max(c.Runs, 1); run++ {
		if c.SQLite {
			ratio, err := sqliteRun(ctx, tw, dir, csvPath, rows)
			if err != nil {
				return err
			}
			ratios["sqlite"] = append(ratios["sqlite"], ratio)
		}
		if c.Postgres != "" {
			run, err := c.postgres(ctx, tw, csvPath, rows)
			if err != nil {
				return err
			}
			pgNote = run.note
			ratios["postgres"] = append(ratios["postgres"], run.ratio)
			if run.text > 0 {
				textRatios = append(textRatios, run.textRatio)
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if c.Runs > 1 {
		var medians []string
		for _, engine := range []string{"sqlite", "postgres"} {
			if xs := ratios[engine]; len(xs) > 0 {
				medians = append(medians, fmt.Sprintf("%s %.2f×", engine, median(xs)))
			}
		}
		if len(textRatios) > 0 {
			medians = append(medians, fmt.Sprintf("postgres to the COPY into text columns %.2f×", median(textRatios)))
		}
		fmt.Fprintf(a.stdout, "Median import/floor of %d runs: %s\n", c.Runs, strings.Join(medians, ", "))
	}
	if c.SQLite {
		fmt.Fprintln(a.stdout, "SQLite's floor is the same number of order-like rows inserted with one prepared statement in one transaction.")
	}
	if pgNote != "" {
		fmt.Fprintln(a.stdout, pgNote)
	}
	return nil
}

// prepare generates the business into a scratch database and exports its orders.
func (c *benchImportCmd) prepare(ctx context.Context, a *app, dir string) (string, int, error) {
	a.cli.DB = filepath.Join(dir, "source.db")
	if err := a.open(ctx); err != nil {
		return "", 0, err
	}
	st, err := generateDemo(ctx, a, demo.Config{Clients: c.Clients, Seed: 1, AsOf: regulars.MustParseDate("2026-11-22")})
	if err != nil {
		return "", 0, err
	}
	path := filepath.Join(dir, "orders.csv")
	f, err := os.Create(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	w, _ := newTableWriter(f, "csv", "orders")
	if err := (&exportCmd{}).orders(ctx, a, w); err != nil {
		return "", 0, err
	}
	if err := w.Close(); err != nil {
		return "", 0, err
	}
	a.close()
	return path, st.Orders, nil
}

// sqliteRun measures SQLite's floor and import in dir, prints the row, and returns the
// import's ratio to the floor.
func sqliteRun(ctx context.Context, tw *tabwriter.Writer, dir, csvPath string, rows int) (float64, error) {
	floorDB, importDB := filepath.Join(dir, "floor.db"), filepath.Join(dir, "import.db")
	removeSQLite(floorDB)
	removeSQLite(importDB)
	defer removeSQLite(floorDB)
	defer removeSQLite(importDB)
	floor, err := sqliteFloor(ctx, floorDB, rows)
	if err != nil {
		return 0, err
	}
	res, err := childImport(ctx, importDB, csvPath)
	if err != nil {
		return 0, err
	}
	return res.print(tw, "sqlite", rows, floor), nil
}

// removeSQLite removes a SQLite database file and its journal files, if any.
func removeSQLite(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

// median returns the median of xs, which it sorts.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	if n := len(xs); n%2 == 0 {
		return (xs[n/2-1] + xs[n/2]) / 2
	}
	return xs[len(xs)/2]
}

// postgres measures PostgreSQL's floors and import, prints the row, and returns what its
// floor was and the import's ratio to it. Each step runs in a fresh database, after a
// checkpoint, and its database is dropped before the next step: a step measured beside the
// hundreds of megabytes the one before left in the server's buffers was slower (the import
// 4.5-4.7 s against 4.1-4.2 s).
func (c *benchImportCmd) postgres(ctx context.Context, tw *tabwriter.Writer, csvPath string, rows int) (pgRun, error) {
	var run pgRun
	err := c.fresh(ctx, "regulars_bench_floor", func(dsn string) (err error) {
		run.synthetic, err = postgresFloor(ctx, dsn, rows)
		return err
	})
	if err != nil {
		return run, err
	}
	terr := c.fresh(ctx, "regulars_bench_floor", func(dsn string) (err error) {
		run.text, err = postgresCSVFloor(ctx, dsn, csvPath, nil)
		return err
	})
	var types []string
	var yerr error // why the COPY into typed columns is not the floor
	if terr == nil {
		if types, yerr = csvColumnTypes(csvPath); yerr != nil {
			yerr = fmt.Errorf("its columns' types cannot be told: %w", yerr)
		} else {
			yerr = c.fresh(ctx, "regulars_bench_floor", func(dsn string) (err error) {
				run.typed, err = postgresCSVFloor(ctx, dsn, csvPath, types)
				return err
			})
		}
	}
	floor := run.typed
	switch {
	case terr != nil:
		floor = run.synthetic // a sheet COPY cannot load as it is: blank lines, an XLSX…
	case yerr != nil:
		floor = run.text // a sheet COPY loads, but not into columns typed by its values
	}
	var res benchResult
	err = c.fresh(ctx, "regulars_bench_import", func(dsn string) (err error) {
		res, err = childImport(ctx, dsn, csvPath)
		return err
	})
	if err != nil {
		return run, err
	}
	run.ratio = res.print(tw, "postgres", rows, floor)
	if terr != nil {
		run.note = fmt.Sprintf("PostgreSQL's floor is COPY of %d synthetic rows of 12 short typed columns: COPY cannot load the sheet itself (%v).",
			rows, terr)
		return run, nil
	}
	run.textRatio = res.elapsed.Seconds() / run.text.Seconds()
	if yerr != nil {
		run.note = fmt.Sprintf("PostgreSQL's floor is COPY of the CSV file itself into text columns, without indexes: "+
			"not into columns typed as its values are (%v). Beside it: COPY of %d synthetic rows of 12 short typed columns %.2f s (import/that: %.2f×).",
			yerr, rows, run.synthetic.Seconds(), res.elapsed.Seconds()/run.synthetic.Seconds())
		return run, nil
	}
	run.note = fmt.Sprintf("PostgreSQL's floor is COPY of the CSV file itself into a table of its columns typed as their values are (%s), "+
		"without indexes. Beside it: COPY of the file into text columns took %.2f s (import/that: %.2f×); "+
		"COPY of %d synthetic rows of 12 short typed columns %.2f s (import/that: %.2f×).",
		typesSummary(types), run.text.Seconds(), run.textRatio, rows, run.synthetic.Seconds(), res.elapsed.Seconds()/run.synthetic.Seconds())
	return run, nil
}

// pgRun is one measured run on PostgreSQL: its floors, the import's ratio to the floor and
// to the COPY into text columns, and the note that says what the floor was.
type pgRun struct {
	synthetic, text, typed time.Duration
	ratio, textRatio       float64
	note                   string
}

// benchResult is one measured import.
type benchResult struct {
	elapsed time.Duration
	maxRSS  int64 // bytes
}

// print prints the measured row and returns the import's ratio to the floor.
func (r benchResult) print(tw *tabwriter.Writer, engine string, rows int, floor time.Duration) float64 {
	ratio := r.elapsed.Seconds() / floor.Seconds()
	fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f×\t%d\t\n", engine, rows, floor.Seconds(), r.elapsed.Seconds(), ratio, r.maxRSS>>20)
	return ratio
}

// childImport runs `regulars import` on dsn in a child process and measures it. The schema
// is migrated first, by a child of its own: the floors' tables are made before their clocks
// start too (migrating an empty PostgreSQL database takes 0.2 s).
func childImport(ctx context.Context, dsn, csvPath string) (benchResult, error) {
	exe, err := os.Executable()
	if err != nil {
		return benchResult{}, err
	}
	if out, err := exec.CommandContext(ctx, exe, "--db", dsn, "migrate").CombinedOutput(); err != nil {
		return benchResult{}, fmt.Errorf("bench migrate: %w: %s", err, out)
	}
	cmd := exec.CommandContext(ctx, exe, "--db", dsn, "import", "--format", "json", csvPath)
	// The child reports its own peak memory: the rusage of a child counts the memory of the
	// parent it was forked from.
	cmd.Env = append(os.Environ(), "REGULARS_REPORT_PEAK_RSS=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	out, err := cmd.Output()
	elapsed := time.Since(start)
	if err != nil {
		return benchResult{}, fmt.Errorf("bench import: %w: %s%s", err, out, stderr.Bytes())
	}
	res := benchResult{elapsed: elapsed}
	if _, kb, ok := strings.Cut(stderr.String(), "peak RSS KB: "); ok {
		n, _ := strconv.ParseInt(strings.Fields(kb)[0], 10, 64)
		res.maxRSS = n << 10
	}
	return res, nil
}

// sqliteFloor inserts rows order-like rows into a plain table of a new SQLite file, in one
// transaction with one prepared statement: the fastest way to write them, and the floor.
func sqliteFloor(ctx context.Context, path string, rows int) (time.Duration, error) {
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		return 0, err
	}
	defer db.Close()
	sdb := db.SQL()
	if _, err := sdb.ExecContext(ctx, floorTable); err != nil {
		return 0, err
	}
	start := time.Now()
	tx, err := sdb.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO floor VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`)
	if err != nil {
		return 0, err
	}
	for i := 0; i < rows; i++ {
		if _, err := st.ExecContext(ctx, floorRow(i)...); err != nil {
			return 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

const floorTable = `CREATE TABLE floor (client_id BIGINT, service TEXT, title TEXT, amount_minor BIGINT,
	currency TEXT, ordered_on TEXT, due_on TEXT, delivered_on TEXT, status TEXT, import_key BIGINT,
	created_at TEXT, updated_at TEXT)`

func floorRow(i int) []any {
	d := regulars.MustParseDate("2024-01-01").AddDays(i % 1000).String()
	return []any{int64(i%100000 + 1), "Лендинг", "Лендинг для клиента", int64(5000000 + i%1000), "RUB",
		d, d, d, "paid", int64(i) + 1, "2026-11-22T00:00:00Z", "2026-11-22T00:00:00Z"}
}

// postgresFloor copies rows order-like rows into a plain table with COPY.
func postgresFloor(ctx context.Context, dsn string, rows int) (time.Duration, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, floorTable); err != nil {
		return 0, err
	}
	start := time.Now()
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == rows {
			return nil, nil
		}
		i++
		return floorRow(i), nil
	})
	cols := []string{"client_id", "service", "title", "amount_minor", "currency", "ordered_on", "due_on",
		"delivered_on", "status", "import_key", "created_at", "updated_at"}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"floor"}, cols, src); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// postgresCSVFloor copies the CSV file itself, as it is, into a table of as many columns as
// its header has, with COPY in CSV format (the delimiter and encoding the import detects): the
// plain bulk load of the very rows the import reads, and PostgreSQL's floor. The columns are
// of the types given (see csvColumnTypes), or all text when types is nil.
func postgresCSVFloor(ctx context.Context, dsn, csvPath string, types []string) (time.Duration, error) {
	sheet, err := importer.Open(csvPath)
	if err != nil {
		return 0, err
	}
	comma, win1251, ok := sheet.CSVDialect()
	sheet.Close()
	if !ok {
		return 0, errors.New("not a CSV file")
	}
	encoding := "UTF8"
	if win1251 {
		encoding = "WIN1251"
	}
	f, err := os.Open(csvPath)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comma = comma
	header, err := cr.Read()
	if err != nil {
		return 0, fmt.Errorf("%s: %w", csvPath, err)
	}
	cols := make([]string, len(header))
	for i := range cols {
		typ := "TEXT"
		if i < len(types) {
			typ = types[i]
		}
		cols[i] = fmt.Sprintf("c%d %s", i+1, typ)
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE TABLE sheet (`+strings.Join(cols, ", ")+`)`); err != nil {
		return 0, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	// A quoted empty cell ("") is an empty string to COPY, not NULL as an empty one is: in a
	// typed column, NULL too, as the import reads it.
	var typed []string
	for i, t := range types {
		if t != "TEXT" {
			typed = append(typed, fmt.Sprintf("c%d", i+1))
		}
	}
	forceNull := ""
	if len(typed) > 0 {
		forceNull = ", FORCE_NULL (" + strings.Join(typed, ", ") + ")"
	}
	start := time.Now()
	q := fmt.Sprintf(`COPY sheet FROM STDIN (FORMAT csv, HEADER true, DELIMITER '%c', ENCODING '%s'%s)`, comma, encoding, forceNull)
	if _, err := conn.PgConn().CopyFrom(ctx, f, q); err != nil {
		return 0, fmt.Errorf("COPY %s: %w", filepath.Base(csvPath), err)
	}
	return time.Since(start), nil
}

// csvColumnTypes returns the PostgreSQL type of each column of the CSV file at path, as its
// values are: BIGINT where each is a whole number, NUMERIC where each is a decimal number with
// a point (1234.50), DATE where each is a date in ISO form (2026-11-22), else TEXT; empty
// cells, which COPY reads as NULL, fit any. These are the columns a plain table of the sheet's
// orders has in PostgreSQL: COPY reads the numbers and dates as the import does.
func csvColumnTypes(path string) ([]string, error) {
	sheet, err := importer.Open(path)
	if err != nil {
		return nil, err
	}
	comma, _, ok := sheet.CSVDialect()
	sheet.Close()
	if !ok {
		return nil, errors.New("not a CSV file")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comma = comma
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	const whole, decimal, date = 1, 2, 4 // what each column's values may all be, as bits
	may := make([]int, len(header))
	for i := range may {
		may[i] = whole | decimal | date
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		for i, v := range rec {
			if v == "" || may[i] == 0 { // a record has as many fields as the header: encoding/csv sees to it
				continue
			}
			if may[i]&whole != 0 && !wholeNumber(v) {
				may[i] &^= whole
			}
			if may[i]&decimal != 0 && !decimalNumber(v) {
				may[i] &^= decimal
			}
			if may[i]&date != 0 {
				if _, err := regulars.ParseDate(v); err != nil {
					may[i] &^= date
				}
			}
		}
	}
	types := make([]string, len(may))
	for i, m := range may {
		switch {
		case m == whole|decimal|date: // no value at all
			types[i] = "TEXT"
		case m&whole != 0:
			types[i] = "BIGINT"
		case m&decimal != 0:
			types[i] = "NUMERIC"
		case m&date != 0:
			types[i] = "DATE"
		default:
			types[i] = "TEXT"
		}
	}
	return types, nil
}

// wholeNumber reports whether v is a whole number that fits BIGINT: an optional minus and up
// to 18 digits.
func wholeNumber(v string) bool {
	v = strings.TrimPrefix(v, "-")
	if v == "" || len(v) > 18 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// decimalNumber reports whether v is a number with an optional minus and fraction after a
// point: 1234, -1234.50.
func decimalNumber(v string) bool {
	whole, frac, _ := strings.Cut(v, ".")
	return wholeNumber(whole) && (frac == "" && !strings.HasSuffix(v, ".") || wholeNumber(frac) && frac[0] != '-')
}

// typesSummary names how many columns are of each type: "2 BIGINT, 1 NUMERIC, 3 DATE, 7 TEXT".
func typesSummary(types []string) string {
	var out []string
	for _, t := range []string{"BIGINT", "NUMERIC", "DATE", "TEXT"} {
		if n := len(types) - len(slices.DeleteFunc(slices.Clone(types), func(x string) bool { return x == t })); n > 0 {
			out = append(out, fmt.Sprintf("%d %s", n, t))
		}
	}
	return strings.Join(out, ", ")
}

// fresh runs step on a fresh database of the server, after a checkpoint, and drops the
// database after it.
func (c *benchImportCmd) fresh(ctx context.Context, name string, step func(dsn string) error) error {
	dsn, drop, err := freshPostgres(ctx, c.Postgres, name)
	if err != nil {
		return err
	}
	defer drop()
	checkpoint(ctx, c.Postgres)
	return step(dsn)
}

// checkpoint asks the server to write out what the previous step left in its buffers, so
// that a checkpoint does not land in the middle of the next measured step (a superuser's
// right: without it the step is measured as it comes).
func checkpoint(ctx context.Context, server string) {
	if db, err := sql.Open("pgx", server); err == nil {
		db.ExecContext(ctx, `CHECKPOINT`)
		db.Close()
	}
}

// freshPostgres creates an empty database on the server and returns its DSN and a drop func.
func freshPostgres(ctx context.Context, server, name string) (string, func(), error) {
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return "", nil, err
	}
	admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE template0`); err != nil {
		admin.Close()
		return "", nil, err
	}
	drop := func() {
		admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
		admin.Close()
	}
	cfg, err := pgx.ParseConfig(server)
	if err != nil {
		drop()
		return "", nil, err
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", cfg.User, cfg.Host, cfg.Port, name), drop, nil
}

// countLines returns the number of data lines of a CSV file (its lines but the header).
func countLines(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n, buf := 0, make([]byte, 1<<20)
	for {
		k, err := f.Read(buf)
		n += bytes.Count(buf[:k], []byte("\n"))
		if err == io.EOF {
			return n - 1, nil
		} else if err != nil {
			return 0, err
		}
	}
}

// peakRSS returns the peak resident memory of this process in kilobytes (Linux), or 0.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	_, v, _ := strings.Cut(string(b), "VmHWM:")
	n, _ := strconv.ParseInt(strings.Fields(v + " 0")[0], 10, 64)
	return n
}
