package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/importer"
	"github.com/regulars/regulars/internal/store"
)

// refundSheet keeps refunds as rows of their own, as a log of payments does: a negative
// amount with a refund status after the order it refunds.
const refundSheet = `Дата,Клиент,Email,Услуга,Сумма,Статус
01.02.2026,Анна,anna@example.com,Лендинг,"500,00 ₽",Оплачено
05.02.2026,Анна,anna@example.com,Лендинг,"-500,00 ₽",Возврат
01.02.2026,Борис,boris@example.com,Сайт,"700,00 ₽",Оплачено
02.02.2026,Борис,boris@example.com,Сайт,"700,00 ₽",Оплачено
04.02.2026,Борис,boris@example.com,Сайт,"-700,00 ₽",Возврат
03.02.2026,Борис,boris@example.com,Сайт,"-700,00 ₽",Возврат
01.02.2026,Вера,vera@example.com,Сайт,"300,00 ₽",Оплачено
03.02.2026,Вера,vera@example.com,Сайт,"-100,00 ₽",Возврат
10.02.2026,Глеб,gleb@example.com,Логотип,"200,00 ₽",Оплачено
09.02.2026,Глеб,gleb@example.com,Логотип,"-200,00 ₽",Возврат
01.02.2026,Дина,dina@example.com,Сайт,"400,00 ₽",Оплачено
02.02.2026,Дина,dina@example.com,Логотип,"-400,00 ₽",Возврат
01.02.2026,Ефим,efim@example.com,Сайт,"250,00 ₽",Отменён
02.02.2026,Ефим,efim@example.com,Сайт,"-250,00 ₽",Возврат
`

// TestImportRefundRows: a refund row marks refunded the order it refunds, so that the
// client's revenue drops, and is no order of its own; one of less than an order's amount
// refunds part of it (Вера's 100 of 300: her revenue is 200); one that matches no order (dated
// before the order, of another service, of a cancelled order) is kept as a refunded order of
// its own and listed. Re-importing changes nothing, and a later file's refund of an order
// stored by an earlier one refunds that order.
func TestImportRefundRows(t *testing.T) { eachEngine(t, testImportRefundRows) }

func testImportRefundRows(t *testing.T, c *tcli) {
	dir := t.TempDir()
	feb := filepath.Join(dir, "feb.csv")
	os.WriteFile(feb, []byte(refundSheet), 0o644)

	dry := c.importJSON("--dry-run", feb)
	rep := c.importJSON(feb)
	if rep.Rows != 14 || rep.OrdersCreated != 10 || rep.OrdersRefunded != 3 || rep.OrdersExisting != 0 || rep.ClientsCreated != 6 ||
		rep.RefundRows != 4 || rep.RefundsPartial != 1 {
		t.Errorf("first import: %+v", rep)
	}
	if dry.OrdersCreated != rep.OrdersCreated || dry.OrdersRefunded != rep.OrdersRefunded || len(dry.RefundsUnmatched) != len(rep.RefundsUnmatched) ||
		dry.RefundsPartial != rep.RefundsPartial {
		t.Errorf("the dry run planned %+v, the import did %+v", dry, rep)
	}
	var rows []int
	for _, u := range rep.RefundsUnmatched {
		rows = append(rows, u.Row)
	}
	if got := fmt.Sprint(rows); got != "[11 13 15]" {
		t.Errorf("unmatched refund rows %s, want 11 13 15 (before the order, other service, cancelled order)", got)
	}
	if u := rep.RefundsUnmatched[0]; u.Amount.String() != "200.00" || u.Currency != "RUB" || u.File != "feb.csv" {
		t.Errorf("unmatched refund %+v", u)
	}
	// Вера's 300 less 100, Глеб 200 and Дина 400 are still paid; Анна's and both of Борис's
	// orders are refunded; the unmatched refunds are refunded orders, and Ефим's order cancelled.
	if got, want := c.summary(), (base{clients: 6, orders: 10, counted: 3, revenue: "800.00", currency: "RUB"}); got != want {
		t.Errorf("base %+v, want %+v", got, want)
	}
	var orders []orderJSON
	c.json(&orders, "orders", "--status", "refunded")
	if len(orders) != 6 {
		t.Errorf("%d refunded orders, want 6: %+v", len(orders), orders)
	}
	c.json(&orders, "orders", "--client", "3")
	if len(orders) != 1 || orders[0].Status != "paid" || orders[0].Refunded != "100.00" || orders[0].Amount != "300.00" {
		t.Errorf("Вера's orders: %+v", orders)
	}

	again := c.importJSON(feb)
	if again.OrdersCreated != 0 || again.OrdersExisting != 10 || again.OrdersUpdated != 0 || again.OrdersRefunded != 0 || len(again.RefundsUnmatched) != 3 ||
		again.RefundRows != 4 || again.RefundsPartial != 0 {
		t.Errorf("the same file again: %+v", again)
	}

	// March's file refunds Дина's February order, stored by February's import (her February
	// refund was of another service); a refund of Вера's whole 300 fits no order any more (100
	// of it was refunded), and is kept.
	mar := filepath.Join(dir, "mar.csv")
	os.WriteFile(mar, []byte("Дата,Клиент,Email,Услуга,Сумма,Статус\n01.03.2026,Дина,dina@example.com,Сайт,\"-400,00 ₽\",Возврат\n"+
		"01.03.2026,Вера,vera@example.com,Сайт,\"-300,00 ₽\",Возврат\n"), 0o644)
	rep = c.importJSON(mar)
	if rep.OrdersCreated != 1 || rep.OrdersRefunded != 1 || len(rep.RefundsUnmatched) != 1 || rep.ClientsMatched != 2 {
		t.Errorf("March: %+v", rep)
	}
	if got, want := c.summary(), (base{clients: 6, orders: 11, counted: 2, revenue: "400.00", currency: "RUB"}); got != want {
		t.Errorf("base after March %+v, want %+v", got, want)
	}
	for _, path := range []string{mar, feb} { // the applied refunds are known: nothing more is refunded
		rep = c.importJSON(path)
		if rep.OrdersCreated != 0 || rep.OrdersRefunded != 0 || rep.OrdersUpdated != 0 {
			t.Errorf("%s again: %+v", filepath.Base(path), rep)
		}
	}
	if got := c.summary(); got.revenue != "400.00" || got.orders != 11 {
		t.Errorf("base after importing again %+v", got)
	}
}

