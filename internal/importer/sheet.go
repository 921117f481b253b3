package importer

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/regulars/regulars"
)

// Cell kinds. CSV cells are all text; XLSX cells say what they hold.
const (
	kindText    = iota
	kindNumber  // an XLSX number: the text is its raw value, "1234.5"
	kindDate    // an XLSX number with a date format: the text is the serial, "46348"
	kindBool    // an XLSX boolean: "1" or "0"
	kindError   // an XLSX formula's error: "#DIV/0!", "#N/A"
	kindFormula // an XLSX formula whose value the file does not keep (no <v>): the text is ""
)

// source yields the records of one pass over a sheet. next returns io.EOF after the last
// record. The record and kinds slices are reused by the next call; kinds is nil when every
// cell is text.
type source interface {
	next() (line int, record []string, kinds []uint8, err error)
	close() error
}

// Sheet is an opened spreadsheet file. It can be read more than once: the import reads it in
// passes. A Sheet is not safe for concurrent use.
type Sheet struct {
	name string
	file *os.File // when opened from a path; read again on every pass
	size int64
	data []byte // when opened from bytes

	csv  *csvFormat  // set for CSV and TSV
	xlsx *xlsxFormat // set for XLSX
	want string      // the sheet to read, named by UseSheet
}

// UseSheet names the sheet of this workbook to read, as Options.Sheet names it for every
// workbook of an import, which it overrides: the web page's choice, file by file. A CSV file
// has no sheets, and refuses a name as it refuses Options.Sheet.
func (s *Sheet) UseSheet(name string) { s.want = name }

// Open opens the sheet at path. The format comes from the extension (.csv, .tsv, .txt, .xlsx)
// and the content: an XLSX file is a zip archive whatever its name.
func Open(path string) (*Sheet, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(name, msg("import.err.cannot_open", "Err", pathErrorText(err)))
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fileError(name, msg("import.err.cannot_read", "Err", pathErrorText(err)))
	}
	if fi.IsDir() {
		f.Close()
		return nil, fileError(name, msg("import.err.directory"))
	}
	s := &Sheet{name: name, file: f, size: fi.Size()}
	if err := s.sniff(); err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// OpenBytes opens a sheet held in memory, such as an upload. name gives the extension and
// is used in messages.
func OpenBytes(name string, data []byte) (*Sheet, error) {
	s := &Sheet{name: filepath.Base(name), data: data, size: int64(len(data))}
	if err := s.sniff(); err != nil {
		return nil, err
	}
	return s, nil
}

// CSVDialect returns the delimiter of a CSV or TSV sheet and whether it is in Windows-1251
// (else UTF-8, with or without a BOM); ok is false for an XLSX sheet.
func (s *Sheet) CSVDialect() (comma rune, win1251, ok bool) {
	if s.csv == nil {
		return 0, false, false
	}
	return s.csv.comma, s.csv.encoding == enc1251, true
}

// Name returns the file name as the user gave it, without its directory.
func (s *Sheet) Name() string { return s.name }

// Close releases the file. It is safe to call more than once.
func (s *Sheet) Close() error {
	if s.file == nil {
		return nil
	}
	err := s.file.Close()
	s.file = nil
	return err
}

// readerAt returns the sheet's bytes for one pass.
func (s *Sheet) readerAt() (io.ReaderAt, error) {
	if s.data != nil {
		return bytes.NewReader(s.data), nil
	}
	if s.file == nil {
		return nil, invalid(s.name, "the sheet is closed.")
	}
	return s.file, nil
}

// head returns up to n bytes from the start of the sheet.
func (s *Sheet) head(n int) ([]byte, error) {
	ra, err := s.readerAt()
	if err != nil {
		return nil, err
	}
	n = int(min(int64(n), s.size))
	buf := make([]byte, n)
	if _, err := ra.ReadAt(buf, 0); err != nil && err != io.EOF {
		return nil, fileError(s.name, msg("import.err.cannot_read", "Err", pathErrorText(err)))
	}
	return buf, nil
}

// sniff decides the format from the extension and the first bytes.
func (s *Sheet) sniff() error {
	head, err := s.head(sniffSize)
	if err != nil {
		return err
	}
	ext := strings.ToLower(filepath.Ext(s.name))
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		s.xlsx, err = openXLSX(s)
		return err
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return fileError(s.name, msg("import.err.xls"))
	case ext == ".xlsx" || ext == ".xlsm":
		return fileError(s.name, msg("import.err.not_xlsx"))
	case ext == ".xls" || ext == ".ods" || ext == ".numbers":
		return fileError(s.name, msg("import.err.unknown_format"))
	}
	s.csv, err = sniffCSV(s.name, head, ext == ".tsv")
	return err
}

// open starts a pass over the sheet.
func (s *Sheet) open() (source, error) {
	ra, err := s.readerAt()
	if err != nil {
		return nil, err
	}
	if s.xlsx != nil {
		return s.xlsx.open(s.name, ra, s.size)
	}
	return s.csv.open(io.NewSectionReader(ra, 0, s.size)), nil
}

// pathErrorText returns the reason of a file error without the path, which the message
// already names.
func pathErrorText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// sniffSize is how much of a file is read to decide its format, encoding and delimiter.
const sniffSize = 64 << 10

// regularsError reports whether err is already a *regulars.Error.
func regularsError(err error) bool {
	var e *regulars.Error
	return errors.As(err, &e)
}
