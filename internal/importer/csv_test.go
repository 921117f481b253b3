package importer

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want rune
	}{
		{"Comma", "a,b,c\n1,2,3\n", ','},
		{"Semicolon", "a;b;c\n1;2;3\n", ';'},
		{"Tab", "a\tb\tc\n1\t2\t3\n", '\t'},
		{"SemicolonWithDecimalCommas", "Клиент;Сумма;Дата\nАнна;1 234,50;22.11.26\nБорис;99,90;23.11.26\n", ';'},
		{"CommaWithQuotedSemicolons", "a,b,c\n\"x;y\",\"1;2\",3\n\"p;q\",2,3\n", ','},
		{"CommaWithQuotedCommaAmounts", "Клиент,Сумма\nАнна,\"50 000,00 ₽\"\nБорис,\"1 000,00 ₽\"\n", ','},
		{"SemicolonWithCommaInHeader", "Имя, фамилия;Сумма;Дата\nАнна;100;22.11.26\n", ';'},
		{"TitleAboveSemicolons", "Заказы за 2025 год\n\nКлиент;Дата;Сумма\nАнна;22.11.2025;100\nБорис;23.11.2025;200\n", ';'},
		{"TitleWithCommaAboveSemicolons", "Заказы, 2025\nКлиент;Дата;Сумма\nАнна;22.11.2025;1 234,50\nБорис;23.11.2025;99,90\n", ';'},
		{"TitleAboveCommas", "Заказы за 2025 год\nКлиент,Дата,Сумма\nАнна,22.11.2025,100\n", ','},
		{"SemicolonsWithBareQuote", "Клиент;Компания;Дата;Сумма\nАнна;ООО \"Ромашка\";01.02.2026;100\nБорис;;02.02.2026;200\n", ';'},
		{"SingleColumn", "a\nb\n", ','},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectDelimiter(tt.in); got != tt.want {
				t.Errorf("detectDelimiter=%q, want %q", got, tt.want)
			}
		})
	}
}

// TestRubleSignIn1251: Windows-1251 has no ₽, and Excel saves it as "?": in such a file it is
// the ruble's, and in a UTF-8 file still an unknown currency.
func TestRubleSignIn1251(t *testing.T) {
	sheet := "Клиент;Сумма;Дата\r\nАнна;1\u00a0500,00 ?;01.02.2026\r\nБорис;200 ?;02.02.2026\r\n"
	cp1251, _ := charmap.Windows1251.NewEncoder().String(sheet)
	for _, tt := range []struct {
		name, data string
		opts       Options
		want       []string
	}{
		{"Windows1251", cp1251, Options{}, []string{"150000 RUB", "20000 RUB"}},
		{"Windows1251OtherDefault", cp1251, Options{Currency: "USD"}, []string{"150000 RUB", "20000 RUB"}},
		{"UTF8", sheet, Options{}, []string{"bad: Amount \"1\u00a0500,00 ?\" has an unknown currency \"?\".", `bad: Amount "200 ?" has an unknown currency "?".`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := mustLayout(t, "r.csv", []byte(tt.data), tt.opts)
			got := rowsOf(l, amountOf)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDetectEncoding(t *testing.T) {
	cp1251, _ := charmap.Windows1251.NewEncoder().String("Клиент;Сумма\nАнна;100\n")
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"UTF8", []byte("Клиент,Сумма\n"), encUTF8},
		{"ASCII", []byte("Client,Amount\n"), encUTF8},
		{"BOM", append([]byte{0xEF, 0xBB, 0xBF}, "Клиент,Сумма\n"...), encBOM},
		{"Windows1251", []byte(cp1251), enc1251},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectEncoding(tt.in); got != tt.want {
				t.Errorf("detectEncoding=%s, want %s", got, tt.want)
			}
		})
	}
}

