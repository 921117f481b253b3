package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/regulars/regulars/internal/store"
	"github.com/regulars/regulars/internal/storetest"

	_ "github.com/jackc/pgx/v5/stdlib"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Services {
		return services(MustOpenDB(t, filepath.Join(t.TempDir(), "regulars.db")))
	})
}

func TestPostgres(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Services {
		return services(MustOpenDB(t, PostgresDSN(t)))
	})
}

func services(db *store.DB) storetest.Services {
	rs := store.NewRecordService(db)
	return storetest.Services{
		Clients: store.NewClientService(db), Orders: store.NewOrderService(db), Catalog: store.NewCatalogService(db),
		Interactions: rs, Dates: rs, Plans: rs, Events: rs, Bulk: store.NewBulkService(db), Settings: store.NewSettingService(db),
	}
}

// MustOpenDB opens dsn with the suite's fixed clock and closes it when the test ends.
func MustOpenDB(tb testing.TB, dsn string) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	db.Now = func() time.Time { return storetest.Now }
	tb.Cleanup(func() { db.Close() })
	return db
}

var pgSeq atomic.Int64

// PostgresDSN returns the DSN of a new, empty database on the server named by
// REGULARS_TEST_POSTGRES, dropped when the test ends; it skips the test when that is unset.
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("REGULARS_TEST_POSTGRES")
	if base == "" {
		tb.Skip("REGULARS_TEST_POSTGRES is not set: skipping the PostgreSQL part (see README)")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("regulars_test_%d_%d", os.Getpid(), pgSeq.Add(1))
	if _, err := admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE template0`); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err == nil {
			admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
			admin.Close()
		}
	})
	return replaceDBName(base, name)
}
