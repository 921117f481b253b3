package importer

import (
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/locale"
)

// An import reads its sheets in two passes:
//
//  1. Layout: what each column means, and how its dates and amounts are written. A decision
//     per column needs the whole column; a long CSV sheet's are made from its first rows
//     (layoutPrefix) and confirmed by the write pass, which tallies the rest as it reads them.
//  2. write: every row is parsed and validated; each good one is matched to a client and
//     written through a regulars.Loader, all in one transaction. Once a bad row is seen (and
//     SkipBad is not set) writing stops, the rest is still read to report every bad row, and
//     the transaction is rolled back: nothing is written unless everything can be. DryRun rolls
//     back too. Before it commits, the decisions are confirmed: should the whole sheet decide
//     otherwise than its first rows did, the pass is rolled back and run again with the
//     whole sheet's decisions. The result is always that of deciding from the whole sheet, but
//     for the IDs: PostgreSQL does not take back the IDs the first run reserved.
//
// Matching (see matcher) and the order keys that make re-imports add only new rows (see
// regulars.ImportKeys) are rules, so they live outside the store.

// ImportOptions control Import.
type ImportOptions struct {
	Options
	SkipBad bool // write the good rows and list the bad ones, instead of writing nothing
	DryRun  bool // plan everything and write nothing
	// RestoreDeleted imports the rows of the orders and the clients deleted in Regulars too,
	// making them again, instead of leaving them out (see Report.OrdersDeleted).
	RestoreDeleted bool
	// LooseMap leaves out a Map header that no sheet's header row has, instead of refusing
	// it: the web page's choices for the columns of a sheet no longer chosen.
	LooseMap bool

	// Progress, when set, is called now and then during the write pass with the rows done
	// and the rows in all; estimated says that total is an estimate, which the last call,
	// with done equal to total, never is.
	Progress func(done, total int, estimated bool)

	layoutPrefix int // the rows a layout is decided from before the write pass; 0: layoutPrefix
}

// MaxSkippedListed is how many bad rows a report lists, and how many unmatched refund rows
// and amended orders; it counts them all. A sheet of a
// million bad rows (another sheet than meant, a column of words) listed each in 1 GB of
// memory and as many lines.
const MaxSkippedListed = 10_000

// Report says what an import did, or would do on a dry run.
type Report struct {
	Rows           int `json:"rows"`
	OrdersCreated  int `json:"orders_created"`
	OrdersExisting int `json:"orders_existing"`
	OrdersUpdated  int `json:"orders_updated"` // existing orders whose status or dates the sheet changed
	// OrdersKept is, of the existing and updated orders, those whose status or dates were
	// changed in Regulars since an import and that keep a change the sheet does not make:
	// where the sheet still says what it said then, Regulars' change stands.
	OrdersKept int `json:"orders_kept"`
	// OrdersDeleted is the rows of orders deleted in Regulars since an import made them, and
	// of clients deleted there: they stay deleted.
	OrdersDeleted int `json:"orders_deleted"`
	// DeletedClients is the clients deleted in Regulars that rows named: their rows are left
	// out, and counted in OrdersDeleted. A client added again with such an email or phone
	// (or, known by name alone, with that name) takes them.
	DeletedClients []DeletedClient `json:"deleted_clients"`
	// OrdersRefunded is the orders, new or stored, that the sheets' refund rows (a negative
	// amount with a refund status) marked refunded; RefundsUnmatched the refund rows that
	// matched no order, kept as refunded orders of their own (see settleRefunds).
	OrdersRefunded int `json:"orders_refunded"`
	SkippedCount   int `json:"skipped_count"` // the bad rows, listed in Skipped up to MaxSkippedListed
	RefundRows     int `json:"refund_rows"`   // refund rows that refunded an order, in this import or an earlier one
	// RefundsPartial is this import's refund rows that refunded part of an order (see
	// settleRefunds), which keeps its status and counts what is left of its amount.
	RefundsPartial int `json:"refunds_partial"`
	ClientsCreated int `json:"clients_created"`
	ClientsMatched int `json:"clients_matched"` // existing clients the sheet's rows matched
	// ClientsUpdated is the clients, existing or new, given an email or a phone they had none
	// of by a row that matched them by their other key.
	ClientsUpdated int  `json:"clients_updated"`
	DryRun         bool `json:"dry_run"`
	Written        bool `json:"written"`

	Ignored    []IgnoredRow `json:"ignored"`
	Skipped    []SkippedRow `json:"skipped"` // the first MaxSkippedListed of the bad rows
	Duplicates []Duplicate  `json:"duplicates"`
	// SharedContacts is the clients that a row of another name found by their email or phone
	// (a family's phone, an office's mailbox): maybe two people the rules made one. The first
	// row of each, up to MaxSkippedListed.
	SharedContacts []SharedContact `json:"shared_contacts"`
	Columns        []FileLayout    `json:"columns"`

	// RefundsUnmatched is the first MaxSkippedListed of them, RefundsUnmatchedCount counts all.
	RefundsUnmatched      []UnmatchedRefund `json:"refunds_unmatched"`
	RefundsUnmatchedCount int               `json:"refunds_unmatched_count"`
	// Amended is the first MaxSkippedListed of the stored orders whose amount a row corrected,
	// counted as updated (see settleAmendments); AmendedCount counts them all.
	Amended      []AmendedOrder `json:"amended"`
	AmendedCount int            `json:"amended_count"`

	stoppedByBad bool // bad rows, and no SkipBad: nothing was (or would be) written
}

