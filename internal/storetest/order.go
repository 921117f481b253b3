package storetest

import (
	"reflect"
	"testing"

	"github.com/regulars/regulars"
)

func testOrderCRUD(t *testing.T, s Services) {
	c := mustCreateClient(t, s, &regulars.Client{Name: "Заказчик"})
	svc := &regulars.Service{Name: "Лендинг", Price: rub(50000)}
	if err := s.Catalog.CreateService(ctx(), svc); err != nil {
		t.Fatal(err)
	}
	o := mustCreateOrder(t, s, &regulars.Order{ClientID: c.ID, Service: "лендинг ", Title: "Сайт «Ромашки»",
		Amount: regulars.Money{Minor: 5000050, Currency: "RUB"}, OrderedOn: day("2026-11-01"),
		DueOn: day("2026-11-29"), Status: regulars.StatusInProgress})
	if o.ID == 0 || o.ServiceID != svc.ID || o.Service != "лендинг" {
		t.Fatalf("created %+v", o)
	}
	got, err := s.Orders.FindOrderByID(ctx(), o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, o) {
		t.Fatalf("found\n%+v\nwant\n%+v", got, o)
	}
	st, dd := regulars.StatusDelivered, day("2026-11-28")
	upd, err := s.Orders.UpdateOrder(ctx(), o.ID, regulars.OrderUpdate{Status: &st, DeliveredOn: &dd})
	if err != nil {
		t.Fatal(err)
	}
	if upd.Status != st || upd.DeliveredOn != dd || upd.Amount != o.Amount {
		t.Fatalf("updated %+v", upd)
	}
	mustCreateOrder(t, s, &regulars.Order{ClientID: c.ID, Amount: rub(1), OrderedOn: day("2026-10-01")})
	from, to := day("2026-10-15"), day("2026-12-31")
	os, n, err := s.Orders.FindOrders(ctx(), regulars.OrderFilter{From: &from, To: &to})
	if err != nil || n != 1 || os[0].ID != o.ID {
		t.Fatalf("date filter: n %d err %v", n, err)
	}
	all, n, _ := s.Orders.FindOrders(ctx(), regulars.OrderFilter{ClientID: &c.ID})
	if n != 2 || all[0].OrderedOn != day("2026-10-01") {
		t.Fatalf("orders not by date: %+v", all)
	}
	if err := s.Orders.DeleteOrder(ctx(), o.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.Orders.FindOrderByID(ctx(), o.ID)
	wantCode(t, err, regulars.ENOTFOUND)
	// Deleting the client deletes its orders.
	if err := s.Clients.DeleteClient(ctx(), c.ID); err != nil {
		t.Fatal(err)
	}
	_, n, _ = s.Orders.FindOrders(ctx(), regulars.OrderFilter{})
	if n != 0 {
		t.Fatalf("%d orders left after deleting their client", n)
	}
}

func testOrderValidation(t *testing.T, s Services) {
	c := mustCreateClient(t, s, &regulars.Client{Name: "Заказчик"})
	for _, o := range []*regulars.Order{
		{Amount: rub(1), OrderedOn: day("2026-01-01")},
		{ClientID: c.ID, Amount: rub(1)},
		{ClientID: c.ID, Amount: rub(-1), OrderedOn: day("2026-01-01")},
		{ClientID: c.ID, Amount: regulars.Money{Minor: 1, Currency: "rub"}, OrderedOn: day("2026-01-01")},
		{ClientID: c.ID, Amount: rub(1), OrderedOn: day("2026-01-01"), Status: "lost"},
		{ClientID: c.ID, Amount: rub(1), OrderedOn: day("2026-01-10"), DueOn: day("2026-01-09")},
	} {
		wantCode(t, s.Orders.CreateOrder(ctx(), o), regulars.EINVALID)
	}
	wantCode(t, s.Orders.CreateOrder(ctx(), &regulars.Order{ClientID: 4242, Amount: rub(1), OrderedOn: day("2026-01-01")}), regulars.ENOTFOUND)
}

func testCatalog(t *testing.T, s Services) {
	basic := &regulars.Service{Name: "SEO-аудит базовый", Category: "SEO", Price: rub(15000), Industries: []string{"Розница"}}
	tech := &regulars.Service{Name: "SEO-аудит с техническим анализом", Category: "SEO", Price: rub(25000)}
	for _, svc := range []*regulars.Service{basic, tech} {
		if err := s.Catalog.CreateService(ctx(), svc); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, s.Catalog.CreateService(ctx(), &regulars.Service{Name: "seo-аудит  БАЗОВЫЙ"}), regulars.EINVALID)
	got, err := s.Catalog.FindServiceByID(ctx(), basic.ID)
	if err != nil || !reflect.DeepEqual(got, basic) || !reflect.DeepEqual(got.Industries, []string{"розница"}) {
		t.Fatalf("found %+v, err %v", got, err)
	}
	l := &regulars.ServiceLink{FromID: basic.ID, ToID: tech.ID, Kind: regulars.LinkUpsell, GapDays: 30}
	if err := s.Catalog.CreateServiceLink(ctx(), l); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.Catalog.CreateServiceLink(ctx(), &regulars.ServiceLink{FromID: basic.ID, ToID: tech.ID, Kind: regulars.LinkUpsell}), regulars.ECONFLICT)
	wantCode(t, s.Catalog.CreateServiceLink(ctx(), &regulars.ServiceLink{FromID: basic.ID, ToID: basic.ID, Kind: regulars.LinkNext}), regulars.EINVALID)
	wantCode(t, s.Catalog.CreateServiceLink(ctx(), &regulars.ServiceLink{FromID: basic.ID, ToID: 999, Kind: regulars.LinkNext}), regulars.ENOTFOUND)
	links, err := s.Catalog.FindServiceLinks(ctx())
	if err != nil || len(links) != 1 || *links[0] != *l {
		t.Fatalf("links %v err %v", links, err)
	}
	// An order that named a service before the catalog had it gets linked when it is added.
	c := mustCreateClient(t, s, &regulars.Client{Name: "C"})
	o := mustCreateOrder(t, s, &regulars.Order{ClientID: c.ID, Service: "Логотип", Amount: rub(1), OrderedOn: day("2026-01-01")})
	logo := &regulars.Service{Name: "логотип"}
	if err := s.Catalog.CreateService(ctx(), logo); err != nil {
		t.Fatal(err)
	}
	got2, _ := s.Orders.FindOrderByID(ctx(), o.ID)
	if got2.ServiceID != logo.ID {
		t.Fatalf("order service_id %d, want %d", got2.ServiceID, logo.ID)
	}
	if err := s.Catalog.DeleteService(ctx(), basic.ID); err != nil {
		t.Fatal(err)
	}
	links, _ = s.Catalog.FindServiceLinks(ctx())
	if len(links) != 0 {
		t.Fatalf("links survive their service: %v", links)
	}
	wantCode(t, s.Catalog.DeleteServiceLink(ctx(), l.ID), regulars.ENOTFOUND)
}

