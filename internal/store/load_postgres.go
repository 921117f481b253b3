package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/regulars/regulars"
)

// postgresLoader buffers records and writes them with COPY, in its binary format, on a
// connection of its own, inside one transaction. The COPY of one buffer runs on a worker
// goroutine while the next buffer fills, so that the server's work overlaps the caller's.
// Client IDs are reserved from the sequence in blocks through the pool (sequences are not
// transactional), so that orders can refer to a client before it is copied. The other
// tables' rows get their IDs from the loader too, just before their COPY (see nextIDs).
// Loads take an advisory lock: two cannot interleave.
type postgresLoader struct {
	db   *DB
	conn *pgx.Conn // used by the worker while it runs, else by the caller
	tx   pgx.Tx
	now  time.Time
	ids  []int64 // reserved client IDs not yet used
	// idsEnd is the last ID reserved, and idsFrom the first of the run of IDs the load
	// reserved one after the other up to it (no one else took one between); reserved counts
	// the reservations (see idBlock).
	idsFrom, idsEnd int64
	reserved        int
	// clientsHeld says the load holds the clients table against every other session (decide
	// dropped its indexes): no one else takes client IDs until it commits.
	clientsHeld atomic.Bool
	idSeq       int64 // the OID of the clients' ID sequence
	seqs        map[string]*idSource

	clients []bufferedClient     // clients waiting for COPY: their rows are made later (see dispatch)
	orders  []regulars.Order     // and orders
	data    map[string]*copyData // the other tables' rows waiting for COPY, by table
	updates []stateUpdate
	pending int
	big     bool // the load is big: its buffers go at copyBatch records (see count, Expect)

	w       worker       // runs the COPYs
	spare   chan copyJob // buffers the worker is done with, for the next ones to reuse
	decided map[string]bool
	freeze  map[string]bool // tables the load emptied, whose rows it copies frozen (see truncate)
	// gathered is, by table, the rows of frozen tables waiting for their COPY (see gather).
	gathered map[string]*gathered
	// gatheredBytes is the size of the rows gathered, over all tables.
	gatheredBytes int
	added         map[string]int // rows copied or buffered, by table
	rebuild       []restore      // what restores what was dropped (see Commit for their order)
	lc            lastContacts
	// unstamped is, for the clients and the orders, whether their rows may leave out
	// created_at and updated_at, which the columns' defaults then fill (see stampByDefault).
	unstamped struct{ clients, orders atomic.Bool }
}

// bufferedClient is a client waiting for COPY, with its keys when the caller gave them.
type bufferedClient struct {
	regulars.Client
	keys  regulars.ClientKey
	keyed bool
}

// copyJob is one buffer's worth of rows and updates.
type copyJob struct {
	clients []bufferedClient
	orders  []regulars.Order
	encoded chan madeColumns // the columns of the rows, once they are made (see dispatch)
	data    map[string]*copyData
	updates []stateUpdate
	added   map[string]int
	big     bool // the load is big: a table has had dropIndexesAt records (see count)
}

// madeColumns is the columns of the rows made of a job's clients and orders.
type madeColumns struct{ clients, orders []string }

// loadLock is the advisory lock key that serialises bulk loads.
const loadLock = 0x7265_6775 // "regu"

// copyColumns lists the columns each buffered table is copied with, in order.
var copyColumns = map[string][]string{
	"clients": {"id", "name", "company", "email", "phone", "messenger", "industry", "time_zone", "source",
		"referred_by", "notes", "pain_points", "goals", "preferred_channel", "detail_level", "preferred_time",
		"marketing_consent", "consent_on", "email_norm", "phone_norm", "name_key", "search", "created_at", "updated_at"},
	"client_tags":     {"client_id", "tag"},
	"orders":          {"id", "client_id", "service_id", "service", "title", "amount_minor", "currency", "ordered_on", "due_on", "delivered_on", "status", "import_key", "created_at", "updated_at"},
	"interactions":    {"id", "client_id", "happened_on", "channel", "direction", "note", "created_at"},
	"important_dates": {"id", "client_id", "kind", "falls_on", "yearly", "note", "created_at"},
	"plans":           {"id", "client_id", "title", "planned_on", "note", "created_at"},
	"events":          {"id", "client_id", "name", "happened_on", "note", "created_at"},
}

// copyOrder is the order tables are flushed in, parents first.
var copyOrder = []string{"clients", "client_tags", "orders", "interactions", "important_dates", "plans", "events"}

