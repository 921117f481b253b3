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

// Fire records the occasions and reports which are new.
func (s *FireService) Fire(ctx context.Context, fires []regulars.Fire) ([]bool, error) {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO automation_fires (key, automation, client_id, action, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING`)
	if err != nil {
		return nil, fmt.Errorf("fire: %w", err)
	}
	defer stmt.Close()
	out := make([]bool, len(fires))
	for i, f := range fires {
		automation, _, _ := strings.Cut(f.Key, ":")
		res, err := stmt.ExecContext(ctx, f.Key, automation, f.ClientID, f.Action, stamp(tx.now))
		if err != nil {
			return nil, fmt.Errorf("fire %s: %w", f.Key, err)
		}
		n, _ := res.RowsAffected()
		out[i] = n == 1
	}
	return out, tx.Commit()
}

// Unfire forgets the occasions.
func (s *FireService) Unfire(ctx context.Context, keys []string) error {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `DELETE FROM automation_fires WHERE key = $1`, k); err != nil {
			return fmt.Errorf("unfire %s: %w", k, err)
		}
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
