package importer

import (
	"cmp"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/regulars/regulars"
)

// Each reads the sheet again and calls fn once for every row after the header, in order,
// with exactly one of row (an order to import), bad (a row that cannot be imported) or ign (a
// row left out on purpose, such as a blank or totals row). The pointers are valid only during
// the call. An error from fn stops the pass and is returned. A layout decided from a prefix
// of the sheet tallies the rows after it, for confirm.
func (l *Layout) Each(fn func(row *Row, bad *RowError, ign *Ignored) error) error {
	src, err := l.sheet.open()
	if err != nil {
		return err
	}
	defer src.close()
	var (
		row Row
		bad RowError
		ign Ignored
	)
	l.dates = [3]dateMemo{} // the formats may have been decided again since the last pass
	prev := l.HeaderLine    // the row before the next one, to list the empty lines between rows
	for n := 0; ; {
		line, rec, kinds, err := src.next()
		var pe *csv.ParseError
		if err == nil || errors.As(err, &pe) {
			if from := prev + 1; from < line { // a CSV source skips empty lines, an XLSX one empty rows
				ign = Ignored{File: l.File, Line: from, Last: line - 1, Reason: reasonBlank.String(), msg: reasonBlank}
				if err := fn(nil, nil, &ign); err != nil {
					return err
				}
			}
			prev = max(prev, line)
		}
		switch {
		case err == io.EOF:
			return nil
		case errors.As(err, &pe) && pe.Line > pe.StartLine:
			return l.unclosedQuote(line, pe)
		case errors.As(err, &pe):
			if n++; l.tally != nil && n > l.prefixRows {
				l.tally.l.Rows++
			}
			bad = l.unreadable(line, pe)
			err = fn(nil, &bad, nil)
		case err != nil:
			return err
		case line <= l.HeaderLine:
			continue
		default:
			reason := l.ignore(rec)
			l.scanned.amount, l.scanned.dated = false, [3]bool{}
			err = l.each(fn, &row, &bad, &ign, line, rec, kinds, reason)
			if n++; l.tally != nil && n > l.prefixRows {
				l.tally.record(rec, kinds, reason, &l.scanned)
			}
		}
		if err != nil {
			return err
		}
	}
}

// unreadable returns the bad row of a record that cannot be read: not valid CSV, or a cell
// that is not text.
func (l *Layout) unreadable(line int, pe *csv.ParseError) RowError {
	var te *textError
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return badRow(l.File, line, "", "", msg("import.row.bare_quote"))
	case errors.Is(pe.Err, csv.ErrQuote):
		return badRow(l.File, line, "", "", msg("import.row.stray_quote"))
	case !errors.As(pe.Err, &te):
		return badRow(l.File, line, "", "", msg("import.row.csv", "Err", pe.Err))
	}
	column := columnLetter(te.field)
	if te.field < len(l.Columns) && l.Columns[te.field].Header != "" {
		column = l.Columns[te.field].Header
	}
	return badRow(l.File, line, column, te.shown(), te.message())
}

// each calls fn with one row; reason is why it is ignored, or has no id.
func (l *Layout) each(fn func(*Row, *RowError, *Ignored) error, row *Row, bad *RowError, ign *Ignored,
	line int, rec []string, kinds []uint8, reason message) error {
	if reason.id != "" {
		*ign = Ignored{File: l.File, Line: line, Reason: reason.String(), msg: reason}
		return fn(nil, nil, ign)
	}
	if e := l.parse(row, line, rec, kinds); e != nil {
		*bad = *e
		return fn(nil, bad, nil)
	}
	return fn(row, nil, nil)
}

// setAmounty marks the amount and currency columns, whose values alone make a totals row.
func (l *Layout) setAmounty() {
	l.amounty = make([]bool, len(l.Columns))
	for _, fi := range []int{iAmount, iCurrency} {
		if l.col[fi] >= 0 {
			l.amounty[l.col[fi]] = true
		}
	}
}

// reasonBlank is why a blank row is ignored; reasonBlanks why a run of them is.
var reasonBlank, reasonBlanks = msg("import.ignored.blank"), msg("import.ignored.blanks") // one row, a run

// totalsWords start the label of a totals row, folded.
var totalsWords = map[string]bool{"итого": true, "итог": true, "всего": true, "total": true, "totals": true,
	"subtotal": true, "сумма": true, "sum": true, "grand": true}