func beginPostgresLoad(ctx context.Context, db *DB) (*postgresLoader, error) {
	conn, err := pgx.Connect(ctx, db.dsn)
	if err != nil {
		return nil, fmt.Errorf("connect for load: %w", err)
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		conn.Close(ctx)
		return nil, fmt.Errorf("begin load: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, loadLock); err != nil {
		conn.Close(ctx)
		return nil, fmt.Errorf("lock load: %w", err)
	}
	// The checks of the foreign keys put back at commit join whole tables, and the indexes
	// are built by sorting them: with the defaults' few megabytes both spill to disk.
	if _, err := tx.Exec(ctx, `SET LOCAL work_mem = '64MB'; SET LOCAL maintenance_work_mem = '256MB'`); err != nil {
		conn.Close(ctx)
		return nil, fmt.Errorf("begin load: %w", err)
	}
	return &postgresLoader{db: db, conn: conn, tx: tx, now: db.Now().UTC().Truncate(time.Microsecond), data: map[string]*copyData{},
		decided: map[string]bool{}, added: map[string]int{}, spare: make(chan copyJob, 3), seqs: map[string]*idSource{},
		freeze: map[string]bool{}, gathered: map[string]*gathered{}}, nil
}

// pgDate returns d as a parameter: NULL or a time.Time that pgx writes as a DATE.
func pgDate(d regulars.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time()
}

// row starts a row of table and returns the table's data to write its fields to, in the
// order of copyColumns.
func (l *postgresLoader) row(table string) *copyData {
	d := tableData(l.data, table)
	d.row(len(copyColumns[table]))
	return d
}

// tableData returns the data of table in data, adding it when missing.
func tableData(data map[string]*copyData, table string) *copyData {
	d := data[table]
	if d == nil {
		d = &copyData{}
		data[table] = d
	}
	return d
}

// copyBatch is how many records a buffer holds before the worker copies it. Up to six
// buffers are alive at once (filling, queued, copying, spare); at 50,000 records they held
// 70 MB of a million-order import, and the collector, kept under the import's memory limit,
// ran the more often. The first buffer waits until one table has dropIndexesAt records (or
// the load expects as many, see Expect), so
// that a big load decides to drop that table's indexes and foreign keys before it copies a
// row (see decide), instead of checking its first rows one by one.
var copyBatch = 10_000

// Expect makes a load of dropIndexesAt records or more big from its first buffer: it is copied
// once it holds copyBatch records, and decides then whether to drop the tables' indexes and
// foreign keys. Without it, the first buffer waits until a table has dropIndexesAt records
// (see count), and the server sits idle meanwhile: about half a second of a million-order
// import (its first COPY came 0.6 s after it began, 0.15 s of which the layout took). The
// number is the caller's forecast (an import's rows, some of which may be skipped or found
// existing): a load that brings fewer rows than forecast may still drop and rebuild the keys
// of a table smaller than it, which costs little for so few rows.
func (l *postgresLoader) Expect(records int) {
	if records >= dropIndexesAt {
		l.big = true
	}
}

// count counts a buffered record of a table that now has n buffered, and dispatches the
// buffers when they are full.
func (l *postgresLoader) count(ctx context.Context, n int) error {
	l.pending++
	if l.pending >= copyBatch && (l.big || n >= dropIndexesAt) {
		l.big = true
		return l.dispatch(ctx)
	}
	return nil
}

// dispatch hands the buffers to the worker, which copies them while the next ones fill; it
// waits while the worker is still busy with the buffers before the previous ones.
func (l *postgresLoader) dispatch(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if l.w.failed() { // a COPY failed: the load will be rolled back, so stop here
		return l.w.wait()
	}
	job := copyJob{clients: l.clients, orders: l.orders, data: l.data, updates: l.updates, added: map[string]int{}, big: l.big}
	l.added["clients"] += len(l.clients)
	job.added["clients"] = l.added["clients"]
	l.added["orders"] += len(l.orders)
	job.added["orders"] = l.added["orders"]
	for t, d := range l.data {
		l.added[t] += d.rows
		job.added[t] = l.added[t]
	}
	l.clients, l.orders, l.data, l.updates, l.pending = nil, nil, map[string]*copyData{}, nil, 0
	if len(job.clients) > 0 || len(job.orders) > 0 {
		// The clients' and orders' rows are made on a goroutine of their own, while the
		// caller reads on and the worker copies the buffers before: made by the worker, they
		// kept the server waiting; by the caller, the reading. It writes only the job's own
		// buffers and reads only l.now and l.unstamped, so it may finish after a failed load
		// has rolled back (the worker skips the jobs after a failure without waiting for it).
		job.encoded = make(chan madeColumns, 1)
		go func() { job.encoded <- l.rows(job) }()
	}
	l.w.do(func() error { return l.copy(context.WithoutCancel(ctx), job) })
	// Taken once do has returned, which it does when the worker finishes a job and so has
	// just put its buffers back: before it, a worker slower than the caller had never
	// finished one yet, and each new buffer grew from nothing (0.3 s of copying a million
	// orders).
	select {
	case spare := <-l.spare: // a buffer's worth is megabytes: reused, they are no garbage
		l.clients, l.orders, l.data = spare.clients, spare.orders, spare.data
	default:
	}
	return nil
}

func (l *postgresLoader) AddClient(ctx context.Context, c *regulars.Client) error {
	return l.addClient(ctx, bufferedClient{}, c)
}

func (l *postgresLoader) AddKeyedClient(ctx context.Context, c *regulars.Client, k regulars.ClientKey) error {
	return l.addClient(ctx, bufferedClient{keys: k, keyed: true}, c)
}

// addClient buffers b with the client c.
func (l *postgresLoader) addClient(ctx context.Context, b bufferedClient, c *regulars.Client) error {
	if len(l.ids) == 0 {
		if l.reserved == 0 && l.big {
			if err := l.holdEmptyClients(ctx); err != nil {
				return err
			}
		}
		if err := l.reserveIDs(ctx, l.idBlock()); err != nil {
			return err
		}
	}
	c.ID, l.ids = l.ids[0], l.ids[1:]
	c.CreatedAt, c.UpdatedAt = l.now, l.now
	for _, t := range c.Tags {
		d := l.row("client_tags")
		d.int64(c.ID)
		d.text(t)
	}
	// A copy of the client waits in the buffer: its row, with the keys derived from it, is
	// made by the worker while the caller goes on.
	b.Client = *c
	l.clients = append(l.clients, b)
	return l.count(ctx, len(l.clients))
}

// optionalClientColumns is how many columns of clients, in copyColumns from the sixth
// (messenger to consent_on), a COPY leaves to their defaults (empty text, NULL or false) when no
// client of its buffer fills them. An import fills few of them; a column received costs the
// server more than its default (a fifth of the COPY of 250,000 imported clients).
const optionalClientColumns = 13

// filledColumns is which of the optional columns a buffer of clients fills.
type filledColumns [optionalClientColumns]bool

// fill marks the optional columns c fills; the order of copyColumns.
func (f *filledColumns) fill(c *regulars.Client) {
	for k, s := range [...]string{c.Messenger, c.Industry, c.TimeZone, c.Source} {
		f[k] = f[k] || s != ""
	}
	f[4] = f[4] || c.ReferredBy != 0
	for k, s := range [...]string{c.Notes, c.PainPoints, c.Goals, c.PreferredChannel, c.DetailLevel, c.PreferredTime} {
		f[5+k] = f[5+k] || s != ""
	}
	f[11] = f[11] || c.MarketingConsent
	f[12] = f[12] || !c.ConsentOn.IsZero()
}

// names returns the columns a COPY of the clients names: copyColumns without the optional
// ones that f leaves out.
func (f *filledColumns) names() []string {
	var out []string
	for i, name := range copyColumns["clients"] {
		if k := i - 5; k < 0 || k >= optionalClientColumns || f[k] {
			out = append(out, name)
		}
	}
	return out
}

// clientRow writes the COPY row of a buffered client to d: the columns of f.names, without
// the last two, the time stamps, unless stamp is set.
func (l *postgresLoader) clientRow(d *copyData, b *bufferedClient, f *filledColumns, n int, stamp bool) {
	c := &b.Client
	if !b.keyed {
		b.keys = regulars.ClientKeyOf(c)
	}
	d.row(n)
	d.int64(c.ID)
	for _, s := range [...]string{c.Name, c.Company, c.Email, c.Phone} {
		d.text(s)
	}
	for k, s := range [...]string{c.Messenger, c.Industry, c.TimeZone, c.Source} {
		if f[k] {
			d.text(s)
		}
	}
	if f[4] {
		d.id(c.ReferredBy)
	}
	for k, s := range [...]string{c.Notes, c.PainPoints, c.Goals, c.PreferredChannel, c.DetailLevel, c.PreferredTime} {
		if f[5+k] {
			d.text(s)
		}
	}
	if f[11] {
		d.bool(c.MarketingConsent)
	}
	if f[12] {
		d.date(c.ConsentOn)
	}
	d.text(b.keys.Email)
	d.text(b.keys.Phone)
	d.text(b.keys.Name)
	d.search(c)
	if stamp {
		d.time(l.now)
		d.time(l.now)
	}
}

// serialSequenceSQL looks up the OID of the ID sequence of table $1; nextValuesSQL takes $2
// values of the sequence of OID $1.
const (
	serialSequenceSQL = `SELECT pg_get_serial_sequence($1, 'id')::regclass::oid::bigint`
	nextValuesSQL     = `SELECT nextval($1::bigint::oid::regclass) FROM generate_series(1, $2)`
)

// idBlock is how many client IDs the next reservation takes. IDs reserved and not used are
// lost to the sequence (taken through the pool, they are not the load's to give back), and a
// client added next, by hand or by the next import, would have an ID thousands past the last:
// IDs a user types. So a load takes them one by one, as an INSERT would, for its first 64 new
// clients, then 64 at a time; once it holds the clients table (a big load: no one else can
// take IDs) 2,000 at a time, and Commit gives back those it did not use (see giveBackIDs).
// The reservations of a million-order import's 253,000 clients cost the server 0.1 s.
func (l *postgresLoader) idBlock() int {
	l.reserved++
	switch {
	case l.clientsHeld.Load():
		return 2000
	case l.reserved <= 64:
		return 1
	}
	return 64
}

// holdEmptyClients locks the clients table against every other writer when a big load begins
// on an empty one, as the load's first COPY of clients would (see decide): the load then takes
// its client IDs 2,000 at a time from its first client, and gives back those it did not use.
// Taken one by one and 64 at a time until that COPY, the first 10,000 records' IDs cost 200
// round trips, and the first COPY of a million-order import came 0.6 s after it began, the
// server idle meanwhile. A table with clients is not locked: a re-import into a big base may
// bring few of them.
func (l *postgresLoader) holdEmptyClients(ctx context.Context) error {
	if err := l.w.wait(); err != nil { // the caller may use the connection: the worker is idle
		return err
	}
	var empty bool
	if err := l.tx.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM clients)`).Scan(&empty); err != nil {
		return fmt.Errorf("load clients: %w", err)
	}
	if !empty {
		return nil
	}
	if err := l.holdClients(ctx, ""); err != nil {
		return fmt.Errorf("load clients: %w", err)
	}
	return nil
}

// holdClients locks the clients table against every other writer, as decide's drops would,
// with the lock option opt ("", " NOWAIT").
func (l *postgresLoader) holdClients(ctx context.Context, opt string) error {
	if _, err := l.tx.Exec(ctx, `LOCK TABLE clients IN EXCLUSIVE MODE`+opt); err != nil {
		return err
	}
	l.clientsHeld.Store(true)
	return nil
}

// giveBackIDs sets the clients' sequence back to from, an ID the load reserved, when it
// holds the clients table and no one took an ID since its last reservation: Commit gives back
// the IDs it did not use; a failed Commit, and Rollback, every ID of its run (see idsFrom), so
// that a failed import of thousands of new clients leaves no gap. The IDs from there to the
// sequence's last value are the load's own, reserved and unused: no one else got them.
// Checked and set while the load holds its exclusive lock on clients, no one can take one
// meanwhile either (an INSERT locks the table before its default takes a value; another load
// waits for the advisory lock). The load's transaction sets it (a sequence's value is no
// part of a transaction), or after a failure, which leaves that unable to run a statement, a
// connection of the pool, for a few seconds at most: the pool's may all be waiting for the
// load's lock.
func (l *postgresLoader) giveBackIDs(ctx context.Context, from int64, failed bool) error {
	if from == 0 || !l.clientsHeld.Load() {
		return nil
	}
	const q = `SELECT setval($1::bigint::oid::regclass, $2, false) WHERE pg_sequence_last_value($1::bigint::oid::regclass) = $3`
	if !failed {
		_, err := l.tx.Exec(ctx, q, l.idSeq, from, l.idsEnd)
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, err := l.db.w.ExecContext(ctx, q, l.idSeq, from, l.idsEnd)
	return err
}

// reserveIDs takes n client IDs from the sequence. The sequence is named by its OID, looked
// up once: naming it by pg_get_serial_sequence looks it up for every ID, which cost the server
// a second of a million-order import, ten times the rest of the reservations.
func (l *postgresLoader) reserveIDs(ctx context.Context, n int) error {
	if l.idSeq == 0 {
		err := l.db.w.QueryRowContext(ctx, serialSequenceSQL, "clients").Scan(&l.idSeq)
		if err != nil {
			return fmt.Errorf("reserve client ids: %w", err)
		}
	}
	rows, err := l.db.w.QueryContext(ctx, nextValuesSQL, l.idSeq, n)
	if err != nil {
		return fmt.Errorf("reserve client ids: %w", err)
	}
	defer rows.Close()
	l.ids = l.ids[:0]
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("reserve client ids: %w", err)
		}
		if id != l.idsEnd+1 || l.idsFrom == 0 {
			l.idsFrom = id
		}
		l.ids = append(l.ids, id)
		l.idsEnd = id
	}
	return rows.Err()
}

// AddService inserts s at once: a catalog is small, and links need its ID.
func (l *postgresLoader) AddService(ctx context.Context, s *regulars.Service) error {
	if err := l.w.wait(); err != nil {
		return err
	}
	return insertService(ctx, l.queryRow, s, l.now)
}

func (l *postgresLoader) AddServiceLink(ctx context.Context, sl *regulars.ServiceLink) error {
	if err := l.w.wait(); err != nil {
		return err
	}
	return insertServiceLink(ctx, l.queryRow, sl)
}

func (l *postgresLoader) queryRow(ctx context.Context, query string, args ...any) rowScanner {
	return l.tx.QueryRow(ctx, query, args...)
}

// AddOrder buffers a copy of o; its ID stays 0 (it is given just before the COPY).
func (l *postgresLoader) AddOrder(ctx context.Context, o *regulars.Order) error {
	l.orders = append(l.orders, *o)
	return l.count(ctx, len(l.orders))
}

// orderRow writes the COPY row of a buffered order to d, the columns of copyColumns
// without the last two, the time stamps, unless stamp is set.
func (l *postgresLoader) orderRow(d *copyData, o *regulars.Order, stamp bool) {
	n := len(copyColumns["orders"])
	if !stamp {
		n -= 2
	}
	d.row(n)
	d.serial()
	d.int64(o.ClientID)
	d.id(o.ServiceID)
	d.text(o.Service)
	d.text(o.Title)
	d.int64(o.Amount.Minor)
	d.text(o.Amount.Currency)
	d.date(o.OrderedOn)
	d.date(o.DueOn)
	d.date(o.DeliveredOn)
	d.text(o.Status)
	d.id(o.ImportKey)
	if stamp {
		d.time(l.now)
		d.time(l.now)
	}
}

func (l *postgresLoader) UpdateOrderState(ctx context.Context, o *regulars.Order, sheet *regulars.OrderState) error {
	l.updates = append(l.updates, stateUpdate{o, sheet})
	return nil
}

// stateUpdate is an update of an order's state (see UpdateOrderState).
type stateUpdate struct {
	o     *regulars.Order
	sheet *regulars.OrderState
}

// RecordRefunds copies what the load holds first: the orders may be in its buffers.
func (l *postgresLoader) RecordRefunds(ctx context.Context, links []regulars.RefundLink) error {
	if err := l.flush(ctx); err != nil {
		return err
	}
	return l.exec().recordRefunds(ctx, links)
}

// exec returns the load's statements for refunds and amendments.
func (l *postgresLoader) exec() loadExec {
	return loadExec{q: pgxQuerier{l.tx}, now: l.now,
		exec: func(ctx context.Context, q string, args ...any) error {
			_, err := l.tx.Exec(ctx, q, args...)
			return err
		},
		in:   func(n int) string { return fmt.Sprintf("(SELECT unnest($%d::bigint[]))", n) },
		list: func(xs []int64) any { return xs }, insertLinks: l.insertLinks, updateClients: l.updateClients, updateStates: l.updateStates, insertTags: l.insertTags,
		insertSheetValues: l.insertSheetValues}
}

// FillClients copies what the load holds first: the clients may be in its buffers.
func (l *postgresLoader) FillClients(ctx context.Context, fills []regulars.ClientFill) ([]int64, error) {
	if len(fills) == 0 {
		return nil, nil
	}
	if err := l.flush(ctx); err != nil {
		return nil, err
	}
	return l.exec().fillClients(ctx, fills)
}

func (l *postgresLoader) RestoreClients(ctx context.Context, ids []int64) error {
	return l.exec().restoreClients(ctx, ids)
}

func (l *postgresLoader) RestoreOrders(ctx context.Context, keys []int64) error {
	return l.exec().restoreOrders(ctx, keys)
}

// updateClients updates the clients FillClients fills in one statement.
func (l *postgresLoader) updateClients(ctx context.Context, cs []clientUpdate) error {
	n := len(cs)
	ids := make([]int64, n)
	cols := make([][]string, 9)
	for i := range cols {
		cols[i] = make([]string, n)
	}
	for i, c := range cs {
		ids[i] = c.id
		for j, v := range [...]string{c.email, c.emailNorm, c.phone, c.phoneNorm, c.search, c.messenger, c.industry, c.source, c.notes} {
			cols[j][i] = v
		}
	}
	_, err := l.tx.Exec(ctx, `UPDATE clients SET email = f.email, email_norm = f.email_norm, phone = f.phone,
		phone_norm = f.phone_norm, search = f.search, messenger = f.messenger, industry = f.industry, source = f.source,
		notes = f.notes, updated_at = $11
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
			AS f(id, email, email_norm, phone, phone_norm, search, messenger, industry, source, notes)
		WHERE clients.id = f.id`, ids, cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[7], cols[8], l.now)
	return err
}

// insertTags inserts client tags in one statement.
func (l *postgresLoader) insertTags(ctx context.Context, tags []clientTag) error {
	ids, names := make([]int64, len(tags)), make([]string, len(tags))
	for i, t := range tags {
		ids[i], names[i] = t.id, t.tag
	}
	_, err := l.tx.Exec(ctx, `INSERT INTO client_tags (client_id, tag) SELECT * FROM unnest($1::bigint[], $2::text[])`, ids, names)
	return err
}

// insertSheetValues inserts the values sheets gave clients in one statement.
func (l *postgresLoader) insertSheetValues(ctx context.Context, values []sheetValue) error {
	ids, fields, vs := make([]int64, len(values)), make([]string, len(values)), make([]string, len(values))
	for i, v := range values {
		ids[i], fields[i], vs[i] = v.id, v.field, v.value
	}
	_, err := l.tx.Exec(ctx, `INSERT INTO client_sheet_values (client_id, field, value) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])`, ids, fields, vs)
	return err
}

// updateStates sets the orders' states in one statement (see loadExec.updateStates).
func (l *postgresLoader) updateStates(ctx context.Context, orders []regulars.Order) error {
	n := len(orders)
	ids, status, due, delivered := make([]int64, n), make([]string, n), make([]any, n), make([]any, n)
	for i, o := range orders {
		ids[i], status[i], due[i], delivered[i] = o.ID, o.Status, pgDate(o.DueOn), pgDate(o.DeliveredOn)
	}
	_, err := l.tx.Exec(ctx, `UPDATE orders SET status = v.status, due_on = v.due_on, delivered_on = v.delivered_on, updated_at = $5
		FROM unnest($1::bigint[], $2::text[], $3::date[], $4::date[]) AS v(id, status, due_on, delivered_on) WHERE orders.id = v.id`,
		ids, status, due, delivered, l.now)
	return err
}

// insertLinks inserts refund links in one statement.
func (l *postgresLoader) insertLinks(ctx context.Context, links []regulars.RefundLink) error {
	n := len(links)
	keys, ids, minor := make([]int64, n), make([]int64, n), make([]int64, n)
	on, cur, svc, title := make([]any, n), make([]string, n), make([]string, n), make([]string, n)
	partial := make([]bool, n)
	for i, k := range links {
		r := &k.Refund
		keys[i], ids[i], minor[i], partial[i] = k.RefundKey, k.OrderID, r.Amount.Minor, k.Partial
		on[i], cur[i], svc[i], title[i] = pgDate(r.OrderedOn), r.Amount.Currency, r.Service, r.Title
	}
	_, err := l.tx.Exec(ctx, `INSERT INTO order_refunds (refund_key, order_id, refunded_on, amount_minor, currency, service, title, partial)
		SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::date[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::boolean[])`,
		keys, ids, on, minor, cur, svc, title, partial)
	return err
}

func (l *postgresLoader) ClientOrders(ctx context.Context, clientIDs []int64, days []regulars.Date) ([]regulars.Order, error) {
	if err := l.w.wait(); err != nil {
		return nil, err
	}
	if days == nil {
		return clientOrders(ctx, pgxQuerier{l.tx}, `client_id = ANY($1)`, clientIDs)
	}
	cond, args := pgClientDays(clientIDs, days)
	return clientOrders(ctx, pgxQuerier{l.tx}, cond, args...)
}

func (l *postgresLoader) DeletedOrders(ctx context.Context, clientIDs []int64, days []regulars.Date) ([]regulars.Order, error) {
	if err := l.w.wait(); err != nil {
		return nil, err
	}
	cond, args := pgClientDays(clientIDs, days)
	return deletedClientOrders(ctx, pgxQuerier{l.tx}, cond, args...)
}

// pgClientDays returns the condition that a row's client_id and ordered_on are a pair of
// clientIDs and days, with its arguments.
func pgClientDays(clientIDs []int64, days []regulars.Date) (string, []any) {
	on := make([]any, len(days))
	for i, d := range days {
		on[i] = pgDate(d)
	}
	return `(client_id, ordered_on) IN (SELECT * FROM unnest($1::bigint[], $2::date[]))`, []any{clientIDs, on}
}

// UpdateNewOrders copies what the load holds first: the orders may be in its buffers.
func (l *postgresLoader) UpdateNewOrders(ctx context.Context, orders []regulars.Order) error {
	if err := l.flush(ctx); err != nil {
		return err
	}
	return l.exec().updateNewOrders(ctx, orders)
}

// AmendOrders copies what the load holds first: the orders may be in its buffers.
func (l *postgresLoader) AmendOrders(ctx context.Context, amendments []regulars.Amendment) error {
	if err := l.flush(ctx); err != nil {
		return err
	}
	return l.exec().amendOrders(ctx, amendments)
}

// flush copies every row the load holds, and waits for the copies.
func (l *postgresLoader) flush(ctx context.Context) error {
	err := l.dispatch(ctx)
	if werr := l.w.wait(); err == nil {
		err = werr
	}
	if err == nil {
		err = l.copyGathered(ctx)
	}
	return err
}

func (l *postgresLoader) AddInteraction(ctx context.Context, i *regulars.Interaction) error {
	l.lc.touch(i.ClientID)
	d := l.row("interactions")
	d.serial()
	d.int64(i.ClientID)
	d.date(i.On)
	d.text(i.Channel)
	d.text(i.Direction)
	d.text(i.Note)
	d.time(l.now)
	return l.count(ctx, d.rows)
}

func (l *postgresLoader) AddImportantDate(ctx context.Context, id *regulars.ImportantDate) error {
	d := l.row("important_dates")
	d.serial()
	d.int64(id.ClientID)
	d.text(id.Kind)
	d.date(id.On)
	d.bool(id.Yearly)
	d.text(id.Note)
	d.time(l.now)
	return l.count(ctx, d.rows)
}

func (l *postgresLoader) AddPlan(ctx context.Context, p *regulars.Plan) error {
	d := l.row("plans")
	d.serial()
	d.int64(p.ClientID)
	d.text(p.Title)
	d.date(p.On)
	d.text(p.Note)
	d.time(l.now)
	return l.count(ctx, d.rows)
}

func (l *postgresLoader) AddEvent(ctx context.Context, e *regulars.Event) error {
	d := l.row("events")
	d.serial()
	d.int64(e.ClientID)
	d.text(e.Name)
	d.date(e.On)
	d.text(e.Note)
	d.time(l.now)
	return l.count(ctx, d.rows)
}

// rows makes the COPY rows of the job's clients and orders, and returns their columns.
func (l *postgresLoader) rows(job copyJob) madeColumns {
	var made madeColumns
	if len(job.orders) > 0 {
		stamp := !l.unstamped.orders.Load()
		made.orders = stampColumns(copyColumns["orders"], stamp)
		d := tableData(job.data, "orders")
		for i := range job.orders {
			l.orderRow(d, &job.orders[i], stamp)
		}
	}
	if len(job.clients) == 0 {
		return made
	}
	var f filledColumns
	for i := range job.clients {
		f.fill(&job.clients[i].Client)
	}
	stamp := !l.unstamped.clients.Load()
	made.clients = stampColumns(f.names(), stamp)
	d := tableData(job.data, "clients")
	for i := range job.clients {
		l.clientRow(d, &job.clients[i], &f, len(made.clients), stamp)
	}
	return made
}

// stampColumns returns cols, whose last two are created_at and updated_at, without those
// two unless stamp is set.
func stampColumns(cols []string, stamp bool) []string {
	if stamp {
		return cols
	}
	return cols[:len(cols)-2]
}

// copy copies a job's rows, parents first, and runs its updates.
func (l *postgresLoader) copy(ctx context.Context, job copyJob) error {
	var made madeColumns
	if job.encoded != nil {
		made = <-job.encoded
	}
	for _, table := range copyOrder {
		d := job.data[table]
		if d == nil || d.rows == 0 {
			continue
		}
		cols := copyColumns[table]
		switch {
		case table == "clients" && made.clients != nil:
			cols = made.clients
		case table == "orders" && made.orders != nil:
			cols = made.orders
		}
		if err := l.decide(ctx, table, job.added[table], d, cols, job.big); err != nil {
			return err
		}
		if len(d.ids) > 0 {
			ids, err := l.nextIDs(ctx, table, len(d.ids))
			if err != nil {
				return err
			}
			d.setIDs(ids)
		}
		var err error
		if l.freeze[table] {
			err = l.gather(ctx, table, cols, d)
		} else {
			err = l.copyRows(ctx, table, cols, d)
		}
		if err != nil {
			return err
		}
	}
	for _, d := range job.data {
		d.reset()
	}
	clear(job.clients) // let go of the clients' and orders' strings
	clear(job.orders)
	select {
	case l.spare <- copyJob{clients: job.clients[:0], orders: job.orders[:0], data: job.data}:
	default:
	}
	if len(job.updates) > 0 {
		b := &pgx.Batch{}
		for _, u := range job.updates {
			o := u.o
			b.Queue(updateOrderStateSQL, append([]any{o.Status, pgDate(o.DueOn), pgDate(o.DeliveredOn), l.now, o.ID},
				sheetStateArgs(o, u.sheet)...)...)
		}
		if err := l.tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("update orders: %w", err)
		}
	}
	return nil
}

// copyRows copies the rows of d into the columns cols of table.
func (l *postgresLoader) copyRows(ctx context.Context, table string, cols []string, d *copyData) error {
	q := "COPY " + table + " (" + strings.Join(cols, ", ") + ") FROM STDIN (FORMAT binary)"
	if l.freeze[table] {
		q = strings.TrimSuffix(q, ")") + ", FREEZE)"
	}
	if _, err := l.conn.PgConn().CopyFrom(ctx, bytes.NewReader(d.end()), q); err != nil {
		return fmt.Errorf("copy %s: %w", table, FormatError(err))
	}
	return nil
}

// gatherBytes is how much of the tables' rows gather before their COPYs (see gather).
var gatherBytes = 8 << 20

// gathered is rows of one table from several buffers, waiting for one COPY.
type gathered struct {
	data copyData
	cols []string
}

// gather adds the rows of d, of a table the load emptied and holds without foreign keys
// to or from it (see truncate), to the rows gathered for one COPY. The gathered rows of every
// table go once they are gatherBytes together, and a table's alone when its columns change.
// The server's COPY of a million orders in 126 statements took 0.15-0.2 s longer than in 13
// (the same rows; 13 took what one did), and of 253,000 clients 0.25 s longer than in one;
// gathered, each table goes in a few statements, while the buffers stay small for the
// pipeline. Nothing needs the rows before commit: no key refers to them meanwhile, and no
// update can be of them (a load's own rows get their IDs as they are copied; the table had
// no rows before). A row the server refuses is found when its rows are copied: at most
// gatherBytes later than without gathering, or at commit. A million-order import: the
// server's CPU 4.1 -> 3.75 s, the import 5.0 -> 4.75 s. One budget for all the tables, and
// buffers that grow with their rows, keep a load of many tables light: a demo of 20,000
// clients (seven tables) peaked at 148-152 MB with 8 MB made for each table, 120-129 MB
// now. 8 MB is the quickest budget measured: 16 MB made the import 0.25 s slower, 4 and
// 2 MB 0.05-0.1 s.
func (l *postgresLoader) gather(ctx context.Context, table string, cols []string, d *copyData) error {
	g := l.gathered[table]
	if g == nil {
		g = &gathered{} // grows with the rows: a small table's stay small
		l.gathered[table] = g
	}
	if g.data.rows > 0 && !slices.Equal(g.cols, cols) {
		if err := l.copyRows(ctx, table, g.cols, &g.data); err != nil {
			return err
		}
		l.gatheredBytes -= len(g.data.b)
		g.data.reset()
	}
	n := len(g.data.b)
	g.data.appendRows(d)
	l.gatheredBytes += len(g.data.b) - n
	g.cols = cols
	if l.gatheredBytes < gatherBytes {
		return nil
	}
	return l.copyGathered(ctx)
}

// copyGathered copies the rows gathered so far, parents first.
func (l *postgresLoader) copyGathered(ctx context.Context) error {
	for _, table := range copyOrder {
		if g := l.gathered[table]; g != nil && g.data.rows > 0 {
			if err := l.copyRows(ctx, table, g.cols, &g.data); err != nil {
				return err
			}
			l.gatheredBytes -= len(g.data.b)
			g.data.reset()
		}
	}
	return nil
}

// decide drops the secondary indexes and the foreign keys of table once the load has brought
// it more rows than it had, and either at least dropIndexesAt rows or the load is big (another
// table has had that many): checking a foreign key is a trigger per row in PostgreSQL, and
// validating it once at the end is a single join. A table that was empty loses its primary
// key too, with the foreign keys of other tables that refer to it: building it at the end
// costs a third of keeping it up row by row (orders: 0.35 s against 1.0 s a million rows;
// clients: 0.06 s against 0.2-0.6 s 253,000 rows); an empty table has no rows for the load to
// update by their key, and its referrers no rows that refer to it. Commit restores them all;
// until then those tables are locked against readers, which a load this big accepts. On a
// first import that includes the clients' referrers (the outbox, enrolments, agenda states,
// keys): a server's outbox sender waits for the commit, as it would for the clients. It keeps
// the indexes that few of the rows d, the job's rows of the table in the columns cols, would
// enter (see keepSparse).
func (l *postgresLoader) decide(ctx context.Context, table string, added int, d *copyData, cols []string, big bool) error {
	if l.decided[table] || added < dropIndexesAt && !big {
		return nil
	}
	copied := added - d.rows
	var existing int64
	// Counted up to one past the rows it had before plus the load's: enough to tell whether it
	// had fewer than the load brings, scanning no more than that.
	if err := l.tx.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM `+table+` LIMIT $1) t`, copied+added+1).Scan(&existing); err != nil {
		return fmt.Errorf("load %s: %w", table, err)
	}
	if existing-int64(copied) >= int64(added) {
		l.decided[table] = added >= dropIndexesAt // else ask again at the next COPY
		return nil
	}
	l.decided[table] = true
	drops, err := l.droppable(ctx, table, existing == int64(copied))
	if err != nil {
		return err
	}
	if drops, err = l.keepSparse(ctx, table, drops, d, cols); err != nil {
		return err
	}
	for i := len(drops) - 1; i >= 0; i-- { // foreign keys first, the primary key they need last
		if _, err := l.tx.Exec(ctx, drops[i].drop); err != nil {
			return fmt.Errorf("load %s: %w", table, err)
		}
	}
	l.rebuild = append(l.rebuild, drops...)
	if len(drops) > 0 && table == "clients" {
		l.clientsHeld.Store(true)
	}
	if len(drops) > 0 && table != "clients" && copyColumns[table][0] == "id" { // each drop locks the table against every other session
		src, err := l.idSource(ctx, table)
		if err != nil {
			return err
		}
		src.locked = true
	}
	if len(drops) > 0 && copied == 0 {
		return l.truncate(ctx, table)
	}
	return nil
}

