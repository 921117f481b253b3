package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/regulars/regulars/internal/importer"
	"github.com/regulars/regulars/internal/locale"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// TestImportSheets imports each sample sheet into an empty base and checks the exact counts
// and revenue worked out by hand in testdata/sheets/README.md.
func TestImportSheets(t *testing.T) {
	for _, tc := range []struct {
		file    string
		args    []string
		want    base
		ignored int
		skipped int
	}{
		{"google_ru.csv", nil, base{clients: 5, orders: 10, counted: 8, revenue: "357500.50", currency: "RUB"}, 2, 0},
		{"excel_1251.csv", nil, base{clients: 4, orders: 7, counted: 7, revenue: "29750.50", currency: "RUB"}, 2, 0},
		{"orders.xlsx", nil, base{clients: 3, orders: 5, counted: 4, revenue: "192500.80", currency: "RUB"}, 1, 0},
		{"english.csv", nil, base{clients: 4, orders: 7, counted: 5, revenue: "4760.00", currency: "USD"}, 0, 0},
		{"ambiguous_dates.csv", []string{"--date-order", "dmy"}, base{clients: 2, orders: 3, counted: 3, revenue: "6000.00", currency: "RUB"}, 0, 0},
		{"google_ru_long_dates.csv", nil, base{clients: 3, orders: 5, counted: 4, revenue: "207500.00", currency: "RUB"}, 1, 0},
		{"excel_en_dates.csv", []string{"--skip-bad"}, base{clients: 3, orders: 5, counted: 4, revenue: "3760.00", currency: "USD"}, 0, 1},
		{"crm_ru_summary.csv", nil, base{clients: 3, orders: 4, counted: 3, revenue: "165000.00", currency: "RUB"}, 1, 0},
		{"payments_ru.csv", nil, base{clients: 2, orders: 4, counted: 2, revenue: "5500.00", currency: "RUB"}, 1, 0},
	} {
		eachEngine(t, func(t *testing.T, c *tcli) {
			var rep importJSON
			c.json(&rep, append([]string{"import", sheet(tc.file)}, tc.args...)...)
			if rep.OrdersCreated != tc.want.orders || rep.ClientsCreated != tc.want.clients || len(rep.Ignored) != tc.ignored || len(rep.Skipped) != tc.skipped {
				t.Errorf("report %+v", rep)
			}
			if got := c.summary(); got != tc.want {
				t.Errorf("base %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestImportGoogleSheetDetails(t *testing.T) {
	c := newTCLI(t)
	c.ok("import", sheet("google_ru.csv"))
	var clients []clientJSON
	c.json(&clients, "clients")
	anna := clients[0]
	if anna.Name != "Анна Смирнова" || anna.Email != "anna@example.ru" || anna.Orders != 3 || anna.Revenue != "107500.00" ||
		*anna.FirstOrder != "2026-01-05" || *anna.LastOrder != "2026-03-15" {
		t.Errorf("Анна: %+v", anna)
	}
	var orders []orderJSON
	c.json(&orders, "orders", "--client", itoa(clients[3].ID))
	// Олег: a refunded order and a paid one, matched by phone written two ways.
	if len(orders) != 2 || orders[0].Status != "refunded" || orders[1].Status != "paid" || orders[1].Amount != "5000.00" {
		t.Errorf("Олег's orders %+v", orders)
	}
}

func TestImportAmbiguousDates(t *testing.T) {
	c := newTCLI(t)
	c.fail(2, `column "Дата" (B): dates could be dd/mm/yyyy or mm/dd/yyyy; use --date-order dmy or mdy`, "import", sheet("ambiguous_dates.csv"))
	if got := c.summary(); got.clients != 0 || got.orders != 0 {
		t.Fatalf("a failed import wrote %+v", got)
	}
	c.ok("import", "--date-order", "mdy", sheet("ambiguous_dates.csv"))
	var orders []orderJSON
	c.json(&orders, "orders")
	if orders[0].OrderedOn != "2026-01-02" {
		t.Errorf("mdy first order on %s, want 2026-01-02", orders[0].OrderedOn)
	}
}

// TestImportMonthWordDates imports the sheets whose dates name their month with a word, as
// sheets formatted with long dates export them, and checks each order's days and the error of
// a day that does not exist, in both languages.
func TestImportMonthWordDates(t *testing.T) {
	c := newTCLI(t)
	// Its table starts below a title and a blank row.
	r := c.run("import", sheet("google_ru_long_dates.csv"))
	if r.code != 0 || !strings.Contains(r.stderr, "google_ru_long_dates.csv: the header is row 3; the row above it is not imported (a title?).") {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	var orders []orderJSON
	c.json(&orders, "orders")
	days := func(orders []orderJSON) []string {
		var got []string
		for _, o := range orders {
			d := o.OrderedOn
			for _, p := range []*string{o.DueOn, o.DeliveredOn} {
				if p != nil {
					d += " " + *p
				}
			}
			got = append(got, d)
		}
		slices.Sort(got)
		return got
	}
	want := []string{"2025-11-22 2025-12-05", "2025-12-03 2026-01-15", "2026-02-01", "2026-02-28 2026-03-02", "2026-03-11"}
	if got := days(orders); !slices.Equal(got, want) {
		t.Errorf("Russian long dates: %q, want %q", got, want)
	}

	en := newTCLI(t)
	r = en.fail(2, "1 bad row; nothing was imported", "import", sheet("excel_en_dates.csv"))
	if !strings.Contains(r.stderr, `excel_en_dates.csv row 6 column "Order Date": value "29-Feb-26": Order date "29-Feb-26" is not a real day: February 2026 has 28 days.`) {
		t.Errorf("stderr does not name the row, column, value and format:\n%s", r.stderr)
	}
	r = en.fail(2, "ничего не импортировано", "--lang", "ru", "import", sheet("excel_en_dates.csv"))
	if !strings.Contains(r.stderr, `строка 6, столбец "Order Date", значение "29-Feb-26": Дата заказа "29-Feb-26" — несуществующий день: последний день месяца 02.2026 — 28-е.`) {
		t.Errorf("stderr in Russian:\n%s", r.stderr)
	}
	en.ok("import", "--skip-bad", sheet("excel_en_dates.csv"))
	en.json(&orders, "orders")
	want = []string{"2025-11-22 2025-11-30", "2025-12-03 2025-12-10", "2025-12-15", "2026-01-07 2026-01-31", "2026-03-14"}
	if got := days(orders); !slices.Equal(got, want) {
		t.Errorf("Excel's d-mmm-yy and mmm d, yyyy: %q, want %q", got, want)
	}
}

// TestImportNameInParts: surname, first name and patronymic in columns of their own make
// two clients of two Annas, on both engines, and a re-import adds nothing.
func TestImportNameInParts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fio.csv")
	os.WriteFile(path, []byte("Фамилия,Имя,Отчество,Дата,Сумма\n"+
		"Иванова,Анна,Сергеевна,01.02.2026,100\nПетрова,Анна,Игоревна,02.02.2026,200\nИванова,Анна,Сергеевна,03.02.2026,300\n"), 0o644)
	eachEngine(t, func(t *testing.T, c *tcli) {
		c.ok("import", path)
		var clients []clientJSON
		c.json(&clients, "clients")
		var names []string
		for _, cl := range clients {
			names = append(names, fmt.Sprintf("%s %d %s", cl.Name, cl.Orders, cl.Revenue))
		}
		slices.Sort(names)
		if want := []string{"Иванова Анна Сергеевна 2 400.00", "Петрова Анна Игоревна 1 200.00"}; !slices.Equal(names, want) {
			t.Errorf("clients %q, want %q", names, want)
		}
		if rep := c.importJSON(path); rep.OrdersCreated != 0 || rep.ClientsCreated != 0 {
			t.Errorf("re-import %+v", rep)
		}
	})
}

// TestImportFillsContacts: a row that finds a client by its phone gives it the email it has
// none of (and the other way round), in the same import or a later one, so that a later row
// with that email alone finds it too; a dry run only counts; a row of another name on the
// client's phone gives it nothing.
func TestImportFillsContacts(t *testing.T) {
	dir := t.TempDir()
	v1, v2 := filepath.Join(dir, "v1.csv"), filepath.Join(dir, "v2.csv")
	os.WriteFile(v1, []byte("Клиент,Email,Телефон,Дата,Сумма\nАнна,,+7 903 123-45-67,01.02.2026,100\n"+
		"Борис,,+7 903 000-00-01,02.02.2026,200\nБорис,boris@x.ru,8 903 000-00-01,03.02.2026,300\nГена,,+7 903 000-00-03,04.02.2026,10\nВика,,+7 903 555-55-55,04.02.2026,20\n"), 0o644)
	os.WriteFile(v2, []byte("Клиент,Email,Телефон,Дата,Сумма\nАнна,anna@x.ru,+7 903 123-45-67,01.02.2026,100\n"+
		"Анна,ANNA@x.ru,,05.02.2026,300\nГена,a@b@c.ru,+7 903 000-00-03,06.02.2026,50\n"+
		"Денис,denis@x.ru,+7 903 555-55-55,07.02.2026,70\n"), 0o644)
	eachEngine(t, func(t *testing.T, c *tcli) {
		if rep := c.importJSON(v1); rep.ClientsCreated != 4 || rep.ClientsUpdated != 1 {
			t.Errorf("v1: %+v", rep)
		}
		if rep := c.importJSON("--dry-run", v2); rep.ClientsUpdated != 1 || rep.OrdersCreated != 3 {
			t.Errorf("v2, dry: %+v", rep)
		}
		var clients []clientJSON
		c.json(&clients, "clients")
		if len(clients) != 4 || clients[0].Email != "" || clients[1].Email != "boris@x.ru" {
			t.Fatalf("after v1 and a dry run: %+v", clients)
		}
		if rep := c.importJSON(v2); rep.ClientsCreated != 0 || rep.ClientsUpdated != 1 || rep.OrdersCreated != 3 || rep.OrdersExisting != 1 {
			t.Errorf("v2: %+v", rep)
		}
		c.json(&clients, "clients")
		if len(clients) != 4 || clients[0].Email != "anna@x.ru" || clients[0].Orders != 2 || clients[1].Email != "boris@x.ru" ||
			clients[2].Email != "" || clients[2].Orders != 2 || // an email the client's checks refuse is not given
			clients[3].Email != "" || clients[3].Orders != 2 { // nor another person's, on a phone the two share
			t.Errorf("after v2: %+v", clients)
		}
	})
}

// TestImportContactsAddedLater: a sheet imported with names alone, then again with an email
// and a phone column, completes its clients and adds only the new orders; a client who has an
// email already is another person's namesake, and a row with another email makes a new client,
// listed as a likely duplicate.
func TestImportContactsAddedLater(t *testing.T) {
	dir := t.TempDir()
	write := func(path, text string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	v1, v2 := filepath.Join(dir, "v1.csv"), filepath.Join(dir, "v2.csv")
	write(v1, "Клиент,Email,Дата,Сумма\nАнна Иванова,,01.11.2026,1000\nПётр Петров,,02.11.2026,2000\n"+
		"Борис,b1@x.ru,03.11.2026,3000\n")
	write(v2, "Клиент,Email,Телефон,Дата,Сумма\nАнна Иванова,anna@x.ru,,01.11.2026,1000\n"+
		"Пётр Петров,,+7 903 111-22-33,02.11.2026,2000\nБорис,b1@x.ru,,03.11.2026,3000\nАнна Иванова,ANNA@x.ru,,05.11.2026,500\n"+
		"Борис,b2@x.ru,,06.11.2026,400\nВера,v1@x.ru,,07.11.2026,300\nВера,v2@x.ru,,08.11.2026,200\n")
	eachEngine(t, func(t *testing.T, c *tcli) {
		c.importJSON(v1)
		for _, dry := range []bool{true, false} {
			args := []string{v2}
			if dry {
				args = []string{"--dry-run", v2}
			}
			rep := c.importJSON(args...)
			if rep.OrdersCreated != 4 || rep.OrdersExisting != 3 || rep.ClientsCreated != 3 || rep.ClientsMatched != 3 ||
				rep.ClientsUpdated != 2 || len(rep.Duplicates) != 2 {
				t.Errorf("v2 (dry run %v): %+v", dry, rep)
			}
		}
		var clients []clientJSON
		c.json(&clients, "clients")
		got := []string{}
		for _, cl := range clients {
			got = append(got, fmt.Sprintf("%s %s %s %d %s", cl.Name, cl.Email, cl.Phone, cl.Orders, cl.Revenue))
		}
		want := []string{"Анна Иванова anna@x.ru  2 1500.00", "Пётр Петров  +7 903 111-22-33 1 2000.00", "Борис b1@x.ru  1 3000.00",
			"Борис b2@x.ru  1 400.00", "Вера v1@x.ru  1 300.00", "Вера v2@x.ru  1 200.00"}
		if !slices.Equal(got, want) {
			t.Errorf("clients\n%q\nwant\n%q", got, want)
		}
	})
	// Two sheets imported one after the other, and what the second must add.
	for _, tc := range []struct {
		name, v1, v2         string
		created, existing    int
		clientsCreated, dups int
		want                 base
	}{
		// A sheet sorted newest first that gained an email column: its first row, a new order,
		// makes a new client; the older rows' orders stay the client known by name alone, none
		// twice, and the two are listed as likely duplicates.
		{"newest first", "Клиент,Дата,Сумма\nПётр Петров,02.11.2026,2000\nАнна Иванова,01.11.2026,1000\n",
			"Клиент,Email,Дата,Сумма\nАнна Иванова,anna@x.ru,10.11.2026,700\nПётр Петров,,02.11.2026,2000\n" +
				"Анна Иванова,anna@x.ru,01.11.2026,1000\n",
			1, 2, 1, 1, base{clients: 3, orders: 3, counted: 3, revenue: "3700.00", currency: "RUB"}},
		// A company column added: the client known by name alone keeps its orders, and its new
		// order with the company is its too.
		{"a company added", "Дата,Клиент,Услуга,Сумма\n05.01.2026,Анна Смирнова,Стрижка,1000\n06.01.2026,Иван Петров,Сайт,50000\n",
			"Дата,Клиент,Компания,Услуга,Сумма\n05.01.2026,Анна Смирнова,,Стрижка,1000\n" +
				"06.01.2026,Иван Петров,ООО Ромашка,Сайт,50000\n07.01.2026,Иван Петров,ООО Ромашка,Сайт,20000\n",
			1, 2, 0, 0, base{clients: 2, orders: 3, counted: 3, revenue: "71000.00", currency: "RUB"}},
	} {
		p1, p2 := filepath.Join(dir, tc.name+" 1.csv"), filepath.Join(dir, tc.name+" 2.csv")
		write(p1, tc.v1)
		write(p2, tc.v2)
		eachEngine(t, func(t *testing.T, c *tcli) {
			c.importJSON(p1)
			if rep := c.importJSON(p2); rep.OrdersCreated != tc.created || rep.OrdersExisting != tc.existing ||
				rep.ClientsCreated != tc.clientsCreated || len(rep.Duplicates) != tc.dups {
				t.Errorf("%s: %+v", tc.name, rep)
			}
			if got := c.summary(); got != tc.want {
				t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
			}
		})
	}
	// Two people of one name, each with an email now: the client known by name alone is the
	// one whose row is its stored order, whichever row comes first; the other is new.
	n1, n2 := filepath.Join(dir, "n1.csv"), filepath.Join(dir, "n2.csv")
	write(n1, "Клиент,Дата,Сумма\nАнна Иванова,01.11.2026,1000\n")
	write(n2, "Клиент,Email,Дата,Сумма\nАнна Иванова,anna.k@x.ru,05.11.2026,500\nАнна Иванова,anna.p@x.ru,01.11.2026,1000\n")
	eachEngine(t, func(t *testing.T, c *tcli) {
		c.importJSON(n1)
		if rep := c.importJSON(n2); rep.OrdersCreated != 1 || rep.OrdersExisting != 1 || rep.ClientsCreated != 1 || rep.ClientsUpdated != 1 {
			t.Errorf("n2: %+v", rep)
		}
		var clients []clientJSON
		c.json(&clients, "clients")
		if len(clients) != 2 || clients[0].Email != "anna.p@x.ru" || clients[0].Revenue != "1000.00" || clients[1].Email != "anna.k@x.ru" || clients[1].Revenue != "500.00" {
			t.Errorf("namesakes: %+v", clients)
		}
	})
}

// TestImportTwoRowHeader: a header of two rows, as Excel's merged cells make it, is read as
// one, and the import says so, in the JSON, in words and in a dry run's columns.
func TestImportTwoRowHeader(t *testing.T) {
	c := newTCLI(t)
	two := tempSheet(t, "two.csv", "Клиент,Контакты,,Заказ,,\n,Email,Телефон,Дата,Сумма,Статус\n"+
		"Анна Иванова,anna@x.ru,+7 903 111-22-33,01.11.2026,1000,Оплачен\nПётр Петров,petr@x.ru,,02.11.2026,2000,Отменён\n")
	var rep importJSON
	c.json(&rep, "import", "--dry-run", two)
	if f := rep.Columns[0]; f.HeaderRow != 2 || f.HeaderFrom != 1 || f.AboveHeader != 0 || f.Columns[0].Field != "name" {
		t.Errorf("columns %+v", f)
	}
	r := c.run("--lang", "ru", "import", "--dry-run", two)
	for _, want := range []string{"two.csv: заголовки столбцов — в строках 1 и 2, прочитаны как одна строка.\n",
		"two.csv: как прочитаны столбцы (заголовки в строках 1 и 2):\n  A \"Клиент\" → Имя клиента\n"} {
		if !strings.Contains(r.stdout+r.stderr, want) {
			t.Errorf("lacks %q:\n%s%s", want, r.stdout, r.stderr)
		}
	}
	c.ok("import", two)
	if got, want := c.summary(), (base{clients: 2, orders: 2, counted: 1, revenue: "1000.00", currency: "RUB"}); got != want {
		t.Errorf("base %+v, want %+v", got, want)
	}
}

// TestImportSharedContacts: a row of another name that finds a client by its phone (a family's)
// is that client's, as the rules say, and the import says so, once a client, to tell two
// people apart; a row whose name is part of the client's says nothing.
func TestImportSharedContacts(t *testing.T) {
	sheet := tempSheet(t, "fam.csv", "Дата,Клиент,Телефон,Услуга,Сумма\n05.01.2026,Мария Ким,+7 903 111-22-33,Окрашивание,5000\n"+
		"06.01.2026,Алиса Ким,8 903 111 22 33,Стрижка,900\n20.01.2026,Алиса Ким,8 903 111 22 33,Стрижка,900\n"+
		"21.01.2026,Мария,8 903 111 22 33,Укладка,700\n")
	eachEngine(t, func(t *testing.T, c *tcli) {
		var rep struct {
			ClientsCreated int `json:"clients_created"`
			SharedContacts []struct {
				ClientID int64  `json:"client_id"`
				Name     string `json:"name"`
				Other    string `json:"other"`
				Row      int    `json:"row"`
			} `json:"shared_contacts"`
		}
		c.json(&rep, "import", "--dry-run", sheet)
		if rep.ClientsCreated != 1 || len(rep.SharedContacts) != 1 || rep.SharedContacts[0].Name != "Мария Ким" ||
			rep.SharedContacts[0].Other != "Алиса Ким" || rep.SharedContacts[0].Row != 3 {
			t.Errorf("report %+v", rep)
		}
		out := c.ok("import", sheet)
		if want := "fam.csv row 3: the row of Алиса Ким found Мария Ким by the same email or phone; if they are two people, give each an email or a phone of their own."; !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	})
}

// TestImportSameSheetTwice: a row without contacts that found its one client of the name, before
// a namesake with an email came, finds it again on a re-import of the sheet, which adds nothing;
// a merged client's name is no shared contact.
func TestImportSameSheetTwice(t *testing.T) {
	sheet := tempSheet(t, "sn.csv", "Клиент,Email,Дата,Сумма\nАнна,anna@x.ru,05.01.2026,100\nАнна,,06.01.2026,200\nАнна,anna2@x.ru,07.01.2026,300\n")
	eachEngine(t, func(t *testing.T, c *tcli) {
		c.importJSON(sheet)
		if rep := c.importJSON(sheet); rep.OrdersCreated != 0 || rep.ClientsCreated != 0 || rep.OrdersExisting != 3 {
			t.Errorf("the same sheet again: %+v", rep)
		}
		if got, want := c.summary(), (base{clients: 2, orders: 3, counted: 3, revenue: "600.00", currency: "RUB"}); got != want {
			t.Errorf("base %+v, want %+v", got, want)
		}
	})
	merged := tempSheet(t, "m.csv", "Клиент,Email,Дата,Сумма\nАнна Смирнова,anna@x.ru,05.01.2026,100\nАня,,07.01.2026,300\n")
	c := newTCLI(t)
	c.importJSON(merged)
	c.ok("merge", "1", "2")
	var rep struct {
		OrdersCreated  int               `json:"orders_created"`
		SharedContacts []json.RawMessage `json:"shared_contacts"`
	}
	c.json(&rep, "import", merged)
	if rep.OrdersCreated != 0 || len(rep.SharedContacts) != 0 {
		t.Errorf("after merge: %+v", rep)
	}
}

func TestImportBadRow(t *testing.T) {
	c := newTCLI(t)
	r := c.fail(2, "1 bad row; nothing was imported", "import", sheet("bad_amount.csv"))
	if !strings.Contains(r.stderr, `bad_amount.csv row 4 column "Сумма": value "12,34,5": Amount "12,34,5" is not a number.`) {
		t.Errorf("stderr does not name the row, column and value:\n%s", r.stderr)
	}
	if got := c.summary(); got.clients != 0 || got.orders != 0 {
		t.Fatalf("an import with a bad row wrote %+v", got)
	}
	rep := c.importJSON("--skip-bad", sheet("bad_amount.csv"))
	if len(rep.Skipped) != 1 || rep.Skipped[0].Row != 4 || rep.Skipped[0].Column != "Сумма" || rep.Skipped[0].Value != "12,34,5" || rep.OrdersCreated != 3 {
		t.Errorf("skip-bad report %+v", rep)
	}
	if got, want := c.summary(), (base{clients: 3, orders: 3, counted: 3, revenue: "4200.50", currency: "RUB"}); got != want {
		t.Errorf("base %+v, want %+v", got, want)
	}
}

func TestImportDryRun(t *testing.T) {
	c := newTCLI(t)
	// In words, a dry run shows how the columns are read before its plan.
	out := c.ok("import", "--dry-run", sheet("google_ru.csv"))
	for _, want := range []string{"google_ru.csv: the columns, as read (the header is row 1):\n", "\n  A \"Дата\" → Order date (dd.mm.yyyy)\n",
		"\n  G \"Сумма\" → Amount (decimal comma)\n", "\n  I \"Комментарий\" → Notes\n", "\nDry run, nothing written."} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, out)
		}
	}
	if out := c.ok("--lang", "ru", "import", "--dry-run", sheet("google_ru.csv")); !strings.Contains(out, "\n  G \"Сумма\" → Сумма (десятичная запятая)\n") {
		t.Errorf("dry run in Russian:\n%s", out)
	}
	rep := c.importJSON("--dry-run", sheet("google_ru.csv"))
	if rep.OrdersCreated != 10 || rep.ClientsCreated != 5 {
		t.Errorf("dry run plan %+v", rep)
	}
	if got := c.summary(); got.clients != 0 || got.orders != 0 {
		t.Fatalf("a dry run wrote %+v", got)
	}
}

// TestImportOverlappingFiles: a sheet and a longer version of it imported together add what
// importing them one after the other would, its identical rows (Иван's two orders of 15 000)
// still two orders; and again, nothing.
func TestImportOverlappingFiles(t *testing.T) {
	dir := t.TempDir()
	short := copyFile(t, sheet("google_ru.csv"), dir)
	b, _ := os.ReadFile(short)
	long := filepath.Join(dir, "google_ru_longer.csv")
	os.WriteFile(long, append(b, "01.04.2026,Новый Клиент,,new@example.ru,,Аудит,\"1 000,00 ₽\",Оплачено,\r\n"...), 0o644)
	eachEngine(t, func(t *testing.T, c *tcli) {
		rep := c.importJSON(short, long)
		if rep.OrdersCreated != 11 || rep.OrdersExisting != 10 || rep.ClientsCreated != 6 {
			t.Errorf("both files: %+v", rep)
		}
		if got, want := c.summary(), (base{clients: 6, orders: 11, counted: 9, revenue: "358500.50", currency: "RUB"}); got != want {
			t.Errorf("base %+v, want %+v", got, want)
		}
		if rep := c.importJSON(long, short); rep.OrdersCreated != 0 || rep.OrdersExisting != 21 {
			t.Errorf("again, the other way round: %+v", rep)
		}
	})
	// A refund row both files have refunds one order, once.
	r1 := tempSheet(t, "r1.csv", "Клиент,Email,Дата,Сумма,Статус\nАнна,a@x.ru,01.02.2026,500,Оплачено\n"+
		"Анна,a@x.ru,02.02.2026,500,Оплачено\nАнна,a@x.ru,03.02.2026,-500,Возврат\n")
	b, _ = os.ReadFile(r1)
	r2 := tempSheet(t, "r2.csv", string(b)+"Анна,a@x.ru,04.02.2026,700,Оплачено\n")
	eachEngine(t, func(t *testing.T, c *tcli) {
		if rep := c.importJSON(r1, r2); rep.OrdersCreated != 3 || rep.OrdersRefunded != 1 {
			t.Errorf("refund rows in both files: %+v", rep)
		}
		if got, want := c.summary(), (base{clients: 1, orders: 3, counted: 2, revenue: "1200.00", currency: "RUB"}); got != want {
			t.Errorf("base %+v, want %+v", got, want)
		}
	})
}

// TestReimport imports a sheet, then the same sheet, then a longer version of it with a
// changed status: only the new rows are added, and the status is updated.
func TestReimport(t *testing.T) { eachEngine(t, testReimport) }

func testReimport(t *testing.T, c *tcli) {
	dir := t.TempDir()
	path := copyFile(t, sheet("google_ru.csv"), dir)
	c.ok("import", path)
	rep := c.importJSON(path)
	if rep.OrdersCreated != 0 || rep.OrdersExisting != 10 || rep.ClientsCreated != 0 || rep.ClientsMatched != 5 {
		t.Errorf("same file again: %+v", rep)
	}
	b, _ := os.ReadFile(path)
	if strings.Count(string(b), "В работе") != 1 {
		t.Fatal("the sheet should have one order in progress")
	}
	text := strings.Replace(string(b), "В работе", "Оплачено", 1)
	text = strings.Replace(text, "Итого,", "20.04.2026,Новый Клиент,,new@example.ru,,Аудит,\"15 000,00 ₽\",Оплачено,\r\n"+
		"14.02.2026,Иван Петров,ООО «Ромашка»,ivan@romashka.ru,,Поддержка сайта,\"15 000,00 ₽\",Оплачено,\r\nИтого,", 1)
	if text == string(b) {
		t.Fatal("the sheet was not changed")
	}
	longer := filepath.Join(dir, "longer.csv")
	os.WriteFile(longer, []byte(text), 0o644)
	rep = c.importJSON(longer)
	// The third identical Иван row is a new order; the status change is an update.
	if rep.OrdersCreated != 2 || rep.OrdersExisting != 9 || rep.OrdersUpdated != 1 || rep.ClientsCreated != 1 {
		t.Errorf("longer file: %+v", rep)
	}
	if got, want := c.summary(), (base{clients: 6, orders: 12, counted: 10, revenue: "387500.50", currency: "RUB"}); got != want {
		t.Errorf("base %+v, want %+v", got, want)
	}
}

func TestImportMap(t *testing.T) {
	c := newTCLI(t)
	// Read the comment column as the order title, and drop the company column.
	c.ok("import", "--map", "Комментарий=title", "--map", "Компания=-", sheet("google_ru.csv"))
	var orders []orderJSON
	c.json(&orders, "orders")
	if orders[1].Title != "Первый заказ, по рекомендации" {
		t.Errorf("mapped title %q", orders[1].Title)
	}
	var clients []clientJSON
	c.json(&clients, "clients")
	if clients[1].Company != "" {
		t.Errorf("dropped column still imported: %q", clients[1].Company)
	}
	c.fail(2, `unknown field "price"`, "import", "--map", "Сумма=price", sheet("google_ru.csv"))
}

func TestImportDuplicatesAndMerge(t *testing.T) {
	c := newTCLI(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "dups.csv")
	os.WriteFile(path, []byte("Клиент,Компания,Email,Дата,Сумма\n"+
		"Ирина Белова,ООО Ёлка,irina@example.ru,01.02.2026,1000\n"+
		"ирина белова,«Елка»,belova@example.com,01.03.2026,2000\n"), 0o644)
	rep := c.importJSON(path)
	if rep.ClientsCreated != 2 || len(rep.Duplicates) != 1 || len(rep.Duplicates[0].ClientIDs) != 2 {
		t.Fatalf("duplicates %+v", rep)
	}
	ids := rep.Duplicates[0].ClientIDs
	c.ok("merge", itoa(ids[0]), itoa(ids[1]))
	var clients []clientJSON
	c.json(&clients, "clients")
	if len(clients) != 1 || clients[0].Orders != 2 || clients[0].Revenue != "3000.00" {
		t.Errorf("after merge %+v", clients)
	}
	c.fail(3, "not found", "merge", itoa(ids[0]), itoa(ids[1]))
}

// TestImportUnclosedQuote: a quote not closed in its row takes the lines after it into one
// cell. A quote inside a cell of a row with quoted cells is a bad row that --skip-bad skips
// (in a row without, it is text); an unclosed one fails the import even with --skip-bad,
// since which of the lines after it were rows is not known.
func TestImportUnclosedQuote(t *testing.T) {
	c := newTCLI(t)
	bare := tempSheet(t, "bare.csv", "Клиент,Сумма,Дата\nА,100,22.11.2026\nБ\"б,\"200\",23.11.2026\nВ,300,24.11.2026\n")
	rep := c.importJSON("--skip-bad", bare)
	if len(rep.Skipped) != 1 || rep.Skipped[0].Row != 3 || rep.OrdersCreated != 2 {
		t.Errorf("a bare quote with --skip-bad: %+v", rep)
	}
	unclosed := tempSheet(t, "unclosed.csv", "Клиент,Сумма,Дата\nГ,100,22.11.2026\n\"Д,200,23.11.2026\nЕ,300,24.11.2026\nЖ,400,25.11.2026\n")
	r := c.fail(2, "unclosed.csv: row 3: a quote opened in this row is not closed, so lines 3 to", "import", "--skip-bad", unclosed)
	if !strings.Contains(r.stderr, "--skip-bad cannot skip") {
		t.Errorf("stderr: %s", r.stderr)
	}
	if got := c.summary(); got.orders != 2 {
		t.Errorf("after the failed import: %+v, want the 2 orders of the first", got)
	}
}

// TestImportOldMacLineBreaks: a CSV whose lines end in a bare CR (Excel for Mac's "CSV
// (Macintosh)") imports as its rows, in UTF-8 and in Windows-1251.
func TestImportOldMacLineBreaks(t *testing.T) {
	c := newTCLI(t)
	utf := tempSheet(t, "mac.csv", "Клиент;Сумма;Дата\rАнна;100;22.11.2026\rБорис;200;23.11.2026\r")
	// "Клиент;Сумма;Дата", "Вера" in Windows-1251.
	cp1251 := tempSheet(t, "mac1251.csv", "\xca\xeb\xe8\xe5\xed\xf2;\xd1\xf3\xec\xec\xe0;\xc4\xe0\xf2\xe0\r\xc2\xe5\xf0\xe0;300;24.11.2026\r")
	rep := c.importJSON(utf, cp1251)
	if rep.Rows != 3 || rep.OrdersCreated != 3 || rep.ClientsCreated != 3 {
		t.Errorf("report %+v", rep)
	}
	var clients []clientJSON
	c.json(&clients, "clients")
	names := []string{}
	for _, cl := range clients {
		names = append(names, cl.Name)
	}
	slices.Sort(names)
	if strings.Join(names, ",") != "Анна,Борис,Вера" {
		t.Errorf("clients %v", names)
	}
}

// TestImportSummaryLanguages: the summary for people speaks the --lang, with its plural forms.
func TestImportSummaryLanguages(t *testing.T) {
	c := newTCLI(t)
	out := c.ok("--lang", "ru", "import", "--dry-run", sheet("google_ru.csv"))
	for _, want := range []string{"Пробный прогон, ничего не записано. Было бы импортировано 10 строк: 10 новых заказов, уже в базе: 0, обновлено: 0; 5 новых клиентов, 0 клиентов найдено в базе.",
		"Не загружена строка 5 файла"} {
		if !strings.Contains(out, want) {
			t.Errorf("ru summary lacks %q:\n%s", want, out)
		}
	}
	one := tempSheet(t, "one.csv", "Клиент,Сумма,Дата\nАнна,100,22.11.2026\n")
	if out := c.ok("--lang", "ru", "import", one); !strings.Contains(out, "Импортирована 1 строка: 1 новый заказ, уже в базе: 0, обновлено: 0; 1 новый клиент, 0 клиентов найдено в базе.") {
		t.Errorf("ru summary of one row:\n%s", out)
	}
	if out := c.ok("--lang", "en", "import", one); !strings.Contains(out, "Imported 1 row: 0 new orders, 1 already imported, 0 updated; 0 new clients, 1 existing client matched.") {
		t.Errorf("en summary of one row:\n%s", out)
	}
}

// TestImportMapUnknownHeader: a --map header that no file has is refused, listing the headers
// there are, and no summary of rows it did not read is printed.
func TestImportMapUnknownHeader(t *testing.T) {
	c := newTCLI(t)
	r := c.fail(2, `--map names the header "коментарий", which no file has (the headers of google_ru.csv: "Дата", "Клиент"`,
		"import", "--dry-run", "--map", "Коментарий=title", sheet("google_ru.csv"))
	if r.stdout != "" {
		t.Errorf("stdout of a refused import: %q", r.stdout)
	}
	c.ok("import", "--dry-run", "--map", "комментарий=title", sheet("google_ru.csv"))
}

// TestImportFileTwice: one file named twice in one import, by any path, is refused before
// anything is read; identical rows inside one import would otherwise be orders twice.
func TestImportFileTwice(t *testing.T) {
	c := newTCLI(t)
	path := sheet("google_ru.csv")
	c.fail(2, "is named twice (as file 1 and file 2)", "import", path, filepath.Join(filepath.Dir(path), ".", "google_ru.csv"))
	if got := c.summary(); got.orders != 0 {
		t.Errorf("after the refused import: %+v", got)
	}
}

// TestImportInvalidValues: rows that parse but do not make a valid order or client are bad
// rows naming the sheet's column and the value.
func TestImportInvalidValues(t *testing.T) {
	c := newTCLI(t)
	path := filepath.Join(t.TempDir(), "invalid.csv")
	os.WriteFile(path, []byte("Клиент,Почта,Дата,Срок сдачи,Сумма\n"+
		"Анна,anna@example.ru,10.01.2026,20.01.2026,100\n"+
		"Борис,boris@example.ru,10.01.2026,05.01.2026,100\n"+
		"Вера,не-почта,10.01.2026,,100\n"), 0o644)
	var rep importJSON
	out := c.run("import", "--format", "json", path)
	if out.code != 2 {
		t.Fatalf("exit %d: %s", out.code, out.stderr)
	}
	json.Unmarshal([]byte(out.stdout), &rep)
	if len(rep.Skipped) != 2 || rep.Skipped[0].Row != 3 || rep.Skipped[0].Column != "Срок сдачи" || rep.Skipped[0].Value != "2026-01-05" ||
		rep.Skipped[1].Row != 4 || rep.Skipped[1].Column != "Почта" || rep.Skipped[1].Value != "не-почта" {
		t.Errorf("skipped %+v", rep.Skipped)
	}
	if got := c.summary(); got.clients != 0 {
		t.Errorf("wrote %+v", got)
	}
}

// TestImportCurrencyConflict: an amount naming another currency than the row's currency
// column is a bad row naming both; naming the same one, or none, is not.
func TestImportCurrencyConflict(t *testing.T) {
	c := newTCLI(t)
	path := tempSheet(t, "currency.csv", "Клиент,Сумма,Валюта,Дата\n"+
		"Анна,100 $,RUB,22.11.2026\n"+
		"Борис,100 руб.,RUB,22.11.2026\n"+
		"Вера,$5,USD,22.11.2026\n"+
		"Глеб,70,EUR,22.11.2026\n"+
		"Дина,70,XYZ,22.11.2026\n"+
		"Егор,70 XYZ,,22.11.2026\n")
	rep := c.importJSON("--skip-bad", path)
	if len(rep.Skipped) != 3 || rep.Skipped[0].Row != 2 || rep.Skipped[0].Column != "Сумма" ||
		rep.Skipped[0].Error != `Amount "100 $" is in USD, but the currency column says "RUB".` || rep.OrdersCreated != 3 ||
		rep.Skipped[1].Row != 6 || rep.Skipped[1].Error != `Currency "XYZ" is unknown; use a code such as RUB, USD or EUR.` ||
		rep.Skipped[2].Row != 7 || rep.Skipped[2].Error != `Amount "70 XYZ" has an unknown currency "XYZ".` {
		t.Errorf("report %+v", rep)
	}
	if r := c.fail(2, `regulars: Currency "XYZ" is not an ISO 4217 currency code such as RUB, USD or EUR.`, "import", "--currency", "XYZ", path); r.stdout != "" {
		t.Errorf("a refused --currency printed %q", r.stdout)
	}
	// --currency as a cell names it: RUR (1C, banks) is RUB, as in a currency column; a sign
	// or a word too.
	for i, cur := range []struct{ flag, want string }{{"RUR", "RUB"}, {"руб", "RUB"}, {"₽", "RUB"}, {"$", "USD"}, {"usd", "USD"}, {"Евро", "EUR"}} {
		c := newTCLI(t)
		plain := tempSheet(t, fmt.Sprintf("plain%d.csv", i), "Клиент,Сумма,Дата\nАнна,100,22.11.2026\n")
		c.ok("import", "--currency", cur.flag, plain)
		var orders []orderJSON
		if c.json(&orders, "orders"); len(orders) != 1 || orders[0].Currency != cur.want {
			t.Errorf("--currency %s: %+v, want %s", cur.flag, orders, cur.want)
		}
	}
}

// TestReimportEdgeCases: clients known only by their company match themselves on a
// re-import, and a client named "Grand Hotel" is a client, not a totals row.
func TestReimportEdgeCases(t *testing.T) {
	c := newTCLI(t)
	path := filepath.Join(t.TempDir(), "edge.csv")
	os.WriteFile(path, []byte("Компания,Email,Сумма,Дата\n"+
		"ООО «Акме»,,100,05.01.2026\n"+
		"ООО «Акме»,,200,06.01.2026\n"+
		"Grand Hotel,gh@example.ru,300,05.01.2026\n"+
		"Grand total,,600,\n"), 0o644)
	rep := c.importJSON(path)
	if rep.ClientsCreated != 2 || rep.OrdersCreated != 3 || len(rep.Ignored) != 1 {
		t.Fatalf("first import %+v", rep)
	}
	rep = c.importJSON(path)
	if rep.ClientsCreated != 0 || rep.OrdersCreated != 0 || rep.OrdersExisting != 3 {
		t.Errorf("re-import %+v", rep)
	}
}

// TestMergeThenReimport: after `regulars merge`, re-importing the sheet finds the merged
// client's rows under the kept client — no new client, no copied orders — on both engines.
func TestMergeThenReimport(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		path := filepath.Join(t.TempDir(), "ivan.csv")
		os.WriteFile(path, []byte("Клиент,Email,Телефон,Дата,Сумма,Услуга\n"+
			"Иван Петров,a@example.ru,,01.02.2026,1000,Сайт\n"+
			"Иван Петров,b@example.ru,+7 903 000-00-01,02.02.2026,2000,Сайт\n"+
			"Иван Петров,b@example.ru,,02.02.2026,2000,Сайт\n"+
			"Иван Петров,a@example.ru,,03.02.2026,3000,Сайт\n"), 0o644)
		rep := c.importJSON(path)
		if rep.ClientsCreated != 2 || len(rep.Duplicates) != 1 {
			t.Fatalf("first import %+v", rep)
		}
		ids := rep.Duplicates[0].ClientIDs
		c.ok("merge", itoa(ids[0]), itoa(ids[1]))
		rep = c.importJSON(path)
		if rep.ClientsCreated != 0 || rep.OrdersCreated != 0 || rep.OrdersExisting != 4 || rep.ClientsMatched != 1 {
			t.Errorf("re-import after merge %+v", rep)
		}
		// A row with only the merged-away phone matches too.
		os.WriteFile(path, []byte("Клиент,Телефон,Дата,Сумма\nИ. Петров,8 903 000 00 01,05.02.2026,500\n"), 0o644)
		rep = c.importJSON(path)
		if rep.ClientsCreated != 0 || rep.ClientsMatched != 1 {
			t.Errorf("phone of the merged client: %+v", rep)
		}
	})
}

func TestProgressLine(t *testing.T) {
	tr, err := locale.NewTranslator()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		done, total int
		estimated   bool
		lang, want  string
	}{
		{10000, 999120, true, locale.EN, "Importing: 10,000 of about 999,120 rows (1%)"},
		{999120, 999120, false, locale.EN, "Importing: 999,120 of 999,120 rows (100%)"},
		{1, 1, false, locale.EN, "Importing: 1 of 1 row (100%)"},
		{10000, 999120, true, locale.RU, "Импорт: 10\u00a0000 из примерно 999\u00a0120 строк (1%)"},
		{21, 21, false, locale.RU, "Импорт: 21 из 21 строки (100%)"},
	} {
		if got := progressLine(tr, tt.done, tt.total, tt.estimated, tt.lang); got != tt.want {
			t.Errorf("progressLine(%d, %d, %v, %s) = %q, want %q", tt.done, tt.total, tt.estimated, tt.lang, got, tt.want)
		}
	}
}

