package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/pgtest"
	"github.com/regulars/regulars/internal/store"
	"github.com/regulars/regulars/internal/storetest"
)

// TestBigLoadRebuildsIndexes loads past the size at which the loaders drop secondary indexes
// (and, on PostgreSQL, foreign keys, and the primary keys of empty tables with the foreign keys
// that refer to them)
// and checks that they are all back, and enforced, after the commit; and that a failed big
// load leaves them in place too.
func TestBigLoadRebuildsIndexes(t *testing.T) {
	defer store.SetDropIndexesAt(50)()
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) {
			db := openEngine(t, engine)
			before := schema(t, db)
			if err := bigLoad(db, 300, true); err != nil {
				t.Fatal(err)
			}
			if after := schema(t, db); after != before {
				t.Fatalf("schema after a big load:\n%s\nwant:\n%s", after, before)
			}
			if err := bigLoad(db, 300, false); err != nil {
				t.Fatal(err)
			}
			if after := schema(t, db); after != before {
				t.Fatalf("schema after a rolled back load:\n%s\nwant:\n%s", after, before)
			}
			ctx := context.Background()
			clients := store.NewClientService(db)
			if err := clients.DeleteClient(ctx, 1); err != nil {
				t.Fatal(err)
			}
			_, n, _ := store.NewOrderService(db).FindOrders(ctx, regulars.OrderFilter{})
			if n != 600-2 {
				t.Errorf("%d orders after deleting a client of two; the cascade is gone", n)
			}
			_, err := db.SQL().ExecContext(ctx, `INSERT INTO orders (client_id, service, title, amount_minor, currency, ordered_on, status, created_at, updated_at)
				VALUES (99999, '', '', 1, 'RUB', '2026-01-01', 'paid', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`)
			if err == nil {
				t.Error("an order of a missing client was accepted: the foreign key is gone")
			}
		})
	}
}

// TestLoadKeepsReferenceIndexes: a big load keeps up, rather than drops and builds again, an
// index of the rows that refer to a service or a referrer when few of its rows refer (see
// sparse), and drops it as ever when many do; the others of those tables it drops either way.
// After the commit each such index holds exactly the rows that refer, and on PostgreSQL the
// foreign keys are checked again: a load of an order of a missing service fails and writes
// nothing.
func TestLoadKeepsReferenceIndexes(t *testing.T) {
	defer store.SetDropIndexesAt(50)()
	defer store.SetCopyBatch(100)()
	for _, engine := range []string{store.SQLite, store.Postgres} {
		for _, every := range []int{20, 1} { // one row in every refers
			t.Run(fmt.Sprintf("%s/every_%d", engine, every), func(t *testing.T) {
				testLoadKeepsReferenceIndexes(t, engine, every)
			})
		}
	}
}

func testLoadKeepsReferenceIndexes(t *testing.T, engine string, every int) {
	db := openEngine(t, engine)
	ctx := context.Background()
	svc := &regulars.Service{Name: "Логотип"}
	if err := store.NewCatalogService(db).CreateService(ctx, svc); err != nil {
		t.Fatal(err)
	}
	const clients = 300
	load := func(serviceID int64) ([]string, error) {
		l, err := store.NewBulkService(db).BeginLoad(ctx)
		if err != nil {
			return nil, err
		}
		var first int64
		for i := range clients {
			c := &regulars.Client{Name: "Клиент", Email: fmt.Sprintf("c%d-%d@example.ru", serviceID, i)}
			if i%every == 0 && i > 0 {
				c.ReferredBy = first
			}
			if err := l.AddClient(ctx, c); err != nil {
				l.Rollback()
				return nil, err
			}
			if i == 0 {
				first = c.ID
			}
			for j := range 2 {
				o := paidOrder(c.ID)
				if (2*i+j)%every == 0 {
					o.ServiceID = serviceID
				}
				if err := l.AddOrder(ctx, o); err != nil {
					l.Rollback()
					return nil, err
				}
			}
		}
		rebuilds := store.Rebuilds(l)
		return rebuilds, l.Commit()
	}
	rebuilds, err := load(svc.ID)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(rebuilds, "\n")
	for _, name := range []string{"orders_service", "clients_referred_by"} {
		if dropped := strings.Contains(all, "INDEX "+name+" ON"); dropped != (every == 1) {
			t.Errorf("one row in %d refers: dropped %s %v, want %v:\n%s", every, name, dropped, every == 1, all)
		}
	}
	if strings.Contains(all, "INDEX clients_last_contact ON") {
		t.Errorf("the load dropped clients_last_contact, whose column it does not write:\n%s", all)
	}
	for _, dropped := range []string{"orders_client", "clients_email_norm"} {
		if !strings.Contains(all, "INDEX "+dropped+" ON") {
			t.Errorf("the load kept %s:\n%s", dropped, all)
		}
	}
	count := func(q string) int {
		t.Helper()
		var n int
		if err := db.SQL().QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Read through the indexes themselves: SQLite is told to, PostgreSQL left no other way.
	byIndex := map[string][2]string{
		store.SQLite: {`SELECT count(*) FROM orders INDEXED BY orders_service WHERE service_id IS NOT NULL`,
			`SELECT count(*) FROM clients INDEXED BY clients_referred_by WHERE referred_by IS NOT NULL`},
		store.Postgres: {`SELECT count(*) FROM orders WHERE service_id IS NOT NULL`,
			`SELECT count(*) FROM clients WHERE referred_by IS NOT NULL`},
	}[engine]
	if engine == store.Postgres {
		db.SQL().SetMaxOpenConns(1) // the settings below hold for the queries' connection
		for _, q := range []string{`SET enable_seqscan = off`, `SET enable_bitmapscan = off`} {
			if _, err := db.SQL().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if plan := explain(t, db, byIndex[0]); !strings.Contains(plan, "orders_service") {
			t.Errorf("the count of the service's orders did not read orders_service: %s", plan)
		}
	}
	if n, want := count(byIndex[0]), 2*clients/every; n != want {
		t.Errorf("%d orders of the service through orders_service, want %d", n, want)
	}
	if n, want := count(byIndex[1]), (clients-1)/every; n != want {
		t.Errorf("%d referred clients through clients_referred_by, want %d", n, want)
	}
	if _, err := load(svc.ID + 1000); err == nil {
		t.Fatal("a load of orders of a missing service committed")
	}
	if n := count(`SELECT count(*) FROM orders`); n != 2*clients {
		t.Errorf("%d orders after a failed load, want the first load's %d", n, 2*clients)
	}
}

// explain returns PostgreSQL's plan of the query q.
func explain(t *testing.T, db *store.DB, q string) string {
	t.Helper()
	return queryLines(t, db, `EXPLAIN `+q)
}

// bigLoad loads n clients with two orders each, and commits or rolls back.
func bigLoad(db *store.DB, n int, commit bool) error {
	return expectedLoad(db, n, commit, 0)
}

// expectedLoad is bigLoad of a load told to expect that many records (see Loader.Expect).
func expectedLoad(db *store.DB, n int, commit bool, expect int) error {
	ctx := context.Background()
	l, err := store.NewBulkService(db).BeginLoad(ctx)
	if err != nil {
		return err
	}
	if expect > 0 {
		l.Expect(expect)
	}
	for i := 0; i < n; i++ {
		c := &regulars.Client{Name: "Клиент", Email: "c" + itoa(i) + "@example.ru", Tags: []string{"a"}}
		if err := l.AddClient(ctx, c); err != nil {
			return err
		}
		for j := 0; j < 2; j++ {
			if err := l.AddOrder(ctx, paidOrder(c.ID)); err != nil {
				return err
			}
		}
	}
	if !commit {
		return l.Rollback()
	}
	return l.Commit()
}

// schema lists the indexes and foreign keys of the database.
func schema(t *testing.T, db *store.DB) string {
	q := `SELECT name || ' ' || COALESCE(sql, '') FROM sqlite_master WHERE type IN ('index', 'table') ORDER BY name`
	if db.Dialect() == store.Postgres {
		q = `SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
			UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE contype IN ('f', 'p')
			UNION ALL SELECT adrelid::regclass || '.' || attname || ' DEFAULT ' || pg_get_expr(adbin, adrelid)
				FROM pg_attrdef JOIN pg_attribute ON attrelid = adrelid AND attnum = adnum ORDER BY 1`
	}
	return queryLines(t, db, q)
}

// queryLines returns the rows of the query q, of one text column, a line each.
func queryLines(t *testing.T, db *store.DB, q string) string {
	t.Helper()
	rows, err := db.SQL().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return strings.Join(out, "\n")
}

func itoa(i int) string { return strconv.Itoa(i) }

// openEngine opens a new, empty database of the engine (skipping PostgreSQL when it is absent).
func openEngine(t *testing.T, engine string) *store.DB {
	t.Helper()
	if engine == store.Postgres {
		return MustOpenDB(t, pgtest.DSN(t))
	}
	return MustOpenDB(t, filepath.Join(t.TempDir(), "regulars.db"))
}

// TestLoadTaggedClients loads more tagged clients than a batch holds, without orders, so that
// flushes fall between a client and its tags.
func TestLoadTaggedClients(t *testing.T) {
	defer store.SetDropIndexesAt(50)() // PostgreSQL's first buffer waits for that many
	defer store.SetCopyBatch(64)()
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) {
			db := openEngine(t, engine)
			ctx := context.Background()
			l, err := store.NewBulkService(db).BeginLoad(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 700; i++ {
				tags := []string{"a"}
				if i%2 == 0 {
					tags = append(tags, "b")
				}
				if err := l.AddClient(ctx, &regulars.Client{Name: "К" + itoa(i), Tags: tags}); err != nil {
					t.Fatal(err)
				}
			}
			if err := l.Commit(); err != nil {
				t.Fatal(err)
			}
			b := "b"
			_, n, err := store.NewClientService(db).FindClients(ctx, regulars.ClientFilter{Tag: &b})
			if err != nil || n != 350 {
				t.Fatalf("%d clients tagged b (err %v), want 350", n, err)
			}
			cs, _, _ := store.NewClientService(db).FindClients(ctx, regulars.ClientFilter{Limit: 2})
			if len(cs[0].Tags) != 2 || len(cs[1].Tags) != 1 {
				t.Fatalf("tags %v %v", cs[0].Tags, cs[1].Tags)
			}
		})
	}
}