// truncate empties table, held by the load, when it has no rows and no foreign key refers to
// it (decide has dropped those that referred to an empty table), so that the load's COPYs into it can write their rows frozen (COPY FREEZE takes a table
// created or emptied in the same transaction): the checks and index builds at commit then
// read them without checking each row's visibility. A million orders: the foreign-key check
// 0.6 -> 0.25 s, the COPY a tenth quicker. Counted only once the load holds the table, the
// rows are the committed ones: no other session's can be in flight.
func (l *postgresLoader) truncate(ctx context.Context, table string) error {
	var empty bool
	err := l.tx.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM `+table+`)
		AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE confrelid = $1::regclass)`, table).Scan(&empty)
	if err != nil {
		return fmt.Errorf("load %s: %w", table, err)
	}
	if !empty {
		return nil
	}
	if _, err := l.tx.Exec(ctx, `TRUNCATE `+table); err != nil {
		return fmt.Errorf("load %s: %w", table, err)
	}
	l.freeze[table] = true
	switch table {
	case "clients":
		return l.stampByDefault(ctx, table, &l.unstamped.clients)
	case "orders":
		return l.stampByDefault(ctx, table, &l.unstamped.orders)
	}
	return nil
}

// stampByDefault makes the load's time the default of created_at and updated_at of table,
// which the load holds and has emptied, and then sets unstamped: the rows made after leave
// the two columns out, and the server fills them from the defaults, which commit restores
// (a restore of kind 0). A million orders took the server 1.40 s to copy with the two
// columns, 1.22 s without; the load's time is the same in every row either way. Rows made
// before, with the columns, are copied as they are.
func (l *postgresLoader) stampByDefault(ctx context.Context, table string, unstamped *atomic.Bool) error {
	// The statements that set the defaults and that restore them, made by the server from
	// the columns' current defaults, with the load's time quoted as a literal of its own.
	var n int
	var set, unset string
	err := l.tx.QueryRow(ctx, `SELECT count(*),
			COALESCE(string_agg(format('ALTER COLUMN %I SET DEFAULT %L::timestamptz', a.attname, $2::timestamptz), ', '), ''),
			COALESCE(string_agg(CASE WHEN d.adbin IS NULL THEN format('ALTER COLUMN %I DROP DEFAULT', a.attname)
				ELSE format('ALTER COLUMN %I SET DEFAULT %s', a.attname, pg_get_expr(d.adbin, d.adrelid)) END, ', '), '')
		FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE a.attrelid = $1::regclass AND a.attname IN ('created_at', 'updated_at')`, table, l.now).Scan(&n, &set, &unset)
	if err != nil {
		return fmt.Errorf("load %s: %w", table, err)
	}
	if n != 2 {
		return nil // not the schema this load knows: the rows keep their stamps
	}
	if _, err := l.tx.Exec(ctx, "ALTER TABLE "+table+" "+set); err != nil {
		return fmt.Errorf("load %s: %w", table, err)
	}
	l.rebuild = append(l.rebuild, restore{kind: 0, q: "ALTER TABLE " + table + " " + unset})
	unstamped.Store(true)
	return nil
}

// idSource is where the IDs of one table's new rows come from: its sequence, one value at a
// time, like the column's default; or, once the load holds the table exclusively (locked),
// counted on from one value of it, and the sequence set past them at commit. A million
// nextval calls were a fifth of the server's COPY of a million orders; no other session can
// insert into a locked table, so no one else takes a value meanwhile.
type idSource struct {
	seq    int64 // the OID of the sequence
	locked bool
	next   int64 // the next ID to count from, 0 before the first
}

// idSource returns the ID source of table, looking up its sequence the first time.
func (l *postgresLoader) idSource(ctx context.Context, table string) (*idSource, error) {
	if src := l.seqs[table]; src != nil {
		return src, nil
	}
	src := &idSource{}
	if err := l.tx.QueryRow(ctx, serialSequenceSQL, table).Scan(&src.seq); err != nil {
		return nil, fmt.Errorf("load %s: %w", table, err)
	}
	l.seqs[table] = src
	return src, nil
}

// nextIDs returns n new IDs of table's rows.
func (l *postgresLoader) nextIDs(ctx context.Context, table string, n int) ([]int64, error) {
	src, err := l.idSource(ctx, table)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, n)
	if !src.locked {
		rows, err := l.tx.Query(ctx, nextValuesSQL, src.seq, n)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", table, err)
		}
		ids, err = pgx.AppendRows(ids, rows, pgx.RowTo[int64])
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", table, err)
		}
		return ids, nil
	}
	if src.next == 0 {
		if err := l.tx.QueryRow(ctx, `SELECT nextval($1::bigint::oid::regclass)`, src.seq).Scan(&src.next); err != nil {
			return nil, fmt.Errorf("load %s: %w", table, err)
		}
	}
	for i := range n {
		ids = append(ids, src.next+int64(i))
	}
	src.next += int64(n)
	return ids, nil
}

// setSequences sets the sequences of the locked tables past the IDs counted from them.
func (l *postgresLoader) setSequences(ctx context.Context) error {
	for table, src := range l.seqs {
		if src.locked && src.next != 0 {
			if _, err := l.tx.Exec(ctx, `SELECT setval($1::bigint::oid::regclass, $2)`, src.seq, src.next-1); err != nil {
				return fmt.Errorf("commit load %s: %w", table, err)
			}
		}
	}
	return nil
}

// restore is a key, index or foreign key a load dropped (the statement that dropped it, and
// the one that restores it), or column defaults it changed (see stampByDefault: no drop).
type restore struct {
	kind    int // 0 column defaults, 1 primary key, 2 index, 3 foreign key: the order they are restored in
	drop, q string
	// Of a foreign key: the table that refers and the one referred to, and whether an index
	// of the first starts with the referring column (see mergeCheck).
	from, to string
	indexed  bool
}

// mergeCheck reports whether restoring the foreign key r should check its rows by merging
// two indexes. PostgreSQL checks a foreign key it adds with one query that finds rows without
// their referred row; it hashes the referred table's keys and probes with every referring
// row: 0.20 s for a million orders of 253,000 clients. When the referring column starts an
// index and both tables were emptied and copied frozen by the load (every page all-visible),
// reading the two indexes in order, without the tables, takes 0.13 s. Elsewhere the merge
// may read the table behind each index entry, or sort: the default plan is kept.
func (l *postgresLoader) mergeCheck(r restore) bool {
	return r.kind == 3 && r.indexed && l.freeze[r.from] && l.freeze[r.to]
}

// droppable returns the table's primary key and the foreign keys that refer to it (when empty
// is set), its secondary indexes and its foreign keys, each with its kind: commit restores
// every key of the load, then every index, then every foreign key. Whether a foreign key's
// column leads an index is read here, before the table's own indexes are dropped.
func (l *postgresLoader) droppable(ctx context.Context, table string, empty bool) ([]restore, error) {
	rows, err := l.tx.Query(ctx, `
		SELECT k, d, r, f, t, x FROM (
			SELECT CASE contype WHEN 'p' THEN 1 ELSE 3 END AS k,
				'ALTER TABLE ' || conrelid::regclass || ' DROP CONSTRAINT ' || quote_ident(conname) AS d,
				'ALTER TABLE ' || conrelid::regclass || ' ADD CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(c.oid) AS r,
				conrelid::regclass::text AS f, COALESCE(confrelid::regclass::text, '') AS t,
				contype = 'f' AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1]) AS x
			FROM pg_constraint c
			WHERE conrelid = $1::regclass AND (contype = 'f' OR contype = 'p' AND $2)
				OR confrelid = $1::regclass AND contype = 'f' AND $2
			UNION ALL
			SELECT 2, 'DROP INDEX ' || quote_ident(c.relname), pg_get_indexdef(i.indexrelid), '', '', false
			FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
			WHERE i.indrelid = $1::regclass AND NOT i.indisprimary AND NOT i.indisunique
		) t ORDER BY k, d`, table, empty)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", table, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (restore, error) {
		var d restore
		err := r.Scan(&d.kind, &d.drop, &d.q, &d.from, &d.to, &d.indexed)
		return d, err
	})
}

// keepSparse returns drops without the indexes of the rows that fill a column that few of the
// rows d, of the columns cols, fill (see sparse): the load keeps those up.
func (l *postgresLoader) keepSparse(ctx context.Context, table string, drops []restore, d *copyData, cols []string) ([]restore, error) {
	var err error
	return slices.DeleteFunc(drops, func(r restore) bool {
		col := notNullColumn(r.q)
		if r.kind != 2 || col == "" || err != nil {
			return false
		}
		if k := slices.Index(cols, col); k >= 0 {
			return sparse(d.filled(k), d.rows)
		}
		// A column the load does not write: its default fills it, unless NULL.
		var fills bool
		err = l.tx.QueryRow(ctx, `SELECT atthasdef FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2`, table, col).Scan(&fills)
		return err == nil && !fills
	}), err
}

func (l *postgresLoader) ImportIndex(ctx context.Context) (*regulars.ImportIndex, error) {
	if err := l.w.wait(); err != nil {
		return nil, err
	}
	if err := l.copyGathered(ctx); err != nil {
		return nil, err
	}
	return importIndex(ctx, pgxQuerier{l.tx})
}

func (l *postgresLoader) Commit() error {
	ctx := context.Background()
	defer l.conn.Close(ctx) // and a Rollback after gives back nothing
	if err := l.commit(ctx); err != nil {
		l.giveBackIDs(ctx, l.idsFrom, true) // at best: the error to report is err
		l.tx.Rollback(ctx)
		return err
	}
	if err := l.tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit load: %w", err)
	}
	return nil
}

// commit writes what the load holds, restores what it dropped and gives back the client IDs
// it did not use: all of Commit but the transaction's commit.
func (l *postgresLoader) commit(ctx context.Context) error {
	if err := l.flush(ctx); err != nil {
		return err
	}
	if err := l.setSequences(ctx); err != nil {
		return err
	}
	// Keys before the foreign keys that need them, and the indexes a foreign key's check
	// may read, whichever table's decision dropped them.
	slices.SortStableFunc(l.rebuild, func(a, b restore) int { return a.kind - b.kind })
	if err := l.limitBuildWorkers(ctx); err != nil {
		return fmt.Errorf("commit load: %w", err)
	}
	lastContacts := func() error {
		return l.lc.update(ctx, func(ctx context.Context, q string, args ...any) error {
			_, err := l.tx.Exec(ctx, q, args...)
			return err
		})
	}
	// Many clients' last contacts are set before the indexes come back, which each changed
	// row would have to follow (a 100,000-client demo: 2.3-2.7 s -> 0.9-1.2 s, the indexes
	// then built 0.1-0.3 s slower over the rows' old versions); a few clients' after, when
	// the key they are found by is back.
	if l.lc.all {
		if err := lastContacts(); err != nil {
			return err
		}
	}
	for _, r := range l.rebuild {
		q := []string{r.q}
		if l.mergeCheck(r) {
			q = []string{`SET LOCAL enable_hashjoin = off`, r.q, `SET LOCAL enable_hashjoin TO DEFAULT`}
		}
		for _, q := range q {
			if _, err := l.tx.Exec(ctx, q); err != nil {
				return fmt.Errorf("commit load: %w", FormatError(err))
			}
		}
	}
	if !l.lc.all {
		if err := lastContacts(); err != nil {
			return err
		}
	}
	if len(l.ids) > 0 {
		if err := l.giveBackIDs(ctx, l.ids[0], false); err != nil {
			return fmt.Errorf("commit load: %w", err)
		}
	}
	return nil
}

func (l *postgresLoader) Rollback() error {
	ctx := context.Background()
	l.w.wait()
	defer l.conn.Close(ctx)
	if l.conn.IsClosed() { // Commit ran, or Rollback, or the connection broke: the lock is gone
		return l.tx.Rollback(ctx)
	}
	if l.idsFrom != 0 && !l.clientsHeld.Load() {
		// A load that did not hold the clients table, as a small import refused for a bad
		// row: held now, unless another session writes it, its IDs are given back too. Of a
		// transaction a failed statement left unable to run one, they are not.
		l.holdClients(ctx, " NOWAIT")
	}
	err := l.giveBackIDs(ctx, l.idsFrom, l.conn.PgConn().TxStatus() == 'E')
	return errors.Join(l.tx.Rollback(ctx), err)
}

// limitBuildWorkers lowers the parallel workers of the commit's index builds to what
// buildWorkers says, when it says anything and the load has something to rebuild.
func (l *postgresLoader) limitBuildWorkers(ctx context.Context) error {
	if len(l.rebuild) == 0 {
		return nil
	}
	var server string // where the server received the connection; "" over a Unix socket
	if err := l.tx.QueryRow(ctx, `SELECT COALESCE(host(inet_server_addr()), '')`).Scan(&server); err != nil {
		return err
	}
	n, ok := buildWorkers(l.conn.Config().Host, server, runtime.NumCPU())
	if !ok {
		return nil
	}
	_, err := l.tx.Exec(ctx, `SELECT set_config('max_parallel_maintenance_workers',
		LEAST(current_setting('max_parallel_maintenance_workers')::int, $1)::text, true)`, n)
	return err
}

// buildWorkers returns how many parallel workers, at most, the index builds of a commit
// should have besides the server process that leads them, when the server runs on this
// machine: one fewer than its cores, the load waiting meanwhile. PostgreSQL's default of two,
// on two cores, made three processes sort on two: the builds and checks of a million-order
// commit took 1.37 s with two workers, 1.26 s with one (1.68 s with none). The server is on
// this machine when the load connected to a loopback address or a Unix socket (host) and the
// server received it on one (server; "" for a socket): a port forwarded into a container or a
// virtual machine (Docker Desktop) arrives on another address, and its cores are not known.
// On more cores, or a server elsewhere, the server's own setting stands.
func buildWorkers(host, server string, cpus int) (int, bool) {
	loopback := func(h string) bool { return h == "localhost" || h == "::1" || strings.HasPrefix(h, "127.") }
	local := (strings.HasPrefix(host, "/") || loopback(host)) && (server == "" || loopback(server))
	if !local || cpus > 2 {
		return 0, false
	}
	return cpus - 1, true
}

// pgxQuerier adapts pgx.Tx to rowsIter.
type pgxQuerier struct{ tx pgx.Tx }

func (q pgxQuerier) QueryContext(ctx context.Context, query string, args ...any) (rowsIter, error) {
	rows, err := q.tx.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgxRows{rows}, nil
}

type pgxRows struct{ pgx.Rows }

func (r pgxRows) Close() { r.Rows.Close() }
