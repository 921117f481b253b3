package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/regulars/regulars"
)

// sqliteLoader loads in one IMMEDIATE transaction on the single writer connection: other
// writers wait for it, readers go on seeing the data before it.
//
// It is built for speed, since an import of a million orders goes through it. It assigns IDs
// itself, from the largest ID of each table up (safe: the transaction holds the write lock
// from its first statement), so that rows can be buffered and written with multi-row INSERTs
// of up to batchRows rows, parents before children, by a worker goroutine while the caller
// goes on.
type sqliteLoader struct {
	w worker
	// ctx is the load's context without its cancellation: modernc's driver watches a
	// cancellable context with a goroutine per statement, which costs more than the insert.
	// The loader checks the caller's context at every flush instead.
	ctx  context.Context
	done func() error
	conn *sql.Conn // the writer connection, its foreign key checks off until the load ends
	tx   *Tx
	now  string
	// refs are the IDs rows refer to in a parent table that the load did not add, by parent:
	// checked at commit. (References to rows the load added are sound by construction.)
	refs map[string]map[int64]bool

	tables map[string]*batch
	stmts  map[string]*sql.Stmt // by table/rows
	update *sql.Stmt
	lc     lastContacts
}

// batchRows is the most rows one INSERT carries; SQLite allows 32,766 parameters.
const batchRows = 256

// batch holds the rows of one table waiting to be inserted.
type batch struct {
	table  string
	cols   []string // the columns bound per row
	stamps []string // the timestamp columns after them, all set to the load's one time
	args   []any
	rows   int
	nextID int64

	firstID  int64    // the first ID the load gives
	existing int64    // rows in the table before the load (by its largest ID)
	added    int      // rows the load added
	decided  bool     // whether the load has decided which indexes to drop (see dropIndexes)
	dropped  []string // CREATE INDEX statements of the indexes dropped for the load
	filled   []int    // by column of cols, the first dropIndexesAt rows added that fill it
}

// foreignRef is a value of a loaded row (by its place among the values given to add) that
// refers to the id of a parent table.
type foreignRef struct {
	arg    int
	parent string
}

// foreignRefs lists the foreign keys of the loaded tables, as the loader's values give them.
var foreignRefs = map[string][]foreignRef{
	"service_links":   {{0, "services"}, {1, "services"}},
	"clients":         {{8, "clients"}}, // referred_by
	"client_tags":     {{0, "clients"}},
	"orders":          {{0, "clients"}, {1, "services"}},
	"interactions":    {{0, "clients"}},
	"important_dates": {{0, "clients"}},
	"plans":           {{0, "clients"}},
	"events":          {{0, "clients"}},
}

// checkRefs checks that every row the load refers to outside what it added exists: a few
// lookups, or one pass over the parent's IDs when there are many.
func (l *sqliteLoader) checkRefs() error {
	for parent, ids := range l.refs {
		missing := maps.Clone(ids)
		if len(ids) > 5000 {
			rows, err := l.tx.QueryContext(l.ctx, `SELECT id FROM `+parent)
			if err != nil {
				return fmt.Errorf("check load: %w", err)
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return fmt.Errorf("check load: %w", err)
				}
				delete(missing, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("check load: %w", err)
			}
		} else {
			for id := range ids {
				var n int
				if err := l.tx.QueryRowContext(l.ctx, `SELECT count(*) FROM `+parent+` WHERE id = ?`, id).Scan(&n); err != nil {
					return fmt.Errorf("check load: %w", err)
				}
				if n > 0 {
					delete(missing, id)
				}
			}
		}
		for id := range missing {
			return regulars.Errorf(regulars.EINVALID, "The load refers to %s %d, which does not exist; nothing was written.", strings.TrimSuffix(parent, "s"), id).Keyed("err.load_missing", "Parent", strings.TrimSuffix(parent, "s"), "Table", parent, "ID", id)
		}
	}
	return nil
}