// TestIDsNotReused: a client deleted from the top of the table does not lend its ID to the
// next one, whether it comes one by one or in a load.
func TestIDsNotReused(t *testing.T) {
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) {
			db := openEngine(t, engine)
			ctx := context.Background()
			cs := store.NewClientService(db)
			a := &regulars.Client{Name: "A"}
			b := &regulars.Client{Name: "B"}
			cs.CreateClient(ctx, a)
			cs.CreateClient(ctx, b)
			if err := cs.DeleteClient(ctx, b.ID); err != nil {
				t.Fatal(err)
			}
			c := &regulars.Client{Name: "C"}
			cs.CreateClient(ctx, c)
			if c.ID == b.ID {
				t.Fatalf("client C got the deleted B's ID %d", c.ID)
			}
			cs.DeleteClient(ctx, c.ID)
			l, err := store.NewBulkService(db).BeginLoad(ctx)
			if err != nil {
				t.Fatal(err)
			}
			d := &regulars.Client{Name: "D"}
			if err := l.AddClient(ctx, d); err != nil {
				t.Fatal(err)
			}
			if err := l.Commit(); err != nil {
				t.Fatal(err)
			}
			if d.ID <= c.ID {
				t.Fatalf("loaded client D got ID %d, not past the deleted C's %d", d.ID, c.ID)
			}
			e := &regulars.Client{Name: "E"}
			cs.CreateClient(ctx, e)
			if e.ID <= d.ID {
				t.Fatalf("client E got ID %d after the loaded D's %d", e.ID, d.ID)
			}
		})
	}
}

