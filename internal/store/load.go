package store

import (
	"context"
	"fmt"

	"github.com/regulars/regulars"
)

var _ regulars.BulkService = (*BulkService)(nil)

// BulkService implements regulars.BulkService: loads of many records in one transaction.
// SQLite gets prepared statements on its single writer connection; PostgreSQL gets COPY on a
// connection of its own, with client IDs reserved from the sequence in blocks.
type BulkService struct{ db *DB }

// NewBulkService returns the bulk service on db.
func NewBulkService(db *DB) *BulkService { return &BulkService{db: db} }

// BeginLoad starts a bulk load.
func (s *BulkService) BeginLoad(ctx context.Context) (regulars.Loader, error) {
	if s.db.dialect == Postgres {
		return beginPostgresLoad(ctx, s.db)
	}
	return beginSQLiteLoad(ctx, s.db)
}

// rowsQuerier runs a query on database/sql or pgx alike.
type rowsQuerier interface {
	QueryContext(context.Context, string, ...any) (rowsIter, error)
}

// importIndex reads the keys an import matches against, through q.
func importIndex(ctx context.Context, q rowsQuerier) (*regulars.ImportIndex, error) {
	idx := &regulars.ImportIndex{Orders: map[int64]regulars.OrderState{}, Refunds: map[int64]int64{}}
	rows, err := q.QueryContext(ctx, `SELECT id, email_norm, phone_norm, name_key, name FROM clients ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("import index: %w", err)
	}
	for rows.Next() {
		var k regulars.ClientKey
		if err := rows.Scan(&k.ID, &k.Email, &k.Phone, &k.Name, &k.Label); err != nil {
			rows.Close()
			return nil, fmt.Errorf("import index: %w", err)
		}
		idx.Clients = append(idx.Clients, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("import index: %w", err)
	}
	if err := mergedKeys(ctx, q, idx); err != nil {
		return nil, err
	}
	if err := appliedRefunds(ctx, q, idx); err != nil {
		return nil, err
	}
	// Counted first, so that the map is made once at its size: growing it to a million entries
	// leaves as much garbage again.
	n, err := countImported(ctx, q)
	if err != nil {
		return nil, err
	}
	idx.Orders = make(map[int64]regulars.OrderState, n)
	rows, err = q.QueryContext(ctx, `SELECT import_key, id, status, due_on, delivered_on FROM orders WHERE import_key IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("import index: %w", err)
	}
	defer rows.Close()
	var status []byte
	for rows.Next() {
		var key int64
		var st regulars.OrderState
		if err := rows.Scan(&key, &st.ID, &status, &st.DueOn, &st.DeliveredOn); err != nil {
			return nil, fmt.Errorf("import index: %w", err)
		}
		st.Status = internStatus(status)
		idx.Orders[key] = st
	}
	return idx, rows.Err()
}