// sameContent refuses two sheets with the same bytes, under whatever names: importing both
// would make every order of theirs twice. Only sheets of one size are read for it.
func sameContent(sheets []*Sheet) error {
	bySize := map[int64][]int{}
	for i, s := range sheets {
		bySize[s.size] = append(bySize[s.size], i)
	}
	sums := map[[sha256.Size]byte]int{}
	for i, s := range sheets {
		if len(bySize[s.size]) < 2 {
			continue
		}
		ra, err := s.readerAt()
		if err != nil {
			return err
		}
		h := sha256.New()
		if _, err := io.Copy(h, io.NewSectionReader(ra, 0, s.size)); err != nil {
			return fileError(s.name, msg("import.err.cannot_read", "Err", pathErrorText(err)))
		}
		sum := [sha256.Size]byte(h.Sum(nil))
		if j, ok := sums[sum]; ok {
			return keyedError(msg("import.err.same_content", "A", sheets[j].name, "B", s.name))
		}
		sums[sum] = i
	}
	return nil
}

// ignore lists an ignored row; blank rows in a run are listed as one: a sheet may have a
// million empty rows before a stray cell.
func (r *Report) ignore(ign *Ignored) {
	last := max(ign.Last, ign.Line)
	blank := ign.msg.id == reasonBlank.id || ign.msg.id == reasonBlanks.id
	if n := len(r.Ignored); n > 0 && blank {
		if p := &r.Ignored[n-1]; (p.msg.id == reasonBlank.id || p.msg.id == reasonBlanks.id) && p.File == ign.File && max(p.ToRow, p.Row)+1 == ign.Line {
			p.ToRow, p.Reason, p.msg = last, reasonBlanks.String(), reasonBlanks
			return
		}
	}
	i := IgnoredRow{File: ign.File, Row: ign.Line, Reason: ign.Reason, msg: ign.msg}
	if last > ign.Line {
		i.ToRow, i.Reason, i.msg = last, reasonBlanks.String(), reasonBlanks
	}
	r.Ignored = append(r.Ignored, i)
}

// FailureText says, in lang, that bad rows stopped the import, or returns "" when they did not.
func (r *Report) FailureText(lang string) string {
	switch {
	case !r.stoppedByBad:
		return ""
	case r.DryRun:
		return catalogue().N(lang, "import.would_fail_bad", r.SkippedCount)
	}
	return catalogue().N(lang, "import.failed_bad", r.SkippedCount)
}