func testRecords(t *testing.T, s Services) {
	c := mustCreateClient(t, s, &regulars.Client{Name: "C"})
	i := &regulars.Interaction{ClientID: c.ID, On: day("2026-11-20"), Channel: regulars.ChannelCall, Note: "обсудили планы"}
	d := &regulars.ImportantDate{ClientID: c.ID, Kind: regulars.DateBirthday, On: day("1992-02-29"), Yearly: true}
	p := &regulars.Plan{ClientID: c.ID, Title: "Запуск линейки", On: day("2027-09-01")}
	e := &regulars.Event{ClientID: c.ID, Name: "Downloaded:SEO-checklist", On: day("2026-11-21")}
	if err := s.Interactions.CreateInteraction(ctx(), i); err != nil {
		t.Fatal(err)
	}
	if err := s.Dates.CreateImportantDate(ctx(), d); err != nil {
		t.Fatal(err)
	}
	if err := s.Plans.CreatePlan(ctx(), p); err != nil {
		t.Fatal(err)
	}
	if err := s.Events.CreateEvent(ctx(), e); err != nil {
		t.Fatal(err)
	}
	f := regulars.RecordFilter{ClientID: &c.ID}
	is, _, err := s.Interactions.FindInteractions(ctx(), f)
	if err != nil || len(is) != 1 || *is[0] != *i || i.Direction != regulars.DirectionOutbound {
		t.Fatalf("interactions %+v err %v", is, err)
	}
	ds, _, err := s.Dates.FindImportantDates(ctx(), f)
	if err != nil || len(ds) != 1 || *ds[0] != *d {
		t.Fatalf("dates %+v err %v", ds, err)
	}
	ps, _, err := s.Plans.FindPlans(ctx(), f)
	if err != nil || len(ps) != 1 || *ps[0] != *p {
		t.Fatalf("plans %+v err %v", ps, err)
	}
	es, _, err := s.Events.FindEvents(ctx(), f)
	if err != nil || len(es) != 1 || *es[0] != *e || es[0].Name != "downloaded:seo-checklist" {
		t.Fatalf("events %+v err %v", es, err)
	}
	wantCode(t, s.Interactions.CreateInteraction(ctx(), &regulars.Interaction{ClientID: c.ID, On: day("2026-01-01"), Channel: "fax"}), regulars.EINVALID)
	wantCode(t, s.Dates.CreateImportantDate(ctx(), &regulars.ImportantDate{ClientID: c.ID, On: day("2026-01-01"), Kind: "wedding"}), regulars.EINVALID)
	wantCode(t, s.Plans.CreatePlan(ctx(), &regulars.Plan{ClientID: 999, Title: "x", On: day("2026-01-01")}), regulars.ENOTFOUND)
	wantCode(t, s.Events.CreateEvent(ctx(), &regulars.Event{ClientID: c.ID, Name: "two words", On: day("2026-01-01")}), regulars.EINVALID)
	if err := s.Plans.DeletePlan(ctx(), p.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.Plans.DeletePlan(ctx(), p.ID), regulars.ENOTFOUND)
}

