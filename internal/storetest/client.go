package storetest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/regulars/regulars"
)

func testClientCRUD(t *testing.T, s Services) {
	c := mustCreateClient(t, s, &regulars.Client{
		Name: "Анна Смирнова", Company: "ООО «Ромашка»", Email: "Anna@Example.ru", Phone: "8 (903) 123-45-67",
		Messenger: "@anna", Industry: "косметика", TimeZone: "Asia/Yekaterinburg", Source: "рекомендация",
		Tags: []string{"VIP", " vip", "сайт"}, Notes: "любит <b>краткие</b> отчёты", PainPoints: "мало заявок",
		Goals: "запуск линейки осенью", PreferredChannel: regulars.ChannelMessage, DetailLevel: regulars.DetailBrief,
		PreferredTime: regulars.TimeMorning, MarketingConsent: true, ConsentOn: day("2026-01-15"),
	})
	if c.ID == 0 || !c.CreatedAt.Equal(Now) {
		t.Fatalf("ID %d, CreatedAt %v; want an ID and %v", c.ID, c.CreatedAt, Now)
	}
	got, err := s.Clients.FindClientByID(ctx(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, c) {
		t.Fatalf("found\n%+v\nwant\n%+v", got, c)
	}
	if want := []string{"vip", "сайт"}; !reflect.DeepEqual(got.Tags, want) {
		t.Fatalf("tags %q, want %q", got.Tags, want)
	}

	name, tags := "Анна Петрова", []string{"спящий"}
	upd, err := s.Clients.UpdateClient(ctx(), c.ID, regulars.ClientUpdate{Name: &name, Tags: &tags})
	if err != nil {
		t.Fatal(err)
	}
	if upd.Name != name || upd.Email != c.Email || !reflect.DeepEqual(upd.Tags, tags) {
		t.Fatalf("updated %+v", upd)
	}
	got, _ = s.Clients.FindClientByID(ctx(), c.ID)
	if got.Name != name || !reflect.DeepEqual(got.Tags, tags) {
		t.Fatalf("after update found %+v", got)
	}

	if err := s.Clients.DeleteClient(ctx(), c.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.Clients.FindClientByID(ctx(), c.ID)
	wantCode(t, err, regulars.ENOTFOUND)
	wantCode(t, s.Clients.DeleteClient(ctx(), c.ID), regulars.ENOTFOUND)
	_, err = s.Clients.UpdateClient(ctx(), 999, regulars.ClientUpdate{Name: &name})
	wantCode(t, err, regulars.ENOTFOUND)
}

func testClientValidation(t *testing.T, s Services) {
	for _, c := range []*regulars.Client{
		{},
		{Name: "X", Email: "not-an-email"},
		{Name: "X", PreferredChannel: "pigeon"},
		{Name: "X", DetailLevel: "verbose"},
		{Name: "X", PreferredTime: "night"},
		{Name: "X", TimeZone: "Mars/Olympus"},
	} {
		wantCode(t, s.Clients.CreateClient(ctx(), c), regulars.EINVALID)
	}
	// A client known only by company gets the company as name.
	c := mustCreateClient(t, s, &regulars.Client{Company: "ИП Козлов"})
	if c.Name != "ИП Козлов" {
		t.Fatalf("name %q", c.Name)
	}
}

func testClientFilter(t *testing.T, s Services) {
	a := mustCreateClient(t, s, &regulars.Client{Name: "Борис Иванов", Email: "boris@example.ru", Phone: "+7 903 111-22-33", Tags: []string{"vip"}})
	b := mustCreateClient(t, s, &regulars.Client{Name: "Вера Орлова", Company: "Студия 100%_дизайна", Phone: "8 912 000 00 01"})
	mustCreateClient(t, s, &regulars.Client{Name: "Глеб Сидоров"})
	find := func(f regulars.ClientFilter) ([]int64, int) {
		t.Helper()
		cs, n, err := s.Clients.FindClients(ctx(), f)
		if err != nil {
			t.Fatal(err)
		}
		ids := []int64{}
		for _, c := range cs {
			ids = append(ids, c.ID)
		}
		return ids, n
	}
	str := func(s string) *string { return &s }
	for _, tc := range []struct {
		name  string
		f     regulars.ClientFilter
		want  []int64
		total int
	}{
		{"email case", regulars.ClientFilter{Email: str("BORIS@example.RU")}, []int64{a.ID}, 1},
		{"phone 8 vs +7", regulars.ClientFilter{Phone: str("89031112233")}, []int64{a.ID}, 1},
		{"tag", regulars.ClientFilter{Tag: str("VIP")}, []int64{a.ID}, 1},
		{"query cyrillic case", regulars.ClientFilter{Query: str("ОРЛОВА")}, []int64{b.ID}, 1},
		{"query wildcard literal", regulars.ClientFilter{Query: str("100%_")}, []int64{b.ID}, 1},
		{"query % alone", regulars.ClientFilter{Query: str("%")}, []int64{b.ID}, 1},
		{"query a phone as typed otherwise", regulars.ClientFilter{Query: str("89031112233")}, []int64{a.ID}, 1},
		{"query part of a phone", regulars.ClientFilter{Query: str("912 000-00")}, []int64{b.ID}, 1},
		{"query +7 for 8", regulars.ClientFilter{Query: str("+7 (912) 000")}, []int64{b.ID}, 1},
		{"query the country code and an area", regulars.ClientFilter{Query: str("+7 903")}, []int64{a.ID}, 1},
		{"query the trunk prefix and an area", regulars.ClientFilter{Query: str("8 903")}, []int64{a.ID}, 1},
		{"query an area in parentheses", regulars.ClientFilter{Query: str("(912)")}, []int64{b.ID}, 1},
		{"query an area code, not digits inside", regulars.ClientFilter{Query: str("(111)")}, []int64{}, 0},
		{"query the last four digits", regulars.ClientFilter{Query: str("2233")}, []int64{a.ID}, 1},
		{"query the last digits with a dash", regulars.ClientFilter{Query: str("00-01")}, []int64{b.ID}, 1},
		{"query a whole number with 8", regulars.ClientFilter{Query: str("8 (912) 000-00-01")}, []int64{b.ID}, 1},
		{"limit", regulars.ClientFilter{Limit: 1}, []int64{a.ID}, 3},
		{"offset", regulars.ClientFilter{Offset: 2}, []int64{a.ID + 2}, 3},
	} {
		ids, n := find(tc.f)
		if !reflect.DeepEqual(ids, tc.want) || n != tc.total {
			t.Errorf("%s: got %v total %d, want %v total %d", tc.name, ids, n, tc.want, tc.total)
		}
	}
}

func testClientSummaries(t *testing.T, s Services) {
	a := mustCreateClient(t, s, &regulars.Client{Name: "A"})
	b := mustCreateClient(t, s, &regulars.Client{Name: "B"})
	for _, o := range []*regulars.Order{
		{ClientID: a.ID, Amount: rub(50000), OrderedOn: day("2025-03-01")},
		{ClientID: a.ID, Amount: rub(15000), OrderedOn: day("2026-02-10"), Status: regulars.StatusDelivered},
		{ClientID: a.ID, Amount: rub(99999), OrderedOn: day("2026-05-10"), Status: regulars.StatusCancelled},
		{ClientID: a.ID, Amount: rub(1000), OrderedOn: day("2026-06-10"), Status: regulars.StatusRefunded},
		{ClientID: a.ID, Amount: regulars.Money{Minor: 500, Currency: "USD"}, OrderedOn: day("2026-07-01")},
	} {
		mustCreateOrder(t, s, o)
	}
	sums, n, err := s.Clients.FindClientSummaries(ctx(), regulars.ClientFilter{})
	if err != nil || n != 2 {
		t.Fatalf("n %d err %v", n, err)
	}
	want := regulars.ClientStats{Orders: 3, Revenue: rub(65000), FirstOrder: day("2025-03-01"), LastOrder: day("2026-07-01")}
	if sums[0].ID != a.ID || sums[0].Stats != want {
		t.Fatalf("stats %+v, want %+v", sums[0].Stats, want)
	}
	if sums[1].ID != b.ID || sums[1].Stats != (regulars.ClientStats{}) {
		t.Fatalf("stats of a client without orders %+v", sums[1].Stats)
	}
}

func testMergeClients(t *testing.T, s Services) {
	ref := mustCreateClient(t, s, &regulars.Client{Name: "Referrer"})
	a := mustCreateClient(t, s, &regulars.Client{Name: "Дмитрий", Email: "d@example.ru", Tags: []string{"vip"}, Notes: "A"})
	b := mustCreateClient(t, s, &regulars.Client{Name: "Дмитрий К.", Phone: "+7 903 000-00-00", Tags: []string{"сайт", "vip"},
		Notes: "B", ReferredBy: ref.ID, Industry: "IT"})
	c := mustCreateClient(t, s, &regulars.Client{Name: "Referred by B", ReferredBy: b.ID})
	mustCreateOrder(t, s, &regulars.Order{ClientID: a.ID, Amount: rub(100), OrderedOn: day("2026-01-01")})
	mustCreateOrder(t, s, &regulars.Order{ClientID: b.ID, Amount: rub(200), OrderedOn: day("2026-02-01")})
	if err := s.Interactions.CreateInteraction(ctx(), &regulars.Interaction{ClientID: b.ID, On: day("2026-02-02")}); err != nil {
		t.Fatal(err)
	}
	m, err := s.Clients.MergeClients(ctx(), a.ID, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Phone != b.Phone || m.Email != a.Email || m.Industry != "IT" || m.ReferredBy != ref.ID ||
		!reflect.DeepEqual(m.Tags, []string{"vip", "сайт"}) || m.Notes != "A\n\nB" {
		t.Fatalf("merged %+v", m)
	}
	_, err = s.Clients.FindClientByID(ctx(), b.ID)
	wantCode(t, err, regulars.ENOTFOUND)
	orders, n, _ := s.Orders.FindOrders(ctx(), regulars.OrderFilter{ClientID: &a.ID})
	if n != 2 || len(orders) != 2 {
		t.Fatalf("orders after merge: %d", n)
	}
	_, n, _ = s.Interactions.FindInteractions(ctx(), regulars.RecordFilter{ClientID: &a.ID})
	if n != 1 {
		t.Fatalf("interactions after merge: %d", n)
	}
	got, _ := s.Clients.FindClientByID(ctx(), c.ID)
	if got.ReferredBy != a.ID {
		t.Fatalf("referral now points to %d, want %d", got.ReferredBy, a.ID)
	}
	_, err = s.Clients.MergeClients(ctx(), a.ID, a.ID)
	wantCode(t, err, regulars.EINVALID)
	_, err = s.Clients.MergeClients(ctx(), a.ID, 12345)
	wantCode(t, err, regulars.ENOTFOUND)
}

// testClientUniqueEmail: a client's email is no other client's, in any case, nor that of a
// client merged into another.
func testClientUniqueEmail(t *testing.T, s Services) {
	a := mustCreateClient(t, s, &regulars.Client{Name: "Анна", Email: "anna@example.ru"})
	err := s.Clients.CreateClient(ctx(), &regulars.Client{Name: "Анна 2", Email: " ANNA@example.ru "})
	wantCode(t, err, regulars.ECONFLICT)
	b := mustCreateClient(t, s, &regulars.Client{Name: "Борис", Email: "boris@example.ru"})
	email := "Anna@Example.ru"
	_, err = s.Clients.UpdateClient(ctx(), b.ID, regulars.ClientUpdate{Email: &email})
	wantCode(t, err, regulars.ECONFLICT)
	name := "Анна Петрова"
	if _, err := s.Clients.UpdateClient(ctx(), a.ID, regulars.ClientUpdate{Name: &name}); err != nil {
		t.Fatalf("update keeping its own email: %v", err)
	}
	blank := " "
	_, err = s.Clients.UpdateClient(ctx(), a.ID, regulars.ClientUpdate{Name: &blank})
	wantCode(t, err, regulars.EINVALID)
	c := mustCreateClient(t, s, &regulars.Client{Name: "Вера", Email: "vera@example.ru"})
	if _, err := s.Clients.MergeClients(ctx(), a.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	err = s.Clients.CreateClient(ctx(), &regulars.Client{Name: "Вера", Email: "vera@example.ru"})
	wantCode(t, err, regulars.ECONFLICT)
	if !strings.Contains(regulars.ErrorMessage(err), "from a client merged into it") {
		t.Errorf("an email of a merged client: %v", err)
	}
}

// testEachClientSummary: the paged walk gives what FindClientSummaries gives, across pages.
func testEachClientSummary(t *testing.T, s Services) {
	l, err := s.Bulk.BeginLoad(ctx())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4500; i++ {
		c := &regulars.Client{Name: "C", Tags: []string{"t"}}
		if err := l.AddClient(ctx(), c); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			l.AddOrder(ctx(), &regulars.Order{ClientID: c.ID, Amount: rub(int64(i)), OrderedOn: day("2026-01-01"), Status: regulars.StatusPaid})
		}
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	want, _, err := s.Clients.FindClientSummaries(ctx(), regulars.ClientFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []regulars.ClientSummary
	if err := s.Clients.EachClientSummary(ctx(), func(c regulars.ClientSummary) error {
		got = append(got, c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 4500 || !reflect.DeepEqual(got, want) {
		t.Fatalf("walked %d clients, want the %d found", len(got), len(want))
	}
}
