package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/importer"
	"github.com/regulars/regulars/internal/store"
)

// TestExportRoundTrip exports the orders of an imported base as CSV and as XLSX and imports
// each into an empty base: the same clients, orders and revenue come back.
func TestExportRoundTrip(t *testing.T) {
	src := newTCLI(t)
	src.ok("import", sheet("google_ru.csv"))
	want := src.summary()
	dir := t.TempDir()
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			path := filepath.Join(dir, "orders."+format)
			src.ok("export", "orders", "--format", format, "-o", path)
			dst := newTCLI(t)
			dst.ok("import", path)
			if got := dst.summary(); got != want {
				t.Errorf("after the round trip %+v, want %+v", got, want)
			}
			var rep importJSON
			dst.json(&rep, "import", path)
			if rep.OrdersCreated != 0 || rep.OrdersExisting != want.orders {
				t.Errorf("re-importing the export: %+v", rep)
			}
		})
	}
	out := src.ok("export", "clients")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 6 || strings.Join(recs[0][:5], ",") != "id,name,company,email,phone" ||
		recs[5][11] != "Многострочный\nкомментарий" || recs[1][20] != "107500.00" {
		t.Errorf("clients export (%v):\n%s", err, out)
	}
}

// TestExportRoundTripKeyless: the orders no import made (the demo's, those added by hand) are
// found again when an export of Regulars is imported back, on both engines: the export adds
// nothing, twice; a status changed in the exported file updates the order; identical orders
// stay two; a title with a double space is the same order. Found so, an order keeps the key
// of its row: a later export and a sheet of the user's with that row find it as well.
func TestExportRoundTripKeyless(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		c.ok("demo", "--clients", "25", "--seed", "3")
		c.ok("add", "client", "--name", "Вера Лосева", "--email", "vera@example.ru")
		var clients []clientJSON
		c.json(&clients, "clients", "--query", "Лосева")
		if len(clients) != 1 {
			t.Fatalf("clients %+v", clients)
		}
		id := strconv.FormatInt(clients[0].ID, 10)
		for range 2 { // two identical orders of one day: two orders
			c.ok("add", "order", "--client", id, "--service", "Аудит", "--title", "Разовый  аудит", "--amount", "5000", "--date", "2026-11-20")
		}
		want := c.summary()
		dir := t.TempDir()
		for _, format := range []string{"csv", "xlsx"} {
			// The demo's orders have the keys of their export's rows; the hand-made ones have
			// none, nor half the demo's here (as the demo stored them before).
			unkey(t, c, `id % 2 = 0`)
			path := filepath.Join(dir, "orders."+format)
			c.ok("export", "orders", "--format", format, "-o", path)
			for round := range 2 {
				rep := c.importJSON(path)
				if rep.OrdersCreated != 0 || rep.OrdersExisting != want.orders || rep.OrdersUpdated != 0 || rep.ClientsCreated != 0 {
					t.Errorf("%s, import %d of the export: %+v", format, round+1, rep)
				}
				if got := c.summary(); got != want {
					t.Fatalf("%s, import %d of the export: %+v, want %+v", format, round+1, got, want)
				}
			}
		}
		if n := unkey(t, c, ""); n != 0 {
			t.Errorf("%d orders without the key of their row", n)
		}
		// A status changed in the exported file.
		path := filepath.Join(dir, "orders.csv")
		recs := readCSV(t, path)
		var changed string
		for _, r := range recs[1:] {
			if r[12] == "paid" {
				r[12], changed = "refunded", r[0]
				break
			}
		}
		writeCSV(t, path, recs)
		rep := c.importJSON(path)
		if rep.OrdersCreated != 0 || rep.OrdersUpdated != 1 {
			t.Errorf("the export with a status changed: %+v", rep)
		}
		var orders []orderJSON
		c.json(&orders, "orders", "--status", "refunded")
		if !slices.ContainsFunc(orders, func(o orderJSON) bool { return strconv.FormatInt(o.ID, 10) == changed }) {
			t.Errorf("order %s not refunded: %+v", changed, orders)
		}
		// An amount changed in the export of an order no import has found yet: that order
		// takes it, as a sheet's corrected row does an imported order's.
		var added orderJSON
		c.json(&added, "add", "order", "--client", "1", "--service", "Консультация", "--title", "Созвон", "--amount", "3000", "--date", "2026-11-21")
		c.json(&added, "add", "order", "--client", "1", "--service", "Консультация", "--title", "Созвон", "--amount", "3000", "--date", "2026-11-22")
		title := "Созвон по проекту" // edited after it was added: its export's row has the new title
		updateOrder(t, c, added.ID, regulars.OrderUpdate{Title: &title})
		c.ok("export", "orders", "--format", "csv", "-o", path)
		recs = readCSV(t, path)
		for _, r := range recs[1:] {
			if strings.HasPrefix(r[6], "Созвон") {
				r[7] = "3500.00"
			}
		}
		writeCSV(t, path, recs)
		rep = c.importJSON(path)
		if rep.OrdersCreated != 0 || rep.OrdersUpdated != 2 || len(rep.Amended) != 2 {
			t.Errorf("the export with two amounts changed: %+v", rep)
		}
		c.json(&orders, "orders", "--client", "1")
		for _, id := range []int64{added.ID - 1, added.ID} {
			if i := slices.IndexFunc(orders, func(o orderJSON) bool { return o.ID == id }); i < 0 || orders[i].Amount != "3500.00" {
				t.Errorf("order %d, whose amount the export changed: %+v", id, orders)
			}
		}
		// The user's own sheet with the hand-made order's row, and one more.
		own := filepath.Join(dir, "own.csv")
		if err := os.WriteFile(own, []byte("Клиент,Email,Услуга,Описание,Сумма,Дата\n"+
			"Вера Лосева,vera@example.ru,Аудит,Разовый аудит,5 000 ₽,20.11.2026\n"+
			"Вера Лосева,vera@example.ru,Аудит,Разовый аудит,5 000 ₽,20.11.2026\n"+
			"Вера Лосева,vera@example.ru,Аудит,Разовый аудит,5 000 ₽,20.11.2026\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if rep := c.importJSON(own); rep.OrdersCreated != 1 || rep.OrdersExisting != 2 {
			t.Errorf("the user's sheet with the two hand-made orders and a third: %+v", rep)
		}
	})
}

// TestDeletedOrderStaysDeleted: an imported order deleted in Regulars is not imported again by
// the sheet that still has its row, nor by a longer version of it, on both engines; the
// report counts such rows, and an identical row of the same day is still an order of its own.
func TestDeletedOrderStaysDeleted(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		dir := t.TempDir()
		path := filepath.Join(dir, "orders.csv")
		rows := "Клиент,Email,Услуга,Сумма,Дата\n" +
			"Анна Смирнова,anna@example.ru,Стрижка,1500,10.11.2026\n" +
			"Борис Петров,boris@example.ru,Окрашивание,4000,11.11.2026\n"
		if err := os.WriteFile(path, []byte(rows), 0o644); err != nil {
			t.Fatal(err)
		}
		c.ok("import", path)
		var orders []orderJSON
		c.json(&orders, "orders")
		if len(orders) != 2 {
			t.Fatalf("orders %+v", orders)
		}
		deleteOrder(t, c, orders[0].ID) // Анна's, a mistaken row
		rep := c.importJSON(path)
		if rep.OrdersCreated != 0 || rep.OrdersExisting != 1 || rep.OrdersDeleted != 1 {
			t.Errorf("the sheet again: %+v", rep)
		}
		rows += "Анна Смирнова,anna@example.ru,Стрижка,1500,10.11.2026\n" + // a second identical order that day
			"Анна Смирнова,anna@example.ru,Стрижка,1500,24.11.2026\n"
		if err := os.WriteFile(path, []byte(rows), 0o644); err != nil {
			t.Fatal(err)
		}
		rep = c.importJSON(path)
		if rep.OrdersCreated != 2 || rep.OrdersExisting != 1 || rep.OrdersDeleted != 1 {
			t.Errorf("a longer version: %+v", rep)
		}
		if out := c.ok("import", path, "--lang", "ru"); !strings.Contains(out, "удалены в Regulars и не восстановлены: 1") {
			t.Errorf("the summary:\n%s", out)
		}
		if got := c.summary(); got.orders != 3 || got.revenue != "7000.00" {
			t.Errorf("after the imports: %+v", got)
		}
		// A refunded order deleted: its refund row refunds no other order of that amount.
		c = c.fresh(t)
		refunds := filepath.Join(dir, "refunds.csv")
		if err := os.WriteFile(refunds, []byte("Клиент,Email,Сумма,Дата,Статус\n"+
			"Анна Смирнова,anna@example.ru,1500,01.11.2026,Оплачено\n"+
			"Анна Смирнова,anna@example.ru,1500,10.11.2026,Оплачено\n"+
			"Анна Смирнова,anna@example.ru,-1500,12.11.2026,Возврат\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		c.ok("import", refunds)
		c.json(&orders, "orders", "--status", "refunded")
		if len(orders) != 1 || orders[0].OrderedOn != "2026-11-10" {
			t.Fatalf("refunded %+v", orders)
		}
		deleteOrder(t, c, orders[0].ID)
		if rep := c.importJSON(refunds); rep.OrdersDeleted != 2 || rep.OrdersRefunded != 0 || rep.OrdersCreated != 0 {
			t.Errorf("the sheet again after the refunded order was deleted: %+v", rep)
		}
		if c.json(&orders, "orders", "--status", "refunded"); len(orders) != 0 {
			t.Errorf("refunded after the re-import: %+v", orders)
		}
		// An order added in Regulars, deleted before any import found it: the export made
		// before stays without it, and its identical twin is still found by its own row.
		c = c.fresh(t)
		c.ok("add", "client", "--name", "Вера Лосева", "--email", "vera@example.ru")
		for _, day := range []string{"2026-11-20", "2026-11-20", "2026-11-21"} {
			c.ok("add", "order", "--client", "1", "--service", "Аудит", "--amount", "5000", "--date", day)
		}
		export := filepath.Join(dir, "export.csv")
		c.ok("export", "orders", "--format", "csv", "-o", export)
		deleteOrder(t, c, 1)
		for range 2 {
			if rep := c.importJSON(export); rep.OrdersDeleted != 1 || rep.OrdersExisting != 2 || rep.OrdersCreated != 0 {
				t.Errorf("the export made before order 1 was deleted: %+v", rep)
			}
		}
	})
}

