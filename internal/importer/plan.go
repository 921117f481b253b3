package importer

import (
	"context"
	"fmt"

	"github.com/regulars/regulars"
)

// An import reads its sheets three times, so that nothing is written unless everything can be:
//
//  1. Layout: what each column means, and how its dates and amounts are written;
//  2. check: every row parsed and validated; bad rows are collected, nothing is written;
//  3. write: if no row is bad (or SkipBad is set), every good row is matched to a client and
//     written through a regulars.Loader in one transaction; DryRun rolls it back.
//
// Matching (see matcher) and the order keys that make re-imports add only new rows (see
// orderKey) are rules, so they live here, not in the store.

// ImportOptions control Import.
type ImportOptions struct {
	Options
	SkipBad bool // write the good rows and list the bad ones, instead of writing nothing
	DryRun  bool // plan everything and write nothing

	// Progress, when set, is called now and then during the write pass with the rows done
	// and the rows in all.
	Progress func(done, total int)
}

// Report says what an import did, or would do on a dry run.
type Report struct {
	Rows           int  `json:"rows"`
	OrdersCreated  int  `json:"orders_created"`
	OrdersExisting int  `json:"orders_existing"`
	OrdersUpdated  int  `json:"orders_updated"` // existing orders whose status or dates the sheet changed
	ClientsCreated int  `json:"clients_created"`
	ClientsMatched int  `json:"clients_matched"` // existing clients the sheet's rows matched
	DryRun         bool `json:"dry_run"`
	Written        bool `json:"written"`

	Ignored    []IgnoredRow `json:"ignored"`
	Skipped    []SkippedRow `json:"skipped"`
	Duplicates []Duplicate  `json:"duplicates"`
	Columns    []FileLayout `json:"columns"`
}

// IgnoredRow is a row left out on purpose.
type IgnoredRow struct {
	File   string `json:"file"`
	Row    int    `json:"row"`
	Reason string `json:"reason"`
}

// SkippedRow is a bad row.
type SkippedRow struct {
	File   string `json:"file"`
	Row    int    `json:"row"`
	Column string `json:"column"`
	Value  string `json:"value"`
	Error  string `json:"error"`
}

// FileLayout is how the columns of one file were understood.
type FileLayout struct {
	File    string       `json:"file"`
	Columns []ColumnInfo `json:"columns"`
}

// ColumnInfo is one column as understood.
type ColumnInfo struct {
	Header  string   `json:"header"`
	Field   string   `json:"field"`
	Format  string   `json:"format,omitempty"`
	Samples []string `json:"samples"`
}

// Import reads the sheets and writes their orders and clients through bulk in one transaction.
// With bad rows and no SkipBad it writes nothing and returns the report with an EINVALID error.
func Import(ctx context.Context, bulk regulars.BulkService, catalog regulars.CatalogService, sheets []*Sheet, opts ImportOptions) (*Report, error) {
	rep := &Report{DryRun: opts.DryRun, Ignored: []IgnoredRow{}, Skipped: []SkippedRow{}, Duplicates: []Duplicate{}}
	layouts := make([]*Layout, len(sheets))
	for i, s := range sheets {
		l, err := s.Layout(opts.Options)
		if err != nil {
			return rep, err
		}
		layouts[i] = l
		rep.Columns = append(rep.Columns, describeLayout(s.Name(), l))
	}
	good, err := check(layouts, rep)
	if err != nil {
		return rep, err
	}
	if len(rep.Skipped) > 0 && !opts.SkipBad {
		return rep, regulars.Errorf(regulars.EINVALID, "%s; nothing was imported. Fix them, or use --skip-bad to import the other rows.",
			countPhrase(len(rep.Skipped), "bad row", "bad rows"))
	}
	if err := write(ctx, bulk, catalog, layouts, good, opts, rep); err != nil {
		return rep, err
	}
	return rep, nil
}

func describeLayout(file string, l *Layout) FileLayout {
	fl := FileLayout{File: file}
	for _, c := range l.Columns {
		samples := c.Samples
		if samples == nil {
			samples = []string{}
		}
		fl.Columns = append(fl.Columns, ColumnInfo{Header: c.Header, Field: c.Field, Format: c.Format, Samples: samples})
	}
	return fl
}

// check runs the parse pass: it counts rows, collects bad and ignored ones, and returns the
// number of good rows. An order that parses but does not validate is a bad row too.
func check(layouts []*Layout, rep *Report) (int, error) {
	good := 0
	for _, l := range layouts {
		err := l.Each(func(row *Row, bad *RowError, ign *Ignored) error {
			switch {
			case ign != nil:
				rep.Ignored = append(rep.Ignored, IgnoredRow{File: ign.File, Row: ign.Line, Reason: ign.Reason})
				return nil
			case bad == nil:
				if err := rowOrder(row, -1).Validate(); err != nil {
					bad = validationError(row, err)
				} else if err := rowClient(row).Validate(); err != nil {
					bad = validationError(row, err)
				}
			}
			rep.Rows++
			if bad != nil {
				rep.Skipped = append(rep.Skipped, SkippedRow{File: bad.File, Row: bad.Line, Column: bad.Column, Value: bad.Value, Error: bad.Error})
				return nil
			}
			good++
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	return good, nil
}

// validationError turns an order's validation error into a bad row naming the field.
func validationError(row *Row, err error) *RowError {
	re := &RowError{File: row.File, Line: row.Line, Error: regulars.ErrorMessage(err)}
	var e *regulars.Error
	if ok := asError(err, &e); ok {
		for f := range e.Fields {
			re.Column = f
		}
	}
	return re
}

// rowOrder returns the order a row describes, for the client clientID.
func rowOrder(row *Row, clientID int64) *regulars.Order {
	return &regulars.Order{ClientID: clientID, Service: row.Service, Title: row.Title, Amount: row.Amount,
		OrderedOn: row.OrderedOn, DueOn: row.DueOn, DeliveredOn: row.DeliveredOn, Status: row.Status}
}

// rowClient returns the client a row describes.
func rowClient(row *Row) *regulars.Client {
	return &regulars.Client{Name: row.Name, Company: row.Company, Email: row.Email, Phone: row.Phone,
		Messenger: row.Messenger, Industry: row.Industry, Source: row.Source, Notes: row.Notes,
		Tags: append([]string(nil), row.Tags...)}
}

func countPhrase(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