func testBulkLoad(t *testing.T, s Services) {
	existing := mustCreateClient(t, s, &regulars.Client{Name: "Old", Email: "Old@Example.ru"})
	l, err := s.Bulk.BeginLoad(ctx())
	if err != nil {
		t.Fatal(err)
	}
	idx, err := l.ImportIndex(ctx())
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.Clients) != 1 || idx.Clients[0] != (regulars.ClientKey{ID: existing.ID, Email: "old@example.ru", Name: "old|", Label: "Old"}) {
		t.Fatalf("index clients %+v", idx.Clients)
	}
	svc := &regulars.Service{Name: "Лендинг", Price: rub(50000)}
	if err := l.AddService(ctx(), svc); err != nil {
		t.Fatal(err)
	}
	next := &regulars.Service{Name: "Аналитика"}
	if err := l.AddService(ctx(), next); err != nil {
		t.Fatal(err)
	}
	link := &regulars.ServiceLink{FromID: svc.ID, ToID: next.ID, Kind: regulars.LinkNext, GapDays: 30}
	if err := l.AddServiceLink(ctx(), link); err != nil || link.ID == 0 {
		t.Fatalf("link %+v err %v", link, err)
	}
	var ids []int64
	for i := 0; i < 3; i++ {
		c := &regulars.Client{Name: "Bulk", Tags: []string{"imported"}, ReferredBy: existing.ID}
		if err := l.AddClient(ctx(), c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
		o := &regulars.Order{ClientID: c.ID, Amount: rub(10), OrderedOn: day("2026-01-01"), Status: regulars.StatusPaid, ImportKey: int64(100 + i)}
		if err := l.AddOrder(ctx(), o); err != nil {
			t.Fatal(err)
		}
		if err := l.AddInteraction(ctx(), &regulars.Interaction{ClientID: c.ID, On: day("2026-01-02"), Channel: "call", Direction: "inbound"}); err != nil {
			t.Fatal(err)
		}
	}
	if ids[0] == 0 || ids[0] == ids[1] {
		t.Fatalf("client IDs %v", ids)
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	if links, _ := s.Catalog.FindServiceLinks(ctx()); len(links) != 1 || *links[0] != *link {
		t.Fatalf("links after load: %v", links)
	}
	sums, n, _ := s.Clients.FindClientSummaries(ctx(), regulars.ClientFilter{})
	if n != 4 || sums[1].Stats.Orders != 1 || !reflect.DeepEqual(sums[1].Tags, []string{"imported"}) || sums[1].ReferredBy != existing.ID {
		t.Fatalf("after load: n %d, %+v", n, sums[1])
	}

	// A second load sees the imported orders by key, and updates their state.
	l, err = s.Bulk.BeginLoad(ctx())
	if err != nil {
		t.Fatal(err)
	}
	idx, err = l.ImportIndex(ctx())
	if err != nil {
		t.Fatal(err)
	}
	st, ok := idx.Orders[101]
	if !ok || st.Status != regulars.StatusPaid || len(idx.Orders) != 3 {
		t.Fatalf("index orders %+v", idx.Orders)
	}
	if err := l.UpdateOrderState(ctx(), &regulars.Order{ID: st.ID, Status: regulars.StatusRefunded, DeliveredOn: day("2026-01-05")}); err != nil {
		t.Fatal(err)
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	o, _ := s.Orders.FindOrderByID(ctx(), st.ID)
	if o.Status != regulars.StatusRefunded || o.DeliveredOn != day("2026-01-05") {
		t.Fatalf("order after update %+v", o)
	}
}

func testBulkRollback(t *testing.T, s Services) {
	l, err := s.Bulk.BeginLoad(ctx())
	if err != nil {
		t.Fatal(err)
	}
	c := &regulars.Client{Name: "Never"}
	if err := l.AddClient(ctx(), c); err != nil {
		t.Fatal(err)
	}
	if err := l.AddOrder(ctx(), &regulars.Order{ClientID: c.ID, Amount: rub(1), OrderedOn: day("2026-01-01"), Status: "paid"}); err != nil {
		t.Fatal(err)
	}
	if err := l.Rollback(); err != nil {
		t.Fatal(err)
	}
	_, n, _ := s.Clients.FindClients(ctx(), regulars.ClientFilter{})
	_, m, _ := s.Orders.FindOrders(ctx(), regulars.OrderFilter{})
	if n != 0 || m != 0 {
		t.Fatalf("rolled back load left %d clients, %d orders", n, m)
	}
}

func testEachOrderRow(t *testing.T, s Services) {
	a := mustCreateClient(t, s, &regulars.Client{Name: "Анна", Company: "ООО «А»", Email: "a@example.ru", Phone: "+7 903 1"})
	b := mustCreateClient(t, s, &regulars.Client{Name: "Борис"})
	mustCreateOrder(t, s, &regulars.Order{ClientID: b.ID, Amount: rub(2), OrderedOn: day("2026-03-01")})
	mustCreateOrder(t, s, &regulars.Order{ClientID: a.ID, Amount: rub(1), OrderedOn: day("2026-02-01"), Title: "первый"})
	var got []string
	err := s.Orders.EachOrderRow(ctx(), regulars.OrderFilter{}, func(r *regulars.OrderRow) error {
		got = append(got, r.ClientName+"/"+r.ClientCompany+"/"+r.ClientEmail+"/"+r.Title+"/"+r.Amount.Major())
		return nil
	})
	want := []string{"Анна/ООО «А»/a@example.ru/первый/1.00", "Борис///" + "/2.00"}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("rows %q err %v, want %q", got, err, want)
	}
}

func testSettings(t *testing.T, s Services) {
	_, err := s.Settings.Setting(ctx(), "nope")
	wantCode(t, err, regulars.ENOTFOUND)
	for _, v := range []string{"один", "two"} {
		if err := s.Settings.SetSetting(ctx(), "k", v); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Settings.Setting(ctx(), "k"); err != nil || got != v {
			t.Fatalf("setting %q err %v, want %q", got, err, v)
		}
	}
}

func testLastContact(t *testing.T, s Services) {
	a := mustCreateClient(t, s, &regulars.Client{Name: "A"})
	b := mustCreateClient(t, s, &regulars.Client{Name: "B"})
	last := func(id int64) regulars.Date {
		t.Helper()
		c, err := s.Clients.FindClientByID(ctx(), id)
		if err != nil {
			t.Fatal(err)
		}
		return c.LastContact
	}
	if !last(a.ID).IsZero() {
		t.Fatal("a new client has a last contact")
	}
	i1 := &regulars.Interaction{ClientID: a.ID, On: day("2026-03-01")}
	i2 := &regulars.Interaction{ClientID: a.ID, On: day("2026-05-01")}
	i3 := &regulars.Interaction{ClientID: a.ID, On: day("2026-04-01")}
	for _, i := range []*regulars.Interaction{i1, i2, i3} {
		if err := s.Interactions.CreateInteraction(ctx(), i); err != nil {
			t.Fatal(err)
		}
	}
	if got := last(a.ID); got != day("2026-05-01") {
		t.Fatalf("last contact %v after three", got)
	}
	if err := s.Interactions.DeleteInteraction(ctx(), i2.ID); err != nil {
		t.Fatal(err)
	}
	if got := last(a.ID); got != day("2026-04-01") {
		t.Fatalf("last contact %v after deleting the latest", got)
	}
	wantCode(t, s.Interactions.DeleteInteraction(ctx(), i2.ID), regulars.ENOTFOUND)
	l, err := s.Bulk.BeginLoad(ctx())
	if err != nil {
		t.Fatal(err)
	}
	if err := l.AddInteraction(ctx(), &regulars.Interaction{ClientID: b.ID, On: day("2026-06-01"), Channel: "call", Direction: "inbound"}); err != nil {
		t.Fatal(err)
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := last(b.ID); got != day("2026-06-01") {
		t.Fatalf("last contact %v after a load", got)
	}
	m, err := s.Clients.MergeClients(ctx(), a.ID, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.LastContact != day("2026-06-01") {
		t.Fatalf("last contact %v after merging", m.LastContact)
	}
}
