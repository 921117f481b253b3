package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/importer"
	"github.com/regulars/regulars/internal/locale"
	"github.com/regulars/regulars/internal/store"
)

type importCmd struct {
	Files     []string `arg:"" help:"CSV, TSV or XLSX files; all are imported in one transaction."`
	Map       []string `help:"Header=field: read the column with this header (or this letter, D) as this field (- drops it). Repeat for more." placeholder:"HEADER=FIELD"`
	Currency  string   `help:"Currency of amounts where the sheet names none (default: the business profile's, else RUB)."`
	DateOrder string   `name:"date-order" enum:",dmy,mdy" default:"" help:"Read ambiguous dates (03/04/2026) as dmy or mdy."`
	Sheet     string   `help:"The sheet of an XLSX workbook to import, by name (default: the first whose header names a client, an order date and an amount)."`
	SkipBad   bool     `name:"skip-bad" help:"Import the good rows and list the bad ones (default: import nothing if any row is bad)."`
	DryRun    bool     `name:"dry-run" help:"Show what would be imported; write nothing."`
	Restore   bool     `name:"restore-deleted" help:"Import the rows of orders and clients deleted in Regulars too (default: leave them out)."`
	Format    string   `short:"f" enum:"table,json" default:"table" help:"Report format: table or json."`
}

func (c *importCmd) Run(ctx context.Context, a *app) error {
	// A million-row import keeps about 150 MB live; without a limit the collector lets the
	// heap grow to twice that before it runs. 320 MB keeps the process under 400 MB. Letting
	// the heap triple under that limit (GOGC 200) was measured: 2-6% less CPU, no gain in
	// time beyond the machine's noise (alternating, 4.79 against 4.84 s), 40 MB more at peak.
	a.limitMemory(320 << 20)
	opts := importer.ImportOptions{Options: importer.Options{Currency: c.Currency, DateOrder: c.DateOrder, Sheet: c.Sheet}, SkipBad: c.SkipBad, DryRun: c.DryRun,
		RestoreDeleted: c.Restore}
	m, err := parseMap(c.Map)
	if err != nil {
		return err
	}
	opts.Map = m
	tr, err := translator() // the progress's and the summary's
	if err != nil {
		return err
	}
	if isTerminal(a.stderr) {
		opts.Progress = func(done, total int, estimated bool) {
			fmt.Fprintf(a.stderr, "\r%s  ", progressLine(tr, done, total, estimated, a.lang))
			if done == total && !estimated {
				fmt.Fprintln(a.stderr)
			}
		}
	}
	if err := distinctFiles(c.Files); err != nil {
		return err
	}
	sheets := make([]*importer.Sheet, 0, len(c.Files))
	defer func() {
		for _, s := range sheets {
			s.Close()
		}
	}()
	for _, f := range c.Files {
		s, err := importer.Open(f)
		if err != nil {
			return err
		}
		sheets = append(sheets, s)
	}
	if err := c.openFor(ctx, a, tr); err != nil {
		return err
	}
	if opts.Currency == "" {
		p, err := regulars.ReadProfile(ctx, store.NewSettingService(a.db))
		if err != nil {
			return err
		}
		opts.Currency = p.Currency
	}
	rep, err := importer.Import(ctx, a.svc.Bulk, a.svc.Catalog, sheets, opts)
	if rep != nil {
		if werr := writeImportReport(a.stdout, a.stderr, tr, c.Format, a.lang, rep, err); werr != nil && err == nil {
			err = werr
		}
	}
	if a.getenv("REGULARS_REPORT_PEAK_RSS") != "" { // for `regulars bench import`, the report written too
		fmt.Fprintf(a.stderr, "peak RSS KB: %d\n", peakRSS())
	}
	if err != nil && rep != nil && rep.FailureText(a.lang) != "" {
		fmt.Fprintln(a.stderr, "regulars: "+rep.FailureText(a.lang)) // in the user's language, as the rows were
		return exitError(exitCode(err))
	}
	return err
}

