// Package store implements the services of package regulars on database/sql, for two engines
// with one query set: SQLite (modernc.org/sqlite, pure Go, the embedded default) and PostgreSQL
// (pgx through its database/sql driver).
//
// Queries are written by hand with $1, $2… placeholders, which both drivers bind, and live next
// to the code that runs them. The few things the engines do differently sit behind DB.dialect:
// the schema (migrations/sqlite and migrations/postgres, same numbers), bulk loading (prepared
// inserts on SQLite, COPY on PostgreSQL) and translating driver errors (FormatError).
//
// Every exported method runs one transaction; unexported helpers take a *Tx, which carries the
// one timestamp of the operation. Business rules live outside: the store aggregates, Go decides.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"github.com/regulars/regulars"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

//go:embed migrations
var migrations embed.FS

// Engines.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is an open database: a writer and a reader pool, the engine, and the clock.
type DB struct {
	w *sql.DB // writes; one connection on SQLite, so writers queue instead of failing with BUSY
	r *sql.DB // reads; the same pool as w on PostgreSQL

	dialect string
	dsn     string

	// Now returns the current time; tests replace it with a fixed clock.
	Now func() time.Time
}

// Options controls Open.
type Options struct {
	// NoMigrate refuses to open a database with pending migrations instead of applying them.
	NoMigrate bool
	// Inspect opens the database as it is, without migrating or refusing; for `migrate`.
	Inspect bool
}

// Open opens the database named by dsn — a file path for SQLite, or a postgres:// URL —
// creating it if needed, and applies pending migrations unless opts.NoMigrate is set.
// It refuses a schema newer than this program.
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	db := &DB{dsn: dsn, Now: time.Now}
	var err error
	if IsPostgres(dsn) {
		err = db.openPostgres(dsn)
	} else {
		err = db.openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	if opts.Inspect {
		return db, nil
	}
	if err := db.migrate(ctx, opts.NoMigrate); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Versions returns the schema version of the database and the one this program needs.
func (db *DB) Versions(ctx context.Context) (current, target int64, err error) {
	p, err := db.provider()
	if err != nil {
		return 0, 0, fmt.Errorf("migrations: %w", err)
	}
	return p.GetVersions(ctx)
}

// Migrate applies the pending migrations.
func (db *DB) Migrate(ctx context.Context) error { return db.migrate(ctx, false) }

// IsPostgres reports whether dsn names a PostgreSQL database rather than a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func (db *DB) openPostgres(dsn string) error {
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("open postgres: %w", err)
	}
	p.SetMaxOpenConns(16)
	p.SetMaxIdleConns(4)
	db.w, db.r, db.dialect = p, p, Postgres
	return nil
}

// sqlitePragmas are set on every connection. WAL lets readers work while a writer writes;
// busy_timeout makes a second writer wait instead of failing; foreign_keys is off by default
// in SQLite for historical reasons; synchronous=NORMAL is safe with WAL and much faster.
// Write transactions begin IMMEDIATE: a deferred one that reads and then writes fails with
// SQLITE_BUSY at once, whatever the timeout.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"