// TestDeletedClientStaysDeleted: a client deleted in Regulars is not made again by the
// sheet that made it, on both engines: its rows, old or new, are left out and listed, the
// email decides before the phone, and a client added again with that email takes them.
func TestDeletedClientStaysDeleted(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		path := filepath.Join(t.TempDir(), "visits.csv")
		rows := "Клиент,Email,Телефон,Услуга,Сумма,Дата\n" +
			"Анна Смирнова,anna@example.ru,,Стрижка,1500,10.11.2026\n" +
			"Борис Петров,boris@example.ru,+7 903 111-22-33,Окрашивание,4000,11.11.2026\n" +
			"Вера Лосева,,,Маникюр,2000,12.11.2026\n" + // known by name alone
			"Анна Смирнова,anna@example.ru,8 916 555-44-33,Укладка,1200,20.11.2026\n" // and her phone
		write := func() {
			if err := os.WriteFile(path, []byte(rows), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		write()
		c.ok("import", path)
		var clients []clientJSON
		if c.json(&clients, "clients"); len(clients) != 3 {
			t.Fatalf("clients %+v", clients)
		}
		deleteClient(t, c, clients[0].ID) // Анна
		deleteClient(t, c, clients[2].ID) // Вера
		type gone struct {
			id   int64
			name string
			rows int
		}
		check := func(what string, rep importJSON, created, existing, deleted, clientsCreated int, want ...gone) {
			t.Helper()
			if rep.OrdersCreated != created || rep.OrdersExisting != existing || rep.OrdersDeleted != deleted || rep.ClientsCreated != clientsCreated {
				t.Errorf("%s: %+v", what, rep)
			}
			var got []gone
			for _, d := range rep.DeletedClients {
				got = append(got, gone{d.ClientID, d.Name, d.Rows})
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: deleted clients %+v, want %+v", what, got, want)
			}
		}
		for range 2 {
			check("the sheet again", c.importJSON(path), 0, 1, 3, 0, gone{1, "Анна Смирнова", 2}, gone{3, "Вера Лосева", 1})
		}
		rows += "Анна Смирнова,anna@example.ru,,Стрижка,1500,25.11.2026\n" + // a new order of hers
			"Анна Смирнова,anna@example.ru,+7 903 111-22-33,Стрижка,1500,26.11.2026\n" + // Борис's phone, her email
			"Анна Смирнова,,89165554433,Укладка,1200,27.11.2026\n" + // her phone alone
			"Галина Орлова,galina@example.ru,,Стрижка,1500,26.11.2026\n"
		write()
		check("a dry run of a longer version", c.importJSON(path, "--dry-run"), 1, 1, 6, 1, gone{1, "Анна Смирнова", 5}, gone{3, "Вера Лосева", 1})
		check("a longer version", c.importJSON(path), 1, 1, 6, 1, gone{1, "Анна Смирнова", 5}, gone{3, "Вера Лосева", 1})
		out := c.ok("import", path, "--lang", "ru")
		for _, want := range []string{"Клиент Анна Смирнова (№ 1) удалён в Regulars: его 5 строк не загружено.",
			"Чтобы вернуть заказы клиента, добавьте его снова с той же почтой или с тем же именем и телефоном (клиента без почты и телефона — с тем же именем) или загрузите таблицу с --restore-deleted.",
			"Клиент Вера Лосева (№ 3) удалён в Regulars: его 1 строка не загружена."} {
			if !strings.Contains(out, want) {
				t.Errorf("the summary lacks %q:\n%s", want, out)
			}
		}
		if got := c.summary(); got.clients != 2 || got.orders != 2 || got.revenue != "5500.00" {
			t.Errorf("after the imports: %+v", got)
		}
		// Added again, with her email: her rows are hers again, Вера's stay out.
		c.ok("add", "client", "--name", "Анна Смирнова", "--email", "anna@example.ru")
		check("after Анна was added again", c.importJSON(path), 5, 2, 1, 0, gone{3, "Вера Лосева", 1})
		if got := c.summary(); got.clients != 3 || got.orders != 7 || got.revenue != "12400.00" {
			t.Errorf("after Анна was added again: %+v", got)
		}
		// --restore-deleted brings back Вера and an order of Борис deleted meanwhile; they
		// then stay, found as any other.
		var boris []orderJSON
		c.json(&boris, "orders", "--client", "2")
		deleteOrder(t, c, boris[0].ID)
		check("restoring", c.importJSON(path, "--restore-deleted"), 2, 6, 0, 1)
		check("after restoring", c.importJSON(path), 0, 8, 0, 0)
		if got := c.summary(); got.clients != 4 || got.orders != 8 || got.revenue != "14400.00" {
			t.Errorf("after restoring: %+v", got)
		}
		// Added again with his phone alone, a client takes the rows that give his email too:
		// the living client the rules match comes first.
		c = c.fresh(t)
		borisSheet := tempSheet(t, "boris.csv", "Клиент,Email,Телефон,Сумма,Дата\n"+
			"Борис Петров,boris@example.ru,+7 903 111-22-33,4000,11.11.2026\nБорис Петров,boris@example.ru,+7 903 111-22-33,500,12.11.2026\n")
		c.ok("import", borisSheet)
		deleteClient(t, c, 1)
		c.ok("add", "client", "--name", "Борис Петров", "--phone", "8 903 111-22-33")
		check("Борис added again by his phone", c.importJSON(borisSheet), 2, 0, 0, 0)
		// Forgotten (the client asked for it), a client leaves nothing: its sheet makes it
		// again; one deleted before is forgotten too, and one never there is not found.
		forget := func(id int64) error {
			var err error
			withDB(t, c, func(db *store.DB) error {
				err = store.NewClientService(db).ForgetClient(context.Background(), id)
				return nil
			})
			return err
		}
		if err := forget(2); err != nil { // the living Борис
			t.Fatal(err)
		}
		if err := forget(1); regulars.ErrorCode(err) != regulars.ENOTFOUND { // adding him again released the keys kept
			t.Errorf("forgetting the Борис deleted before: %v", err)
		}
		check("Борис forgotten", c.importJSON(borisSheet), 2, 0, 0, 1)
		deleteClient(t, c, 3)
		check("Борис deleted", c.importJSON(borisSheet), 0, 0, 2, 0, gone{3, "Борис Петров", 2})
		if err := forget(3); err != nil {
			t.Fatal(err)
		}
		check("Борис deleted, then forgotten", c.importJSON(borisSheet), 2, 0, 0, 1)
		if err := forget(99); regulars.ErrorCode(err) != regulars.ENOTFOUND {
			t.Errorf("forgetting a client never there: %v", err)
		}
	})
}

// TestDeletedClientNotTakenByNewcomer: a client the import makes after a deletion, of a row of
// another email with the deleted client's phone or name, does not take the deleted client's
// rows, at that import or the next, on both engines; adding the deleted client again does.
func TestDeletedClientNotTakenByNewcomer(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		sheet := "Клиент,Email,Телефон,Сумма,Дата\n" +
			"Пётр Иванов,petr@example.ru,+7 903 222-33-44,1000,01.11.2026\n" +
			"Вера Лосева,,,2000,02.11.2026\n" +
			"Вера Лосева,,,2100,03.11.2026\n"
		c.ok("import", tempSheet(t, "first.csv", sheet))
		deleteClient(t, c, 1) // Пётр
		deleteClient(t, c, 2) // Вера
		longer := tempSheet(t, "longer.csv", sheet+
			"Мария Белова,maria@example.ru,+7 903 222-33-44,3000,20.11.2026\n"+ // a newcomer with Пётр's phone
			"Вера Лосева,vera.new@example.ru,,4000,21.11.2026\n"+ // and one of Вера's name, with an email
			"Пётр Иванов,,89032223344,1100,22.11.2026\n"+ // Пётр's phone alone, after Мария's row
			"Вера Лосева,,,2200,23.11.2026\n") // Вера's name alone, after the namesake's
		for i, want := range []importJSON{{OrdersCreated: 2, OrdersDeleted: 5, ClientsCreated: 2},
			{OrdersExisting: 2, OrdersDeleted: 5, ClientsMatched: 2}} {
			rep := c.importJSON(longer)
			if rep.OrdersCreated != want.OrdersCreated || rep.OrdersExisting != want.OrdersExisting || rep.OrdersDeleted != want.OrdersDeleted ||
				rep.ClientsCreated != want.ClientsCreated || rep.ClientsMatched != want.ClientsMatched || len(rep.DeletedClients) != 2 ||
				rep.DeletedClients[0].Rows != 2 || rep.DeletedClients[1].Rows != 3 {
				t.Errorf("import %d: %+v", i+1, rep)
			}
		}
		if got := c.summary(); got.clients != 2 || got.orders != 2 || got.revenue != "7000.00" {
			t.Errorf("after the imports: %+v", got)
		}
		// An edit of Мария that gives her no key of Пётр's releases nothing.
		notes := "постоянная клиентка"
		updateClient(t, c, 3, regulars.ClientUpdate{Notes: &notes})
		if rep := c.importJSON(longer); rep.OrdersDeleted != 5 {
			t.Errorf("after Мария's edit: %+v", rep)
		}
		// Пётр added again with his email alone: the rows of his email are his; the row of
		// his phone alone is Мария's now, who has that phone.
		c.ok("add", "client", "--name", "Пётр Иванов", "--email", "petr@example.ru")
		if rep := c.importJSON(longer); rep.OrdersCreated != 2 || rep.OrdersDeleted != 3 {
			t.Errorf("after Пётр was added again: %+v", rep)
		}
		for id, want := range map[int64]int{3: 2, 5: 1} {
			var orders []orderJSON
			if c.json(&orders, "orders", "--client", strconv.FormatInt(id, 10)); len(orders) != want {
				t.Errorf("client %d's orders: %+v", id, orders)
			}
		}
		// Restored, the rows of Вера's name alone go where the rules send them: to the living
		// Вера, the one client of that name; and they stay there.
		if rep := c.importJSON(longer, "--restore-deleted"); rep.OrdersCreated != 3 || rep.ClientsCreated != 0 || len(rep.DeletedClients) != 0 {
			t.Errorf("restoring Вера: %+v", rep)
		}
		if rep := c.importJSON(longer); rep.OrdersCreated != 0 || rep.OrdersDeleted != 0 || rep.OrdersExisting != 7 {
			t.Errorf("after restoring Вера: %+v", rep)
		}
	})
}

// TestEditedOrderRoundTrip: an imported order whose title, amount or day is changed in
// Regulars is found both by its sheet's row and by its export's, on both engines: neither adds
// a copy, the edits stand, and deleted, it stays deleted for both.
func TestEditedOrderRoundTrip(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		dir := t.TempDir()
		sheetPath := filepath.Join(dir, "sheet.csv")
		if err := os.WriteFile(sheetPath, []byte("Клиент,Email,Услуга,Описание,Сумма,Дата\n"+
			"Анна Смирнова,anna@example.ru,Стрижка,Короткая,1500,10.11.2026\n"+
			"Борис Петров,boris@example.ru,Окрашивание,,4000,11.11.2026\n"+
			"Вера Лосева,vera@example.ru,Укладка,,2000,12.11.2026\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		c.ok("import", sheetPath)
		title, amount, day := "Короткая, с укладкой", regulars.Money{Minor: 450000, Currency: "RUB"}, regulars.MustParseDate("2026-11-13")
		refunded := regulars.StatusRefunded
		for _, u := range []struct {
			id  int64
			upd regulars.OrderUpdate
		}{{1, regulars.OrderUpdate{Title: &title}}, {2, regulars.OrderUpdate{Amount: &amount}}, {3, regulars.OrderUpdate{OrderedOn: &day}},
			{1, regulars.OrderUpdate{Status: &refunded}}} { // refunded after its title changed: the sheet's "paid" does not undo it
			updateOrder(t, c, u.id, u.upd)
		}
		var listed []orderJSON
		want := c.summary()
		if want.orders != 3 || want.revenue != "6500.00" {
			t.Fatalf("after the edits: %+v", want)
		}
		export := filepath.Join(dir, "export.csv")
		c.ok("export", "orders", "--format", "csv", "-o", export)
		// The sheet first: an export says what Regulars has, and makes that the sheet's word
		// for the sheet imported after it (see the README).
		for _, path := range []string{sheetPath, sheetPath, export, export} {
			if rep := c.importJSON(path); rep.OrdersCreated != 0 || rep.OrdersExisting != 3 || len(rep.Amended) != 0 {
				t.Errorf("%s: %+v", filepath.Base(path), rep)
			}
			if got := c.summary(); got != want {
				t.Fatalf("after %s: %+v, want %+v", filepath.Base(path), got, want)
			}
		}
		// Edited again after the export, and an order added by hand edited after its export:
		// the exports made before find them still.
		c.ok("add", "order", "--client", "1", "--service", "Стрижка", "--amount", "1700", "--date", "2026-11-20")
		c.json(&listed, "orders")
		added := listed[len(listed)-1].ID
		c.ok("export", "orders", "--format", "csv", "-o", export)
		later, moved := regulars.MustParseDate("2026-11-14"), regulars.MustParseDate("2026-11-21")
		for id, upd := range map[int64]regulars.OrderUpdate{3: {OrderedOn: &later}, added: {OrderedOn: &moved}} {
			updateOrder(t, c, id, upd)
		}
		want = c.summary()
		for path, rows := range map[string]int{export: 4, sheetPath: 3} {
			if rep := c.importJSON(path); rep.OrdersCreated != 0 || rep.OrdersExisting+rep.OrdersUpdated != rows {
				t.Errorf("%s after more edits: %+v", filepath.Base(path), rep)
			}
			if got := c.summary(); got.orders != want.orders {
				t.Fatalf("after %s: %+v, want %+v", filepath.Base(path), got, want)
			}
		}
		deleteOrder(t, c, 2)
		for _, path := range []string{export, sheetPath} {
			if rep := c.importJSON(path); rep.OrdersCreated != 0 || rep.OrdersDeleted != 1 {
				t.Errorf("%s after order 2 was deleted: %+v", filepath.Base(path), rep)
			}
		}
	})
}

// TestPaymentLogOperations: a payment log's operation column (Тип операции: Оплата, Возврат)
// tells payments from refunds, whatever the sign of the amount, on both engines: a refund
// refunds the latest payment of its amount, one that did not go through is ignored, a payment
// declined is a cancelled order; an unknown operation is a bad row naming its column. Before,
// the column was not read, and every refund counted as one more payment.
func TestPaymentLogOperations(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		dir := t.TempDir()
		ru := filepath.Join(dir, "ru.csv")
		en := filepath.Join(dir, "en.csv")
		bad := filepath.Join(dir, "bad.csv")
		negative := filepath.Join(dir, "negative.csv")
		for path, text := range map[string]string{
			ru: "Дата,Клиент,Email,Тип операции,Статус,Сумма\n" +
				"01.11.2026,Анна Смирнова,anna@example.ru,Оплата,Успешно,500\n" +
				"10.11.2026,Анна Смирнова,anna@example.ru,Оплата,Успешно,500\n" +
				"12.11.2026,Анна Смирнова,anna@example.ru,Возврат,Успешно,500\n" +
				"13.11.2026,Борис Петров,boris@example.ru,Платёж,Успешно,700\n" +
				"14.11.2026,Борис Петров,boris@example.ru,Возврат,Отклонён,700\n" +
				"15.11.2026,Борис Петров,boris@example.ru,Платёж,Отклонён,900\n" +
				"16.11.2026,ЮKassa,,Выплата,Успешно,4000\n" + // the service paying the salon out: no client
				"17.11.2026,Анна Смирнова,anna@example.ru,Оплата картой,Успешно,300\n",
			en: "Date,Customer,Email,Transaction type,Amount\n" +
				"2026-11-16,Carol Jones,carol@example.com,Payment,$40.00\n" +
				"2026-11-17,Carol Jones,carol@example.com,Refund,-$40.00\n", // the sign as some logs write it
			bad:      "Дата,Клиент,Тип операции,Сумма\n01.11.2026,Вера,Перевод,100\n",
			negative: "Дата,Клиент,Тип операции,Сумма\n01.11.2026,Вера,Оплата,-100\n",
		} {
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		rep := c.importJSON(ru)
		if rep.OrdersCreated != 5 || rep.OrdersRefunded != 1 || rep.RefundRows != 1 || len(rep.Ignored) != 2 || rep.Ignored[0].Row != 6 ||
			rep.Ignored[1].Row != 8 || rep.ClientsCreated != 2 {
			t.Errorf("ru.csv: %+v", rep)
		}
		if rep = c.importJSON(ru); rep.OrdersCreated != 0 || rep.OrdersExisting != 5 || rep.OrdersUpdated != 0 {
			t.Errorf("ru.csv again: %+v", rep)
		}
		if rep = c.importJSON(en); rep.OrdersCreated != 1 || rep.OrdersRefunded != 1 {
			t.Errorf("en.csv: %+v", rep)
		}
		var clients []clientJSON
		c.json(&clients, "clients")
		got := map[string]string{}
		for _, cl := range clients {
			got[cl.Name] = fmt.Sprintf("%d %s", cl.Orders, cl.Revenue)
		}
		want := map[string]string{"Анна Смирнова": "2 800.00", "Борис Петров": "1 700.00", "Carol Jones": "0 0.00"}
		if !maps.Equal(got, want) {
			t.Errorf("clients %v, want %v", got, want)
		}
		r := c.run("import", bad)
		if r.code == 0 || !strings.Contains(r.stderr, "Тип операции") || !strings.Contains(r.stderr, "Перевод") {
			t.Errorf("an unknown operation: %d %s", r.code, r.stderr)
		}
		if r := c.run("import", negative); r.code == 0 || !strings.Contains(r.stderr, "Refund in the operation column") {
			t.Errorf("a negative payment: %d %s", r.code, r.stderr)
		}
	})
}

