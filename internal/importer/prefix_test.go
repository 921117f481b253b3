package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/pgtest"
	"github.com/regulars/regulars/internal/store"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// TestLayoutPrefix imports sheets whose layout is decided from their first rows into real
// databases, as CSV and as XLSX, and checks each against the same import decided from the
// whole sheet: the same report and the same orders stored. In the first sheet the later rows
// change the date order, so the write pass is rolled back and run again; in the second the
// decisions hold, and the write pass supplies the row count and the samples of a column empty
// at first.
func TestLayoutPrefix(t *testing.T) {
	var flip, hold strings.Builder
	flip.WriteString("Клиент,Дата,Сумма\n")
	for i := 0; i < 4; i++ {
		fmt.Fprintf(&flip, "Клиент %d,13/04/2026,100\n", i) // day first only
	}
	for i := 0; i < 6; i++ {
		fmt.Fprintf(&flip, "Клиент %d,04/%d/2026,200\n", i, 20+i) // month first only
	}
	hold.WriteString("Клиент,Дата,Сумма,Заметки\n")
	for i := 0; i < 10; i++ {
		note := ""
		if i >= 7 {
			note = fmt.Sprintf("заметка %d", i)
		}
		fmt.Fprintf(&hold, "Клиент %d,%02d.04.2026,\"1 500,50\",%s\n", i%3, i+1, note)
	}
	engines := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "regulars.db") },
		"postgres": func(t *testing.T) string { return pgtest.DSN(t) },
	}
	for name, dsn := range engines {
		t.Run(name, func(t *testing.T) {
			for _, tt := range []struct {
				sheet            string
				xlsx             bool
				orders, skipped  int
				notesSampleCount int
			}{
				{flip.String(), false, 6, 4, 0},
				{hold.String(), false, 10, 0, 3},
				{flip.String(), true, 6, 4, 0},
				{hold.String(), true, 10, 0, 3},
			} {
				name, data := "orders.csv", []byte(tt.sheet)
				if tt.xlsx {
					name, data = "orders.xlsx", xlsxOf(t, tt.sheet)
				}
				whole, wholeOrders := importFile(t, dsn(t), name, data, 0)
				rep, orders := importFile(t, dsn(t), name, data, 2)
				got, _ := json.Marshal(rep)
				want, _ := json.Marshal(whole)
				if string(got) != string(want) {
					t.Fatalf("decided from 2 rows:\n%s\nfrom the whole sheet:\n%s", got, want)
				}
				if orders != wholeOrders || strings.Count(orders, "\n") != tt.orders || len(rep.Skipped) != tt.skipped || rep.Rows != 10 {
					t.Fatalf("stored %q (from the whole sheet %q), skipped %d, rows %d", orders, wholeOrders, len(rep.Skipped), rep.Rows)
				}
				if n := len(rep.Columns[0].Columns); tt.notesSampleCount > 0 && len(rep.Columns[0].Columns[n-1].Samples) != tt.notesSampleCount {
					t.Fatalf("samples of the notes column: %q", rep.Columns[0].Columns[n-1].Samples)
				}
			}
		})
	}
}

// importFile imports the sheet name, of any format, into a fresh database with SkipBad and
// returns the report and the stored orders, one line each, in ID order, with their client's
// name.
func importFile(t *testing.T, dsn, name string, data []byte, prefix int) (*Report, string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := OpenBytes(name, data)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Import(ctx, store.NewBulkService(db), store.NewCatalogService(db), []*Sheet{s},
		ImportOptions{SkipBad: true, layoutPrefix: prefix})
	if err != nil {
		t.Fatalf("import (prefix %d): %v", prefix, err)
	}
	orders, _, err := store.NewOrderService(db).FindOrders(ctx, regulars.OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	clients, _, err := store.NewClientService(db).FindClients(ctx, regulars.ClientFilter{})
	if err != nil {
		t.Fatal(err)
	}
	names := map[int64]string{} // by name: PostgreSQL's IDs of a pass run again are others
	for _, c := range clients {
		names[c.ID] = c.Name
	}
	var b strings.Builder
	for _, o := range orders {
		fmt.Fprintf(&b, "%s %s %d\n", names[o.ClientID], o.OrderedOn, o.Amount.Minor)
	}
	return rep, b.String()
}

// TestLayoutPrefixFiles imports pairs of sheets with their layouts decided from their first
// two rows, and checks each against the same decided from whole sheets: the same error, the
// same report (the columns of the sheets before a failing one included).
func TestLayoutPrefixFiles(t *testing.T) {
	ambiguous := "Клиент,Дата,Сумма\nА,13/04/2026,1\nБ,14/04/2026,1\nВ,04/13/2026,1\nГ,04/14/2026,1\n"
	flips := "Клиент,Дата,Сумма\nА,13/04/2026,1\nБ,04/14/2026,1\nВ,04/15/2026,1\nГ,04/16/2026,1\n"
	good := "Клиент,Дата,Сумма\nА,01.02.2026,1\nБ,02.02.2026,2\nВ,03.02.2026,3\n"
	noAmount := "Клиент,Дата\nА,01.02.2026\n"
	for _, pair := range [][2]string{{ambiguous, noAmount}, {good, ambiguous}, {flips, good}, {good, flips}, {ambiguous, good}} {
		var got, want []byte
		var gotErr, wantErr string
		for _, prefix := range []int{0, 2} {
			var sheets []*Sheet
			for i, text := range pair {
				s, err := OpenBytes(fmt.Sprintf("%c.csv", 'a'+i), []byte(text))
				if err != nil {
					t.Fatal(err)
				}
				sheets = append(sheets, s)
			}
			b := &fakeBulk{clients: map[int64]bool{}, idx: regulars.ImportIndex{Orders: map[int64]regulars.OrderState{}}}
			rep, err := Import(context.Background(), b, fakeCatalog{}, sheets, ImportOptions{SkipBad: true, layoutPrefix: prefix})
			js, _ := json.Marshal(rep)
			if prefix == 0 {
				want, wantErr = js, fmt.Sprint(err)
			} else {
				got, gotErr = js, fmt.Sprint(err)
			}
		}
		if pair == [2]string{good, ambiguous} && !strings.Contains(string(want), `"file":"a.csv"`) {
			t.Errorf("the report of a failing second sheet lacks the first one's columns: %s", want)
		}
		if gotErr != wantErr || string(got) != string(want) {
			t.Errorf("decided from 2 rows: %s\n%s\nfrom whole sheets: %s\n%s", gotErr, got, wantErr, want)
		}
	}
}

// TestEstimateRows: a sheet's row count estimated from its first rows is within a tenth of the
// count, in UTF-8 and in Windows-1251, whose Cyrillic letters are a byte each.
func TestEstimateRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("Клиент;Дата;Сумма\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "Клиентка Номер %d;%02d.03.2026;%d\n", i, 1+i%28, 100+i%9000)
	}
	win, err := charmap.Windows1251.NewEncoder().String(b.String())
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"utf-8": b.String(), "windows-1251": win} {
		s, err := OpenBytes("orders.csv", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		l, err := s.layout(Options{}, 100)
		if err != nil {
			t.Fatal(err)
		}
		if !l.estimated || l.Rows < 2700 || l.Rows > 3300 {
			t.Errorf("%s: %d rows estimated (estimated %v) of 3000", name, l.Rows, l.estimated)
		}
	}
}