// dropIndexesAt is how many rows a load must add to a table, and more than the table had,
// before the table's secondary indexes are dropped and built again at commit: building an
// index once is several times faster than updating it row by row in random order.
var dropIndexesAt = 50_000

// loadTables lists the tables a load writes, parents first, with their columns (id first).
var loadTables = []struct {
	name string
	cols []string
}{
	{"services", []string{"id", "name", "name_norm", "category", "price_minor", "currency", "description", "industries", "created_at", "updated_at"}},
	{"service_links", []string{"id", "from_id", "to_id", "kind", "gap_days", "note"}},
	{"clients", copyColumns["clients"]},
	{"client_tags", copyColumns["client_tags"]},
	{"orders", copyColumns["orders"]},
	{"interactions", copyColumns["interactions"]},
	{"important_dates", copyColumns["important_dates"]},
	{"plans", copyColumns["plans"]},
	{"events", copyColumns["events"]},
}

func beginSQLiteLoad(ctx context.Context, db *DB) (_ *sqliteLoader, err error) {
	// SQLite checks a foreign key by looking the parent up for every row: a million orders
	// of clients in the sheet's order are a million random lookups (a fifth of the load). The
	// load turns the checks off on its connection and checks every reference once at commit.
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin load: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		conn.Close()
		return nil, fmt.Errorf("begin load: %w", err)
	}
	stx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		restoreForeignKeys(conn)
		return nil, fmt.Errorf("begin load: %w", err)
	}
	tx := db.wrap(stx)
	defer func() {
		if err != nil { // failed below
			tx.Rollback()
			restoreForeignKeys(conn)
		}
	}()
	l := &sqliteLoader{ctx: context.WithoutCancel(ctx), done: ctx.Err, conn: conn, tx: tx, now: stamp(tx.now),
		tables: map[string]*batch{}, stmts: map[string]*sql.Stmt{}, refs: map[string]map[int64]bool{}}
	for _, t := range loadTables {
		b := &batch{table: t.name, cols: t.cols}
		if n := len(t.cols); t.cols[n-1] == "created_at" || t.cols[n-1] == "updated_at" {
			cut := n - 1
			if t.cols[n-2] == "created_at" {
				cut = n - 2
			}
			// Capped: stmt appends the stamps to cols, which must not write into copyColumns,
			// which PostgreSQL's loads read meanwhile.
			b.cols, b.stamps = t.cols[:cut:cut], t.cols[cut:]
		}
		if t.cols[0] == "id" {
			// Past both the largest ID and the largest ever given (AUTOINCREMENT remembers it
			// in sqlite_sequence): IDs of deleted rows are never reused.
			if err := tx.QueryRowContext(ctx, `SELECT MAX(COALESCE((SELECT MAX(id) FROM `+t.name+`), 0),
				COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0)) + 1`, t.name).Scan(&b.nextID); err != nil {
				return nil, fmt.Errorf("begin load: %w", err)
			}
			b.firstID = b.nextID
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM `+t.name+` LIMIT ?)`, dropIndexesAt).Scan(&b.existing); err != nil {
				return nil, fmt.Errorf("begin load: %w", err)
			}
		}
		l.tables[t.name] = b
	}
	if l.update, err = tx.PrepareContext(ctx, updateOrderStateSQL); err != nil {
		return nil, fmt.Errorf("begin load: %w", err)
	}
	return l, nil
}

// restoreForeignKeys turns the foreign key checks back on and gives the connection back to
// the pool; a connection where that fails is closed instead, never reused without them.
func restoreForeignKeys(conn *sql.Conn) {
	// SQLite ignores the pragma inside a transaction (one a failed COMMIT left open): it is
	// read back, and anything but on closes the connection.
	ctx := context.Background()
	on := 0
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`); err == nil {
		if err := conn.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&on); err != nil {
			on = 0
		}
	}
	if on != 1 {
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	conn.Close()
}

