package storetest

import (
	"reflect"
	"testing"

	"github.com/regulars/regulars"
)

func testCatalog(t *testing.T, s Services) {
	basic := &regulars.Service{Name: "SEO-аудит базовый", Category: "SEO", Price: rub(15000), Industries: []string{"Розница"}}
	tech := &regulars.Service{Name: "SEO-аудит с техническим анализом", Category: "SEO", Price: rub(25000)}
	for _, svc := range []*regulars.Service{basic, tech} {
		if err := s.Catalog.CreateService(ctx(), svc); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, s.Catalog.CreateService(ctx(), &regulars.Service{Name: "seo-аудит  БАЗОВЫЙ"}), regulars.ECONFLICT)
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
