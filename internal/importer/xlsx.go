package importer

import (
	"archive/zip"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// xlsxFormat is what an XLSX file's workbook says of its sheets: the visible ones and which is
// read (see Sheet.pickSheet), the shared strings, which cell styles are dates and the date
// system.
//
// The cells are read by streaming the sheet's XML, because the style of each cell (which says
// whether 46348 is a number or 22 November 2026) is not available from excelize's streaming
// Rows iterator.
type xlsxFormat struct {
	sheets     []xlsxSheet // the visible sheets, in the workbook's order
	chosen     int         // the one read, an index of sheets
	passedOver bool        // the sheets before it were passed over: they name no order's columns (see Sheet.pickSheet)
	picked     bool        // the sheet was chosen from the others by their headers
	strings    []string
	dateStyles []bool // by cell style index (the c element's s attribute)
	// moneyStyles is the currency a style's number format shows ("USD" for [$$-409]#,##0.00,
	// "KZT" for #,##0 "₸"), by style index; "" where it shows none.
	moneyStyles []string
	date1904    bool
}

// openXLSX reads the workbook parts of an XLSX sheet.
func openXLSX(s *Sheet) (*xlsxFormat, error) {
	ra, err := s.readerAt()
	if err != nil {
		return nil, err
	}
	z, err := zip.NewReader(ra, s.size)
	if err != nil {
		return nil, fileError(s.name, msg("import.err.xlsx_broken", "Err", err.Error()))
	}
	f := &xlsxFormat{}
	if err := f.readWorkbook(z); err != nil {
		return nil, fileError(s.name, msg("import.err.xlsx_broken", "Err", err.Error()))
	}
	if err := f.readStyles(z); err != nil {
		return nil, fileError(s.name, msg("import.err.xlsx_broken", "Err", "styles: "+err.Error()))
	}
	if err := f.readStrings(z); err != nil {
		return nil, fileError(s.name, msg("import.err.xlsx_broken", "Err", "shared strings: "+err.Error()))
	}
	return f, nil
}

// zipFile returns the archive member with the name, matched case-insensitively as Excel does.
func zipFile(z *zip.Reader, name string) *zip.File {
	for _, f := range z.File {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

// unmarshalPart decodes the XML of an archive member into v; a missing member is not an error
// when optional.
func unmarshalPart(z *zip.Reader, name string, v any, optional bool) error {
	f := zipFile(z, name)
	if f == nil {
		if optional {
			return nil
		}
		return errorString(name + " is missing")
	}
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	return xml.NewDecoder(r).Decode(v)
}

type errorString string

func (e errorString) Error() string { return string(e) }

// xlsxSheet is a visible sheet of a workbook: its name and its worksheet's path.
type xlsxSheet struct{ name, path string }

// sheetName returns the name of the sheet read.
func (f *xlsxFormat) sheetName() string { return f.sheets[f.chosen].name }

// others returns the names of the other visible sheets, which are not read.
func (f *xlsxFormat) others() []string {
	var out []string
	for i, sh := range f.sheets {
		if i != f.chosen {
			out = append(out, sh.name)
		}
	}
	return out
}

// passed returns the names of the sheets before the one read that were passed over.
func (f *xlsxFormat) passed() []string {
	var out []string
	if f.passedOver {
		for _, sh := range f.sheets[:f.chosen] {
			out = append(out, sh.name)
		}
	}
	return out
}

// readWorkbook finds the visible sheets, chooses the first, and reads the date system.
func (f *xlsxFormat) readWorkbook(z *zip.Reader) error {
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
			RID   string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := unmarshalPart(z, "xl/workbook.xml", &wb, false); err != nil {
		return err
	}
	if err := unmarshalPart(z, "xl/_rels/workbook.xml.rels", &rels, false); err != nil {
		return err
	}
	f.date1904 = wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"
	visible := 0
	for _, sh := range wb.Sheets {
		if sh.State == "" || sh.State == "visible" {
			visible++
		}
	}
	for _, sh := range wb.Sheets {
		if sh.State != "" && sh.State != "visible" {
			continue
		}
		if len(f.sheets) == 0 && visible > 1 && numbersSummary[sh.Name] {
			continue // Apple Numbers puts a list of its tables first: the data is after it
		}
		for _, r := range rels.Rels {
			if r.ID == sh.RID {
				f.sheets = append(f.sheets, xlsxSheet{sh.Name, partPath(r.Target)})
			}
		}
	}
	if len(f.sheets) == 0 {
		return errorString("no visible sheet")
	}
	return nil
}

// numbersSummary is the names of the sheet Apple Numbers adds before the tables it exports
// to Excel ("Include a summary worksheet"), in English and Russian.
var numbersSummary = map[string]bool{"Export Summary": true, "Сводка экспорта": true}

// partPath resolves a relationship target of the workbook to an archive path.
func partPath(target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Join("xl", target)
}

// readStyles marks the cell styles whose number format is a date.
func (f *xlsxFormat) readStyles(z *zip.Reader) error {
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := unmarshalPart(z, "xl/styles.xml", &st, true); err != nil {
		return err
	}
	custom := make(map[int]string, len(st.NumFmts))
	for _, n := range st.NumFmts {
		custom[n.ID] = n.Code
	}
	f.dateStyles = make([]bool, len(st.Xfs))
	f.moneyStyles = make([]string, len(st.Xfs))
	for i, xf := range st.Xfs {
		code, ok := custom[xf.NumFmtID]
		f.dateStyles[i] = ok && dateFormatCode(code) || !ok && builtinDateFormat(xf.NumFmtID)
		if ok && !f.dateStyles[i] {
			f.moneyStyles[i] = formatCurrency(code)
		}
	}
	return nil
}

// formatCurrency returns the currency a custom number format shows in its first section: a
// [$symbol-locale] or [$ISO] tag, quoted or escaped text, or a currency sign, as Excel and
// Google Sheets write them ("[$$-409]#,##0.00", "#,##0.00\ \"₽\"", "€#,##0.00"); "" for none.
// The built-in currency formats (5–8) are left alone: Excel shows them in the currency of the
// computer's locale, which the file does not say.
func formatCurrency(code string) string {
	word := currencyToken
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case ';':
			return ""
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return ""
			}
			if tag := code[i+1 : i+j]; strings.HasPrefix(tag, "$") && len(tag) > 1 {
				sym, locale, _ := strings.Cut(tag[1:], "-")
				if cur := word(sym); cur != "" {
					if cur == "JPY" && strings.HasSuffix(strings.ToUpper(locale), "04") { // ¥ of a Chinese locale (804, 1004, C04…)
						cur = "CNY"
					}
					return cur
				}
			}
			i += j
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return ""
			}
			if cur := word(strings.TrimSpace(code[i+1 : i+1+j])); cur != "" {
				return cur
			}
			i += j + 1
		case '_', '*': // the next character's width kept free, or repeated to fill the cell: not shown
			if i+1 < len(code) {
				_, n := utf8.DecodeRuneInString(code[i+1:])
				i += n
			}
		case '\\':
			if i+1 < len(code) {
				r, n := utf8.DecodeRuneInString(code[i+1:])
				if cur := word(string(r)); cur != "" {
					return cur
				}
				i += n
			}
		default:
			if c >= utf8.RuneSelf || c == '$' {
				r, n := utf8.DecodeRuneInString(code[i:])
				if unicode.Is(unicode.Sc, r) {
					if cur := word(string(r)); cur != "" {
						return cur
					}
				}
				i += n - 1
			}
		}
	}
	return ""
}

