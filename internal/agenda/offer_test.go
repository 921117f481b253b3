package agenda

import (
	"strings"
	"testing"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/locale"
)

func TestOffers(t *testing.T) {
	rub := func(major int64) regulars.Money { return regulars.Money{Minor: major * 100, Currency: "RUB"} }
	in := Input{
		Clients: []*regulars.Client{
			{ID: 1, Name: "Анна", Industry: "IT"},
			{ID: 2, Name: "Борис", Industry: "IT"},
			{ID: 3, Name: "Вера", Industry: "Розница"},
		},
		Services: []*regulars.Service{
			{ID: 1, Name: "Лендинг", Price: rub(50000)},
			{ID: 2, Name: "Аналитика", Price: rub(25000)},
			{ID: 3, Name: "Логотип", Price: rub(30000)},
			{ID: 6, Name: "Реклама", Price: rub(40000), Industries: []string{"розница"}},
		},
		Links: []*regulars.ServiceLink{
			{FromID: 1, ToID: 3, Kind: regulars.LinkCrossSell},
			{FromID: 1, ToID: 2, Kind: regulars.LinkNext, GapDays: 30},
			{FromID: 2, ToID: 6, Kind: regulars.LinkNext, GapDays: 20},
		},
		Orders: []Order{
			// Анна's landing, delivered 20 October: analytics, the next step, 30 days later.
			{ID: 10, ClientID: 1, ServiceID: 1, Service: "Лендинг", OrderedOn: day("2026-10-01"), DeliveredOn: day("2026-10-20"), Status: regulars.StatusPaid},
			// Борис has both: the landing's next step is taken, so its cross-sell; ads do not fit IT.
			{ID: 20, ClientID: 2, ServiceID: 1, Service: "Лендинг", OrderedOn: day("2026-10-10"), DeliveredOn: day("2026-10-25"), Status: regulars.StatusPaid},
			{ID: 21, ClientID: 2, ServiceID: 2, Service: "Аналитика", OrderedOn: day("2026-10-26"), DeliveredOn: day("2026-11-01"), Status: regulars.StatusPaid},
			// Вера's analytics: ads fit retail, 20 days later.
			{ID: 30, ClientID: 3, ServiceID: 2, Service: "Аналитика", OrderedOn: day("2026-10-20"), DeliveredOn: day("2026-11-01"), Status: regulars.StatusPaid},
		},
	}
	at := time.Date(2026, 11, 26, 10, 0, 0, 0, msk)
	var got []string
	for _, it := range Build(in, at, msk, Config{}) {
		if it.Kind == KindNextOffer {
			got = append(got, it.DueOn.String()+" "+it.Name+" "+it.Key+" "+it.Offer.Name+" "+it.Offer.Price.Major())
		}
	}
	want := "2026-11-19 Анна offer:10:2 Аналитика 25000.00|2026-11-21 Вера offer:30:6 Реклама 40000.00|2026-11-24 Борис offer:20:3 Логотип 30000.00"
	if strings.Join(got, "|") != want {
		t.Errorf("offers:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.ReplaceAll(want, "|", "\n"))
	}
	items := Build(in, at, msk, Config{})
	Drafts(items, in, day("2026-11-26"), locale.RU)
	for _, it := range items {
		if it.Key == "offer:10:2" && (it.Draft == nil || it.Draft.Body != "Анна, после «Лендинг» обычно хорошо работает «Аналитика». Рассказать подробнее?") {
			t.Errorf("offer draft %+v", it.Draft)
		}
	}
}

func TestBehaviourOffers(t *testing.T) {
	rub := func(major int64) regulars.Money { return regulars.Money{Minor: major * 100, Currency: "RUB"} }
	in := Input{
		Clients: []*regulars.Client{{ID: 1, Name: "Анна"}, {ID: 2, Name: "Борис"}},
		Services: []*regulars.Service{
			{ID: 4, Name: "SEO-аудит базовый", Price: rub(15000)},
			{ID: 5, Name: "SEO-аудит с техническим анализом", Price: rub(25000)},
			{ID: 7, Name: "Лендинг", Price: rub(50000)},
		},
		Orders: []Order{{ID: 1, ClientID: 2, ServiceID: 4, OrderedOn: day("2025-01-01"), Status: regulars.StatusPaid}},
		Events: []*regulars.Event{
			{ID: 9, ClientID: 1, Name: "downloaded:seo-checklist", On: day("2026-11-25")},
			{ID: 10, ClientID: 2, Name: "downloaded:seo-checklist", On: day("2026-11-25")}, // has the basic audit: the next tier
			{ID: 11, ClientID: 1, Name: "visited:pricing", On: day("2026-11-25")},          // no service about pricing
		},
	}
	at := time.Date(2026, 11, 26, 10, 0, 0, 0, msk)
	var got []string
	for _, it := range Build(in, at, msk, Config{}) {
		if it.Kind == KindBehaviourOffer {
			got = append(got, it.DueOn.String()+" "+it.Name+" "+it.Key+" "+it.Offer.Name)
		}
	}
	want := "2026-11-27 Анна behaviour:9 SEO-аудит базовый|2026-11-27 Борис behaviour:10 SEO-аудит с техническим анализом"
	if strings.Join(got, "|") != want {
		t.Errorf("behaviour offers:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.ReplaceAll(want, "|", "\n"))
	}
}