// TestImportAmendedAmount: a sheet imported again after an amount was corrected corrects the
// stored order, which keeps its ID, instead of adding a second one; a row that differs in
// more than its amount is a new order; the corrected sheet imported again changes nothing.
func TestImportAmendedAmount(t *testing.T) { eachEngine(t, testImportAmendedAmount) }

func testImportAmendedAmount(t *testing.T, c *tcli) {
	head := "Дата,Клиент,Email,Услуга,Описание,Сумма,Статус\n"
	rows := []string{
		`01.02.2026,Анна,anna@example.com,Лендинг,Первый экран,"15 000,00 ₽",Оплачено`,
		`01.02.2026,Анна,anna@example.com,Лендинг,Первый экран,"15 000,00 ₽",Оплачено`,
		`02.02.2026,Борис,boris@example.com,Сайт,,"700,00 ₽",Оплачено`,
		`03.02.2026,Вера,vera@example.com,Логотип,,"300,00 ₽",Оплачено`,
	}
	dir := t.TempDir()
	first := filepath.Join(dir, "orders.csv")
	os.WriteFile(first, []byte(head+strings.Join(rows, "\n")+"\n"), 0o644)
	c.ok("import", first)
	var before []orderJSON
	c.json(&before, "orders", "--client", "1")

	// The first of Анна's two identical rows gets a typo fixed; Борис's amount and service
	// change, which is a new order; Вера's row gets another currency.
	rows[0] = strings.Replace(rows[0], "15 000,00 ₽", "1 500,00 ₽", 1)
	rows[2] = `02.02.2026,Борис,boris@example.com,Хостинг,,"900,00 ₽",Оплачено`
	rows[3] = strings.Replace(rows[3], `"300,00 ₽"`, `"$300.00"`, 1)
	fixed := filepath.Join(dir, "fixed.csv")
	os.WriteFile(fixed, []byte(head+strings.Join(rows, "\n")+"\n"), 0o644)
	rep := c.importJSON(fixed)
	if rep.OrdersCreated != 1 || rep.OrdersExisting != 1 || rep.OrdersUpdated != 2 || len(rep.Amended) != 2 {
		t.Fatalf("the corrected sheet: %+v", rep)
	}
	if a := rep.Amended[0]; a.File != "fixed.csv" || a.Row != 2 || a.Amount.String() != "1500.00" || a.WasAmount.String() != "15000.00" ||
		a.Currency != "RUB" || a.ClientID != 1 {
		t.Errorf("first amendment %+v", a)
	}
	if a := rep.Amended[1]; a.Row != 5 || a.Currency != "USD" || a.WasCurrency != "RUB" {
		t.Errorf("second amendment %+v", a)
	}
	var after []orderJSON
	c.json(&after, "orders", "--client", "1")
	if len(after) != 2 || after[0].ID != before[0].ID || after[1].ID != before[1].ID ||
		after[0].Amount.String()+"+"+after[1].Amount.String() != "15000.00+1500.00" && after[0].Amount.String()+"+"+after[1].Amount.String() != "1500.00+15000.00" {
		t.Errorf("Анна's orders before %+v, after %+v", before, after)
	}
	if got := c.summary(); got.orders != 5 || got.clients != 3 { // Борис's new order beside the old
		t.Errorf("base %+v, want 3 clients and 5 orders", got)
	}
	rep = c.importJSON(fixed)
	if rep.OrdersCreated != 0 || rep.OrdersExisting != 4 || rep.OrdersUpdated != 0 || len(rep.Amended) != 0 {
		t.Errorf("the corrected sheet again: %+v", rep)
	}
}