// ignore returns why a row is left out, or a message without id to import it: a blank row, or
// a totals row (a label such as Итого in a client cell or the first cell, or an amount and
// nothing else).
func (l *Layout) ignore(rec []string) message {
	first, others := -1, 0
	for i, v := range rec {
		if blank(v) {
			continue
		}
		if first < 0 {
			first = i
		}
		if i >= len(l.amounty) || !l.amounty[i] {
			others++
			break // the first cell of text settles it: no blank row, no amount alone
		}
	}
	switch {
	case first < 0:
		return reasonBlank
	case others == 0:
		return msg("import.ignored.totals_amount")
	}
	if label := l.totalsLabel(rec, first); label != "" {
		return msg("import.ignored.totals", "Label", label)
	}
	if l.col[iOperation] >= 0 { // a payment log's payout, or refund that did not go through
		op, _ := cell(rec, nil, l.col[iOperation])
		switch operationWords[fold(op)] {
		case opPayout:
			return msg("import.ignored.payout", "Operation", op)
		case opRefund:
			st, _ := cell(rec, nil, l.col[iStatus])
			if s, _ := parseStatus(st); s == regulars.StatusCancelled || s == regulars.StatusUnpaid || s == regulars.StatusPlanned {
				return msg("import.ignored.refund_not_made", "Status", st)
			}
		}
	}
	return message{}
}

// totalsLabel returns the text of a cell that labels the row as totals, or "".
func (l *Layout) totalsLabel(rec []string, first int) string {
	date, _ := cell(rec, nil, l.col[iOrderedOn])
	for k, i := range [...]int{first, l.col[iName], l.col[iCompany], l.col[iEmail], l.col[iPhone]} {
		if k > 0 && i == first {
			continue // looked at already
		}
		v, _ := cell(rec, nil, i)
		if v == "" || !mayBeTotals(v) {
			continue
		}
		f := fold(v)
		w, _, _ := strings.Cut(f, " ")
		if totalsWords[w] && (date == "" || f == w || strings.HasPrefix(f, "grand total")) {
			return v
		}
	}
	// Excel's Subtotal command labels each group's row with the group and Итог (Total), and
	// the last with Общий итог (Grand Total): in the client's column with no date, or in the
	// date column ("05.01.2026 Итог") when it grouped by day. Such a row has the label and
	// amounts only: an order of a client named "Body Total" has a service, a phone…
	label := date
	if date == "" {
		for _, i := range [...]int{first, l.col[iName], l.col[iCompany]} {
			if v, _ := cell(rec, nil, i); subtotalLabel(v) {
				label = v
				break
			}
		}
	} else if !subtotalLabel(date) {
		return ""
	}
	if label == "" {
		return ""
	}
	for _, fi := range [...]int{iName, iCompany, iEmail, iPhone, iService, iTitle, iStatus} {
		if v, _ := cell(rec, nil, l.col[fi]); v != "" && v != label {
			return ""
		}
	}
	return label
}

// subtotalLabel reports whether v ends in Итог, Total or another word of subtotalWords, after
// something: the label of a row of Excel's subtotals ("Анна Итог", "Общий итог", "Grand
// Total", "Bob Count", "Общее среднее").
func subtotalLabel(v string) bool {
	i := strings.LastIndexByte(v, ' ') // a cell's text is trimmed
	if i < 0 || len(v)-i > 24 || !mayBeSubtotal(v[i+1:]) {
		return false
	}
	return subtotalWords[fold(v[i+1:])]
}

// subtotalWords end the labels of the rows Excel's Subtotal command adds, folded: of a sum,
// a count, an average, a maximum, a minimum, a product, in Russian and English.
var subtotalWords = map[string]bool{"итог": true, "итого": true, "количество": true, "среднее": true,
	"максимум": true, "минимум": true, "произведение": true, "total": true, "count": true, "average": true,
	"max": true, "min": true, "product": true}

// mayBeSubtotal is the quick test of a word before folding: its first letter begins a word
// of subtotalWords.
func mayBeSubtotal(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	switch regulars.LowerRune(r) {
	case 'и', 'к', 'с', 'м', 'п', 't', 'c', 'a', 'm', 'p':
		return true
	}
	return false
}

