package storetest

import (
	"testing"

	"github.com/regulars/regulars"
)

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
	// The dates that fall on a day: a yearly 29 February on the 28th in other years, a
	// once-only date on its own day only.
	once := &regulars.ImportantDate{ClientID: c.ID, Kind: regulars.DateProductLaunch, On: day("2027-03-15")}
	if err := s.Dates.CreateImportantDate(ctx(), once); err != nil {
		t.Fatal(err)
	}
	for on, want := range map[string]int{"2027-02-28": 1, "2028-02-28": 0, "2028-02-29": 1, "2027-03-01": 0, "2027-03-15": 1, "2028-03-15": 0} {
		d := day(on)
		got, _, err := s.Dates.FindImportantDates(ctx(), regulars.RecordFilter{Falls: &d})
		if err != nil || len(got) != want {
			t.Errorf("dates falling on %s: %v, %v; want %d", on, got, err, want)
		}
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
