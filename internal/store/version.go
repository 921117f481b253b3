package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// Versioner tells cheaply whether the data changed, so that what is computed from it (the
// web app's analytics snapshot) is recomputed only then. It is safe for concurrent use.
type Versioner struct {
	db   *DB
	mu   sync.Mutex
	conn *sql.Conn
}

// NewVersioner returns a Versioner of db. Close it before the database.
func NewVersioner(db *DB) *Versioner { return &Versioner{db: db} }

// Version returns a number that changes whenever any connection commits a change. On SQLite it
// is PRAGMA data_version, which counts the commits of other connections, and so must be asked
// on one dedicated connection that never writes. On PostgreSQL it is the number of rows
// inserted, updated and deleted in this database's tables (the statistics lag a commit by up
// to a second).
func (v *Versioner) Version(ctx context.Context) (int64, error) {
	if v.db.dialect == Postgres {
		var n int64
		err := v.db.r.QueryRowContext(ctx, `SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint
			FROM pg_stat_user_tables`).Scan(&n)
		if err != nil {
			return 0, fmt.Errorf("data version: %w", err)
		}
		return n, nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.conn == nil {
		c, err := v.db.r.Conn(ctx)
		if err != nil {
			return 0, fmt.Errorf("data version: %w", err)
		}
		v.conn = c
	}
	var n int64
	if err := v.conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&n); err != nil {
		v.conn.Close()
		v.conn = nil
		return 0, fmt.Errorf("data version: %w", err)
	}
	return n, nil
}

// Close releases the dedicated connection.
func (v *Versioner) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.conn == nil {
		return nil
	}
	err := v.conn.Close()
	v.conn = nil
	return err
}