// TestNamesakesRoundTrip: clients known by name alone, of one name, each with the same order of
// one day, as a salon of first names has them: their export imported back adds nothing, twice,
// on both engines, nor does the sheet one of them came from. Before, each import of the export
// made a new Анна of each row.
func TestNamesakesRoundTrip(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		dir := t.TempDir()
		own := filepath.Join(dir, "own.csv")
		if err := os.WriteFile(own, []byte("Клиент;Услуга;Сумма;Дата\nАнна;Маникюр;2000;01.06.2026\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		c.ok("import", own)
		for range 2 {
			var cl clientJSON
			c.json(&cl, "add", "client", "--name", "Анна")
			c.ok("add", "order", "--client", strconv.FormatInt(cl.ID, 10), "--service", "Маникюр", "--amount", "2000", "--date", "2026-06-01")
		}
		want := c.summary()
		export := filepath.Join(dir, "export.csv")
		c.ok("export", "orders", "--format", "csv", "-o", export)
		for _, path := range []string{export, export, own} {
			if rep := c.importJSON(path); rep.OrdersCreated != 0 || rep.ClientsCreated != 0 {
				t.Errorf("%s: %+v", filepath.Base(path), rep)
			}
			if got := c.summary(); got != want {
				t.Fatalf("after %s: %+v, want %+v", filepath.Base(path), got, want)
			}
		}
		// An Анна with an email and one known by name alone, each with the same order: the
		// row without contacts is the second's, whichever comes first.
		c = c.fresh(t)
		for _, email := range []string{"anna@example.ru", ""} {
			var cl clientJSON
			args := []string{"add", "client", "--name", "Анна"}
			if email != "" {
				args = append(args, "--email", email)
			}
			c.json(&cl, args...)
			c.ok("add", "order", "--client", strconv.FormatInt(cl.ID, 10), "--service", "Маникюр", "--amount", "2000", "--date", "2026-06-01")
		}
		both := filepath.Join(dir, "both.csv")
		if err := os.WriteFile(both, []byte("Клиент;Email;Услуга;Сумма;Дата\nАнна;;Маникюр;2000;01.06.2026\nАнна;anna@example.ru;Маникюр;2000;01.06.2026\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if rep := c.importJSON(both); rep.OrdersCreated != 0 || rep.ClientsCreated != 0 || rep.OrdersExisting != 2 {
			t.Errorf("both Annas' rows: %+v", rep)
		}
	})
}

// TestRoundTripsUnderEdits: a base that a sheet made, then changed in Regulars step by step
// at random (orders added, some the twins of others; days, amounts, titles and statuses
// edited; orders deleted; two clients merged; a client deleted; a status or an amount changed
// in the last export), on both engines: after every step, its export imported back adds no
// order, and neither does the sheet it came from (its deleted orders stay deleted, its edited
// ones are found by their former keys, keyed again by a merge). The seed is fixed: a failure
// repeats.
func TestRoundTripsUnderEdits(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		src := sheet("google_ru.csv")
		c.ok("import", src)
		export := filepath.Join(t.TempDir(), "export.csv")
		seed := uint64(7)
		if v, err := strconv.ParseUint(os.Getenv("REGULARS_TEST_SEED"), 10, 64); err == nil {
			seed = v // another walk, to look for more
		}
		rng := rand.New(rand.NewPCG(seed, 11))
		titles := []string{"", "Срочно", "Второй этап"}
		for step := range 30 {
			var orders []orderJSON
			c.json(&orders, "orders")
			o := orders[rng.IntN(len(orders))]
			db, err := store.Open(context.Background(), c.db, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			svc := store.NewOrderService(db)
			ctx := context.Background()
			action := rng.IntN(11)
			switch action {
			case 0: // a twin of an order, added by hand
				day := regulars.MustParseDate(o.OrderedOn)
				twin := regulars.Order{ClientID: o.ClientID, Service: o.Service, Title: o.Title, Amount: regulars.Money{Minor: minorOf(t, o.Amount), Currency: o.Currency},
					OrderedOn: day, Status: regulars.StatusPaid}
				err = svc.CreateOrder(ctx, &twin)
			case 1:
				day := regulars.MustParseDate(o.OrderedOn).AddDays(rng.IntN(5) + 1)
				_, err = svc.UpdateOrder(ctx, o.ID, regulars.OrderUpdate{OrderedOn: &day})
			case 2:
				m := regulars.Money{Minor: minorOf(t, o.Amount) + int64(rng.IntN(3)+1)*10000, Currency: o.Currency}
				_, err = svc.UpdateOrder(ctx, o.ID, regulars.OrderUpdate{Amount: &m})
			case 3:
				title := titles[rng.IntN(len(titles))]
				_, err = svc.UpdateOrder(ctx, o.ID, regulars.OrderUpdate{Title: &title})
			case 4:
				st := regulars.OrderStatuses[rng.IntN(len(regulars.OrderStatuses))]
				_, err = svc.UpdateOrder(ctx, o.ID, regulars.OrderUpdate{Status: &st})
			case 5:
				if len(orders) > 3 {
					err = svc.DeleteOrder(ctx, o.ID)
				}
			case 6: // a new order of the client, added by hand
				n := regulars.Order{ClientID: o.ClientID, Service: "Консультация", Amount: regulars.Money{Minor: int64(rng.IntN(9)+1) * 100000, Currency: "RUB"},
					OrderedOn: regulars.MustParseDate("2026-05-01").AddDays(rng.IntN(3)), Status: regulars.StatusPaid}
				err = svc.CreateOrder(ctx, &n)
			case 9: // two clients merged
				var cls []clientJSON
				c.json(&cls, "clients")
				if a, b := cls[rng.IntN(len(cls))], cls[rng.IntN(len(cls))]; a.ID != b.ID {
					db.Close()
					c.ok("merge", strconv.FormatInt(a.ID, 10), strconv.FormatInt(b.ID, 10))
					db, err = store.Open(context.Background(), c.db, store.Options{})
					if err != nil {
						t.Fatal(err)
					}
				}
			case 10: // a client deleted, while a few are left
				var cls []clientJSON
				if c.json(&cls, "clients"); len(cls) > 3 {
					err = store.NewClientService(db).DeleteClient(ctx, o.ClientID)
				}
			case 8: // an amount changed in the last export
				if recs := readCSVIf(export); recs != nil {
					r := recs[1+rng.IntN(len(recs)-1)]
					r[7] = strconv.Itoa(rng.IntN(90)+10) + "000.00"
					writeCSV(t, export, recs)
				}
			case 7: // a status changed in the last export, and the export imported
				if recs := readCSVIf(export); recs != nil {
					r := recs[1+rng.IntN(len(recs)-1)]
					r[12] = regulars.OrderStatuses[rng.IntN(len(regulars.OrderStatuses))]
					writeCSV(t, export, recs)
				}
			}
			db.Close()
			if err != nil {
				t.Fatalf("step %d, action %d on order %d: %v", step, action, o.ID, err)
			}
			t.Logf("step %d: action %d on %+v", step, action, o)
			c.json(&orders, "orders")
			before := len(orders)
			if step%2 == 0 { // now and then an export made a step before is imported: it must add nothing either
				c.ok("export", "orders", "--format", "csv", "-o", export)
			}
			for _, path := range []string{export, src} {
				if _, err := os.Stat(path); err != nil {
					continue
				}
				rep := c.importJSON(path)
				c.json(&orders, "orders")
				if rep.OrdersCreated != 0 || len(orders) != before {
					b, _ := os.ReadFile(path)
					t.Logf("%s\n%s", path, b)
					for _, o := range orders {
						t.Logf("%+v", o)
					}
					t.Fatalf("step %d (action %d on order %d), %s: %d orders, %d before: %+v", step, action, o.ID, filepath.Base(path), len(orders), before, rep)
				}
			}
		}
	})
}

// TestRefundOfOrderEnteredInRegulars: an order added in Regulars that a sheet's row finds is
// one order to the refund rows of that import, on both engines: of two refunds of its amount,
// one refunds it and the other matches nothing (PostgreSQL gives the order its key only at
// commit, and had offered it twice: as stored without a key and as the row's).
func TestRefundOfOrderEnteredInRegulars(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		c.ok("add", "client", "--name", "Анна Смирнова", "--email", "anna@example.ru")
		c.ok("add", "order", "--client", "1", "--amount", "1500", "--date", "2026-11-10", "--status", "paid")
		path := filepath.Join(t.TempDir(), "log.csv")
		if err := os.WriteFile(path, []byte("Клиент,Email,Сумма,Дата,Статус\n"+
			"Анна Смирнова,anna@example.ru,1500,10.11.2026,Оплачено\n"+
			"Анна Смирнова,anna@example.ru,-1500,12.11.2026,Возврат\n"+
			"Анна Смирнова,anna@example.ru,-1500,13.11.2026,Возврат\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, dry := range []bool{true, false} {
			args := []string{path}
			if dry {
				args = append(args, "--dry-run")
			}
			rep := c.importJSON(args...)
			// The order refunded (updated), the other refund kept as a refunded order of its own.
			if rep.OrdersUpdated != 1 || rep.OrdersCreated != 1 || rep.OrdersRefunded != 1 || rep.RefundRows != 1 || len(rep.RefundsUnmatched) != 1 {
				t.Errorf("dry run %v: %+v", dry, rep)
			}
		}
		var orders []orderJSON
		if c.json(&orders, "orders", "--status", "refunded"); len(orders) != 2 {
			t.Errorf("refunded: %+v", orders)
		}
		// The export has the refund kept as an order of its own as a refunded order of 1 500:
		// imported back, it is that order.
		export := filepath.Join(t.TempDir(), "export.csv")
		c.ok("export", "orders", "--format", "csv", "-o", export)
		if rep := c.importJSON(export); rep.OrdersCreated != 0 || rep.OrdersExisting != 2 {
			t.Errorf("the export: %+v", rep)
		}
		// A twin added by hand of that refund (one client, day and amount), exported and then
		// edited: the export finds each as it was, in its place; the refund, deleted, stays so.
		var twin orderJSON
		c.json(&twin, "add", "order", "--client", "1", "--amount", "1500", "--date", "2026-11-13")
		c.ok("export", "orders", "--format", "csv", "-o", export)
		more := regulars.Money{Minor: 160000, Currency: "RUB"}
		updateOrder(t, c, twin.ID, regulars.OrderUpdate{Amount: &more})
		if rep := c.importJSON(export); rep.OrdersCreated != 0 || rep.OrdersUpdated != 0 || len(rep.Amended) != 0 {
			t.Errorf("the export made before the twin was edited: %+v", rep)
		}
		c.json(&orders, "orders", "--status", "refunded")
		if len(orders) != 2 {
			t.Fatalf("refunded after the twin's export: %+v", orders)
		}
		kept := orders[0]
		if kept.OrderedOn != "2026-11-13" {
			kept = orders[1]
		}
		deleteOrder(t, c, kept.ID)
		if rep := c.importJSON(export); rep.OrdersCreated != 0 || rep.OrdersDeleted != 1 {
			t.Errorf("the export after the refund kept as an order was deleted: %+v", rep)
		}
	})
}