// builtinDateFormat reports whether the built-in number format id shows a date or a time:
// 14–22 and 45–47, plus the East Asian date formats 27–36 and 50–58.
func builtinDateFormat(id int) bool {
	return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 || id >= 50 && id <= 58
}

// dateFormatCode reports whether a custom number format shows a date: it has a d or y
// token outside quoted text, escapes and [brackets] such as [$-419] or [Red].
func dateFormatCode(code string) bool {
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return false
			}
			i += j + 1
		case '\\', '_', '*':
			i++ // the next character is literal, or padding
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return false
			}
			i += j
		case 'd', 'D', 'y', 'Y':
			return true
		}
	}
	return false
}

// maxSharedStrings is the most XML of shared strings a workbook may inflate to.
const maxSharedStrings = 1 << 30

// readStrings loads the shared string table.
func (f *xlsxFormat) readStrings(z *zip.Reader) error {
	zf := zipFile(z, "xl/sharedStrings.xml")
	if zf == nil {
		return nil
	}
	r, err := zf.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	// A zip can inflate far beyond its size: the table is read up to a limit, and a workbook
	// whose strings go past it is refused rather than let it take the machine's memory.
	lr := &io.LimitedReader{R: r, N: maxSharedStrings + 1}
	d := xml.NewDecoder(lr)
	for {
		tok, err := d.RawToken()
		if lr.N <= 0 {
			return fmt.Errorf("the workbook's shared strings are larger than %d MB", maxSharedStrings>>20)
		}
		if err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "si" {
			s, err := richText(d)
			if err != nil {
				return err
			}
			f.strings = append(f.strings, s)
		}
	}
}

