package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/regulars/regulars"
	"github.com/xuri/excelize/v2"
)

type exportCmd struct {
	What   string `arg:"" enum:"clients,orders" help:"clients or orders."`
	Format string `short:"f" enum:"csv,xlsx" default:"csv" help:"csv or xlsx."`
	Output string `short:"o" help:"Write to this file (default: standard output)." placeholder:"FILE"`
}

// orderExportHeaders are the headers of an orders export: the import reads them back, so an
// exported sheet can be edited and imported again.
var orderExportHeaders = []string{"Order ID", "Client", "Company", "Email", "Phone", "Service", "Title",
	"Amount", "Currency", "Order date", "Due date", "Delivered", "Status"}

var clientExportHeaders = []string{"id", "name", "company", "email", "phone", "messenger", "industry", "time_zone",
	"source", "referred_by", "tags", "notes", "pain_points", "goals", "preferred_channel", "detail_level",
	"preferred_time", "marketing_consent", "consent_on", "orders", "revenue", "currency", "first_order", "last_order"}

func (c *exportCmd) Run(ctx context.Context, a *app) error {
	if err := a.open(ctx); err != nil {
		return err
	}
	var out io.Writer = a.stdout
	if c.Format == "xlsx" && c.Output == "" && isTerminal(a.stdout) {
		return regulars.Errorf(regulars.EINVALID, "An XLSX file is not for a terminal: write it to a file with -o FILE.").Keyed("err.xlsx_terminal")
	}
	if c.Output != "" {
		f, err := os.Create(c.Output)
		if err != nil {
			return regulars.Errorf(regulars.EINVALID, "Cannot create %s: %v", c.Output, err).Keyed("err.create_file", "File", c.Output, "Err", err)
		}
		defer f.Close()
		out = f
	}
	w, err := newTableWriter(out, c.Format, c.What)
	if err != nil {
		return err
	}
	if c.What == "orders" {
		err = c.orders(ctx, a, w)
	} else {
		err = c.clients(ctx, a, w)
	}
	if err != nil {
		return err
	}
	return w.Close()
}

func (c *exportCmd) orders(ctx context.Context, a *app, w tableWriter) error {
	if err := w.Row(strs(orderExportHeaders)); err != nil {
		return err
	}
	partial, err := a.svc.Orders.PartialRefunds(ctx)
	if err != nil {
		return err
	}
	return a.svc.Orders.EachOrderRow(ctx, regulars.OrderFilter{}, func(r *regulars.OrderRow) error {
		err := w.Row([]any{r.ID, r.ClientName, r.ClientCompany, r.ClientEmail, r.ClientPhone, r.Service, r.Title,
			amountCell{r.Amount}, r.Amount.Currency, r.OrderedOn, r.DueOn, r.DeliveredOn, r.Status})
		// An order refunded in part: its refund rows after it, as a payment log has them (a
		// negative amount, refunded), which the import applies to it again.
		for _, f := range partial[r.ID] {
			if err == nil {
				neg := regulars.Money{Minor: -f.Amount.Minor, Currency: f.Amount.Currency}
				err = w.Row([]any{"", r.ClientName, r.ClientCompany, r.ClientEmail, r.ClientPhone, f.Service, f.Title,
					amountCell{neg}, neg.Currency, f.OrderedOn, regulars.Date{}, regulars.Date{}, f.Status})
			}
		}
		return err
	})
}

func (c *exportCmd) clients(ctx context.Context, a *app, w tableWriter) error {
	if err := w.Row(strs(clientExportHeaders)); err != nil {
		return err
	}
	return a.svc.Clients.EachClientSummary(ctx, func(s regulars.ClientSummary) error {
		cur := s.Stats.Revenue.Currency
		if cur == "" {
			cur = regulars.DefaultCurrency
		}
		return w.Row([]any{s.ID, s.Name, s.Company, s.Email, s.Phone, s.Messenger, s.Industry, s.TimeZone, s.Source,
			refCell(s.ReferredBy), strings.Join(s.Tags, ", "), s.Notes, s.PainPoints, s.Goals, s.PreferredChannel,
			s.DetailLevel, s.PreferredTime, s.MarketingConsent, s.ConsentOn, s.Stats.Orders,
			amountCell{regulars.Money{Minor: s.Stats.Revenue.Minor, Currency: cur}}, cur, s.Stats.FirstOrder, s.Stats.LastOrder})
	})
}

func strs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// amountCell is money written as a decimal in major units, without the currency.
type amountCell struct{ m regulars.Money }

// refCell is an optional client reference: empty for 0.
type refCell int64

// tableWriter writes rows of cells: strings, integers, booleans, dates and amounts.
type tableWriter interface {
	Row(cells []any) error
	Close() error
}

func newTableWriter(w io.Writer, format, sheet string) (tableWriter, error) {
	if format == "xlsx" {
		return newXLSXWriter(w, sheet)
	}
	return &csvWriter{w: csv.NewWriter(w)}, nil
}

type csvWriter struct {
	w   *csv.Writer
	rec []string
}

func (c *csvWriter) Row(cells []any) error {
	c.rec = c.rec[:0]
	for _, v := range cells {
		c.rec = append(c.rec, cellText(v))
	}
	return c.w.Write(c.rec)
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	return c.w.Error()
}

// cellText formats a cell for CSV: ISO dates, plain decimals, true/false, and text that a
// spreadsheet shows as text, not as a formula (see regulars.EscapeFormula): the import reads
// it back as it was.
func cellText(v any) string {
	switch v := v.(type) {
	case string:
		return regulars.EscapeFormula(v)
	case regulars.Date:
		return v.String()
	case amountCell:
		return v.m.Major()
	case refCell:
		if v == 0 {
			return ""
		}
		return strconv.FormatInt(int64(v), 10)
	}
	return fmt.Sprint(v)
}

// xlsxWriter streams rows into one sheet, with real date cells and number cells.
type xlsxWriter struct {
	out      io.Writer
	f        *excelize.File
	sw       *excelize.StreamWriter
	row      int
	dateStyl int
	vals     []any
}

func newXLSXWriter(w io.Writer, sheet string) (*xlsxWriter, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	numFmt := "dd.mm.yyyy"
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &numFmt})
	if err != nil {
		return nil, err
	}
	return &xlsxWriter{out: w, f: f, sw: sw, dateStyl: style}, nil
}

func (x *xlsxWriter) Row(cells []any) error {
	x.row++
	x.vals = x.vals[:0]
	for _, v := range cells {
		x.vals = append(x.vals, x.cell(v))
	}
	cell, _ := excelize.CoordinatesToCellName(1, x.row)
	return x.sw.SetRow(cell, x.vals)
}

func (x *xlsxWriter) cell(v any) any {
	switch v := v.(type) {
	case regulars.Date:
		if v.IsZero() {
			return nil
		}
		return excelize.Cell{StyleID: x.dateStyl, Value: v.Time()}
	case amountCell:
		f, _ := strconv.ParseFloat(v.m.Major(), 64) // a spreadsheet number is a float by its format
		return f
	case refCell:
		if v == 0 {
			return nil
		}
		return int64(v)
	}
	return v
}

func (x *xlsxWriter) Close() error {
	if err := x.sw.Flush(); err != nil {
		return err
	}
	if _, err := x.f.WriteTo(x.out); err != nil {
		return err
	}
	return x.f.Close()
}