// TestDeletedOrderCorrectedInSheet: an order deleted in Regulars whose amount the sheet then
// corrects stays deleted, as a stored order so corrected is amended: the corrected row is a
// deleted order's (orders_deleted), on every later import of either version, the dry run says
// so too; another order of that day, whose row is still in the sheet beside it, is new; and
// --restore-deleted brings the deleted one back.
func TestDeletedOrderCorrectedInSheet(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		head := "Клиент,Email,Дата,Услуга,Сумма,Статус\n"
		v1 := tempSheet(t, "v1.csv", head+"Анна,anna@x.ru,01.11.2026,Лендинг,1000,Оплачен\nБорис,boris@x.ru,02.11.2026,Логотип,500,Оплачен\n")
		c.importJSON(v1)
		deleteOrder(t, c, 1)
		v2 := tempSheet(t, "v2.csv", head+"Анна,anna@x.ru,01.11.2026,Лендинг,1200,Оплачен\nБорис,boris@x.ru,02.11.2026,Логотип,500,Оплачен\n")
		dry := c.importJSON("--dry-run", v2)
		for _, sheet := range []string{v2, v2, v1} {
			if rep := c.importJSON(sheet); rep.OrdersCreated != 0 || rep.OrdersDeleted != 1 || rep.OrdersExisting != 1 || rep.OrdersUpdated != 0 {
				t.Errorf("%s after the order was deleted: %+v", filepath.Base(sheet), rep)
			}
		}
		if dry.OrdersCreated != 0 || dry.OrdersDeleted != 1 {
			t.Errorf("dry run: %+v", dry)
		}
		var orders []orderJSON
		if c.json(&orders, "orders", "--client", "1"); len(orders) != 0 {
			t.Errorf("the deleted order came back: %+v", orders)
		}
		// Its row as it was and another of that day: the other is a new order.
		v3 := tempSheet(t, "v3.csv", head+"Анна,anna@x.ru,01.11.2026,Лендинг,1000,Оплачен\nАнна,anna@x.ru,01.11.2026,Лендинг,3000,Оплачен\n")
		if rep := c.importJSON(v3); rep.OrdersCreated != 1 || rep.OrdersDeleted != 1 {
			t.Errorf("v3: %+v", rep)
		}
		if rep := c.importJSON("--restore-deleted", v3); rep.OrdersCreated != 1 || rep.OrdersExisting != 1 || rep.OrdersDeleted != 0 {
			t.Errorf("restored: %+v", rep)
		}
		if c.json(&orders, "orders", "--client", "1"); len(orders) != 2 || orders[0].Amount != "3000.00" || orders[1].Amount != "1000.00" {
			t.Errorf("after the restore: %+v", orders)
		}
	})
}

// TestDeletedOrderKeysAreOneOrder: a deleted order is one order whatever number of keys it is
// known by, and its rows' refund rows are deleted with it: corrected twice, it takes one row
// and a new order of that day beside it is made; of two deleted orders of one day, the one
// whose row is unchanged leaves the other's correction deleted; a refund row of the corrected
// row refunds no other order, on this import and the next; files imported together count the
// later file's row of a corrected deleted order as deleted, not updated.
func TestDeletedOrderKeysAreOneOrder(t *testing.T) {
	head := "Клиент,Email,Дата,Услуга,Сумма,Статус\n"
	anna := func(amount, status string) string {
		return "Анна,anna@x.ru,01.11.2026,Лендинг," + amount + "," + status + "\n"
	}
	check := func(t *testing.T, c *tcli, what string, rep importJSON, created, deleted, existing, updated int) {
		t.Helper()
		if rep.OrdersCreated != created || rep.OrdersDeleted != deleted || rep.OrdersExisting != existing || rep.OrdersUpdated != updated {
			t.Errorf("%s: created %d, deleted %d, existing %d, updated %d; want %d, %d, %d, %d", what,
				rep.OrdersCreated, rep.OrdersDeleted, rep.OrdersExisting, rep.OrdersUpdated, created, deleted, existing, updated)
		}
	}
	amounts := func(t *testing.T, c *tcli) (out []string) {
		t.Helper()
		var orders []orderJSON
		c.json(&orders, "orders", "--format", "json")
		for _, o := range orders {
			out = append(out, string(o.Amount)+" "+o.Status)
		}
		slices.Sort(out)
		return out
	}
	eachEngine(t, func(t *testing.T, c *tcli) {
		c.importJSON(tempSheet(t, "v1.csv", head+anna("1000", "Оплачен")))
		deleteOrder(t, c, 1)
		check(t, c, "corrected", c.importJSON(tempSheet(t, "v2.csv", head+anna("1100", "Оплачен"))), 0, 1, 0, 0)
		// Corrected again, and a new order of that day beside it.
		v3 := tempSheet(t, "v3.csv", head+anna("1200", "Оплачен")+anna("3000", "Оплачен"))
		check(t, c, "corrected again", c.importJSON(v3), 1, 1, 0, 0)
		check(t, c, "corrected again, again", c.importJSON(v3), 0, 1, 1, 0)
		if got := amounts(t, c); !slices.Equal(got, []string{"3000.00 paid"}) {
			t.Errorf("orders: %q", got)
		}
	})
	eachEngine(t, func(t *testing.T, c *tcli) {
		c.importJSON(tempSheet(t, "v1.csv", head+anna("1000", "Оплачен")+anna("2000", "Оплачен")))
		deleteOrder(t, c, 1)
		deleteOrder(t, c, 2)
		v2 := tempSheet(t, "v2.csv", head+anna("1000", "Оплачен")+anna("2100", "Оплачен"))
		check(t, c, "one of two corrected", c.importJSON(v2), 0, 2, 0, 0)
		if got := amounts(t, c); len(got) != 0 {
			t.Errorf("orders: %q", got)
		}
	})
	eachEngine(t, func(t *testing.T, c *tcli) {
		// An earlier order of the corrected amount, and a refund row under the corrected row.
		early := "Анна,anna@x.ru,01.10.2026,Лендинг,1100,Оплачен\n"
		c.importJSON(tempSheet(t, "v1.csv", head+early+anna("1000", "Оплачен")))
		deleteOrder(t, c, 2)
		v2 := tempSheet(t, "v2.csv", head+early+anna("1100", "Оплачен")+"Анна,anna@x.ru,05.11.2026,Лендинг,-1100,Возврат\n")
		for _, what := range []string{"refunded correction", "again"} {
			rep := c.importJSON(v2)
			check(t, c, what, rep, 0, 2, 1, 0)
			if rep.RefundRows != 0 || rep.OrdersRefunded != 0 || len(rep.RefundsUnmatched) != 0 {
				t.Errorf("%s: refund rows %d, refunded %d, unmatched %d", what, rep.RefundRows, rep.OrdersRefunded, len(rep.RefundsUnmatched))
			}
			if got := amounts(t, c); !slices.Equal(got, []string{"1100.00 paid"}) {
				t.Errorf("%s: orders %q", what, got)
			}
		}
		// A partial refund under the deleted order's row as it was is deleted with it too.
		v3 := tempSheet(t, "v3.csv", head+early+anna("1000", "Оплачен")+"Анна,anna@x.ru,05.11.2026,Лендинг,-300,Возврат\n")
		if rep := c.importJSON(v3); rep.OrdersDeleted != 2 || rep.RefundRows != 0 || rep.RefundsPartial != 0 {
			t.Errorf("partial refund of the deleted row: %+v", rep)
		}
		var orders []orderJSON
		if c.json(&orders, "orders", "--format", "json"); len(orders) != 1 || orders[0].Refunded != "" && orders[0].Refunded != "0.00" {
			t.Errorf("the other order was refunded: %+v", orders)
		}
	})
	eachEngine(t, func(t *testing.T, c *tcli) {
		c.importJSON(tempSheet(t, "v1.csv", head+anna("1000", "Оплачен")))
		deleteOrder(t, c, 1)
		v2 := tempSheet(t, "v2.csv", head+anna("1200", "В работе"))
		v2b := tempSheet(t, "v2b.csv", head+anna("1200", "Оплачен"))
		check(t, c, "v2 and v2b together", c.importJSON(v2, v2b), 0, 2, 0, 0)
		if got := amounts(t, c); len(got) != 0 {
			t.Errorf("orders: %q", got)
		}
	})
	eachEngine(t, func(t *testing.T, c *tcli) {
		// Keys kept before migration 0024, which kept no order's ID: those of one day, service
		// and title are one order's, as the import took them before.
		c.importJSON(tempSheet(t, "v1.csv", head+anna("1000", "Оплачен")))
		deleteOrder(t, c, 1)
		c.importJSON(tempSheet(t, "v2.csv", head+anna("1100", "Оплачен")))
		withDB(t, c, func(db *store.DB) error {
			for _, q := range []string{`DROP INDEX deleted_orders_order`, `ALTER TABLE deleted_orders DROP COLUMN order_id`,
				`DELETE FROM schema_migrations WHERE version_id IN (24, 25)`} {
				if _, err := db.SQL().Exec(q); err != nil {
					return err
				}
			}
			return nil
		})
		v3 := tempSheet(t, "v3.csv", head+anna("1100", "Оплачен")+anna("3000", "Оплачен"))
		check(t, c, "upgraded", c.importJSON(v3), 1, 1, 0, 0)
		// A key kept without the order's ID (by a server older than the schema) is an order's own.
		withDB(t, c, func(db *store.DB) error {
			_, err := db.SQL().Exec(`UPDATE deleted_orders SET order_id = NULL`)
			return err
		})
		check(t, c, "a key without its order's ID", c.importJSON(v3), 0, 1, 1, 0)
	})
	eachEngine(t, func(t *testing.T, c *tcli) {
		// The order's keys on two days (its day edited before it was deleted): its row as it
		// was on one day leaves a new order of the other made.
		c.importJSON(tempSheet(t, "v1.csv", head+anna("1000", "Оплачен")))
		day := regulars.MustParseDate("2026-11-02")
		updateOrder(t, c, 1, regulars.OrderUpdate{OrderedOn: &day})
		deleteOrder(t, c, 1)
		v2 := tempSheet(t, "v2.csv", head+anna("1000", "Оплачен")+"Анна,anna@x.ru,02.11.2026,Лендинг,3000,Оплачен\n")
		check(t, c, "keys on two days", c.importJSON(v2), 1, 1, 0, 0)
	})
	eachEngine(t, func(t *testing.T, c *tcli) {
		// Restored, the order is no deleted one's any more: a new order beside its corrected
		// row is made.
		v1 := tempSheet(t, "v1.csv", head+anna("1000", "Оплачен"))
		c.importJSON(v1)
		deleteOrder(t, c, 1)
		check(t, c, "restored", c.importJSON("--restore-deleted", v1), 1, 0, 0, 0)
		v2 := tempSheet(t, "v2.csv", head+anna("1050", "Оплачен")+anna("3000", "Оплачен"))
		check(t, c, "after the restore", c.importJSON(v2), 1, 0, 0, 1)
		if got := amounts(t, c); !slices.Equal(got, []string{"1050.00 paid", "3000.00 paid"}) {
			t.Errorf("orders: %q", got)
		}
	})
}

// deleteOrder deletes the order id, as the API and the web do.
func deleteOrder(t *testing.T, c *tcli, id int64) {
	t.Helper()
	withOrders(t, c, func(s *store.OrderService) error { return s.DeleteOrder(context.Background(), id) })
}

// updateOrder changes the order id, as the API and the web do.
func updateOrder(t *testing.T, c *tcli, id int64, upd regulars.OrderUpdate) {
	t.Helper()
	withOrders(t, c, func(s *store.OrderService) error {
		_, err := s.UpdateOrder(context.Background(), id, upd)
		return err
	})
}

// updateClient changes the client id of c's database as upd says.
func updateClient(t *testing.T, c *tcli, id int64, upd regulars.ClientUpdate) {
	t.Helper()
	withDB(t, c, func(db *store.DB) error {
		_, err := store.NewClientService(db).UpdateClient(context.Background(), id, upd)
		return err
	})
}

// withOrders runs fn on the orders of c's database.
func withOrders(t *testing.T, c *tcli, fn func(*store.OrderService) error) {
	t.Helper()
	withDB(t, c, func(db *store.DB) error { return fn(store.NewOrderService(db)) })
}