// TestReimportUpdatesStates imports orders, then the same sheet with their states changed,
// on real databases: each stored order takes its own row's new status and dates.
func TestReimportUpdatesStates(t *testing.T) {
	before := "Клиент,Дата,Сумма,Статус,Сдано\nА,01.02.2026,100,В работе,\nБ,02.02.2026,200,В работе,\nВ,03.02.2026,300,В работе,\n"
	after := "Клиент,Дата,Сумма,Статус,Сдано\nА,01.02.2026,100,Оплачен,05.02.2026\nБ,02.02.2026,200,Отменён,\nВ,03.02.2026,300,Возврат,07.02.2026\n"
	eachEngine(t, func(t *testing.T, db *store.DB) {
		for _, sheet := range []string{before, after} {
			importSheet(t, db, sheet)
		}
		var got []string
		for _, o := range storedOrders(t, store.NewOrderService(db)) {
			got = append(got, fmt.Sprintf("%d %s %s", o.Amount.Minor, o.Status, o.DeliveredOn))
		}
		want := []string{"10000 paid 2026-02-05", "20000 cancelled ", "30000 refunded 2026-02-07"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("orders after the re-import: %q, want %q", got, want)
		}
	})
}

// xlsxOf returns a workbook of one sheet holding the cells of a comma-separated sheet as text.
func xlsxOf(t *testing.T, sheet string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	recs, err := csv.NewReader(strings.NewReader(sheet)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range recs {
		row := []any{}
		for _, v := range rec {
			row = append(row, v)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestLayoutPrefixXLSX: an XLSX sheet too is decided from its first rows, and its row count
// is estimated from its <dimension>, its size being compressed.
func TestLayoutPrefixXLSX(t *testing.T) {
	var b strings.Builder
	b.WriteString("Клиент,Дата,Сумма\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "Клиент %d,%02d.04.2026,%d\n", i, 1+i%28, 100+i)
	}
	s, err := OpenBytes("orders.xlsx", xlsxOf(t, b.String()))
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.layout(Options{}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if l.tally == nil || l.prefixRows != 5 || !l.estimated || l.Rows < 36 || l.Rows > 46 {
		t.Errorf("decided from %d rows (tally %v), %d rows estimated %v; want from 5, about 40 estimated", l.prefixRows, l.tally != nil, l.Rows, l.estimated)
	}
	// Excel's own <dimension> names the last row: the estimate is that, less the header.
	s, err = OpenBytes("orders.xlsx", withDimension(t, xlsxOf(t, b.String()), "A1:C1000"))
	if err != nil {
		t.Fatal(err)
	}
	if l, err = s.layout(Options{}, 5); err != nil {
		t.Fatal(err)
	}
	if !l.estimated || l.Rows != 999 {
		t.Errorf("a sheet whose dimension is A1:C1000: %d rows estimated %v, want 999", l.Rows, l.estimated)
	}
}

// withDimension returns the workbook with its first sheet's <dimension> set to ref.
func withDimension(t *testing.T, data []byte, ref string) []byte {
	t.Helper()
	return rewriteXLSX(t, data, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
		return regexp.MustCompile(`<dimension ref="[^"]*"`).ReplaceAll(b, []byte(`<dimension ref="`+ref+`"`))
	})
}

// rewriteXLSX returns the workbook with the part name rewritten by fn.
func rewriteXLSX(t *testing.T, data []byte, name string, fn func([]byte) []byte) []byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := zip.NewWriter(&out)
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == name {
			b = fn(b)
		}
		fw, err := w.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(b)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
