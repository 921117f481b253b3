package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/regulars/regulars/internal/pgtest"
	"github.com/regulars/regulars/internal/store"
	"github.com/regulars/regulars/internal/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Services {
		return services(MustOpenDB(t, filepath.Join(t.TempDir(), "regulars.db")))
	})
}

func TestPostgres(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Services {
		return services(MustOpenDB(t, pgtest.DSN(t)))
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
