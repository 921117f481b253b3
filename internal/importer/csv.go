package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
	"unsafe"

	asmutf8 "github.com/segmentio/asm/utf8"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encodings of CSV files.
const (
	encUTF8 = "UTF-8"
	encBOM  = "UTF-8 with BOM"
	enc1251 = "Windows-1251"
	// UTF-16 with its byte order mark, as Excel's "Unicode Text" saves a sheet (tab-separated):
	// decoded to UTF-8 as it is read.
	encUTF16LE = "UTF-16LE"
	encUTF16BE = "UTF-16BE"
)

// csvFormat is how a CSV file is written: its encoding and its delimiter.
type csvFormat struct {
	encoding string
	comma    rune
	crOnly   bool // lines end in a bare CR (Excel for Mac's "CSV (Macintosh)"): read as LF
	ascii    bool // the first bytes are all ASCII: UTF-8 until a letter says otherwise
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// sniffCSV decides the encoding and the delimiter from the first bytes of a file. tab forces
// the tab delimiter (a .tsv file).
func sniffCSV(name string, head []byte, tab bool) (*csvFormat, error) {
	if e := utf16Encoding(head); e != "" {
		text := decodeUTF16(head, e)
		if len(head) == sniffSize { // the last line may be cut short: its decoded length says nothing of it
			if i := bytes.LastIndexByte(text, '\n'); i > 0 {
				text = text[:i+1]
			}
		}
		f, err := sniffCSV(name, text, tab)
		if f != nil {
			f.encoding, f.ascii = e, false
		}
		return f, err
	}
	f := &csvFormat{encoding: detectEncoding(head)}
	f.ascii = f.encoding == encUTF8 && isASCII(head)
	if bytes.IndexByte(head, 0) >= 0 {
		return nil, fileError(name, msg("import.err.not_text"))
	}
	// A file whose first bytes break lines with CR and never with LF was saved with the old
	// Mac line breaks; read with LF alone, it would be one header row and no data.
	f.crOnly = bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0
	if f.crOnly {
		head = bytes.ReplaceAll(head, []byte{'\r'}, []byte{'\n'})
	}
	sample := f.decode(head)
	if len(head) == sniffSize { // drop the last line, which may be cut short
		if i := strings.LastIndexByte(sample, '\n'); i > 0 {
			sample = sample[:i+1]
		}
	}
	f.comma = ','
	if tab {
		f.comma = '\t'
	} else {
		f.comma = detectDelimiter(sample)
	}
	return f, nil
}

// utf16Encoding returns encUTF16LE or encUTF16BE for text that starts with its byte order
// mark, else "".
func utf16Encoding(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return encUTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return encUTF16BE
	}
	return ""
}

// utf16Decoder returns the decoder of e, which drops the byte order mark.
func utf16Decoder(e string) *encoding.Decoder {
	order := unicode.LittleEndian
	if e == encUTF16BE {
		order = unicode.BigEndian
	}
	return unicode.UTF16(order, unicode.ExpectBOM).NewDecoder()
}

// decodeUTF16 returns the UTF-8 of head, the first bytes of a UTF-16 file, whose last unit
// may be cut short.
func decodeUTF16(head []byte, e string) []byte {
	if len(head)%2 == 1 {
		head = head[:len(head)-1]
	}
	out, _ := utf16Decoder(e).Bytes(head)
	return out
}

// detectEncoding decides between UTF-8 (with or without BOM) and Windows-1251 by UTF-8
// validity: Cyrillic text in Windows-1251 is almost never valid UTF-8.
func detectEncoding(head []byte) string {
	if bytes.HasPrefix(head, utf8BOM) {
		return encBOM
	}
	if len(head) == sniffSize {
		head = trimPartialRune(head)
	}
	if utf8.Valid(head) {
		return encUTF8
	}
	return enc1251
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of b.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= 3 && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < 0x80 {
			return b
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			return b
		}
	}
	return b
}

// decode returns b as UTF-8 text.
func (f *csvFormat) decode(b []byte) string {
	switch f.encoding {
	case encBOM:
		return string(bytes.TrimPrefix(b, utf8BOM))
	case enc1251:
		out, _ := charmap.Windows1251.NewDecoder().Bytes(b)
		return string(out)
	}
	return string(b)
}

// detectDelimiter returns the delimiter among comma, semicolon and tab that splits the
// sample's lines into the most rows with as many fields as the header, respecting quotes.
func detectDelimiter(sample string) rune {
	best, bestScore, bestFields := ',', -1, 0
	for _, c := range []rune{',', ';', '\t'} {
		score, fields := delimiterScore(sample, c)
		if score > bestScore || score == bestScore && fields > bestFields {
			best, bestScore, bestFields = c, score, fields
		}
	}
	return best
}