// openFor opens the database the import is for. A dry run against a SQLite file that is not
// there, or is empty, plans for an empty base in a file of its own, removed when the command
// ends, so that it makes no database where a mistyped --db said, and writes no schema into an
// empty file; it says so.
func (c *importCmd) openFor(ctx context.Context, a *app, tr *locale.Translator) error {
	if !c.DryRun || store.IsPostgres(a.cli.DB) {
		return a.open(ctx)
	}
	if st, err := os.Stat(a.cli.DB); err == nil && st.Size() > 0 || err != nil && !errors.Is(err, fs.ErrNotExist) {
		return a.open(ctx)
	}
	dir, err := os.MkdirTemp("", "regulars-dry-run-")
	if err != nil {
		return err
	}
	a.cleanups = append(a.cleanups, func() { os.RemoveAll(dir) })
	fmt.Fprintln(a.stderr, tr.T(a.lang, "import.cli.no_database", "Path", a.cli.DB))
	return a.openDSN(ctx, filepath.Join(dir, "regulars.db"), store.Options{})
}

// parseMap parses --map values "Header=field".
func parseMap(vals []string) (map[string]string, error) {
	m := map[string]string{}
	for _, v := range vals {
		h, f, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(h) == "" {
			return nil, regulars.Errorf(regulars.EINVALID, "--map %q: want Header=field.", v).Keyed("err.map_flag", "Value", v)
		}
		m[strings.TrimSpace(h)] = strings.TrimSpace(f)
	}
	return m, nil
}