// IgnoredRow is a row left out on purpose.
type IgnoredRow struct {
	File   string `json:"file"`
	Row    int    `json:"row"`
	ToRow  int    `json:"to_row,omitempty"` // the last row of a run of blank rows
	Reason string `json:"reason"`           // in English
	msg    message
}

// Text returns why the row was left out, in lang.
func (i IgnoredRow) Text(lang string) string { return i.msg.or(i.Reason, lang) }

// SkippedRow is a bad row.
type SkippedRow struct {
	File   string `json:"file"`
	Row    int    `json:"row"`
	Column string `json:"column"`
	Value  string `json:"value"`
	Error  string `json:"error"` // in English
	msg    message
}

// Text returns what is wrong with the row, in lang.
func (s SkippedRow) Text(lang string) string { return s.msg.or(s.Error, lang) }

// FileLayout is how the columns of one file were understood.
type FileLayout struct {
	File    string       `json:"file"`
	Columns []ColumnInfo `json:"columns"`
	// Sheet is the XLSX sheet read (see Sheet.pickSheet); OtherSheets are the other visible
	// sheets, which are not.
	Sheet       string   `json:"sheet,omitempty"`
	OtherSheets []string `json:"other_sheets,omitempty"`
	// PassedSheets are the other sheets before Sheet, which name no order's columns.
	PassedSheets []string `json:"passed_sheets,omitempty"`
	// HeaderRow is the sheet row of the header; HeaderFrom, of a header of two rows read as
	// one, the first; AboveHeader counts the rows above it that are not blank (a title, a
	// note), which are not imported.
	HeaderRow   int `json:"header_row"`
	HeaderFrom  int `json:"header_from,omitempty"`
	AboveHeader int `json:"above_header,omitempty"`
}

// OtherSheetsText returns the other sheets' names quoted, for messages: "Второй", "Итоги".
func (f FileLayout) OtherSheetsText() string { return quotedList(f.OtherSheets) }

// PassedSheetsText is OtherSheetsText of the passed sheets.
func (f FileLayout) PassedSheetsText() string { return quotedList(f.PassedSheets) }

// SheetText returns the sheet's name quoted, as OtherSheetsText does.
func (f FileLayout) SheetText() string { return strconv.QuoteToGraphic(f.Sheet) }

// formatWords names the catalogue's messages of the formats (and reasons) that a column's
// Format gives in words; a date pattern such as dd.mm.yyyy reads the same in every language.
var formatWords = map[string]string{"decimal comma": "import.format.decimal_comma", "decimal point": "import.format.decimal_point",
	"xlsx number": "import.format.xlsx_number", "xlsx date": "import.format.xlsx_date",
	"numbers, not dates": "import.format.numbers_not_dates", "not dates": "import.format.not_dates",
	"operations": "import.format.operations"}

// FormatText returns the column's Format in lang.
func (c ColumnInfo) FormatText(lang string) string {
	if id, ok := formatWords[c.Format]; ok {
		return catalogue().T(lang, id)
	}
	return c.Format
}

// ColumnInfo is one column as understood.
type ColumnInfo struct {
	Header  string   `json:"header"`
	Letter  string   `json:"letter"` // A, B, …, AA
	Field   string   `json:"field"`
	Format  string   `json:"format,omitempty"`
	Samples []string `json:"samples"`
	// An unused column whose header suggests a field (or that Map gave one) another column
	// has: that field and the other column's letter.
	Guess   string `json:"guess,omitempty"`
	TakenBy string `json:"taken_by,omitempty"`
	Dropped bool   `json:"dropped,omitempty"` // by --map "Header=-"
	// Key is what names this column alone in Map: its header, or its letter when the header
	// is empty or another column's too.
	Key string `json:"-"`
}