// AppendLower (appendLower) is strings.ToLower without its allocations: it must agree with it everywhere,
// since the search column it fills is matched against queries lower-cased by strings.ToLower.
func FuzzAppendLower(f *testing.F) {
	for _, s := range []string{"", "Анна ЁЖИКОВА", "ООО «Ромашка» LLC", "x\xffy\xd0", "İstanbul ẞ ΣΑΣ", "ǅ ǈ Ⅻ", "ABCxyz 09 @._"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(store.AppendLower([]byte("x"), s)), "x"+strings.ToLower(s); got != want {
			t.Fatalf("appendLower(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestLoadKeepsIndexesOfBiggerTables loads, in several COPYs, a few clients into a table that
// has many and many orders into an empty one: PostgreSQL's load drops the orders' indexes and
// keys, and not the clients', whose table would stay locked and rebuilt for three rows.
func TestLoadKeepsIndexesOfBiggerTables(t *testing.T) {
	defer store.SetDropIndexesAt(50)()
	defer store.SetCopyBatch(100)()
	db := MustOpenDB(t, pgtest.DSN(t))
	ctx := context.Background()
	if err := bigLoad(db, 1000, true); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, `DELETE FROM orders`); err != nil {
		t.Fatal(err)
	}
	l, err := store.NewBulkService(db).BeginLoad(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Rollback()
	for i := 0; i < 3; i++ {
		c := &regulars.Client{Name: "Новый", Email: "new" + itoa(i) + "@example.ru"}
		if err := l.AddClient(ctx, c); err != nil {
			t.Fatal(err)
		}
		addOrders(t, l, c.ID, 99)
	}
	rebuilds := strings.Join(store.Rebuilds(l), "\n")
	if strings.Contains(rebuilds, "ON public.clients") || strings.Contains(rebuilds, "ALTER TABLE clients") {
		t.Errorf("the load of 3 clients into 1,000 dropped the clients' indexes or keys:\n%s", rebuilds)
	}
	if !strings.Contains(rebuilds, "orders_client") || !strings.Contains(rebuilds, "orders_pkey") {
		t.Errorf("the load of 297 orders into none kept the orders' index or primary key:\n%s", rebuilds)
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestLoadOrderIDs checks the IDs a load gives orders: distinct, past every order already
// there, and before every order added afterwards, whether the load is big enough to hold the
// table (PostgreSQL counts IDs on from one value of the sequence and sets it at commit) or not
// (one value per order); after a rolled back load too.
func TestLoadOrderIDs(t *testing.T) {
	defer store.SetDropIndexesAt(50)()
	defer store.SetCopyBatch(64)()
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) {
			db := openEngine(t, engine)
			ctx := context.Background()
			orders := store.NewOrderService(db)
			client := &regulars.Client{Name: "Клиент"}
			if err := store.NewClientService(db).CreateClient(ctx, client); err != nil {
				t.Fatal(err)
			}
			var last, want int64 // the last order added one by one; the orders there should be
			add := func(step string) {
				t.Helper()
				o := paidOrder(client.ID)
				if err := orders.CreateOrder(ctx, o); err != nil {
					t.Fatalf("%s: %v", step, err)
				}
				var n, distinct, max int64
				err := db.SQL().QueryRowContext(ctx, `SELECT count(*), count(DISTINCT id), max(id) FROM orders`).Scan(&n, &distinct, &max)
				if err != nil {
					t.Fatal(err)
				}
				if want++; n != want || distinct != n || o.ID != max || o.ID <= last {
					t.Fatalf("%s: %d orders (want %d), %d distinct IDs, the largest %d; an order added afterwards got %d (the previous one %d)",
						step, n, want, distinct, max, o.ID, last)
				}
				last = o.ID
			}
			add("an empty base")
			for _, step := range []struct {
				name    string
				clients int
				commit  bool
			}{
				{"a big load", 300, true},
				{"a small load", 10, true},
				{"a rolled back big load", 300, false},
				{"a second big load", 300, true},
			} {
				if err := bigLoad(db, step.clients, step.commit); err != nil {
					t.Fatalf("%s: %v", step.name, err)
				}
				if step.commit {
					want += 2 * int64(step.clients)
				}
				add("after " + step.name)
			}
		})
	}
}

// TestLoadClientIDs: the clients of a load, small or big, get the IDs after the last client's,
// and a client added after it the next one: a load leaves no gap of reserved IDs (on
// PostgreSQL they are taken from the sequence ahead of the rows). A load that does not commit
// may leave one.
func TestLoadClientIDs(t *testing.T) {
	defer store.SetDropIndexesAt(50)()
	defer store.SetCopyBatch(64)()
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) {
			type step struct {
				name    string
				clients int
				commit  bool
				expect  int // records, told the load first
			}
			for _, steps := range [][]step{
				{{"a first load rolled back", 300, false, 0}, // it holds the empty table, and gives back every ID it took
					{"a small load", 3, true, 0}, {"a bigger one", 40, true, 0}, {"a big load", 300, true, 0}, {"a small load after", 2, true, 0},
					{"a small load rolled back", 70, false, 0}}, // as an import refused for a bad row: it locks the table to give its IDs back
				{{"a first load that expects many, rolled back", 300, false, 900}, // it holds the table from its first client
					{"a first load that expects many", 300, true, 900}, {"a small load after it", 2, true, 0}},
			} {
				db := openEngine(t, engine)
				ctx := context.Background()
				var last int64
				check := func(step string, added int) {
					t.Helper()
					var n, min, max int64
					err := db.SQL().QueryRowContext(ctx, `SELECT count(*), COALESCE(min(id), $1 + 1), COALESCE(max(id), $1) FROM clients WHERE id > $1`, last).Scan(&n, &min, &max)
					if err != nil {
						t.Fatal(err)
					}
					if n != int64(added) || min != last+1 || max != last+int64(added) {
						t.Fatalf("%s: %d clients with IDs %d-%d, want %d from %d", step, n, min, max, added, last+1)
					}
					last = max
					c := &regulars.Client{Name: "Вручную"}
					if err := store.NewClientService(db).CreateClient(ctx, c); err != nil {
						t.Fatal(err)
					}
					if c.ID != last+1 {
						t.Fatalf("after %s a client added by hand got ID %d, want %d", step, c.ID, last+1)
					}
					last = c.ID
				}
				for _, step := range steps {
					if err := expectedLoad(db, step.clients, step.commit, step.expect); err != nil {
						t.Fatalf("%s: %v", step.name, err)
					}
					if !step.commit {
						step.clients = 0
					}
					check(step.name, step.clients)
				}
			}
		})
	}
}