// add buffers a row of table, assigning its ID when the table has one, and flushes every
// table when this one is full.
func (l *sqliteLoader) add(table string, id *int64, vals ...any) error {
	b := l.tables[table]
	if id != nil {
		*id = b.nextID
		b.nextID++
		b.args = append(b.args, *id)
	}
	b.args = append(b.args, vals...)
	for _, r := range foreignRefs[table] {
		if id, ok := vals[r.arg].(int64); ok {
			if p := l.tables[r.parent]; id < p.firstID || id >= p.nextID {
				if l.refs[r.parent] == nil {
					l.refs[r.parent] = map[int64]bool{}
				}
				l.refs[r.parent][id] = true
			}
		}
	}
	b.rows++
	b.added++
	if b.added <= dropIndexesAt { // count the values the rows fill, for dropIndexes
		if b.filled == nil {
			b.filled = make([]int, len(b.cols))
		}
		for k, v := range b.args[len(b.args)-len(b.cols):] {
			if v != nil {
				b.filled[k]++
			}
		}
	}
	if b.added == dropIndexesAt && int64(b.added) > b.existing && !b.decided {
		b.decided = true // the worker fills dropped
		l.w.do(func() error { return l.dropIndexes(b) })
	}
	if b.rows >= batchRows {
		return l.flush()
	}
	return nil
}

// dropIndexes drops the secondary indexes of the batch's table, remembering how to build them,
// but the indexes of the rows that fill a column that few of the load's rows fill (see sparse).
func (l *sqliteLoader) dropIndexes(b *batch) error {
	rows, err := l.tx.QueryContext(l.ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, b.table)
	if err != nil {
		return fmt.Errorf("load %s: %w", b.table, err)
	}
	var names []string
	for rows.Next() {
		var name, ddl string
		if err := rows.Scan(&name, &ddl); err != nil {
			rows.Close()
			return fmt.Errorf("load %s: %w", b.table, err)
		}
		names, b.dropped = append(names, name), append(b.dropped, ddl)
	}
	rows.Close()
	for i := len(names) - 1; i >= 0; i-- {
		col := notNullColumn(b.dropped[i])
		if col == "" {
			continue
		}
		var n int
		if k := slices.Index(b.cols, col); k >= 0 {
			n = b.filled[k]
		} else { // a column the load does not write: its default fills it, unless NULL
			err := l.tx.QueryRowContext(l.ctx, `SELECT count(*) FROM pragma_table_info(?) WHERE name = ? AND dflt_value IS NOT NULL`,
				b.table, col).Scan(&n)
			if err != nil {
				return fmt.Errorf("load %s: %w", b.table, err)
			}
			n *= dropIndexesAt
		}
		if sparse(n, dropIndexesAt) {
			names, b.dropped = slices.Delete(names, i, i+1), slices.Delete(b.dropped, i, i+1)
		}
	}
	for _, name := range names {
		if _, err := l.tx.ExecContext(l.ctx, `DROP INDEX `+name); err != nil {
			return fmt.Errorf("load %s: %w", b.table, err)
		}
	}
	return nil
}

// buildIndexes builds the indexes dropped during the load again.
func (l *sqliteLoader) buildIndexes() error {
	for _, b := range l.tables {
		for _, ddl := range b.dropped {
			if _, err := l.tx.ExecContext(l.ctx, ddl); err != nil {
				return fmt.Errorf("rebuild index: %w", err)
			}
		}
		b.dropped = nil
	}
	return nil
}

// flush hands every buffered row to the worker, which writes them parents first. A table's
// rows go in INSERTs of a power of two rows each (256, then the binary digits of the rest),
// so that few statements are prepared.
func (l *sqliteLoader) flush() error {
	if err := l.done(); err != nil {
		return err
	}
	if l.w.failed() { // an INSERT failed: the load will be rolled back, so stop here
		return l.w.wait()
	}
	type part struct {
		b    *batch
		args []any
		rows int
	}
	parts := make([]part, 0, 2)
	for _, t := range loadTables {
		b := l.tables[t.name]
		if b.rows > 0 {
			parts = append(parts, part{b, b.args, b.rows})
			b.args, b.rows = make([]any, 0, len(b.args)), 0
		}
	}
	l.w.do(func() error {
		for _, p := range parts {
			if err := l.insert(p.b, p.args, p.rows); err != nil {
				return err
			}
		}
		return nil
	})
	return nil
}

