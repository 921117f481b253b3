package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/regulars/regulars"
)

var _ regulars.OrderService = (*OrderService)(nil)

// OrderService implements regulars.OrderService.
type OrderService struct{ db *DB }

// NewOrderService returns the order service on db.
func NewOrderService(db *DB) *OrderService { return &OrderService{db: db} }

const orderColumns = `id, client_id, service_id, service, title, amount_minor, currency, ordered_on, due_on, delivered_on, status, import_key, created_at, updated_at, refunded_minor`

func scanOrder(sc interface{ Scan(...any) error }, extra ...any) (*regulars.Order, error) {
	var o regulars.Order
	var serviceID, importKey, refunded sql.NullInt64
	dest := []any{&o.ID, &o.ClientID, &serviceID, &o.Service, &o.Title, &o.Amount.Minor, &o.Amount.Currency,
		&o.OrderedOn, &o.DueOn, &o.DeliveredOn, &o.Status, &importKey, timestamp{&o.CreatedAt}, timestamp{&o.UpdatedAt}, &refunded}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	o.ServiceID, o.ImportKey, o.Refunded = serviceID.Int64, importKey.Int64, refunded.Int64
	return &o, nil
}

const insertOrderSQL = `INSERT INTO orders (client_id, service_id, service, title, amount_minor, currency,
	ordered_on, due_on, delivered_on, status, import_key, created_at, updated_at, refunded_minor)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13) RETURNING id`

func orderArgs(o *regulars.Order, now string) []any {
	return []any{o.ClientID, nullID(o.ServiceID), o.Service, o.Title, o.Amount.Minor, o.Amount.Currency,
		o.OrderedOn, o.DueOn, o.DeliveredOn, o.Status, nullID(o.ImportKey), now, nullID(o.Refunded)}
}