// Import reads the sheets and writes their orders and clients through bulk in one transaction.
// With bad rows and no SkipBad it writes nothing and returns the report with an EINVALID error.
func Import(ctx context.Context, bulk regulars.BulkService, catalog regulars.CatalogService, sheets []*Sheet, opts ImportOptions) (*Report, error) {
	if err := opts.Options.validate(); err != nil { // once for all the sheets, not named after one
		return nil, err
	}
	if err := sameContent(sheets); err != nil {
		return nil, err
	}
	rep := newReport(opts)
	layouts := make([]*Layout, len(sheets))
	prefix := opts.layoutPrefix
	if prefix == 0 {
		prefix = layoutPrefix
	}
	for i, s := range sheets {
		l, err := s.layout(opts.Options, prefix)
		if err != nil {
			return layoutFailed(sheets, layouts[:i], opts, err)
		}
		layouts[i] = l
	}
	if err := unmatchedMap(layouts); err != nil && !opts.LooseMap {
		rep.Columns = describeLayouts(layouts)
		return rep, err
	}
	err := write(ctx, bulk, catalog, layouts, opts, rep)
	if err == errRelayout { // write put the whole sheets' layouts in place of the prefixes'
		rep = newReport(opts)
		err = write(ctx, bulk, catalog, layouts, opts, rep)
	}
	if le, ok := err.(layoutError); ok {
		return layoutFailed(sheets, layouts[:le.sheet], opts, le.error)
	}
	rep.Columns = describeLayouts(layouts)
	if err != nil {
		if !rep.Written {
			rep.nothingWritten()
		}
		return rep, err
	}
	if rep.SkippedCount > 0 && !opts.SkipBad {
		if !opts.DryRun {
			rep.nothingWritten()
		}
		rep.stoppedByBad = true
		return rep, regulars.Errorf(regulars.EINVALID, "%s", rep.FailureText(locale.EN))
	}
	return rep, nil
}

// nothingWritten clears the counts of what a failed import would have written: it wrote none
// of it. The rows read, ignored and bad stay.
func (r *Report) nothingWritten() {
	r.OrdersCreated, r.OrdersExisting, r.OrdersUpdated, r.OrdersRefunded, r.ClientsCreated, r.ClientsMatched = 0, 0, 0, 0, 0, 0
	r.OrdersKept, r.OrdersDeleted, r.ClientsUpdated = 0, 0, 0
	r.RefundRows, r.RefundsPartial, r.Amended, r.RefundsUnmatched = 0, 0, []AmendedOrder{}, []UnmatchedRefund{}
	r.AmendedCount, r.RefundsUnmatchedCount = 0, 0
	r.Duplicates, r.DeletedClients = []Duplicate{}, []DeletedClient{}
}

// layoutFailed returns what deciding the layouts from whole sheets returns when the sheet after
// the given ones fails with err: the error of an earlier sheet decided from its first rows
// that fails as a whole comes first, and the report shows the columns of the sheets before the
// failing one, and of a failing workbook its sheets, the one read and the others.
func layoutFailed(sheets []*Sheet, before []*Layout, opts ImportOptions, err error) (*Report, error) {
	rep := newReport(opts)
	for i, l := range before {
		if l.tally != nil {
			full, ferr := sheets[i].layout(opts.Options, 0)
			if ferr != nil {
				rep.Columns = describeLayouts(before[:i])
				return rep, ferr
			}
			before[i] = full
		}
	}
	rep.Columns = describeLayouts(before)
	if i := len(before); i < len(sheets) && sheets[i].xlsx != nil && len(sheets[i].xlsx.sheets) > 1 {
		// The workbook whose sheet could not be read: which one it was, and the others, so
		// that the web page offers another (its columns are not known).
		x := sheets[i].xlsx
		rep.Columns = append(rep.Columns, FileLayout{File: sheets[i].name, Columns: []ColumnInfo{},
			Sheet: x.sheetName(), OtherSheets: x.others(), PassedSheets: x.passed()})
	}
	return rep, err
}

func newReport(opts ImportOptions) *Report {
	return &Report{DryRun: opts.DryRun, Ignored: []IgnoredRow{}, Skipped: []SkippedRow{}, Duplicates: []Duplicate{}, SharedContacts: []SharedContact{},
		DeletedClients: []DeletedClient{}, RefundsUnmatched: []UnmatchedRefund{}, Amended: []AmendedOrder{}}
}