// insert writes rows rows of the batch's table; args holds their values, row after row.
func (l *sqliteLoader) insert(b *batch, args []any, rows int) error {
	for left := rows; left > 0; {
		n := batchRows
		for n > left {
			n /= 2
		}
		st, err := l.stmt(b, n)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(l.ctx, args[:n*len(b.cols)]...); err != nil {
			return fmt.Errorf("load %s: %w", b.table, FormatError(err))
		}
		args, left = args[n*len(b.cols):], left-n
	}
	return nil
}

// stmt returns the prepared INSERT of rows rows into the batch's table, with the load's
// timestamp written in rather than bound a million times. It uses ? rather
// than $N: the driver binds numbered parameters by name, with a lookup that is linear in the
// number of parameters (quadratic for the statement), and ? needs no lookup.
func (l *sqliteLoader) stmt(b *batch, rows int) (*sql.Stmt, error) {
	key := fmt.Sprintf("%s/%d", b.table, rows)
	if st, ok := l.stmts[key]; ok {
		return st, nil
	}
	var q strings.Builder
	q.WriteString("INSERT INTO " + b.table + " (" + strings.Join(append(b.cols, b.stamps...), ", ") + ") VALUES ")
	for r := 0; r < rows; r++ {
		if r > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(")
		for c := range b.cols {
			if c > 0 {
				q.WriteString(", ")
			}
			q.WriteString("?")
		}
		for range b.stamps {
			q.WriteString(", '" + l.now + "'") // RFC 3339 from our clock: no quotes in it
		}
		q.WriteString(")")
	}
	st, err := l.tx.PrepareContext(l.ctx, q.String())
	if err != nil {
		return nil, fmt.Errorf("prepare load of %s: %w", b.table, err)
	}
	l.stmts[key] = st
	return st, nil
}

// dateArg is a date as the driver takes it fastest: text, or NULL.
func dateArg(d regulars.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func (l *sqliteLoader) AddService(ctx context.Context, s *regulars.Service) error {
	s.CreatedAt, s.UpdatedAt = l.tx.now, l.tx.now
	return l.add("services", &s.ID, s.Name, regulars.ServiceKey(s.Name), s.Category, s.Price.Minor, s.Price.Currency,
		s.Description, strings.Join(s.Industries, ","))
}

func (l *sqliteLoader) AddServiceLink(ctx context.Context, sl *regulars.ServiceLink) error {
	return l.add("service_links", &sl.ID, sl.FromID, sl.ToID, sl.Kind, sl.GapDays, sl.Note)
}

// Expect does nothing: a SQLite load decides on its indexes at dropIndexesAt rows of a table,
// which it writes in as little time as deciding earlier would save.
func (l *sqliteLoader) Expect(records int) {}

func (l *sqliteLoader) AddClient(ctx context.Context, c *regulars.Client) error {
	return l.AddKeyedClient(ctx, c, regulars.ClientKeyOf(c))
}

func (l *sqliteLoader) AddKeyedClient(ctx context.Context, c *regulars.Client, k regulars.ClientKey) error {
	c.CreatedAt, c.UpdatedAt = l.tx.now, l.tx.now
	if err := l.add("clients", &c.ID, c.Name, c.Company, c.Email, c.Phone, c.Messenger, c.Industry, c.TimeZone,
		c.Source, nullID(c.ReferredBy), c.Notes, c.PainPoints, c.Goals, c.PreferredChannel, c.DetailLevel,
		c.PreferredTime, c.MarketingConsent, dateArg(c.ConsentOn), k.Email, k.Phone, k.Name, clientSearch(c)); err != nil {
		return err
	}
	// The client has its ID now; its tags follow it, in this flush or a later one (flushes
	// write clients before tags, and run in order).
	for _, t := range c.Tags {
		if err := l.add("client_tags", nil, c.ID, t); err != nil {
			return err
		}
	}
	return nil
}

func (l *sqliteLoader) AddOrder(ctx context.Context, o *regulars.Order) error {
	return l.add("orders", &o.ID, o.ClientID, nullID(o.ServiceID), o.Service, o.Title, o.Amount.Minor, o.Amount.Currency,
		dateArg(o.OrderedOn), dateArg(o.DueOn), dateArg(o.DeliveredOn), o.Status, nullID(o.ImportKey))
}

func (l *sqliteLoader) UpdateOrderState(ctx context.Context, o *regulars.Order, sheet *regulars.OrderState) error {
	args := append([]any{o.Status, dateArg(o.DueOn), dateArg(o.DeliveredOn), l.now, o.ID}, sheetStateArgs(o, sheet)...)
	l.w.do(func() error {
		if _, err := l.update.ExecContext(l.ctx, args...); err != nil {
			return fmt.Errorf("load order update: %w", err)
		}
		return nil
	})
	return nil
}

// RecordRefunds writes what the load holds first: the orders may be in its buffers.
func (l *sqliteLoader) RecordRefunds(ctx context.Context, links []regulars.RefundLink) error {
	if err := l.drain(); err != nil {
		return err
	}
	return l.exec().recordRefunds(l.ctx, links)
}

// exec returns the load's statements for refunds and amendments.
func (l *sqliteLoader) exec() loadExec {
	return loadExec{q: sqlQuerier{l.tx.Tx}, now: l.now,
		exec: func(ctx context.Context, q string, args ...any) error {
			_, err := l.tx.ExecContext(ctx, q, args...)
			return err
		},
		in:   func(n int) string { return fmt.Sprintf("(SELECT value FROM json_each($%d))", n) },
		list: func(xs []int64) any { return jsonInts(xs) }}
}

func (l *sqliteLoader) ClientOrders(ctx context.Context, clientIDs []int64, days []regulars.Date) ([]regulars.Order, error) {
	if err := l.w.wait(); err != nil {
		return nil, err
	}
	if days == nil {
		return clientOrders(l.ctx, sqlQuerier{l.tx.Tx}, `client_id IN (SELECT value FROM json_each($1))`, jsonInts(clientIDs))
	}
	cond, arg := sqliteClientDays(clientIDs, days)
	return clientOrders(l.ctx, sqlQuerier{l.tx.Tx}, cond, arg)
}

func (l *sqliteLoader) DeletedOrders(ctx context.Context, clientIDs []int64, days []regulars.Date) ([]regulars.Order, error) {
	if err := l.w.wait(); err != nil {
		return nil, err
	}
	cond, arg := sqliteClientDays(clientIDs, days)
	return deletedClientOrders(l.ctx, sqlQuerier{l.tx.Tx}, cond, arg)
}

// sqliteClientDays returns the condition that a row's client_id and ordered_on are a pair of
// clientIDs and days, with its argument: the pairs as a JSON array.
func sqliteClientDays(clientIDs []int64, days []regulars.Date) (string, any) {
	pairs := []byte{'['}
	for i, id := range clientIDs {
		if i > 0 {
			pairs = append(pairs, ',')
		}
		pairs = fmt.Appendf(pairs, `[%d,"%s"]`, id, days[i])
	}
	pairs = append(pairs, ']')
	return `(client_id, ordered_on) IN
		(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each($1))`, string(pairs)
}

// FillClients writes what the load holds first: the clients may be in its buffers.
func (l *sqliteLoader) FillClients(ctx context.Context, fills []regulars.ClientFill) ([]int64, error) {
	if len(fills) == 0 {
		return nil, nil
	}
	if err := l.drain(); err != nil {
		return nil, err
	}
	return l.exec().fillClients(l.ctx, fills)
}

func (l *sqliteLoader) RestoreClients(ctx context.Context, ids []int64) error {
	return l.exec().restoreClients(l.ctx, ids)
}

func (l *sqliteLoader) RestoreOrders(ctx context.Context, keys []int64) error {
	return l.exec().restoreOrders(l.ctx, keys)
}

// AmendOrders writes what the load holds first: the orders may be in its buffers.
func (l *sqliteLoader) UpdateNewOrders(ctx context.Context, orders []regulars.Order) error {
	if err := l.drain(); err != nil {
		return err
	}
	return l.exec().updateNewOrders(l.ctx, orders)
}

func (l *sqliteLoader) AmendOrders(ctx context.Context, amendments []regulars.Amendment) error {
	if err := l.drain(); err != nil {
		return err
	}
	return l.exec().amendOrders(l.ctx, amendments)
}

// jsonInts returns xs as a JSON array, for json_each.
func jsonInts(xs []int64) string {
	b := []byte{'['}
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, x, 10)
	}
	return string(append(b, ']'))
}