// mayBeTotals is a quick test before folding: the cell begins with the beginning of a
// totals word, in either case. Most names begin with a letter some totals word begins with
// (С, В, S, T…), so the first letter picks the few beginnings to compare.
func mayBeTotals(v string) bool {
	r, _ := utf8.DecodeRuneInString(v)
	var ps []string
	switch r {
	case 'И', 'и':
		ps = []string{"итог"}
	case 'В', 'в':
		ps = []string{"всего"}
	case 'С', 'с':
		ps = []string{"сумм"}
	case 'T', 't':
		ps = []string{"total"}
	case 'S', 's':
		ps = []string{"subtotal", "sum"}
	case 'G', 'g':
		ps = []string{"grand"}
	}
	for _, p := range ps {
		if hasFoldedPrefix(v, p) {
			return true
		}
	}
	return false
}

// hasFoldedPrefix reports whether v begins with p, a lower-case word, in any case; quicker
// than strings.EqualFold, which folds through Unicode's tables, for the name of nearly every
// row that begins with В or С.
func hasFoldedPrefix(v, p string) bool {
	for _, r := range p {
		c, n := utf8.DecodeRuneInString(v)
		if n == 0 || regulars.LowerRune(c) != r {
			return false
		}
		v = v[n:]
	}
	return true
}

// shortenedNumber reports whether s is a number in Excel's scientific notation ("3,80501E+11"),
// as Excel shows and saves to CSV a long number in a General column: a phone's last digits
// lost, which would join the clients whose phones begin alike.
func shortenedNumber(s string) bool {
	i := 0
	for i < len(s) && s[i]|0x20 != 'e' {
		i++
	}
	if i+1 >= len(s) || s[i+1] != '+' { // the usual phone: no E+, nothing made
		return false
	}
	mant, exp := s[:i], s[i+2:]
	if mant == "" || exp == "" || strings.Trim(exp, "0123456789") != "" {
		return false
	}
	return strings.Trim(mant, "0123456789.,") == "" && strings.ContainsAny(mant, "0123456789")
}

// parse fills row from a record, or returns what is wrong with it.
func (l *Layout) parse(r *Row, line int, rec []string, kinds []uint8) *RowError {
	text := func(fi int) string { v, _ := cell(rec, kinds, l.col[fi]); return v }
	svc, title := text(iService), text(iTitle)
	// A phone may keep the apostrophe typed to make Excel keep its digits as text ('8903…).
	*r = Row{File: l.File, Line: line, Tags: r.Tags[:0],
		Name: l.name(rec, kinds), Company: text(iCompany), Email: mailAddress(text(iEmail)), Phone: strings.TrimPrefix(text(iPhone), "'"),
		Messenger: text(iMessenger), Industry: text(iIndustry), Source: text(iSource), Notes: text(iNotes),
		Service: regulars.OneSpaced(svc), Title: regulars.OneSpaced(title)}
	if len(r.Service) != len(svc) || len(r.Title) != len(title) { // OneSpaced only shortens
		r.spaced = &[2]string{svc, title}
	}
	if kinds != nil { // a formula the file keeps no value of, in any column the import reads
		for fi, c := range l.col {
			if c >= 0 && c < len(kinds) && kinds[c] == kindFormula {
				return l.rowError(line, fi, "", msg("import.cell.formula"))
			}
		}
	}
	if shortenedNumber(r.Phone) { // its digits are lost: the row is known by its email, or is bad
		if r.Email == "" {
			return l.rowError(line, iPhone, r.Phone, msg("import.row.phone_exponent", "Q", quoted(r.Phone)))
		}
		r.Phone = ""
	}
	if r.Name == "" && r.Company == "" && r.Email == "" && r.Phone == "" {
		return l.rowError(line, -1, "", msg("import.row.no_client"))
	}
	if tags := text(iTags); tags != "" {
		r.Tags = splitTags(r.Tags, tags)
	}
	if e := l.parseStatus(r, rec, kinds); e != nil {
		return e
	}
	if e := l.parseAmount(r, rec, kinds); e != nil {
		return e
	}
	return l.parseDates(r, rec, kinds)
}

// mailAddress returns an email cell without the "mailto:" of a link pasted into it.
func mailAddress(v string) string {
	if len(v) > 7 && strings.EqualFold(v[:7], "mailto:") {
		return v[7:]
	}
	return v
}

