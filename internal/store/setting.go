package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/regulars/regulars"
)

var _ regulars.SettingService = (*SettingService)(nil)

// SettingService implements regulars.SettingService on the settings table.
type SettingService struct{ db *DB }

// NewSettingService returns the setting service on db.
func NewSettingService(db *DB) *SettingService { return &SettingService{db: db} }

// Setting returns the value of key, or ENOTFOUND.
func (s *SettingService) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", regulars.Errorf(regulars.ENOTFOUND, "Setting %s is not set.", key)
	} else if err != nil {
		return "", fmt.Errorf("setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting stores the value of key.
func (s *SettingService) SetSetting(ctx context.Context, key, value string) error {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
		return fmt.Errorf("set setting %s: %w", key, err)
	}
	return tx.Commit()
}
