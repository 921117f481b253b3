package main

import (
	"bytes"
	"mime/multipart"
	"net/http"
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
	for _, want := range []string{`<select name="sheet:0" data-submit>`, `<option value="Заказы 2025" selected>Заказы 2025</option><option value="Заказы  2026">Заказы  2026</option><option value="Прочее">Прочее</option>`,
		`name="shown:0" value="Заказы 2025"`, `name="col:Клиент"`} {
		if code != 200 || !strings.Contains(body, want) {
			t.Fatalf("check page (%d) lacks %q:\n%s", code, want, body)
		}
	}
	// A sheet whose columns name no order: the page says so, and still offers the others.
	check := checkAction(t, body)
	_, code, other := b.post(check, url.Values{"currency": {"RUB"}, "sheet:0": {"Прочее"}, "shown:0": {"Заказы 2025"}})
	if code != 200 || !strings.Contains(other, `class="error"`) || !strings.Contains(other, `<option value="Прочее" selected>`) {
		t.Fatalf("an unreadable sheet's check (%d):\n%s", code, other)
	}
	// The page posts the first sheet's columns beside the sheet chosen: they are dropped.
	_, code, body = b.post(check, url.Values{"currency": {"RUB"}, "sheet:0": {"Заказы  2026"}, "shown:0": {"Заказы 2025"},
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
	_, code, again := b.post(commitAction(t, body), url.Values{"currency": {"RUB"}, "sheet:0": {"Заказы 2025"},
		"shown:0": {"Заказы  2026"}, "col:Заказчик": {"name"}})
	if code != 200 || strings.Contains(again, `class="card ok"`) || !strings.Contains(again, `<option value="Заказы 2025" selected>`) {
		t.Fatalf("import of a sheet just chosen (%d):\n%s", code, again)
	}
	if got := c.summary(); got.clients != 0 {
		t.Fatalf("a sheet just chosen was imported unseen: %+v", got)
	}
	_, code, body = b.post(commitAction(t, body), url.Values{"currency": {"RUB"}, "sheet:0": {"Заказы  2026"},
		"shown:0": {"Заказы  2026"}, "col:Заказчик": {"name"}})
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

// TestWebImportSameNames: two uploaded workbooks of one name (book.xlsx from two folders)
// each have their own sheet list; choosing the second's sheet leaves the first's as it was
// (the choice names the file by its place, not its name, which both share).
func TestWebImportSameNames(t *testing.T) {
	book := func(sheets ...[]any) []byte {
		f := excelize.NewFile()
		for i, s := range sheets {
			name := s[0].(string)
			if i == 0 {
				f.SetSheetName("Sheet1", name)
			} else {
				f.NewSheet(name)
			}
			f.SetSheetRow(name, "A1", &[]any{"Клиент", "Дата", "Сумма"})
			row := s[1].([]any)
			f.SetSheetRow(name, "A2", &row)
		}
		b, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	first := book([]any{"Осень", []any{"Анна", "22.10.2026", 100}}, []any{"Зима", []any{"Борис", "22.12.2026", 200}})
	second := book([]any{"Весна", []any{"Вера", "22.03.2026", 300}}, []any{"Лето", []any{"Глеб", "22.06.2026", 400}})
	_, b := signedIn(t)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", b.csrf)
	for _, data := range [][]byte{first, second} {
		fw, _ := mw.CreateFormFile("file", "book.xlsx")
		fw.Write(data)
	}
	mw.Close()
	req, err := http.NewRequest("POST", b.srv.url+"/import", &body)
	if err == nil {
		req.Header.Set("Content-Type", mw.FormDataContentType())
	}
	_, code, page := b.send(req, err)
	for _, want := range []string{`name="sheet:0"`, `name="sheet:1"`, "Анна", "Вера"} {
		if code != 200 || !strings.Contains(page, want) {
			t.Fatalf("the check page (%d) lacks %q:\n%s", code, want, page)
		}
	}
	_, code, page = b.post(checkAction(t, page), url.Values{"currency": {"RUB"}, "sheet:0": {"Осень"}, "shown:0": {"Осень"},
		"sheet:1": {"Лето"}, "shown:1": {"Весна"}})
	for _, want := range []string{`<option value="Осень" selected>`, `<option value="Лето" selected>`, "Анна", "Глеб"} {
		if code != 200 || !strings.Contains(page, want) {
			t.Fatalf("after choosing the second book's sheet (%d), the page lacks %q:\n%s", code, want, page)
		}
	}
	if strings.Contains(page, "Вера") || strings.Contains(page, "Борис") {
		t.Errorf("a sheet not chosen is read:\n%s", page)
	}
}
