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
	// The stream the agenda reads: every order, as FindOrders gives them.
	var each []*regulars.Order
	if err := s.Orders.EachOrder(ctx(), func(o *regulars.Order) error { c := *o; each = append(each, &c); return nil }); err != nil {
		t.Fatal(err)
	}
	all, _, _ := s.Orders.FindOrders(ctx(), regulars.OrderFilter{})
	if !reflect.DeepEqual(each, all) {
		t.Fatalf("EachOrder %v, FindOrders %v", each, all)
	}
}