// FindOrderByID returns the order, or ENOTFOUND.
func (s *OrderService) FindOrderByID(ctx context.Context, id int64) (*regulars.Order, error) {
	tx, err := s.db.read(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findOrderByID(ctx, tx, id)
}

// FindOrders returns matching orders by order date then ID, and the total.
func (s *OrderService) FindOrders(ctx context.Context, filter regulars.OrderFilter) ([]*regulars.Order, int, error) {
	tx, err := s.db.read(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findOrders(ctx, tx, filter)
}

// CreateOrder validates and stores o, linking it to the catalog service of the same name.
func (s *OrderService) CreateOrder(ctx context.Context, o *regulars.Order) error {
	if err := o.Validate(); err != nil {
		return err
	}
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := findClientByID(ctx, tx, o.ClientID); err != nil {
		return err
	}
	if err := linkService(ctx, tx, o); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, insertOrderSQL, orderArgs(o, stamp(tx.now))...).Scan(&o.ID); err != nil {
		return fmt.Errorf("create order: %w", FormatError(err))
	}
	o.CreatedAt, o.UpdatedAt = tx.now, tx.now
	return tx.Commit()
}

// UpdateOrder changes the set fields of the order.
func (s *OrderService) UpdateOrder(ctx context.Context, id int64, upd regulars.OrderUpdate) (*regulars.Order, error) {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	o, err := findOrderByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	was := *o
	if err := upd.Apply(o); err != nil {
		return nil, err
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if upd.Service != nil && upd.ServiceID == nil {
		o.ServiceID = 0
		if err := linkService(ctx, tx, o); err != nil {
			return nil, err
		}
	}
	// An imported order whose state changes here keeps what its sheet said, the state before
	// its first change (see regulars.ImportIndex.Edited); the values set see the row before.
	imported := was.ImportKey != 0
	if !imported { // or imported and edited before: found by a former key (see below)
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM order_keys WHERE order_id = $1)`, id).Scan(&imported); err != nil {
			return nil, fmt.Errorf("update order: %w", err)
		}
	}
	edited := imported && (was.Status != o.Status || was.DueOn != o.DueOn || was.DeliveredOn != o.DeliveredOn)
	// One whose day, amount, service or title changes keeps its key as a former key, found by
	// the row of its sheet, and is stored without one, found by its export's row as it is now.
	// It keeps the key its export's row had before the change too, where the import finds it by
	// that (see keylessKey): an export made before, imported after, finds it as well.
	if regulars.SheetHash(&was) != regulars.SheetHash(o) {
		byContent, err := keylessKey(ctx, tx, &was)
		if err != nil {
			return nil, err
		}
		keys, err := orderKeys(ctx, tx, &was, byContent)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO order_keys (import_key, order_id, ordered_on, amount_minor, currency, service, title)
				VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (import_key) DO NOTHING`, append([]any{k.key, o.ID}, k.content...)...); err != nil {
				return nil, fmt.Errorf("update order: %w", err)
			}
		}
		o.ImportKey = 0
	}
	args := append(orderArgs(o, stamp(tx.now))[1:12:12], // all but refunded_minor, which refunds set
		o.ID, edited, was.Status, was.DueOn, was.DeliveredOn)
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET service_id = $1, service = $2, title = $3,
		amount_minor = $4, currency = $5, ordered_on = $6, due_on = $7, delivered_on = $8, status = $9,
		import_key = $10, updated_at = $11,
		sheet_status = CASE WHEN $13 AND sheet_status IS NULL THEN $14 ELSE sheet_status END,
		sheet_due_on = CASE WHEN $13 AND sheet_status IS NULL THEN $15 ELSE sheet_due_on END,
		sheet_delivered_on = CASE WHEN $13 AND sheet_status IS NULL THEN $16 ELSE sheet_delivered_on END
		WHERE id = $12`, args...); err != nil {
		return nil, fmt.Errorf("update order: %w", FormatError(err))
	}
	o.UpdatedAt = tx.now
	return o, tx.Commit()
}

// DeleteOrder removes the order. Its import key is kept (see migration 0016), and the key an
// import finds it by its content where it does (see keylessKey), and the keys it had before an
// edit and of the refund rows that refunded it: a re-import of the sheet or the export that has
// their rows leaves it deleted.
func (s *OrderService) DeleteOrder(ctx context.Context, id int64) error {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	o, err := findOrderByID(ctx, tx, id)
	if err != nil {
		return err
	}
	// Its key, and the key its export's row has where the import finds it by that (see
	// keylessKey): an order no import has found, a refund row kept as an order of its own.
	byContent, err := keylessKey(ctx, tx, o)
	if err != nil {
		return err
	}
	keys, err := orderKeys(ctx, tx, o, byContent)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `INSERT INTO deleted_orders (import_key, deleted_at, client_id, ordered_on, amount_minor, currency, service, title, order_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (import_key) DO NOTHING`, append(append([]any{k.key, stamp(tx.now), k.client}, k.content...), id)...); err != nil {
			return fmt.Errorf("delete order: %w", err)
		}
	}
	// The keys it had before it was edited, and those of the refund rows that refunded it:
	// their links go with it, and a re-import must not apply them to another order.
	for _, q := range []struct {
		sel  string
		args []any
	}{
		{`SELECT import_key, $2, $3, ordered_on, amount_minor, currency, service, title, order_id FROM order_keys WHERE order_id = $1`, []any{id, stamp(tx.now), o.ClientID}},
		{`SELECT refund_key, $2, NULL, NULL, NULL, NULL, NULL, NULL, order_id FROM order_refunds WHERE order_id = $1`, []any{id, stamp(tx.now)}},
	} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO deleted_orders (import_key, deleted_at, client_id, ordered_on, amount_minor, currency, service, title, order_id) `+q.sel+`
			ON CONFLICT (import_key) DO NOTHING`, q.args...); err != nil {
			return fmt.Errorf("delete order: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM order_keys WHERE order_id = $1`, id); err != nil {
		return fmt.Errorf("delete order: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM orders WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete order: %w", err)
	}
	return tx.Commit()
}