func describeLayouts(layouts []*Layout) []FileLayout {
	if len(layouts) == 0 {
		return nil
	}
	out := make([]FileLayout, len(layouts))
	for i, l := range layouts {
		out[i] = describeLayout(l)
	}
	return out
}

func describeLayout(l *Layout) FileLayout {
	fl := FileLayout{File: l.File, HeaderRow: l.HeaderLine, HeaderFrom: l.HeaderFrom, AboveHeader: l.Above}
	if x := l.sheet.xlsx; x != nil {
		fl.Sheet, fl.OtherSheets, fl.PassedSheets = x.sheetName(), x.others(), x.passed()
	}
	headers := make(map[string]int, len(l.Columns))
	for _, c := range l.Columns {
		headers[strings.ToLower(c.Header)]++
	}
	for _, c := range l.Columns {
		samples := c.Samples
		if samples == nil {
			samples = []string{}
		}
		key := c.Header
		if key == "" || headers[strings.ToLower(key)] > 1 {
			key = c.Letter()
		}
		fl.Columns = append(fl.Columns, ColumnInfo{Header: c.Header, Letter: c.Letter(), Field: c.Field, Format: c.Format,
			Samples: samples, Guess: c.Guess, TakenBy: c.TakenBy, Dropped: c.Dropped, Key: key})
	}
	return fl
}

// validationError turns an order's or client's validation error into a bad row naming the
// sheet's column (when the field has one) and the value read from it.
func validationError(l *Layout, row *Row, err error) *RowError {
	re := &RowError{File: row.File, Line: row.Line, Error: regulars.ErrorMessage(err)}
	var e *regulars.Error
	if !errors.As(err, &e) {
		return re
	}
	for field := range e.Fields {
		re.Column, re.Value = field, shortValue(rowValue(row, field))
		if c := l.Column(field); c != nil {
			re.Column = c.Header
		}
	}
	if e.Key != "" { // shown in the user's language too
		re.msg = message{e.Key, e.Args}
	}
	return re
}

// rowValue returns the value of a row's field as read, for messages.
func rowValue(row *Row, field string) string {
	switch field {
	case FieldOrderedOn:
		return row.OrderedOn.String()
	case FieldDueOn:
		return row.DueOn.String()
	case FieldDeliveredOn:
		return row.DeliveredOn.String()
	case FieldAmount:
		return row.Amount.Major()
	case FieldCurrency:
		return row.Amount.Currency
	case FieldEmail:
		return row.Email
	case FieldName:
		return row.Name
	case FieldPhone:
		return row.Phone
	case FieldCompany:
		return row.Company
	case FieldMessenger:
		return row.Messenger
	case FieldIndustry:
		return row.Industry
	case FieldSource:
		return row.Source
	case FieldNotes:
		return row.Notes
	case FieldService:
		return row.Service
	case FieldTitle:
		return row.Title
	case FieldTags:
		return strings.Join(row.Tags, ", ")
	}
	return ""
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

// unmatchedMap refuses a --map header that no sheet's header row has: a typo in it would
// otherwise leave the column to a guess, or unread, without a word.
func unmatchedMap(layouts []*Layout) error {
	if len(layouts) == 0 {
		return nil
	}
	missing := map[string]int{}
	for _, l := range layouts {
		for _, h := range l.Unmatched {
			missing[h]++
		}
	}
	var hs []string
	for h, n := range missing {
		if n == len(layouts) {
			hs = append(hs, strconv.QuoteToGraphic(h))
		}
	}
	if len(hs) == 0 {
		return nil
	}
	slices.Sort(hs)
	var headers []string
	for _, c := range layouts[0].Columns {
		if c.Header != "" {
			headers = append(headers, strconv.QuoteToGraphic(c.Header))
		}
	}
	return keyedError(msg("import.err.map_header", "Headers", strings.Join(hs, ", "), "File", layouts[0].File, "Have", strings.Join(headers, ", ")))
}