// withDB runs fn on c's database, opened as the API and the web open it.
func withDB(t *testing.T, c *tcli, fn func(*store.DB) error) {
	t.Helper()
	db, err := store.Open(context.Background(), c.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := fn(db); err != nil {
		t.Fatal(err)
	}
}

// deleteClient deletes the client id, as the API and the web do.
func deleteClient(t *testing.T, c *tcli, id int64) {
	t.Helper()
	withDB(t, c, func(db *store.DB) error { return store.NewClientService(db).DeleteClient(context.Background(), id) })
}

// unkey stores the orders where where holds (all, for "") without their import key, as a
// base made before orders entered in Regulars got one stores them, and returns how many
// orders have none.
func unkey(t *testing.T, c *tcli, where string) int {
	t.Helper()
	db, err := store.Open(context.Background(), c.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if where != "" {
		if _, err := db.SQL().Exec(`UPDATE orders SET import_key = NULL WHERE ` + where); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM orders WHERE import_key IS NULL`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// readCSVIf returns the records of the CSV file path, or nil when there is none.
func readCSVIf(path string) [][]string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) < 2 {
		return nil
	}
	return recs
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	recs := readCSVIf(path)
	if recs == nil {
		t.Fatalf("%s: no records", path)
	}
	return recs
}

func writeCSV(t *testing.T, path string, recs [][]string) {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestAdd(t *testing.T) {
	c := newTCLI(t)
	var cl map[string]any
	c.json(&cl, "add", "client", "--name", "Анна Смирнова", "--company", "ООО «Ромашка»", "--email", "anna@example.ru",
		"--phone", "+7 903 123-45-67", "--industry", "косметика", "--tag", "vip", "--tag", "сайт", "--channel", "message",
		"--detail", "brief", "--time", "morning", "--marketing-consent", "--pain-points", "мало заявок", "--goals", "рост")
	if cl["name"] != "Анна Смирнова" || cl["preferred_channel"] != "message" || cl["consent_on"] != "2026-11-22" || cl["id"] != 1.0 {
		t.Errorf("client %v", cl)
	}
	var o orderJSON
	c.json(&o, "add", "order", "--client", "1", "--service", "Лендинг", "--title", "Сайт", "--amount", "15000.50",
		"--date", "2026-11-01", "--due", "2026-11-29", "--status", "in_progress")
	if o.Amount != "15000.50" || o.Currency != "RUB" || o.OrderedOn != "2026-11-01" || *o.DueOn != "2026-11-29" || o.Status != "in_progress" {
		t.Errorf("order %+v", o)
	}
	var svc map[string]any
	c.json(&svc, "add", "service", "--name", "SEO-аудит базовый", "--price", "15000", "--category", "SEO")
	c.json(&svc, "add", "service", "--name", "SEO-аудит с техническим анализом", "--price", "25000")
	var link map[string]any
	c.json(&link, "add", "link", "--from", "1", "--to", "2", "--kind", "upsell", "--gap", "30")
	if link["kind"] != "upsell" || link["gap_days"] != 30.0 {
		t.Errorf("link %v", link)
	}
	var rec map[string]any
	c.json(&rec, "add", "interaction", "--client", "1", "--channel", "call", "--note", "обсудили планы")
	if rec["date"] != "2026-11-22" || rec["direction"] != "outbound" {
		t.Errorf("interaction %v", rec)
	}
	c.json(&rec, "add", "date", "--client", "1", "--kind", "company_anniversary", "--date", "2016-03-01", "--yearly")
	c.json(&rec, "add", "plan", "--client", "1", "--title", "Запуск линейки осенью", "--date", "2027-09-01")
	c.json(&rec, "add", "event", "--client", "1", "--name", "downloaded:seo-checklist")
	if rec["name"] != "downloaded:seo-checklist" || rec["date"] != "2026-11-22" {
		t.Errorf("event %v", rec)
	}
	var clients []clientJSON
	c.json(&clients, "clients")
	if len(clients) != 1 || clients[0].Orders != 1 || clients[0].Revenue != "15000.50" {
		t.Errorf("clients %+v", clients)
	}

	// Errors: one clear line on stderr and a non-zero exit.
	for _, tc := range []struct {
		code int
		want string
		args []string
	}{
		{2, "Invalid email address: want one address", []string{"add", "client", "--name", "X", "--email", "nope"}},
		{2, `--amount: Invalid amount "12,5".`, []string{"add", "order", "--client", "1", "--amount", "12,5"}},
		{2, "more than 2 decimal places", []string{"add", "order", "--client", "1", "--amount", "1.234"}},
		{3, "Client 42 not found.", []string{"add", "order", "--client", "42", "--amount", "1"}},
		{2, `--date: Invalid date "22.11.2026"`, []string{"add", "order", "--client", "1", "--amount", "1", "--date", "22.11.2026"}},
		{2, "Due date is before the order date.", []string{"add", "order", "--client", "1", "--amount", "1", "--date", "2026-11-02", "--due", "2026-11-01"}},
		{4, `A service named "seo-аудит  базовый" already exists.`, []string{"add", "service", "--name", "seo-аудит  базовый"}},
		{4, "Already exists.", []string{"add", "link", "--from", "1", "--to", "2", "--kind", "upsell"}},
		{2, "kind", []string{"add", "date", "--client", "1", "--kind", "wedding", "--date", "2026-01-01"}},
	} {
		r := c.fail(tc.code, tc.want, tc.args...)
		if strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 && tc.code != 2 {
			t.Errorf("%v: more than one line on stderr:\n%s", tc.args, r.stderr)
		}
	}
}

func TestDemo(t *testing.T) {
	c := newTCLI(t)
	out := c.ok("demo", "--clients", "60", "--seed", "3")
	if !strings.Contains(out, "60 clients") {
		t.Errorf("demo said %q", out)
	}
	var clients []clientJSON
	c.json(&clients, "clients")
	if len(clients) != 60 {
		t.Fatalf("%d clients", len(clients))
	}
	var services []map[string]any
	c.json(&services, "services")
	if len(services) < 20 {
		t.Errorf("%d services", len(services))
	}
	c.fail(4, "already has clients", "demo")
	// The same seed gives the same business.
	other := newTCLI(t)
	other.ok("demo", "--clients", "60", "--seed", "3")
	if a, b := c.ok("orders", "--format", "csv"), other.ok("orders", "--format", "csv"); a != b {
		t.Error("the same seed gave different orders")
	}
}

func TestOrdersFilterAndFormats(t *testing.T) {
	c := newTCLI(t)
	c.ok("import", sheet("english.csv"))
	var orders []orderJSON
	c.json(&orders, "orders", "--status", "paid", "--from", "2025-12-01")
	if len(orders) != 2 {
		t.Errorf("%d paid orders since December", len(orders))
	}
	csv := c.ok("orders", "--format", "csv")
	if !strings.HasPrefix(csv, "id,client_id,service,title,amount,currency,ordered_on,due_on,delivered_on,status,refunded\n") {
		t.Errorf("csv header: %q", strings.SplitN(csv, "\n", 2)[0])
	}
	table := c.ok("orders", "--lang", "en")
	if !strings.Contains(table, "Website redesign") || !strings.Contains(table, "$1,234.50") || !strings.Contains(table, "Nov 22, 2025") {
		t.Errorf("table:\n%s", table)
	}
	// In Russian: "1 234,50 $" with no-break spaces, and "22.11.2025".
	table = c.ok("orders", "--lang", "ru")
	if !strings.Contains(table, "1\u00a0234,50\u00a0$") || !strings.Contains(table, "22.11.2025") {
		t.Errorf("Russian table:\n%s", table)
	}
	c.env["LANG"] = "ru_RU.UTF-8"
	if !strings.Contains(c.ok("clients"), "\u00a0$") {
		t.Error("LANG=ru_RU does not make tables Russian")
	}
	var empty []json.RawMessage
	c.json(&empty, "orders", "--client", "99")
	if empty == nil || len(empty) != 0 {
		t.Errorf("no orders should be [] not %v", empty)
	}
}

// TestWriteJSONArray holds the item-by-item JSON array byte for byte equal to encoding the
// whole slice, as every --format json listing printed it.
func TestWriteJSONArray(t *testing.T) {
	type inner struct {
		Tags []string `json:"tags"`
		Note string   `json:"note,omitempty"`
	}
	type item struct {
		ID    int64             `json:"id"`
		Name  string            `json:"name"`
		In    inner             `json:"in"`
		Extra map[string]string `json:"extra"`
	}
	for _, items := range [][]item{nil, {}, {{ID: 1, Name: "A & <b>"}}, {
		{ID: 1, Name: "Анна", In: inner{Tags: []string{"vip", "x"}}, Extra: map[string]string{"k": "v\n"}},
		{ID: 2, In: inner{Tags: []string{}, Note: "«ё»"}},
	}} {
		var got, want bytes.Buffer
		if err := writeJSONArray(&got, items, nil); err != nil {
			t.Fatal(err)
		}
		whole := items
		if whole == nil {
			whole = []item{}
		}
		if err := writeJSON(&want, whole); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("item by item:\n%s\nwhole:\n%s", got.String(), want.String())
		}
	}
}

// TestCLIErrorsRussian: under --lang ru a refused record is told in Russian; in English by
// default.
func TestCLIErrorsRussian(t *testing.T) {
	c := newTCLI(t)
	c.fail(2, "regulars: Нужно имя клиента.", "--lang", "ru", "add", "client", "--name", " ")
	c.fail(2, "Client name required.", "add", "client", "--name", " ")
	c.fail(2, "regulars: Нужно название услуги.", "--lang", "ru", "add", "service", "--name", " ")
	c.fail(2, `regulars: --date: Неверная дата "31.02.2026": нужна в виде ГГГГ-ММ-ДД.`, "--lang", "ru", "add", "plan", "--client", "1", "--title", "x", "--date", "31.02.2026")
	c.fail(2, `regulars: --amount: Неверная сумма "12,34,5".`, "--lang", "ru", "add", "order", "--client", "1", "--amount", "12,34,5")
	sheet := tempSheet(t, "orders.csv", "Клиент,Сумма\nАнна,100\n")
	c.fail(2, `regulars: orders.csv: нет столбца даты заказа (ordered_on) среди заголовков "Клиент", "Сумма" строки 1; назовите столбцы через --map "Header=field".`,
		"--lang", "ru", "import", sheet)
	c.fail(2, `regulars: orders.csv: has no order date column (ordered_on) among the headers "Клиент", "Сумма" of row 1; name the columns with --map "Header=field".`,
		"import", sheet)
	c.fail(2, "regulars: missing.csv: файл не читается: no such file or directory.", "--lang", "ru", "import", "missing.csv")
	twin := filepath.Join(filepath.Dir(sheet), "twin.csv")
	os.WriteFile(twin, []byte("Клиент,Сумма\nАнна,100\n"), 0o644)
	c.fail(2, "regulars: у orders.csv и twin.csv одинаковое содержимое", "--lang", "ru", "import", sheet, twin)
	c.fail(2, `regulars: --map "Сумма": неизвестное поле "sum"`, "--lang", "ru", "import", "--map", "Сумма=sum", sheet)
	auto := filepath.Join(filepath.Dir(sheet), "automations.json")
	os.WriteFile(auto, []byte(`[{"key": "checklist", "trigger": "event", "sequence": "reactivation", "active": true}]`), 0o644)
	c.fail(2, "regulars: Триггер события называет событие", "--lang", "ru", "automation", "set", auto)
	os.WriteFile(auto, []byte(`[{"key": "checklist", "trigger": "event", "event": "downloaded:seo-checklist", "sequence": "nope", "active": true}]`), 0o644)
	c.fail(2, `regulars: Автоматизация checklist: Цепочки "nope" нет.`, "--lang", "ru", "automation", "set", auto)
	c.fail(3, "regulars: Клиента 99 нет.", "--lang", "ru", "add", "order", "--client", "99", "--amount", "100", "--date", "2026-11-01")
}

// TestMigrate: `regulars migrate` brings a new database up to date and says so in the user's
// language, and refuses a schema newer than the program's, as every other command does.
func TestMigrate(t *testing.T) {
	c := newTCLI(t)
	if out := c.ok("migrate"); !strings.Contains(out, "Applying schema migrations 1 to ") || !strings.Contains(out, "The database schema is up to date") {
		t.Errorf("migrate on a new database said %q", out)
	}
	if out := c.ok("--lang", "ru", "migrate"); !strings.Contains(out, "Схема базы данных актуальна") || strings.Contains(out, "Применяю") {
		t.Errorf("migrate on a database up to date said %q", out)
	}
	db, err := store.Open(context.Background(), c.db, store.Options{Inspect: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.SQL().Exec(`INSERT INTO schema_migrations (version_id, is_applied) VALUES (999, true)`)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	c.fail(4, "is newer than this program (version", "migrate")
	c.fail(4, "новее этой программы", "--lang", "ru", "migrate")
	c.fail(4, "is newer than this program", "clients")
}

// TestUserCommands: `regulars user add` and `passwd` read the password from standard input,
// refuse a short one, an unknown login and a taken one, and speak --lang.
func TestUserCommands(t *testing.T) {
	c := newTCLI(t)
	for _, tc := range []struct {
		stdin  string
		args   []string
		code   int
		stdout string // what standard output says, or standard error when code is not 0
	}{
		{"secret-password\n", []string{"user", "add", "anna"}, 0, "Account anna added."},
		{"пароль-пароль\n", []string{"--lang", "ru", "user", "add", "boris"}, 0, "Учётная запись boris добавлена."},
		{"another-password\n", []string{"user", "passwd", "anna"}, 0, "Password of anna changed; its sessions have ended."},
		{"short\n", []string{"--lang", "ru", "user", "add", "vera"}, 2, "Пароль должен быть не короче 8 символов."},
		{"", []string{"--lang", "ru", "user", "add", "vera"}, 2, "Пароля на стандартном вводе нет."},
		{"long-enough\n", []string{"--lang", "ru", "user", "passwd", "nobody"}, 3, `Пользователя "nobody" нет.`},
		{"secret-password\n", []string{"--lang", "ru", "user", "add", "anna"}, 4, `Логин "anna" уже занят.`},
	} {
		r := c.runIn(tc.stdin, tc.args...)
		got := r.stdout
		if tc.code != 0 {
			got = r.stderr
		}
		if r.code != tc.code || !strings.Contains(got, tc.stdout) {
			t.Errorf("regulars %s: exit %d, stdout %q, stderr %q; want exit %d and %q", strings.Join(tc.args, " "),
				r.code, r.stdout, r.stderr, tc.code, tc.stdout)
		}
		if prompt := map[bool]string{true: "Пароль (не короче 8 символов)", false: "Password (at least 8 characters)"}[tc.args[0] == "--lang"]; !strings.Contains(r.stderr, prompt) {
			t.Errorf("regulars %s: no prompt %q in %q", strings.Join(tc.args, " "), prompt, r.stderr)
		}
	}
}

// TestExportFormulaCells: text that a spreadsheet would run as a formula (a client named
// =HYPERLINK(…)) is written to CSV, by export and by the listings, behind an apostrophe, and
// an export imported back reads it as it was: nothing new, nothing renamed.
func TestExportFormulaCells(t *testing.T) {
	c := newTCLI(t)
	name := `=HYPERLINK("http://x.ru";"Анна")`
	c.ok("add", "client", "--name", name, "--email", "anna@example.ru", "--phone", "+7 903 111-22-33")
	c.ok("add", "order", "--client", "1", "--service", "=Услуга", "--title=-Скидка", "--amount", "1500", "--date", "2026-11-20")
	export := filepath.Join(t.TempDir(), "export.csv")
	c.ok("export", "orders", "--format", "csv", "-o", export)
	b, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"'=HYPERLINK(""http://x.ru"";""Анна"")"`, ",'=Услуга,'-Скидка,1500.00,", ",+7 903 111-22-33,"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the export lacks %s:\n%s", want, b)
		}
	}
	if out := c.ok("clients", "--format", "csv"); !strings.Contains(out, `"'=HYPERLINK(`) {
		t.Errorf("clients as CSV:\n%s", out)
	}
	if rep := c.importJSON(export); rep.OrdersCreated != 0 || rep.OrdersExisting != 1 || rep.ClientsCreated != 0 {
		t.Errorf("the export imported back: %+v", rep)
	}
	var clients []clientJSON
	if c.json(&clients, "clients"); len(clients) != 1 || clients[0].Name != name {
		t.Errorf("clients %+v", clients)
	}
	var orders []orderJSON
	if c.json(&orders, "orders"); len(orders) != 1 || orders[0].Service != "=Услуга" || orders[0].Title != "-Скидка" {
		t.Errorf("orders %+v", orders)
	}
}

// TestImportFillsClientFields: a sheet's columns added later (tags, source, notes) and a later
// row of a client give the client what it had none of, on both engines: the stored client
// and one the import makes; what a client has stays; a dry run counts what the import does,
// and the sheet again changes nothing.
func TestImportFillsClientFields(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		dir := t.TempDir()
		v1, v2 := filepath.Join(dir, "v1.csv"), filepath.Join(dir, "v2.csv")
		head := "Клиент;Телефон;Сумма;Дата;Теги;Источник;Заметки\n"
		if err := os.WriteFile(v1, []byte(head+"Анна;+79031234567;1000;01.11.2026;;;\nБорис;+79035550000;2000;02.11.2026;;Авито;\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		c.ok("import", v1)
		if err := os.WriteFile(v2, []byte(head+
			"Анна;+79031234567;1000;01.11.2026;vip;Instagram;аллергия на лак\n"+
			"Борис;+79035550000;2000;02.11.2026;;Instagram;\n"+ // his source stays
			"Вера;+79161112233;3000;03.11.2026;;Сарафан;\n"+
			"Вера;+79161112233;3000;10.11.2026;vip, постоянная;Instagram;любит пионы\n"+
			"Вера;+79161112233;3000;11.11.2026;"+strings.Repeat("я", 600)+";;\n"), 0o644); err != nil { // a tag too long: left out
			t.Fatal(err)
		}
		for _, run := range []struct {
			args    []string
			updated int
		}{{[]string{"--dry-run"}, 2}, {nil, 2}, {nil, 0}} {
			if rep := c.importJSON(append(run.args, v2)...); rep.ClientsUpdated != run.updated {
				t.Errorf("%v: clients_updated %d, want %d: %+v", run.args, rep.ClientsUpdated, run.updated, rep)
			}
		}
		var clients []struct {
			Name   string   `json:"name"`
			Source string   `json:"source"`
			Notes  string   `json:"notes"`
			Tags   []string `json:"tags"`
		}
		c.json(&clients, "clients")
		got := fmt.Sprint(clients)
		if want := "[{Анна Instagram аллергия на лак [vip]} {Борис Авито  []} {Вера Сарафан любит пионы [vip постоянная]}]"; got != want {
			t.Errorf("clients %s, want %s", got, want)
		}
		// What the user clears in Regulars the sheet does not give again, whether it filled
		// the field (Анна's, Вера's) or made the client with it (Борис's source); a value the
		// sheet changes to is new, and fills.
		empty, vera := "", []string{"постоянная"}
		for id, upd := range map[int64]regulars.ClientUpdate{1: {Source: &empty, Notes: &empty}, 2: {Source: &empty}, 3: {Tags: &vera}} {
			updateClient(t, c, id, upd)
		}
		if rep := c.importJSON(v2); rep.ClientsUpdated != 0 {
			t.Errorf("the sheet again after the edits: %+v", rep)
		}
		v3 := head + "Анна;+79031234567;1000;01.11.2026;vip;Telegram;аллергия на лак\n"
		if rep := c.importJSON(tempSheet(t, "v3.csv", v3)); rep.ClientsUpdated != 1 {
			t.Errorf("a new source: %+v", rep)
		}
		c.json(&clients, "clients")
		if got, want := fmt.Sprint(clients), "[{Анна Telegram  [vip]} {Борис   []} {Вера Сарафан любит пионы [постоянная]}]"; got != want {
			t.Errorf("after the edits: clients %s, want %s", got, want)
		}
	})
}

// TestDryRunMakesNoDatabase: a dry run against a SQLite file that is not there plans for an
// empty base and says so, and leaves no file behind; a real import then makes it.
func TestDryRunMakesNoDatabase(t *testing.T) {
	c := newTCLI(t)
	path := tempSheet(t, "orders.csv", "Клиент,Сумма,Дата\nАнна,100,22.11.2026\n")
	r := c.run("import", "--dry-run", "--lang", "en", path)
	if r.code != 0 || !strings.Contains(r.stderr, "There is no database at "+c.db+" yet: the plan is for an empty one, and no file is made.") ||
		!strings.Contains(r.stdout, "1 new") {
		t.Errorf("the dry run: %+v", r)
	}
	if _, err := os.Stat(c.db); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the dry run made %s: %v", c.db, err)
	}
	c.ok("import", path)
	if r := c.run("import", "--dry-run", path); strings.Contains(r.stderr, "no database") {
		t.Errorf("a dry run against the base made: %+v", r)
	}
	// An empty file is no database yet: the dry run writes no schema into it.
	empty := newTCLI(t)
	if err := os.WriteFile(empty.db, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := empty.run("import", "--dry-run", "--lang", "en", path); r.code != 0 || !strings.Contains(r.stderr, "There is no database at "+empty.db) {
		t.Errorf("a dry run against an empty file: %+v", r)
	}
	if st, err := os.Stat(empty.db); err != nil || st.Size() != 0 {
		t.Errorf("the dry run wrote into the empty file: %v %v", st, err)
	}
}

// TestErrorsInRussian: what goes wrong before any command runs is said in the language asked
// for: a database in a directory that does not exist names it, and an error of no catalogue
// message keeps its cause instead of a bare "Internal error.".
func TestErrorsInRussian(t *testing.T) {
	c := newTCLI(t)
	c.db = filepath.Join(t.TempDir(), "нет", "regulars.db")
	c.fail(2, "regulars: Нет папки "+filepath.Dir(c.db)+" для базы "+c.db+": создайте её или укажите другой путь.", "clients", "--lang", "ru")
	c.fail(2, "There is no directory "+filepath.Dir(c.db), "clients", "--lang", "en")
	c.db = "file:" + c.db + "?_pragma=foreign_keys(1)"
	c.fail(2, "There is no directory "+filepath.Dir(strings.TrimPrefix(c.db, "file:")), "clients", "--lang", "en")
	if got, want := errorLine(errors.New("dial tcp 127.0.0.1:1: connection refused"), "ru"), "Ошибка: dial tcp 127.0.0.1:1: connection refused"; got != want {
		t.Errorf("errorLine: %q, want %q", got, want)
	}
}

// TestImportCorrectedEmail: a sheet whose typo in a client's email (or phone) was fixed finds
// the client by its name and its orders, on both engines: no second client, no order twice,
// and the client's email is the sheet's now, the old one still found. Sorted newest first, the
// fixed email's new order makes a client of its own (listed as a likely duplicate), but the
// older rows stay the stored client's orders, then and at the next import.
func TestImportCorrectedEmail(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		head := "Клиент,Email,Телефон,Услуга,Сумма,Дата\n"
		v1 := tempSheet(t, "v1.csv", head+
			"Анна Смирнова,anna@exmaple.ru,,Стрижка,1500,10.11.2026\n"+
			"Вера Лосева,,+7 916 000-00-01,Окрашивание,4000,11.11.2026\n"+
			"Анна Смирнова,anna@exmaple.ru,,Укладка,1200,12.11.2026\n")
		c.ok("import", v1)
		v2 := tempSheet(t, "v2.csv", head+
			"Анна Смирнова,anna@example.ru,,Стрижка,1500,10.11.2026\n"+ // the typo fixed
			"Вера Лосева,,8 916 000-00-02,Окрашивание,4000,11.11.2026\n"+ // and a phone's
			"Анна Смирнова,anna@example.ru,,Укладка,1200,12.11.2026\n"+
			"Анна Смирнова,anna@example.ru,,Стрижка,1500,20.11.2026\n") // a new order
		for i, want := range []importJSON{{OrdersCreated: 1, OrdersExisting: 3, ClientsMatched: 2, ClientsUpdated: 2},
			{OrdersCreated: 1, OrdersExisting: 3, ClientsMatched: 2, ClientsUpdated: 2}, // the dry run above, then the run
			{OrdersExisting: 4, ClientsMatched: 2}} {
			args := []string{v2}
			if i == 0 {
				args = append(args, "--dry-run")
			}
			rep := c.importJSON(args...)
			if rep.OrdersCreated != want.OrdersCreated || rep.OrdersExisting != want.OrdersExisting || rep.ClientsCreated != 0 ||
				rep.ClientsMatched != want.ClientsMatched || rep.ClientsUpdated != want.ClientsUpdated || len(rep.Duplicates) != 0 {
				t.Errorf("import %d: %+v", i+1, rep)
			}
		}
		var clients []clientJSON
		c.json(&clients, "clients")
		if len(clients) != 2 || clients[0].Email != "anna@example.ru" || clients[0].Orders != 3 || clients[1].Phone != "8 916 000-00-02" {
			t.Errorf("clients %+v", clients)
		}
		if rep := c.importJSON(v1); rep.OrdersCreated != 0 || rep.OrdersExisting != 3 || rep.ClientsCreated != 0 { // the old sheet still finds them
			t.Errorf("the old sheet: %+v", rep)
		}
		// Newest first, on a fresh base.
		c = c.fresh(t)
		c.ok("import", v1)
		newest := tempSheet(t, "newest.csv", head+
			"Анна Смирнова,anna@example.ru,,Стрижка,1500,20.11.2026\n"+
			"Анна Смирнова,anna@example.ru,,Укладка,1200,12.11.2026\n"+
			"Анна Смирнова,anna@example.ru,,Стрижка,1500,10.11.2026\n")
		for i := range 2 {
			rep := c.importJSON(newest)
			if created := 1 - i; rep.OrdersCreated != created || rep.OrdersExisting != 2+i || rep.ClientsCreated != created || len(rep.Duplicates) != created {
				t.Errorf("newest first, import %d: %+v", i+1, rep)
			}
		}
		if got := c.summary(); got.clients != 3 || got.orders != 4 || got.revenue != "8200.00" {
			t.Errorf("newest first: %+v", got)
		}
		// The client made of the new order, its email edited in Regulars, keeps its rows, and
		// the namesake its own (it keeps the fixed email as an alias, no key of the edit's).
		email := "anna.new@example.ru"
		updateClient(t, c, 3, regulars.ClientUpdate{Email: &email})
		newer := tempSheet(t, "newer.csv", head+"Анна Смирнова,anna@example.ru,,Маникюр,2000,29.11.2026\n"+strings.TrimPrefix(readFile(t, newest), head))
		if rep := c.importJSON(newer); rep.OrdersCreated != 1 || rep.OrdersExisting != 3 || rep.ClientsCreated != 0 {
			t.Errorf("after the email of the new client was edited: %+v", rep)
		}
		// The namesake deleted, the alias goes with it: the living client's rows stay its.
		deleteClient(t, c, 1)
		if rep := c.importJSON(newer); rep.OrdersExisting != 2 || rep.OrdersDeleted != 0 || rep.ClientsCreated != 0 {
			t.Errorf("after the namesake was deleted: %+v", rep)
		}
		// Two people of one name: neither takes the other's order of the same day, whether
		// the one with it is in the sheet or not, and neither's email changes.
		c = c.fresh(t)
		marias := "Мария Иванова,m2@mail.ru,+7 916 555-66-77,Массаж,\"3 000,00 ₽\",02.11.2026\n" +
			"Мария Иванова,m1@mail.ru,+7 903 111-22-33,Абонемент,\"5 000,00 ₽\",01.11.2026\n"
		c.ok("import", tempSheet(t, "n1.csv", head+marias))
		same := "Мария Иванова,m2@mail.ru,+7 916 555-66-77,Абонемент,\"5 000,00 ₽\",01.11.2026\n"
		for i, sheet := range []string{head + same, head + same + marias} {
			if rep := c.importJSON(tempSheet(t, "n.csv", sheet)); rep.OrdersCreated != 1-i || rep.OrdersExisting != 3*i || rep.ClientsCreated != 0 {
				t.Errorf("the namesake's order of the same day, import %d: %+v", i+1, rep)
			}
		}
		c = c.fresh(t)
		c.ok("import", tempSheet(t, "m1.csv", head+"Мария Иванова,m1@mail.ru,+7 903 111-22-33,Абонемент,5000,01.11.2026\n"))
		if rep := c.importJSON(tempSheet(t, "m3.csv", head+same+"Мария Иванова,m1@mail.ru,+7 903 111-22-33,Абонемент,5000,01.11.2026\n")); rep.OrdersCreated != 1 || rep.ClientsCreated != 1 || rep.ClientsUpdated != 0 {
			t.Errorf("a namesake with other contacts first: %+v", rep)
		}
		c.json(&clients, "clients")
		if len(clients) != 2 || clients[0].Email != "m1@mail.ru" || clients[0].Phone != "+7 903 111-22-33" {
			t.Errorf("namesakes: %+v", clients)
		}
	})
}