// linkService sets o.ServiceID from the catalog when o names a service there, and o.Service
// from the catalog when o has only the ID.
func linkService(ctx context.Context, tx *Tx, o *regulars.Order) error {
	switch {
	case o.ServiceID != 0:
		svc, err := findServiceByID(ctx, tx, o.ServiceID)
		if err != nil {
			return err
		}
		if o.Service == "" {
			o.Service = svc.Name
		}
	case o.Service != "":
		err := tx.QueryRowContext(ctx, `SELECT id FROM services WHERE name_norm = $1`, regulars.ServiceKey(o.Service)).Scan(&o.ServiceID)
		if err != nil && err != sql.ErrNoRows {
			return fmt.Errorf("link service: %w", err)
		}
	}
	return nil
}

func findOrderByID(ctx context.Context, tx *Tx, id int64) (*regulars.Order, error) {
	os, _, err := findOrders(ctx, tx, regulars.OrderFilter{ID: &id})
	if err != nil {
		return nil, err
	} else if len(os) == 0 {
		return nil, notFound("orders", "Order", id)
	}
	return os[0], nil
}

// orderWhere builds the WHERE clause of the filter; prefix qualifies the columns.
func orderWhere(filter regulars.OrderFilter, prefix string) (string, []any) {
	where, args := []string{"1 = 1"}, []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, prefix+strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if v := filter.ID; v != nil {
		add("id = ?", *v)
	}
	if v := filter.ClientID; v != nil {
		add("client_id = ?", *v)
	}
	if v := filter.Status; v != nil {
		add("status = ?", *v)
	}
	if v := filter.From; v != nil {
		add("ordered_on >= ?", *v)
	}
	if v := filter.To; v != nil {
		add("ordered_on <= ?", *v)
	}
	return strings.Join(where, " AND "), args
}

func findOrders(ctx context.Context, tx *Tx, filter regulars.OrderFilter) ([]*regulars.Order, int, error) {
	where, args := orderWhere(filter, "")
	q := `SELECT ` + orderColumns + `, COUNT(*) OVER() FROM orders WHERE ` + where +
		` ORDER BY ordered_on, id` + limitOffset(filter.Limit, filter.Offset)
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find orders: %w", err)
	}
	defer rows.Close()
	var out []*regulars.Order
	var total int
	in := interner{}
	for rows.Next() {
		o, err := scanOrder(rows, &total)
		if err != nil {
			return nil, 0, fmt.Errorf("scan order: %w", err)
		}
		in.order(o)
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find orders: %w", err)
	}
	return out, total, nil
}

// interner keeps one copy of the strings that repeat from order to order (service names,
// titles, statuses, currencies): a read of every order (`regulars orders`, the API, the
// agenda's) holds far less. It keeps at most 65,536 of them.
type interner map[string]string

func (in interner) order(o *regulars.Order) {
	for _, s := range [...]*string{&o.Service, &o.Title, &o.Status, &o.Amount.Currency} {
		if v, ok := in[*s]; ok {
			*s = v
		} else if len(in) < 1<<16 {
			in[*s] = *s
		}
	}
}