// sheetFiles writes sheets of refundHead and the given rows into a temporary directory and
// returns their paths.
func sheetFiles(t *testing.T, sheets map[string][]string) map[string]string {
	t.Helper()
	dir, paths := t.TempDir(), map[string]string{}
	for name, rows := range sheets {
		paths[name] = filepath.Join(dir, name)
		os.WriteFile(paths[name], []byte("Дата,Клиент,Email,Услуга,Сумма,Статус\n"+strings.Join(rows, "\n")+"\n"), 0o644)
	}
	return paths
}

// statuses returns the client's orders as "amount currency status", by ID.
func (c *tcli) statuses(client string) string {
	c.t.Helper()
	return c.ordersOf(client, func(o orderJSON) string { return o.Amount.String() + " " + o.Currency + " " + o.Status })
}

// ordersOf returns the client's orders, by ID, each as line says, joined by commas.
func (c *tcli) ordersOf(client string, line func(orderJSON) string) string {
	c.t.Helper()
	var orders []orderJSON
	c.json(&orders, "orders", "--client", client)
	slices.SortFunc(orders, func(a, b orderJSON) int { return int(a.ID - b.ID) })
	var out []string
	for _, o := range orders {
		out = append(out, line(o))
	}
	return strings.Join(out, ", ")
}

// TestRefundRowsEdgeCases: a refund of the same day as its order, in either file order or a
// later import; a refund row whose client was merged since; a refunded order whose amount a
// later sheet corrects; a new order of the same day as a refund kept as an order of its own.
func TestRefundRowsEdgeCases(t *testing.T) { eachEngine(t, testRefundRowsEdgeCases) }

