package agenda

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/analytics"
)

// benchInput is a business of n clients with four orders each over three years, a birthday
// for every third, a plan for every tenth, segments and a small catalog: the agenda's input
// once it is read.
func benchInput(n int) Input {
	r := rand.New(rand.NewPCG(1, 2))
	hs, _ := Holidays()
	in := Input{Holidays: hs,
		Services: []*regulars.Service{{ID: 1, Name: "Лендинг"}, {ID: 2, Name: "Аналитика"}, {ID: 3, Name: "Логотип"}},
		Links:    []*regulars.ServiceLink{{FromID: 1, ToID: 2, Kind: regulars.LinkNext, GapDays: 30}, {FromID: 1, ToID: 3, Kind: regulars.LinkCrossSell}}}
	start := day("2023-11-26")
	inds := []string{"it", "розничная торговля", "медицина", "образование", ""}
	for id := int64(1); id <= int64(n); id++ {
		in.Clients = append(in.Clients, &regulars.Client{ID: id, Name: "Клиент Клиентов", Industry: inds[r.IntN(len(inds))],
			LastContact: start.AddDays(r.IntN(1095))})
		for k := 0; k < 4; k++ {
			on := start.AddDays(r.IntN(1095))
			in.Orders = append(in.Orders, Order{ID: id*10 + int64(k), ClientID: id, ServiceID: int64(1 + r.IntN(3)),
				Service: "Лендинг", OrderedOn: on, DeliveredOn: on.AddDays(10), DueOn: on.AddDays(10), Status: regulars.StatusPaid})
		}
		if id%3 == 0 {
			in.Dates = append(in.Dates, &regulars.ImportantDate{ID: id, ClientID: id, Kind: regulars.DateBirthday, On: start.AddDays(-r.IntN(15000)), Yearly: true})
		}
		if id%10 == 0 {
			in.Plans = append(in.Plans, &regulars.Plan{ID: id, ClientID: id, Title: "Запуск", On: start.AddDays(1095 + r.IntN(200))})
		}
		in.Segments = append(in.Segments, analytics.ClientSegment{ClientID: id, Monetary: int64(r.IntN(50000000)), Currency: "RUB",
			VIP: id%20 == 0, Sleeping: id%5 == 0, Activity: analytics.Activity(1 + r.IntN(2))})
	}
	return in
}

// BenchmarkAgenda100k builds, ranks and drafts the agenda of 100,000 clients from their data
// in memory (the store read is not in it).
func BenchmarkAgenda100k(b *testing.B) {
	in := benchInput(100_000)
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, msk)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		items := Build(in, now, msk, Config{})
		Rank(items, in, day("2026-11-26"))
		Drafts(items[:min(Top, len(items))], in, day("2026-11-26"), "ru") // as the web app's snapshot does
		b.ReportMetric(float64(len(items)), "items")
	}
}
