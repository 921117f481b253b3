package storetest

import (
	"reflect"
	"testing"

	"github.com/regulars/regulars"
)

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
	// Text that COPY's format must escape comes back as it went in.
	odd := &regulars.Client{Name: "Tab\there, back\\slash \\N", Notes: "line\nbreak\r\nend \\.", Company: `"ООО «Ёж»"`}
	if err := l.AddClient(ctx(), odd); err != nil {
		t.Fatal(err)
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Clients.FindClientByID(ctx(), odd.ID); err != nil || got.Name != odd.Name || got.Notes != odd.Notes || got.Company != odd.Company {
		t.Fatalf("odd text after load: %+v, %v", got, err)
	}
	if links, _ := s.Catalog.FindServiceLinks(ctx()); len(links) != 1 || *links[0] != *link {
		t.Fatalf("links after load: %v", links)
	}
	sums, n, _ := s.Clients.FindClientSummaries(ctx(), regulars.ClientFilter{})
	if n != 5 || sums[1].Stats.Orders != 1 || !reflect.DeepEqual(sums[1].Tags, []string{"imported"}) || sums[1].ReferredBy != existing.ID {
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
	if err := l.UpdateOrderState(ctx(), &regulars.Order{ID: st.ID, Status: regulars.StatusRefunded, DeliveredOn: day("2026-01-05")}, nil); err != nil {
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

// testBulkDanglingReference: a load whose rows refer to a client or service that does not
// exist fails at commit and writes nothing, and the foreign keys hold for writes after it.
func testBulkDanglingReference(t *testing.T, s Services) {
	old := mustCreateClient(t, s, &regulars.Client{Name: "Old"})
	for _, o := range []*regulars.Order{
		{ClientID: old.ID + 1000, Amount: rub(1), OrderedOn: day("2026-01-01"), Status: "paid"},
		{ClientID: old.ID, ServiceID: 9999, Amount: rub(1), OrderedOn: day("2026-01-01"), Status: "paid"},
	} {
		l, err := s.Bulk.BeginLoad(ctx())
		if err != nil {
			t.Fatal(err)
		}
		c := &regulars.Client{Name: "New"}
		if err := l.AddClient(ctx(), c); err != nil {
			t.Fatal(err)
		}
		if err := l.AddOrder(ctx(), &regulars.Order{ClientID: old.ID, Amount: rub(1), OrderedOn: day("2026-01-01"), Status: "paid"}); err != nil {
			t.Fatal(err)
		}
		if err := l.AddOrder(ctx(), o); err != nil {
			t.Fatal(err)
		}
		if err := l.Commit(); err == nil {
			t.Errorf("a load referring to client %d, service %d committed", o.ClientID, o.ServiceID)
		}
		l.Rollback()
		_, n, _ := s.Clients.FindClients(ctx(), regulars.ClientFilter{})
		_, m, _ := s.Orders.FindOrders(ctx(), regulars.OrderFilter{})
		if n != 1 || m != 0 {
			t.Fatalf("a failed load left %d clients, %d orders", n, m)
		}
	}
	if err := s.Orders.CreateOrder(ctx(), &regulars.Order{ClientID: old.ID + 1000, Amount: rub(1), OrderedOn: day("2026-01-01"), Status: "paid"}); err == nil {
		t.Error("after a load, an order of a client that does not exist was written")
	}
}

// testBulkLoadFields: every kind of value a load writes comes back as it went in — dates on
// both sides of 1970 and 2000 and none, booleans, references and none, money, the clock's
// timestamps — in each table a load fills.
func testBulkLoadFields(t *testing.T, s Services) {
	ref := mustCreateClient(t, s, &regulars.Client{Name: "Referrer"})
	l, err := s.Bulk.BeginLoad(ctx())
	if err != nil {
		t.Fatal(err)
	}
	svc := &regulars.Service{Name: "Аудит", Price: rub(1)}
	if err := l.AddService(ctx(), svc); err != nil {
		t.Fatal(err)
	}
	c := &regulars.Client{Name: "Ирина", Company: "ИП", Email: "Irina@Example.RU", Phone: "8 903 123-45-67",
		Messenger: "@irina", Industry: "retail", TimeZone: "Asia/Yekaterinburg", Source: "referral", ReferredBy: ref.ID,
		Notes: "n", PainPoints: "p", Goals: "g", PreferredChannel: "email", DetailLevel: "brief", PreferredTime: "morning",
		MarketingConsent: true, ConsentOn: day("1999-12-31"), Tags: []string{"vip", "опт"}}
	plain := &regulars.Client{Name: "Без всего"}
	for _, x := range []*regulars.Client{c, plain} {
		if err := l.AddClient(ctx(), x); err != nil {
			t.Fatal(err)
		}
	}
	orders := []*regulars.Order{
		{ClientID: c.ID, ServiceID: svc.ID, Service: "Аудит", Title: "Аудит сайта", Amount: regulars.Money{Minor: 123456789012, Currency: "USD"},
			OrderedOn: day("1969-07-20"), DueOn: day("2000-01-01"), DeliveredOn: day("2000-01-02"), Status: regulars.StatusDelivered, ImportKey: 1 << 62},
		{ClientID: plain.ID, Amount: rub(0), OrderedOn: day("2026-11-22"), Status: regulars.StatusPlanned},
	}
	for _, o := range orders {
		if err := l.AddOrder(ctx(), o); err != nil {
			t.Fatal(err)
		}
	}
	in := &regulars.Interaction{ClientID: c.ID, On: day("2024-02-29"), Channel: "email", Direction: "outbound", Note: "x"}
	dt := &regulars.ImportantDate{ClientID: c.ID, Kind: "birthday", On: day("1985-03-08"), Yearly: true, Note: "ДР"}
	once := &regulars.ImportantDate{ClientID: c.ID, Kind: "custom", On: day("2027-01-15")}
	pl := &regulars.Plan{ClientID: c.ID, Title: "Редизайн", On: day("2027-06-01"), Note: "весной"}
	ev := &regulars.Event{ClientID: c.ID, Name: "downloaded:seo-checklist", On: day("2026-11-20"), Note: "с сайта"}
	for _, err := range []error{l.AddInteraction(ctx(), in), l.AddImportantDate(ctx(), dt), l.AddImportantDate(ctx(), once),
		l.AddPlan(ctx(), pl), l.AddEvent(ctx(), ev)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}

	got, err := s.Clients.FindClientByID(ctx(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := *c
	want.ID, want.CreatedAt, want.UpdatedAt, want.LastContact = got.ID, Now, Now, in.On
	got.CreatedAt, got.UpdatedAt = got.CreatedAt.UTC(), got.UpdatedAt.UTC()
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("client after load\n got %+v\nwant %+v", *got, want)
	}
	if p, err := s.Clients.FindClientByID(ctx(), plain.ID); err != nil || p.ReferredBy != 0 || p.MarketingConsent || !p.ConsentOn.IsZero() || len(p.Tags) != 0 {
		t.Errorf("plain client after load: %+v, %v", p, err)
	}
	os, _, err := s.Orders.FindOrders(ctx(), regulars.OrderFilter{})
	if err != nil || len(os) != 2 {
		t.Fatalf("orders after load: %v, %v", os, err)
	}
	for i, o := range os {
		w := *orders[i]
		w.ID, w.CreatedAt, w.UpdatedAt = o.ID, Now, Now
		o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
		if !reflect.DeepEqual(*o, w) {
			t.Errorf("order %d after load\n got %+v\nwant %+v", i, *o, w)
		}
	}
	id := &c.ID
	is, _, _ := s.Interactions.FindInteractions(ctx(), regulars.RecordFilter{ClientID: id})
	ds, _, _ := s.Dates.FindImportantDates(ctx(), regulars.RecordFilter{ClientID: id})
	ps, _, _ := s.Plans.FindPlans(ctx(), regulars.RecordFilter{ClientID: id})
	es, _, _ := s.Events.FindEvents(ctx(), regulars.RecordFilter{ClientID: id})
	if len(is) != 1 || len(ds) != 2 || len(ps) != 1 || len(es) != 1 {
		t.Fatalf("records after load: %d interactions, %d dates, %d plans, %d events", len(is), len(ds), len(ps), len(es))
	}
	check := func(what string, got, want any) {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s after load\n got %+v\nwant %+v", what, got, want)
		}
	}
	gi, wi := *is[0], *in
	gi.CreatedAt, wi.ID, wi.CreatedAt = gi.CreatedAt.UTC(), gi.ID, Now
	check("interaction", gi, wi)
	for k, w := range []regulars.ImportantDate{*dt, *once} {
		g := *ds[k]
		g.CreatedAt, w.ID, w.CreatedAt = g.CreatedAt.UTC(), g.ID, Now
		check("important date", g, w)
	}
	gp, wp := *ps[0], *pl
	gp.CreatedAt, wp.ID, wp.CreatedAt = gp.CreatedAt.UTC(), gp.ID, Now
	check("plan", gp, wp)
	ge, we := *es[0], *ev
	ge.CreatedAt, we.ID, we.CreatedAt = ge.CreatedAt.UTC(), ge.ID, Now
	check("event", ge, we)
}