// richText returns the text of the <t> elements up to the end of the current element,
// leaving out phonetic runs (<rPh>).
func richText(d *xml.Decoder) (string, error) {
	var b strings.Builder
	depth, inT, inPh := 1, false, 0
	for depth > 0 {
		tok, err := d.RawToken()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			inT = t.Name.Local == "t"
			if t.Name.Local == "rPh" {
				inPh++
			}
		case xml.EndElement:
			depth--
			inT = false
			if t.Name.Local == "rPh" {
				inPh--
			}
		case xml.CharData:
			if inT && inPh == 0 {
				b.Write(t)
			}
		}
	}
	return b.String(), nil
}

// open starts a pass over the sheet's cells.
func (f *xlsxFormat) open(name string, ra io.ReaderAt, size int64) (source, error) {
	z, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, fileError(name, msg("import.err.xlsx_broken", "Err", err.Error()))
	}
	zf := zipFile(z, f.sheets[f.chosen].path)
	if zf == nil {
		return nil, fileError(name, msg("import.err.xlsx_sheet_missing", "Sheet", strconv.QuoteToGraphic(f.sheetName())))
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, fileError(name, msg("import.err.xlsx_broken", "Err", err.Error()))
	}
	return &xlsxSource{f: f, name: name, rc: rc, d: xml.NewDecoder(rc), size: int64(zf.UncompressedSize64)}, nil
}

// xlsxSource streams the rows of a worksheet.
type xlsxSource struct {
	f     *xlsxFormat
	name  string
	rc    io.ReadCloser
	d     *xml.Decoder
	row   int
	rec   []string
	kinds []uint8
	last  int // the last row of the sheet's <dimension>, read before its rows; 0 if none

	// For estimateRows, which a layout calls while its reader goroutine reads on.
	size int64        // the sheet's XML, uncompressed
	read atomic.Int64 // the rows returned so far
	at   atomic.Int64 // the XML read by then
}

// estimateRows estimates the rows of the sheet, its header's rows included: from its
// <dimension> when that lies past the rows read (Excel's is right; some writers leave
// "A1"), else from the share of its XML that the rows read took.
func (s *xlsxSource) estimateRows() int {
	read, at := int(s.read.Load()), s.at.Load()
	if s.last > read || at == 0 {
		return max(s.last, read)
	}
	return max(read, int(float64(read)*float64(s.size)/float64(at)))
}

func (s *xlsxSource) close() error { return s.rc.Close() }

// next returns the next row that has a <row> element. Rows Excel leaves out are blank.
func (s *xlsxSource) next() (int, []string, []uint8, error) {
	for {
		tok, err := s.d.RawToken()
		if err == io.EOF {
			return 0, nil, nil, io.EOF
		} else if err != nil {
			return 0, nil, nil, fileError(s.name, msg("import.err.xlsx_broken", "Err", err.Error()))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				return s.readRow(t)
			case "dimension": // "A1:M1000001": where the sheet ends, for estimates
				if s.read.Load() > 0 {
					break // out of place after rows; and read ahead on another goroutine then
				}
				_, end, _ := strings.Cut(attr(t, "ref"), ":")
				if n, err := strconv.Atoi(strings.TrimLeft(end, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")); err == nil {
					s.last = n
				}
			}
		case xml.EndElement:
			if t.Name.Local == "sheetData" {
				return 0, nil, nil, io.EOF
			}
		}
	}
}