func (db *DB) openSQLite(path string) error {
	if path == "" {
		return regulars.Errorf(regulars.EINVALID, "Database path required.").Keyed("err.db_path")
	}
	path = strings.TrimPrefix(path, "sqlite://")
	if file, _, _ := strings.Cut(strings.TrimPrefix(path, "file:"), "?"); file != ":memory:" && file != "" {
		if dir := filepath.Dir(file); !isDir(dir) {
			return regulars.Errorf(regulars.EINVALID, "There is no directory %s for the database %s: make it, or give another path.", dir, file).
				Keyed("db.no_dir", "Dir", dir, "Path", file)
		}
	}
	q := url.PathEscape(path)
	// The page cache stays at SQLite's default: measured on a million-order import, a 64 MB
	// cache gained nothing and cost 250 MB of resident memory.
	w, err := sql.Open("sqlite", "file:"+q+"?"+sqlitePragmas+"&_txlock=immediate")
	if err != nil {
		return fmt.Errorf("open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", "file:"+q+"?"+sqlitePragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return fmt.Errorf("open sqlite: %w", err)
	}
	r.SetMaxOpenConns(4)
	db.w, db.r, db.dialect = w, r, SQLite
	return nil
}

// isDir reports whether path is a directory.
func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// Close closes the pools.
func (db *DB) Close() error {
	err := db.w.Close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// Dialect returns the engine: SQLite or Postgres.
func (db *DB) Dialect() string { return db.dialect }

// SQL returns the writer pool, for tools (benchmarks, maintenance) that need raw access.
func (db *DB) SQL() *sql.DB { return db.w }

func (db *DB) provider() (*goose.Provider, error) {
	dialect, dir := database.DialectSQLite3, "migrations/sqlite"
	if db.dialect == Postgres {
		dialect, dir = database.DialectPostgres, "migrations/postgres"
	}
	fsys, err := fs.Sub(migrations, dir)
	if err != nil {
		return nil, err
	}
	st, err := database.NewStore(dialect, "schema_migrations")
	if err != nil {
		return nil, err
	}
	return goose.NewProvider("", db.w, fsys, goose.WithStore(st), goose.WithGoMigrations(goMigrations...))
}

func (db *DB) migrate(ctx context.Context, noMigrate bool) error {
	p, err := db.provider()
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("schema version: %w", err)
	}
	switch {
	case current > target:
		return regulars.Errorf(regulars.ECONFLICT, "The database schema (version %d) is newer than this program (version %d): upgrade Regulars.",
			current, target).Keyed("schema.newer", "Current", current, "Target", target)
	case current == target:
		return nil
	case noMigrate:
		return regulars.Errorf(regulars.ECONFLICT, "The database needs schema migrations %d to %d: back it up, then run `regulars migrate`.",
			current+1, target).Keyed("schema.migrate", "From", current+1, "To", target)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Tx is a transaction with the one timestamp of its operation.
type Tx struct {
	*sql.Tx
	db  *DB
	now time.Time
}

// begin starts a write transaction.
func (db *DB) begin(ctx context.Context) (*Tx, error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	return db.wrap(tx), nil
}

// wrap returns tx with the clock's time, as the store keeps timestamps.
func (db *DB) wrap(tx *sql.Tx) *Tx {
	return &Tx{Tx: tx, db: db, now: db.Now().UTC().Truncate(time.Microsecond)}
}

// read starts a read-only transaction on the reader pool.
func (db *DB) read(ctx context.Context) (*Tx, error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: db.dialect == Postgres})
	if err != nil {
		return nil, fmt.Errorf("begin read: %w", err)
	}
	return db.wrap(tx), nil
}

// stamp formats a timestamp as both engines store it.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// timestamp scans a TIMESTAMPTZ (PostgreSQL) or RFC 3339 text (SQLite).
type timestamp struct{ t *time.Time }

func (s timestamp) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*s.t = v.UTC()
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	case nil:
		*s.t = time.Time{}
	default:
		return fmt.Errorf("scan timestamp: unsupported type %T", src)
	}
	return nil
}

func (s timestamp) parse(v string) error {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return fmt.Errorf("scan timestamp %q: %w", v, err)
	}
	*s.t = t
	return nil
}

// nullID stores 0 as NULL, for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// FormatError returns err as a *regulars.Error where the driver error has a domain meaning.
func FormatError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "UNIQUE constraint failed"), strings.Contains(msg, "SQLSTATE 23505"):
		return &regulars.Error{Code: regulars.ECONFLICT, Message: "Already exists.", Err: err, Key: "err.exists"}
	case strings.Contains(msg, "FOREIGN KEY constraint failed"), strings.Contains(msg, "SQLSTATE 23503"):
		return &regulars.Error{Code: regulars.EINVALID, Message: "Refers to a record that does not exist.", Err: err, Key: "err.refers_missing"}
	}
	return err
}

// notFound returns the ENOTFOUND error of the record id of table, which is what (in English:
// "Client"), with its message in the catalogue ("notfound.clients").
func notFound(table, what string, id int64) error {
	return regulars.Errorf(regulars.ENOTFOUND, "%s %d not found.", what, id).Keyed("notfound."+table, "ID", id)
}