// mergedKeys adds the kept keys of merged clients to the index, as keys of the clients they
// were merged into.
func mergedKeys(ctx context.Context, q rowsQuerier, idx *regulars.ImportIndex) error {
	rows, err := q.QueryContext(ctx, `SELECT client_id, kind, value FROM client_keys ORDER BY client_id`)
	if err != nil {
		return fmt.Errorf("import index: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k regulars.ClientKey
		var kind, value string
		if err := rows.Scan(&k.ID, &kind, &value); err != nil {
			return fmt.Errorf("import index: %w", err)
		}
		switch kind {
		case "email":
			k.Email, k.Name = value, "|"
		case "phone":
			k.Phone, k.Name = value, "|"
		default: // name
			k.Name = value
		}
		idx.Clients = append(idx.Clients, k)
	}
	return rows.Err()
}

// clientOrders reads the orders that query (a condition) selects through q, with args.
func clientOrders(ctx context.Context, q rowsQuerier, query string, args ...any) ([]regulars.Order, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+clientOrderColumns+` FROM orders WHERE `+query, args...)
	if err != nil {
		return nil, fmt.Errorf("client orders: %w", err)
	}
	defer rows.Close()
	var out []regulars.Order
	var status []byte
	for rows.Next() {
		var o regulars.Order
		var key *int64
		if err := rows.Scan(&o.ID, &o.ClientID, &o.Service, &o.Title, &o.Amount.Minor, &o.Amount.Currency, &o.OrderedOn,
			&o.DueOn, &o.DeliveredOn, &status, &key); err != nil {
			return nil, fmt.Errorf("client orders: %w", err)
		}
		o.Status = internStatus(status)
		if key != nil {
			o.ImportKey = *key
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// clientOrderColumns are the columns clientOrders reads.
const clientOrderColumns = `id, client_id, service, title, amount_minor, currency, ordered_on, due_on, delivered_on, status, import_key`

// appliedRefunds adds the refund rows that earlier imports applied to the index.
func appliedRefunds(ctx context.Context, q rowsQuerier, idx *regulars.ImportIndex) error {
	rows, err := q.QueryContext(ctx, `SELECT refund_key, order_id FROM order_refunds`)
	if err != nil {
		return fmt.Errorf("import index: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key, id int64
		if err := rows.Scan(&key, &id); err != nil {
			return fmt.Errorf("import index: %w", err)
		}
		idx.Refunds[key] = id
	}
	return rows.Err()
}

// insertRefundSQL records a refund link: the order by its ID ($2), or when that is 0 by the
// import key ($3) of an order the load added.
const insertRefundSQL = `INSERT INTO order_refunds (refund_key, order_id)
	SELECT $1, id FROM orders WHERE id = $2 OR $2 = 0 AND import_key = $3`

// amendSQL gives order $1 the state and import key of the load's order of import key $2;
// unamendedSQL removes the latter.
const (
	amendSQL = `UPDATE orders SET amount_minor = n.amount_minor, currency = n.currency, status = n.status,
		due_on = n.due_on, delivered_on = n.delivered_on, import_key = n.import_key, updated_at = n.updated_at
		FROM orders n WHERE orders.id = $1 AND n.import_key = $2 AND n.id <> $1`
	unamendedSQL = `DELETE FROM orders WHERE import_key = $2 AND id <> $1`
)

// refundedImportKeys returns the import keys of the orders the load added among the links.
func refundedImportKeys(links []regulars.RefundLink) []int64 {
	var keys []int64
	for _, l := range links {
		if l.OrderID == 0 {
			keys = append(keys, l.OrderKey)
		}
	}
	return keys
}

func countImported(ctx context.Context, q rowsQuerier) (int, error) {
	rows, err := q.QueryContext(ctx, `SELECT COUNT(*) FROM orders WHERE import_key IS NOT NULL`)
	if err != nil {
		return 0, fmt.Errorf("import index: %w", err)
	}
	defer rows.Close()
	n := 0
	if rows.Next() {
		err = rows.Scan(&n)
	}
	if err == nil {
		err = rows.Err()
	}
	return n, err
}

// internStatus returns the status constant equal to b, so that a million orders share seven
// strings instead of holding one each.
func internStatus(b []byte) string {
	for _, s := range regulars.OrderStatuses {
		if string(b) == s {
			return s
		}
	}
	return string(b)
}

// rowsIter is what importIndex needs of *sql.Rows and pgx.Rows alike.
type rowsIter interface {
	Next() bool
	Scan(...any) error
	Close()
	Err() error
}

// lastContacts tracks the clients a load gave interactions, so that their last contact is
// brought up to date at commit: one by one for a few, all at once for many.
type lastContacts struct {
	clients map[int64]bool
	all     bool
}

// lastContactsAll is how many clients with new interactions make a load recompute every
// client's last contact instead.
const lastContactsAll = 10_000

func (lc *lastContacts) touch(clientID int64) {
	if lc.all {
		return
	}
	if lc.clients == nil {
		lc.clients = map[int64]bool{}
	}
	lc.clients[clientID] = true
	if len(lc.clients) > lastContactsAll {
		lc.all, lc.clients = true, nil
	}
}

// update runs the recomputation through exec, inside the load's transaction.
func (lc *lastContacts) update(ctx context.Context, exec func(ctx context.Context, q string, args ...any) error) error {
	if lc.all {
		if err := exec(ctx, setLastContactSQL); err != nil {
			return fmt.Errorf("last contacts: %w", err)
		}
		return nil
	}
	for id := range lc.clients {
		if err := exec(ctx, setLastContactSQL+` WHERE id = $1`, id); err != nil {
			return fmt.Errorf("last contacts: %w", err)
		}
	}
	return nil
}
