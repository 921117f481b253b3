package importer

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/pgtest"
	"github.com/regulars/regulars/internal/store"
)

// TestReimportKeepsEditsMadeInRegulars: an imported order whose status or dates are changed in
// Regulars keeps each change on a re-import where its sheet still says what it said then, and
// takes the sheet's where the sheet changed since; the orders nobody edited follow the sheet.
// Each step is a sheet imported into the same database, on both engines, with the orders'
// states and the report's counts it must leave.
func TestReimportKeepsEditsMadeInRegulars(t *testing.T) {
	const head = "Клиент,Дата,Сумма,Статус,Срок,Сдано\n"
	v1 := head + "А,01.02.2026,100,Оплачен,03.02.2026,05.02.2026\n" +
		"Б,02.02.2026,200,В работе,10.02.2026,\n" +
		"В,03.02.2026,300,В работе,12.02.2026,\n" +
		"Г,04.02.2026,400,Оплачен,,\n"
	// Б paid and delivered on the 11th; В paid; Г cancelled. А as it was.
	v2 := head + "А,01.02.2026,100,Оплачен,03.02.2026,05.02.2026\n" +
		"Б,02.02.2026,200,Оплачен,10.02.2026,11.02.2026\n" +
		"В,03.02.2026,300,Оплачен,12.02.2026,\n" +
		"Г,04.02.2026,400,Отменён,,\n"
	// В due on the 20th, as Regulars has it; then on the 25th.
	v3 := strings.Replace(v2, "300,Оплачен,12.02.2026", "300,Оплачен,20.02.2026", 1)
	v4 := strings.Replace(v2, "300,Оплачен,12.02.2026", "300,Оплачен,25.02.2026", 1)
	steps := []importStep{
		{name: "first import", sheet: v1, existing: 0,
			want: "100 paid 2026-02-03 2026-02-05|200 in_progress 2026-02-10 |300 in_progress 2026-02-12 |400 paid  "},
		{name: "edited, the same sheet", sheet: v1, edit: editOrders, existing: 4, kept: 3,
			want: "100 refunded 2026-02-03 2026-02-05|200 delivered 2026-02-10 2026-02-09|300 in_progress 2026-02-20 |400 paid  "},
		{name: "the sheet changes", sheet: v2, existing: 1, updated: 3, kept: 2,
			want: "100 refunded 2026-02-03 2026-02-05|200 paid 2026-02-10 2026-02-11|300 paid 2026-02-20 |400 cancelled  "},
		{name: "the same again", sheet: v2, existing: 4, kept: 2, untouched: true,
			want: "100 refunded 2026-02-03 2026-02-05|200 paid 2026-02-10 2026-02-11|300 paid 2026-02-20 |400 cancelled  "},
		{name: "the sheet says what Regulars has", sheet: v3, existing: 4, kept: 1,
			want: "100 refunded 2026-02-03 2026-02-05|200 paid 2026-02-10 2026-02-11|300 paid 2026-02-20 |400 cancelled  "},
		// What the sheet said is known again: the new change stays.
		{name: "edited again, the same sheet", sheet: v3, edit: editDue("2026-02-28"), existing: 4, kept: 2,
			want: "100 refunded 2026-02-03 2026-02-05|200 paid 2026-02-10 2026-02-11|300 paid 2026-02-28 |400 cancelled  "},
		{name: "then the sheet changes it", sheet: v4, existing: 3, updated: 1, kept: 1,
			want: "100 refunded 2026-02-03 2026-02-05|200 paid 2026-02-10 2026-02-11|300 paid 2026-02-25 |400 cancelled  "},
	}
	eachEngine(t, func(t *testing.T, db *store.DB) { runSteps(t, db, steps) })
}