// TestBigLoadHoldsEmptyClients: on PostgreSQL, a load that expects many records and begins on
// an empty clients table locks it at its first client, before any COPY, so that it may take
// client IDs in big blocks and give back those it does not use: another session's client
// waits; into a table with clients, it does not.
func TestBigLoadHoldsEmptyClients(t *testing.T) {
	db := openEngine(t, store.Postgres)
	ctx := context.Background()
	insertWaits := func() bool {
		t.Helper()
		tx, err := db.SQL().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, `SET LOCAL lock_timeout = '200ms'`); err != nil {
			t.Fatal(err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO clients (name, created_at, updated_at) VALUES ('Другой', now(), now())`)
		return err != nil && strings.Contains(err.Error(), "lock timeout")
	}
	for _, tc := range []struct {
		name string
		held bool
	}{{"an empty table", true}, {"a table with clients", false}} {
		l, err := store.NewBulkService(db).BeginLoad(ctx)
		if err != nil {
			t.Fatal(err)
		}
		l.Expect(1_000_000)
		if err := l.AddClient(ctx, &regulars.Client{Name: "Первый"}); err != nil {
			t.Fatal(err)
		}
		if got := insertWaits(); got != tc.held {
			t.Errorf("%s: another session's client waits: %v, want %v", tc.name, got, tc.held)
		}
		if err := l.Rollback(); err != nil {
			t.Fatal(err)
		}
		if err := store.NewClientService(db).CreateClient(ctx, &regulars.Client{Name: "Вручную"}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLoadClientColumns loads clients whose buffers fill different columns (none of the
// optional ones, each one alone, all of them) and reads every client back as it was given:
// a PostgreSQL COPY names only the columns its buffer fills.
func TestLoadClientColumns(t *testing.T) {
	defer store.SetDropIndexesAt(4)() // PostgreSQL's first buffer waits for that many
	defer store.SetCopyBatch(4)()
	full := regulars.Client{Name: "Полный", Company: "ООО «Ромашка»", Email: "full@example.ru", Phone: "+7 903 123-45-67",
		Messenger: "@full", Industry: "Розница", TimeZone: "Asia/Yekaterinburg", Source: "referral", ReferredBy: 1,
		Notes: "заметка", PainPoints: "нет времени", Goals: "рост", PreferredChannel: "email", DetailLevel: "brief",
		PreferredTime: "morning", MarketingConsent: true, ConsentOn: regulars.MustParseDate("2026-02-03")}
	// Each of the optional fields alone, by setting it from the full client.
	var clients []regulars.Client
	for _, set := range []func(c *regulars.Client){
		func(c *regulars.Client) { c.Messenger = full.Messenger },
		func(c *regulars.Client) { c.Industry = full.Industry },
		func(c *regulars.Client) { c.TimeZone = full.TimeZone },
		func(c *regulars.Client) { c.Source = full.Source },
		func(c *regulars.Client) { c.ReferredBy = full.ReferredBy },
		func(c *regulars.Client) { c.Notes = full.Notes },
		func(c *regulars.Client) { c.PainPoints = full.PainPoints },
		func(c *regulars.Client) { c.Goals = full.Goals },
		func(c *regulars.Client) { c.PreferredChannel = full.PreferredChannel },
		func(c *regulars.Client) { c.DetailLevel = full.DetailLevel },
		func(c *regulars.Client) { c.PreferredTime = full.PreferredTime },
		func(c *regulars.Client) { c.MarketingConsent = full.MarketingConsent },
		func(c *regulars.Client) { c.ConsentOn = full.ConsentOn },
	} {
		c := regulars.Client{Name: "Один", Email: "one@example.ru"}
		set(&c)
		// A buffer of four: this client, two bare ones, and the full one every other time.
		clients = append(clients, c, regulars.Client{Name: "Пустой"}, regulars.Client{Name: "Пустой", Phone: "8 903 000-00-00"})
		if len(clients)%2 == 0 {
			clients = append(clients, full)
		} else {
			clients = append(clients, regulars.Client{Name: "Пустой"})
		}
	}
	// With a client before the load (the referrer), each buffer is copied as it comes; into
	// an empty base (the first client loaded refers to itself), PostgreSQL gathers the rows
	// of several buffers, up to a change of columns, or of one (gathering 1 byte).
	for _, c := range []struct {
		engine   string
		referrer bool
		gather   int
	}{{store.SQLite, true, 0}, {store.SQLite, false, 0}, {store.Postgres, true, 0}, {store.Postgres, false, 0}, {store.Postgres, false, 1}} {
		t.Run(fmt.Sprintf("%s/referrer=%v/gather=%d", c.engine, c.referrer, c.gather), func(t *testing.T) {
			if c.gather > 0 {
				defer store.SetGatherBytes(c.gather)()
			}
			db := openEngine(t, c.engine)
			ctx := context.Background()
			svc := store.NewClientService(db)
			if c.referrer {
				if err := svc.CreateClient(ctx, &regulars.Client{Name: "Рекомендатель"}); err != nil {
					t.Fatal(err)
				}
			}
			l, err := store.NewBulkService(db).BeginLoad(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := make([]regulars.Client, len(clients))
			for i := range clients {
				want[i] = clients[i]
				if err := l.AddClient(ctx, &want[i]); err != nil {
					t.Fatal(err)
				}
			}
			if err := l.Commit(); err != nil {
				t.Fatal(err)
			}
			for _, w := range want {
				got, err := svc.FindClientByID(ctx, w.ID)
				if err != nil {
					t.Fatal(err)
				}
				got.CreatedAt, got.UpdatedAt, w.CreatedAt, w.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
				if len(got.Tags) == 0 {
					got.Tags = nil
				}
				if !reflect.DeepEqual(*got, w) {
					t.Errorf("client %d read back as\n%+v\nwant\n%+v", w.ID, *got, w)
				}
			}
		})
	}
}

// TestLoadKeyedClient checks that a client added with its keys is stored with those keys,
// not with keys worked out again, and one added without them with its own.
func TestLoadKeyedClient(t *testing.T) {
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) {
			db := openEngine(t, engine)
			ctx := context.Background()
			l, err := store.NewBulkService(db).BeginLoad(ctx)
			if err != nil {
				t.Fatal(err)
			}
			keyed := &regulars.Client{Name: "Анна Петрова", Email: "Anna@Example.ru", Phone: "8 903 123-45-67"}
			given := regulars.ClientKey{Email: "given@example.ru", Phone: "79990000000", Name: "given|"}
			plain := &regulars.Client{Name: "Ёлкин Пётр", Company: "ООО «Ёлка»", Email: " Petr@Example.ru"}
			if err := l.AddKeyedClient(ctx, keyed, given); err != nil {
				t.Fatal(err)
			}
			if err := l.AddClient(ctx, plain); err != nil {
				t.Fatal(err)
			}
			if err := l.Commit(); err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct {
				c    *regulars.Client
				want regulars.ClientKey
			}{{keyed, given}, {plain, regulars.ClientKeyOf(plain)}} {
				var got regulars.ClientKey
				err := db.SQL().QueryRowContext(ctx, `SELECT email_norm, phone_norm, name_key FROM clients WHERE id = $1`, tc.c.ID).
					Scan(&got.Email, &got.Phone, &got.Name)
				if err != nil {
					t.Fatal(err)
				}
				if got != tc.want {
					t.Errorf("client %q stored with keys %+v, want %+v", tc.c.Name, got, tc.want)
				}
			}
		})
	}
}

// TestLoadExpect checks that a PostgreSQL load told to expect a big load copies its first
// buffer at the batch size, its tables' indexes and keys dropped before it, where a load not
// told so holds it until a table has dropIndexesAt records.
func TestLoadExpect(t *testing.T) {
	defer store.SetDropIndexesAt(1000)()
	defer store.SetCopyBatch(20)()
	ctx := context.Background()
	for _, expect := range []int{0, 5000} {
		db := MustOpenDB(t, pgtest.DSN(t))
		l, err := store.NewBulkService(db).BeginLoad(ctx)
		if err != nil {
			t.Fatal(err)
		}
		l.Expect(expect)
		c := &regulars.Client{Name: "Клиент", Email: "c" + itoa(expect) + "@example.ru"}
		if err := l.AddClient(ctx, c); err != nil {
			t.Fatal(err)
		}
		addOrders(t, l, c.ID, 25)
		rebuilds := strings.Join(store.Rebuilds(l), "\n")
		if dropped := strings.Contains(rebuilds, "orders_client") && strings.Contains(rebuilds, "orders_pkey"); dropped != (expect > 0) {
			t.Errorf("expecting %d records, 26 added: dropped the orders' index and key %v, want %v:\n%s", expect, dropped, expect > 0, rebuilds)
		}
		if err := l.Commit(); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := store.NewOrderService(db).FindOrders(ctx, regulars.OrderFilter{}); n != 25 {
			t.Errorf("expecting %d records: %d orders after a load of 25", expect, n)
		}
	}
}

// TestLoadStopsAfterFailure: once a write of the worker fails, the load's next flush returns
// that error instead of the caller making rows nobody will write until it commits; the
// rollback leaves nothing behind. Rows gathered for one COPY (PostgreSQL, a table the load
// emptied) are refused when they are copied, at the latest by the commit, which then fails
// and writes nothing.
func TestLoadStopsAfterFailure(t *testing.T) {
	defer store.SetDropIndexesAt(1000)()
	defer store.SetCopyBatch(10)()
	for _, c := range []struct {
		engine   string
		gathered bool
	}{{store.SQLite, false}, {store.Postgres, false}, {store.Postgres, true}} {
		t.Run(fmt.Sprintf("%s/gathered=%v", c.engine, c.gathered), func(t *testing.T) {
			if !c.gathered {
				defer store.SetGatherBytes(1)() // each buffer's rows copied at once
			}
			db := openEngine(t, c.engine)
			ctx := context.Background()
			l, err := store.NewBulkService(db).BeginLoad(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Rollback()
			l.Expect(100_000)
			client := &regulars.Client{Name: "Клиент"}
			if err := l.AddClient(ctx, client); err != nil {
				t.Fatal(err)
			}
			// An interaction without its day: NOT NULL refuses it when it is written.
			if err := l.AddInteraction(ctx, &regulars.Interaction{ClientID: client.ID, Channel: "call", Direction: "out"}); err != nil {
				t.Fatal(err)
			}
			var addErr error
			for i := 0; i < 3000 && addErr == nil; i++ {
				addErr = l.AddOrder(ctx, paidOrder(client.ID))
			}
			if c.gathered {
				if addErr != nil {
					t.Fatalf("a gathered row refused before its COPY: %v", addErr)
				}
				if err := l.Commit(); err == nil || !strings.Contains(err.Error(), "interactions") {
					t.Fatalf("the commit of a refused gathered row: %v", err)
				}
			} else {
				if addErr == nil || !strings.Contains(addErr.Error(), "interactions") {
					t.Fatalf("3,000 orders added after a failed write; the error: %v", addErr)
				}
				if err := l.Rollback(); err != nil {
					t.Fatal(err)
				}
			}
			if _, n, _ := store.NewOrderService(db).FindOrders(ctx, regulars.OrderFilter{}); n != 0 {
				t.Errorf("%d orders left by a failed load", n)
			}
			if _, n, _ := store.NewClientService(db).FindClients(ctx, regulars.ClientFilter{}); n != 0 {
				t.Errorf("%d clients left by a failed load", n)
			}
		})
	}
}

// TestLoadOrderIDsLockedMidLoad: a load into a table bigger than its first buffers takes one
// ID per order from the sequence, while another session may insert too, then, once it has
// brought more rows than the table had and dropped its keys, counts them on; every ID stays
// distinct, and the next order's is past them.
func TestLoadOrderIDsLockedMidLoad(t *testing.T) {
	defer store.SetDropIndexesAt(1000)()
	defer store.SetCopyBatch(20)()
	db := MustOpenDB(t, pgtest.DSN(t))
	ctx := context.Background()
	client := &regulars.Client{Name: "Клиент"}
	if err := store.NewClientService(db).CreateClient(ctx, client); err != nil {
		t.Fatal(err)
	}
	orders := store.NewOrderService(db)
	for i := 0; i < 60; i++ {
		if err := orders.CreateOrder(ctx, paidOrder(client.ID)); err != nil {
			t.Fatal(err)
		}
	}
	l, err := store.NewBulkService(db).BeginLoad(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Rollback()
	l.Expect(5000)
	inserted := make(chan error, 1)
	for i := 0; i < 300; i++ {
		if err := l.AddOrder(ctx, paidOrder(client.ID)); err != nil {
			t.Fatal(err)
		}
		if i == 40 {
			if len(store.Rebuilds(l)) != 0 {
				t.Fatalf("41 orders into 60 dropped keys: %q", store.Rebuilds(l))
			}
			// Another session's order, while the load does not hold the table: it takes an
			// ID the load's next orders must not take too.
			go func() { inserted <- orders.CreateOrder(ctx, paidOrder(client.ID)) }()
			waitInsertedOrLocked(t, db, inserted)
		}
	}
	if rebuilds := strings.Join(store.Rebuilds(l), "\n"); !strings.Contains(rebuilds, "orders_client") {
		t.Fatalf("300 orders into 60 kept the orders' index:\n%s", rebuilds)
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-inserted; err != nil {
		t.Fatalf("the other session's order: %v", err)
	}
	o := paidOrder(client.ID)
	if err := orders.CreateOrder(ctx, o); err != nil {
		t.Fatal(err)
	}
	var n, distinct, max int64
	if err := db.SQL().QueryRowContext(ctx, `SELECT count(*), count(DISTINCT id), max(id) FROM orders`).Scan(&n, &distinct, &max); err != nil {
		t.Fatal(err)
	}
	if n != 362 || distinct != n || o.ID != max {
		t.Errorf("%d orders, %d distinct IDs, the largest %d; the order added afterwards got %d", n, distinct, max, o.ID)
	}
}

// TestLoadHoldsCountedTable: once a PostgreSQL load counts a table's IDs on from the sequence,
// another session's insert into that table waits for the load's commit, and then takes an ID
// past every one the load gave: counting is safe only while the load holds the table.
func TestLoadHoldsCountedTable(t *testing.T) {
	defer store.SetDropIndexesAt(50)()
	defer store.SetCopyBatch(20)()
	db := MustOpenDB(t, pgtest.DSN(t))
	ctx := context.Background()
	client := &regulars.Client{Name: "Клиент"}
	if err := store.NewClientService(db).CreateClient(ctx, client); err != nil {
		t.Fatal(err)
	}
	l := forecastBigLoad(t, db, client.ID, 30)
	if !strings.Contains(strings.Join(store.Rebuilds(l), "\n"), "orders_pkey") {
		t.Fatal("a big load into no orders kept their primary key")
	}
	other := paidOrder(client.ID)
	inserted := make(chan error, 1)
	go func() { inserted <- store.NewOrderService(db).CreateOrder(ctx, other) }()
	if waitInsertedOrLocked(t, db, inserted) {
		t.Fatal("another session inserted an order while the load counted the orders' IDs")
	}
	addOrders(t, l, client.ID, 30)
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-inserted; err != nil {
		t.Fatal(err)
	}
	var n, distinct, max int64
	if err := db.SQL().QueryRowContext(ctx, `SELECT count(*), count(DISTINCT id), max(id) FROM orders`).Scan(&n, &distinct, &max); err != nil {
		t.Fatal(err)
	}
	if n != 61 || distinct != n || other.ID != max {
		t.Errorf("%d orders, %d distinct IDs, the largest %d; the other session's got %d", n, distinct, max, other.ID)
	}
}

// waitInsertedOrLocked waits until another session's insert, which sends its error on
// inserted, has returned (true; the error is sent back for the caller) or waits for a lock.
func waitInsertedOrLocked(t *testing.T, db *store.DB, inserted chan error) bool {
	t.Helper()
	for {
		select {
		case err := <-inserted:
			inserted <- err
			return true
		default:
		}
		var waiting int
		if err := db.SQL().QueryRowContext(context.Background(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting > 0 {
			return false
		}
	}
}

// TestLoadFreeze: a big PostgreSQL load into an empty table (whose referrers' foreign keys it
// drops) empties it and copies its rows frozen, the later ones without their time stamps,
// which the columns' defaults fill meanwhile; into a table with rows it keeps them, and copies
// as usual. Either way every order has the load's time, and the schema is as it was.
func TestLoadFreeze(t *testing.T) {
	defer store.SetDropIndexesAt(50)()
	defer store.SetCopyBatch(20)()
	for _, before := range []int{0, 1} {
		db := MustOpenDB(t, pgtest.DSN(t))
		ctx := context.Background()
		client := &regulars.Client{Name: "Клиент"}
		if err := store.NewClientService(db).CreateClient(ctx, client); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < before; i++ {
			if err := store.NewOrderService(db).CreateOrder(ctx, paidOrder(client.ID)); err != nil {
				t.Fatal(err)
			}
		}
		want := schema(t, db)
		l, err := store.NewBulkService(db).BeginLoad(ctx)
		if err != nil {
			t.Fatal(err)
		}
		l.Expect(1000)
		addOrders(t, l, client.ID, 100)
		if frozen := slices.Contains(store.Frozen(l), "orders"); frozen != (before == 0) {
			t.Errorf("%d orders before a big load: orders copied frozen %v", before, frozen)
		}
		rebuilds := strings.Join(store.Rebuilds(l), "\n")
		if defaulted := strings.Contains(rebuilds, "orders ALTER COLUMN created_at DROP DEFAULT"); defaulted != (before == 0) {
			t.Errorf("%d orders before a big load: time stamps by default %v:\n%s", before, defaulted, rebuilds)
		}
		if err := l.Commit(); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := store.NewOrderService(db).FindOrders(ctx, regulars.OrderFilter{}); n != before+100 {
			t.Errorf("%d orders before a load of 100: %d after", before, n)
		}
		var stamped int
		db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM orders WHERE created_at = $1 AND updated_at = $1`, storetest.Now).Scan(&stamped)
		if stamped != before+100 {
			t.Errorf("%d orders before a load of 100: %d with the load's time", before, stamped)
		}
		if got := schema(t, db); got != want {
			t.Errorf("%d orders before: schema after the load:\n%s\nwant:\n%s", before, got, want)
		}
	}
}

