package importer

import (
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/regulars/regulars"
)

// dateStats counts, for one date column, how many text values fit each format.
type dateStats struct {
	text   int         // non-empty text values
	cells  int         // XLSX date cells
	plain  int         // XLSX number cells without a date format: not dates
	fits   [4]int      // by format bit
	sample [4]dateText // the first value fitting each format, to name the format
	first  [4]string   // and its text
	// Dates whose month is a word fit fmtNamed only, which is not counted in fits: they are
	// read in any column, and decide one only when it has no date in numbers.
	named       int
	namedSample dateText
}

// stats is what the layout pass learns about the columns.
type stats struct {
	l       *Layout // undecided: the decisions are made on clones of it
	text    int64   // the bytes of the prefix's rows, as in the file, for estimateRows
	runes   bool    // the file has a byte per letter (Windows-1251)
	dates   [nFields]*dateStats
	commas  int // amount values that show a decimal comma
	dots    int // and a decimal point
	numbers int // XLSX number cells in the amount column
	texts   int // text cells in the amount column
	// ops counts, of the columns no header names, those whose every value is an operation's
	// word (see operationWords), when the sheet has no operation column: a payment log's
	// bare "Операция" or "Тип", which no header rule takes (a clinic's operation is a
	// procedure), holds Оплата and Возврат, and read so its refunds are refunds, not orders.
	ops []opColumn
	// opRows counts the rows the operation columns' values were looked at in.
	opRows int
}

// opColumn is a column that may hold a payment log's operations (see stats.ops).
type opColumn struct {
	i        int    // the column
	filled   int    // the rows with a value in it
	other    int    // values that are no operation's word
	payments bool   // a value is a payment's
	refunds  bool   // a value is a refund's or a payout's
	last     string // the last value, whose word is looked up once for the values after it
	lastOp   int    // and its operation, 0 for none
	dead     bool   // more than one value in ten is no operation's: not the column
}

func newStats(l *Layout) *stats {
	st := &stats{l: l, runes: l.sheet.csv != nil && l.sheet.csv.encoding == enc1251}
	for _, fi := range dateFields {
		if l.col[fi] >= 0 {
			st.dates[fi] = &dateStats{}
		}
	}
	if l.col[iOperation] < 0 {
		for i, c := range l.Columns {
			if c.Field == "" && !c.Dropped && c.Guess == "" {
				st.ops = append(st.ops, opColumn{i: i})
			}
		}
	}
	return st
}

// addOps looks at the values of the columns that may hold operations. A column stops being
// looked at once more than one value in ten is no operation's word (a column of
// anything else: at its first value), and a value equal to the one before it is not looked up
// again (a log's run of payments).
func (st *stats) addOps(rec []string, kinds []uint8) {
	st.opRows++
	for k := range st.ops {
		o := &st.ops[k]
		if o.dead {
			continue
		}
		v, _ := cell(rec, kinds, o.i)
		if v == "" {
			continue
		}
		o.filled++
		if v != o.last {
			o.last, o.lastOp = v, operationWords[fold(v)]
		}
		switch o.lastOp {
		case 0:
			o.other++
			o.dead = o.other*10 > o.filled
		case opPayment:
			o.payments = true
		default:
			o.refunds = true
		}
	}
}

// decideOps gives the operation field to the column that holds a payment log's operations:
// filled in nine rows of ten or more, with payments and refunds (or payouts) and at most one
// value in ten of another word — a bad row each, naming it, so that a log's word the table
// lacks ("Корректировка") stops the import and says so instead of leaving the column unread
// and the log's refunds counted as orders. A column of payments alone changes nothing and is
// left as it is; a notes column with a "Возврат" here and there is no log's.
func (st *stats) decideOps(l *Layout) {
	if l.col[iOperation] >= 0 {
		return
	}
	for _, o := range st.ops {
		if !o.dead && o.payments && o.refunds && o.filled*10 >= st.opRows*9 && l.Columns[o.i].Field == "" {
			l.claim(o.i, FieldOperation, true)
			l.Columns[o.i].Format = "operations" // why a header no rule takes was read
			return
		}
	}
}

// scan reads the rows after the header: up to limit of them (all when limit is 0). more
// reports whether it stopped at the limit.
func (st *stats) scan(src source, limit int) (more bool, err error) {
	l := st.l
	if l.amounty == nil {
		l.setAmounty()
	}
	for n := 0; limit == 0 || n < limit; n++ {
		line, rec, kinds, err := src.next()
		var pe *csv.ParseError
		switch {
		case err == io.EOF:
			return false, nil
		case errors.As(err, &pe) && pe.Line > pe.StartLine:
			return false, l.unclosedQuote(line, pe)
		case errors.As(err, &pe):
			l.Rows++
			continue
		case err != nil:
			return false, err
		}
		st.record(rec, kinds, l.ignore(rec), nil)
		if limit > 0 { // the prefix's size, for estimateRows
			st.text += int64(len(rec)) // the delimiters and the line break
			for _, v := range rec {
				if st.runes {
					st.text += int64(utf8.RuneCountInString(v))
				} else {
					st.text += int64(len(v))
				}
			}
		}
	}
	return true, nil
}

