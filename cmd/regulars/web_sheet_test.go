package main

import (
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/regulars/regulars/internal/importer"
	"github.com/xuri/excelize/v2"
)

// TestWebImportChooseSheet: of a workbook whose orders are on two sheets, the check page
// reads the first and offers the others in a list (each option's value its exact name: a
// browser folds the spaces of an option's text); choosing one checks that sheet instead,
// leaving out the columns chosen for headers it has not, and "Import" with a sheet just
// chosen checks it rather than importing it unseen. The API takes the sheet as the CLI's
// --sheet.
func TestWebImportChooseSheet(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Заказы 2025")
	f.SetSheetRow("Заказы 2025", "A1", &[]any{"Клиент", "Дата", "Сумма"})
	f.SetSheetRow("Заказы 2025", "A2", &[]any{"Анна", "22.11.2025", 100})
	f.NewSheet("Заказы  2026")
	f.SetSheetRow("Заказы  2026", "A1", &[]any{"Заказчик", "Дата заказа", "Стоимость", "Email"})
	f.SetSheetRow("Заказы  2026", "A2", &[]any{"Вера", "23.11.2026", 200, "vera@example.ru"})
	f.SetSheetRow("Заказы  2026", "A3", &[]any{"Глеб", "24.11.2026", 300, ""})
	f.NewSheet("Прочее")
	f.SetSheetRow("Прочее", "A1", &[]any{"Кто", "Когда", "Сколько"})
	f.SetSheetRow("Прочее", "A2", &[]any{"Дина", "25.11.2026", 400})
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	c, b := signedIn(t)
	_, code, body := b.upload("/import", path, nil)
	for _, want := range []string{`<select name="sheet:book.xlsx" data-submit>`, `<option value="Заказы 2025" selected>Заказы 2025</option><option value="Заказы  2026">Заказы  2026</option><option value="Прочее">Прочее</option>`,
		`name="shown:book.xlsx" value="Заказы 2025"`, `name="col:Клиент"`} {
		if code != 200 || !strings.Contains(body, want) {
			t.Fatalf("check page (%d) lacks %q:\n%s", code, want, body)
		}
	}
	// A sheet whose columns name no order: the page says so, and still offers the others.
	check := checkAction(t, body)
	_, code, other := b.post(check, url.Values{"currency": {"RUB"}, "sheet:book.xlsx": {"Прочее"}, "shown:book.xlsx": {"Заказы 2025"}})
	if code != 200 || !strings.Contains(other, `class="error"`) || !strings.Contains(other, `<option value="Прочее" selected>`) {
		t.Fatalf("an unreadable sheet's check (%d):\n%s", code, other)
	}
	// The page posts the first sheet's columns beside the sheet chosen: they are dropped.
	_, code, body = b.post(check, url.Values{"currency": {"RUB"}, "sheet:book.xlsx": {"Заказы  2026"}, "shown:book.xlsx": {"Заказы 2025"},
		"col:Клиент": {"name"}, "col:Дата": {"ordered_on"}, "col:Сумма": {"amount"}})
	for _, want := range []string{`<option value="Заказы  2026" selected>Заказы  2026</option><option value="Заказы 2025">Заказы 2025</option>`, `name="col:Заказчик"`} {
		if code != 200 || !strings.Contains(body, want) {
			t.Fatalf("the other sheet's check (%d) lacks %q:\n%s", code, want, body)
		}
	}
	if regexp.MustCompile(`class="error"`).MatchString(body) {
		t.Fatalf("the other sheet's check has an error:\n%s", body)
	}
	// Import with the other sheet chosen again, unseen: it is checked, nothing is written.
	_, code, again := b.post(commitAction(t, body), url.Values{"currency": {"RUB"}, "sheet:book.xlsx": {"Заказы 2025"},
		"shown:book.xlsx": {"Заказы  2026"}, "col:Заказчик": {"name"}})
	if code != 200 || strings.Contains(again, `class="card ok"`) || !strings.Contains(again, `<option value="Заказы 2025" selected>`) {
		t.Fatalf("import of a sheet just chosen (%d):\n%s", code, again)
	}
	if got := c.summary(); got.clients != 0 {
		t.Fatalf("a sheet just chosen was imported unseen: %+v", got)
	}
	_, code, body = b.post(commitAction(t, body), url.Values{"currency": {"RUB"}, "sheet:book.xlsx": {"Заказы  2026"},
		"shown:book.xlsx": {"Заказы  2026"}, "col:Заказчик": {"name"}})
	if code != 200 || !strings.Contains(body, `class="card ok"`) {
		t.Fatalf("commit: %d\n%s", code, body)
	}
	if got := c.summary(); got.clients != 2 || got.orders != 2 || got.revenue != "500.00" {
		t.Errorf("after the second sheet: %+v", got)
	}
	// The API: sheet names the sheet, a name no sheet has is refused naming them.
	var rep struct {
		OrdersCreated int                   `json:"orders_created"`
		Columns       []importer.FileLayout `json:"columns"`
	}
	mp, ct := multipartSheet(t, path, map[string]string{"sheet": "заказы 2025"})
	if code := b.srv.do("POST", "/api/v1/import", mp, ct, true, &rep); code != 200 || rep.OrdersCreated != 1 || rep.Columns[0].Sheet != "Заказы 2025" {
		t.Errorf("API with sheet: %d %+v", code, rep)
	}
	var e apiError
	mp, ct = multipartSheet(t, path, map[string]string{"sheet": "Итоги"})
	if code := b.srv.do("POST", "/api/v1/import", mp, ct, true, &e); code != 400 || !strings.Contains(e.Error, `"Заказы 2025"`) {
		t.Errorf("API with an unknown sheet: %d %+v", code, e)
	}
}