// TestLoadFreezeClients checks that a big load into an empty clients table drops its primary
// key and the foreign keys that refer to it, copies the clients frozen, and restores them all
// at commit, enforced, checking those of frozen tables with an index on the referring column
// by merging indexes; and that a load into a table with a client keeps them.
func TestLoadFreezeClients(t *testing.T) {
	defer store.SetDropIndexesAt(50)()
	defer store.SetCopyBatch(20)()
	for _, before := range []int{0, 1} {
		db := MustOpenDB(t, pgtest.DSN(t))
		ctx := context.Background()
		want := schema(t, db)
		clients := store.NewClientService(db)
		for i := 0; i < before; i++ {
			if err := clients.CreateClient(ctx, &regulars.Client{Name: "Был"}); err != nil {
				t.Fatal(err)
			}
		}
		l, err := store.NewBulkService(db).BeginLoad(ctx)
		if err != nil {
			t.Fatal(err)
		}
		l.Expect(1000)
		var first int64
		for i := 0; i < 100; i++ {
			c := &regulars.Client{Name: "Клиент " + itoa(i), Email: "c" + itoa(i) + "@example.ru"}
			if err := l.AddClient(ctx, c); err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = c.ID
			}
			addOrders(t, l, c.ID, 2)
			in := &regulars.Interaction{ClientID: c.ID, On: regulars.MustParseDate("2026-01-02"), Channel: "email", Direction: "outbound"}
			if err := l.AddInteraction(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		rebuilds := strings.Join(store.Rebuilds(l), "\n")
		dropped := strings.Contains(rebuilds, "clients_pkey") && strings.Contains(rebuilds, "interactions_client_id_fkey")
		if frozen := slices.Contains(store.Frozen(l), "clients"); frozen != (before == 0) || dropped != (before == 0) {
			t.Errorf("%d clients before a big load: clients copied frozen %v, their key and its referrers' dropped %v:\n%s",
				before, frozen, dropped, rebuilds)
		}
		merged := strings.Join(store.MergeChecks(l), "\n")
		if first := before == 0; strings.Contains(merged, "orders_client_id_fkey") != first ||
			strings.Contains(merged, "interactions_client_id_fkey") != first || strings.Contains(merged, "service") {
			t.Errorf("%d clients before a big load: the foreign keys checked by merging indexes:\n%s", before, merged)
		}
		if err := l.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := schema(t, db); got != want {
			t.Errorf("%d clients before: schema after the load:\n%s\nwant:\n%s", before, got, want)
		}
		if _, n, _ := clients.FindClients(ctx, regulars.ClientFilter{}); n != before+100 {
			t.Errorf("%d clients before a load of 100: %d after", before, n)
		}
		if err := clients.DeleteClient(ctx, first); err != nil {
			t.Fatal(err)
		}
		var orders, interactions int
		db.SQL().QueryRowContext(ctx, `SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM interactions)`).Scan(&orders, &interactions)
		if orders != 198 || interactions != 99 {
			t.Errorf("after deleting a loaded client: %d orders, %d interactions; want 198, 99 (the cascades)", orders, interactions)
		}
		if _, err := db.SQL().ExecContext(ctx, `INSERT INTO interactions (client_id, happened_on, channel, direction, created_at)
			VALUES (99999, '2026-01-01', 'email', 'out', '2026-01-01T00:00:00Z')`); err == nil {
			t.Errorf("%d clients before: an interaction of a missing client was accepted after the load", before)
		}
	}
}

// paidOrder returns a paid order of the client: 1.00 RUB on 1 January 2026.
func paidOrder(clientID int64) *regulars.Order {
	return &regulars.Order{ClientID: clientID, Amount: regulars.Money{Minor: 100, Currency: "RUB"},
		OrderedOn: regulars.MustParseDate("2026-01-01"), Status: regulars.StatusPaid}
}

// addOrders adds n paid orders of the client to the load.
func addOrders(t *testing.T, l regulars.Loader, clientID int64, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if err := l.AddOrder(context.Background(), paidOrder(clientID)); err != nil {
			t.Fatal(err)
		}
	}
}