// tempSheet writes text to a file of that name in a temporary directory and returns its path.
func tempSheet(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestImportTextAfterSniff: the encoding is decided from a file's first 64 KB, and a later row
// that is not text in it (a Windows-1251 name pasted into a UTF-8 file, a NUL) is a bad row
// naming its column, not a name stored as "�".
func TestImportTextAfterSniff(t *testing.T) {
	var b strings.Builder
	good := pastSniff(&b, "Клиент,Дата,Сумма", "Клиент номер %d,01.02.2026,1000")
	b.WriteString("\xcf\xe5\xf2\xf0\xee\xe2,02.02.2026,500\n") // Петров in Windows-1251
	b.WriteString("Сидоров,03.02.2026,700\n")
	b.WriteString("Иванов,04.02.2026,7\x000\n")
	path := tempSheet(t, "mixed.csv", b.String())
	c := newTCLI(t)
	bad := good + 2
	r := c.fail(2, fmt.Sprintf(`mixed.csv row %d column "Клиент": value "�": The cell is not UTF-8 text (byte 1 is 0xCF), though the file's first rows are`, bad), "import", path)
	if !strings.Contains(r.stderr, fmt.Sprintf(`mixed.csv row %d column "Сумма": value "7␀0": The cell holds a NUL character (byte 2, shown as ␀)`, bad+2)) {
		t.Errorf("stderr %q does not name the NUL", r.stderr)
	}
	if out := c.ok("clients"); strings.Contains(out, "Клиент номер") {
		t.Errorf("a failed import wrote clients:\n%s", out)
	}
	rep := c.importJSON("--skip-bad", path)
	if rep.OrdersCreated != good+1 || len(rep.Skipped) != 2 ||
		rep.Skipped[0].Row != bad || rep.Skipped[0].Column != "Клиент" || rep.Skipped[0].Value != "\ufffd" ||
		rep.Skipped[1].Row != bad+2 || rep.Skipped[1].Column != "Сумма" || rep.Skipped[1].Value != "7␀0" {
		t.Errorf("report %+v", rep)
	}
}

// TestImportSameHeaders: a column whose header says a field another column has is not
// imported, and the import says so, in both languages; --map names it by its letter.
func TestImportSameHeaders(t *testing.T) {
	c := newTCLI(t)
	path := tempSheet(t, "dup.csv", "Клиент,Заказчик,Дата,Дата,Сумма\n"+
		"Анна,ООО Ромашка,01.02.2026,05.02.2026,100\n"+
		"Борис,ИП Борис,02.02.2026,06.02.2026,200\n")
	r := c.run("import", "--dry-run", path)
	for _, want := range []string{
		`dup.csv: column B "Заказчик" is not imported: its header means the field name, which column A already has. To import it, give it a field of its own: --map "Заказчик=field".`,
		`dup.csv: column D "Дата" is not imported: its header means the field ordered_on, which column C already has. To import it, give it a field of its own: --map "D=field".`} {
		if r.code != 0 || !strings.Contains(r.stderr, want+"\n") {
			t.Errorf("exit %d, stderr %q lacks %q", r.code, r.stderr, want)
		}
	}
	r = c.run("--lang", "ru", "import", "--dry-run", path)
	if want := `dup.csv: столбец D «Дата» не загружен: по заголовку это ordered_on, но это поле уже у столбца C. Чтобы загрузить его, дайте ему своё поле: --map "D=поле".`; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr %q lacks %q", r.stderr, want)
	}
	var rep struct {
		Columns []struct {
			Columns []struct{ Header, Letter, Field, Guess, Taken_by string }
		}
	}
	c.json(&rep, "import", "--dry-run", path)
	if cols := rep.Columns[0].Columns; len(cols) != 5 || cols[3].Letter != "D" || cols[3].Field != "" || cols[3].Guess != "ordered_on" || cols[3].Taken_by != "C" {
		t.Errorf("columns %+v", cols)
	}
	r = c.run("import", "--map", "d=delivered_on", "--map", "Заказчик=company", "--map", "Дата=ordered_on", path)
	if r.code != 0 || strings.Contains(r.stderr, "not imported") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	var orders []orderJSON
	c.json(&orders, "orders")
	if len(orders) != 2 || orders[0].DeliveredOn == nil || *orders[0].DeliveredOn == "" {
		t.Errorf("orders %+v", orders)
	}
	c.fail(2, `"z"`, "import", "--map", "Z=notes", path)
	c.fail(2, `dup.csv: --map gives the field company to both column "Заказчик" (B) and column "Сумма" (E); a field goes to one column.`,
		"import", "--map", "B=company", "--map", "E=company", path)
}