// name returns the client's name of a row: its name column's, or its name's parts in the
// sheet's order, one space apart (see nameColumns).
func (l *Layout) name(rec []string, kinds []uint8) string {
	if len(l.nameCols) < 2 { // the usual sheet, or a whole name beside its parts
		c := l.col[iName]
		if len(l.nameCols) == 1 {
			c = l.nameCols[0]
		}
		v, _ := cell(rec, kinds, c)
		return v
	}
	var b strings.Builder
	for _, c := range l.nameCols {
		if v, _ := cell(rec, kinds, c); v != "" {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(v)
		}
	}
	return b.String()
}

// rowError returns a bad row about the column of field fi (-1 for the whole row).
func (l *Layout) rowError(line, fi int, value string, m message) *RowError {
	column := ""
	if fi >= 0 && l.col[fi] >= 0 {
		c := &l.Columns[l.col[fi]]
		column = c.Header
		if column == "" {
			column = c.Letter()
		}
	}
	e := badRow(l.File, line, column, value, m)
	return &e
}

// splitTags splits a tags cell on commas and semicolons into dst; a part written as hashtags
// ("#vip #опт") is as many tags, without their #.
func splitTags(dst []string, s string) []string {
	for s != "" {
		i := strings.IndexAny(s, ",;")
		if i < 0 {
			i = len(s)
		}
		switch t := strings.TrimSpace(s[:i]); {
		case strings.HasPrefix(t, "#"):
			for _, w := range strings.Fields(t) {
				if w = strings.TrimLeft(w, "#"); w != "" {
					dst = append(dst, w)
				}
			}
		case t != "":
			dst = append(dst, t)
		}
		s = s[min(i+1, len(s)):]
	}
	return dst
}

// parseStatus sets the row's status from the status and paid columns; paid by default. A refund
// in the operation column of a payment log makes the row a refund row (see parseAmount).
func (l *Layout) parseStatus(r *Row, rec []string, kinds []uint8) *RowError {
	if v, _ := cell(rec, kinds, l.col[iOperation]); v != "" {
		op, ok := operationWords[fold(v)]
		if !ok && l.Columns[l.col[iOperation]].Format == "operations" { // read so from its values: maybe no log's
			c := &l.Columns[l.col[iOperation]]
			return l.rowError(r.Line, iOperation, v, msg("import.operation.unknown_read", "Q", quoted(v), "Header", cmp.Or(c.Header, c.Letter())))
		}
		if !ok {
			return l.rowError(r.Line, iOperation, v, msg("import.operation.unknown", "Q", quoted(v)))
		}
		r.refundOp = op == opRefund
	}
	v, _ := cell(rec, kinds, l.col[iStatus])
	if v != "" {
		st, ok := l.statuses[v]
		if !ok {
			if st, ok = parseStatus(v); !ok {
				return l.rowError(r.Line, iStatus, v, msg("import.status.unknown", "Q", quoted(v)))
			}
			if len(l.statuses) < 1000 {
				l.statuses[v] = st
			}
		}
		r.Status = st
	}
	if p, k := plainCell(rec, kinds, l.col[iPaid]); p != "" { // a dash says "no"
		paid, known := parsePaid(p)
		if k == kindDate {
			paid, known = true, true
		}
		if !known {
			return l.rowError(r.Line, iPaid, p, msg("import.paid.unknown", "Q", quoted(p)))
		}
		if paid && r.Status == regulars.StatusUnpaid || !paid && r.Status == regulars.StatusPaid {
			return l.rowError(r.Line, iPaid, p, msg("import.paid.conflict", "Q", quoted(p), "Status", quoted(v)))
		}
		r.Status = combineStatus(r.Status, paid, known)
	}
	if r.Status == "" {
		r.Status = regulars.StatusPaid
	}
	return nil
}

