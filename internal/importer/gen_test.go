package importer_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// gen rewrites the generated sample sheets in testdata/sheets:
//
//	go test ./internal/importer/ -run TestGenerateSheets -gen
var gen = flag.Bool("gen", false, "rewrite the generated sample sheets in testdata/sheets")

const sheetsDir = "../../testdata/sheets"

// TestGenerateSheets writes excel_1251.csv and orders.xlsx, the samples whose bytes are
// awkward to write by hand. Without -gen it does nothing; the files are committed.
func TestGenerateSheets(t *testing.T) {
	if !*gen {
		t.Skip("pass -gen to rewrite the generated sample sheets")
	}
	writeExcel1251(t)
	writeOrdersXLSX(t)
}

// writeExcel1251 writes what Excel saves as "CSV (разделители — точки с запятой)" on a
// Russian Windows: Windows-1251, semicolons, CRLF, dd.mm.yy dates.
func writeExcel1251(t *testing.T) {
	lines := []string{
		"ФИО;Телефон;E-mail;Дата заказа;Работа;Стоимость;Оплачено;Срок сдачи",
		"Сергей Кузнецов;+7 (912) 345-67-89;sergey@yandex.ru;15.01.26;Ремонт ноутбука;3 500,00р.;да;20.01.26",
		"Татьяна Орлова;8-912-000-11-22;;17.01.26;Настройка роутера;1500;да;",
		"Сергей Кузнецов;89123456789;;05.02.26;Чистка ноутбука;2 000,00р.;нет;10.02.26",
		`Дмитрий Волков;;dv@vector.ru;12.02.26;"Обслуживание ПК; договор ""Вектор""";12 000,00р.;да;`,
		"Татьяна Орлова;+7 912 000 11 22;;01.03.26;Замена экрана;8 750,50р.;да;05.03.26",
		"Павел Морозов;;;14.03.26;Консультация;1 000,00р.;;",
		"Павел Морозов;;;28.03.26;Консультация;1 000,00 руб.;да;",
		";;;;;;;",
		"Итого;;;;;29 750,50р.;;",
	}
	b, err := charmap.Windows1251.NewEncoder().String(strings.Join(lines, "\r\n") + "\r\n")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sheetsDir, "excel_1251.csv"), []byte(b), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeOrdersXLSX writes an Excel workbook whose first sheet is hidden and whose second has
// real date cells (a custom dd.mm.yyyy format and the built-in short date), number amounts
// with a currency format, one amount typed as text and a totals row.
func writeOrdersXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	idx, err := f.NewSheet("Заказы")
	must(err)
	f.SetActiveSheet(idx)
	must(f.SetCellValue("Sheet1", "A1", "черновик: не импортировать"))
	must(f.SetSheetVisible("Sheet1", false))
	custom := "dd.mm.yyyy"
	dmy, err := f.NewStyle(&excelize.Style{CustomNumFmt: &custom})
	must(err)
	short, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	money := `#,##0.00 "₽"`
	rub, err := f.NewStyle(&excelize.Style{CustomNumFmt: &money})
	must(err)
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	rows := [][]any{
		{"Дата заказа", "Клиент", "Email", "Услуга", "Сумма", "Статус", "Дата сдачи"},
		{day(1, 10), "Анна Смирнова", "anna@example.ru", "Логотип", 50000, "Оплачен", day(1, 20)},
		{day(2, 1), "Пётр Иванов", "petr@ivanov.ru", "Сайт", 120000.5, "В работе", nil},
		{day(2, 15), "Анна Смирнова", "ANNA@example.ru", "Визитки", "7 500,00 ₽", "Оплачен", day(2, 16)},
		{day(3, 1), "Ольга Ким", nil, "Консультация", 3000, "Отменён", nil},
		{day(3, 10), "Пётр Иванов", "petr@ivanov.ru", "Поддержка", 15000.3, "Оплачен", nil},
		{"Итого", nil, nil, nil, 195500.8, nil, nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		must(f.SetSheetRow("Заказы", cell, &r))
	}
	must(f.SetCellStyle("Заказы", "A2", "A6", dmy))
	must(f.SetCellStyle("Заказы", "G2", "G6", short))
	must(f.SetCellStyle("Заказы", "E2", "E7", rub))
	must(f.SaveAs(filepath.Join(sheetsDir, "orders.xlsx")))
}