// TestImportPaidAndPhoneWords: a yes/no paid column takes yes, no and payment dates, and
// anything else is a bad row naming the value, never a paid order; a phone without digits
// is a bad row, not a client with phone "abc".
func TestImportPaidAndPhoneWords(t *testing.T) {
	c := newTCLI(t)
	path := tempSheet(t, "paid.csv", "Клиент,Телефон,Сумма,Дата,Оплачено\n"+
		"Анна,+7 903 111-22-33,100,01.02.2026,да\n"+
		"Борис,,200,02.02.2026,нет\n"+
		"Вера,,300,03.02.2026,05.02.2026\n"+
		"Глеб,,400,04.02.2026,наверное\n"+
		"Дина,abc,500,05.02.2026,\n")
	rep := c.importJSON("--skip-bad", path)
	if rep.OrdersCreated != 3 || len(rep.Skipped) != 2 ||
		rep.Skipped[0].Row != 5 || rep.Skipped[0].Column != "Оплачено" || rep.Skipped[0].Value != "наверное" ||
		rep.Skipped[0].Error != `Paid "наверное" is neither yes nor no; use да or нет, yes or no, 1 or 0, + or -, or the date of the payment.` ||
		rep.Skipped[1].Row != 6 || rep.Skipped[1].Column != "Телефон" || rep.Skipped[1].Value != "abc" ||
		rep.Skipped[1].Error != "A phone number needs at least 5 digits." {
		t.Fatalf("report %+v", rep)
	}
	// The domain's checks speak the user's language too.
	r := newTCLI(t).run("--lang", "ru", "import", "--dry-run", path)
	if want := `paid.csv, строка 6, столбец "Телефон", значение "abc": В номере телефона должно быть не меньше 5 цифр.`; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr %q lacks %q", r.stderr, want)
	}
	var orders []orderJSON
	c.json(&orders, "orders")
	statuses := map[string]string{}
	for _, o := range orders {
		statuses[o.Amount.String()] = o.Status
	}
	if want := map[string]string{"100.00": "paid", "200.00": "unpaid", "300.00": "paid"}; !reflect.DeepEqual(statuses, want) {
		t.Errorf("statuses by amount %v, want %v", statuses, want)
	}
}