func testRefundRowsEdgeCases(t *testing.T, c *tcli) {
	const (
		order  = `01.02.2026,Анна,anna@example.com,Лендинг,"500,00 ₽",Оплачено`
		refund = `01.02.2026,Анна,anna@example.com,Лендинг,"-500,00 ₽",Возврат`
	)
	f := sheetFiles(t, map[string][]string{"orders.csv": {order}, "refunds.csv": {refund}})
	for i, files := range [][]string{{f["orders.csv"], f["refunds.csv"]}, {f["refunds.csv"], f["orders.csv"]}} {
		c := c.fresh(t)
		rep := c.importJSON(files...)
		if got := c.statuses("1"); got != "500.00 RUB refunded" || rep.OrdersRefunded != 1 || len(rep.RefundsUnmatched) != 0 {
			t.Errorf("files in order %d: %s, %+v", i, got, rep)
		}
	}
	t.Run("later import", func(t *testing.T) {
		c := c.fresh(t)
		c.ok("import", f["orders.csv"])
		if rep := c.importJSON(f["refunds.csv"]); rep.OrdersRefunded != 1 || rep.RefundRows != 1 || len(rep.RefundsUnmatched) != 0 {
			t.Errorf("the refund's import: %+v", rep)
		}
		if rep := c.importJSON(f["orders.csv"]); rep.OrdersUpdated != 0 || rep.OrdersExisting != 1 {
			t.Errorf("the orders again: %+v", rep)
		}
		if got := c.statuses("1"); got != "500.00 RUB refunded" {
			t.Errorf("after the orders again: %s", got)
		}
	})
	t.Run("merged client", func(t *testing.T) {
		c := c.fresh(t)
		g := sheetFiles(t, map[string][]string{
			"a.csv": {`03.02.2026,Анна,anna@example.com,Сайт,"500,00 ₽",Оплачено`},
			"b.csv": {`01.02.2026,Борис,boris@example.com,Сайт,"500,00 ₽",Оплачено`, `05.02.2026,Борис,boris@example.com,Сайт,"-500,00 ₽",Возврат`},
		})
		c.ok("import", g["a.csv"], g["b.csv"])
		c.ok("merge", "1", "2")
		if rep := c.importJSON(g["b.csv"]); rep.OrdersRefunded != 0 || rep.RefundRows != 1 || rep.OrdersUpdated != 0 {
			t.Errorf("b.csv after the merge: %+v", rep)
		}
		if got := c.statuses("1"); got != "500.00 RUB paid, 500.00 RUB refunded" {
			t.Errorf("after the merge and b.csv again: %s", got)
		}
	})
	t.Run("monthly fee", func(t *testing.T) { // each month's refund refunds that month's fee
		c := c.fresh(t)
		g := sheetFiles(t, map[string][]string{
			"feb.csv": {`01.02.2026,Анна,anna@example.com,Поддержка,"500,00 ₽",Оплачено`, `05.02.2026,Анна,anna@example.com,Поддержка,"-500,00 ₽",Возврат`},
			"mar.csv": {`01.03.2026,Анна,anna@example.com,Поддержка,"500,00 ₽",Оплачено`, `05.03.2026,Анна,anna@example.com,Поддержка,"-500,00 ₽",Возврат`},
			"apr.csv": {`01.04.2026,Анна,anna@example.com,Поддержка,"500,00 ₽",Оплачено`},
		})
		c.ok("import", g["feb.csv"])
		c.ok("import", g["apr.csv"])
		if rep := c.importJSON(g["mar.csv"]); rep.OrdersRefunded != 1 || rep.OrdersCreated != 1 {
			t.Errorf("mar.csv: %+v", rep)
		}
		for _, f := range []string{"feb.csv", "mar.csv", "apr.csv"} {
			if rep := c.importJSON(g[f]); rep.OrdersRefunded != 0 || rep.OrdersUpdated != 0 || rep.OrdersCreated != 0 {
				t.Errorf("%s again: %+v", f, rep)
			}
		}
		if got := c.statuses("1"); got != "500.00 RUB refunded, 500.00 RUB paid, 500.00 RUB refunded" {
			t.Errorf("the fees (February, April, March): %s", got)
		}
	})
	t.Run("refunded elsewhere", func(t *testing.T) { // a refund row takes no order another file's row refunded
		c := c.fresh(t)
		g := sheetFiles(t, map[string][]string{
			"old.csv":  {`05.01.2026,Анна,anna@example.com,,"500,00 ₽",Оплачено`},
			"jan.csv":  {`10.01.2026,Анна,anna@example.com,,"500,00 ₽",Оплачено`},
			"ref1.csv": {`15.01.2026,Анна,anna@example.com,,"-500,00 ₽",Возврат`},
			"jan2.csv": {`10.01.2026,Анна,anna@example.com,,"500,00 ₽",Оплачено`, `20.01.2026,Анна,anna@example.com,,"-500,00 ₽",Возврат`},
		})
		for _, f := range []string{"old.csv", "jan.csv", "ref1.csv"} {
			c.ok("import", g[f])
		}
		if rep := c.importJSON(g["jan2.csv"]); rep.OrdersRefunded != 1 || rep.RefundRows != 1 {
			t.Errorf("jan2.csv: %+v", rep)
		}
		if got := c.statuses("1"); got != "500.00 RUB refunded, 500.00 RUB refunded" {
			t.Errorf("Анна's orders: %s", got)
		}
	})
	t.Run("new order beside an old kept refund", func(t *testing.T) {
		c := c.fresh(t)
		g := sheetFiles(t, map[string][]string{
			"r1.csv": {`15.01.2026,Анна,anna@example.com,,"-500,00 ₽",Возврат`},
			"o2.csv": {`15.01.2026,Анна,anna@example.com,,"600,00 ₽",Оплачено`},
		})
		c.ok("import", g["r1.csv"])
		if rep := c.importJSON(g["o2.csv"]); rep.OrdersCreated != 1 || len(rep.Amended) != 0 {
			t.Errorf("o2.csv: %+v", rep)
		}
		if got := c.statuses("1"); got != "500.00 RUB refunded, 600.00 RUB paid" {
			t.Errorf("Анна's orders: %s", got)
		}
	})
	t.Run("order and refund corrected", func(t *testing.T) {
		c := c.fresh(t)
		g := sheetFiles(t, map[string][]string{
			"a.csv":    {`10.01.2026,Анна,anna@example.com,,"500,00 ₽",Оплачено`, `15.01.2026,Анна,anna@example.com,,"-500,00 ₽",Возврат`},
			"a600.csv": {`10.01.2026,Анна,anna@example.com,,"600,00 ₽",Оплачено`, `15.01.2026,Анна,anna@example.com,,"-600,00 ₽",Возврат`},
		})
		c.ok("import", g["a.csv"])
		for i := range 2 {
			if rep := c.importJSON(g["a600.csv"]); rep.OrdersCreated != 0 || len(rep.RefundsUnmatched) != 0 || rep.RefundRows != 1 {
				t.Errorf("a600.csv, time %d: %+v", i+1, rep)
			}
		}
		if got := c.statuses("1"); got != "600.00 RUB refunded" {
			t.Errorf("Анна's orders: %s", got)
		}
	})
	t.Run("refunded again", func(t *testing.T) { // set back to paid since: the row refunds it again
		c := c.fresh(t)
		g := sheetFiles(t, map[string][]string{
			"o1.csv": {`10.01.2026,Анна,anna@example.com,,"500,00 ₽",Оплачено`},
			"r1.csv": {`15.01.2026,Анна,anna@example.com,,"-500,00 ₽",Возврат`},
		})
		c.ok("import", g["o1.csv"])
		c.ok("import", g["r1.csv"])
		db, err := store.Open(context.Background(), c.db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		paid := regulars.StatusPaid
		_, err = store.NewOrderService(db).UpdateOrder(context.Background(), 1, regulars.OrderUpdate{Status: &paid})
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		rep := c.importJSON(g["r1.csv"])
		if rep.Rows != rep.OrdersCreated+rep.OrdersExisting+rep.OrdersUpdated+rep.RefundRows || rep.OrdersRefunded != 1 {
			t.Errorf("r1.csv again: %+v", rep)
		}
		if got := c.statuses("1"); got != "500.00 RUB refunded" {
			t.Errorf("Анна's orders: %s", got)
		}
	})
	t.Run("amended refunded order", func(t *testing.T) {
		c := c.fresh(t)
		g := sheetFiles(t, map[string][]string{
			"o1.csv": {`01.02.2026,Анна,anna@example.com,Сайт,"500,00 ₽",Оплачено`},
			"r1.csv": {`05.02.2026,Анна,anna@example.com,Сайт,"-500,00 ₽",Возврат`},
			"o2.csv": {`01.02.2026,Анна,anna@example.com,Сайт,"500,00 $",Оплачено`},
		})
		c.ok("import", g["o1.csv"], g["r1.csv"])
		if rep := c.importJSON(g["o2.csv"]); len(rep.Amended) != 1 || rep.OrdersCreated != 0 {
			t.Errorf("o2.csv: %+v", rep)
		}
		if got := c.statuses("1"); got != "500.00 USD refunded" {
			t.Errorf("the refunded order corrected to dollars: %s", got)
		}
		for range 2 {
			if rep := c.importJSON(g["o2.csv"], g["r1.csv"]); rep.OrdersRefunded != 0 || rep.OrdersUpdated != 0 || rep.OrdersCreated != 0 {
				t.Errorf("o2.csv and r1.csv: %+v", rep)
			}
			if got := c.statuses("1"); got != "500.00 USD refunded" {
				t.Errorf("after o2.csv and r1.csv: %s", got)
			}
		}
	})
	t.Run("order beside a kept refund", func(t *testing.T) {
		c := c.fresh(t)
		v1 := []string{`01.02.2026,Вера,vera@example.com,Сайт,"300,00 ₽",Оплачено`, `03.02.2026,Вера,vera@example.com,Сайт,"-350,00 ₽",Возврат`}
		g := sheetFiles(t, map[string][]string{"v1.csv": v1, "v2.csv": append(slices.Clone(v1), `03.02.2026,Вера,vera@example.com,Сайт,"250,00 ₽",Оплачено`)})
		c.ok("import", g["v1.csv"])
		for i := range 2 {
			rep := c.importJSON(g["v2.csv"])
			if len(rep.Amended) != 0 || rep.OrdersCreated != 1-i || len(rep.RefundsUnmatched) != 1 {
				t.Errorf("v2.csv, time %d: %+v", i+1, rep)
			}
		}
		if got := c.statuses("1"); got != "300.00 RUB paid, 350.00 RUB refunded, 250.00 RUB paid" {
			t.Errorf("Вера's orders: %s", got)
		}
	})
	t.Run("failed import", func(t *testing.T) {
		c := c.fresh(t)
		g := sheetFiles(t, map[string][]string{"bad.csv": {`01.02.2026,Вера,vera@example.com,Сайт,"-100,00 ₽",Возврат`, `01.02.2026,Глеб,gleb@@example.com,Сайт,"1,00 ₽",Оплачено`}})
		r := c.run("import", "--format", "json", g["bad.csv"])
		var rep importJSON
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != 2 || len(rep.RefundsUnmatched) != 0 || len(rep.Amended) != 0 {
			t.Errorf("a failed import: exit %d, %v, %+v", r.code, err, rep)
		}
	})
}

// TestMergedKeptRefund: a refund row kept as an order of its own stays one order when its
// client is merged and the sheet imported again.
func TestMergedKeptRefund(t *testing.T) { eachEngine(t, testMergedKeptRefund) }

func testMergedKeptRefund(t *testing.T, c *tcli) {
	g := sheetFiles(t, map[string][]string{
		"a.csv": {`03.02.2026,Анна,anna@example.com,Сайт,"500,00 ₽",Оплачено`},
		"b.csv": {`01.02.2026,Борис,boris@example.com,Сайт,"300,00 ₽",Оплачено`, `05.02.2026,Борис,boris@example.com,Сайт,"-400,00 ₽",Возврат`},
	})
	c.ok("import", g["a.csv"], g["b.csv"])
	c.ok("merge", "1", "2")
	for i := range 2 {
		rep := c.importJSON(g["b.csv"])
		if rep.OrdersCreated != 0 || rep.OrdersRefunded != 0 || rep.OrdersUpdated != 0 {
			t.Errorf("b.csv after the merge, time %d: %+v", i+1, rep)
		}
	}
	if got := c.statuses("1"); got != "500.00 RUB paid, 300.00 RUB paid, 400.00 RUB refunded" {
		t.Errorf("after the merge and b.csv again: %s", got)
	}
}

// TestImportListsCapped: like the bad rows, the corrected orders and the refund rows that match
// no order are listed up to importer.MaxSkippedListed and counted in full, and the CLI says how
// many it did not list: a month's file that corrects every amount of the month before, with a
// refund row of each client that matches nothing (dated before the order).
func TestImportListsCapped(t *testing.T) {
	c := newTCLI(t)
	dir := t.TempDir()
	const n = importer.MaxSkippedListed + 2
	var feb, mar strings.Builder
	feb.WriteString("Дата,Клиент,Email,Услуга,Сумма,Статус\n")
	mar.WriteString("Дата,Клиент,Email,Услуга,Сумма,Статус\n")
	for i := range n {
		fmt.Fprintf(&feb, "01.02.2026,Клиент %d,c%d@example.com,Сайт,100,Оплачено\n", i, i)
		fmt.Fprintf(&mar, "01.02.2026,Клиент %d,c%d@example.com,Сайт,200,Оплачено\n", i, i)
		fmt.Fprintf(&mar, "31.01.2026,Клиент %d,c%d@example.com,Сайт,-50,Возврат\n", i, i)
	}
	febPath, marPath := filepath.Join(dir, "feb.csv"), filepath.Join(dir, "mar.csv")
	os.WriteFile(febPath, []byte(feb.String()), 0o644)
	os.WriteFile(marPath, []byte(mar.String()), 0o644)
	c.ok("import", febPath)

	out := c.ok("import", "--dry-run", "--lang", "en", marPath)
	for _, want := range []string{"… and 2 more corrected orders, not listed.", "… and 2 more refund rows without an order, not listed."} {
		if !strings.Contains(out, want) {
			t.Errorf("the dry run's summary does not say %q", want)
		}
	}
	var rep struct {
		Amended               []json.RawMessage `json:"amended"`
		AmendedCount          int               `json:"amended_count"`
		RefundsUnmatched      []json.RawMessage `json:"refunds_unmatched"`
		RefundsUnmatchedCount int               `json:"refunds_unmatched_count"`
		OrdersUpdated         int               `json:"orders_updated"`
	}
	c.json(&rep, "import", marPath)
	if len(rep.Amended) != importer.MaxSkippedListed || rep.AmendedCount != n || rep.OrdersUpdated != n {
		t.Errorf("%d corrected orders listed of %d (%d updated), want %d of %d", len(rep.Amended), rep.AmendedCount,
			rep.OrdersUpdated, importer.MaxSkippedListed, n)
	}
	if len(rep.RefundsUnmatched) != importer.MaxSkippedListed || rep.RefundsUnmatchedCount != n {
		t.Errorf("%d unmatched refund rows listed of %d, want %d of %d", len(rep.RefundsUnmatched), rep.RefundsUnmatchedCount,
			importer.MaxSkippedListed, n)
	}
}

// TestPartialRefunds: a payment log's refund of less than an order refunds part of it — the
// order stays paid and counts, its revenue is what is left, in the clients' list, the orders'
// JSON and the analysis; a later one takes more of it, one of more than is left fits no order
// and is kept. Importing again changes nothing; the export writes the partial refunds as
// refund rows, which give the same base imported anywhere and nothing twice imported back.
func TestPartialRefunds(t *testing.T) { eachEngine(t, testPartialRefunds) }

func testPartialRefunds(t *testing.T, c *tcli) {
	head := "Дата,Клиент,Email,Услуга,Сумма,Статус\n"
	march := head + `01.03.2026,Анна,anna@example.com,Сайт,"1 000,00 ₽",Оплачено
05.03.2026,Анна,anna@example.com,Сайт,"-300,00 ₽",Возврат
01.03.2026,Борис,boris@example.com,Лого,"500,00 ₽",Оплачено
`
	longer := march + `10.03.2026,Анна,anna@example.com,Сайт,"-200,00 ₽",Возврат
12.03.2026,Анна,anna@example.com,Сайт,"-600,00 ₽",Возврат
`
	dir := t.TempDir()
	first, second := filepath.Join(dir, "march.csv"), filepath.Join(dir, "longer.csv")
	os.WriteFile(first, []byte(march), 0o644)
	os.WriteFile(second, []byte(longer), 0o644)

	dry := c.importJSON("--dry-run", first)
	rep := c.importJSON(first)
	if rep.OrdersCreated != 2 || rep.RefundRows != 1 || rep.RefundsPartial != 1 || rep.OrdersRefunded != 0 || len(rep.RefundsUnmatched) != 0 ||
		dry.RefundsPartial != 1 || dry.OrdersCreated != 2 {
		t.Errorf("March: %+v (dry run %+v)", rep, dry)
	}
	refunded := func(want string) {
		t.Helper()
		var orders []orderJSON
		c.json(&orders, "orders", "--client", "1")
		if len(orders) == 0 || orders[0].Status != "paid" || orders[0].Refunded != json.Number(want) {
			t.Errorf("Анна's orders: %+v, want the first paid with %s refunded", orders, want)
		}
	}
	refunded("300.00")
	if got, want := c.summary(), (base{clients: 2, orders: 2, counted: 2, revenue: "1200.00", currency: "RUB"}); got != want {
		t.Errorf("after March %+v, want %+v", got, want)
	}
	if out := c.ok("orders", "--client", "1", "--lang", "ru"); !strings.Contains(out, "1\u00a0000,00\u00a0₽ (возвращено 300,00\u00a0₽)") {
		t.Errorf("the Russian table:\n%s", out)
	}

	for i := range 2 {
		rep = c.importJSON(second)
		if rep.OrdersCreated != 1-i || rep.RefundsPartial != 1-i || rep.RefundRows != 2 || len(rep.RefundsUnmatched) != 1 || rep.OrdersUpdated != 0 {
			t.Errorf("the longer sheet, time %d: %+v", i+1, rep)
		}
	}
	refunded("500.00")
	if got, want := c.summary(), (base{clients: 2, orders: 3, counted: 2, revenue: "1000.00", currency: "RUB"}); got != want {
		t.Errorf("after the longer sheet %+v, want %+v", got, want)
	}
	var m struct {
		Revenue json.Number `json:"revenue"`
		Orders  int         `json:"orders"`
	}
	c.json(&m, "metrics", "--as-of", "2026-03-31")
	if m.Revenue != "1000.00" || m.Orders != 2 {
		t.Errorf("metrics: %+v", m)
	}

	export := filepath.Join(dir, "export.csv")
	c.ok("export", "orders", "-o", export)
	data, _ := os.ReadFile(export)
	if !strings.Contains(string(data), "-300.00") || !strings.Contains(string(data), "-200.00") {
		t.Errorf("the export lacks the partial refunds:\n%s", data)
	}
	if rep := c.importJSON(export); rep.OrdersCreated != 0 || rep.RefundsPartial != 0 || rep.OrdersUpdated != 0 || rep.OrdersRefunded != 0 {
		t.Errorf("the export imported back: %+v", rep)
	}
	refunded("500.00")
	other := c.fresh(t)
	if rep := other.importJSON(export); rep.OrdersCreated != 3 || rep.RefundsPartial != 2 {
		t.Errorf("the export imported into a new base: %+v", rep)
	}
	if got, want := other.summary(), (base{clients: 2, orders: 3, counted: 2, revenue: "1000.00", currency: "RUB"}); got != want {
		t.Errorf("the export's base %+v, want %+v", got, want)
	}
}

// TestPartialRefundsKeepTheirOrder: a partial refund stays with the order it refunded — the
// export writes it after that order, and a new base gives it to the same one (not the latest
// with enough left, which a later file brought); an order corrected to its refunded part
// stays paid however often its sheet is imported; corrected below it and back, its refunded
// part is its links' again.
func TestPartialRefundsKeepTheirOrder(t *testing.T) { eachEngine(t, testPartialRefundsKeepTheirOrder) }

func testPartialRefundsKeepTheirOrder(t *testing.T, c *tcli) {
	refund := func(day, amount string) string {
		return day + `,Анна,anna@example.com,Сайт,"` + amount + `",Возврат`
	}
	order := func(day, amount string) string {
		return day + `,Анна,anna@example.com,Сайт,"` + amount + `",Оплачено`
	}
	g := sheetFiles(t, map[string][]string{
		"f1.csv":   {order("01.03.2026", "620,00 ₽"), refund("05.03.2026", "-600,00 ₽")},
		"f2.csv":   {order("02.03.2026", "700,00 ₽"), refund("06.03.2026", "-650,00 ₽")},
		"a.csv":    {order("01.04.2026", "1 000,00 ₽"), refund("05.04.2026", "-300,00 ₽")},
		"a300.csv": {order("01.04.2026", "300,00 ₽"), refund("05.04.2026", "-300,00 ₽")},
		"a250.csv": {order("01.04.2026", "250,00 ₽"), refund("05.04.2026", "-300,00 ₽")},
	})
	c.ok("import", g["f1.csv"])
	c.ok("import", g["f2.csv"])
	if got := c.refunds("1"); got != "620.00 paid 600.00, 700.00 paid 650.00" {
		t.Errorf("two files: %s", got)
	}
	export := filepath.Join(t.TempDir(), "export.csv")
	c.ok("export", "orders", "-o", export)
	other := c.fresh(t)
	other.ok("import", export)
	if got := other.refunds("1"); got != "620.00 paid 600.00, 700.00 paid 650.00" {
		t.Errorf("the export in a new base: %s", got)
	}
	if got := other.summary(); got.revenue != "70.00" || got.orders != 2 {
		t.Errorf("the export's base: %+v", got)
	}

	c = c.fresh(t)
	c.ok("import", g["a.csv"])
	for i := range 2 {
		if rep := c.importJSON(g["a300.csv"]); rep.OrdersUpdated != 1-i || rep.OrdersRefunded != 0 || rep.OrdersCreated != 0 {
			t.Errorf("corrected to 300, time %d: %+v", i+1, rep)
		}
	}
	if got := c.refunds("1"); got != "300.00 paid 300.00" {
		t.Errorf("corrected to its refunded part: %s", got)
	}
	c.ok("import", g["a250.csv"])
	if got := c.refunds("1"); got != "250.00 paid 250.00" {
		t.Errorf("corrected below its refunded part: %s", got)
	}
	c.ok("import", g["a.csv"])
	if got := c.refunds("1"); got != "1000.00 paid 300.00" {
		t.Errorf("corrected back: %s", got)
	}
}

// TestPartialRefundAfterAnEarlierFilesOrder: in files imported together, a partial refund
// row right after a row of an order an earlier file made refunds that order, as the files
// imported one after the other do, not the client's latest order it would fit.
func TestPartialRefundAfterAnEarlierFilesOrder(t *testing.T) {
	eachEngine(t, func(t *testing.T, c *tcli) {
		order := func(day, amount string) string {
			return day + `,Анна,anna@example.com,Сайт,"` + amount + `",Оплачено`
		}
		g := sheetFiles(t, map[string][]string{
			"v1.csv": {order("01.03.2026", "1 000,00 ₽"), order("10.03.2026", "1 000,00 ₽")},
			"v2.csv": {order("01.03.2026", "1 000,00 ₽"), `15.03.2026,Анна,anna@example.com,Сайт,"-300,00 ₽",Возврат`, order("10.03.2026", "1 000,00 ₽")},
		})
		apart := c.fresh(t)
		apart.ok("import", g["v1.csv"])
		apart.ok("import", g["v2.csv"])
		c.ok("import", g["v1.csv"], g["v2.csv"])
		for _, base := range []*tcli{apart, c} {
			if got := base.refunds("1"); got != "1000.00 paid 300.00, 1000.00 paid 0.00" {
				t.Errorf("the refund went to another order: %s", got)
			}
		}
	})
}

// refunds returns the client's orders as "amount status refunded", by ID.
func (c *tcli) refunds(client string) string {
	c.t.Helper()
	return c.ordersOf(client, func(o orderJSON) string { return fmt.Sprintf("%s %s %s", o.Amount, o.Status, o.Refunded) })
}
