package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/regulars/regulars"
)

var _ regulars.FireService = (*FireService)(nil)

// FireService implements regulars.FireService.
type FireService struct{ db *DB }

// NewFireService returns the automation fires on db.
func NewFireService(db *DB) *FireService { return &FireService{db: db} }

// Fire records the occasion and reports whether it is new.
func (s *FireService) Fire(ctx context.Context, key string, clientID int64, action string) (bool, error) {
	automation, _, _ := strings.Cut(key, ":")
	tx, err := s.db.begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO automation_fires (key, automation, client_id, action, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING`, key, automation, clientID, action, stamp(tx.now))
	if err != nil {
		return false, fmt.Errorf("fire %s: %w", key, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, tx.Commit()
}

// Unfire forgets the occasion.
func (s *FireService) Unfire(ctx context.Context, key string) error {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM automation_fires WHERE key = $1`, key); err != nil {
		return fmt.Errorf("unfire %s: %w", key, err)
	}
	return tx.Commit()
}

// CountFires counts the automation's occasions by action.
func (s *FireService) CountFires(ctx context.Context, automation string) (map[string]int, error) {
	rows, err := s.db.r.QueryContext(ctx, `SELECT action, count(*) FROM automation_fires WHERE automation = $1 GROUP BY action`, automation)
	if err != nil {
		return nil, fmt.Errorf("count fires: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var a string
		var n int
		if err := rows.Scan(&a, &n); err != nil {
			return nil, err
		}
		out[a] = n
	}
	return out, rows.Err()
}

// FiredKeys returns the keys of the automation's occasions.
func (s *FireService) FiredKeys(ctx context.Context, automation string) (map[string]bool, error) {
	rows, err := s.db.r.QueryContext(ctx, `SELECT key FROM automation_fires WHERE automation = $1`, automation)
	if err != nil {
		return nil, fmt.Errorf("fired keys: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out[k] = true
	}
	return out, rows.Err()
}