// TestDryRunFillsNewClient: a client the import makes, given a phone by a later row of a sheet
// without the other client fields, is planned by a dry run as the real run makes it.
func TestDryRunFillsNewClient(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		sheet := tempSheet(t, "s.csv", "Клиент,Email,Телефон,Сумма,Дата\nАнна,anna@x.ru,,100,22.11.2026\nАнна,anna@x.ru,+7 903 111-22-33,200,23.11.2026\n")
		for _, args := range [][]string{{sheet, "--dry-run"}, {sheet}} {
			if rep := c.importJSON(args...); rep.ClientsCreated != 1 || rep.ClientsUpdated != 1 || rep.OrdersCreated != 2 {
				t.Errorf("%v: %+v", args, rep)
			}
		}
	})
}

// TestImportCorrectedEmailTogether: the sheet and its corrected version imported together add
// what they add one after the other, on both engines: one client, its email the corrected one.
func TestImportCorrectedEmailTogether(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		head := "Клиент,Email,Телефон,Услуга,Сумма,Дата\n"
		old := "Анна Петрова,anna@exmaple.ru,+7 903 111-22-33,Стрижка,1500,01.11.2026\n" +
			"Анна Петрова,anna@exmaple.ru,+7 903 111-22-33,Окрашивание,3000,15.11.2026\n"
		a1 := tempSheet(t, "a1.csv", head+old)
		a2 := tempSheet(t, "a2.csv", head+strings.ReplaceAll(old, "exmaple", "example")+
			"Анна Петрова,anna@example.ru,+7 903 111-22-33,Стрижка,1500,22.11.2026\n")
		for _, args := range [][]string{{a1, a2, "--dry-run"}, {a1, a2}} {
			if rep := c.importJSON(args...); rep.ClientsCreated != 1 || rep.OrdersCreated != 3 || rep.ClientsUpdated != 1 || len(rep.Duplicates) != 0 {
				t.Errorf("%v: %+v", args, rep)
			}
		}
		var clients []clientJSON
		if c.json(&clients, "clients"); len(clients) != 1 || clients[0].Email != "anna@example.ru" || clients[0].Orders != 3 {
			t.Errorf("clients %+v", clients)
		}
		if rep := c.importJSON(a2); rep.OrdersCreated != 0 || rep.OrdersExisting != 3 || rep.ClientsCreated != 0 {
			t.Errorf("the corrected sheet again: %+v", rep)
		}
	})
}

