// Package importer reads the user's order history from a spreadsheet (CSV, TSV or XLSX, as
// Google Sheets and Excel export them) into typed order rows.
//
// Reading takes passes over the sheet: [Sheet.Layout] reads it once to decide what each column
// means and how its dates and amounts are written; [Layout.Each] reads it again and parses
// every row with those decisions. A decision is made per column, never per cell, so that
// "03/04/2026" means the same day in every row.
package importer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/regulars/regulars"
)

// Fields a column can map to.
const (
	FieldName        = "name"
	FieldCompany     = "company"
	FieldEmail       = "email"
	FieldPhone       = "phone"
	FieldMessenger   = "messenger"
	FieldIndustry    = "industry"
	FieldSource      = "source"
	FieldTags        = "tags"
	FieldNotes       = "notes"
	FieldService     = "service"
	FieldTitle       = "title"
	FieldAmount      = "amount"
	FieldCurrency    = "currency"
	FieldOrderedOn   = "ordered_on"
	FieldDueOn       = "due_on"
	FieldDeliveredOn = "delivered_on"
	FieldStatus      = "status"
	FieldPaid        = "paid" // a yes/no column
	// A client's name in parts: the name is the parts (and a name column) in the sheet's
	// order, "Иванова Анна Сергеевна" or "Anna Ivanova".
	FieldLastName   = "last_name"
	FieldFirstName  = "first_name"
	FieldMiddleName = "middle_name"
	// A payment log's operation: a payment or a refund (see operationWords). A refund there is a
	// refund row whatever the sign of its amount.
	FieldOperation = "operation"
	FieldIgnore    = "-" // --map "Header=-" drops a column
)

// Fields lists every field a column can map to, FieldIgnore excluded.
var Fields = []string{
	FieldName, FieldCompany, FieldEmail, FieldPhone, FieldMessenger, FieldIndustry, FieldSource,
	FieldTags, FieldNotes, FieldService, FieldTitle, FieldAmount, FieldCurrency, FieldOrderedOn,
	FieldDueOn, FieldDeliveredOn, FieldStatus, FieldPaid, FieldLastName, FieldFirstName, FieldMiddleName,
	FieldOperation,
}

// Date orders for Options.DateOrder.
const (
	DMY = "dmy"
	MDY = "mdy"
)

// Options tell the import what the sheet does not say itself.
type Options struct {
	// Map maps header text (as in the sheet, matched case-insensitively after trimming) to a
	// field or to FieldIgnore. It overrides the guesses.
	Map map[string]string
	// Currency is the currency of amounts where the sheet names none; default
	// regulars.DefaultCurrency.
	Currency string
	// DateOrder is "", DMY or MDY. When set, it decides date columns that could be read
	// either way (only days up to 12 in "03/04/2026").
	DateOrder string
	// Sheet names the sheet of an XLSX workbook to read; "" reads the first visible sheet
	// that names the columns an order needs (see Sheet.pickSheet).
	Sheet string
}

// validate checks the options and fills the defaults.
func (o *Options) validate() error {
	if o.Currency == "" {
		o.Currency = regulars.DefaultCurrency
	}
	// As a cell names it: a sign or a word (₽, руб, $) or a code, RUR as RUB (see currencies).
	if c, err := currencyWord(strings.TrimSpace(o.Currency)); err == nil && c != "" {
		o.Currency = c
	}
	if !regulars.ValidCurrency(o.Currency) {
		return keyedError(msg("import.opt.currency", "Q", strconv.QuoteToGraphic(o.Currency)))
	}
	o.DateOrder = strings.ToLower(strings.TrimSpace(o.DateOrder))
	if o.DateOrder != "" && o.DateOrder != DMY && o.DateOrder != MDY {
		return keyedError(msg("import.opt.date_order", "Q", strconv.QuoteToGraphic(o.DateOrder)))
	}
	for h, f := range o.Map {
		if f != FieldIgnore && !validField(f) {
			return keyedError(msg("import.opt.map_field", "H", strconv.QuoteToGraphic(h), "F", strconv.QuoteToGraphic(f), "Fields", strings.Join(Fields, ", ")))
		}
	}
	return nil
}

func validField(f string) bool {
	for _, g := range Fields {
		if f == g {
			return true
		}
	}
	return false
}