func (l *sqliteLoader) AddInteraction(ctx context.Context, i *regulars.Interaction) error {
	i.CreatedAt = l.tx.now
	l.lc.touch(i.ClientID)
	return l.add("interactions", &i.ID, i.ClientID, dateArg(i.On), i.Channel, i.Direction, i.Note)
}

func (l *sqliteLoader) AddImportantDate(ctx context.Context, d *regulars.ImportantDate) error {
	d.CreatedAt = l.tx.now
	return l.add("important_dates", &d.ID, d.ClientID, d.Kind, dateArg(d.On), d.Yearly, d.Note)
}

func (l *sqliteLoader) AddPlan(ctx context.Context, p *regulars.Plan) error {
	p.CreatedAt = l.tx.now
	return l.add("plans", &p.ID, p.ClientID, p.Title, dateArg(p.On), p.Note)
}

func (l *sqliteLoader) AddEvent(ctx context.Context, e *regulars.Event) error {
	e.CreatedAt = l.tx.now
	return l.add("events", &e.ID, e.ClientID, e.Name, dateArg(e.On), e.Note)
}

func (l *sqliteLoader) ImportIndex(ctx context.Context) (*regulars.ImportIndex, error) {
	if err := l.w.wait(); err != nil {
		return nil, err
	}
	return importIndex(ctx, sqlQuerier{l.tx.Tx})
}

