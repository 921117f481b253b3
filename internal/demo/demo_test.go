package demo_test

import (
	"context"
	"errors"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/demo"
)

var asOf = regulars.MustParseDate("2026-06-15")

// generate runs Generate into a recording loader and fails the test on any error or on a
// record the loader found wrong.
func generate(t *testing.T, cfg demo.Config) (demo.Stats, *catalog, *loader) {
	t.Helper()
	l := &loader{keep: true}
	st, err := demo.Generate(context.Background(), cfg, l)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	for _, p := range l.problems {
		t.Error(p)
	}
	return st, &l.catalog, l
}

func TestGenerate(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		st, cat, l := generate(t, demo.Config{Clients: 500, Seed: 7, AsOf: asOf})
		want := demo.Stats{
			Services: len(cat.services), Links: len(cat.links), Clients: len(l.clients), Orders: len(l.orders),
			Interactions: len(l.interactions), Dates: len(l.dates), Plans: len(l.plans), Events: len(l.events),
		}
		if st != want {
			t.Fatalf("Stats=%+v, want the records loaded %+v", st, want)
		}
		if st.Clients != 500 || st.Services < 20 || st.Links < 15 {
			t.Fatalf("Stats=%+v, want 500 clients, 20+ services, 15+ links", st)
		}
		for name, n := range map[string]int{"interactions": st.Interactions, "dates": st.Dates, "plans": st.Plans, "events": st.Events} {
			if n < st.Clients/10 {
				t.Errorf("%s=%d, want at least %d", name, n, st.Clients/10)
			}
		}
	})
	t.Run("OneClient", func(t *testing.T) {
		st, _, l := generate(t, demo.Config{Clients: 1, AsOf: asOf})
		if st.Clients != 1 || st.Orders < 1 || l.clients[0].ID != 1 {
			t.Fatalf("Stats=%+v, want one client with its orders", st)
		}
	})
	t.Run("NoClients", func(t *testing.T) {
		st, _, _ := generate(t, demo.Config{Clients: -1, AsOf: asOf})
		if st.Clients != 0 || st.Orders != 0 || st.Services == 0 {
			t.Fatalf("Stats=%+v, want the catalog only", st)
		}
	})
	t.Run("DefaultClients", func(t *testing.T) {
		st, _, _ := generate(t, demo.Config{AsOf: asOf})
		if st.Clients != demo.DefaultClients {
			t.Fatalf("Clients=%d, want %d", st.Clients, demo.DefaultClients)
		}
	})
	t.Run("ErrAsOfRequired", func(t *testing.T) {
		_, err := demo.Generate(context.Background(), demo.Config{Clients: 10}, &loader{})
		if regulars.ErrorCode(err) != regulars.EINVALID {
			t.Fatalf("err=%v, want EINVALID", err)
		}
	})
	t.Run("ErrLoader", func(t *testing.T) {
		l := &loader{failAt: 50}
		st, err := demo.Generate(context.Background(), demo.Config{Clients: 100, AsOf: asOf}, l)
		if err == nil || err.Error() != "disk full" || st.Orders != 49 {
			t.Fatalf("err=%v orders=%d, want disk full after 49 orders", err, st.Orders)
		}
	})
	t.Run("ErrCanceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		st, err := demo.Generate(ctx, demo.Config{Clients: 100, AsOf: asOf}, &loader{})
		if !errors.Is(err, context.Canceled) || st.Clients != 0 {
			t.Fatalf("err=%v clients=%d, want context.Canceled before any client", err, st.Clients)
		}
	})
}

func TestGenerate_Deterministic(t *testing.T) {
	cfg := demo.Config{Clients: 200, Seed: 42, AsOf: asOf}
	_, _, a := generate(t, cfg)
	_, _, b := generate(t, cfg)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs with the same seed differ")
	}
	cfg.Seed = 43
	_, _, c := generate(t, cfg)
	if reflect.DeepEqual(a.clients, c.clients) || reflect.DeepEqual(a.orders, c.orders) {
		t.Fatal("runs with different seeds are equal")
	}
	// The first clients do not depend on how many are generated.
	cfg.Seed, cfg.Clients = 42, 50
	_, _, d := generate(t, cfg)
	if !reflect.DeepEqual(a.clients[:50], d.clients) {
		t.Fatal("the first 50 of 200 clients differ from 50 clients generated alone")
	}
}

