// Package demo generates a demo business: a Russian web studio with its service catalog and
// a few years of clients, orders, contacts, important dates, plans and events.
//
// The output depends only on the Config: the same seed and "as of" date always give the same
// records, and the first k clients are the same whatever the number of clients asked for,
// because each client draws from its own random stream. Records are streamed to a
// [regulars.Loader] one client at a time, so memory does not grow with the number of clients.
package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/regulars/regulars"
)

// Defaults of a Config's zero fields.
const (
	DefaultClients = 300
	DefaultSeed    = 1
)

// Config says what to generate.
type Config struct {
	Clients int           // how many clients; 0 means DefaultClients, a negative number none
	Seed    int64         // the random seed; 0 means DefaultSeed
	AsOf    regulars.Date // "today": the last day with data; required
	// Frequency multiplies how often regular and VIP clients order (0 means 1): about 4
	// gives the 100,000-client, 1,000,000-order business the web app's load test uses.
	Frequency float64
}

// Stats counts the records Generate created.
type Stats struct {
	Services, Links, Clients, Orders, Interactions, Dates, Plans, Events int
}

// Generate creates the catalog (AddService, AddServiceLink) and streams everything else
// through load: AddClient first, which fills the client's ID, then that
// client's orders, interactions, important dates, plans and events. Every record is validated
// before it is added and is never touched again once added, so a loader may keep it.
// Generate neither commits nor rolls back: the caller does.
//
// Returns EINVALID if cfg.AsOf is not set, and the first error of load or ctx.
func Generate(ctx context.Context, cfg Config, load regulars.Loader) (Stats, error) {
	if cfg.AsOf.IsZero() {
		return Stats{}, regulars.FieldError("as_of", "Demo date required.")
	}
	if cfg.Clients == 0 {
		cfg.Clients = DefaultClients
	}
	if cfg.Seed == 0 {
		cfg.Seed = DefaultSeed
	}
	g := newGenerator(cfg, load)
	if err := g.createCatalog(ctx); err != nil {
		return g.stats, err
	}
	for i := 0; i < cfg.Clients; i++ {
		if err := ctx.Err(); err != nil {
			return g.stats, err
		}
		if err := g.client(ctx, i); err != nil {
			return g.stats, err
		}
	}
	return g.stats, nil
}

// generator holds the state of one Generate call. Everything in it is bounded: the catalog,
// a fixed-size pool of possible referrers and the scratch buffers of the current client.
type generator struct {
	cfg   Config
	load  regulars.Loader
	src   *rand.PCG
	rng   *rand.Rand
	start regulars.Date // the first day with data: three years before AsOf

	cat        []service
	out        [][]link // links by the index of their From service
	byKey      map[string]int
	inds       []industry
	indWeights []int
	latinNames map[string]string // names transliterated
	zones      bool              // the host knows time zones: clients may have one

	block int // the block of blockSize clients whose archetypes perm holds
	perm  [blockSize]archetype
	pool  referrers

	// Scratch of the current client, reused to keep allocations flat.
	orders   []orderPlan
	contacts []regulars.Interaction
	ordered  uint64               // bit i set: the client has ordered cat[i]; the catalog has under 64 services
	weights  []int                // for weighted choices among the services
	keys     *regulars.ImportKeys // the import keys of the client's orders (see client)

	err   error // the first error of the loader while streaming a client's records
	stats Stats
}

func newGenerator(cfg Config, load regulars.Loader) *generator {
	src := rand.NewPCG(0, 0)
	g := &generator{
		cfg:   cfg,
		load:  load,
		src:   src,
		rng:   rand.New(src),
		start: cfg.AsOf.AddDate(-3, 0, 0),
		block: -1,
		keys:  regulars.NewImportKeys(64),

		latinNames: make(map[string]string),
	}
	// Client.Validate checks time zones against the host's zoneinfo database, which a
	// minimal container may lack (unless the binary embeds time/tzdata). Without it clients
	// get no time zone; every other field stays the same.
	_, err := time.LoadLocation(timeZones[0])
	g.zones = err == nil
	g.initCatalog()
	g.inds = industries()
	for _, ind := range g.inds {
		g.indWeights = append(g.indWeights, ind.weight)
	}
	return g
}

// reseed points the random stream at one of its sub-streams: a client's or a block of
// clients'. SplitMix-style mixing keeps neighbouring streams unrelated.
func (g *generator) reseed(stream uint64) {
	g.src.Seed(mix(uint64(g.cfg.Seed)), mix(stream^0x9e3779b97f4a7c15))
}

func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// streamBlocks numbers the streams that shuffle blocks of clients, above every client's.
const streamBlocks = 1 << 62

// between returns a random int in [lo, hi].
func (g *generator) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.rng.IntN(hi-lo+1)
}

// chance reports true with probability p.
func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

// pick returns a random element of xs.
func pick[T any](g *generator, xs []T) T { return xs[g.rng.IntN(len(xs))] }

// weighted returns an index into weights chosen in proportion to the weights, or -1 if they
// are all zero.
func (g *generator) weighted(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	if total <= 0 {
		return -1
	}
	n := g.rng.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}