// delimiterScore splits up to 50 records of the sample with comma c and returns how many of
// them have the field count most of them have, of two fields or more, and that count: a
// title above the table ("Заказы за 2025 год", one cell, or two where it has a comma) does
// not decide. A delimiter that splits nothing scores 0, and one that encoding/csv cannot read
// even with lazy quotes.
func delimiterScore(sample string, c rune) (score, fields int) {
	r := csv.NewReader(strings.NewReader(sample))
	// A quote inside a cell that does not start with one (ООО "Ромашка") is text, as the
	// sheet is read (see csvSource), or a bad row where the row quotes a cell too: lazy quotes
	// count its fields either way, so as not to turn the delimiter over.
	r.Comma, r.FieldsPerRecord, r.ReuseRecord, r.LazyQuotes = c, -1, true, true
	counts := map[int]int{}
	for n := 0; n < 50; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return 0, 0
		}
		if len(rec) >= 2 && !blankRecord(rec) {
			counts[len(rec)]++
		}
	}
	for f, n := range counts {
		if n > score || n == score && f > fields {
			score, fields = n, f
		}
	}
	return score, fields
}

func blankRecord(rec []string) bool {
	for _, v := range rec {
		if !blank(v) {
			return false
		}
	}
	return true
}

// open starts a pass over the CSV text in r.
func (f *csvFormat) open(r io.Reader) source {
	if f.encoding == encUTF16LE || f.encoding == encUTF16BE {
		r = transform.NewReader(r, utf16Decoder(f.encoding))
	}
	if f.crOnly {
		r = crReader{r}
	}
	br := bufio.NewReaderSize(r, 256<<10)
	if f.encoding == encBOM {
		br.Discard(len(utf8BOM))
	}
	// Windows-1251 is decoded cell by cell, not as a stream, so that a UTF-8 cell in it is
	// found rather than turned into mojibake; its delimiters and quotes are ASCII bytes.
	src := newCSVSource(br, f.comma, true)
	src.win1251 = f.encoding == enc1251
	src.utf8 = !src.win1251 // UTF-16 is read as its UTF-8
	src.check, src.undecided = true, f.ascii
	return src
}

// newCSVSource reads CSV records from br; fast lets it split lines without a quoted cell
// itself (see csvSource). br's
// buffer must hold at least 4096 bytes, or encoding/csv would read ahead through a buffer of
// its own.
func newCSVSource(br *bufio.Reader, comma rune, fast bool) *csvSource {
	cr := csv.NewReader(br) // it reads from br itself: a big enough *bufio.Reader is not wrapped
	cr.Comma, cr.FieldsPerRecord, cr.ReuseRecord = comma, -1, true
	return &csvSource{br: br, r: cr, comma: byte(comma), fast: fast}
}

// csvSource reads the records of a CSV file with their sheet row numbers.
//
// Most lines of a sheet hold no quote at all: those it splits itself, in a fraction of
// encoding/csv's time (the record is one string, its fields slices of it); a line with a
// quoted cell, or longer than the buffer, goes to encoding/csv, which reads on from the same
// buffer. The records, row numbers and errors are encoding/csv's, but for one thing:
// a quote inside a cell that does not start with one (ООО "Ромашка" in a file that quotes
// nothing) is part of the cell, as spreadsheets read it, where encoding/csv finds a bare
// quote (FuzzCSVFastPath compares the two). Only on the fast path: in a row that quotes a
// cell too, or whose cell has an odd number of quotes (ООО "Ромашка; филиал" may hide a
// delimiter), or a line longer than the buffer, such a quote is encoding/csv's bare quote,
// a bad row.
type csvSource struct {
	br    *bufio.Reader
	r     *csv.Reader
	comma byte
	fast  bool // split lines without a quoted cell here; false leaves every line to encoding/csv
	check bool // check that every cell is text: no NUL, and valid UTF-8 when utf8 is set
	utf8  bool

	// A file whose first 64 KB are ASCII may be in Windows-1251 all the same: undecided until
	// its first non-ASCII cell, which is UTF-8 or else turns the source to win1251 (the CSV's
	// delimiters and quotes are the same bytes in both), where a UTF-8 cell is a mixed file.
	undecided, win1251 bool
	dec                *encoding.Decoder // Windows-1251's, made once

	rec      []string // the fast path's record, reused
	line     string   // and the line it was split from
	fromFast bool     // the last record is the fast path's

	fastLines int // text lines split here
	csvLines  int // text lines encoding/csv read (its own line numbers count only those)
	row       int // the sheet row number of the last record
	lastEnd   int // the text line on which the last record ended
}