// TestImportCorrectedEmailRefund: a payment log whose client's email was corrected, sorted
// newest first, keeps its refund row the stored client's, already applied, on both engines.
func TestImportCorrectedEmailRefund(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		head := "Клиент,Email,Услуга,Сумма,Дата,Статус\n"
		rows := []string{"Олег Смирнов,oleg@mial.ru,Консультация,5000,01.11.2026,Оплачено\n",
			"Олег Смирнов,oleg@mial.ru,Консультация,-5000,03.11.2026,Возврат\n",
			"Олег Смирнов,oleg@mial.ru,Консультация,5000,10.11.2026,Оплачено\n"}
		c.ok("import", tempSheet(t, "r1.csv", head+strings.Join(rows, "")))
		fixed := head + "Олег Смирнов,oleg@mail.ru,Консультация,7000,20.11.2026,Оплачено\n"
		for i := len(rows) - 1; i >= 0; i-- {
			fixed += strings.Replace(rows[i], "mial", "mail", 1)
		}
		r2 := tempSheet(t, "r2.csv", fixed)
		for i := range 2 {
			if rep := c.importJSON(r2); rep.OrdersCreated != 1-i || rep.ClientsCreated != 1-i || rep.RefundRows != 1 {
				t.Errorf("import %d: %+v", i+1, rep)
			}
		}
		if got := c.summary(); got.clients != 2 || got.orders != 3 || got.counted != 2 || got.revenue != "12000.00" { // the refunded order, no refund of its own
			t.Errorf("after the imports: %+v", got)
		}
	})
}

// readFile returns the text of the file at path.
func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestUsageErrorsInRussian: a mistake in the command line itself, which the parser finds
// before the flags are applied, is said in the language --lang (or the environment) asks
// for, naming the flag, argument or value; in English it stays the parser's words. Each ends
// with exit status 2 and the usage, not with a half-run command.
func TestUsageErrorsInRussian(t *testing.T) {
	c := newTCLI(t)
	for _, tc := range []struct {
		args   []string
		ru, en string
	}{
		{[]string{"clients", "--bogus"}, "regulars: Неизвестный флаг --bogus.\n", "regulars: unknown flag --bogus\n"},
		{[]string{"clients", "--formt", "json"}, `Неизвестный флаг --formt; может быть, "--format"?`, `unknown flag --formt, did you mean "--format"?`},
		{[]string{"add", "order"}, "Не хватает флагов: --amount, --client.", "missing flags: --amount=STRING, --client=INT-64"},
		{[]string{"clients", "--format", "xml"}, `--format: значение «xml» не подходит; можно "table","json","csv".`, `--format must be one of "table","json","csv" but got "xml"`},
		{[]string{"add", "order", "--client", "abc"}, "--client: «abc» — не целое число.", `--client: expected a valid 64 bit int but got "abc"`},
		{[]string{"add", "order", "--client", "--amount", "5"}, "--client: нужно значение, а не «--amount».", `--client: expected int value but got "--amount"`},
		{[]string{"frobnicate"}, "Лишний аргумент frobnicate: такой команды или значения здесь нет.", "unexpected argument frobnicate"},
		{[]string{"clints"}, `Лишний аргумент clints; может быть, "clients"?`, `unexpected argument clints, did you mean "clients"?`},
		{[]string{"import"}, `Не хватает аргумента "<файлы> ...".`, `expected "<files> ..."`},
		{[]string{"merge"}, `Не хватает аргументов "<куда> <откуда>".`, `expected "<into> <from>"`},
		{[]string{"serve", "--addr"}, "--addr: не хватает значения.", `--addr: expected string value but got "EOL" (<EOL>)`},
		{[]string{"clients", "--tz", "Mars/Base"}, "Неизвестный часовой пояс «Mars/Base».", `Unknown time zone "Mars/Base".`},
	} {
		c.fail(2, tc.ru, append([]string{"--lang", "ru"}, tc.args...)...)
		c.fail(2, tc.ru, append([]string{"--lang=ru"}, tc.args...)...)
		c.fail(2, tc.en, append([]string{"--lang", "en"}, tc.args...)...)
	}
	c.fail(2, `Unknown language "de": use ru or en.`, "clients", "--lang", "de")
	c.env["REGULARS_LANG"] = "ru"
	c.fail(2, "Неизвестный флаг --bogus.", "clients", "--bogus")
	c.fail(2, "Неизвестный флаг --bogus.", "clients", "--bogus", "--", "--lang", "en") // past --, an argument
	if e := usageError(errors.New("some new message of the parser")); e.Key != "cli.usage.other" ||
		errorLine(e, "ru") != "Ошибка в командной строке: some new message of the parser" {
		t.Errorf("an unknown message of the parser: %q", errorLine(e, "ru"))
	}
}

// TestImportRowWithoutNameKey: a row without email and phone whose name and company have no
// letter or digit ("???", a legal form alone) names a client nothing tells apart: it is a bad
// row naming the column and the value (made a client, it was a new one at every import of
// the sheet, with its order again), in a base with clients and in an empty one, dry run or
// not. The name keys' table once also took its missing key for its first client's.
func TestImportRowWithoutNameKey(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		both := tempSheet(t, "a.csv", "Клиент,Сумма,Дата\nАнна,100,22.11.2026\n???,200,23.11.2026\n")
		alone := tempSheet(t, "b.csv", "Клиент,Компания,Сумма,Дата\n,ООО,200,23.11.2026\n")
		c.fail(2, `b.csv row 2 column "Компания": value "ООО": The client "ООО" has no letter or digit`, "import", alone, "--dry-run")
		c.fail(2, `a.csv row 3 column "Клиент": value "???": The client "???" has no letter or digit`, "import", both)
		c.fail(2, `Клиента "???" не узнать: в имени нет ни букв, ни цифр`, "import", both, "--lang", "ru")
		for range 2 { // and again: the same, nothing twice
			if rep := c.importJSON(both, "--skip-bad"); len(rep.Skipped) != 1 || rep.Skipped[0].Row != 3 || rep.Skipped[0].Value != "???" {
				t.Errorf("--skip-bad: %+v", rep)
			}
		}
		if got := c.summary(); got.clients != 1 || got.orders != 1 || got.revenue != "100.00" {
			t.Errorf("after --skip-bad twice: %+v", got)
		}
	})
}

// TestImportBareOperationColumn: a payment log's operation column under a header no rule
// takes ("Операция": a clinic's operation is a procedure) is read as one when its every value
// is an operation's word with a refund among them: the refund refunds its order instead of
// being an order of its own. A column of procedures stays unused; --map can drop the column.
func TestImportBareOperationColumn(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		log := tempSheet(t, "log.csv", "Дата,Клиент,Email,Операция,Сумма,Услуга\n"+
			"01.11.2026,Анна,a@x.ru,Оплата,5000,Курс\n03.11.2026,Борис,b@x.ru,Оплата,3000,Курс\n05.11.2026,Анна,a@x.ru,Возврат,5000,Курс\n")
		var rep struct {
			importJSON
			Columns []importer.FileLayout `json:"columns"`
		}
		c.json(&rep, "import", log, "--dry-run", "--map", "Операция=-")
		if rep.OrdersCreated != 3 || rep.RefundRows != 0 {
			t.Errorf("the column dropped: %+v", rep.importJSON)
		}
		c.json(&rep, "import", log)
		if col := rep.Columns[0].Columns[3]; rep.OrdersCreated != 2 || rep.RefundRows != 1 || rep.OrdersRefunded != 1 ||
			col.Field != "operation" || col.Format != "operations" {
			t.Errorf("the log: %+v, column %+v", rep.importJSON, rep.Columns[0].Columns[3])
		}
		if got := c.summary(); got.clients != 2 || got.orders != 2 || got.counted != 1 || got.revenue != "3000.00" {
			t.Errorf("after the log: %+v", got)
		}
		// A log with a word the table lacks, in one row of twelve: that row is a bad row naming
		// it, the rest is read as a log (before, the column went unread: its refund an order).
		var b strings.Builder
		b.WriteString("Дата,Клиент,Email,Операция,Сумма\n")
		for i := 1; i <= 10; i++ {
			fmt.Fprintf(&b, "%02d.10.2026,Клиент %d,k%d@x.ru,Предоплата,1000\n", i, i, i)
		}
		b.WriteString("20.10.2026,Клиент 1,k1@x.ru,Возврат предоплаты,1000\n21.10.2026,Клиент 2,k2@x.ru,Корректировка,1000\n")
		odd := tempSheet(t, "odd.csv", b.String())
		r := c.fail(2, `"Корректировка"`, "import", odd, "--dry-run")
		if !strings.Contains(r.stderr, "13") {
			t.Errorf("the bad row is not named by its row: %s", r.stderr)
		}
		c.json(&rep, "import", odd, "--skip-bad")
		if rep.OrdersCreated != 10 || rep.RefundRows != 1 || rep.OrdersRefunded != 1 || len(rep.Skipped) != 1 || rep.Skipped[0].Value != "Корректировка" {
			t.Errorf("the log with an odd word: %+v", rep.importJSON)
		}
		clinic := tempSheet(t, "clinic.csv", "Дата,Клиент,Операция,Сумма\n01.11.2026,Вера,Удаление зуба,5000\n02.11.2026,Глеб,Возврат пломбы,3000\n")
		c.json(&rep, "import", clinic)
		if col := rep.Columns[0].Columns[2]; rep.OrdersCreated != 2 || rep.RefundRows != 0 || col.Field != "" {
			t.Errorf("the clinic: %+v, column %+v", rep.importJSON, col)
		}
	})
}