// record counts one row that is valid CSV; reason is why it is ignored, or has no id. sc, when not
// nil, holds what parsing the row scanned already.
func (st *stats) record(rec []string, kinds []uint8, reason message, sc *scanned) {
	l := st.l
	l.Rows++
	l.addSamples(rec, kinds)
	if reason.id == "" {
		st.add(rec, kinds, sc)
	}
}

// scanned is what parsing a row with a layout decided from a prefix learned of its cells,
// which the tally of the row counts without scanning them again. A cell the parse did not
// reach (it stopped at an earlier error, or the layout left the column unused) the tally
// scans itself. The amount's decimal separator and whether it scans do not depend on the
// column's separator that the parse passed.
type scanned struct {
	amount, amountErr bool    // the amount cell was scanned, with an error
	shown             byte    // the decimal separator it shows
	dated             [3]bool // by date field, from iOrderedOn
	dateOK            [3]bool
	date              [3]dateText
}

// estimateRows estimates the rows of a sheet of size bytes from the rows scan has read.
func (st *stats) estimateRows(size int64) int {
	if st.text == 0 {
		return st.l.Rows
	}
	return max(st.l.Rows, int(float64(st.l.Rows)*float64(size)/float64(st.text)))
}

// addSamples keeps the first three non-empty values of each column, and adds columns that
// have values but no header. A date cell of a workbook, a day number, is kept as the day it
// is (2026-04-01, not 46113).
func (l *Layout) addSamples(rec []string, kinds []uint8) {
	if l.sampled == len(l.Columns) && len(rec) <= len(l.Columns) {
		return // every column has its samples, and the row has no cell past them
	}
	for i, v := range rec {
		if i >= len(l.Columns) {
			if strings.TrimSpace(v) == "" {
				continue
			}
			for len(l.Columns) <= i {
				l.Columns = append(l.Columns, Column{Index: len(l.Columns)})
				l.amounty = append(l.amounty, false)
			}
		}
		c := &l.Columns[i]
		if len(c.Samples) < 3 {
			if v = strings.TrimSpace(v); v != "" {
				if i < len(kinds) && kinds[i] == kindDate {
					v = l.sampleDate(v)
				}
				if c.Samples = append(c.Samples, v); len(c.Samples) == 3 {
					l.sampled++
				}
			}
		}
	}
}

// sampleDate returns a workbook's date cell v, a day number, as the day it is (ISO), or v
// for one the row's parse reads no day from (see dateCell).
func (l *Layout) sampleDate(v string) string {
	if d, why := dateCell(v, l.date1904()); why.id == "" {
		return d.String()
	}
	return v
}

// add counts the date formats and decimal separators of one row; sc is as for record.
func (st *stats) add(rec []string, kinds []uint8, sc *scanned) {
	l := st.l
	if len(st.ops) > 0 {
		st.addOps(rec, kinds)
	}
	for _, fi := range dateFields {
		if ds := st.dates[fi]; ds != nil {
			v, k := cell(rec, kinds, l.col[fi])
			ds.add(v, k, l.opts.DateOrder, fi, sc)
		}
	}
	v, k := cell(rec, kinds, l.col[iAmount])
	switch {
	case v == "":
	case k != kindText:
		st.numbers++
	default:
		st.texts++
		var shown byte
		if sc != nil && sc.amount {
			if !sc.amountErr {
				shown = sc.shown
			}
		} else if a, err := scanAmount(v, 0); err == nil {
			shown = a.decimal
		}
		switch shown {
		case ',':
			st.commas++
		case '.':
			st.dots++
		}
	}
}

func (ds *dateStats) add(v string, k uint8, order string, fi int, sc *scanned) {
	switch {
	case v == "":
		return
	case k == kindDate:
		ds.cells++
		return
	case k == kindNumber:
		ds.plain++
		return
	}
	ds.text++
	var d dateText
	var ok bool
	if sc != nil && sc.dated[fi-iOrderedOn] {
		d, ok = sc.date[fi-iOrderedOn], sc.dateOK[fi-iOrderedOn]
	} else {
		d, ok = scanDate(v)
	}
	if !ok {
		return
	}
	if d.named != 0 {
		if ds.named++; ds.named == 1 {
			ds.namedSample = d
		}
		return
	}
	f := d.formats(order)
	for b := 0; b < 4; b++ {
		if f&(1<<b) != 0 {
			if ds.fits[b] == 0 {
				ds.sample[b], ds.first[b] = d, v
			}
			ds.fits[b]++
		}
	}
}