// Row is one order as the sheet gives it, with the client it names.
type Row struct {
	File string
	Line int // the row number the user sees in the sheet; the header is usually 1

	Name, Company, Email, Phone, Messenger, Industry, Source, Notes string
	Tags                                                            []string

	Service, Title                string
	Amount                        regulars.Money
	OrderedOn, DueOn, DeliveredOn regulars.Date
	Status                        string // one of regulars.OrderStatuses

	// refund is set when the amount was negative and the status a refund's: a refund row,
	// which marks refunded an order before it (see settleRefunds). Amount is positive.
	refund bool
	// refundOp says the operation column names a refund (see Layout.parseStatus).
	refundOp bool
	// spaced holds the service and the title as the sheet has them, where OneSpaced changed
	// them: an import before it keyed the order by those (see writer.orderHash).
	spaced *[2]string

	// Worked out on the reading goroutine, ahead of the writer (see prepare).
	key      regulars.ClientKey // the matching keys, rowKey
	keys     keys               // and hashed
	nameHash uint64             // Name hashed (see nameHash)
	order    regulars.Order     // the order, validated, for client -1
	orderErr error              // its validation error
}

// prepare works out what the writer needs of the row alone: its matching keys and its order,
// validated. EachAhead calls it on the reading goroutine, so that on two cores it overlaps the
// matching and writing of earlier rows.
func (r *Row) prepare() {
	r.key = rowKey(r)
	r.keys = hashKeys(r.key)
	r.nameHash = nameHash(r.Name)
	o := rowOrder(r, -1)
	r.orderErr = o.Validate()
	r.order = *o
}

// RowError is a data row that cannot be imported.
type RowError struct {
	File   string
	Line   int
	Column string // the header of the offending column, "" when the row as a whole is wrong
	Value  string
	Error  string // a clear English sentence
	msg    message
}

// badRow returns the bad row of message m.
func badRow(file string, line int, column, value string, m message) RowError {
	return RowError{File: file, Line: line, Column: column, Value: shortValue(value), msg: m}
}

// english returns what is wrong with the row in English, Error: made from its message the
// first time it is asked for, since a report lists at most MaxSkippedListed of a sheet's bad
// rows (a sheet of a million bad rows imported in 2.0 s rendering each, 1.1 s so).
func (e *RowError) english() string {
	if e.Error == "" && e.msg.id != "" {
		e.Error = e.msg.String()
	}
	return e.Error
}

// shortValue cuts a bad row's value to what a report line can show: a pasted page of text
// is named by its start.
func shortValue(v string) string {
	const most = 100 // characters
	if len(v) <= most {
		return v
	}
	n := 0
	for i := range v {
		if n == most {
			return v[:i] + "…"
		}
		n++
	}
	return v
}

// String returns the error as the CLI prints it: file:line: column: message.
func (e *RowError) String() string {
	if e.Column == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.english())
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Column, e.english())
}

// Ignored is a data row left out on purpose: a blank row, a totals row.
type Ignored struct {
	File   string
	Line   int
	Last   int    // the last row of a run of blank rows that Line starts; 0 for one row
	Reason string // in English
	msg    message
}

// invalid returns an EINVALID error whose message starts with the file name.
func invalid(file, format string, args ...any) *regulars.Error {
	return regulars.Errorf(regulars.EINVALID, "%s: %s", file, fmt.Sprintf(format, args...))
}

// keyedError returns the EINVALID error of the message m: in English, and named in the
// catalogue, to be told in the user's language.
func keyedError(m message) *regulars.Error {
	return regulars.Errorf(regulars.EINVALID, "%s", m.String()).Keyed(m.id, m.args...)
}

// fileError returns the EINVALID error of the message m about file: in English after the file
// name, and named in the catalogue, to be told in the user's language after it.
func fileError(file string, m message) *regulars.Error {
	return regulars.Prefixed(file, keyedError(m))
}

// columnArgs returns the arguments that name column c in a message: Q, its header quoted ("" for
// none), and Letter.
func columnArgs(c *Column) []any {
	q := ""
	if c.Header != "" {
		q = strconv.QuoteToGraphic(c.Header)
	}
	return []any{"Q", q, "Letter", c.Letter()}
}

// columnLetter returns the spreadsheet letter of the zero-based column i: A, B, …, Z, AA.
func columnLetter(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}