// TestTablesInRussian: with --lang ru a table's column headers, an order's status and an
// agenda item's reason and channel are Russian; in English, and in CSV and JSON, they stay as
// scripts read them.
func TestTablesInRussian(t *testing.T) {
	c := newTCLI(t)
	c.ok("add", "client", "--name", "Анна")
	c.ok("add", "order", "--client", "1", "--amount", "1500", "--date", "2026-11-22", "--status", "delivered")
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"orders", "--lang", "ru"}, []string{"ID  КЛИЕНТ  УСЛУГА  НАЗВАНИЕ  СУММА", "СТАТУС", "Сдан", "500,00"}},
		{[]string{"clients", "--lang", "ru"}, []string{"ИМЯ", "ВЫРУЧКА", "ЗАКАЗОВ", "Анна"}},
		{[]string{"orders", "--lang", "en"}, []string{"ID  CLIENT  SERVICE  TITLE  AMOUNT", "STATUS", "delivered"}},
		{[]string{"orders", "--lang", "ru", "--format", "csv"}, []string{"id,client_id,service,title,amount,currency", ",delivered"}},
		{[]string{"agenda", "--today", "2026-11-22", "--lang", "ru"}, []string{"ПОЧЕМУ", "поблагодарите клиента", "днём"}},
		{[]string{"agenda", "--today", "2026-11-22", "--lang", "en"}, []string{"WHY", "order of 2026-11-22 done"}},
		{[]string{"segments", "--lang", "ru"}, []string{"АКТИВНОСТЬ", "УРОВЕНЬ", "активный", "шаблон"}},
		{[]string{"segments", "--lang", "en"}, []string{"ACTIVITY", "active", "template"}},
		{[]string{"holidays", "--year", "2026", "--lang", "ru"}, []string{"ПРАЗДНИК", "Новый год"}},
	} {
		out := c.ok(tc.args...)
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("regulars %s lacks %q:\n%s", strings.Join(tc.args, " "), w, out)
			}
		}
	}
	if got := tableHeader("E[ORDERS]", "ru"); got != "E[ЗАКАЗОВ]" {
		t.Errorf("tableHeader(E[ORDERS]) = %q", got)
	}
	if got := tableHeader("USD", "ru"); got != "USD" {
		t.Errorf("a header without a translation: %q", got)
	}
}

// TestImportNotesNoOperations: a notes column with a "Возврат" in a row or two, blank
// elsewhere, is no payment log's operation column: the rows stay orders of their own.
func TestImportNotesNoOperations(t *testing.T) {
	c := newTCLI(t)
	notes := tempSheet(t, "notes.csv", "Клиент,Телефон,Дата,Сумма,Пометка\n"+
		"Анна,+79031112233,01.03.2026,1000,\nАнна,+79031112233,15.03.2026,1000,Возврат\nБорис,+79031112234,16.03.2026,500,\n")
	if rep := c.importJSON(notes); rep.OrdersCreated != 3 || rep.RefundRows != 0 {
		t.Errorf("notes: %+v", rep)
	}
	if got := c.summary(); got.counted != 3 || got.revenue != "2500.00" {
		t.Errorf("after the notes: %+v", got)
	}
}

// TestCommandErrorsInRussian: the command line's own mistakes read in --lang: an agenda item, a letter
// or mail settings that are not there, a year out of range, a demo on a full base, a model of
// no clients; English keeps its words.
func TestCommandErrorsInRussian(t *testing.T) {
	c := newTCLI(t)
	for _, tc := range []struct {
		code int
		want string
		args []string
	}{
		{2, "Нет клиентов, по которым строить модель.", []string{"model"}},
		{3, "Открытого пункта «thank_you:10» в списке нет.", []string{"agenda", "done", "thank_you:10", "--today", "2026-04-13"}},
		{3, "Письма, которое можно отправить снова, нет.", []string{"outbox", "resend", "99"}},
		{3, "Почта не настроена: выполните `regulars mail setup`.", []string{"mail", "show"}},
		{2, "--year: год от 1900 до 2100.", []string{"holidays", "--year", "3000"}},
	} {
		c.fail(tc.code, tc.want, append(tc.args, "--lang", "ru")...)
	}
	// A row that cannot be read before the table's header is found (a title above it, here):
	// said in the language, its problem too.
	quote := tempSheet(t, "quote.csv", "\"Отчёт \"за\" ноябрь\",x\nКлиент,Дата,Сумма\nАнна,01.11.2026,1000\n")
	c.fail(2, "quote.csv: строку 1 не прочитать, а заголовка таблицы выше неё не нашлось. Строку не прочитать как CSV: в ячейке в кавычках есть неудвоенная кавычка", "import", quote, "--lang", "ru")
	c.fail(2, "quote.csv: row 1 cannot be read, and no header of the table was found above it. The row cannot be read as CSV: a cell in quotes", "import", quote, "--lang", "en")
	c.ok("add", "client", "--name", "Анна")
	c.fail(4, "В базе уже есть клиенты", "demo", "--clients", "5", "--lang", "ru")
	c.fail(4, "The database already has clients", "demo", "--clients", "5", "--lang", "en")
	c.fail(3, `No open agenda item "x:1".`, "agenda", "done", "x:1", "--lang", "en")
}

// TestImportMixedAlphabets: rows without email or phone whose names differ only in a letter
// typed on the other keyboard (a Latin A or C in a Russian name) are one client, on both
// engines; so is a company's ООО typed in Latin letters; a key an earlier version stored so is
// made again as now.
func TestImportMixedAlphabets(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		sheet := tempSheet(t, "mixed.csv", "Клиент,Компания,Дата,Сумма\n"+
			"Анна Смирнова,ООО «Ромашка»,01.11.2026,1000\n"+
			"Aнна Cмирнова,OOO Ромашка,02.11.2026,2000\n"+ // Latin A, C and OOO
			"Борис,,03.11.2026,500\n")
		if rep := c.importJSON(sheet); rep.ClientsCreated != 2 || rep.OrdersCreated != 3 {
			t.Errorf("the mixed sheet: %+v", rep)
		}
		// As an earlier version stored the key of a client first imported with Latin letters.
		db, err := store.Open(context.Background(), c.db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.SQL().ExecContext(context.Background(), `UPDATE clients SET name_key = 'aнна cмирнова|ooo ромашка' WHERE id = 1`)
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		more := tempSheet(t, "more.csv", "Клиент,Компания,Дата,Сумма\nAннa Cмирнoвa,ООО Ромашка,05.11.2026,700\n")
		if rep := c.importJSON(more); rep.ClientsCreated != 0 || rep.ClientsMatched != 1 {
			t.Errorf("a later sheet: %+v", rep)
		}
		if got := c.summary(); got.clients != 2 || got.revenue != "4200.00" {
			t.Errorf("base %+v", got)
		}
	})
}

// TestMixedAlphabetsAfterUpgrade: two clients an earlier version made of one name typed two
// ways (a Latin A and C) stay two after the upgrade and no third is made: rows of either
// spelling go to the one whose key it is now; a client deleted under the Latin spelling does
// not take the rows of a live client of the Russian one.
func TestMixedAlphabetsAfterUpgrade(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		c.ok("import", tempSheet(t, "m1.csv", "Клиент,Дата,Сумма\nАнна Смирнова,01.10.2026,1000\nБорис Aкимов,02.10.2026,2000\n"))
		c.ok("add", "client", "--name", "Aнна Cмирнова") // as an earlier version kept it apart
		c.ok("add", "client", "--name", "Борис Акимов")
		setNameKeys(t, c, map[int64]string{3: "aнна cмирнова|", 2: "борис aкимов|"})
		deleteClient(t, c, 2)
		for range 2 {
			rep := c.importJSON(tempSheet(t, "m2.csv", "Клиент,Дата,Сумма\nАнна Смирнова,05.11.2026,700\nAнна Cмирнова,06.11.2026,300\nБорис Акимов,07.11.2026,500\n"))
			if rep.ClientsCreated != 0 || rep.ClientsMatched != 2 || rep.OrdersDeleted != 0 {
				t.Errorf("after the upgrade: %+v", rep)
			}
		}
		for client, want := range map[string]int{"1": 3, "3": 0, "4": 1} { // either spelling goes to the key it has now
			var orders []orderJSON
			c.json(&orders, "orders", "--client", client)
			if len(orders) != want {
				t.Errorf("client %s has %d orders, want %d: %+v", client, len(orders), want, orders)
			}
		}
	})
}

// TestSearchMixedAlphabets: a client's name typed with a letter of the other keyboard (a Latin
// A and C in «Анна Смирнова») is found by the name typed right, and a name typed right by a
// search typed so; a word of one alphabet is not folded («Anna» is not «Анна»). A search text
// an earlier version stored is made again by migration 23, on both engines.
func TestSearchMixedAlphabets(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		c.ok("add", "client", "--name", "Aнна Cмирнова", "--company", "OOO Pомашка") // Latin A, C, OOO and P
		c.ok("add", "client", "--name", "Анна Смирнова-Петрова")
		c.ok("add", "client", "--name", "Anna Smith", "--email", "anna@пример.рф")
		c.ok("add", "client", "--name", "Семёнов Пётр")
		found := func(q string) []int64 {
			var cs []clientJSON
			c.json(&cs, "clients", "-q", q)
			var ids []int64
			for _, cl := range cs {
				ids = append(ids, cl.ID)
			}
			return ids
		}
		for q, want := range map[string][]int64{
			"Смирнова": {1, 2}, "смирн": {1, 2}, "Cмирнова": {1, 2}, "aнна cмир": {1, 2}, // typed right, or with a Latin A and C
			"Ромашка": {1}, "Pомашка": {1}, "Anna": {3}, "Анна": {1, 2}, "anna@пример": {3}, "Smith": {3},
			"Анна Смирнова": {1, 2}, "Aнна Cмирнова": {1, 2}, "смирнова OOO ромашка": {1}, // the whole name, and the company after it (Latin OOO as stored)
			"Семенов": {4}, "СЕМЁНОВ": {4}, "пётр": {2, 4}, "петр": {2, 4}, // ё as е, as the web's list has it
		} {
			if got := found(q); !slices.Equal(got, want) {
				t.Errorf("search %q found %v, want %v", q, got, want)
			}
		}
		// As an earlier version stored it, and the schema before migration 25 (23 made the
		// same text but for the whole folded name).
		db, err := store.Open(context.Background(), c.db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`UPDATE clients SET search = 'aнна cмирнова ooo pомашка   ' WHERE id = 1`, `UPDATE clients SET search = 'семёнов пётр   ' WHERE id = 4`,
			`DELETE FROM schema_migrations WHERE version_id = 25`} {
			if _, err := db.SQL().ExecContext(context.Background(), q); err != nil {
				t.Fatal(err)
			}
		}
		db.Close()
		for q, want := range map[string][]int64{"Анна Смирнова": {1, 2}, "семенов": {4}} {
			if got := found(q); !slices.Equal(got, want) {
				t.Errorf("after migration 25: search %q found %v, want %v", q, got, want)
			}
		}
	})
}

// setNameKeys stores name keys as an earlier version made them.
func setNameKeys(t *testing.T, c *tcli, keys map[int64]string) {
	t.Helper()
	db, err := store.Open(context.Background(), c.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for id, k := range keys {
		if _, err := db.SQL().ExecContext(context.Background(), `UPDATE clients SET name_key = $1 WHERE id = $2`, k, id); err != nil {
			t.Fatal(err)
		}
	}
}

// TestImportFilesTogetherLaterState: two versions of a sheet imported together leave an order
// both have as the later one says, as importing them one after the other does: its status and
// dates; the dry run says so too, and the same files again leave it so.
func TestImportFilesTogetherLaterState(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		head := "Клиент,Email,Дата,Срок,Сумма,Статус\n"
		v1 := tempSheet(t, "v1.csv", head+"Анна,anna@x.ru,01.11.2026,20.11.2026,1000,В работе\n")
		v2 := tempSheet(t, "v2.csv", head+"Анна,anna@x.ru,01.11.2026,25.11.2026,1000,Оплачен\nБорис,boris@x.ru,02.11.2026,,500,Оплачен\n")
		dry := c.importJSON("--dry-run", v1, v2)
		rep := c.importJSON(v1, v2)
		if rep.OrdersCreated != 2 || rep.OrdersUpdated != 1 || rep.OrdersExisting != 0 || dry.OrdersUpdated != 1 || dry.OrdersCreated != 2 {
			t.Errorf("together: %+v (dry run %+v)", rep, dry)
		}
		var orders []orderJSON
		c.json(&orders, "orders", "--client", "1")
		if len(orders) != 1 || orders[0].Status != "paid" || orders[0].DueOn == nil || *orders[0].DueOn != "2026-11-25" {
			t.Errorf("Анна's order: %+v", orders)
		}
		other := c.fresh(t)
		other.ok("import", v1)
		other.ok("import", v2)
		var after []orderJSON
		other.json(&after, "orders", "--client", "1")
		if len(after) != 1 || after[0].Status != orders[0].Status || *after[0].DueOn != *orders[0].DueOn {
			t.Errorf("one after the other: %+v, together: %+v", after, orders)
		}
		// Again: the first file sets the stored order back, the second forward, as one after the
		// other would; it ends as the later says.
		if rep := c.importJSON(v1, v2); rep.OrdersCreated != 0 {
			t.Errorf("the same files again: %+v", rep)
		}
		c.json(&orders, "orders", "--client", "1")
		if len(orders) != 1 || orders[0].Status != "paid" {
			t.Errorf("Анна's order after the files again: %+v", orders)
		}
		// A refund row of the first file refunds the order it paid, though a later file
		// cancels it: as one after the other, the order stays refunded, no order is made of
		// the refund row.
		paid := tempSheet(t, "r.csv", head+"Вера,vera@x.ru,01.11.2026,25.11.2026,1000,Оплачен\nВера,vera@x.ru,05.11.2026,,-1000,Возврат\n")
		cancelled := tempSheet(t, "c.csv", head+"Вера,vera@x.ru,01.11.2026,25.11.2026,1000,Отменён\n")
		if rep := c.importJSON(paid, cancelled); rep.OrdersCreated != 1 || rep.OrdersRefunded != 1 {
			t.Errorf("a refund and a later cancel: %+v", rep)
		}
		if got := c.statuses("3"); got != "1000.00 RUB refunded" {
			t.Errorf("Вера's orders: %s", got)
		}
	})
}
