package demo

// archetype is the kind of relationship a demo client has with the studio.
type archetype int

const (
	archVIP      archetype = iota // many orders, big checks, regular over years
	archRegular                   // an order every 2–6 months, still active
	archOneOff                    // exactly one order, months or years ago
	archSleeping                  // used to order regularly, silent for 6–18 months
	archNew                       // first order in the last two months
)

// blockSize clients hold every archetype in its exact share: 5% VIP, 20% regular, 45% one-off,
// 20% sleeping and 10% new. The order within each block is shuffled.
const blockSize = 20

var blockMix = [blockSize]archetype{
	archVIP,
	archRegular, archRegular, archRegular, archRegular,
	archOneOff, archOneOff, archOneOff, archOneOff, archOneOff, archOneOff, archOneOff, archOneOff, archOneOff,
	archSleeping, archSleeping, archSleeping, archSleeping,
	archNew, archNew,
}

// archetype returns the archetype of client i. Each block of clients is shuffled by its own
// random stream, so the answer does not depend on how many clients are generated.
func (g *generator) archetype(i int) archetype {
	if b := i / blockSize; b != g.block {
		g.reseed(streamBlocks + uint64(b))
		g.perm = blockMix
		g.rng.Shuffle(blockSize, func(x, y int) { g.perm[x], g.perm[y] = g.perm[y], g.perm[x] })
		g.block = b
	}
	return g.perm[i%blockSize]
}

// referrers holds a bounded pool of earlier clients who may have recommended a later one.
// Clients who order often are added more than once, as they recommend more.
type referrers struct {
	ids   [poolSize]int64
	first [poolSize]int32 // the day of their first order, as days since the generator's start
	names [poolSize]string
	n     int // entries filled
	next  int // the entry to overwrite next
}

const poolSize = 512

func (p *referrers) add(id int64, first int, name string) {
	p.ids[p.next], p.first[p.next], p.names[p.next] = id, int32(first), name
	p.next = (p.next + 1) % poolSize
	if p.n < poolSize {
		p.n++
	}
}

// referrer returns an earlier client who was a client before day (days since the start),
// or ok=false when a few tries find none.
func (g *generator) referrer(day int) (id int64, name string, ok bool) {
	p := &g.pool
	for range 8 {
		if p.n == 0 {
			return 0, "", false
		}
		j := g.rng.IntN(p.n)
		if int(p.first[j]) < day {
			return p.ids[j], p.names[j], true
		}
	}
	return 0, "", false
}

// rememberReferrer adds a client to the pool, as often as its archetype recommends others.
func (g *generator) rememberReferrer(a archetype, id int64, first int, name string) {
	times := 0
	switch a {
	case archVIP:
		times = 3
	case archRegular:
		times = 1
	case archSleeping, archOneOff:
		if g.chance(0.15) {
			times = 1
		}
	}
	for range times {
		g.pool.add(id, first, name)
	}
}