// forecastBigLoad begins a load forecast big, adds n paid orders of the client to it, and rolls it
// back when the test ends.
func forecastBigLoad(t *testing.T, db *store.DB, clientID int64, n int) regulars.Loader {
	t.Helper()
	l, err := store.NewBulkService(db).BeginLoad(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Rollback() })
	l.Expect(1000)
	addOrders(t, l, clientID, n)
	return l
}

// TestBuildWorkersApplied: a big load on the test server lowers the parallel workers of its
// commit's builds in its own transaction as buildWorkers says, and leaves the server's setting
// for every other session.
func TestBuildWorkersApplied(t *testing.T) {
	defer store.SetDropIndexesAt(50)()
	defer store.SetCopyBatch(20)()
	dsn := pgtest.DSN(t)
	db := MustOpenDB(t, dsn)
	ctx := context.Background()
	client := &regulars.Client{Name: "Клиент"}
	if err := store.NewClientService(db).CreateClient(ctx, client); err != nil {
		t.Fatal(err)
	}
	var server, serverSetting string
	if err := db.SQL().QueryRowContext(ctx, `SELECT COALESCE(host(inet_server_addr()), ''),
		current_setting('max_parallel_maintenance_workers')`).Scan(&server, &serverSetting); err != nil {
		t.Fatal(err)
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	want := serverSetting
	if n, ok := store.BuildWorkers(cfg.Host, server, runtime.NumCPU()); ok {
		if m, _ := strconv.Atoi(serverSetting); n < m {
			want = strconv.Itoa(n)
		}
	}
	l := forecastBigLoad(t, db, client.ID, 100)
	if len(store.Rebuilds(l)) == 0 {
		t.Fatal("a big load has nothing to rebuild")
	}
	got, err := store.BuildWorkerSetting(ctx, l)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("max_parallel_maintenance_workers in the load: %s, want %s (server %s, %d cores)", got, want, serverSetting, runtime.NumCPU())
	}
	var other string
	db.SQL().QueryRowContext(ctx, `SELECT current_setting('max_parallel_maintenance_workers')`).Scan(&other)
	if other != serverSetting {
		t.Errorf("max_parallel_maintenance_workers outside the load: %s, want the server's %s", other, serverSetting)
	}
}

// TestBuildWorkers: a commit's index builds get one worker fewer than the cores when the
// server is on this machine (reached and received on a loopback address or a socket) and
// has at most two; otherwise the server's setting stands.
func TestBuildWorkers(t *testing.T) {
	for _, c := range []struct {
		host, server string
		cpus         int
		n            int
		ok           bool
	}{
		{"127.0.0.1", "127.0.0.1", 2, 1, true},
		{"localhost", "::1", 1, 0, true},
		{"::1", "::1", 2, 1, true},
		{"/var/run/postgresql", "", 2, 1, true},
		{"127.0.0.1", "127.0.0.1", 4, 0, false},
		{"127.0.0.1", "172.17.0.2", 2, 0, false}, // a port forwarded into a container
		{"db.example.com", "10.0.0.5", 2, 0, false},
		{"10.0.0.5", "10.0.0.5", 1, 0, false},
	} {
		n, ok := store.BuildWorkers(c.host, c.server, c.cpus)
		if n != c.n || ok != c.ok {
			t.Errorf("BuildWorkers(%q, %q, %d) = %d, %v; want %d, %v", c.host, c.server, c.cpus, n, ok, c.n, c.ok)
		}
	}
}