// parseAmount sets the row's amount. A blank amount is 0 for planned and cancelled orders; a
// negative one is accepted only for a refund, as its size, and makes the row a refund row.
func (l *Layout) parseAmount(r *Row, rec []string, kinds []uint8) *RowError {
	currency, column := cmp.Or(l.amountCurrency, l.opts.Currency), ""
	if v, _ := cell(rec, kinds, l.col[iCurrency]); v != "" {
		if v != l.currency[0] { // a currency column nearly always says the same
			c, err := currencyWord(v)
			if err != nil || c == "" {
				return l.rowError(r.Line, iCurrency, v, msg("import.currency.unknown", "Q", quoted(v)))
			}
			l.currency = [2]string{strings.Clone(v), c}
		}
		currency, column = l.currency[1], v
	}
	v, k := moneyCell(rec, kinds, l.col[iAmount])
	if v == "-" || v == "—" || v == "–" {
		v = "" // no amount: an error unless the order is planned or cancelled
	}
	var err error
	switch {
	case k == kindError:
		return l.rowError(r.Line, iAmount, v, msg("import.cell.error", "Q", quoted(v)))
	case v == "" && (r.Status == regulars.StatusPlanned || r.Status == regulars.StatusCancelled):
		r.Amount = regulars.Money{Currency: currency}
		return nil
	case v == "":
		return l.rowError(r.Line, iAmount, v, msg("import.amount.empty"))
	case k == kindBool:
		return l.rowError(r.Line, iAmount, v, msg("import.amount.bool"))
	case k == kindNumber || k == kindDate:
		if _, shown, ok := strings.Cut(v, " "); ok && column != "" && shown != currency { // see formatCurrency
			return l.rowError(r.Line, iAmount, v, msg("import.amount.other_currency", "Q", quoted(v), "Currency", shown, "Column", quoted(column)))
		}
		r.Amount, err = numberAmount(v, currency)
	default:
		text := v
		if l.sheet.csv != nil && l.sheet.csv.encoding == enc1251 && strings.HasSuffix(v, "?") {
			text = v[:len(v)-1] + "₽" // Windows-1251 has no ₽: Excel saves "1 500,00 ₽" as "1 500,00 ?"
		}
		if m, shown, ok := plainAmount(text, currency); ok {
			l.scanned.amount, l.scanned.shown, l.scanned.amountErr = true, shown, false
			r.Amount = m
			break
		}
		var a amount
		a, err = scanAmount(text, l.dec)
		l.scanned.amount, l.scanned.shown, l.scanned.amountErr = true, a.decimal, err != nil
		if err == nil && column != "" && a.currency != "" && a.currency != currency {
			return l.rowError(r.Line, iAmount, v, msg("import.amount.other_currency", "Q", quoted(v), "Currency", a.currency, "Column", quoted(column)))
		}
		if err == nil {
			r.Amount, err = a.money(currency)
		}
	}
	if err != nil {
		ce := errNotNumber
		errors.As(err, &ce)
		if k == kindNumber { // as the sheet shows it: 1499.988, not 1499.9880000000001 (see shortNumber)
			v = shortNumber(v)
			if ce.id == "import.amount.decimals" { // VAT worked out by a formula, say
				ce.id = "import.amount.decimals_number"
			}
		}
		return l.rowError(r.Line, iAmount, v, ce.with("Q", quoted(v)))
	}
	if r.refundOp { // a payment log's refund: its size, whatever the sign
		r.Amount.Minor, r.Status, r.refund = max(r.Amount.Minor, -r.Amount.Minor), regulars.StatusRefunded, true
		return nil
	}
	if r.Amount.Minor < 0 {
		if op, _ := cell(rec, kinds, l.col[iOperation]); op != "" {
			return l.rowError(r.Line, iAmount, v, msg("import.amount.negative_payment", "Q", quoted(v), "Operation", quoted(op)))
		}
		if r.Status != regulars.StatusRefunded {
			return l.rowError(r.Line, iAmount, v, msg("import.amount.negative", "Q", quoted(v)))
		}
		r.Amount.Minor, r.refund = -r.Amount.Minor, true
	}
	return nil
}

// shortNumber returns an XLSX number cell's text, and the currency its format shows, with
// the number in the shortest form that reads back as it: a workbook keeps 17 digits
// (1499.9880000000001) where the sheet shows 1499.988.
func shortNumber(v string) string {
	n, cur, _ := strings.Cut(v, " ")
	f, err := strconv.ParseFloat(n, 64)
	if err != nil {
		return v
	}
	return strings.TrimSpace(strconv.FormatFloat(f, 'f', -1, 64) + " " + cur)
}

// parseDates sets the row's dates; the order date is required.
func (l *Layout) parseDates(r *Row, rec []string, kinds []uint8) *RowError {
	for _, fi := range dateFields {
		v, k := cell(rec, kinds, l.col[fi])
		if v == "" {
			if fi == iOrderedOn {
				return l.rowError(r.Line, fi, v, msg("import.date.empty"))
			}
			continue
		}
		if k == kindError {
			return l.rowError(r.Line, fi, v, msg("import.cell.error", "Q", quoted(v)))
		}
		d, bad := l.date(fi, v, k)
		if bad.id != "" {
			return l.rowError(r.Line, fi, v, bad.with("Q", quoted(v), "Field", Fields[fi]))
		}
		switch fi {
		case iOrderedOn:
			r.OrderedOn = d
		case iDueOn:
			r.DueOn = d
		case iDeliveredOn:
			r.DeliveredOn = d
		}
	}
	return nil
}

