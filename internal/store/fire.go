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

// CountFires counts the automation's occasions by action; its markers (the baseline's, a
// day's), which name no client, are not occasions.
func (s *FireService) CountFires(ctx context.Context, automation string) (map[string]int, error) {
	rows, err := s.db.r.QueryContext(ctx, `SELECT action, count(*) FROM automation_fires WHERE automation = $1 AND client_id <> 0
		GROUP BY action`, automation)
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

// Recorded returns which of the keys are recorded, asking about a few hundred at a time.
func (s *FireService) Recorded(ctx context.Context, keys []string) (map[string]bool, error) {
	out := map[string]bool{}
	const chunk = 500
	for len(keys) > 0 {
		part := keys[:min(chunk, len(keys))]
		keys = keys[len(part):]
		args := make([]any, len(part))
		marks := make([]string, len(part))
		for i, k := range part {
			args[i], marks[i] = k, fmt.Sprintf("$%d", i+1)
		}
		rows, err := s.db.r.QueryContext(ctx, `SELECT key FROM automation_fires WHERE key IN (`+strings.Join(marks, ", ")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("recorded fires: %w", err)
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return nil, err
			}
			out[k] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