// writeImportReport writes the report: JSON on stdout, or a summary for people, in lang, with
// the problem rows on stderr, their errors and reasons in lang too (the domain's validation
// errors, such as an email's, stay English). An import that failed (err) on something else than bad rows has no summary: it read no rows.
func writeImportReport(stdout, stderr io.Writer, tr *locale.Translator, format, lang string, r *importer.Report, failed error) error {
	if format == formatJSON {
		return writeImportJSON(stdout, r)
	}
	for _, s := range r.Skipped {
		col := ""
		if s.Column != "" {
			col = tr.T(lang, "import.cli.bad_column", "Column", strconv.QuoteToGraphic(s.Column))
		}
		fmt.Fprintln(stderr, tr.T(lang, "import.cli.bad_row", "File", s.File, "Row", s.Row, "Column", col,
			"Value", strconv.QuoteToGraphic(s.Value), "Error", s.Text(lang)))
	}
	if more := r.SkippedCount - len(r.Skipped); more > 0 {
		fmt.Fprintln(stderr, tr.N(lang, "import.cli.more_bad", more))
	}
	for _, f := range r.Columns {
		switch {
		case f.HeaderFrom > 0 && f.AboveHeader > 0:
			fmt.Fprintln(stderr, tr.N(lang, "import.cli.above_header_two", f.AboveHeader, "File", f.File, "From", f.HeaderFrom, "Row", f.HeaderRow))
		case f.HeaderFrom > 0:
			fmt.Fprintln(stderr, tr.T(lang, "import.cli.header_two", "File", f.File, "From", f.HeaderFrom, "Row", f.HeaderRow))
		case f.AboveHeader > 0:
			fmt.Fprintln(stderr, tr.N(lang, "import.cli.above_header", f.AboveHeader, "File", f.File, "Row", f.HeaderRow))
		}
		if len(f.OtherSheets) > 0 {
			if len(f.PassedSheets) > 0 {
				fmt.Fprintln(stderr, tr.N(lang, "import.cli.sheet_passed", len(f.PassedSheets), "File", f.File, "Sheet", f.SheetText(),
					"Others", f.PassedSheetsText()))
			}
			fmt.Fprintln(stderr, tr.N(lang, "import.cli.other_sheets", len(f.OtherSheets), "File", f.File, "Sheet", f.SheetText(),
				"Others", f.OtherSheetsText()))
		}
		for _, c := range f.Columns {
			switch {
			case c.TakenBy != "":
				fmt.Fprintln(stderr, tr.T(lang, "import.cli.unused_column", "File", f.File, "Letter", c.Letter,
					"Header", c.Header, "Field", c.Guess, "TakenBy", c.TakenBy, "Key", c.Key))
			case c.Header == "" && c.Field == "" && !c.Dropped && len(c.Samples) > 0: // a cell past the header: an unquoted delimiter?
				samples := make([]string, len(c.Samples))
				for i, v := range c.Samples {
					samples[i] = strconv.Quote(v)
				}
				fmt.Fprintln(stderr, tr.T(lang, "import.cli.headless_column", "File", f.File, "Letter", c.Letter,
					"Samples", strings.Join(samples, ", ")))
			}
		}
	}
	verb, skipped := "import.cli.imported", "import.cli.skipped"
	switch {
	case r.DryRun && failed != nil:
		verb, skipped = "import.cli.would_import_skip_bad", "import.cli.would_skip"
	case r.DryRun:
		verb, skipped = "import.cli.would_import", "import.cli.would_skip"
	case !r.Written:
		return nil
	}
	if failed != nil && r.SkippedCount == 0 {
		return nil
	}
	if r.DryRun {
		writeColumns(stdout, tr, lang, r.Columns)
	}
	orders := []string{tr.N(lang, "import.cli.orders_new", r.OrdersCreated), tr.N(lang, "import.cli.orders_existing", r.OrdersExisting),
		tr.N(lang, "import.cli.orders_updated", r.OrdersUpdated)}
	if r.OrdersRefunded > 0 {
		orders = append(orders, tr.N(lang, "import.cli.orders_refunded", r.OrdersRefunded))
	}
	if r.RefundsPartial > 0 {
		orders = append(orders, tr.N(lang, "import.cli.refunds_partial", r.RefundsPartial))
	}
	if r.OrdersKept > 0 {
		orders = append(orders, tr.N(lang, "import.cli.orders_kept", r.OrdersKept))
	}
	if r.OrdersDeleted > 0 {
		orders = append(orders, tr.N(lang, "import.cli.orders_deleted", r.OrdersDeleted))
	}
	fmt.Fprintf(stdout, "%s: %s; %s, %s.\n", tr.N(lang, verb, r.Rows-r.SkippedCount), strings.Join(orders, ", "),
		tr.N(lang, "import.cli.clients_new", r.ClientsCreated), tr.N(lang, "import.cli.clients_matched", r.ClientsMatched))
	if r.ClientsUpdated > 0 {
		fmt.Fprintln(stdout, tr.N(lang, "import.cli.clients_updated", r.ClientsUpdated))
	}
	for _, a := range r.Amended {
		fmt.Fprintln(stdout, tr.T(lang, "import.cli.amended", "File", a.File, "Row", a.Row, "Order", a.OrderID,
			"Client", a.Client, "Was", locale.Money(a.Was(), lang), "Amount", locale.Money(a.Money(), lang)))
	}
	if more := r.AmendedCount - len(r.Amended); more > 0 {
		fmt.Fprintln(stdout, tr.N(lang, "import.cli.more_amended", more))
	}
	for i, d := range r.DeletedClients {
		if i == maxDuplicateLines {
			fmt.Fprintln(stdout, tr.N(lang, "import.cli.more_deleted_clients", len(r.DeletedClients)-i))
			break
		}
		fmt.Fprintln(stdout, tr.N(lang, "import.cli.deleted_client", d.Rows, "Name", d.Name, "ID", d.ClientID))
	}
	if len(r.DeletedClients) > 0 {
		fmt.Fprintln(stdout, tr.T(lang, "import.cli.deleted_clients_hint"))
	}
	for _, u := range r.RefundsUnmatched {
		fmt.Fprintln(stdout, tr.T(lang, "import.cli.refund_unmatched", "File", u.File, "Row", u.Row,
			"Amount", locale.Money(u.Money(), lang), "Client", u.Client))
	}
	if more := r.RefundsUnmatchedCount - len(r.RefundsUnmatched); more > 0 {
		fmt.Fprintln(stdout, tr.N(lang, "import.cli.more_refunds_unmatched", more))
	}
	for _, i := range r.Ignored {
		if i.ToRow > 0 {
			fmt.Fprintln(stdout, tr.T(lang, "import.cli.ignored_run", "File", i.File, "Row", i.Row, "Last", i.ToRow, "Reason", i.Text(lang)))
		} else {
			fmt.Fprintln(stdout, tr.T(lang, "import.cli.ignored", "File", i.File, "Row", i.Row, "Reason", i.Text(lang)))
		}
	}
	if r.SkippedCount > 0 {
		fmt.Fprintln(stdout, tr.N(lang, skipped, r.SkippedCount))
	}
	for i, s := range r.SharedContacts {
		if i == maxDuplicateLines {
			fmt.Fprintln(stdout, tr.N(lang, "import.cli.more_shared", len(r.SharedContacts)-i))
			break
		}
		fmt.Fprintln(stdout, tr.T(lang, "import.cli.shared", "File", s.File, "Row", s.Row, "Name", s.Name, "Client", s.Other))
	}
	for i, d := range r.Duplicates {
		if i == maxDuplicateLines {
			fmt.Fprintln(stdout, tr.N(lang, "import.cli.more_duplicates", len(r.Duplicates)-i))
			break
		}
		names := strings.Join(d.Names, " / ")
		if r.DryRun {
			fmt.Fprintln(stdout, tr.T(lang, "import.cli.duplicate_plan", "Names", names, "Reason", d.ReasonText(lang)))
			continue
		}
		ids := make([]string, len(d.ClientIDs))
		for i, id := range d.ClientIDs {
			ids[i] = itoa(id)
		}
		fmt.Fprintln(stdout, tr.T(lang, "import.cli.duplicate", "IDs", strings.Join(ids, ", "), "Names", names,
			"Reason", d.ReasonText(lang), "A", ids[0], "B", ids[1]))
	}
	return nil
}