// cell returns the trimmed value and kind of column i of a record: of an XLSX number, the
// number alone (see moneyCell); for a lone dash, "-", "–" or "—", which a sheet writes for
// "none", nothing (see plainCell); of text an export kept from being read as a formula
// (see regulars.EscapeFormula), the text. It reads every cell of a sheet's columns, and is written
// in one piece so that it costs one call.
func cell(rec []string, kinds []uint8, i int) (string, uint8) {
	if i < 0 || i >= len(rec) {
		return "", kindText
	}
	k := uint8(kindText)
	if kinds != nil {
		k = kinds[i]
	}
	v := regulars.TrimSpace(rec[i])
	if k == kindNumber {
		v, _, _ = strings.Cut(v, " ")
	} else if regulars.Dash(v) {
		v = ""
	} else if len(v) > 1 && v[0] == '\'' { // text an export kept from being a formula: '=…
		v = regulars.UnescapeFormula(v)
	}
	return v, k
}

// plainCell is cell with a dash as it is: what a yes/no cell is read from, where a dash says
// "no".
func plainCell(rec []string, kinds []uint8, i int) (string, uint8) {
	v, k := moneyCell(rec, kinds, i)
	if k == kindNumber {
		v, _, _ = strings.Cut(v, " ")
	}
	return v, k
}

// moneyCell is cell with an XLSX number's currency after it, when its cell's format shows one
// ("1234.5 USD", see formatCurrency), and a dash as it is: what an amount is read from.
func moneyCell(rec []string, kinds []uint8, i int) (string, uint8) {
	if i < 0 || i >= len(rec) {
		return "", kindText
	}
	k := uint8(kindText)
	if kinds != nil {
		k = kinds[i]
	}
	return regulars.TrimSpace(rec[i]), k
}

// decide makes the per-column decisions from the counts on l, a clone of st.l.
func (st *stats) decide(l *Layout) error {
	st.decideOps(l)
	for _, fi := range dateFields {
		if ds := st.dates[fi]; ds != nil {
			if err := l.decideDates(fi, ds); err != nil {
				return err
			}
		}
	}
	c := &l.Columns[l.col[iAmount]]
	switch {
	case st.commas > st.dots:
		l.dec, c.Format = ',', "decimal comma"
	case st.dots > st.commas:
		l.dec, c.Format = '.', "decimal point"
	case st.numbers > 0 && st.texts == 0:
		c.Format = "xlsx number"
	}
	return nil
}

// decideDates chooses the format of a date column: the one every text value fits, else the
// one most fit (the others become bad rows). Two formats that fit equally well make the
// column ambiguous, unless Options.DateOrder decides.
func (l *Layout) decideDates(fi int, ds *dateStats) error {
	c := &l.Columns[l.col[fi]]
	switch {
	case ds.text == 0 && ds.cells == 0 && ds.plain > 0 && c.guessed && fi != iOrderedOn:
		l.unclaim(fi, "numbers, not dates") // "Срок" as a number of days, say
		return nil
	case ds.text == 0 && ds.cells > 0:
		c.Format = "xlsx date"
		return nil
	case ds.text == 0:
		return nil // numbers only: each is a bad row that says to format it as a date
	}
	best, bestN, tie := -1, 0, -1
	for b := 0; b < 4; b++ {
		switch n := ds.fits[b]; {
		case n > bestN:
			best, bestN, tie = b, n, -1
		case n == bestN && n > 0:
			tie = b
		}
	}
	if best >= 0 && tie >= 0 {
		if (1<<best | 1<<tie) != int(fmtDMY|fmtMDY) { // "22.11.2026" as often as "2026-11-23"
			return fileError(l.File, msg("import.err.date_two_ways", append(columnArgs(c), "A", formatName(1<<best, ds.sample[best]),
				"AQ", strconv.QuoteToGraphic(ds.first[best]), "B", formatName(1<<tie, ds.sample[tie]), "BQ", strconv.QuoteToGraphic(ds.first[tie]))...))
		}
		if best = l.resolveOrder(best, tie); best < 0 {
			dmy := formatName(fmtDMY, ds.sample[1])
			mdy := formatName(fmtMDY, ds.sample[2])
			return fileError(l.File, msg("import.err.date_order", append(columnArgs(c), "DMY", dmy, "MDY", mdy)...))
		}
	}
	if best < 0 && ds.named > 0 { // "22 ноября 2026" and no date in numbers
		l.dateFmt[fi] = fmtNamed
		c.Format = formatName(fmtNamed, ds.namedSample)
		return nil
	}
	if best < 0 {
		if c.guessed && fi != iOrderedOn {
			l.unclaim(fi, "not dates")
			return nil
		}
		id := "import.err.no_dates"
		if yearless(c.Samples[0]) {
			id = "import.err.no_year"
		}
		return fileError(l.File, msg(id, append(columnArgs(c), "First", strconv.QuoteToGraphic(c.Samples[0]))...))
	}
	l.dateFmt[fi] = 1 << best
	c.Format = formatName(1<<best, ds.sample[best])
	return nil
}

// resolveOrder picks between two date format bits that fit equally well, by
// Options.DateOrder; -1 when it cannot.
func (l *Layout) resolveOrder(a, b int) int {
	dmyMdy := (1<<a | 1<<b) == int(fmtDMY|fmtMDY)
	switch {
	case dmyMdy && l.opts.DateOrder == DMY:
		return 1 // fmtDMY
	case dmyMdy && l.opts.DateOrder == MDY:
		return 2 // fmtMDY
	}
	return -1
}