// TestImportCountsWithBadRows: the summary counts the rows imported (or that would be), not
// the bad ones; a dry run without --skip-bad says the import would fail; a failed import's JSON
// counts nothing created.
func TestImportCountsWithBadRows(t *testing.T) {
	c := newTCLI(t)
	path := tempSheet(t, "cnt.csv", "Клиент,Сумма,Дата\nАнна,100,01.02.2026\nБорис,abc,02.02.2026\nВера,300,03.02.2026\n,,\n")
	cols := "cnt.csv: the columns, as read (the header is row 1):\n  A \"Клиент\" → Client name\n  B \"Сумма\" → Amount\n  C \"Дата\" → Order date (dd.mm.yyyy)\n"
	colsRU := "cnt.csv: как прочитаны столбцы (заголовки в строке 1):\n  A \"Клиент\" → Имя клиента\n  B \"Сумма\" → Сумма\n  C \"Дата\" → Дата заказа (dd.mm.yyyy)\n"
	for _, tt := range []struct {
		args       []string
		code       int
		out, errln string
	}{
		{[]string{"--dry-run"}, 2, cols + "Dry run, nothing written. With --skip-bad, would import 2 rows: 2 new orders, 0 already imported, 0 updated; 2 new clients, 0 existing clients matched.\n" +
			"Ignored cnt.csv row 5: blank row\nWould skip 1 bad row (listed above).\n",
			"regulars: 1 bad row; the import would write nothing. Fix it, or use --skip-bad to import the other rows."},
		{[]string{"--dry-run", "--skip-bad"}, 0, cols + "Dry run, nothing written. Would import 2 rows: 2 new orders, 0 already imported, 0 updated; 2 new clients, 0 existing clients matched.\n" +
			"Ignored cnt.csv row 5: blank row\nWould skip 1 bad row (listed above).\n", ""},
		{[]string{"--lang", "ru", "--dry-run"}, 2, colsRU + "Пробный прогон, ничего не записано. С --skip-bad были бы импортированы 2 строки: 2 новых заказа, уже в базе: 0, обновлено: 0; 2 новых клиента, 0 клиентов найдено в базе.\n" +
			"Не загружена строка 5 файла cnt.csv: пустая строка\nБыла бы пропущена 1 строка с ошибкой (список выше).\n",
			"cnt.csv, строка 3, столбец \"Сумма\", значение \"abc\": Сумма \"abc\" — не число.\n" +
				"regulars: 1 строка с ошибкой; импорт ничего бы не записал. Исправьте её или добавьте --skip-bad, чтобы импортировать остальные строки.\n"},
		{[]string{}, 2, "", "regulars: 1 bad row; nothing was imported."},
		{[]string{"--skip-bad"}, 0, "Imported 2 rows: 2 new orders, 0 already imported, 0 updated; 2 new clients, 0 existing clients matched.\n" +
			"Ignored cnt.csv row 5: blank row\nSkipped 1 bad row (listed above).\n", ""},
	} {
		args := append([]string{"import"}, tt.args...)
		if len(tt.args) > 0 && tt.args[0] == "--lang" {
			args = append(tt.args[:2:2], append([]string{"import"}, tt.args[2:]...)...)
		}
		r := c.run(append(args, path)...)
		if r.code != tt.code || r.stdout != tt.out || !strings.Contains(r.stderr, tt.errln) {
			t.Errorf("import %v: exit %d\nstdout %q\nstderr %q", tt.args, r.code, r.stdout, r.stderr)
		}
	}
	c.db = filepath.Join(t.TempDir(), "fresh.db")
	r := c.run("import", path, "--format", "json")
	var rep importJSON
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != 2 || rep.Rows != 3 || rep.OrdersCreated != 0 || rep.ClientsCreated != 0 || len(rep.Skipped) != 1 {
		t.Errorf("failed import's JSON (exit %d, %v): %+v", r.code, err, rep)
	}
}

