package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/regulars/regulars"
)

var _ regulars.AnalyticsService = (*AnalyticsService)(nil)

// AnalyticsService implements regulars.AnalyticsService.
type AnalyticsService struct{ db *DB }

// NewAnalyticsService returns the analytics reads on db.
func NewAnalyticsService(db *DB) *AnalyticsService { return &AnalyticsService{db: db} }

// OrderPoints returns the orders that count in the currency most of them use, by client and
// day. One scan reads every currency and keeps the main one's orders: a separate GROUP BY
// for the currency cost as much again. The table is read in storage order and sorted here:
// sorting 4 million small structs is faster than following an index to every row.
func (s *AnalyticsService) OrderPoints(ctx context.Context) ([]regulars.OrderPoint, string, error) {
	tx, err := s.db.read(ctx)
	if err != nil {
		return nil, "", err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders`).Scan(&n); err != nil {
		return nil, "", fmt.Errorf("order points: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT client_id, ordered_on, amount_minor, currency FROM orders
		WHERE status NOT IN ('cancelled', 'refunded')`)
	if err != nil {
		return nil, "", fmt.Errorf("order points: %w", err)
	}
	defer rows.Close()
	out := make([]regulars.OrderPoint, 0, n)
	cur := make([]uint8, 0, n) // each point's index in curs
	var curs []string
	var counts []int
	var p regulars.OrderPoint
	var c sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&p.ClientID, &p.On, &p.Amount, &c); err != nil {
			return nil, "", fmt.Errorf("order points: %w", err)
		}
		i := slices.Index(curs, string(c))
		if i < 0 {
			if len(curs) == 255 {
				return nil, "", fmt.Errorf("order points: more than 255 currencies")
			}
			i, curs, counts = len(curs), append(curs, string(c)), append(counts, 0)
		}
		counts[i]++
		out, cur = append(out, p), append(cur, uint8(i))
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("order points: %w", err)
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
	return out, curs[main], nil
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
