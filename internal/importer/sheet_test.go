package importer_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/importer"
)

// result is everything one pass over a sheet produced.
type result struct {
	rows    []importer.Row
	bad     []importer.RowError
	ignored []importer.Ignored
}

// readSheet opens a sample sheet and returns its layout and rows.
func readSheet(t *testing.T, name string, opts importer.Options) (*importer.Layout, result) {
	t.Helper()
	s, err := importer.Open(filepath.Join(sheetsDir, name))
	if err != nil {
		t.Fatalf("Open(%s): %v", name, err)
	}
	defer s.Close()
	l, err := s.Layout(opts)
	if err != nil {
		t.Fatalf("Layout(%s): %v", name, err)
	}
	return l, each(t, l)
}

func each(t *testing.T, l *importer.Layout) result {
	t.Helper()
	var res result
	err := l.Each(func(row *importer.Row, bad *importer.RowError, ign *importer.Ignored) error {
		switch {
		case row != nil:
			r := *row
			r.Tags = append([]string(nil), row.Tags...)
			res.rows = append(res.rows, r)
		case bad != nil:
			res.bad = append(res.bad, *bad)
		case ign != nil:
			res.ignored = append(res.ignored, *ign)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Each: %v", err)
	}
	return res
}

// clients counts distinct clients as the import matches them: by email, else phone, else
// name and company; a matched row adds its keys to the client.
func clients(rows []importer.Row) int {
	byKey := map[string]int{}
	n := 0
	for _, r := range rows {
		keys := []string{}
		if e := regulars.NormalizeEmail(r.Email); e != "" {
			keys = append(keys, "e:"+e)
		}
		if p := regulars.NormalizePhone(r.Phone); p != "" {
			keys = append(keys, "p:"+p)
		}
		keys = append(keys, "n:"+regulars.NormalizeName(r.Name)+"|"+regulars.NormalizeName(r.Company))
		id, found := 0, false
		for _, k := range keys {
			if id, found = byKey[k]; found {
				break
			}
		}
		if !found {
			n++
			id = n
		}
		for _, k := range keys {
			if _, ok := byKey[k]; !ok {
				byKey[k] = id
			}
		}
	}
	return n
}

// TestSampleSheets checks the counts that testdata/sheets/README.md states for each sample.
func TestSampleSheets(t *testing.T) {
	tests := []struct {
		file                       string
		opts                       importer.Options
		dataRows, orders, bad, ign int
		clients, counted           int
		revenue                    int64
		currency                   string
	}{
		{"google_ru.csv", importer.Options{}, 12, 10, 0, 2, 5, 8, 35_750_050, "RUB"},
		{"excel_1251.csv", importer.Options{}, 9, 7, 0, 2, 4, 7, 2_975_050, "RUB"},
		{"orders.xlsx", importer.Options{}, 6, 5, 0, 1, 3, 4, 19_250_080, "RUB"},
		{"english.csv", importer.Options{}, 7, 7, 0, 0, 4, 5, 476_000, "USD"},
		{"ambiguous_dates.csv", importer.Options{DateOrder: "dmy"}, 3, 3, 0, 0, 2, 3, 600_000, "RUB"},
		{"bad_amount.csv", importer.Options{}, 4, 3, 1, 0, 3, 3, 420_050, "RUB"},
		{"google_ru_long_dates.csv", importer.Options{}, 6, 5, 0, 1, 3, 4, 20_750_000, "RUB"},
		{"excel_en_dates.csv", importer.Options{}, 6, 5, 1, 0, 3, 4, 376_000, "USD"},
		{"crm_ru_summary.csv", importer.Options{}, 5, 4, 0, 1, 3, 3, 16_500_000, "RUB"},
		{"payments_ru.csv", importer.Options{}, 6, 5, 0, 1, 2, 3, 700_000, "RUB"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			l, res := readSheet(t, tt.file, tt.opts)
			for _, b := range res.bad {
				t.Logf("bad: %s", b.String())
			}
			if got := len(res.rows) + len(res.bad) + len(res.ignored); got != tt.dataRows || l.Rows != tt.dataRows {
				t.Errorf("data rows=%d (layout %d), want %d", got, l.Rows, tt.dataRows)
			}
			if len(res.rows) != tt.orders || len(res.bad) != tt.bad || len(res.ignored) != tt.ign {
				t.Errorf("orders, bad, ignored=%d, %d, %d, want %d, %d, %d", len(res.rows), len(res.bad), len(res.ignored), tt.orders, tt.bad, tt.ign)
			}
			if got := clients(res.rows); got != tt.clients {
				t.Errorf("clients=%d, want %d", got, tt.clients)
			}
			counted, revenue := 0, int64(0)
			for _, r := range res.rows {
				if r.Amount.Currency != tt.currency {
					t.Errorf("row %d: currency=%s, want %s", r.Line, r.Amount.Currency, tt.currency)
				}
				if regulars.CountsStatus(r.Status) {
					counted++
					revenue += r.Amount.Minor
				}
				o := regulars.Order{ClientID: 1, Amount: r.Amount, OrderedOn: r.OrderedOn, DueOn: r.DueOn, DeliveredOn: r.DeliveredOn, Status: r.Status}
				if err := o.Validate(); err != nil {
					t.Errorf("row %d: %v", r.Line, err)
				}
			}
			if counted != tt.counted || revenue != tt.revenue {
				t.Errorf("counted=%d revenue=%d, want %d and %d", counted, revenue, tt.counted, tt.revenue)
			}
		})
	}
}

// TestGoogleRU checks the details of the Russian Google Sheets export row by row.
func TestGoogleRU(t *testing.T) {
	l, res := readSheet(t, "google_ru.csv", importer.Options{})
	want := map[string]string{"Дата": "ordered_on", "Клиент": "name", "Компания": "company", "Email": "email",
		"Телефон": "phone", "Услуга": "service", "Сумма": "amount", "Статус": "status", "Комментарий": "notes"}
	for _, c := range l.Columns {
		if c.Field != want[c.Header] {
			t.Errorf("column %q: field=%q, want %q", c.Header, c.Field, want[c.Header])
		}
	}
	if c := l.Column(importer.FieldOrderedOn); c == nil || c.Format != "dd.mm.yyyy" {
		t.Errorf("date column=%+v, want format dd.mm.yyyy", c)
	}
	ign := []string{}
	for _, i := range res.ignored {
		ign = append(ign, i.Reason)
	}
	if got := strings.Join(ign, "; "); got != "blank row; totals row (Итого)" {
		t.Errorf("ignored=%q", got)
	}
	byLine := map[int]importer.Row{}
	for _, r := range res.rows {
		byLine[r.Line] = r
	}
	checks := []struct {
		line   int
		status string
		minor  int64
		date   string
		email  string
	}{
		{2, "paid", 5_000_000, "2026-01-05", "anna@example.ru"},
		{4, "paid", 750_000, "2026-01-20", "Anna@Example.ru"},
		{6, "cancelled", 4_500_000, "2026-02-03", "maria@mail.ru"},
		{9, "refunded", 8_000_000, "2026-03-01", ""},
		{10, "in_progress", 5_000_000, "2026-03-15", ""},
		{12, "delivered", 9_500_050, "2026-04-10", ""},
	}
	for _, c := range checks {
		r, ok := byLine[c.line]
		if !ok {
			t.Errorf("row %d missing", c.line)
			continue
		}
		if r.Status != c.status || r.Amount.Minor != c.minor || r.OrderedOn.String() != c.date || r.Email != c.email {
			t.Errorf("row %d: status=%s amount=%d date=%s email=%q, want %s %d %s %q",
				c.line, r.Status, r.Amount.Minor, r.OrderedOn, r.Email, c.status, c.minor, c.date, c.email)
		}
	}
	if r := byLine[12]; r.Notes != "Многострочный\nкомментарий" || r.Company != "ИП Волкова" {
		t.Errorf("row 12: notes=%q company=%q", r.Notes, r.Company)
	}
	if r := byLine[3]; r.Phone != "8 (916) 555-12-34" {
		t.Errorf("row 3: phone=%q, want it as typed", r.Phone)
	}
}

// TestExcel1251 checks the Windows-1251 semicolon export: paid column, two-digit years.
func TestExcel1251(t *testing.T) {
	_, res := readSheet(t, "excel_1251.csv", importer.Options{})
	r := res.rows[0]
	if r.Name != "Сергей Кузнецов" || r.OrderedOn.String() != "2026-01-15" || r.DueOn.String() != "2026-01-20" ||
		r.Amount.Minor != 350_000 || r.Status != "paid" {
		t.Errorf("row 2=%+v", r)
	}
	if r := res.rows[2]; r.Status != "unpaid" {
		t.Errorf("row 4: status=%s, want unpaid (Оплачено: нет)", r.Status)
	}
	if r := res.rows[3]; r.Service != `Обслуживание ПК; договор "Вектор"` {
		t.Errorf("row 5: service=%q", r.Service)
	}
	if r := res.rows[5]; r.Status != "paid" || r.Line != 7 {
		t.Errorf("row 7: line=%d status=%s, want paid by default", r.Line, r.Status)
	}
}

// TestOrdersXLSX checks date cells, number amounts and the hidden first sheet.
func TestOrdersXLSX(t *testing.T) {
	l, res := readSheet(t, "orders.xlsx", importer.Options{})
	if c := l.Column(importer.FieldOrderedOn); c == nil || c.Format != "xlsx date" {
		t.Errorf("ordered_on column=%+v, want xlsx date", c)
	}
	if c := l.Column(importer.FieldDeliveredOn); c == nil || c.Header != "Дата сдачи" {
		t.Errorf("delivered_on column=%+v", c)
	}
	want := []struct {
		line      int
		ordered   string
		delivered string
		minor     int64
		status    string
	}{
		{2, "2026-01-10", "2026-01-20", 5_000_000, "paid"},
		{3, "2026-02-01", "", 12_000_050, "in_progress"},
		{4, "2026-02-15", "2026-02-16", 750_000, "paid"},
		{5, "2026-03-01", "", 300_000, "cancelled"},
		{6, "2026-03-10", "", 1_500_030, "paid"},
	}
	if len(res.rows) != len(want) {
		t.Fatalf("rows=%d, want %d", len(res.rows), len(want))
	}
	for i, w := range want {
		r := res.rows[i]
		if r.Line != w.line || r.OrderedOn.String() != w.ordered || r.DeliveredOn.String() != w.delivered ||
			r.Amount.Minor != w.minor || r.Status != w.status {
			t.Errorf("row %d: %d %s %s %d %s, want %+v", i, r.Line, r.OrderedOn, r.DeliveredOn, r.Amount.Minor, r.Status, w)
		}
	}
}

// TestEnglish checks US dates and dollar amounts.
func TestEnglish(t *testing.T) {
	l, res := readSheet(t, "english.csv", importer.Options{})
	if c := l.Column(importer.FieldOrderedOn); c.Format != "mm/dd/yyyy" {
		t.Errorf("date format=%q, want mm/dd/yyyy", c.Format)
	}
	r := res.rows[0]
	if r.OrderedOn.String() != "2025-11-22" || r.Amount != (regulars.Money{Minor: 123_450, Currency: "USD"}) ||
		strings.Join(r.Tags, "|") != "vip|web" || r.Service != "Website redesign" {
		t.Errorf("row 2=%+v", r)
	}
	if r := res.rows[3]; strings.Join(r.Tags, "|") != "consulting|b2b" || r.Status != "delivered" {
		t.Errorf("row 5: tags=%q status=%s", r.Tags, r.Status)
	}
	if r := res.rows[4]; r.Status != "unpaid" || r.Amount.Minor != 7550 {
		t.Errorf("row 6: status=%s amount=%d", r.Status, r.Amount.Minor)
	}
}

// TestAmbiguousDates checks that a slash column with only days up to 12 is an error naming
// the column, unless DateOrder decides.
func TestAmbiguousDates(t *testing.T) {
	s, err := importer.Open(filepath.Join(sheetsDir, "ambiguous_dates.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.Layout(importer.Options{})
	want := `ambiguous_dates.csv: column "Дата" (B): dates could be dd/mm/yyyy or mm/dd/yyyy; use --date-order dmy or mdy.`
	if regulars.ErrorCode(err) != regulars.EINVALID || regulars.ErrorMessage(err) != want {
		t.Fatalf("err=%v, want %s", err, want)
	}
	for order, first := range map[string]string{"dmy": "2026-02-01", "mdy": "2026-01-02"} {
		l, err := s.Layout(importer.Options{DateOrder: order})
		if err != nil {
			t.Fatal(err)
		}
		if res := each(t, l); res.rows[0].OrderedOn.String() != first {
			t.Errorf("%s: first date=%s, want %s", order, res.rows[0].OrderedOn, first)
		}
	}
}

// TestBadAmount checks that a bad amount is a bad row naming the file, row, column and value.
func TestBadAmount(t *testing.T) {
	_, res := readSheet(t, "bad_amount.csv", importer.Options{})
	want := `bad_amount.csv:4: Сумма: Amount "12,34,5" is not a number. (value "12,34,5")`
	if len(res.bad) != 1 || res.bad[0].String()+fmt.Sprintf(" (value %q)", res.bad[0].Value) != want {
		t.Fatalf("bad=%+v, want %+v", res.bad, want)
	}
}