// TestInputFileErrors: a file that cannot be read is named with the reason in words.
func TestInputFileErrors(t *testing.T) {
	c := newTCLI(t)
	dir := t.TempDir()
	missing := filepath.Join(dir, "nosuch.csv")
	c.fail(2, "regulars: "+missing+": cannot read the file: no such file or directory.", "import", missing)
	c.fail(2, "regulars: "+dir+" is a directory; name the sheets in it.", "import", dir)
	c.fail(2, "regulars: "+missing+": cannot read the file: no such file or directory.", "automation", "set", missing)
	c.fail(2, `regulars: Unknown language "xx": use ru or en.`, "--lang", "xx", "clients")
}

// TestImportSameContentTwice: one sheet under two names in one import is refused, not
// imported twice.
func TestImportSameContentTwice(t *testing.T) {
	c := newTCLI(t)
	text := "Клиент,Дата,Сумма\nАнна,01.02.2026,100\n"
	a, b := tempSheet(t, "a.csv", text), tempSheet(t, "b.csv", text)
	c.fail(2, "regulars: a.csv and b.csv have the same content. Import one of them.", "import", a, b)
	if got := c.summary(); got.orders != 0 {
		t.Errorf("wrote %+v", got)
	}
	c.ok("import", a, tempSheet(t, "c.csv", text+"Борис,02.02.2026,200\n")) // a longer version is another sheet
}