func TestGenerate_Catalog(t *testing.T) {
	_, cat, _ := generate(t, demo.Config{Clients: -1, AsOf: asOf})
	byName := map[string]*regulars.Service{}
	for _, s := range cat.services {
		if err := s.Validate(); err != nil || s.ID == 0 || s.Price.Currency != "RUB" || s.Category == "" {
			t.Errorf("service %+v: %v", s, err)
		}
		byName[s.Name] = s
	}
	has := func(from, to, kind string) bool {
		for _, l := range cat.links {
			if l.FromID == byName[from].ID && l.ToID == byName[to].ID && l.Kind == kind {
				return true
			}
		}
		return false
	}
	links := []struct{ from, to, kind string }{
		{"Лендинг", "Настройка веб-аналитики", regulars.LinkNext},
		{"Настройка веб-аналитики", "Оптимизация конверсии", regulars.LinkNext},
		{"Оптимизация конверсии", "Настройка контекстной рекламы", regulars.LinkNext},
		{"SEO-аудит базовый", "SEO-аудит с техническим анализом", regulars.LinkUpsell},
		{"SEO-аудит с техническим анализом", "SEO-аудит полный с планом работ", regulars.LinkUpsell},
		{"Логотип", "Фирменные цвета и шрифты", regulars.LinkCrossSell},
		{"Перевод сайта на английский", "Культурная адаптация для зарубежного рынка", regulars.LinkCrossSell},
	}
	for _, l := range links {
		if byName[l.from] == nil || byName[l.to] == nil || !has(l.from, l.to, l.kind) {
			t.Errorf("no %s link %q → %q", l.kind, l.from, l.to)
		}
	}
	for name, rub := range map[string]int64{"SEO-аудит базовый": 15_000, "SEO-аудит с техническим анализом": 25_000, "SEO-аудит полный с планом работ": 50_000} {
		if got := byName[name].Price.Minor; got != rub*100 {
			t.Errorf("%s price=%d, want %d", name, got, rub*100)
		}
	}
	if ads := byName["Настройка контекстной рекламы"]; len(ads.Industries) == 0 || contains(ads.Industries, "веб-дизайн") {
		t.Errorf("context ads industries %q, want every industry but веб-дизайн", ads.Industries)
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// TestGenerate_Records checks what each record says against AsOf, the catalog and the
// clients before it.
func TestGenerate_Records(t *testing.T) {
	_, cat, l := generate(t, demo.Config{Clients: 2000, Seed: 3, AsOf: asOf})
	services := map[int64]string{}
	for _, s := range cat.services {
		services[s.ID] = s.Name
	}
	emails, ordersOf := map[string]bool{}, map[int64]int{}
	for _, c := range l.clients {
		if emails[c.Email] {
			t.Errorf("client %d email %q is not unique", c.ID, c.Email)
		}
		if c.Email == "" {
			continue
		}
		emails[c.Email] = true
		if !strings.HasSuffix(c.Email, ".example.com") && !strings.HasSuffix(c.Email, "@example.com") &&
			!strings.HasSuffix(c.Email, "@example.org") && !strings.HasSuffix(c.Email, "@example.net") {
			t.Errorf("client %d email %q, want a reserved example domain", c.ID, c.Email)
		}
		if c.ReferredBy != 0 && (c.ReferredBy >= c.ID || c.ReferredBy < 1) {
			t.Errorf("client %d referred by %d, want an earlier client", c.ID, c.ReferredBy)
		}
		if c.MarketingConsent && (c.ConsentOn.IsZero() || c.ConsentOn.After(asOf)) {
			t.Errorf("client %d consent on %v", c.ID, c.ConsentOn)
		}
	}
	for _, o := range l.orders {
		ordersOf[o.ClientID]++
		if services[o.ServiceID] != o.Service {
			t.Errorf("order %d service %d %q, want a catalog service", o.ID, o.ServiceID, o.Service)
		}
		open := o.Status == regulars.StatusPlanned || o.Status == regulars.StatusInProgress
		if o.OrderedOn.After(asOf) || o.DeliveredOn.After(asOf) || (!open && o.DueOn.After(asOf)) {
			t.Errorf("order %d %s ordered %v due %v delivered %v, after %v", o.ID, o.Status, o.OrderedOn, o.DueOn, o.DeliveredOn, asOf)
		}
		if open != o.DeliveredOn.IsZero() && o.Status != regulars.StatusCancelled {
			t.Errorf("order %d %s delivered %v", o.ID, o.Status, o.DeliveredOn)
		}
		if o.Amount.Minor <= 0 || o.Title == "" {
			t.Errorf("order %d amount %d title %q", o.ID, o.Amount.Minor, o.Title)
		}
	}
	if len(ordersOf) != len(l.clients) {
		t.Errorf("%d of %d clients have orders, want all", len(ordersOf), len(l.clients))
	}
	for _, i := range l.interactions {
		if i.On.After(asOf) {
			t.Errorf("interaction of client %d on %v, after %v", i.ClientID, i.On, asOf)
		}
	}
	for _, e := range l.events {
		if e.On.After(asOf) {
			t.Errorf("event %s of client %d on %v, after %v", e.Name, e.ClientID, e.On, asOf)
		}
	}
}

// TestGenerate_Archetypes classifies the clients by their orders, as the app would, and
// checks the shares the generator promises.
func TestGenerate_Archetypes(t *testing.T) {
	const n = 4000
	st, _, l := generate(t, demo.Config{Clients: n, Seed: 11, AsOf: asOf})
	type history struct {
		orders      int
		first, last regulars.Date
		rub         int64
	}
	hs := map[int64]*history{}
	for _, o := range l.orders {
		h := hs[o.ClientID]
		if h == nil {
			h = &history{first: o.OrderedOn}
			hs[o.ClientID] = h
		}
		h.orders++
		h.last = o.OrderedOn // orders come sorted by date
		if o.Counts() {
			h.rub += o.Amount.Minor / 100
		}
	}
	shares := map[string]int{}
	var vipRub, activeRub int64
	var activeN int
	for _, c := range l.clients {
		h := hs[c.ID]
		kind := "active"
		switch {
		case strings.Contains(c.Notes, "Ключевой клиент"):
			kind = "vip"
			vipRub += h.rub
		case asOf.Sub(h.first) < 60:
			kind = "new"
		case h.orders == 1:
			kind = "one-off"
		case asOf.Sub(h.last) >= 180:
			kind = "sleeping"
		default:
			activeRub += h.rub
			activeN++
		}
		shares[kind]++
	}
	want := map[string]float64{"vip": 0.05, "active": 0.20, "one-off": 0.45, "sleeping": 0.20, "new": 0.10}
	for kind, share := range want {
		if got := float64(shares[kind]) / n; got < share-0.02 || got > share+0.02 {
			t.Errorf("%s share=%.3f, want %.2f±0.02", kind, got, share)
		}
	}
	if vip, active := vipRub/int64(shares["vip"]), activeRub/int64(activeN); vip < 2*active {
		t.Errorf("VIP revenue %d ₽ per client, want at least twice a regular's %d ₽", vip, active)
	}
	if ratio := float64(st.Orders) / n; ratio < 3 || ratio > 4.5 {
		t.Errorf("orders per client=%.2f, want 3–4.5", ratio)
	}
}

// TestGenerate_Memory checks that the generator's memory does not grow with the number of
// clients: the peak live heap is about the same for 10,000 and 100,000 clients.
func TestGenerate_Memory(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: generates 110,000 clients")
	}
	peak := func(n int) uint64 {
		var top uint64
		d := &discard{every: 5000}
		d.sample = func() {
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			top = max(top, ms.HeapAlloc)
		}
		if _, err := demo.Generate(context.Background(), demo.Config{Clients: n, AsOf: asOf}, d); err != nil {
			t.Fatal(err)
		}
		return top
	}
	small, large := peak(10_000), peak(100_000)
	t.Logf("live heap: %d KiB at 10k clients, %d KiB at 100k", small/1024, large/1024)
	if large > small+1<<20 {
		t.Fatalf("live heap grew from %d to %d bytes with 10x the clients", small, large)
	}
}

func BenchmarkGenerate(b *testing.B) {
	const n = 100_000
	var st demo.Stats
	for b.Loop() {
		var err error
		if st, err = demo.Generate(context.Background(), demo.Config{Clients: n, AsOf: asOf}, &discard{}); err != nil {
			b.Fatal(err)
		}
	}
	secs := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(n/secs, "clients/s")
	b.ReportMetric(float64(st.Orders)/n, "orders/client")
	records := st.Clients + st.Orders + st.Interactions + st.Dates + st.Plans + st.Events
	b.ReportMetric(float64(records)/secs, "records/s")
}
