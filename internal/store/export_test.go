package store

import (
	"context"

	"github.com/regulars/regulars"
)

// SetDropIndexesAt lowers the size at which loads rebuild indexes, so tests can reach it.
func SetDropIndexesAt(n int) (restore func()) {
	old := dropIndexesAt
	dropIndexesAt = n
	return func() { dropIndexesAt = old }
}

// SetSplitReadAt lowers the size from which OrderPoints reads in two halves.
func SetSplitReadAt(n int64) (restore func()) {
	old := splitReadAt
	splitReadAt = n
	return func() { splitReadAt = old }
}

// AppendLower is appendLower, for its fuzz test.
var AppendLower = appendLower

// BuildWorkers is buildWorkers, for its table test.
var BuildWorkers = buildWorkers

// SetCopyBatch lowers the records a PostgreSQL load buffers before a COPY.
func SetCopyBatch(n int) (restore func()) {
	old := copyBatch
	copyBatch = n
	return func() { copyBatch = old }
}

// SetGatherBytes lowers how much of a table's rows a PostgreSQL load gathers before a COPY.
func SetGatherBytes(n int) (restore func()) {
	old := gatherBytes
	gatherBytes = n
	return func() { gatherBytes = old }
}

// Rebuilds returns what a load has dropped so far and will restore at commit: on PostgreSQL
// the statements that restore them, on SQLite the definitions of the indexes.
func Rebuilds(l regulars.Loader) []string {
	if sl, ok := l.(*sqliteLoader); ok {
		sl.w.wait()
		var out []string
		for _, b := range sl.tables {
			out = append(out, b.dropped...)
		}
		return out
	}
	return restores(l, func(*postgresLoader, restore) bool { return true })
}

// NotNullColumn is notNullColumn, for its table test.
var NotNullColumn = notNullColumn

// restores returns the statements of a PostgreSQL load's restores that keep accepts.
func restores(l regulars.Loader, keep func(*postgresLoader, restore) bool) []string {
	pl, ok := l.(*postgresLoader)
	if !ok {
		return nil
	}
	pl.w.wait()
	var out []string
	for _, r := range pl.rebuild {
		if keep(pl, r) {
			out = append(out, r.q)
		}
	}
	return out
}

// MigrateTo applies the migrations up to version, for tests of what a migration does to data.
func MigrateTo(ctx context.Context, db *DB, version int64) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}

// Frozen returns the tables a PostgreSQL load copies frozen (see truncate); nil for SQLite.
func Frozen(l regulars.Loader) []string {
	pl, ok := l.(*postgresLoader)
	if !ok {
		return nil
	}
	pl.w.wait()
	var out []string
	for t := range pl.freeze {
		out = append(out, t)
	}
	return out
}

// MergeChecks returns the statements restoring foreign keys that a PostgreSQL load will check
// by merging indexes (see mergeCheck); nil for SQLite.
func MergeChecks(l regulars.Loader) []string {
	return restores(l, (*postgresLoader).mergeCheck)
}

// BuildWorkerSetting applies limitBuildWorkers to a PostgreSQL load, as its commit does before
// rebuilding, and returns max_parallel_maintenance_workers as the load's transaction then sees
// it; "" for SQLite.
func BuildWorkerSetting(ctx context.Context, l regulars.Loader) (string, error) {
	pl, ok := l.(*postgresLoader)
	if !ok {
		return "", nil
	}
	if err := pl.w.wait(); err != nil {
		return "", err
	}
	if err := pl.limitBuildWorkers(ctx); err != nil {
		return "", err
	}
	var s string
	err := pl.tx.QueryRow(ctx, `SELECT current_setting('max_parallel_maintenance_workers')`).Scan(&s)
	return s, err
}