// next returns the next record. encoding/csv skips empty lines, but a spreadsheet shows them
// as rows, so the row number counts them; a quoted cell spanning lines is still one row.
//
// The encoding was decided from the file's first bytes; a record with a cell that is not text
// in it (bytes that are not UTF-8, say a Windows-1251 part pasted into a UTF-8 file, or a NUL)
// is a row that cannot be read: a *csv.ParseError whose Err is a *textError.
func (s *csvSource) next() (int, []string, []uint8, error) {
	row, rec, kinds, err := s.read()
	if err != nil || !s.check {
		return row, rec, kinds, err
	}
	if s.fromFast && strings.IndexByte(s.line, 0) < 0 { // the usual line: checked whole, once
		switch {
		case s.utf8 && !s.undecided && validUTF8(s.line):
			return row, rec, kinds, nil
		case (s.undecided || s.win1251) && isASCII(s.line):
			return row, rec, kinds, nil
		}
	}
	if s.undecided {
		s.decide(rec)
	}
	for i, v := range rec {
		if strings.IndexByte(v, 0) >= 0 || s.utf8 && !utf8.ValidString(v) || s.win1251 && looksUTF8(v) {
			return row, nil, nil, &csv.ParseError{StartLine: s.lastEnd, Line: s.lastEnd,
				Err: &textError{field: i, value: strings.Clone(v), win1251: s.win1251}}
		}
		if s.win1251 && !isASCII(v) {
			if s.dec == nil {
				s.dec = charmap.Windows1251.NewDecoder()
			}
			rec[i], _ = s.dec.String(v)
		}
	}
	return row, rec, kinds, nil
}

// decide settles an undecided encoding at the first non-ASCII cell: UTF-8 if it reads as
// text people write in UTF-8, else Windows-1251. A Windows-1251 capital before a dash, a
// quote, Ё or № is valid UTF-8 too ("К–2" reads "ʖ2"), but of letters no sheet holds.
func (s *csvSource) decide(rec []string) {
	for _, v := range rec {
		if s.undecided && !isASCII(v) {
			s.undecided = false
			if !utf8.ValidString(v) || oddUTF8(v) && !looksUTF8(v) {
				s.utf8, s.win1251 = false, true
			}
			return
		}
	}
}

// looksUTF8 reports whether v is Cyrillic in UTF-8, two letters А–я or more: in a file of
// Windows-1251, a cell of another encoding. Windows-1251 text is valid UTF-8 only where a
// capital stands before punctuation, and two such pairs that read as Cyrillic in one cell
// ("СЁРЁ" in capitals) are all but unheard of.
func looksUTF8(v string) bool {
	if isASCII(v) || !utf8.ValidString(v) {
		return false
	}
	n := 0
	for _, r := range v {
		if r >= 'А' && r <= 'я' {
			if n++; n == 2 {
				return true
			}
		}
	}
	return false
}

// oddUTF8 reports whether valid UTF-8 v holds a letter of the ranges a Windows-1251 capital
// before punctuation reads as: Latin Extended-B, IPA, Greek (U+0180–U+03FF) and the
// scripts after Cyrillic up to U+07FF.
func oddUTF8(v string) bool {
	for _, r := range v {
		if r >= 0x180 && r <= 0x3FF || r >= 0x480 && r <= 0x7FF {
			return true
		}
	}
	return false
}