// TestLoadRefunds marks refunded, by their import keys, orders a load added (in a big load too,
// whose orders PostgreSQL copied frozen, without their keys and indexes) and links refund rows
// to them and to a stored order; ClientOrders reads the stored orders and the load's written
// ones; the import index knows the links afterwards.
func TestLoadRefunds(t *testing.T) {
	eachLoadSize(t, func(t *testing.T, engine string, n int) {
		db, client, stored, l := loadBesideOrder(t, engine, n, func(int, *regulars.Order) {})
		ctx := context.Background()
		refund := *paidOrder(client.ID)
		links := []regulars.RefundLink{{RefundKey: 1, OrderKey: 1000, Refund: refund}, {RefundKey: 2, OrderKey: int64(1000 + n - 1), Refund: refund},
			{RefundKey: 3, OrderID: stored.ID, Refund: refund}}
		if err := l.RecordRefunds(ctx, links); err != nil {
			t.Fatal(err)
		}
		got, err := l.ClientOrders(ctx, []int64{client.ID}, nil)
		if err != nil {
			t.Fatal(err)
		}
		refunded := 0
		for _, o := range got {
			if o.Status == regulars.StatusRefunded {
				refunded++
			}
		}
		if len(got) != n+1 || refunded != 2 || got[0].Amount.Minor != 100 || got[0].Amount.Currency != "RUB" {
			t.Errorf("ClientOrders: %d orders, %d refunded, first %+v; want %d, 2", len(got), refunded, got[0], n+1)
		}
		if err := l.Commit(); err != nil {
			t.Fatal(err)
		}
		l, err = store.NewBulkService(db).BeginLoad(ctx)
		if err != nil {
			t.Fatal(err)
		}
		idx, err := l.ImportIndex(ctx)
		l.Rollback()
		if err != nil {
			t.Fatal(err)
		}
		if len(idx.Refunds) != 3 || idx.Refunds[3] != stored.ID || idx.Refunds[1] == 0 || idx.Refunds[1] == idx.Refunds[2] {
			t.Errorf("the index's refunds: %v", idx.Refunds)
		}
		var status string
		db.SQL().QueryRowContext(ctx, `SELECT status FROM orders WHERE id = $1`, idx.Refunds[2]).Scan(&status)
		if status != regulars.StatusRefunded {
			t.Errorf("the order of refund 2 is %q", status)
		}
	})
}

// TestLoadAmendments puts an order a load added (in a big load too, which copied its orders
// without their keys and indexes) in place of a stored one of the same day, which keeps its ID;
// ClientOrders reads the orders of client-day pairs.
func TestLoadAmendments(t *testing.T) {
	eachLoadSize(t, func(t *testing.T, engine string, n int) {
		db, client, stored, l := loadBesideOrder(t, engine, n, func(i int, o *regulars.Order) {
			o.Amount = regulars.Money{Minor: int64(200 + i), Currency: "USD"}
			o.Status, o.DeliveredOn = regulars.StatusDelivered, regulars.MustParseDate("2026-02-03")
		})
		ctx := context.Background()
		if err := l.AmendOrders(ctx, []regulars.Amendment{{OrderID: stored.ID, ImportKey: 1000}}); err != nil {
			t.Fatal(err)
		}
		on, err := l.ClientOrders(ctx, []int64{client.ID, client.ID}, []regulars.Date{regulars.MustParseDate("2026-01-01"), regulars.MustParseDate("2026-01-02")})
		if err != nil {
			t.Fatal(err)
		}
		if len(on) != n || on[0].ID != stored.ID && on[len(on)-1].ID != stored.ID {
			t.Errorf("orders of 2026-01-01 and 02: %d, want the amended one and the %d others of the 1st", len(on), n-1)
		}
		if err := l.Commit(); err != nil {
			t.Fatal(err)
		}
		got, err := store.NewOrderService(db).FindOrderByID(ctx, stored.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Amount.Minor != 200 || got.Amount.Currency != "USD" || got.Status != regulars.StatusDelivered ||
			got.DeliveredOn.String() != "2026-02-03" || got.ImportKey != 1000 {
			t.Errorf("the amended order: %+v", got)
		}
		if _, count, _ := store.NewOrderService(db).FindOrders(ctx, regulars.OrderFilter{}); count != n {
			t.Errorf("%d orders after amending one with one of %d new", count, n)
		}
	})
}

// loadBesideOrder opens a database of the engine with a client and a paid order of it,
// imported (import key 7), and begins a load, rolled back at the end of the test unless it
// commits, of n paid orders of the client of import keys 1000 on, each as edit leaves it.
func loadBesideOrder(t *testing.T, engine string, n int, edit func(i int, o *regulars.Order)) (*store.DB, *regulars.Client, *regulars.Order, regulars.Loader) {
	t.Helper()
	db := openEngine(t, engine)
	ctx := context.Background()
	client := &regulars.Client{Name: "Клиент"}
	if err := store.NewClientService(db).CreateClient(ctx, client); err != nil {
		t.Fatal(err)
	}
	stored := paidOrder(client.ID)
	stored.ImportKey = 7
	if err := store.NewOrderService(db).CreateOrder(ctx, stored); err != nil {
		t.Fatal(err)
	}
	l, err := store.NewBulkService(db).BeginLoad(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Rollback() })
	l.Expect(n)
	for i := range n {
		o := paidOrder(client.ID)
		o.ImportKey = int64(1000 + i)
		edit(i, o)
		if err := l.AddOrder(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	return db, client, stored, l
}

// eachLoadSize runs test on both engines, with a load of a few orders and a big one.
func eachLoadSize(t *testing.T, test func(t *testing.T, engine string, n int)) {
	defer store.SetDropIndexesAt(50)()
	defer store.SetCopyBatch(20)()
	for _, engine := range []string{store.SQLite, store.Postgres} {
		for _, n := range []int{3, 100} {
			t.Run(fmt.Sprintf("%s/%d", engine, n), func(t *testing.T) { test(t, engine, n) })
		}
	}
}

// TestNotNullColumn: the indexes a load may keep up are those of the rows whose one column is
// not NULL, as either engine keeps or prints their definitions.
func TestNotNullColumn(t *testing.T) {
	for ddl, want := range map[string]string{
		"CREATE INDEX orders_service ON orders (service_id) WHERE service_id IS NOT NULL":                       "service_id",
		"CREATE INDEX orders_service ON public.orders USING btree (service_id) WHERE (service_id IS NOT NULL)":  "service_id",
		"CREATE INDEX clients_last_contact ON clients (id, last_contact_on) WHERE last_contact_on is not null;": "last_contact_on",
		`CREATE INDEX x ON public.t USING btree (a) WHERE ("Col" IS NOT NULL)`:                                  "Col",
		"CREATE INDEX clients_email_norm ON clients (email_norm) WHERE email_norm <> ''":                        "",
		"CREATE INDEX orders_client ON public.orders USING btree (client_id, ordered_on)":                       "",
		"CREATE INDEX x ON t (a) WHERE a IS NULL":                                                               "",
		"CREATE INDEX x ON t (a) WHERE a IS NOT NULL AND b > 0":                                                 "",
		"CREATE INDEX x ON public.t USING btree (a) WHERE ((a IS NOT NULL) AND (b IS NOT NULL))":                "",
		"CREATE INDEX x ON public.t USING btree (lower(a)) WHERE (a IS NOT NULL OR b IS NOT NULL)":              "",
	} {
		if got := store.NotNullColumn(ddl); got != want {
			t.Errorf("notNullColumn(%q) = %q, want %q", ddl, got, want)
		}
	}
}

// TestLoadLastContactsOfMany: a load that gives more clients interactions than it sets one by
// one (lastContactsAll) sets every client's last contact at once, before the indexes come
// back: each client's latest interaction, one stored before the load included, and none for
// a client without any.
func TestLoadLastContactsOfMany(t *testing.T) {
	defer store.SetDropIndexesAt(1000)()
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) {
			db := openEngine(t, engine)
			ctx := context.Background()
			old := &regulars.Client{Name: "Старый"}
			if err := store.NewClientService(db).CreateClient(ctx, old); err != nil {
				t.Fatal(err)
			}
			later := regulars.MustParseDate("2026-06-01")
			records := store.NewRecordService(db)
			if err := records.CreateInteraction(ctx, &regulars.Interaction{ClientID: old.ID, On: later, Channel: "call", Direction: "outbound"}); err != nil {
				t.Fatal(err)
			}
			l, err := store.NewBulkService(db).BeginLoad(ctx)
			if err != nil {
				t.Fatal(err)
			}
			const n = 10_050
			ids := make([]int64, n)
			for i := range n {
				c := &regulars.Client{Name: fmt.Sprintf("Клиент %d", i)}
				if err := l.AddClient(ctx, c); err != nil {
					t.Fatal(err)
				}
				ids[i] = c.ID
				if i%10 == 9 {
					continue // no interaction
				}
				for j := range 2 {
					on := regulars.MustParseDate("2026-01-01").AddDays(i%200 + 30*j)
					if err := l.AddInteraction(ctx, &regulars.Interaction{ClientID: c.ID, On: on, Channel: "email", Direction: "outbound"}); err != nil {
						t.Fatal(err)
					}
				}
			}
			early := &regulars.Interaction{ClientID: old.ID, On: regulars.MustParseDate("2026-01-05"), Channel: "email", Direction: "inbound"}
			if err := l.AddInteraction(ctx, early); err != nil {
				t.Fatal(err)
			}
			if err := l.Commit(); err != nil {
				t.Fatal(err)
			}
			clients := store.NewClientService(db)
			for _, i := range []int{0, 9, 150, 10_049} {
				c, err := clients.FindClientByID(ctx, ids[i])
				if err != nil {
					t.Fatal(err)
				}
				want := regulars.MustParseDate("2026-01-01").AddDays(i%200 + 30)
				if i%10 == 9 {
					want = regulars.Date{}
				}
				if c.LastContact != want {
					t.Errorf("client %d: last contact %s, want %s", i, c.LastContact, want)
				}
			}
			if c, err := clients.FindClientByID(ctx, old.ID); err != nil || c.LastContact != later {
				t.Errorf("the client of before the load: last contact %s (%v), want %s", c.LastContact, err, later)
			}
		})
	}
}