// TestReimportKeepsEditsOfAmendedOrders: an order whose amount a row corrects (see
// settleAmendments) keeps the changes made in Regulars that the row does not change, and what
// the row says is recorded for the next import; an order a refund row refunded is no order
// changed in Regulars.
func TestReimportKeepsEditsOfAmendedOrders(t *testing.T) {
	const head = "Клиент,Email,Дата,Сумма,Статус,Срок,Сдано\n"
	anna := "Анна,anna@example.com,10.01.2024,1000,Оплачен,01.02.2024,\nАнна,anna@example.com,01.02.2024,-1000,Возврат,,\n"
	s2 := head + anna + "Борис,boris@example.com,11.01.2024,2000,Оплачен,,\n"
	s3 := strings.Replace(s2, "2000,Оплачен", "2100,Оплачен", 1)
	s4 := strings.Replace(s2, "2000,Оплачен", "2200,В работе", 1)
	s5 := strings.Replace(s4, "01.02.2024,\n", "05.02.2024,\n", 1) // Анна due on the 5th
	delivered := func(day string) func(t *testing.T, orders *store.OrderService) {
		status, on := regulars.StatusDelivered, regulars.MustParseDate(day)
		return func(t *testing.T, orders *store.OrderService) {
			editOrder(t, orders, 1, regulars.OrderUpdate{Status: &status, DeliveredOn: &on})
		}
	}
	steps := []importStep{
		{name: "first import", sheet: s2, want: "1000 refunded 2024-02-01 |2000 paid  "},
		{name: "delivered in Regulars, the amount corrected", sheet: s3, edit: delivered("2024-01-25"), existing: 1, updated: 1, kept: 1,
			want: "1000 refunded 2024-02-01 |2100 delivered  2024-01-25"},
		{name: "the amount and the status corrected", sheet: s4, existing: 1, updated: 1, kept: 1,
			want: "1000 refunded 2024-02-01 |2200 in_progress  2024-01-25"},
		{name: "delivered again in Regulars, the same sheet", sheet: s4, edit: delivered("2024-01-30"), existing: 2, kept: 1,
			want: "1000 refunded 2024-02-01 |2200 delivered  2024-01-30"},
		{name: "the refunded order's due day changes", sheet: s5, existing: 1, updated: 1, kept: 1,
			want: "1000 refunded 2024-02-05 |2200 delivered  2024-01-30"},
		{name: "the same again", sheet: s5, existing: 2, kept: 1, untouched: true,
			want: "1000 refunded 2024-02-05 |2200 delivered  2024-01-30"},
	}
	eachEngine(t, func(t *testing.T, db *store.DB) { runSteps(t, db, steps) })
}

// TestAmendmentsPairByAmount: when a client's orders of one day are corrected together, each
// stored order takes the row nearest its amount, whatever the rows' order in the sheet, and the
// changes made in Regulars stay with their orders.
func TestAmendmentsPairByAmount(t *testing.T) {
	const head = "Клиент,Email,Дата,Сумма,Статус,Срок,Сдано\n"
	row := "Борис,boris@example.com,11.01.2024,%s,,\n"
	sheet := func(rows ...string) string {
		out := head
		for _, r := range rows {
			out += fmt.Sprintf(row, r)
		}
		return out
	}
	edit := func(t *testing.T, orders *store.OrderService) {
		delivered, cancelled := regulars.StatusDelivered, regulars.StatusCancelled
		on := regulars.MustParseDate("2024-01-20")
		editOrder(t, orders, 0, regulars.OrderUpdate{Status: &delivered, DeliveredOn: &on})
		editOrder(t, orders, 1, regulars.OrderUpdate{Status: &cancelled})
	}
	steps := []importStep{
		{name: "three orders", sheet: sheet("2000,Оплачен", "3000,Оплачен", "4000,Оплачен"),
			want: "2000 paid  |3000 paid  |4000 paid  "},
		{name: "changed in Regulars, corrected", sheet: sheet("2100,Оплачен", "3100,Оплачен", "4100,Оплачен"), edit: edit,
			updated: 3, kept: 2, want: "2100 delivered  2024-01-20|3100 cancelled  |4100 paid  "},
		{name: "corrected again, in another order", sheet: sheet("3200,В работе", "4200,Оплачен", "2200,Оплачен"),
			updated: 3, kept: 1, want: "2200 delivered  2024-01-20|3200 in_progress  |4200 paid  "}, // the sheet changed the cancelled one's status
	}
	eachEngine(t, func(t *testing.T, db *store.DB) { runSteps(t, db, steps) })
}

// importStep is an import of a sheet, after what edit changes in Regulars, with the orders'
// states and the report's counts it must leave.
type importStep struct {
	name, sheet string
	edit        func(t *testing.T, orders *store.OrderService) // what is changed in Regulars before the import
	want        string
	existing    int
	updated     int
	kept        int
	untouched   bool // the sheet as imported last: the import writes no order
}