// TestImportLateWindows1251: a Windows-1251 file whose first 64 KB are ASCII is read as
// Windows-1251 from its first letter on; a UTF-8 row after that is a bad row, not mojibake.
func TestImportLateWindows1251(t *testing.T) {
	var b strings.Builder
	ascii := pastSniff(&b, "Client,Date,Amount", "Client %d,01.02.2026,1000")
	cp, _ := charmap.Windows1251.NewEncoder().String("Пётр Иванов,02.02.2026,500\nООО «Ромашка»,03.02.2026,700\n")
	path := tempSheet(t, "late.csv", b.String()+cp+"Анна,04.02.2026,9\n")
	c := newTCLI(t)
	rep := c.importJSON("--skip-bad", path)
	if rep.OrdersCreated != ascii+2 || len(rep.Skipped) != 1 || rep.Skipped[0].Row != ascii+4 ||
		!strings.HasPrefix(rep.Skipped[0].Error, "The cell is UTF-8 text, though the file is in Windows-1251") {
		t.Fatalf("report %+v", rep)
	}
	var clients []clientJSON
	c.json(&clients, "clients", "--query", "Пётр")
	if len(clients) != 1 || clients[0].Name != "Пётр Иванов" {
		t.Errorf("clients named Пётр: %+v", clients)
	}
	// A file in Windows-1251 from its first row: a UTF-8 row in it is a bad row too.
	cp, _ = charmap.Windows1251.NewEncoder().String("Клиент;Дата;Сумма\nПётр;02.02.2026;500\n")
	path = tempSheet(t, "cp.csv", cp+"Анна;04.02.2026;9\n")
	c = newTCLI(t)
	rep = c.importJSON("--skip-bad", path)
	if rep.OrdersCreated != 1 || len(rep.Skipped) != 1 || rep.Skipped[0].Row != 3 || rep.Skipped[0].Column != "Клиент" ||
		!strings.HasPrefix(rep.Skipped[0].Error, "The cell is UTF-8 text, though the file is in Windows-1251") {
		t.Errorf("Windows-1251 file with a UTF-8 row: %+v", rep)
	}
}

