package importer

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/regulars/regulars"
	"github.com/xuri/excelize/v2"
)

func TestDateFormatCode(t *testing.T) {
	tests := map[string]bool{
		"dd.mm.yyyy": true, "d/m/yy": true, "yyyy-mm-dd": true, "[$-419]d mmmm yyyy": true, "dd.mm.yyyy h:mm": true,
		"General": false, "0.00": false, `#,##0.00 "₽"`: false, `#,##0.00\ "руб."`: false, "[Red]0.00": false,
		`0.00 "days"`: false, "h:mm": false, "[$₽-419]#,##0": false, `_-* #,##0.00_-;\-* #,##0.00_-`: false,
	}
	for code, want := range tests {
		if got := dateFormatCode(code); got != want {
			t.Errorf("dateFormatCode(%q)=%v, want %v", code, got, want)
		}
	}
	for id, want := range map[int]bool{0: false, 2: false, 14: true, 22: true, 45: true, 47: true, 49: false, 164: false} {
		if got := builtinDateFormat(id); got != want {
			t.Errorf("builtinDateFormat(%d)=%v, want %v", id, got, want)
		}
	}
}

func TestCellColumn(t *testing.T) {
	for ref, want := range map[string]int{"A1": 0, "Z9": 25, "AA10": 26, "ab3": 27, "XFD1": 16383} {
		if got, ok := cellColumn(ref); !ok || got != want {
			t.Errorf("cellColumn(%q)=%d, want %d", ref, got, want)
		}
	}
	if _, ok := cellColumn("12"); ok {
		t.Error("cellColumn(12) ok, want not")
	}
}