// EachOrder streams every order, by order date then ID, without counting them first: the
// agenda keeps only its view of each.
func (s *OrderService) EachOrder(ctx context.Context, fn func(*regulars.Order) error) error {
	tx, err := s.db.read(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT `+orderColumns+` FROM orders ORDER BY ordered_on, id`)
	if err != nil {
		return fmt.Errorf("each order: %w", err)
	}
	defer rows.Close()
	in := interner{}
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return fmt.Errorf("scan order: %w", err)
		}
		in.order(o)
		if err := fn(o); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachOrderRow streams the matching orders with their clients' identity.
func (s *OrderService) EachOrderRow(ctx context.Context, filter regulars.OrderFilter, fn func(*regulars.OrderRow) error) error {
	tx, err := s.db.read(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	where, args := orderWhere(filter, "o.")
	cols := "o." + strings.ReplaceAll(orderColumns, ", ", ", o.")
	rows, err := tx.QueryContext(ctx, `SELECT `+cols+`, c.name, c.company, c.email, c.phone
		FROM orders o JOIN clients c ON c.id = o.client_id WHERE `+where+` ORDER BY o.ordered_on, o.id`, args...)
	if err != nil {
		return fmt.Errorf("each order: %w", err)
	}
	defer rows.Close()
	var r regulars.OrderRow
	for rows.Next() {
		o, err := scanOrder(rows, &r.ClientName, &r.ClientCompany, &r.ClientEmail, &r.ClientPhone)
		if err != nil {
			return fmt.Errorf("scan order: %w", err)
		}
		r.Order = *o
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// orderKey is a key an order is found by, with what it hashes besides its client (see
// migration 0018): the order's day, amount, currency, service and title, or NULLs for a key
// that hashes something else (a refund row's).
type orderKey struct {
	key     int64
	client  any
	content []any
}

// orderKeys returns the keys the stored order o is found by: its import key and byContent, the
// key it is found by its content (see keylessKey), those of them that are not 0.
func orderKeys(ctx context.Context, tx *Tx, o *regulars.Order, byContent int64) ([]orderKey, error) {
	content := []any{o.OrderedOn, o.Amount.Minor, o.Amount.Currency, o.Service, o.Title}
	var out []orderKey
	if o.ImportKey != 0 {
		// A refund row kept as an order of its own has the refund row's key (see
		// regulars.RefundHash), which hashes more than its content.
		var refund bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM order_refunds WHERE refund_key = $1 AND order_id = $2)`,
			o.ImportKey, o.ID).Scan(&refund); err != nil {
			return nil, fmt.Errorf("order keys: %w", err)
		}
		k := orderKey{key: o.ImportKey, client: o.ClientID, content: content}
		if refund {
			k.client, k.content = nil, []any{nil, nil, nil, nil, nil}
		}
		out = append(out, k)
	}
	if byContent != 0 && byContent != o.ImportKey {
		out = append(out, orderKey{key: byContent, client: o.ClientID, content: content})
	}
	return out, nil
}

// keylessKey returns the key the import index gives o by its content (see eachKeyless and
// regulars.ImportIndex.KeylessKey), 0 for an order it keys by its import key alone: worked out,
// as there, over its client's orders (a key hashes its client) and the keys of the deleted
// orders.
func keylessKey(ctx context.Context, tx *Tx, o *regulars.Order) (int64, error) {
	q := sqlQuerier{tx.Tx}
	orders, err := clientOrders(ctx, q, `client_id = $1 AND import_key IS NOT NULL`, o.ClientID)
	if err != nil {
		return 0, fmt.Errorf("order key: %w", err)
	}
	idx := &regulars.ImportIndex{Orders: map[int64]regulars.OrderState{}, Keyless: map[int64]bool{}}
	for _, s := range orders {
		idx.Orders[s.ImportKey] = regulars.OrderState{ID: s.ID}
	}
	if err := deletedOrders(ctx, q, idx, o.ClientID); err != nil {
		return 0, fmt.Errorf("order key: %w", err)
	}
	var key int64
	err = eachKeyless(ctx, q, "o.client_id = $1", []any{o.ClientID}, func(s *regulars.Order) {
		if k := idx.KeylessKey(s); s.ID == o.ID {
			key = k
		}
	})
	return key, err
}

// PartialRefunds returns, by order ID, the refund rows that took back part of an order (see
// regulars.Order.Refunded), as their sheets had them — day, positive amount, service, title —
// in the order of their days: an export writes them back as refund rows, whose import keys
// are those the links have, so that importing the export again refunds nothing twice.
func (s *OrderService) PartialRefunds(ctx context.Context) (map[int64][]regulars.Order, error) {
	tx, err := s.db.read(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT r.order_id, r.refunded_on, r.amount_minor, r.currency, r.service, r.title
		FROM order_refunds r WHERE r.partial ORDER BY r.order_id, r.refunded_on, r.refund_key`)
	if err != nil {
		return nil, fmt.Errorf("partial refunds: %w", err)
	}
	defer rows.Close()
	out := map[int64][]regulars.Order{}
	for rows.Next() {
		var r regulars.Order
		if err := rows.Scan(&r.ID, &r.OrderedOn, &r.Amount.Minor, &r.Amount.Currency, &r.Service, &r.Title); err != nil {
			return nil, fmt.Errorf("partial refunds: %w", err)
		}
		r.Status = regulars.StatusRefunded
		out[r.ID] = append(out[r.ID], r)
	}
	return out, rows.Err()
}