// pastSniff writes a header and rows made by format from their number, past the 64 KB the
// encoding is decided from, and returns the number of rows.
func pastSniff(b *strings.Builder, header, format string) int {
	b.WriteString(header + "\n")
	n := 0
	for ; b.Len() < 80<<10; n++ {
		fmt.Fprintf(b, format+"\n", n)
	}
	return n
}

// TestImportPaidContradictsStatus: a paid column that says the opposite of the status column
// is a bad row, not settled silently by the status.
func TestImportPaidContradictsStatus(t *testing.T) {
	c := newTCLI(t)
	path := tempSheet(t, "h.csv", "Клиент,Сумма,Дата,Статус,Оплачено\n"+
		"Анна,100,01.02.2026,Оплачен,да\n"+
		"Борис,200,02.02.2026,Оплачен,нет\n"+
		"Вера,300,03.02.2026,Сдан,нет\n"+
		"Глеб,400,04.02.2026,Не оплачен,да\n")
	rep := c.importJSON("--skip-bad", path)
	if rep.OrdersCreated != 2 || len(rep.Skipped) != 2 || rep.Skipped[0].Row != 3 || rep.Skipped[1].Row != 5 ||
		rep.Skipped[0].Error != `Paid "нет" contradicts the status "Оплачен"; make them agree.` {
		t.Errorf("report %+v", rep)
	}
}