// runSteps imports the steps' sheets into db in turn and checks each, and that a dry run
// before it plans the same.
func runSteps(t *testing.T, db *store.DB, steps []importStep) {
	t.Helper()
	orders := store.NewOrderService(db)
	for _, step := range steps {
		if step.edit != nil {
			step.edit(t, orders)
		}
		dry := importSheetOpts(t, db, step.sheet, ImportOptions{DryRun: true})
		before := storedOrders(t, orders)
		rep := importSheet(t, db, step.sheet)
		if after := storedOrders(t, orders); step.untouched {
			for i, o := range after {
				if !o.UpdatedAt.Equal(before[i].UpdatedAt) {
					t.Errorf("%s: order %d written again (updated at %v, was %v)", step.name, o.ID, o.UpdatedAt, before[i].UpdatedAt)
				}
			}
		}
		if dry.OrdersCreated != rep.OrdersCreated || dry.OrdersExisting != rep.OrdersExisting ||
			dry.OrdersUpdated != rep.OrdersUpdated || dry.OrdersKept != rep.OrdersKept {
			t.Errorf("%s: the dry run planned %d new, %d existing, %d updated, %d kept; the import did %d, %d, %d, %d", step.name,
				dry.OrdersCreated, dry.OrdersExisting, dry.OrdersUpdated, dry.OrdersKept,
				rep.OrdersCreated, rep.OrdersExisting, rep.OrdersUpdated, rep.OrdersKept)
		}
		if rep.OrdersExisting != step.existing || rep.OrdersUpdated != step.updated || rep.OrdersKept != step.kept {
			t.Errorf("%s: %d existing, %d updated, %d kept; want %d, %d, %d", step.name,
				rep.OrdersExisting, rep.OrdersUpdated, rep.OrdersKept, step.existing, step.updated, step.kept)
		}
		if got := orderStates(t, orders); got != step.want {
			t.Errorf("%s: orders\n%s\nwant\n%s", step.name, got, step.want)
		}
	}
}

// eachEngine runs run on a new database of each engine (PostgreSQL's skipped when absent).
func eachEngine(t *testing.T, run func(t *testing.T, db *store.DB)) {
	engines := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "regulars.db") },
		"postgres": func(t *testing.T) string { return pgtest.DSN(t) },
	}
	for name, dsn := range engines {
		t.Run(name, func(t *testing.T) {
			db, err := store.Open(context.Background(), dsn(t), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			run(t, db)
		})
	}
}

// importSheet imports the CSV sheet into db.
func importSheet(t *testing.T, db *store.DB, sheet string) *Report {
	t.Helper()
	return importSheetOpts(t, db, sheet, ImportOptions{})
}

