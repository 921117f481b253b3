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
