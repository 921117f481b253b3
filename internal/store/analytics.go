package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/regulars/regulars"
)

var _ regulars.AnalyticsService = (*AnalyticsService)(nil)

// AnalyticsService implements regulars.AnalyticsService.
type AnalyticsService struct{ db *DB }

// NewAnalyticsService returns the analytics reads on db.
func NewAnalyticsService(db *DB) *AnalyticsService { return &AnalyticsService{db: db} }

// OrderPoints returns the orders that count in the currency, by client and day. The table is
// read in storage order and sorted here: sorting 4 million small structs is faster than
// following an index to every row.
func (s *AnalyticsService) OrderPoints(ctx context.Context, currency string) ([]regulars.OrderPoint, error) {
	tx, err := s.db.read(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders`).Scan(&n); err != nil {
		return nil, fmt.Errorf("order points: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT client_id, ordered_on, amount_minor FROM orders
		WHERE status NOT IN ('cancelled', 'refunded') AND currency = $1`, currency)
	if err != nil {
		return nil, fmt.Errorf("order points: %w", err)
	}
	defer rows.Close()
	out := make([]regulars.OrderPoint, 0, n)
	var p regulars.OrderPoint
	for rows.Next() {
		if err := rows.Scan(&p.ClientID, &p.On, &p.Amount); err != nil {
			return nil, fmt.Errorf("order points: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("order points: %w", err)
	}
	slices.SortFunc(out, func(a, b regulars.OrderPoint) int {
		if a.ClientID != b.ClientID {
			return cmp.Compare(a.ClientID, b.ClientID)
		}
		return a.On.Compare(b.On)
	})
	return out, nil
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

// MainCurrency returns the currency most orders are in; regulars.DefaultCurrency without orders.
func (s *AnalyticsService) MainCurrency(ctx context.Context) (string, error) {
	cur := regulars.DefaultCurrency
	err := s.db.r.QueryRowContext(ctx, `SELECT currency FROM orders GROUP BY currency ORDER BY COUNT(*) DESC, currency LIMIT 1`).Scan(&cur)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("main currency: %w", err)
	}
	return cur, nil
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