// TestXLSXBytes reads the sample workbook from memory, as an upload is.
func TestXLSXBytes(t *testing.T) {
	b, err := os.ReadFile("../../testdata/sheets/orders.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	s, err := OpenBytes("upload.xlsx", b)
	if err != nil {
		t.Fatal(err)
	}
	if s.xlsx == nil || s.xlsx.sheetName() != "Заказы" {
		t.Fatalf("sheet=%+v, want the first visible sheet Заказы", s.xlsx)
	}
	l, err := s.Layout(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c := l.Column(FieldAmount); c.Samples[0] != "50000 RUB" || c.Samples[1] != "120000.5 RUB" { // numbers formatted in rubles
		t.Errorf("amount samples=%q", c.Samples)
	}
	n := 0
	l.Each(func(r *Row, _ *RowError, _ *Ignored) error {
		if r != nil {
			n++
		}
		return nil
	})
	if n != 5 {
		t.Errorf("rows=%d, want 5", n)
	}
}

// TestXLSXDateCellsOutOfRange: a date cell of Excel's 29 February 1900 (serial 60) or of a
// year past 2100, or a number not formatted as a date, is a bad row saying so, not a day
// that never was or 1905-07-17.
func TestXLSXDateCellsOutOfRange(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	f.SetSheetRow("Sheet1", "A1", &[]any{"Клиент", "Дата", "Сумма"})
	for i, serial := range []float64{46348, 60, 2958465} { // 22.11.2026; 29.02.1900; 31.12.9999
		row := strconv.Itoa(i + 2)
		f.SetSheetRow("Sheet1", "A"+row, &[]any{"Анна", serial, 100})
		f.SetCellStyle("Sheet1", "B"+row, "B"+row, style)
	}
	f.SetSheetRow("Sheet1", "A5", &[]any{"Анна", 2025, 100}) // a number, not formatted as a date
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	l := mustLayout(t, "dates.xlsx", buf.Bytes(), Options{})
	var got []string
	l.Each(func(r *Row, b *RowError, _ *Ignored) error {
		if r != nil {
			got = append(got, r.OrderedOn.String())
		} else if b != nil {
			got = append(got, b.english())
		}
		return nil
	})
	want := []string{"2026-11-22", `Order date "60" is not a real day: it is 29 February 1900, a day Excel counts and no calendar has.`,
		`Order date "2958465" is out of range: the year must be from 1900 to 2100.`,
		`Order date "2025" is a number, not a date: format the cell as a date in the workbook.`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	// The column's samples, as the plan shows them: the days, not the day numbers.
	if got, want := describeLayout(l).Columns[1].Samples, []string{"2026-11-22", "60", "2958465"}; !slices.Equal(got, want) {
		t.Errorf("samples %q, want %q", got, want)
	}
}

// TestXLSXTitleAboveHeader: a workbook whose table starts below a title merged across its
// columns and a blank row, as workbooks made to be looked at are.
func TestXLSXTitleAboveHeader(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", "Заказы за 2026 год")
	f.MergeCell("Sheet1", "A1", "C1")
	f.SetSheetRow("Sheet1", "A3", &[]any{"Клиент", "Дата", "Сумма"})
	f.SetSheetRow("Sheet1", "A4", &[]any{"Анна", "22.11.2026", 100})
	f.SetSheetRow("Sheet1", "A5", &[]any{"Борис", "23.11.2026", "сто"})
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	l := mustLayout(t, "titled.xlsx", buf.Bytes(), Options{})
	if l.HeaderLine != 3 || l.Above != 1 || l.Rows != 2 {
		t.Errorf("header row %d, %d above, %d rows; want 3, 1, 2", l.HeaderLine, l.Above, l.Rows)
	}
	var got []string
	l.Each(func(r *Row, b *RowError, _ *Ignored) error {
		if r != nil {
			got = append(got, fmt.Sprintf("%d %s %s", r.Line, r.Name, r.OrderedOn))
		} else if b != nil {
			got = append(got, fmt.Sprintf("%d %s", b.Line, b.Column))
		}
		return nil
	})
	if want := []string{"4 Анна 2026-11-22", "5 Сумма"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestXLSXTwoRowHeader: Excel's header of two rows, "Клиент" merged down over both and
// "Контакты" across its columns, names the client column.
func TestXLSXTwoRowHeader(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Клиент", "Контакты", nil, "Дата", "Сумма"})
	f.MergeCell("Sheet1", "A1", "A2")
	f.MergeCell("Sheet1", "B1", "C1")
	f.MergeCell("Sheet1", "D1", "D2")
	f.MergeCell("Sheet1", "E1", "E2")
	f.SetSheetRow("Sheet1", "B2", &[]any{"Email", "Телефон"})
	f.SetSheetRow("Sheet1", "A3", &[]any{"Анна", "a@x.ru", "+7 903 111-22-33", "22.11.2026", 100})
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	l := mustLayout(t, "two.xlsx", buf.Bytes(), Options{})
	got := rowsOf(l, func(r *Row) string {
		return fmt.Sprintf("%d %s %s %s %s", r.Line, r.Name, r.Email, r.Phone, r.OrderedOn)
	})
	if want := []string{"3 Анна a@x.ru +7 903 111-22-33 2026-11-22"}; !slices.Equal(got, want) || l.HeaderLine != 2 {
		t.Errorf("header row %d, rows %q, want 2, %q", l.HeaderLine, got, want)
	}
}

// TestXLSXFormulaWithoutValue: a formula whose value the workbook does not keep (a program
// wrote it without computing it) is a bad row that says so, not an empty amount.
func TestXLSXFormulaWithoutValue(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Клиент", "Дата", "Цена", "Кол-во", "Сумма"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"Анна", "22.11.2026", 500, 3})
	f.SetCellFormula("Sheet1", "E2", "C2*D2") // excelize computes nothing: no <v>
	f.SetSheetRow("Sheet1", "A3", &[]any{"Борис", "23.11.2026", 100, 1, 100})
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	got := rowsOf(mustLayout(t, "f.xlsx", buf.Bytes(), Options{}), amountOf)
	want := []string{"bad: The cell is a formula whose value the file does not keep: the program that wrote it did not compute it. Open the file in Excel, LibreOffice or Google Sheets and save it again.", "10000 RUB"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	// openpyxl writes such a formula of a number cell with an empty <v>: a number cell keeps
	// no empty value (an empty text result is a str cell), so that is a value not kept too.
	openpyxl := rewriteZip(t, buf.Bytes(), "xl/worksheets/sheet1.xml", func(x string) string {
		const excelize = `<c r="E2" t="str"><f>C2*D2</f></c>`
		if !strings.Contains(x, excelize) {
			t.Fatalf("no %s in %s", excelize, x)
		}
		return strings.Replace(x, excelize, `<c r="E2"><f>C2*D2</f><v></v></c>`, 1)
	})
	if got := rowsOf(mustLayout(t, "openpyxl.xlsx", openpyxl, Options{}), amountOf); !slices.Equal(got, want) {
		t.Errorf("openpyxl's: got %q, want %q", got, want)
	}

	// A formula whose value is empty, as Excel keeps =IF(…;"";…), is an empty cell; one whose
	// value the file does not keep is a bad row in any column read, the status too.
	g := excelize.NewFile()
	defer g.Close()
	g.SetSheetRow("Sheet1", "A1", &[]any{"Клиент", "Дата", "Сумма", "Срок", "Статус"})
	g.SetSheetRow("Sheet1", "A2", &[]any{"Анна", "22.11.2026", 100, nil, "Оплачен"})
	g.SetCellFormula("Sheet1", "D2", `IF(E2="В работе",B2,"")`)
	g.SetSheetRow("Sheet1", "A3", &[]any{"Борис", "23.11.2026", nil, nil, "Отменён"})
	g.SetCellFormula("Sheet1", "C3", `IF(E3="Отменён","",100)`)
	g.SetSheetRow("Sheet1", "A4", &[]any{"Вера", "24.11.2026", 300})
	g.SetCellFormula("Sheet1", "E4", `IF(C4>0,"Оплачен","Не оплачен")`)
	raw, err := g.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	// Excel keeps the values of D2 and C3, empty; E4's it does not.
	book := rewriteZip(t, raw.Bytes(), "xl/worksheets/sheet1.xml", func(x string) string {
		for _, c := range []string{`IF(E2="В работе",B2,"")`, `IF(E3="Отменён","",100)`} {
			f := "<f>" + strings.NewReplacer(`"`, "&#34;").Replace(c) + "</f>"
			if !strings.Contains(x, f) {
				t.Fatalf("no %s in %s", f, x)
			}
			x = strings.Replace(x, f, f+"<v></v>", 1)
		}
		return x
	})
	got = rowsOf(mustLayout(t, "g.xlsx", book, Options{}), func(r *Row) string { return r.Name + " " + r.Status + " " + amountOf(r) })
	want = []string{"Анна paid 10000 RUB", "Борис cancelled 0 RUB",
		"bad: The cell is a formula whose value the file does not keep: the program that wrote it did not compute it. Open the file in Excel, LibreOffice or Google Sheets and save it again."}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// rewriteZip returns the archive with the member name's text changed by edit.
func rewriteZip(t *testing.T, data []byte, name string, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == name {
			b = []byte(edit(string(b)))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestXLSXSheetChoice: a workbook whose first sheet is a summary (no client, order date and
// amount columns) is read from the first sheet that has them, and says so; Options.Sheet
// chooses a sheet by name, and names the sheets when it names none.
func TestXLSXSheetChoice(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Сводка")
	f.SetSheetRow("Сводка", "A1", &[]any{"Месяц", "Выручка"})
	f.SetSheetRow("Сводка", "A2", &[]any{"Ноябрь", 300})
	f.NewSheet("Заказы")
	f.SetSheetRow("Заказы", "A1", &[]any{"Клиент", "Дата", "Сумма"})
	f.SetSheetRow("Заказы", "A2", &[]any{"Анна", "22.11.2026", 100})
	f.NewSheet("Заказы 2025")
	f.SetSheetRow("Заказы 2025", "A1", &[]any{"Клиент", "Дата", "Сумма"})
	f.SetSheetRow("Заказы 2025", "A2", &[]any{"Борис", "22.11.2025", 200})
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		sheet, read, rows, err string
		passed                 []string
	}{
		{"", "Заказы", "10000 RUB", "", []string{"Сводка"}},
		{"заказы 2025", "Заказы 2025", "20000 RUB", "", nil},
		{"Сводка", "", "", "has no client column", nil},
		{"Итоги", "", "", `The workbook has no visible sheet "Итоги"; its sheets are "Сводка", "Заказы", "Заказы 2025".`, nil},
	} {
		s, err := OpenBytes("book.xlsx", buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		l, err := s.Layout(Options{Sheet: tt.sheet})
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("sheet %q: err=%v, want %q", tt.sheet, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("sheet %q: %v", tt.sheet, err)
		}
		fl := describeLayout(l)
		if got := rowsOf(l, amountOf); fl.Sheet != tt.read || !slices.Equal(fl.PassedSheets, tt.passed) || !slices.Equal(got, []string{tt.rows}) ||
			len(fl.OtherSheets) != 2 {
			t.Errorf("sheet %q: read %q (passed %q, others %q), rows %q; want %q (passed %q), %q", tt.sheet, fl.Sheet, fl.PassedSheets,
				fl.OtherSheets, got, tt.read, tt.passed, tt.rows)
		}
	}
	csv, _ := OpenBytes("a.csv", []byte("Клиент,Дата,Сумма\nАнна,22.11.2026,100\n"))
	if _, err := csv.Layout(Options{Sheet: "Заказы"}); err == nil || !strings.Contains(err.Error(), "--sheet names a sheet of an XLSX workbook") {
		t.Errorf("a CSV with a sheet named: %v", err)
	}
}

// TestXLSXBroken: a workbook whose cell names a shared string it does not have, or whose rows
// come out of order, is refused naming the row, not read as rows without a client.
func TestXLSXBroken(t *testing.T) {
	good := xlsxOf(t, "Клиент,Дата,Сумма\nАнна,22.11.2026,100\nБорис,23.11.2026,200\n")
	for _, tt := range []struct {
		name, part, from, to, want string
	}{
		{"MissingSharedString", "xl/worksheets/sheet1.xml", `<c r="A3" t="s"><v>`, `<c r="A3" t="s"><v>9`,
			`b.xlsx: is not a valid .xlsx file: row 3: cell A3 refers to shared string "9`},
		{"RowTwice", "xl/worksheets/sheet1.xml", `<row r="3"`, `<row r="2"`, "b.xlsx: is not a valid .xlsx file: row 2 comes after row 2."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := rewriteXLSX(t, good, tt.part, func(b []byte) []byte {
				if !bytes.Contains(b, []byte(tt.from)) {
					t.Fatalf("%s has no %s:\n%s", tt.part, tt.from, b)
				}
				return bytes.Replace(b, []byte(tt.from), []byte(tt.to), 1)
			})
			s, err := OpenBytes("b.xlsx", data)
			if err == nil {
				_, err = s.Layout(Options{})
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || regulars.ErrorCode(err) != regulars.EINVALID {
				t.Errorf("err %v, want %q", err, tt.want)
			}
		})
	}
}

// TestBlankRunsListedOnce: the empty rows before a stray cell far down a workbook (row 1,048,576 at most) are one
// ignored run, not a million entries.
func TestBlankRunsListedOnce(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Клиент", "Дата", "Сумма"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"Анна", "22.11.2026", 100})
	f.SetSheetRow("Sheet1", "A3", &[]any{"", "", ""})
	f.SetCellValue("Sheet1", "A100000", "Итого")
	f.SetCellValue("Sheet1", "C100000", 100)
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	rep := newReport(ImportOptions{})
	l := mustLayout(t, "stray.xlsx", buf.Bytes(), Options{})
	l.Each(func(_ *Row, _ *RowError, ign *Ignored) error {
		if ign != nil {
			rep.ignore(ign)
		}
		return nil
	})
	var got []string
	for _, i := range rep.Ignored {
		got = append(got, fmt.Sprintf("%d-%d %s", i.Row, i.ToRow, i.Reason))
	}
	if want := []string{"3-99999 blank rows", "100000-0 totals row (Итого)"}; !slices.Equal(got, want) {
		t.Errorf("ignored %q, want %q", got, want)
	}
}

// TestXLSXErrorCell: a formula's error in the amount or a date column is a bad row naming
// it, not "an unknown currency #DIV/".
func TestFormatCurrency(t *testing.T) {
	for code, want := range map[string]string{
		`[$$-409]#,##0.00`:              "USD",
		`#,##0.00 [$€-x-euro2]`:         "EUR",
		`[$€-407]\ #,##0.00`:            "EUR",
		`#,##0 "₸"`:                     "KZT",
		`#,##0.00\ "₽"`:                 "RUB",
		`#,##0.00"р."`:                  "RUB",
		`#,##0.00\ \р\.`:                "RUB",
		`#,##0.00\ [$₽-419];\-#,##0.00`: "RUB",
		`€#,##0.00`:                     "EUR",
		`#,##0.00 ₽`:                    "RUB",
		`[$USD] #,##0.00`:               "USD",
		`£#,##0;[Red]-£#,##0`:           "GBP",
		`#,##0.00`:                      "",
		`[$-419]#,##0.00`:               "",
		`0.00%`:                         "",
		`#,##0.00" шт."`:                "",
		`#,##0;[Red]-"$"#,##0`:          "", // only the first section counts
		`[Red]#,##0`:                    "",
		`_-* #,##0.00\ _₽_-;\-* #,##0.00\ _₽_-`: "", // Russian Excel's accounting format without its sign
		`_-* #,##0.00\ "₽"_-`:                   "RUB",
		`_-* #,##0.00 _€_-`:                     "",
		`[$¥-804]#,##0.00`:                      "CNY",
		`[$¥-411]#,##0`:                         "JPY",
		`#,##0" cup"`:                           "",
		`#,##0" руб."`:                          "RUB",
		`_($* #,##0.00_)`:                       "USD",
	} {
		if got := formatCurrency(code); got != want {
			t.Errorf("formatCurrency(%q)=%q, want %q", code, got, want)
		}
	}
}

// TestXLSXCurrencyFormats: amounts typed as numbers whose cells are formatted in a currency
// are in that currency, as the sheet shows them, whatever --currency says; a plain number is
// in --currency.
func TestXLSXCurrencyFormats(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Клиент", "Дата", "Сумма"})
	for i, c := range []struct {
		amount float64
		format string
	}{{1234.5, `[$$-409]#,##0.00`}, {99, `#,##0.00 [$€-x-euro2]`}, {15000, `#,##0 "₸"`}, {500, `#,##0.00\ "₽"`}, {700, `#,##0.00`}} {
		row := strconv.Itoa(i + 2)
		f.SetSheetRow("Sheet1", "A"+row, &[]any{"Анна", "22.11.2026", c.amount})
		format := c.format
		style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
		if err != nil {
			t.Fatal(err)
		}
		f.SetCellStyle("Sheet1", "C"+row, "C"+row, style)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	l := mustLayout(t, "cur.xlsx", buf.Bytes(), Options{Currency: "USD"})
	got := rowsOf(l, amountOf)
	if want := []string{"123450 USD", "9900 EUR", "1500000 KZT", "50000 RUB", "70000 USD"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestXLSXNumbersSummary: a workbook exported by Apple Numbers starts with a sheet that lists
// its tables; the data is the sheet after it.
func TestXLSXNumbersSummary(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Export Summary")
	f.SetSheetRow("Export Summary", "A1", &[]any{"Sheet Name", "Table Name"})
	f.SetSheetRow("Export Summary", "A2", &[]any{"Заказы", "Таблица 1"})
	f.NewSheet("Заказы")
	f.SetSheetRow("Заказы", "A1", &[]any{"Клиент", "Дата", "Сумма"})
	f.SetSheetRow("Заказы", "A2", &[]any{"Анна", "22.11.2026", 100})
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	l := mustLayout(t, "numbers.xlsx", buf.Bytes(), Options{})
	if l.sheet.xlsx.sheetName() != "Заказы" || len(l.sheet.xlsx.others()) != 0 {
		t.Errorf("read %q, others %q; want Заказы alone", l.sheet.xlsx.sheetName(), l.sheet.xlsx.others())
	}
	if got := rowsOf(l, amountOf); !slices.Equal(got, []string{"10000 RUB"}) {
		t.Errorf("rows %q", got)
	}
}

// TestXLSXCurrencyOnlyForAmounts: a currency format on another number (a phone, a yes/no
// column's 0) leaves that number as it is.
func TestXLSXCurrencyOnlyForAmounts(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Клиент", "Телефон", "Дата", "Сумма", "Оплачено"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"Анна", 79031234567, "22.11.2026", 100, 0})
	format := `#,##0.00\ "₽"`
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellStyle("Sheet1", "B2", "E2", style)
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	l := mustLayout(t, "phone.xlsx", buf.Bytes(), Options{Currency: "USD"})
	got := rowsOf(l, func(r *Row) string { return r.Phone + " " + amountOf(r) + " " + r.Status })
	if want := []string{"79031234567 10000 RUB unpaid"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestXLSXBoolAmount: a TRUE in the amount column is no amount of 1.
func TestXLSXBoolAmount(t *testing.T) {
	data := rewriteXLSX(t, xlsxOf(t, "Клиент,Дата,Сумма\nАнна,22.11.2026,100\nБорис,23.11.2026,200\n"), "xl/worksheets/sheet1.xml",
		func(b []byte) []byte {
			return regexp.MustCompile(`<c r="C3"[^>]*>.*?</c>`).ReplaceAll(b, []byte(`<c r="C3" t="b"><v>1</v></c>`))
		})
	l := mustLayout(t, "b.xlsx", data, Options{})
	var got []string
	l.Each(func(r *Row, b *RowError, _ *Ignored) error {
		if r != nil {
			got = append(got, fmt.Sprint(r.Amount.Minor))
		} else if b != nil {
			got = append(got, b.Column+": "+b.english())
		}
		return nil
	})
	if want := []string{"10000", "Сумма: Amount is a yes/no cell (TRUE or FALSE), not a number."}; !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestXLSXErrorCell(t *testing.T) {
	data := rewriteXLSX(t, xlsxOf(t, "Клиент,Дата,Сумма\nАнна,22.11.2026,100\nБорис,#N/A,200\n"), "xl/worksheets/sheet1.xml",
		func(b []byte) []byte {
			b = regexp.MustCompile(`<c r="C2"[^>]*>.*?</c>`).ReplaceAll(b, []byte(`<c r="C2" t="e"><v>#DIV/0!</v></c>`))
			return regexp.MustCompile(`<c r="B3"[^>]*>.*?</c>`).ReplaceAll(b, []byte(`<c r="B3" t="e"><v>#N/A</v></c>`))
		})
	l := mustLayout(t, "e.xlsx", data, Options{})
	var got []string
	l.Each(func(_ *Row, b *RowError, _ *Ignored) error {
		if b != nil {
			got = append(got, b.Column+": "+b.english())
		}
		return nil
	})
	want := []string{`Сумма: The cell holds the workbook's formula error "#DIV/0!"; fix the formula.`,
		`Дата: The cell holds the workbook's formula error "#N/A"; fix the formula.`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// TestXLSXAmountNoise: a number cell with more decimals than its currency allows is refused
// as the sheet shows it, 1499.988 and not the 17 digits the workbook keeps, with the advice
// to round it; floating point noise alone (0.1+0.2) is rounded away.
func TestXLSXAmountNoise(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Клиент", "Дата", "Сумма"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"Анна", "22.11.2026", 1499.988})
	f.SetSheetRow("Sheet1", "A3", &[]any{"Борис", "23.11.2026", 0.1 + 0.2})
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	book := rewriteZip(t, buf.Bytes(), "xl/worksheets/sheet1.xml", func(x string) string {
		if !strings.Contains(x, "<v>1499.988</v>") {
			t.Fatalf("no 1499.988 in %s", x)
		}
		return strings.Replace(x, "<v>1499.988</v>", "<v>1499.9880000000001</v>", 1) // as Excel keeps it
	})
	got := rowsOf(mustLayout(t, "vat.xlsx", book, Options{}), amountOf)
	want := []string{`bad: Amount "1499.988" has more decimal places than RUB allows: round it in the sheet, say with ROUND(…, 2) in its formula.`, "30 RUB"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