// drain writes every row the load holds, and waits for the writes.
func (l *sqliteLoader) drain() error {
	err := l.flush()
	if werr := l.w.wait(); err == nil {
		err = werr
	}
	return err
}

func (l *sqliteLoader) Commit() error {
	err := l.drain()
	if err == nil {
		err = l.checkRefs()
	}
	if err == nil {
		err = l.buildIndexes()
	}
	if err == nil {
		err = l.lc.update(l.ctx, func(ctx context.Context, q string, args ...any) error {
			_, err := l.tx.ExecContext(ctx, q, args...)
			return err
		})
	}
	if err != nil {
		l.Rollback()
		return err
	}
	l.close()
	err = l.tx.Commit()
	l.release()
	if err != nil {
		return fmt.Errorf("commit load: %w", err)
	}
	return nil
}

func (l *sqliteLoader) Rollback() error {
	l.w.wait()
	l.close()
	err := l.tx.Rollback()
	l.release()
	return err
}

// release gives the connection back with its foreign key checks on, once.
func (l *sqliteLoader) release() {
	if l.conn != nil {
		restoreForeignKeys(l.conn)
		l.conn = nil
	}
}

func (l *sqliteLoader) close() {
	for _, st := range l.stmts {
		st.Close()
	}
	l.update.Close()
}

// sqlQuerier adapts *sql.Tx to rowsIter.
type sqlQuerier struct{ tx *sql.Tx }

func (q sqlQuerier) QueryContext(ctx context.Context, query string, args ...any) (rowsIter, error) {
	rows, err := q.tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }
