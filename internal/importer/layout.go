package importer

import (
	"cmp"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/locale"
)

// Indexes of the fields in Fields, for the per-field arrays of a Layout.
const (
	iName = iota
	iCompany
	iEmail
	iPhone
	iMessenger
	iIndustry
	iSource
	iTags
	iNotes
	iService
	iTitle
	iAmount
	iCurrency
	iOrderedOn
	iDueOn
	iDeliveredOn
	iStatus
	iPaid
	iLastName
	iFirstName
	iMiddleName
	iOperation
	nFields
)

// nameFields are the fields whose columns, in the sheet's order, make a client's name.
var nameFields = [...]int{iName, iLastName, iFirstName, iMiddleName}

// fieldIndex returns the index of a field in Fields, or -1.
func fieldIndex(f string) int {
	for i, g := range Fields {
		if g == f {
			return i
		}
	}
	return -1
}

// dateFields are the fields that hold dates, in a row from iOrderedOn.
var dateFields = []int{iOrderedOn, iDueOn, iDeliveredOn}

// Layout is the decided meaning of each column of a sheet, found in one pass over the whole
// sheet: which field each column holds, and how its dates and amounts are written.
type Layout struct {
	File       string
	HeaderLine int      // the sheet row of the header
	HeaderFrom int      // the first row of a header of two rows (see underGroups), else 0
	Above      int      // the rows above the header that are not blank (a title, a note): not imported
	Rows       int      // the number of rows after the header, blank ones included
	Columns    []Column // every column of the sheet, in order
	Unmatched  []string // Options.Map headers that name no column of this sheet

	mapConflict message // Options.Map gives one field to two columns of different headers
	// amountCurrency is the currency the amount column's header names ("Сумма, руб."): the
	// sheet's word, where a cell and a currency column say none, before Options.Currency.
	amountCurrency string
	nameCols       []int // see nameColumns

	// Rows is an estimate while the layout is decided from a prefix of the sheet: Each then
	// tallies the rows after the prefix into tally, and confirm decides again from all of them.
	estimated  bool
	tally      *stats
	prefixRows int // the rows after the header the decisions were made from
	scanned    scanned

	sheet    *Sheet
	opts     Options
	col      [nFields]int      // the column of each field, -1 when the sheet has none
	dateFmt  [nFields]uint8    // the chosen format of each date field; 0 for XLSX date cells only
	dec      byte              // the decimal separator of the amount column, 0 when undecided
	amounty  []bool            // by column: an amount or currency column, for totals rows
	sampled  int               // the columns that have their three samples (see addSamples)
	statuses map[string]string // a cache of parseStatus, by the text of the cell
	currency [2]string         // the currency cell last read, and its code
	dates    [3]dateMemo       // by date field, from iOrderedOn: the text cell last read (see date)
}

// dateMemo is a date cell of text as date read it, with what it scanned: a sheet sorted by
// date has the same day in the rows of a day, the next cell of the column the same text.
type dateMemo struct {
	v    string
	d    dateText
	ok   bool
	date regulars.Date
	why  message
}

// Column is one column of a sheet.
type Column struct {
	Index   int    // zero-based
	Header  string // as in the sheet, trimmed
	Field   string // the field it maps to; "" when unused
	Samples []string
	Format  string // how its values are written: "dd.mm.yyyy", "xlsx date", "decimal comma"…
	guessed bool   // the field is a guess, not from Options.Map

	// Guess is the field an unused column's header suggests (or Options.Map gave it), which
	// the column of letter TakenBy has.
	Guess, TakenBy string
	Dropped        bool // Options.Map dropped it ("Header=-")
}

// Letter returns the spreadsheet letter of the column: A, B, …, AA.
func (c *Column) Letter() string { return columnLetter(c.Index) }

// Column returns the column that holds field, or nil.
func (l *Layout) Column(field string) *Column {
	if i := fieldIndex(field); i >= 0 && l.col[i] >= 0 {
		return &l.Columns[l.col[i]]
	}
	return nil
}

// Layout reads the whole sheet once and decides what each column holds. It returns an
// EINVALID error naming the file and the column when a required column is missing, a date
// column could be read two ways, or Options are wrong.
func (s *Sheet) Layout(opts Options) (*Layout, error) { return s.layout(opts, 0) }

// pickSheet chooses the sheet of a workbook the import reads: the one opts.Sheet names, else
// the first visible sheet whose header names the columns an order needs (a summary, a pivot
// table or a chart may come first), else the first. It chooses once for the sheets' headers.
func (s *Sheet) pickSheet(opts Options) error {
	x, want := s.xlsx, cmp.Or(s.want, opts.Sheet)
	switch {
	case x == nil && want != "":
		return fileError(s.name, msg("import.err.sheet_not_xlsx"))
	case x == nil:
		return nil
	case want != "":
		names := make([]string, len(x.sheets))
		for i, sh := range x.sheets {
			names[i] = sh.name
			if strings.EqualFold(strings.TrimSpace(sh.name), strings.TrimSpace(want)) {
				x.chosen, x.passedOver = i, false
				return nil
			}
		}
		return fileError(s.name, msg("import.err.sheet_unknown", "Sheet", strconv.QuoteToGraphic(want), "Others", quotedList(names)))
	case x.picked || len(x.sheets) == 1:
		return nil
	}
	x.picked = true
	for i := range x.sheets {
		if x.chosen = i; s.namesOrders(opts) {
			x.passedOver = i > 0
			return nil
		}
	}
	x.chosen = 0
	return nil
}

// namesOrders reports whether the chosen sheet has a header that names the columns an order
// needs, as the layout would find it.
func (s *Sheet) namesOrders(opts Options) bool {
	src, err := s.open()
	if err != nil {
		return false
	}
	defer src.close()
	l := &Layout{File: s.name, sheet: s, opts: opts, statuses: map[string]string{}}
	header, _, err := l.readHeader(src)
	if err != nil {
		return false
	}
	l.setColumns(header)
	return l.mapConflict.id == "" && l.checkRequired() == nil
}

// layoutPrefix is how many rows of a long sheet the import decides its layout from. Its
// write pass tallies the rest as it reads them and confirms the decisions at the end (see
// Layout.confirm), so that a long sheet is read once, not twice; in the rare sheet whose later
// rows change a decision, the pass runs again with the decisions of the whole sheet.
const layoutPrefix = 50_000

// layout decides from the first prefix rows after the header, or from every row when prefix
// is 0 or the sheet has no more. When the prefix cannot decide (a date column reads two ways,
// say), it reads on to the end.
func (s *Sheet) layout(opts Options, prefix int) (*Layout, error) {
	if err := opts.validate(); err != nil {
		return nil, regulars.Prefixed(s.name, err)
	}
	if err := s.pickSheet(opts); err != nil {
		return nil, err
	}
	src, err := s.open()
	if err != nil {
		return nil, err
	}
	defer func() { src.close() }()
	l := &Layout{File: s.name, sheet: s, opts: opts, statuses: map[string]string{}}
	header, readPast, err := l.readHeader(src)
	if err != nil {
		return nil, err
	}
	if readPast { // the header is a row the search went past: read on from it
		src.close()
		if src, err = s.open(); err != nil {
			return nil, err
		}
		for line := 0; line < l.HeaderLine; {
			if line, _, _, err = src.next(); err != nil {
				return nil, err
			}
		}
	}
	l.setColumns(header)
	if l.mapConflict.id != "" {
		return nil, fileError(l.File, l.mapConflict)
	}
	if err := l.checkRequired(); err != nil {
		return nil, err
	}
	if err := l.checkAmountColumn(); err != nil {
		return nil, err
	}
	// l stays undecided: it is what the stats count against, and each decision is made on a
	// clone of it.
	st := newStats(l)
	rest := ahead(src)
	defer rest.close()
	more, err := st.scan(rest, prefix)
	if err != nil {
		return nil, err
	}
	d := l.clone()
	err = st.decide(d)
	if more && err != nil {
		if more, err = st.scan(rest, 0); err != nil {
			return nil, err
		}
		d = l.clone()
		err = st.decide(d)
	}
	if err != nil {
		return nil, err
	}
	if more {
		d.tally, d.prefixRows = st, l.Rows
		d.estimated = true
		if x, ok := src.(*xlsxSource); ok { // the file's size is compressed: the sheet's tells
			d.Rows = max(l.Rows, x.estimateRows()-l.HeaderLine)
		} else {
			d.Rows = st.estimateRows(s.size)
		}
	}
	return d, nil
}

// clone returns a copy of l that shares nothing mutable with it.
func (l *Layout) clone() *Layout {
	c := *l
	c.Columns = make([]Column, len(l.Columns))
	for i, col := range l.Columns {
		col.Samples = slices.Clone(col.Samples)
		c.Columns[i] = col
	}
	c.amounty = slices.Clone(l.amounty)
	c.statuses = map[string]string{}
	c.tally, c.estimated = nil, false
	return &c
}

// confirm decides again, from the whole sheet, a layout decided from a prefix, once Each has
// read the sheet to its end. It returns the layout to keep (with the exact row count and every
// column's samples) and whether its decisions differ from l's, in which case the rows were
// parsed differently and must be read again with it.
func (l *Layout) confirm() (*Layout, bool, error) {
	if l.tally == nil {
		return l, false, nil
	}
	full := l.tally.l.clone()
	if err := l.tally.decide(full); err != nil {
		return nil, false, err
	}
	return full, full.col != l.col || full.dateFmt != l.dateFmt || full.dec != l.dec, nil
}

// readHeader finds the header: the first row, among the first rows that are not blank (up to
// headerSearch of them above it), that names the columns an order needs (see headerScore),
// else the one of them that names the most. The row right below a header that names them all
// is its second row when it names the columns the header leaves to it (see secondRow). A
// block of totals above the table may name them too ("Клиент, Дата, Сумма" over the best
// client's figures): a row whose headers name them all within summaryRows rows below such a
// row, and that does not repeat it, is the header instead, and the rows above it are checked
// like any (see takeHeader). readPast reports that the search read rows after the header,
// which the layout must read again.
func (l *Layout) readHeader(src source) (header []string, readPast bool, err error) {
	var rows []sheetRow // the rows read that are not blank
	best, bestScore := 0, -1
	found := -1     // the last row that names all the columns an order needs, or its second row
	second := false // rows[found] is a second row
	for {
		line, rec, _, err := src.next()
		var pe *csv.ParseError
		switch {
		case found >= 0 && (err != nil || !blankRecord(rec) && len(rows)-found > summaryRows):
			// The end, a row of the table that is no CSV, or the table's rows: whatever the
			// search read after the header, blank rows too, is read again.
			header, _, err := l.takeHeader(rows, found)
			return header, true, err
		case err == io.EOF && len(rows) > 0:
			return l.takeHeader(rows, best)
		case err == io.EOF:
			if x := l.sheet.xlsx; x != nil && len(x.sheets) > 1 {
				return nil, false, fileError(l.File, msg("import.err.first_sheet_empty", "Sheet", strconv.QuoteToGraphic(x.sheetName()), "Others", quotedList(x.others())))
			}
			return nil, false, fileError(l.File, msg("import.err.no_rows"))
		case errors.As(err, &pe):
			m := l.unreadable(line, pe).msg
			return nil, false, fileError(l.File, msg("import.err.before_header", "Row", line, "Problem", locale.Nested{ID: m.id, Args: m.args}))
		case err != nil:
			return nil, false, err
		case blankRecord(rec):
			continue
		}
		rows = append(rows, sheetRow{line, append([]string(nil), rec...)})
		switch score := l.tryHeader(rec).headerScore(); {
		case found < 0 && score == 3:
			found = len(rows) - 1
		case found >= 0 && !second && rows[found].line == line-1 && secondRow(l.tryHeader(rows[found].rec), rows[found].rec, rec):
			found, second = len(rows)-1, true
		case found >= 0 && score == 3 && l.guessedHeader(rec) && !sameHeader(rows[found].rec, rec):
			found, second = len(rows)-1, false
		case found < 0 && score > bestScore:
			best, bestScore = len(rows)-1, score
		}
		if found < 0 && len(rows) > headerSearch {
			// No row of the first few names all the columns an order needs: the first of
			// those that name the most, whose missing columns checkRequired then names,
			// unless --map completes them (a letter maps a column whose header cell is blank).
			return l.takeHeader(rows, best)
		}
	}
}

// sameHeader reports whether b repeats the header a, as a sheet of two tables pasted one under
// the other does: the same headers, folded.
func sameHeader(a, b []string) bool {
	for i := range max(len(a), len(b)) {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if fold(x) != fold(y) {
			return false
		}
	}
	return true
}

// secondRow reports whether rec, the row right below the header h (of layout t), is its
// second row: in a header of two rows whose first names some columns, merged down ("Дата"),
// and the groups of others ("Контакты" across two cells), the second names those others
// ("Email", "Телефон"). It is blank under h's order date and amount, which an order fills,
// and names a field in each of two cells or more, each under a blank cell of h or a group
// (see grouped).
func secondRow(t *Layout, h, rec []string) bool {
	for _, fi := range []int{iOrderedOn, iAmount} {
		if c := t.col[fi]; c >= 0 && c < len(rec) && !blank(rec[c]) {
			return false
		}
	}
	named := 0
	for i, v := range rec {
		if blank(v) {
			continue
		}
		if f, _ := guessField(v); f == "" || !grouped(h, i) {
			return false
		}
		named++
	}
	return named >= 2
}

// grouped reports whether the cell i of a header's first row leaves its column to the row
// below it: it is blank, or it names a group, a cell with blank cells after it (merged across
// the columns of the group).
func grouped(first []string, i int) bool {
	return i >= len(first) || blank(first[i]) || i+1 < len(first) && blank(first[i+1])
}

// summaryRows is how many rows below a row that names the columns an order needs are read for
// another such row, the table's header below a block of totals.
const summaryRows = 3

// sheetRow is a row of a sheet as the header search read it.
type sheetRow struct {
	line int
	rec  []string
}

// takeHeader makes rows[i] the header, unless a row above it looks like an order, which the
// header search would pass over unread; readPast reports that rows were read after it.
func (l *Layout) takeHeader(rows []sheetRow, i int) (header []string, readPast bool, err error) {
	header = rows[i].rec
	l.HeaderLine, l.HeaderFrom, l.Above = rows[i].line, 0, i
	if i > 0 && rows[i-1].line == rows[i].line-1 {
		var two bool
		if header, two = underGroups(rows[i-1].rec, header); two {
			l.HeaderFrom, l.Above = rows[i-1].line, i-1
		}
	}
	t := l.tryHeader(header)
	for k, r := range rows[:l.Above] {
		var label []string
		if k > 0 {
			label = rows[k-1].rec
		}
		if t.looksLikeOrder(r.rec, label) {
			return nil, false, fileError(l.File, msg("import.err.order_above_header", "Row", r.line, "Header", rows[i].line))
		}
	}
	return header, i < len(rows)-1, nil
}

// underGroups returns the header with its blank cells named by the row right above it, when
// that row is a header's first row: a header of two rows, whose first names the groups of the
// columns under it ("Контакты" over Email and Телефон) and the columns it merges down
// ("Клиент" over a blank cell). Each cell of such a row is over a blank cell of the header or
// names a group (see grouped), and two of them at least are not blank: a title above the
// header, or a letterhead over named columns, is none. two reports that a cell above named a
// column.
func underGroups(above, header []string) (out []string, two bool) {
	n := 0
	for i, v := range above {
		if blank(v) {
			continue
		}
		if i < len(header) && !blank(header[i]) && !grouped(above, i) {
			return header, false
		}
		n++
	}
	if n < 2 {
		return header, false
	}
	out = slices.Clone(header)
	for i, v := range above {
		if blank(v) {
			continue
		}
		switch {
		case i >= len(out):
			out = append(out, make([]string, i-len(out))...)
			out = append(out, v)
		case blank(out[i]):
			out[i] = v
		default:
			continue
		}
		two = true
	}
	return out, two
}

// headerSearch is how many rows that are not blank may stand above the header: a sheet's
// title and notes above its table ("Заказы за 2025 год"). The header is the first row that
// names the columns an order needs.
const headerSearch = 10

// tryHeader returns a layout of rec as the header, by the guesses from its headers and
// Options.Map, for headerScore and looksLikeOrder.
func (l *Layout) tryHeader(rec []string) *Layout {
	t := &Layout{File: l.File, sheet: l.sheet, opts: l.opts}
	t.setColumns(rec)
	return t
}

// guessedHeader reports whether rec's headers alone, without Options.Map, name the columns an
// order needs: a row below the header that --map's letters make look like one (they map a
// column in every row) is not one.
func (l *Layout) guessedHeader(rec []string) bool {
	opts := l.opts
	opts.Map = nil
	return (&Layout{File: l.File, sheet: l.sheet, opts: opts}).tryHeader(rec).headerScore() == 3
}

// headerScore counts the columns an order needs (a client, the order date, the amount) that
// the header names: a column guessed from its header, or given by --map, whose header cell
// is not blank (a title row has no text over the columns a letter maps).
func (t *Layout) headerScore() int {
	named := func(fi int) bool { return t.col[fi] >= 0 && !blank(t.Columns[t.col[fi]].Header) }
	n := 0
	if named(iName) || named(iLastName) || named(iFirstName) || named(iCompany) || named(iEmail) || named(iPhone) {
		n++
	}
	if named(iOrderedOn) {
		n++
	}
	if named(iAmount) {
		n++
	}
	return n
}

// looksLikeOrder reports whether rec, a row above the header t, has a client, a date and an
// amount in the header's columns: an order that the header search would pass over unread. A
// date or an amount is a cell with a digit in it; a client a name, an email or a phone, but
// for a figure under a label that counts clients (label is the row above rec: "Всего
// клиентов"), as a block of totals above the table has it.
func (t *Layout) looksLikeOrder(rec, label []string) bool {
	value := func(fi int) string {
		if c := t.col[fi]; c >= 0 && c < len(rec) && !blank(rec[c]) {
			return rec[c]
		}
		return ""
	}
	digit := func(fi int) bool { return strings.ContainsAny(value(fi), "0123456789") }
	client := func(fi int) bool {
		switch v := value(fi); {
		case v == "":
			return false
		case strings.IndexFunc(v, unicode.IsLetter) >= 0:
			return true
		}
		c := t.col[fi]
		return c >= len(label) || !countsClients(strings.Fields(fold(label[c])))
	}
	return (client(iName) || client(iLastName) || client(iFirstName) || client(iCompany) || client(iEmail) || client(iPhone)) &&
		digit(iOrderedOn) && digit(iAmount)
}

// setColumns decides the field of each column: Options.Map first, then guesses from the
// headers. A Map key names the columns with that header; a key that is no header but a column
// letter ("D") names that column, which is how to tell apart two columns of one header. A
// field goes to one column only, the first that claims it; a column whose header suggests a
// field another column has is left unused, and says which (Column.Guess, Column.TakenBy).
func (l *Layout) setColumns(header []string) {
	for i := range l.col {
		l.col[i] = -1
	}
	headers := make(map[string]bool, len(header))
	for i, h := range header {
		h = strings.TrimSpace(h)
		l.Columns = append(l.Columns, Column{Index: i, Header: h})
		headers[strings.ToLower(h)] = h != ""
	}
	type mapping struct {
		field    string
		byLetter bool
	}
	mapped := make(map[int]mapping, len(l.opts.Map)) // by column
	for h, f := range l.opts.Map {
		key := strings.ToLower(strings.TrimSpace(h))
		n := 0
		for i := range l.Columns {
			c := &l.Columns[i]
			switch {
			case headers[key] && strings.ToLower(c.Header) == key:
				if !mapped[i].byLetter {
					mapped[i] = mapping{f, false}
				}
			case !headers[key] && strings.EqualFold(c.Letter(), key):
				mapped[i] = mapping{f, true} // a letter beats a header naming the same column
			default:
				continue
			}
			n++
		}
		if n == 0 {
			l.Unmatched = append(l.Unmatched, key)
		}
	}
	for _, byLetter := range []bool{true, false} { // a letter names one column, a header maybe several
		for i := range l.Columns {
			if m, ok := mapped[i]; ok && m.byLetter == byLetter {
				l.claim(i, m.field, false)
			}
		}
	}
	// Guessed fields go to the surest header first, then left to right: "Сумма" takes the
	// amount from a "Цена" before it, "Дата заказа" the order date from a "Дата" before it.
	type guess struct {
		i, sure int
		field   string
	}
	var guesses []guess
	for i := range l.Columns {
		if _, ok := mapped[i]; !ok && l.Columns[i].Header != "" {
			f, sure := guessField(l.Columns[i].Header)
			guesses = append(guesses, guess{i, sure, f})
		}
	}
	slices.SortStableFunc(guesses, func(a, b guess) int { return b.sure - a.sure })
	for _, g := range guesses {
		l.claim(g.i, g.field, true)
	}
	l.amountCurrency = ""
	if c := l.col[iAmount]; c >= 0 {
		l.amountCurrency = headerCurrency(l.Columns[c].Header)
	}
	l.nameCols = l.nameColumns()
}

// nameColumns returns the columns a client's name is made of, in the sheet's order, when the
// sheet keeps it in parts (see nameFields); nil when there are none, and the name column
// alone when it holds whole names beside them: a "ФИО" or "Клиент" column beside "Фамилия", a
// "Name" beside "First name" and "Last name". Only an "Имя" or "Name" column beside a surname,
// and no first name's, is a first name, one of the parts.
func (l *Layout) nameColumns() []int {
	if l.col[iLastName] < 0 && l.col[iFirstName] < 0 && l.col[iMiddleName] < 0 {
		return nil
	}
	if c := l.col[iName]; c >= 0 {
		if h := fold(l.Columns[c].Header); l.col[iFirstName] >= 0 || l.col[iLastName] < 0 || h != "имя" && h != "name" {
			return []int{c}
		}
	}
	var cols []int
	for _, fi := range nameFields {
		if c := l.col[fi]; c >= 0 {
			cols = append(cols, c)
		}
	}
	slices.Sort(cols)
	return cols
}

// headerCurrency returns the currency a header names after its first word, as a sign, a word
// or an ISO code in capitals: "Сумма, руб.", "Итого, ₽", "Amount (USD)", "Total $"; else "".
func headerCurrency(h string) string {
	words := strings.FieldsFunc(h, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '(' || r == ')' || r == '.' || r == ':' || r == '/' || r == '[' || r == ']'
	})
	for _, w := range words[min(1, len(words)):] {
		if c := currencyToken(w); c != "" {
			return c
		}
	}
	return ""
}

// claim gives field f to column i unless another column has it.
func (l *Layout) claim(i int, f string, guessed bool) {
	fi := fieldIndex(f)
	if fi < 0 {
		l.Columns[i].Dropped = f == FieldIgnore && !guessed
		return
	}
	if l.col[fi] >= 0 {
		other := &l.Columns[l.col[fi]]
		if !guessed && !other.guessed && !strings.EqualFold(other.Header, l.Columns[i].Header) && l.mapConflict.id == "" {
			a, b := columnArgs(other), columnArgs(&l.Columns[i])
			l.mapConflict = msg("import.err.map_conflict", "Field", f, "AQ", a[1], "ALetter", a[3], "BQ", b[1], "BLetter", b[3])
		}
		l.Columns[i].Guess, l.Columns[i].TakenBy = f, other.Letter()
		return
	}
	l.col[fi] = i
	l.Columns[i].Field, l.Columns[i].guessed = f, guessed
	l.Columns[i].Guess, l.Columns[i].TakenBy = "", ""
}

// unclaim leaves the column of field fi unused.
func (l *Layout) unclaim(fi int, why string) {
	c := &l.Columns[l.col[fi]]
	c.Field, c.Format = "", why
	l.col[fi] = -1
}

// checkRequired reports a missing client, order date or amount column.
func (l *Layout) checkRequired() error {
	noClient := l.col[iName] < 0 && l.col[iLastName] < 0 && l.col[iFirstName] < 0 && l.col[iCompany] < 0 && l.col[iEmail] < 0 && l.col[iPhone] < 0
	noDate, noAmount := l.col[iOrderedOn] < 0, l.col[iAmount] < 0
	if !noClient && !noDate && !noAmount {
		return nil
	}
	headers := make([]string, 0, len(l.Columns))
	for _, c := range l.Columns {
		headers = append(headers, strconv.QuoteToGraphic(c.Header))
	}
	return fileError(l.File, msg("import.err.missing_columns", "NoClient", noClient, "NoDate", noDate, "NoAmount", noAmount,
		"Headers", strings.Join(headers, ", "), "Row", l.HeaderLine))
}

// checkAmountColumn refuses an amount column that holds no order's amount: one whose header
// counts in thousands or millions ("Сумма, тыс. руб.", "Amount ($K)"), whose 15 is 15 000; and a
// unit's price, guessed, beside a quantity column ("Цена" by "Кол-во"), whose 500 of 3 candles
// is 1 500. --map "Цена=amount" says a row is one unit. A price that says more ("Цена итого",
// "Price paid") or a count of something else ("Количество участников") is no such pair.
func (l *Layout) checkAmountColumn() error {
	c := &l.Columns[l.col[iAmount]]
	words := strings.Fields(fold(c.Header))
	for _, w := range words {
		// A short one ("k", "т") is a multiplier only beside a currency sign ("$K"): "т" of "в т.ч." is none.
		bare := strings.Trim(w, "$€₽£¥")
		if multipliers[bare] && (utf8.RuneCountInString(bare) > 2 || bare != w) {
			return fileError(l.File, msg("import.err.amount_scaled", "H", strconv.QuoteToGraphic(c.Header), "Label", strconv.QuoteToGraphic(bare)))
		}
	}
	if !c.guessed || !onlyWords(words, unitPriceWords) {
		return nil
	}
	for i := range l.Columns {
		if q := strings.Fields(fold(l.Columns[i].Header)); i != l.col[iAmount] && len(q) > 0 && onlyWords(q, quantityWords) {
			return fileError(l.File, msg("import.err.price_and_quantity", "H", strconv.QuoteToGraphic(c.Header),
				"Q", strconv.QuoteToGraphic(l.Columns[i].Header), "Header", c.Header))
		}
	}
	return nil
}

// unitPriceWords make a unit's price's header, and quantityWords a quantity's, with currency
// words: "Цена", "Цена за шт., руб.", "Unit price"; "Кол-во", "Количество, шт.", "Qty".
var (
	unitPriceWords = map[string]bool{"цена": true, "price": true, "unit": true, "за": true, "единицу": true, "ед": true,
		"шт": true, "штуку": true, "per": true, "item": true, "each": true}
	quantityWords = map[string]bool{"кол": true, "во": true, "количество": true, "qty": true, "quantity": true, "шт": true,
		"pcs": true, "units": true, "ед": true}
)

// onlyWords reports whether every word is one of set or a currency's.
func onlyWords(words []string, set map[string]bool) bool {
	for _, w := range words {
		if !set[w] && currencyToken(w) == "" {
			return false
		}
	}
	return true
}

// quotedList returns the names quoted and joined with commas.
func quotedList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.QuoteToGraphic(n)
	}
	return strings.Join(q, ", ")
}
