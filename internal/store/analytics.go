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
	parts := 1
	if n >= splitReadAt {
		parts = 2
	}
	chunks := make([]pointChunk, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for i := range parts {
		from, to := lo+(hi-lo+1)*int64(i)/int64(parts), lo+(hi-lo+1)*int64(i+1)/int64(parts)
		size := int(n) / parts
		if i == 0 {
			size = int(n) // the first chunk is the result: room for all
		}
		wg.Go(func() { chunks[i], errs[i] = s.readPoints(ctx, from, to, size) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, "", err
	}
	// Merge the chunks, each point's currency an index into one list.
	var curs []string
	var counts []int
	// The first chunk's slices have room for every point: the others are appended to them,
	// not all copied into new ones (a million orders are 24 MB a copy).
	out, cur := chunks[0].points[:0], chunks[0].cur[:0]
	for _, c := range chunks {
		remap := make([]uint8, len(c.curs))
		for j, name := range c.curs {
			i, err := currencyIndex(&curs, []byte(name))
			if err != nil {
				return nil, "", err
			}
			remap[j] = i
		}
		counts = append(counts, make([]int, len(curs)-len(counts))...)
		for j, p := range c.points {
			g := remap[c.cur[j]]
			counts[g] += p.N() // orders, not points: PostgreSQL sends a day's as one
			out, cur = append(out, p), append(cur, g)
		}
	}
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

// currencyIndex returns the index of the currency name in curs, adding it when new; a
// point keeps its currency as that index, so there can be at most 255.
func currencyIndex(curs *[]string, name []byte) (uint8, error) {
	i := slices.Index(*curs, string(name))
	if i < 0 {
		if len(*curs) == 255 {
			return 0, fmt.Errorf("order points: more than 255 currencies")
		}
		i, *curs = len(*curs), append(*curs, string(name))
	}
	return uint8(i), nil
}

// splitReadAt is the number of orders from which OrderPoints reads in two halves.
var splitReadAt int64 = 200_000

// pointChunk is the counted orders with IDs in a range: each point's currency is an index
// into curs.
type pointChunk struct {
	points []regulars.OrderPoint
	cur    []uint8
	curs   []string
}

// readPoints reads the purchases with from <= id < to: the orders that count (not cancelled or
// refunded) and are more than planned; a planned order, often of no amount yet, is no purchase.
func (s *AnalyticsService) readPoints(ctx context.Context, from, to int64, size int) (pointChunk, error) {
	var c pointChunk
	tx, err := s.db.read(ctx)
	if err != nil {
		return c, err
	}
	defer tx.Rollback()
	// PostgreSQL adds up each client's orders of a day itself (a hash aggregate, no sort); on
	// SQLite grouping would sort the whole table, slower than reading it in storage order, so
	// the rows come one by one and are merged after the sort.
	q := `SELECT client_id, ordered_on, amount_minor - COALESCE(refunded_minor, 0), currency FROM orders
		WHERE id >= $1 AND id < $2 AND status NOT IN ('cancelled', 'refunded', 'planned')`
	grouped := s.db.dialect == Postgres
	if grouped {
		q = `SELECT client_id, ordered_on, sum(amount_minor - COALESCE(refunded_minor, 0))::bigint, currency, count(*) FROM orders
		WHERE id >= $1 AND id < $2 AND status NOT IN ('cancelled', 'refunded', 'planned') GROUP BY client_id, ordered_on, currency`
	}
	rows, err := tx.QueryContext(ctx, q, from, to)
	if err != nil {
		return c, fmt.Errorf("order points: %w", err)
	}
	defer rows.Close()
	c.points, c.cur = make([]regulars.OrderPoint, 0, size), make([]uint8, 0, size)
	p := regulars.OrderPoint{Count: 1}
	var cb sql.RawBytes
	dest := []any{&p.ClientID, &p.On, &p.Amount, &cb}
	if grouped {
		dest = append(dest, &p.Count)
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return c, fmt.Errorf("order points: %w", err)
		}
		i, err := currencyIndex(&c.curs, cb)
		if err != nil {
			return c, err
		}
		c.points, c.cur = append(c.points, p), append(c.cur, i)
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