// maxDuplicateLines is how many possible duplicates the table report lists.
const maxDuplicateLines = 20

// isTerminal reports whether w is a terminal, to show progress only to people.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}

// progressLine says how far an import is: "Importing: 10,000 of about 1,000,000 rows (1%)".
func progressLine(tr *locale.Translator, done, total int, estimated bool, lang string) string {
	id := "import.progress"
	if estimated {
		id = "import.progress_about"
	}
	return tr.N(lang, id, total, "Done", locale.Number(strconv.Itoa(done), lang), "Pct", done*100/max(total, 1))
}

// distinctFiles refuses a file named twice (by any path): one import of the same rows twice
// would make every order twice, since identical rows inside one import are separate orders.
func distinctFiles(files []string) error {
	seen := make([]os.FileInfo, 0, len(files))
	for i, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			return inputError(f, err)
		}
		if fi.IsDir() {
			return regulars.Errorf(regulars.EINVALID, "%s is a directory; name the sheets in it.", f).Keyed("import.err.directory_arg", "Path", f)
		}
		for j, other := range seen {
			if os.SameFile(fi, other) {
				return regulars.Errorf(regulars.EINVALID, "%s is named twice (as file %d and file %d): one import would make each of its orders twice. Name it once.", f, j+1, i+1).Keyed("err.file_twice", "File", f, "First", j+1, "Second", i+1)
			}
		}
		seen = append(seen, fi)
	}
	return nil
}

// writeColumns lists how each file's columns are read, as a dry run shows them before the
// plan: the field each column gives, with the format of its dates or amounts, or that it is
// not imported.
func writeColumns(w io.Writer, tr *locale.Translator, lang string, files []importer.FileLayout) {
	for _, f := range files {
		if f.HeaderFrom > 0 {
			fmt.Fprintln(w, tr.T(lang, "import.cli.columns_two", "File", f.File, "From", f.HeaderFrom, "Row", f.HeaderRow))
		} else {
			fmt.Fprintln(w, tr.T(lang, "import.cli.columns", "File", f.File, "Row", f.HeaderRow))
		}
		for _, c := range f.Columns {
			header := ""
			if c.Header != "" {
				header = " " + strconv.QuoteToGraphic(c.Header)
			}
			format := "" // of a field's values, or why a guess was let go: "not dates"
			if c.Format != "" {
				format = " (" + c.FormatText(lang) + ")"
			}
			if c.Field == "" {
				fmt.Fprintln(w, tr.T(lang, "import.cli.column_unused", "Letter", c.Letter, "Header", header)+format)
				continue
			}
			fmt.Fprintln(w, tr.T(lang, "import.cli.column", "Letter", c.Letter, "Header", header,
				"Field", tr.T(lang, "import.f."+c.Field), "Format", format))
		}
	}
}