// importSheetOpts imports the CSV sheet into db with opts.
func importSheetOpts(t *testing.T, db *store.DB, sheet string, opts ImportOptions) *Report {
	t.Helper()
	s, err := OpenBytes("orders.csv", []byte(sheet))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Import(context.Background(), store.NewBulkService(db), store.NewCatalogService(db), []*Sheet{s}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// editOrders changes the first three orders in Regulars, as a user would: the first refunded,
// the second delivered on 9 February, the third due on 20 February.
func editOrders(t *testing.T, orders *store.OrderService) {
	refunded, delivered := regulars.StatusRefunded, regulars.StatusDelivered
	on := regulars.MustParseDate("2026-02-09")
	editOrder(t, orders, 0, regulars.OrderUpdate{Status: &refunded})
	editOrder(t, orders, 1, regulars.OrderUpdate{Status: &delivered, DeliveredOn: &on})
	editDue("2026-02-20")(t, orders)
}

// editDue returns an edit that changes the third order's due day in Regulars.
func editDue(day string) func(t *testing.T, orders *store.OrderService) {
	due := regulars.MustParseDate(day)
	return func(t *testing.T, orders *store.OrderService) {
		editOrder(t, orders, 2, regulars.OrderUpdate{DueOn: &due})
	}
}

// editOrder applies upd to the order i (from 0, in the order of their IDs).
func editOrder(t *testing.T, orders *store.OrderService, i int, upd regulars.OrderUpdate) {
	t.Helper()
	if _, err := orders.UpdateOrder(context.Background(), storedOrders(t, orders)[i].ID, upd); err != nil {
		t.Fatal(err)
	}
}

// storedOrders returns every order, in the order of their IDs.
func storedOrders(t *testing.T, orders *store.OrderService) []*regulars.Order {
	t.Helper()
	list, _, err := orders.FindOrders(context.Background(), regulars.OrderFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// orderStates lists the orders' amounts and states, in the order of their IDs.
func orderStates(t *testing.T, orders *store.OrderService) string {
	t.Helper()
	var out []string
	for _, o := range storedOrders(t, orders) {
		out = append(out, fmt.Sprintf("%d %s %s %s", o.Amount.Minor/100, o.Status, o.DueOn, o.DeliveredOn))
	}
	return strings.Join(out, "|")
}

// TestReimportKeysOfSpacedText: an order imported before runs of spaces in a service or a
// title were one space was keyed by the text as the sheet has it; the same sheet imported now
// finds it, on both engines, and a later sheet whose cell gained a no-break space finds an
// order keyed now.
func TestReimportKeysOfSpacedText(t *testing.T) {
	const sheet = "Клиент,Email,Дата,Услуга,Сумма\nАнна,a@x.ru,10.01.2026,Стрижка\u00a0волос,1500\nБорис,b@x.ru,11.01.2026,Стрижка  мужская,1000\n"
	eachEngine(t, func(t *testing.T, db *store.DB) {
		if rep := importSheet(t, db, sheet); rep.OrdersCreated != 2 {
			t.Fatalf("first import: %+v", rep)
		}
		// As an import before OneSpaced left them: the text as the sheet has it, keyed so.
		ctx := context.Background()
		for _, o := range storedOrders(t, store.NewOrderService(db)) {
			raw := *o
			raw.Service = strings.NewReplacer("Стрижка волос", "Стрижка\u00a0волос", "Стрижка мужская", "Стрижка  мужская").Replace(o.Service)
			key := regulars.OrderKey(regulars.OrderHash(&raw), 1)
			if _, err := db.SQL().ExecContext(ctx, `UPDATE orders SET service = $1, import_key = $2 WHERE id = $3`, raw.Service, key, o.ID); err != nil {
				t.Fatal(err)
			}
		}
		if rep := importSheet(t, db, sheet); rep.OrdersCreated != 0 || rep.OrdersExisting != 2 {
			t.Errorf("the same sheet over keys of the text as it was: %+v", rep)
		}
	})
	eachEngine(t, func(t *testing.T, db *store.DB) {
		plain := strings.NewReplacer("\u00a0", " ", "  ", " ").Replace(sheet)
		importSheet(t, db, plain)
		if rep := importSheet(t, db, sheet); rep.OrdersCreated != 0 || rep.OrdersExisting != 2 {
			t.Errorf("a later version with no-break and double spaces: %+v", rep)
		}
	})
}

// TestReimportAfterClientEdited: a client whose email, phone and name are changed in Regulars is
// found by the old ones too, so that the sheet that still has them imports nothing again; an
// email given to its real owner is that client's, and a rename that tells two namesakes apart
// stands.
func TestReimportAfterClientEdited(t *testing.T) {
	const sheet = "Клиент,Email,Телефон,Дата,Сумма\nАнна,anna@old.ru,,05.01.2026,100\nБорис,,+7 903 111-22-33,06.01.2026,200\nВера,,,07.01.2026,300\n"
	eachEngine(t, func(t *testing.T, db *store.DB) {
		importSheet(t, db, sheet)
		clients := store.NewClientService(db)
		ctx := context.Background()
		email, phone, name := "anna@new.ru", "+7 925 000-00-99", "Вера Ким"
		for id, upd := range map[int64]regulars.ClientUpdate{1: {Email: &email}, 2: {Phone: &phone}, 3: {Name: &name}} {
			if _, err := clients.UpdateClient(ctx, id, upd); err != nil {
				t.Fatal(err)
			}
		}
		if rep := importSheet(t, db, sheet); rep.OrdersCreated != 0 || rep.ClientsCreated != 0 || rep.OrdersExisting != 3 {
			t.Errorf("the sheet again after the edits: %d new orders, %d new clients, %d existing", rep.OrdersCreated, rep.ClientsCreated, rep.OrdersExisting)
		}
		// Анна's old email goes to its real owner, Борис: a row with it is his.
		old := "anna@old.ru"
		if _, err := clients.UpdateClient(ctx, 2, regulars.ClientUpdate{Email: &old}); err != nil {
			t.Fatalf("the old email to its owner: %v", err)
		}
		if rep := importSheet(t, db, "Клиент,Email,Дата,Сумма\nБорис,anna@old.ru,08.01.2026,400\n"); rep.ClientsCreated != 0 || len(rep.SharedContacts) != 0 {
			t.Errorf("a row of Борис with the email he has now: %+v", rep)
		}
	})
	// Two Марии, one renamed Анна to tell them apart: a row of Мария without contacts is the other's.
	eachEngine(t, func(t *testing.T, db *store.DB) {
		importSheet(t, db, "Клиент,Телефон,Дата,Сумма\nМария,,05.01.2026,100\nМария,+7 903 111-22-33,06.01.2026,200\n")
		anna := "Анна"
		if _, err := store.NewClientService(db).UpdateClient(context.Background(), 2, regulars.ClientUpdate{Name: &anna}); err != nil {
			t.Fatal(err)
		}
		if rep := importSheet(t, db, "Клиент,Телефон,Дата,Сумма\nМария,,10.01.2026,300\n"); rep.ClientsCreated != 0 || rep.ClientsMatched != 1 {
			t.Errorf("Мария after the rename: %+v", rep)
		}
	})
}
