package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/locale"
	"github.com/regulars/regulars/internal/pgtest"
	"github.com/regulars/regulars/internal/store"
	"github.com/regulars/regulars/internal/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Services { return services(openEngine(t, store.SQLite)) })
}

func TestPostgres(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Services { return services(openEngine(t, store.Postgres)) })
}

func services(db *store.DB) storetest.Services {
	rs := store.NewRecordService(db)
	return storetest.Services{
		Clients: store.NewClientService(db), Orders: store.NewOrderService(db), Catalog: store.NewCatalogService(db),
		Interactions: rs, Dates: rs, Plans: rs, Events: rs, Bulk: store.NewBulkService(db), Settings: store.NewSettingService(db),
		Analytics: store.NewAnalyticsService(db),
		Agenda:    store.NewAgendaStateService(db),
		Users:     store.NewUserService(db),
		Outbox:    store.NewOutboxService(db),
		Sequences: store.NewSequenceService(db),
		Fires:     store.NewFireService(db),
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

// TestSchemaNewerThanProgram: a database migrated by a newer Regulars is refused, not used.
func TestSchemaNewerThanProgram(t *testing.T) {
	path := filepath.Join(t.TempDir(), "regulars.db")
	db := MustOpenDB(t, path)
	if _, err := db.SQL().Exec(`INSERT INTO schema_migrations (version_id, is_applied) VALUES (99, 1)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err := store.Open(context.Background(), path, store.Options{})
	if regulars.ErrorCode(err) != regulars.ECONFLICT || !strings.Contains(err.Error(), "newer than this program") {
		t.Fatalf("open a newer schema: %v", err)
	}
}

// TestSplitRead runs the whole suite with OrderPoints reading in two halves from the first
// order, on both engines: the halves must add up to the one read.
func TestSplitRead(t *testing.T) {
	defer store.SetSplitReadAt(1)()
	t.Run("SQLite", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) storetest.Services { return services(openEngine(t, store.SQLite)) })
	})
	t.Run("Postgres", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) storetest.Services { return services(openEngine(t, store.Postgres)) })
	})
}

// TestMigrationOutboxBounced: migration 12 marks as bounced the letters that failed before it
// with a bounce's error text, and no others (a 552, a letter held back from a bounced address).
func TestMigrationOutboxBounced(t *testing.T) {
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "regulars.db")
			if engine == store.Postgres {
				dsn = pgtest.DSN(t)
			}
			ctx := context.Background()
			db, err := store.Open(ctx, dsn, store.Options{Inspect: true})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := store.MigrateTo(ctx, db, 11); err != nil {
				t.Fatal(err)
			}
			reasons := map[string]bool{
				(&regulars.SendError{Permanent: true, Code: 550, Err: errors.New("no such user")}).Error():     true,
				(&regulars.SendError{Permanent: true, Code: 553, Err: errors.New("name not allowed")}).Error(): true,
				(&regulars.SendError{Permanent: true, Code: 552, Err: errors.New("too big")}).Error():          false,
				"not sent: the address is bounced": false,
			}
			outbox := store.NewOutboxService(db)
			for reason := range reasons {
				l := &regulars.Letter{Key: reason, MessageID: "<m@x>", ToName: "Анна", ToAddress: "a@example.ru", Subject: "s",
					Text: "t", NotBefore: storetest.Now}
				if _, err := outbox.Enqueue(ctx, []*regulars.Letter{l}); err != nil {
					t.Fatal(err)
				}
				if _, err := db.SQL().ExecContext(ctx, `UPDATE outbox SET state = 'failed', last_error = $1 WHERE key = $1`, reason); err != nil {
					t.Fatal(err)
				}
			}
			if err := store.MigrateTo(ctx, db, 12); err != nil {
				t.Fatal(err)
			}
			failed := regulars.LetterFailed
			letters, err := outbox.FindLetters(ctx, regulars.LetterFilter{State: &failed})
			if err != nil || len(letters) != len(reasons) {
				t.Fatalf("failed letters: %d, %v", len(letters), err)
			}
			for _, l := range letters {
				if l.Bounced != reasons[l.LastError] {
					t.Errorf("letter failed with %q: bounced %v", l.LastError, l.Bounced)
				}
			}
		})
	}
}

// TestStoreErrorsTranslated: the store's errors a user meets outside the domain's checks carry
// their catalogue key, whose English is the error's own message and whose Russian another:
// a schema that needs migrating, an unknown login, a client not in a sequence.
func TestStoreErrorsTranslated(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "regulars.db")
	db, err := store.Open(ctx, path, store.Options{NoMigrate: true})
	if err == nil {
		db.Close()
		t.Fatal("a new database opened without its migrations")
	}
	errs := []error{err}
	db = MustOpenDB(t, filepath.Join(t.TempDir(), "regulars.db"))
	_, err = store.NewUserService(db).FindUserByLogin(ctx, "nobody")
	errs = append(errs, err, store.NewSequenceService(db).StopEnrolment(ctx, 1, 2, "test"))
	tr, err := locale.NewTranslator()
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range errs {
		var e *regulars.Error
		if !errors.As(err, &e) || e.Key == "" {
			t.Errorf("%v has no catalogue key", err)
			continue
		}
		if en := tr.T(locale.EN, e.Key, e.Args...); en != e.Message {
			t.Errorf("%s: the catalogue's English %q, the error's %q", e.Key, en, e.Message)
		}
		if ru := tr.T(locale.RU, e.Key, e.Args...); ru == e.Message || strings.Contains(ru, "<no value>") {
			t.Errorf("%s: Russian %q", e.Key, ru)
		}
	}
}