// TestImportOtherSheets: of a workbook's visible sheets only one is imported, the first that
// names an order's columns, and the import says which are not; --sheet chooses another; an
// empty sheet chosen names the others.
func TestImportOtherSheets(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Заказы")
	f.SetSheetRow("Заказы", "A1", &[]any{"Клиент", "Дата", "Сумма"})
	f.SetSheetRow("Заказы", "A2", &[]any{"Анна", "22.11.2026", 100})
	for _, name := range []string{"Скрытый", "Второй"} {
		f.NewSheet(name)
		f.SetSheetRow(name, "A1", &[]any{"Клиент", "Дата", "Сумма"})
		f.SetSheetRow(name, "A2", &[]any{"Вера", "23.11.2026", 200})
	}
	f.SetSheetVisible("Скрытый", false)
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	c := newTCLI(t)
	r := c.run("import", path)
	if want := `book.xlsx: only one sheet, "Заказы", is imported; the sheet "Второй" is not: import it with --sheet.`; r.code != 0 || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, stderr %q; want %q", r.code, r.stderr, want)
	}
	var rep struct {
		Columns []importer.FileLayout `json:"columns"`
	}
	c.json(&rep, "import", "--sheet", "второй", path)
	if fl := rep.Columns[0]; fl.Sheet != "Второй" || !slices.Equal(fl.OtherSheets, []string{"Заказы"}) || len(fl.PassedSheets) != 0 {
		t.Errorf("--sheet второй: %+v", fl)
	}
	if got := c.summary(); got.orders != 2 || got.revenue != "300.00" {
		t.Errorf("after both sheets: %+v", got)
	}
	f.DeleteSheet("Заказы")
	f.NewSheet("Пустой")
	f.MoveSheet("Пустой", "Скрытый")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	r = c.run("import", "--dry-run", path)
	if want := `book.xlsx: the sheet "Второй" is imported: the sheet "Пустой" before it names no client, order date and amount columns.`; r.code != 0 || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, stderr %q; want %q", r.code, r.stderr, want)
	}
	c.fail(2, `book.xlsx: the sheet "Пустой" has no rows, and the other sheets ("Второй") are not read`, "import", "--sheet", "Пустой", path)
	c.fail(2, `book.xlsx: The workbook has no visible sheet "Скрытый"; its sheets are "Пустой", "Второй".`, "import", "--sheet", "Скрытый", path)
}

// TestImportLongValues: a value too long for its field is named, cut to its start, in the
// bad row.
func TestImportLongValues(t *testing.T) {
	c := newTCLI(t)
	long := strings.Repeat("Я", 600)
	path := tempSheet(t, "long.csv", "Клиент,Услуга,Сумма,Дата\n"+long+",Сайт,100,01.02.2026\nАнна,"+long+",100,01.02.2026\n")
	rep := c.importJSON("--skip-bad", path)
	want := strings.Repeat("Я", 100) + "…"
	if len(rep.Skipped) != 2 || rep.Skipped[0].Column != "Клиент" || rep.Skipped[0].Value != want ||
		rep.Skipped[1].Column != "Услуга" || rep.Skipped[1].Value != want || rep.Skipped[1].Error != "service: 600 characters; at most 500." {
		t.Errorf("report %+v", rep)
	}
}

// TestMergedNameMatches: after a merge, a row with only the merged client's name matches the
// kept client, as its email and phone do.
func TestMergedNameMatches(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		c.ok("add", "client", "--name", "Анна", "--email", "anna@example.ru")
		c.ok("add", "client", "--name", "Анна Смирнова", "--phone", "+7 903 000-00-01")
		c.ok("merge", "1", "2")
		rep := c.importJSON(tempSheet(t, "n.csv", "Клиент,Сумма,Дата\nАнна Смирнова,100,01.02.2026\n"))
		if rep.ClientsCreated != 0 || rep.ClientsMatched != 1 {
			t.Errorf("a row with the merged name: %+v", rep)
		}
		// The kept client that took the merged one's company still matches its own name.
		c.ok("add", "client", "--name", "Иван Петров")
		c.ok("add", "client", "--name", "Ванечка", "--company", "ООО Ромашка")
		c.ok("merge", "3", "4")
		rep = c.importJSON(tempSheet(t, "i.csv", "Клиент,Сумма,Дата\nИван Петров,5,06.02.2026\n"))
		if rep.ClientsCreated != 0 || rep.ClientsMatched != 1 {
			t.Errorf("a row with the kept client's own name after it took a company: %+v", rep)
		}
	})
}

// TestImportWindows1251LooksUTF8: Windows-1251 text that happens to be valid UTF-8 (a capital
// before a dash, Ё or №) is read as Windows-1251, in a file that starts so and in one that
// starts in ASCII.
func TestImportWindows1251LooksUTF8(t *testing.T) {
	rows := "Клиент;Дата;Сумма;Заметки\nИван Петров;01.02.2025;1000;К–2\nСЕМЁН;02.02.2025;500;ООО «Ромашка», №5\n"
	cp, _ := charmap.Windows1251.NewEncoder().String(rows)
	var b strings.Builder
	n := pastSniff(&b, "Client;Date;Amount;Notes", "Client %d;01.02.2026;1000;x")
	late, _ := charmap.Windows1251.NewEncoder().String("К–2 Ltd;03.02.2026;700;К–2\nИван Петров;04.02.2026;900;Ё\n")
	for _, tt := range []struct {
		name, text string
		orders     int
	}{{"cp.csv", cp, 2}, {"late.csv", b.String() + late, n + 2}} {
		c := newTCLI(t)
		rep := c.importJSON(tempSheet(t, tt.name, tt.text))
		if rep.OrdersCreated != tt.orders || len(rep.Skipped) != 0 {
			t.Errorf("%s: %+v", tt.name, rep)
		}
		var clients []clientJSON
		c.json(&clients, "clients", "--query", "Иван")
		if len(clients) != 1 || clients[0].Name != "Иван Петров" {
			t.Errorf("%s: clients named Иван: %+v", tt.name, clients)
		}
	}
}

// TestImportManyBadRows: a report lists the first MaxSkippedListed bad rows and counts them all.
func TestImportManyBadRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("Клиент,Дата,Сумма\n")
	for i := range importer.MaxSkippedListed + 50 {
		fmt.Fprintf(&b, "Клиент %d,01.02.2026,много\n", i)
	}
	path := tempSheet(t, "bad.csv", b.String())
	c := newTCLI(t)
	r := c.run("import", "--format", "json", path)
	var rep struct {
		SkippedCount int               `json:"skipped_count"`
		Skipped      []json.RawMessage `json:"skipped"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != 2 || rep.SkippedCount != importer.MaxSkippedListed+50 || len(rep.Skipped) != importer.MaxSkippedListed {
		t.Errorf("exit %d, %v: %d bad rows counted, %d listed", r.code, err, rep.SkippedCount, len(rep.Skipped))
	}
	r = c.run("import", path)
	if !strings.Contains(r.stderr, "… and 50 more bad rows, not listed.") || !strings.Contains(r.stderr, "10,050 bad rows; nothing was imported.") {
		t.Errorf("stderr ends: %s", r.stderr[max(0, len(r.stderr)-300):])
	}
}

// TestImportBrokenXLSXInRussian: a workbook that is no .xlsx says so in the user's language,
// the reader's own detail after it.
func TestImportBrokenXLSXInRussian(t *testing.T) {
	c := newTCLI(t)
	path := tempSheet(t, "broken.xlsx", "PK\x03\x04garbage")
	c.fail(2, "regulars: broken.xlsx: не читается как файл .xlsx: zip: not a valid zip file.", "--lang", "ru", "import", path)
	c.fail(2, "regulars: broken.xlsx: is not a valid .xlsx file: zip: not a valid zip file.", "import", path)
}

// TestImportHeadlessColumn: a value past the header's columns (an unquoted semicolon in a
// note split it) is not imported, and the summary says so with the values, in both languages.
func TestImportHeadlessColumn(t *testing.T) {
	c := newTCLI(t)
	path := tempSheet(t, "notes.csv", "Клиент;Сумма;Дата;Заметки\nАнна;1000;01.11.2026;любит \"пионы\"; звонить вечером\nБорис;2000;02.11.2026;ok\n")
	r := c.run("import", "--lang", "en", path)
	if want := `notes.csv: column E has values ("звонить вечером") but no header, so it is not imported.`; r.code != 0 || !strings.Contains(r.stderr, want) {
		t.Errorf("the summary lacks %q: %+v", want, r)
	}
	if r := c.run("import", "--lang", "ru", path); !strings.Contains(r.stderr, `notes.csv: в столбце E есть значения ("звонить вечером"), но нет заголовка, и он не загружен.`) {
		t.Errorf("in Russian: %+v", r)
	}
}

// TestImportLongTagNamesValue: a tag too long is a bad row that shows the tags cell.
func TestImportLongTagNamesValue(t *testing.T) {
	c := newTCLI(t)
	path := tempSheet(t, "tags.csv", "Клиент;Сумма;Дата;Теги\nАнна;1000;01.11.2026;"+strings.Repeat("я", 600)+"\n")
	rep := c.importJSON("--skip-bad", path)
	if len(rep.Skipped) != 1 || rep.Skipped[0].Column != "Теги" || !strings.HasPrefix(rep.Skipped[0].Value, "яяя") {
		t.Errorf("skipped %+v", rep.Skipped)
	}
}
