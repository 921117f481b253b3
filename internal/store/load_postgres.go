package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/regulars/regulars"
)

// postgresLoader buffers records and writes them with COPY on a connection of its own, inside
// one transaction. Client IDs are reserved from the sequence in blocks, so that orders can refer
// to a client before it is copied. Loads take an advisory lock: two imports cannot interleave.
type postgresLoader struct {
	conn *pgx.Conn
	tx   pgx.Tx
	now  time.Time
	ids  []int64 // reserved client IDs not yet used

	buf     map[string][][]any // table → rows waiting for COPY
	updates []*regulars.Order
	pending int
}

// loadLock is the advisory lock key that serialises bulk loads.
const loadLock = 0x7265_6775 // "regu"

// copyColumns lists the columns each buffered table is copied with, in order.
var copyColumns = map[string][]string{
	"clients": {"id", "name", "company", "email", "phone", "messenger", "industry", "time_zone", "source",
		"referred_by", "notes", "pain_points", "goals", "preferred_channel", "detail_level", "preferred_time",
		"marketing_consent", "consent_on", "email_norm", "phone_norm", "name_key", "search", "created_at", "updated_at"},
	"client_tags":     {"client_id", "tag"},
	"orders":          {"client_id", "service_id", "service", "title", "amount_minor", "currency", "ordered_on", "due_on", "delivered_on", "status", "import_key", "created_at", "updated_at"},
	"interactions":    {"client_id", "happened_on", "channel", "direction", "note", "created_at"},
	"important_dates": {"client_id", "kind", "falls_on", "yearly", "note", "created_at"},
	"plans":           {"client_id", "title", "planned_on", "note", "created_at"},
	"events":          {"client_id", "name", "happened_on", "note", "created_at"},
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
	return &postgresLoader{conn: conn, tx: tx, now: db.Now().UTC().Truncate(time.Microsecond), buf: map[string][][]any{}}, nil
}

// pgDate returns d for COPY: NULL or a time.Time that pgx writes as a DATE.
func pgDate(d regulars.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time()
}

func (l *postgresLoader) add(ctx context.Context, table string, row ...any) error {
	l.buf[table] = append(l.buf[table], row)
	l.pending++
	if l.pending >= 50_000 {
		return l.flush(ctx)
	}
	return nil
}

func (l *postgresLoader) AddClient(ctx context.Context, c *regulars.Client) error {
	if len(l.ids) == 0 {
		if err := l.reserveIDs(ctx, 2000); err != nil {
			return err
		}
	}
	c.ID, l.ids = l.ids[0], l.ids[1:]
	c.CreatedAt, c.UpdatedAt = l.now, l.now
	for _, t := range c.Tags {
		l.buf["client_tags"] = append(l.buf["client_tags"], []any{c.ID, t})
	}
	return l.add(ctx, "clients", c.ID, c.Name, c.Company, c.Email, c.Phone, c.Messenger, c.Industry, c.TimeZone,
		c.Source, nullID(c.ReferredBy), c.Notes, c.PainPoints, c.Goals, c.PreferredChannel, c.DetailLevel,
		c.PreferredTime, c.MarketingConsent, pgDate(c.ConsentOn), regulars.NormalizeEmail(c.Email),
		regulars.NormalizePhone(c.Phone), clientNameKey(c), clientSearch(c), l.now, l.now)
}

func (l *postgresLoader) reserveIDs(ctx context.Context, n int) error {
	rows, err := l.tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('clients', 'id')) FROM generate_series(1, $1)`, n)
	if err != nil {
		return fmt.Errorf("reserve client ids: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("reserve client ids: %w", err)
	}
	l.ids = ids
	return nil
}

// AddService inserts s at once: a catalog is small, and links need its ID.
func (l *postgresLoader) AddService(ctx context.Context, s *regulars.Service) error {
	return insertService(ctx, l.queryRow, s, l.now)
}

func (l *postgresLoader) AddServiceLink(ctx context.Context, sl *regulars.ServiceLink) error {
	return insertServiceLink(ctx, l.queryRow, sl)
}

func (l *postgresLoader) queryRow(ctx context.Context, query string, args ...any) rowScanner {
	return l.tx.QueryRow(ctx, query, args...)
}

// AddOrder buffers o; its ID stays 0 (COPY returns none).
func (l *postgresLoader) AddOrder(ctx context.Context, o *regulars.Order) error {
	return l.add(ctx, "orders", o.ClientID, nullID(o.ServiceID), o.Service, o.Title, o.Amount.Minor,
		o.Amount.Currency, pgDate(o.OrderedOn), pgDate(o.DueOn), pgDate(o.DeliveredOn), o.Status,
		nullID(o.ImportKey), l.now, l.now)
}

func (l *postgresLoader) UpdateOrderState(ctx context.Context, o *regulars.Order) error {
	l.updates = append(l.updates, o)
	return nil
}

func (l *postgresLoader) AddInteraction(ctx context.Context, i *regulars.Interaction) error {
	return l.add(ctx, "interactions", i.ClientID, pgDate(i.On), i.Channel, i.Direction, i.Note, l.now)
}

func (l *postgresLoader) AddImportantDate(ctx context.Context, d *regulars.ImportantDate) error {
	return l.add(ctx, "important_dates", d.ClientID, d.Kind, pgDate(d.On), d.Yearly, d.Note, l.now)
}

func (l *postgresLoader) AddPlan(ctx context.Context, p *regulars.Plan) error {
	return l.add(ctx, "plans", p.ClientID, p.Title, pgDate(p.On), p.Note, l.now)
}

func (l *postgresLoader) AddEvent(ctx context.Context, e *regulars.Event) error {
	return l.add(ctx, "events", e.ClientID, e.Name, pgDate(e.On), e.Note, l.now)
}

// flush copies the buffered rows, parents first, and runs the buffered updates.
func (l *postgresLoader) flush(ctx context.Context) error {
	for _, table := range copyOrder {
		rows := l.buf[table]
		if len(rows) == 0 {
			continue
		}
		if _, err := l.tx.CopyFrom(ctx, pgx.Identifier{table}, copyColumns[table], pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("copy %s: %w", table, FormatError(err))
		}
		l.buf[table] = rows[:0]
	}
	if len(l.updates) > 0 {
		b := &pgx.Batch{}
		for _, o := range l.updates {
			b.Queue(updateOrderStateSQL, o.Status, pgDate(o.DueOn), pgDate(o.DeliveredOn), l.now, o.ID)
		}
		if err := l.tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("update orders: %w", err)
		}
		l.updates = l.updates[:0]
	}
	l.pending = 0
	return nil
}

func (l *postgresLoader) ImportIndex(ctx context.Context) (*regulars.ImportIndex, error) {
	return importIndex(ctx, pgxQuerier{l.tx})
}

func (l *postgresLoader) Commit() error {
	ctx := context.Background()
	defer l.conn.Close(ctx)
	if err := l.flush(ctx); err != nil {
		l.tx.Rollback(ctx)
		return err
	}
	if err := l.tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit load: %w", err)
	}
	return nil
}

func (l *postgresLoader) Rollback() error {
	ctx := context.Background()
	defer l.conn.Close(ctx)
	return l.tx.Rollback(ctx)
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