// TestCSVSheets reads small sheets end to end: encodings, delimiters, line endings, row
// numbers across blank lines and multi-line cells.
func TestCSVSheets(t *testing.T) {
	cp1251, _ := charmap.Windows1251.NewEncoder().String("Клиент;Сумма;Дата\r\nАнна;1 234,50;22.11.26\r\n")
	// Excel's "Unicode Text": UTF-16 with its byte order mark, tab-separated.
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String("Клиент\tСумма\tДата\r\nАнна\t1 234,50\t22.11.26\r\nБорис\t100\t23.11.26\r\n")
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String("Клиент;Сумма;Дата\nАнна;100;22.11.26\n")
	tests := []struct {
		name  string
		file  string
		data  string
		lines []int
		names []string
	}{
		{"UTF8CRLF", "a.csv", "Клиент,Сумма,Дата\r\nАнна,100,22.11.2026\r\nБорис,200,23.11.2026\r\n", []int{2, 3}, []string{"Анна", "Борис"}},
		{"BOM", "a.csv", "\uFEFFКлиент,Сумма,Дата\nАнна,100,22.11.2026\n", []int{2}, []string{"Анна"}},
		{"Windows1251", "a.csv", cp1251, []int{2}, []string{"Анна"}},
		{"UTF16LE", "a.txt", utf16le, []int{2, 3}, []string{"Анна", "Борис"}},
		{"UTF16BE", "a.csv", utf16be, []int{2}, []string{"Анна"}},
		{"TSVByExtension", "a.tsv", "Клиент\tСумма\tДата\nАнна, Борис\t100\t22.11.2026\n", []int{2}, []string{"Анна, Борис"}},
		{"TabInTxt", "a.txt", "Клиент\tСумма\tДата\nАнна\t100\t22.11.2026\n", []int{2}, []string{"Анна"}},
		{"EmptyLinesCount", "a.csv", "\n\nКлиент,Сумма,Дата\n\nАнна,100,22.11.2026\n\n\nБорис,200,23.11.2026\n", []int{4, 5, 6, 8}, []string{"Анна", "Борис"}}, // empty lines are ignored rows, 6 and 7 as one run
		{"MultilineCell", "a.csv", "Клиент,Сумма,Дата\n\"Анна\nСмирнова\",100,22.11.2026\nБорис,200,23.11.2026\n", []int{2, 3}, []string{"Анна\nСмирнова", "Борис"}},
		{"RaggedRows", "a.csv", "Клиент,Сумма,Дата,Заметки\nАнна,100,22.11.2026\nБорис,200,23.11.2026,x,extra\n", []int{2, 3}, []string{"Анна", "Борис"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := mustLayout(t, tt.file, []byte(tt.data), Options{})
			var lines []int
			var names []string
			err := l.Each(func(r *Row, b *RowError, ign *Ignored) error {
				switch {
				case r != nil:
					lines, names = append(lines, r.Line), append(names, r.Name)
				case b != nil:
					t.Errorf("bad row %+v", b)
				default:
					lines = append(lines, ign.Line)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !equalInts(lines, tt.lines) || strings.Join(names, "|") != strings.Join(tt.names, "|") {
				t.Errorf("lines=%v names=%q, want %v %q", lines, names, tt.lines, tt.names)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestRowRules checks blank and totals rows, identical rows, blank amounts and statuses.
func TestRowRules(t *testing.T) {
	data := strings.Join([]string{
		"№,Клиент,Дата,Сумма,Статус,Теги",
		"1,Анна,22.11.2026,100,,\"a, b;c\"",
		"1,Анна,22.11.2026,100,,\"a, b;c\"",
		",,,,,",
		"2,Борис,23.11.2026,,Запланирован,",
		"3,Вера,23.11.2026,,Отменён,",
		"4,Галина,23.11.2026,,Оплачен,",
		"5,Дарья,23.11.2026,100,Непонятно,",
		"6,,23.11.2026,100,,",
		"7,Ева,,100,,",
		"8,Жанна,23.11.2026,-100,Возврат,",
		"9,Зоя,23.11.2026,-100,,",
		",,,300,,",
		"Итого,,,300,,",
		",Всего:,,300,,",
		",Total Wine,23.11.2026,300,,",
	}, "\n")
	l := mustLayout(t, "r.csv", []byte(data), Options{})
	var got []string
	l.Each(func(r *Row, b *RowError, ign *Ignored) error {
		switch {
		case r != nil:
			got = append(got, r.Name+" "+r.Status+" "+r.Amount.Major()+" "+strings.Join(r.Tags, "|"))
		case b != nil:
			got = append(got, b.english())
		default:
			got = append(got, ign.Reason)
		}
		return nil
	})
	want := []string{
		"Анна paid 100.00 a|b|c",
		"Анна paid 100.00 a|b|c",
		"blank row",
		"Борис planned 0.00 ",
		"Вера cancelled 0.00 ",
		"Amount is empty.",
		`Status "Непонятно" is unknown; use paid, unpaid, delivered, in progress, planned, cancelled or refunded.`,
		"The row names no client: name, company, email and phone are all empty.",
		"Order date is empty.",
		"Жанна refunded 100.00 ",
		`Amount "-100" is negative; mark refunds with a status instead.`,
		"totals row (amount only)",
		"totals row (Итого)",
		"totals row (Всего:)",
		"Total Wine paid 300.00 ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestOpenErrors checks the layout errors: they are EINVALID and name the file.
func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name, file, data, want string
	}{
		{"Empty", "e.csv", "", "e.csv: has no rows; the first row should be the header."},
		{"OnlyBlank", "e.csv", ",,,\n\n", "e.csv: has no rows; the first row should be the header."},
		{"OldXLS", "o.xls", "\xD0\xCF\x11\xE0rest", "o.xls: is an old Excel .xls file; save it as .xlsx or CSV and import that."},
		{"BrokenXLSX", "b.xlsx", "PK\x03\x04garbage", "b.xlsx: is not a valid .xlsx file: zip: not a valid zip file."},
		{"Binary", "b.csv", "a\x00b", "b.csv: is not a text file; import CSV, TSV or XLSX."},
		{"NoAmount", "n.csv", "Клиент,Дата\nАнна,22.11.2026\n", `n.csv: has no amount column (amount) among the headers "Клиент", "Дата" of row 1; name the columns with --map "Header=field".`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := OpenBytes(tt.file, []byte(tt.data))
			if err == nil {
				_, err = s.Layout(Options{})
			}
			if err == nil || !regularsError(err) || err.Error() != tt.want {
				t.Errorf("err=%v, want %s", err, tt.want)
			}
		})
	}
}

// FuzzCSVFastPath: the records, sheet row numbers and errors of a CSV source that splits
// lines without a quoted cell itself are those of encoding/csv reading every line, whatever
// the text, the delimiter and the buffer size (lines longer than it go to encoding/csv; it is
// 4 KB at least, or encoding/csv would read ahead through a buffer of its own), but for a
// line with quotes inside its cells, which it reads as encoding/csv with lazy quotes does (see
// splitAsItStands).
func FuzzCSVFastPath(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "a,b\r\n\r\n1,\"x\ny\"\n\n3,4", "a;b\n\"q\"\"\";2\r\nx\"y;1\n5;6\r",
		"\n\n a , b \n\"unterminated\n1,2\n", "x\r\r\n\r\ny\r", "a\tb\n1\t\"2\"x\n3\t4\n", "\"a\nb\",c\nd,e\n\"f\"\n",
		strings.Repeat("long,line,", 500) + "\nshort\n" + strings.Repeat("x", 5000) + "\n\"y\"\n",
		"Клиент;Компания\nАнна;ООО \"Ромашка\"\nБорис; \"ИП\";x\"y\nВера;\"ЗАО\";a\"b\"\nГлеб;ООО \"Р; ф\";x\n"} {
		f.Add(s, uint8(0), uint8(16))
	}
	f.Fuzz(func(t *testing.T, text string, delim, size uint8) {
		comma := []rune{',', ';', '\t'}[int(delim)%3]
		read := func(fast bool) string {
			src := newCSVSource(bufio.NewReaderSize(strings.NewReader(text), 4096+int(size)), comma, fast)
			var out strings.Builder
			for n := 0; n < 10000; n++ {
				row, rec, _, err := src.next()
				if err == io.EOF {
					return out.String()
				}
				fmt.Fprintf(&out, "%d %q %v\n", row, rec, err)
			}
			t.Fatal("no end")
			return ""
		}
		fast, plain := read(true), read(false)
		if fast == plain {
			return
		}
		// The one difference allowed: a line with a quote inside a cell that does not start
		// with one is split as it stands, where encoding/csv finds a bare quote.
		fl, pl := strings.Split(fast, "\n"), strings.Split(plain, "\n")
		lines := strings.Split(text, "\n")
		for i := range fl {
			if len(fl) != len(pl) || fl[i] != pl[i] && !splitAsItStands(fl[i], pl[i], lines, comma) {
				t.Fatalf("text %q, delimiter %q:\nfast path:\n%s\nencoding/csv:\n%s", text, comma, fast, plain)
			}
		}
	})
}

// splitAsItStands reports whether fast, a record of the fast path, is its text line as
// encoding/csv reads it with lazy quotes, where plain, encoding/csv's, is a bare quote on that
// line; and whether that line is one the fast path may read so: no cell of it starts with a
// quote, after spaces, and each has an even number of them.
func splitAsItStands(fast, plain string, lines []string, comma rune) bool {
	var row, prow, at int
	_, err := fmt.Sscanf(fast, "%d", &row)
	_, perr := fmt.Sscanf(plain, "%d [] parse error on line %d", &prow, &at)
	if err != nil || perr != nil || row != prow || at < 1 || at > len(lines) || !strings.HasSuffix(plain, csv.ErrBareQuote.Error()) {
		return false
	}
	line := strings.TrimSuffix(lines[at-1], "\r")
	lazy := csv.NewReader(strings.NewReader(line))
	lazy.Comma, lazy.LazyQuotes, lazy.FieldsPerRecord = comma, true, -1
	rec, err := lazy.Read()
	if err != nil || fast != fmt.Sprintf("%d %q %v", row, rec, nil) {
		return false
	}
	for _, f := range strings.Split(line, string(comma)) {
		if strings.HasPrefix(strings.TrimLeft(f, " \t"), `"`) || strings.Count(f, `"`)%2 != 0 {
			return false
		}
	}
	return true
}

// TestQuoteErrors: a quote inside a cell that does not start with one is text, as spreadsheets
// read it, in a row without quoted cells; a row that is no CSV because of a quote says which
// quote and how to fix it, and the rows around it are read.
func TestQuoteErrors(t *testing.T) {
	l := mustLayout(t, "q.csv", []byte("Клиент;Компания;Дата;Сумма\nАнна;ООО \"Ромашка\";01.02.2026;100\n"+
		"Борис;\"ИП \"Иванов\"\";02.02.2026;200\nВера;;03.02.2026;300\nГлеб;ЗАО \"Рога\";\"04.02.2026\";400\n"+
		"Дина;ООО \"Лютик\" и \"Ко\";05.02.2026;500\nЕва;05.02.2026;600;ООО \"Р; ф\"\n"), Options{})
	got := rowsOf(l, func(r *Row) string { return r.Name + " " + r.Company })
	bare := `bad: The row cannot be read as CSV: a cell has a quote inside it but does not start with one, and the row quotes another cell or the cell has an odd number of quotes, so where the cell ends is unclear (ООО "Ромашка; филиал"). Put the whole cell in quotes and double the quotes inside it, "ООО ""Ромашка""", as spreadsheets save it.`
	want := []string{`Анна ООО "Ромашка"`,
		`bad: The row cannot be read as CSV: a cell in quotes has a quote inside it that is not doubled. Double the quotes inside a quoted cell, as spreadsheets save it.`,
		"Вера ", bare, `Дина ООО "Лютик" и "Ко"`, bare}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// FuzzValidUTF8: validUTF8 is utf8.ValidString, on either side of the length where the
// vector instructions take over (32 bytes) and whatever the bytes: overlong forms,
// surrogates, code points past U+10FFFF, sequences cut at the end.
func FuzzValidUTF8(f *testing.F) {
	for _, s := range []string{"", "ascii", "Анна Смирнова", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82",
		strings.Repeat("Ромашка, ", 8), strings.Repeat("x", 31) + "\xd0", strings.Repeat("я", 40) + "\xed\xbf\xbf",
		strings.Repeat("€", 11) + "\xf0\x9f\x98", strings.Repeat("a", 64) + "\x80" + strings.Repeat("b", 64)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, v := range []string{s, s + s, strings.Repeat(s, 5)} {
			if got, want := validUTF8(v), utf8.ValidString(v); got != want {
				t.Fatalf("validUTF8(%q) = %v, want %v", v, got, want)
			}
		}
	})
}