// isASCII reports whether b is all ASCII.
func isASCII[T string | []byte](b T) bool {
	for i := 0; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// validUTF8 reports whether s is valid UTF-8, as utf8.ValidString does, with the vector
// instructions of the processor where it has AVX2: a line of Cyrillic text is checked about
// five times faster (a million lines of 240 MB: 0.34 -> 0.06 s on this project's machine), and
// the check of every line was the largest single cost of reading a CSV file.
func validUTF8(s string) bool {
	// The check only reads the bytes: a slice over the string's own is safe.
	return asmutf8.Valid(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// textError is a cell that is not text in the file's encoding.
type textError struct {
	field   int    // the cell's column index
	value   string // the cell as read
	win1251 bool   // the file turned out to be in Windows-1251, and the cell is UTF-8
}

func (e *textError) Error() string { return e.message().String() }

// message says what is wrong with the cell.
func (e *textError) message() message {
	if i := strings.IndexByte(e.value, 0); i >= 0 {
		return msg("import.row.nul", "Byte", i+1)
	}
	if e.win1251 {
		return msg("import.row.utf8_in_1251")
	}
	at := 0
	for at < len(e.value) {
		r, n := utf8.DecodeRuneInString(e.value[at:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		at += n
	}
	return msg("import.row.not_utf8", "Byte", at+1, "Hex", fmt.Sprintf("%02X", e.value[min(at, len(e.value)-1)]))
}

// shown returns the cell with what is not text made visible: a NUL as ␀, and each run of
// bytes that are not UTF-8 as one \uFFFD.
func (e *textError) shown() string {
	return strings.ToValidUTF8(strings.ReplaceAll(e.value, "\x00", "␀"), "\uFFFD")
}

// read returns the next record as the CSV has it.
func (s *csvSource) read() (int, []string, []uint8, error) {
	for s.fast {
		line, ok := s.plainLine()
		if !ok {
			break
		}
		s.fastLines++
		if len(line) == 0 {
			continue // an empty line: skipped, as encoding/csv does, but counted
		}
		at := s.fastLines + s.csvLines
		s.row += 1 + max(at-s.lastEnd-1, 0)
		s.lastEnd = at
		s.fromFast = true
		return s.row, s.split(line), nil, nil
	}
	s.fromFast = false
	rec, err := s.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			s.csvLines = pe.Line
			e := *pe
			e.StartLine, e.Line = pe.StartLine+s.fastLines, pe.Line+s.fastLines
			s.row += 1 + max(e.StartLine-s.lastEnd-1, 0)
			s.lastEnd = e.Line
			return s.row, nil, nil, &e
		}
		return 0, nil, nil, err
	}
	start, _ := s.r.FieldPos(0)
	last := len(rec) - 1
	end, _ := s.r.FieldPos(last)
	end += strings.Count(rec[last], "\n")
	s.csvLines = end
	s.row += 1 + max(start+s.fastLines-s.lastEnd-1, 0)
	s.lastEnd = end + s.fastLines
	return s.row, rec, nil, nil
}

// plainLine consumes and returns the next line without its line break, as encoding/csv
// would read it (\r\n as \n, a \r before the end of the file dropped), when the line is
// whole in the buffer and no cell of it is quoted (see quotedCell). Otherwise it consumes
// nothing and returns false.
func (s *csvSource) plainLine() ([]byte, bool) {
	buf, _ := s.br.Peek(s.br.Buffered())
	i := bytes.IndexByte(buf, '\n')
	if i < 0 {
		var err error
		buf, err = s.br.Peek(s.br.Size()) // fill the buffer
		if i = bytes.IndexByte(buf, '\n'); i < 0 {
			if err != io.EOF || len(buf) == 0 || quotedCell(buf, s.comma) {
				return nil, false // longer than the buffer, an error, the end, or a quoted cell
			}
			s.br.Discard(len(buf)) // the last line, without a line break
			return bytes.TrimSuffix(buf, []byte("\r")), true
		}
	}
	line := buf[:i]
	if quotedCell(line, s.comma) {
		return nil, false
	}
	s.br.Discard(i + 1)
	return bytes.TrimSuffix(line, []byte("\r")), true
}

// quotedCell reports whether line is for encoding/csv to read: a cell of it starts with a
// quote, after any spaces (a quoted cell, which may hold delimiters, doubled quotes and line
// breaks), or has an odd number of quotes (ООО "Ромашка; филиал": the quotes may hide a
// delimiter). A quote inside a cell is text otherwise (ООО "Ромашка"). It looks at the quotes
// only, which most lines have none of.
func quotedCell(line []byte, comma byte) bool {
	odd := false // the cell of the last quote has had an odd number of them
	last := -1   // the last quote
	for off := 0; ; {
		q := bytes.IndexByte(line[off:], '"')
		if q < 0 {
			return odd
		}
		q += off
		newCell := last < 0 || bytes.IndexByte(line[last+1:q], comma) >= 0
		if newCell && odd {
			return true
		}
		j := q - 1
		for j >= 0 && line[j] != comma && (line[j] == ' ' || line[j] == '\t') {
			j--
		}
		if j < 0 || line[j] == comma {
			return true
		}
		odd = newCell || !odd
		last, off = q, q+1
	}
}

// split splits a line without a quoted cell on the delimiter.
func (s *csvSource) split(line []byte) []string {
	str := string(line)
	s.line = str
	rec := s.rec[:0]
	for {
		i := strings.IndexByte(str, s.comma)
		if i < 0 {
			break
		}
		rec, str = append(rec, str[:i]), str[i+1:]
	}
	s.rec = append(rec, str)
	return s.rec
}

func (s *csvSource) close() error { return nil }

// crReader reads r with every CR turned into LF, for a file with the old Mac line breaks.
type crReader struct{ r io.Reader }

func (c crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}