// readRow reads the cells of one <row> element.
func (s *xlsxSource) readRow(start xml.StartElement) (int, []string, []uint8, error) {
	prev := s.row
	s.row++
	if n, err := strconv.Atoi(attr(start, "r")); err == nil && n > 0 {
		if n <= prev { // rows are in order, each once; else which cells are whose is unknown
			return 0, nil, nil, fileError(s.name, msg("import.err.xlsx_row_order", "Row", n, "Prev", prev))
		}
		s.row = n
	}
	s.rec, s.kinds = s.rec[:0], s.kinds[:0]
	for {
		tok, err := s.d.RawToken()
		if err != nil {
			return 0, nil, nil, fileError(s.name, msg("import.err.xlsx_row", "Row", s.row, "Err", err.Error()))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "c" {
				if err := s.readCell(t); err != nil {
					return 0, nil, nil, fileError(s.name, msg("import.err.xlsx_row", "Row", s.row, "Err", err.Error()))
				}
			}
		case xml.EndElement:
			if t.Name.Local == "row" {
				s.at.Store(s.d.InputOffset())
				s.read.Add(1)
				return s.row, s.rec, s.kinds, nil
			}
		}
	}
}

// maxColumns bounds the column index of a cell reference (XFD is 16384).
const maxColumns = 16384

// readCell reads one <c> element into its column of the record.
func (s *xlsxSource) readCell(start xml.StartElement) error {
	col := len(s.rec)
	if c, ok := cellColumn(attr(start, "r")); ok {
		col = c
	}
	if col >= maxColumns {
		return errorString("cell reference out of range")
	}
	typ, style := attr(start, "t"), -1
	if n, err := strconv.Atoi(attr(start, "s")); err == nil {
		style = n
	}
	v, inline, formula, cached, err := cellContent(s.d)
	if err != nil {
		return err
	}
	text, kind, ok := s.f.value(typ, style, v, inline)
	// A formula's value not kept: no <v>, or an empty one of a number cell (openpyxl writes
	// <v></v>); an empty text result (=IF(…;"";…)) is a str cell.
	if formula && inline == "" && (!cached || v == "" && (typ == "" || typ == "n")) {
		kind = kindFormula
	}
	if !ok {
		return fmt.Errorf("cell %s refers to shared string %q, which the workbook does not have", cmp.Or(attr(start, "r"), columnLetter(col)), v)
	}
	for len(s.rec) <= col {
		s.rec, s.kinds = append(s.rec, ""), append(s.kinds, kindText)
	}
	s.rec[col], s.kinds[col] = text, kind
	return nil
}

// cellContent returns the text of the <v> element and of an inline string <is> up to the end
// of the cell, whether it has a formula <f>, and whether a <v> keeps a value (an empty one
// too: =IF(…;"";…)).
func cellContent(d *xml.Decoder) (v, inline string, formula, cached bool, err error) {
	for {
		tok, err := d.RawToken()
		if err != nil {
			return "", "", false, false, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "v":
				if v, err = richTextOf(d); err != nil {
					return "", "", false, false, err
				}
				cached = true
			case "is":
				if inline, err = richText(d); err != nil {
					return "", "", false, false, err
				}
			case "f":
				formula = true
			}
		case xml.EndElement:
			if t.Name.Local == "c" {
				return v, inline, formula, cached, nil
			}
		}
	}
}

// richTextOf returns the character data up to the end of the current element.
func richTextOf(d *xml.Decoder) (string, error) {
	var b strings.Builder
	for depth := 1; depth > 0; {
		tok, err := d.RawToken()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			b.Write(t)
		}
	}
	return b.String(), nil
}

// value returns a cell's text and kind from its type, style and content; ok is false for a
// shared string the workbook does not have.
func (f *xlsxFormat) value(typ string, style int, v, inline string) (text string, kind uint8, ok bool) {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(f.strings) {
			return "", kindText, false
		}
		return f.strings[i], kindText, true
	case "inlineStr":
		return inline, kindText, true
	case "str", "d":
		return v, kindText, true // formula text, an ISO date
	case "e":
		return v, kindError, true // #DIV/0!, #N/A
	case "b":
		return v, kindBool, true
	}
	if v == "" {
		return "", kindText, true
	}
	if style >= 0 && style < len(f.dateStyles) && f.dateStyles[style] {
		return v, kindDate, true
	}
	if style >= 0 && style < len(f.moneyStyles) && f.moneyStyles[style] != "" {
		return v + " " + f.moneyStyles[style], kindNumber, true // the currency its format shows
	}
	return v, kindNumber, true
}

// attr returns the value of the attribute with the local name.
func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// cellColumn returns the zero-based column of a cell reference such as "AB12".
func cellColumn(ref string) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref) && i < 4; i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
	}
	if i == 0 {
		return 0, false
	}
	return col - 1, true
}