// date parses a date cell in the column's format, or returns what is wrong with it: a message
// that the row completes with the cell and the field.
func (l *Layout) date(fi int, v string, k uint8) (regulars.Date, message) {
	if k == kindNumber { // 2025, 1.5: a number, shown as one; a date would be formatted as a date
		return regulars.Date{}, msg("import.date.number")
	}
	if k == kindDate {
		return dateCell(v, l.date1904())
	}
	i := fi - iOrderedOn
	if m := &l.dates[i]; v == m.v && v != "" {
		l.scanned.date[i], l.scanned.dateOK[i], l.scanned.dated[i] = m.d, m.ok, true
		return m.date, m.why
	}
	d, ok := scanDate(v)
	l.scanned.date[i], l.scanned.dateOK[i], l.scanned.dated[i] = d, ok, true
	date, why := l.textDate(fi, v, d, ok)
	l.dates[i] = dateMemo{v: v, d: d, ok: ok, date: date, why: why}
	return date, why
}

// textDate is date of a text cell v, which scanDate read as d, ok.
func (l *Layout) textDate(fi int, v string, d dateText, ok bool) (regulars.Date, message) {
	date1904 := l.date1904()
	f := l.dateFmt[fi]
	if ok && d.named != 0 { // a month as a word is read by its place, whatever the column's format
		if d.formats("") == fmtNamed {
			return inRange(d.date(fmtNamed, date1904))
		}
		why := d.notRealIn(fmtNamed) // no day of a month that has one, or a year out of range
		if why.id == "import.date.no_day" {
			why.id = "import.date.no_day_named"
		}
		return regulars.Date{}, why
	}
	if ok && d.formats(l.opts.DateOrder)&f != 0 {
		return inRange(d.date(f, date1904))
	}
	if f == 0 {
		return regulars.Date{}, msg("import.date.not_date")
	}
	format := l.Columns[l.col[fi]].Format
	if why := d.notRealIn(f); ok && why.id != "" {
		return regulars.Date{}, why.with("Format", format)
	}
	return regulars.Date{}, msg("import.date.not_in_format", "Format", format)
}

// date1904 reports whether the sheet is a workbook that counts days from 1904 (old Mac Excel).
func (l *Layout) date1904() bool { return l.sheet.xlsx != nil && l.sheet.xlsx.date1904 }

// dateCell reads a workbook's date cell, a day number, as the day it is, or says what is
// wrong with it.
func dateCell(v string, date1904 bool) (regulars.Date, message) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return regulars.Date{}, msg("import.date.not_date")
	}
	if f >= 60 && f < 61 && !date1904 {
		return regulars.Date{}, msg("import.date.excel_1900")
	}
	return inRange(serialDate(f, date1904))
}

// inRange passes on a date that is in regulars' years, and says what is wrong with another.
func inRange(d regulars.Date, ok bool) (regulars.Date, message) {
	switch {
	case !ok:
		return regulars.Date{}, msg("import.date.not_date")
	case !d.InRange():
		return regulars.Date{}, yearOutOfRange
	}
	return d, message{}
}

var yearOutOfRange = msg("import.date.out_of_range", "Min", regulars.MinYear, "Max", regulars.MaxYear)

// unclosedQuote is the error of a row of line whose quote, opened and not closed where the row
// ends, took the lines after it into one cell: which of them were rows cannot be known, so no
// row of them can be imported or skipped one by one, and the import fails. Deciding the layout
// from the whole sheet fails with it too, so the pass returns it as the sheet's layout error.
func (l *Layout) unclosedQuote(line int, pe *csv.ParseError) error {
	return unclosedQuoteError{fileError(l.File, msg("import.err.unclosed_quote", "Row", line, "From", pe.StartLine, "To", pe.Line))}
}

type unclosedQuoteError struct{ err error }

func (e unclosedQuoteError) Error() string { return e.err.Error() }
func (e unclosedQuoteError) Unwrap() error { return e.err }
