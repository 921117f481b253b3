package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/regulars/regulars"
)

var _ regulars.AnalyticsService = (*AnalyticsService)(nil)

// AnalyticsService implements regulars.AnalyticsService.
type AnalyticsService struct{ db *DB }

// NewAnalyticsService returns the analytics reads on db.
func NewAnalyticsService(db *DB) *AnalyticsService { return &AnalyticsService{db: db} }

// OrderPoints returns the orders that count in the currency most of them use, by client and
// day, a client's orders of one day as one point. The scan reads every currency and keeps
// the main one's orders: a separate GROUP BY for the currency cost as much again. The table is read in storage order and sorted here:
// sorting 4 million small structs is faster than following an index to every row.
func (s *AnalyticsService) OrderPoints(ctx context.Context) ([]regulars.OrderPoint, string, error) {
	var lo, hi, n int64
	if err := s.db.r.QueryRowContext(ctx, `SELECT coalesce(min(id), 0), coalesce(max(id), 0), count(*) FROM orders`).Scan(&lo, &hi, &n); err != nil {
		return nil, "", fmt.Errorf("order points: %w", err)
	}
	// A large base is read in two halves of the IDs on two connections, at once: the reading
	// is most of the analysis's time, and it is CPU-bound in the driver. (The halves are two
	// read transactions a moment apart; an order written between them lands in the second,
	// whose IDs are the newest, or is missed until the next read, as if it came a moment later.)
	// Both halves read into one buffer, the first from its front and the second from its back,
	// so that joining them copies nothing into a new one: the points are sorted afterwards.
	parts := 1
	if n >= splitReadAt {
		parts = 2
	}
	size := pointBufSize(n)
	buf := &pointBuf{points: make([]regulars.OrderPoint, size), cur: make([]uint8, size), back: size}
	chunks := make([]pointChunk, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for i := range parts {
		from, to := lo+(hi-lo+1)*int64(i)/int64(parts), lo+(hi-lo+1)*int64(i+1)/int64(parts)
		wg.Go(func() { chunks[i], errs[i] = s.readPoints(ctx, from, to, buf, i == 1) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, "", err
	}
	// Join the halves, each point's currency an index into one list: the back's points move
	// down to follow the front's, and the few that found the buffer full (orders added since
	// it was sized) come last.
	var curs []string
	var counts []int
	// The back half came in backwards: turned round, both halves are in storage order, which
	// is mostly the client order the points are sorted into (the sort is quickest then).
	slices.Reverse(buf.points[buf.back:])
	slices.Reverse(buf.cur[buf.back:])
	remaps := make([][]uint8, len(chunks))
	for i, c := range chunks {
		remaps[i] = make([]uint8, len(c.curs))
		for j, name := range c.curs {
			k := slices.Index(curs, name)
			if k < 0 {
				if len(curs) == 255 {
					return nil, "", fmt.Errorf("order points: more than 255 currencies")
				}
				k, curs, counts = len(curs), append(curs, name), append(counts, 0)
			}
			remaps[i][j] = uint8(k)
		}
	}
	regions := [][2]int{{0, buf.front}, {buf.back, len(buf.points)}}
	w := 0
	for i := range chunks {
		for j := regions[i][0]; j < regions[i][1]; j++ {
			g := remaps[i][buf.cur[j]]
			counts[g] += buf.points[j].N() // orders, not points: PostgreSQL sends a day's as one
			buf.points[w], buf.cur[w] = buf.points[j], g
			w++
		}
	}
	for i, c := range chunks {
		for j, p := range c.extra {
			g := remaps[i][c.extraCur[j]]
			counts[g] += p.N()
			buf.points, buf.cur = append(buf.points[:w], p), append(buf.cur[:w], g)
			w++
		}
	}
	out, cur := buf.points[:w], buf.cur[:w]
	if len(curs) == 0 {
		return out, regulars.DefaultCurrency, nil
	}
	main := 0
	for i := range curs {
		if counts[i] > counts[main] || counts[i] == counts[main] && curs[i] < curs[main] {
			main = i
		}
	}
	if len(curs) > 1 {
		kept := out[:0]
		for j, pt := range out {
			if cur[j] == uint8(main) {
				kept = append(kept, pt)
			}
		}
		out = kept
	}
	slices.SortFunc(out, func(a, b regulars.OrderPoint) int {
		if a.ClientID != b.ClientID {
			return cmp.Compare(a.ClientID, b.ClientID)
		}
		return a.On.Compare(b.On)
	})
	return mergeDays(out), curs[main], nil
}

// mergeDays merges the points of one client and day, sorted next to each other, into one:
// the analyses count a day's orders as one purchase occasion, and a point each is memory.
func mergeDays(pts []regulars.OrderPoint) []regulars.OrderPoint {
	w := 0
	for _, p := range pts {
		if w > 0 && pts[w-1].ClientID == p.ClientID && pts[w-1].On == p.On {
			pts[w-1].Amount += p.Amount
			pts[w-1].Count = int32(pts[w-1].N() + p.N())
			continue
		}
		pts[w] = p
		w++
	}
	return pts[:w]
}

// splitReadAt is the number of orders from which OrderPoints reads in two halves.
var splitReadAt int64 = 200_000

// pointBuf is the buffer the halves of OrderPoints read into: the first fills it from the
// front, the second from the back, each claiming blocks of slots under the lock.
type pointBuf struct {
	mu          sync.Mutex
	points      []regulars.OrderPoint
	cur         []uint8 // each point's currency, an index into its half's pointChunk.curs
	front, back int     // the front's points are [0, front), the back's [back, len)
}

// pointBufSize is the buffer's size for n orders (counted a moment before the reading; the
// orders added since, if any, are appended after it). Tests make it smaller.
var pointBufSize = func(n int64) int { return int(n) }

// pointBlock is the number of slots a half claims at once; tests make it smaller.
var pointBlock = 4096

// claim returns a block of free slots [lo, hi) for the front or the back half; none when
// the buffer is full.
func (b *pointBuf) claim(back bool) (lo, hi int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := min(pointBlock, b.back-b.front)
	if back {
		b.back -= n
		return b.back, b.back + n
	}
	b.front += n
	return b.front - n, b.front
}

// release ends a half's reading: the front's points end at at, the back's begin at at, and
// the slots of its last block beyond that are free again.
func (b *pointBuf) release(back bool, at int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if back {
		b.back = at
	} else {
		b.front = at
	}
}

// slots hands out a half's slots one at a time: the front's upwards, the back's downwards,
// so that each half's points stay together at its end of the buffer.
type slots struct {
	buf     *pointBuf
	back    bool
	lo, hi  int // the current block; the next slot is hi-1 for the back, lo for the front
	full    bool
	claimed bool
}

// next returns the next free slot, or false when the buffer is full.
func (s *slots) next() (int, bool) {
	if s.lo == s.hi {
		if s.full {
			return 0, false
		}
		s.lo, s.hi = s.buf.claim(s.back)
		s.claimed = true
		if s.lo == s.hi {
			s.full = true
			return 0, false
		}
	}
	if s.back {
		s.hi--
		return s.hi, true
	}
	s.lo++
	return s.lo - 1, true
}

// done gives the unused slots of the last block back.
func (s *slots) done() {
	if !s.claimed {
		return
	}
	if s.back {
		s.buf.release(true, s.hi)
	} else {
		s.buf.release(false, s.lo)
	}
}

// pointChunk is what one half read besides its slots in the buffer: the currencies its
// points' indices name, and the points that found the buffer full.
type pointChunk struct {
	curs     []string
	extra    []regulars.OrderPoint
	extraCur []uint8
}

// readPoints reads the counted orders with from <= id < to into buf, from its back or front.
func (s *AnalyticsService) readPoints(ctx context.Context, from, to int64, buf *pointBuf, back bool) (pointChunk, error) {
	var c pointChunk
	tx, err := s.db.read(ctx)
	if err != nil {
		return c, err
	}
	defer tx.Rollback()
	// PostgreSQL adds up each client's orders of a day itself (a hash aggregate, no sort); on
	// SQLite grouping would sort the whole table, slower than reading it in storage order, so
	// the rows come one by one and are merged after the sort.
	q := `SELECT client_id, ordered_on, amount_minor, currency FROM orders
		WHERE id >= $1 AND id < $2 AND status NOT IN ('cancelled', 'refunded')`
	grouped := s.db.dialect == Postgres
	if grouped {
		q = `SELECT client_id, ordered_on, sum(amount_minor)::bigint, currency, count(*) FROM orders
		WHERE id >= $1 AND id < $2 AND status NOT IN ('cancelled', 'refunded') GROUP BY client_id, ordered_on, currency`
	}
	rows, err := tx.QueryContext(ctx, q, from, to)
	if err != nil {
		return c, fmt.Errorf("order points: %w", err)
	}
	defer rows.Close()
	p := regulars.OrderPoint{Count: 1}
	var cb sql.RawBytes
	dest := []any{&p.ClientID, &p.On, &p.Amount, &cb}
	if grouped {
		dest = append(dest, &p.Count)
	}
	sl := &slots{buf: buf, back: back}
	defer sl.done()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return c, fmt.Errorf("order points: %w", err)
		}
		i := slices.Index(c.curs, string(cb))
		if i < 0 {
			if len(c.curs) == 255 {
				return c, fmt.Errorf("order points: more than 255 currencies")
			}
			i, c.curs = len(c.curs), append(c.curs, string(cb))
		}
		at, ok := sl.next()
		if !ok {
			c.extra, c.extraCur = append(c.extra, p), append(c.extraCur, uint8(i))
			continue
		}
		buf.points[at], buf.cur[at] = p, uint8(i)
	}
	if err := rows.Err(); err != nil {
		return c, fmt.Errorf("order points: %w", err)
	}
	return c, nil
}

// LastContacts returns each client's last interaction, by client.
func (s *AnalyticsService) LastContacts(ctx context.Context) ([]regulars.ContactPoint, error) {
	tx, err := s.db.read(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, last_contact_on FROM clients WHERE last_contact_on IS NOT NULL ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("last contacts: %w", err)
	}
	defer rows.Close()
	var out []regulars.ContactPoint
	for rows.Next() {
		var c regulars.ContactPoint
		if err := rows.Scan(&c.ClientID, &c.On); err != nil {
			return nil, fmt.Errorf("last contacts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ClientNames returns every client's name by ID.
func (s *AnalyticsService) ClientNames(ctx context.Context) (map[int64]string, error) {
	rows, err := s.db.r.QueryContext(ctx, `SELECT id, name FROM clients`)
	if err != nil {
		return nil, fmt.Errorf("client names: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("client names: %w", err)
		}
		out[id] = name
	}
	return out, rows.Err()
}