// TestLoadFillClients: a load gives its own clients and stored ones the email or phone they
// have none of, keys and search text with them, a source and the tags they lack, leaves a
// client's own alone, and says which it changed; a big first load, whose clients have no
// primary key until commit, too.
func TestLoadFillClients(t *testing.T) {
	for _, big := range []bool{false, true} {
		for _, engine := range []string{store.SQLite, store.Postgres} {
			t.Run(fmt.Sprintf("%s/big=%v", engine, big), func(t *testing.T) {
				if big {
					defer store.SetDropIndexesAt(100)()
				}
				db := openEngine(t, engine)
				ctx := context.Background()
				clients := store.NewClientService(db)
				stored := &regulars.Client{Name: "Анна", Phone: "+7 903 123-45-67"}
				if !big {
					if err := clients.CreateClient(ctx, stored); err != nil {
						t.Fatal(err)
					}
				}
				l, err := store.NewBulkService(db).BeginLoad(ctx)
				if err != nil {
					t.Fatal(err)
				}
				var ids []int64
				for i := range 300 {
					c := &regulars.Client{Name: fmt.Sprintf("Клиент %d", i)}
					switch i {
					case 1:
						c.Email = "own@x.ru"
					case 2, 299:
						c.Tags = []string{"a"}
					}
					if err := l.AddClient(ctx, c); err != nil {
						t.Fatal(err)
					}
					ids = append(ids, c.ID)
				}
				fills := []regulars.ClientFill{{ClientID: ids[0], Email: "Zero@X.ru"}, {ClientID: ids[0], Phone: "8 903 000-00-01"},
					{ClientID: ids[1], Email: "other@x.ru"}, {ClientID: ids[299], Phone: "+7 903 000-00-02", Source: "Instagram", Tags: []string{"VIP", "a"}},
					{ClientID: ids[2], Tags: []string{"a"}}} // the tag it has
				if !big {
					fills = append(fills, regulars.ClientFill{ClientID: stored.ID, Email: "anna@x.ru", Phone: "+7 999 000-00-00"})
				}
				changed, err := l.FillClients(ctx, fills)
				if err != nil {
					t.Fatal(err)
				}
				wantChanged := []int64{ids[0], ids[299]}
				if !big {
					wantChanged = append([]int64{stored.ID}, wantChanged...)
				}
				if !slices.Equal(changed, wantChanged) {
					t.Errorf("changed %v, want %v", changed, wantChanged)
				}
				if err := l.Commit(); err != nil {
					t.Fatal(err)
				}
				want := map[int64][2]string{ids[0]: {"Zero@X.ru", "8 903 000-00-01"}, ids[1]: {"own@x.ru", ""}, ids[299]: {"", "+7 903 000-00-02"}}
				if !big {
					want[stored.ID] = [2]string{"anna@x.ru", "+7 903 123-45-67"}
				}
				for id, w := range want {
					c, err := clients.FindClientByID(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					if c.Email != w[0] || c.Phone != w[1] {
						t.Errorf("client %d: %q %q, want %q %q", id, c.Email, c.Phone, w[0], w[1])
					}
					if id == ids[299] && (c.Source != "Instagram" || !slices.Equal(c.Tags, []string{"a", "vip"})) {
						t.Errorf("client %d: source %q, tags %q, want Instagram and a, vip", id, c.Source, c.Tags)
					}
				}
				for _, q := range []string{"zero@x.ru", "903 000-00-01"} {
					found, _, err := clients.FindClients(ctx, regulars.ClientFilter{Query: &q})
					if err != nil || len(found) != 1 || found[0].ID != ids[0] {
						t.Errorf("search %q: %v %v", q, found, err)
					}
				}
				next, err := store.NewBulkService(db).BeginLoad(ctx)
				if err != nil {
					t.Fatal(err)
				}
				idx, err := next.ImportIndex(ctx)
				next.Rollback()
				if err != nil {
					t.Fatal(err)
				}
				keys := map[string]int64{}
				for _, k := range idx.Clients {
					keys[k.Email+"|"+k.Phone] = k.ID
				}
				if keys["zero@x.ru|79030000001"] != ids[0] {
					t.Errorf("the filled client's keys: %v", keys)
				}
			})
		}
	}
}
