package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/tabwriter"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/locale"
)

// Output formats of listings.
const (
	formatTable = "table"
	formatJSON  = "json"
	formatCSV   = "csv"
)

// formatFlag is the --format flag of every listing.
type formatFlag struct {
	Format string `short:"f" enum:"table,json,csv" default:"table" help:"Output format: table, json or csv."`
}

// column is one column of a listing: the JSON field name (the CSV header too), the table
// header, the cell as CSV writes it, and optionally as a person reads it in a table
// ("50 000,00 ₽", "22.11.2026").
type column[T any] struct {
	field, header string
	cell          func(T) string
	human         func(T, string) string
	csvOnly       bool // left out of tables: the human form of another column says it
}

// writeList writes items as a table (in the language lang), a JSON array of the items' own
// JSON form, or CSV.
func writeList[T any](w io.Writer, format, lang string, items []T, cols []column[T]) error {
	switch format {
	case formatJSON:
		return writeJSONArray(w, items, nil)
	case formatCSV:
		cw := csv.NewWriter(w)
		head := make([]string, len(cols))
		for i, c := range cols {
			head[i] = c.field
		}
		cw.Write(head)
		for _, it := range items {
			rec := cells(it, cols)
			for i, v := range rec {
				rec[i] = regulars.EscapeFormula(v) // opened in a spreadsheet, a client's text is no formula
			}
			cw.Write(rec)
		}
		cw.Flush()
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	cols = tableColumns(cols)
	for i, c := range cols {
		if i > 0 {
			fmt.Fprint(tw, "\t")
		}
		fmt.Fprint(tw, tableHeader(c.header, lang))
	}
	fmt.Fprintln(tw)
	for _, it := range items {
		for i, c := range cols {
			if i > 0 {
				fmt.Fprint(tw, "\t")
			}
			if c.human != nil {
				fmt.Fprint(tw, c.human(it, lang))
			} else {
				fmt.Fprint(tw, c.cell(it))
			}
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

// tableHeader returns a table's column header in lang: the catalogue's "cli.head." and the
// English header in lower case, its other characters as "_" ("E[ORDERS]": cli.head.e_orders),
// else the English header (a currency code, RFM).
func tableHeader(header, lang string) string {
	return inLang(lang, "cli.head."+strings.Trim(nonWord.ReplaceAllString(strings.ToLower(header), "_"), "_"), header)
}

// inLang returns the catalogue's message key in lang, with args, for a table; in English, or
// for a key the catalogue lacks (a word a later version adds, a value edited by hand), the
// English form, and never the key.
func inLang(lang, key, english string, args ...any) string {
	if lang == locale.EN || lang == "" {
		return english
	}
	tr, err := translator()
	if err != nil {
		return english
	}
	if t := tr.T(lang, key, args...); t != key {
		return t
	}
	return english
}

// cellWord returns a word a table's cell holds (yes, active, standard…) in lang: the
// catalogue's "cli.word." and the word, else the word itself.
func cellWord(w, lang string) string {
	if w == "" {
		return w
	}
	return inLang(lang, "cli.word."+w, w)
}

// nonWord is a run of characters other than ASCII letters and digits.
var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// tableColumns returns the columns a table shows.
func tableColumns[T any](cols []column[T]) []column[T] {
	out := make([]column[T], 0, len(cols))
	for _, c := range cols {
		if !c.csvOnly {
			out = append(out, c)
		}
	}
	return out
}

func cells[T any](it T, cols []column[T]) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.cell(it)
	}
	return out
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeJSONArray writes items as writeJSON would write the slice, one item at a time: an
// agenda of a big base is a hundred megabytes of JSON, which writeJSON holds whole, twice.
// prep, when not nil, completes a copy of each item before it is written.
func writeJSONArray[T any](w io.Writer, items []T, prep func(*T)) error {
	if len(items) == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("  ", "  ")
	enc.SetEscapeHTML(false)
	bw.WriteString("[\n")
	for i := range items {
		buf.Reset()
		it := items[i]
		if prep != nil {
			prep(&it)
		}
		if err := enc.Encode(it); err != nil {
			return err
		}
		if i > 0 {
			bw.WriteString(",\n")
		}
		bw.WriteString("  ")
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	bw.WriteString("\n]\n")
	return bw.Flush()
}

// writeObject writes one created or changed object: JSON, or a line for people.
func writeObject(w io.Writer, format string, v any, line string) error {
	if format == formatJSON {
		return writeJSON(w, v)
	}
	_, err := fmt.Fprintln(w, line)
	return err
}

// money formats an amount for a table in the language: "50 000,00 ₽", "₽50,000.00".
func money(m regulars.Money, lang string) string {
	if m.Currency == "" {
		return ""
	}
	return locale.Money(m, lang)
}

// moneyOrZero is money, or 0 for an amount of no currency (nothing to add up).
func moneyOrZero(m regulars.Money, lang string) string {
	if m.Currency == "" {
		return locale.Decimal(float64(m.Minor), 0, lang)
	}
	return locale.Money(m, lang)
}

// yesNo is a flag's word in lang: да or нет.
func yesNo(b bool, lang string) string {
	if b {
		return cellWord("yes", lang)
	}
	return cellWord("no", lang)
}

func itoa(n int64) string { return fmt.Sprint(n) }
