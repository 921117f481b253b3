package store

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

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

// notNullIndex matches the definition of a partial index of the rows whose one column is not
// NULL, as SQLite keeps it ("… WHERE service_id IS NOT NULL") or PostgreSQL prints it
// ("… WHERE (service_id IS NOT NULL)"), and captures the column.
var notNullIndex = regexp.MustCompile(`(?is)\sWHERE\s+\(?\s*"?(\w+)"?\s+IS\s+NOT\s+NULL\s*\)?\s*;?\s*$`)

// notNullColumn returns the column of an index of definition ddl that holds only the rows
// whose column is not NULL, or "" for any other index.
func notNullColumn(ddl string) string {
	if m := notNullIndex.FindStringSubmatch(ddl); m != nil {
		return m[1]
	}
	return ""
}

// sparse reports whether a load keeps up, row by row, an index of the rows whose column is
// not NULL (see notNullColumn) rather than dropping it and building it again at commit, when
// filled of rows of the load's rows seen fill the column: at most one in ten do. Most
// references are like that: of a sheet's orders, those of a catalogued service (none, on a
// first import); of its clients, those with a referrer; and a client's last contact, which no
// load writes. A row that leaves the column NULL costs the kept index a test of the column
// and nothing more, where building it again reads the whole table; on PostgreSQL, the check
// of a foreign key put back at commit reads the kept index instead of the table, too (a
// million orders of a sheet: 0.13 s; 253,000 clients: 0.06 s). A row that fills it costs an
// insertion in the index's order: when every order names a service (a demo of 100,000
// clients), the load took 0.2-1.0 s longer on PostgreSQL and 1.2-2.0 s on SQLite keeping
// the index than building it again.
func sparse(filled, rows int) bool { return filled*10 <= rows }

// updateOrderStateSQL sets an order's state; $6 says whether to set what its sheet says too,
// to $7-$9 (NULL for the order's own state); $10 is the import key of the row that found an
// order no import made (see regulars.ImportIndex.Keyless), which it keeps from then on.
const updateOrderStateSQL = `UPDATE orders SET status = $1, due_on = $2, delivered_on = $3, updated_at = $4,
	import_key = COALESCE(import_key, $10),
	sheet_status = CASE WHEN $6 THEN $7 ELSE sheet_status END,
	sheet_due_on = CASE WHEN $6 THEN $8 ELSE sheet_due_on END,
	sheet_delivered_on = CASE WHEN $6 THEN $9 ELSE sheet_delivered_on END
	WHERE id = $5`

// sheetStateArgs returns the arguments $6-$10 of updateOrderStateSQL for an update of o to
// the state its sheet gives, sheet (nil: leave what the order has), by the row of import key
// o.ImportKey (0: none).
func sheetStateArgs(o *regulars.Order, sheet *regulars.OrderState) []any {
	key := nullID(o.ImportKey)
	if sheet == nil {
		return []any{false, nil, nil, nil, key}
	}
	if sheet.Status == o.Status && sheet.DueOn == o.DueOn && sheet.DeliveredOn == o.DeliveredOn {
		return []any{true, nil, nil, nil, key}
	}
	return []any{true, sheet.Status, sheet.DueOn, sheet.DeliveredOn, key} // dates by their Value, on either engine
}

// rowsQuerier runs a query on database/sql or pgx alike.
type rowsQuerier interface {
	QueryContext(context.Context, string, ...any) (rowsIter, error)
}

// importIndex reads the keys an import matches against, through q.
func importIndex(ctx context.Context, q rowsQuerier) (*regulars.ImportIndex, error) {
	idx := &regulars.ImportIndex{Orders: map[int64]regulars.OrderState{}, Refunds: map[int64]int64{}, PartialRefunds: map[int64]bool{}}
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
	if err := deletedClients(ctx, q, idx); err != nil {
		return nil, err
	}
	renormalizeNameKeys(idx.Clients, idx.Clients)
	renormalizeNameKeys(idx.Aliases, idx.Clients)
	renormalizeNameKeys(idx.DeletedClients, idx.Clients)
	if err := appliedRefunds(ctx, q, idx); err != nil {
		return nil, err
	}
	// Counted first, so that the map is made once at its size: growing it to a million entries
	// leaves as much garbage again.
	n, err := countOrders(ctx, q)
	if err != nil {
		return nil, err
	}
	idx.Orders = make(map[int64]regulars.OrderState, n)
	if err := orderStates(ctx, q, idx, importedOrdersSQL, nil); err != nil {
		return nil, err
	}
	if err := editedOrders(ctx, q, idx); err != nil {
		return nil, err
	}
	if err := deletedOrders(ctx, q, idx, 0); err != nil {
		return nil, err
	}
	if err := keylessOrders(ctx, q, idx); err != nil {
		return nil, err
	}
	// Last: an order's key by what it is now wins over another's from before an edit (of two
	// identical orders, the first edited, the second's export row has the first's old key).
	idx.Former = map[int64]bool{}
	return idx, orderStates(ctx, q, idx, formerKeysSQL, idx.Former)
}

// renormalizeNameKeys makes the name keys of keys that an earlier version stored as this one
// makes them (see regulars.RenormalizeNameKey: a word typed in two alphabets), in place, but
// where that would give a key that a live client other than the key's own has: two clients an
// earlier version told apart by a letter's alphabet stay apart, each found by the name as
// stored (a row of the other spelling goes to the one whose key it is now), instead of
// becoming namesakes no row can tell apart, and a deleted client's name does not take the
// rows of a live client of that name. Nearly always no key changes, and nothing is built.
func renormalizeNameKeys(keys, live []regulars.ClientKey) {
	changed := map[int]string{}
	for i, k := range keys {
		if r := regulars.RenormalizeNameKey(k.Name); r != k.Name {
			changed[i] = r
		}
	}
	if len(changed) == 0 {
		return
	}
	owner := map[string]int64{} // the client a key is of, -1 when of two or more
	own := func(key string, id int64) {
		if o, ok := owner[key]; !ok {
			owner[key] = id
		} else if o != id {
			owner[key] = -1
		}
	}
	for _, k := range live {
		own(k.Name, k.ID)
	}
	for i, r := range changed {
		own(r, keys[i].ID)
	}
	for i, r := range changed {
		if owner[r] == keys[i].ID {
			keys[i].Name = r
		}
	}
}

// The queries of orderStates: the imported orders by their keys, and the keys orders had
// before they were edited (see OrderService.UpdateOrder), with their orders.
const (
	importedOrdersSQL = `SELECT import_key, id, status, due_on, delivered_on FROM orders WHERE import_key IS NOT NULL`
	formerKeysSQL     = `SELECT k.import_key, o.id, o.status, o.due_on, o.delivered_on
		FROM order_keys k JOIN orders o ON o.id = k.order_id`
)

// orderStates adds to idx.Orders the import keys and order states that query selects, but
// for keys it has already; added, unless nil, records the keys it adds.
func orderStates(ctx context.Context, q rowsQuerier, idx *regulars.ImportIndex, query string, added map[int64]bool) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("import index: %w", err)
	}
	defer rows.Close()
	var status []byte
	for rows.Next() {
		var key int64
		var st regulars.OrderState
		if err := rows.Scan(&key, &st.ID, &status, &st.DueOn, &st.DeliveredOn); err != nil {
			return fmt.Errorf("import index: %w", err)
		}
		st.Status = internStatus(status)
		if _, ok := idx.Orders[key]; !ok {
			idx.Orders[key] = st
			if added != nil {
				added[key] = true
			}
		}
	}
	return rows.Err()
}

// deletedOrders reads the import keys of the orders deleted in Regulars.
// With a client (not 0), only the keys that hash that client's orders, or that do not say
// whose they are (a refund row's, one written before migration 0018): a key hashes its client.
func deletedOrders(ctx context.Context, q rowsQuerier, idx *regulars.ImportIndex, client int64) error {
	idx.Deleted = map[int64]bool{}
	query, args := `SELECT import_key FROM deleted_orders`, []any(nil)
	if client != 0 {
		query, args = query+` WHERE client_id = $1 OR client_id IS NULL`, []any{client}
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("import index: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			return fmt.Errorf("import index: %w", err)
		}
		idx.Deleted[k] = true
	}
	return rows.Err()
}

// keylessOrders adds the orders no import made to the index, each under the key its row in
// an export would have (see regulars.ImportIndex.KeylessKey), in the order they were stored.
// Their service and title are hashed as they are read, not kept.
func keylessOrders(ctx context.Context, q rowsQuerier, idx *regulars.ImportIndex) error {
	idx.Keyless = map[int64]bool{}
	return eachKeyless(ctx, q, "TRUE", nil, func(o *regulars.Order) { idx.KeylessKey(o) })
}

// eachKeyless calls fn with each order that the import index keys by its content, as stored,
// of those cond (a condition on the orders, o, with args) selects: the orders without an import
// key, and the refund rows kept as refunded orders of their own (a refund row that matched no
// order), whose key is the refund row's, which their export's row, a refunded order of a
// positive amount, does not have. The index and keylessKey number them alike through it.
func eachKeyless(ctx context.Context, q rowsQuerier, cond string, args []any, fn func(*regulars.Order)) error {
	const cols = `o.id, o.client_id, o.ordered_on, o.amount_minor, o.currency, o.service, o.title, o.status, o.due_on, o.delivered_on`
	rows, err := q.QueryContext(ctx, `SELECT `+cols+` FROM orders o WHERE o.import_key IS NULL AND `+cond+`
		UNION ALL
		SELECT `+cols+` FROM order_refunds r JOIN orders o ON o.id = r.order_id AND o.import_key = r.refund_key WHERE `+cond+`
		ORDER BY 1`, args...)
	if err != nil {
		return fmt.Errorf("import index: %w", err)
	}
	defer rows.Close()
	var status []byte
	for rows.Next() {
		var o regulars.Order
		if err := rows.Scan(&o.ID, &o.ClientID, &o.OrderedOn, &o.Amount.Minor, &o.Amount.Currency, &o.Service, &o.Title,
			&status, &o.DueOn, &o.DeliveredOn); err != nil {
			return fmt.Errorf("import index: %w", err)
		}
		o.Status = internStatus(status)
		fn(&o)
	}
	return rows.Err()
}

// editedOrders reads what the sheet said of the imported orders changed since (see
// regulars.ImportIndex.Edited).
func editedOrders(ctx context.Context, q rowsQuerier, idx *regulars.ImportIndex) error {
	idx.Edited = map[int64]regulars.OrderState{}
	rows, err := q.QueryContext(ctx, `SELECT id, sheet_status, sheet_due_on, sheet_delivered_on FROM orders WHERE sheet_status IS NOT NULL`)
	if err != nil {
		return fmt.Errorf("import index: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var st regulars.OrderState
		if err := rows.Scan(&id, &st.Status, &st.DueOn, &st.DeliveredOn); err != nil {
			return fmt.Errorf("import index: %w", err)
		}
		st.ID = id
		idx.Edited[id] = st
	}
	return rows.Err()
}

// mergedKeys adds the kept keys of merged clients to the index, as keys of the clients they
// were merged into.
func mergedKeys(ctx context.Context, q rowsQuerier, idx *regulars.ImportIndex) error {
	keys, err := clientKeyRows(ctx, q, `SELECT client_id, kind, value, '' FROM client_keys WHERE kind NOT LIKE '%`+aliasSuffix+`' ORDER BY client_id`)
	if err != nil {
		return err
	}
	idx.Clients = append(idx.Clients, keys...)
	idx.Aliases, err = clientKeyRows(ctx, q, `SELECT client_id, kind, value, '' FROM client_keys WHERE kind LIKE '%`+aliasSuffix+`' ORDER BY client_id`)
	return err
}

// aliasSuffix marks the kind of client_keys of an alias (see regulars.ImportIndex.Aliases):
// "email alias". It is no match key, no claim on the email, and not kept for a deleted client.
const aliasSuffix = " alias"

// clientKeyRows reads the keys that query selects as client ID, kind (email, phone or name,
// maybe marked edited), value and label: one ClientKey each.
func clientKeyRows(ctx context.Context, q rowsQuerier, query string) ([]regulars.ClientKey, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("import index: %w", err)
	}
	defer rows.Close()
	var out []regulars.ClientKey
	for rows.Next() {
		var k regulars.ClientKey
		var kind, value string
		if err := rows.Scan(&k.ID, &kind, &value, &k.Label); err != nil {
			return nil, fmt.Errorf("import index: %w", err)
		}
		switch strings.TrimSuffix(strings.TrimSuffix(kind, editedSuffix), aliasSuffix) { // a merged client's keys, those an edit replaced, aliases
		case "email":
			k.Email, k.Name = value, "|"
		case "phone":
			k.Phone, k.Name = value, "|"
		default: // name
			k.Name = value
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// deletedClients reads the keys of the clients deleted in Regulars (see rememberDeleted).
func deletedClients(ctx context.Context, q rowsQuerier, idx *regulars.ImportIndex) (err error) {
	idx.DeletedClients, err = clientKeyRows(ctx, q, `SELECT client_id, kind, value, name FROM deleted_clients ORDER BY client_id`)
	return err
}

// clientOrders reads the orders that query (a condition) selects through q, with args.
func clientOrders(ctx context.Context, q rowsQuerier, query string, args ...any) ([]regulars.Order, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+orderColumns+` FROM orders WHERE `+query, args...)
	if err != nil {
		return nil, fmt.Errorf("client orders: %w", err)
	}
	defer rows.Close()
	var out []regulars.Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, fmt.Errorf("client orders: %w", err)
		}
		out = append(out, *o)
	}
	return out, rows.Err()
}

// deletedClientOrders returns the orders deleted in Regulars that cond (on client_id and
// ordered_on) selects, as their tombstones keep them (see regulars.Loader.DeletedOrders), each
// with all its keys, those of other days too; those without their content (a refund row's key,
// or one kept before migration 0018) are not. A key an older server kept without the order's
// ID (none after migration 0024 but from a server still running through it) is an order's own.
func deletedClientOrders(ctx context.Context, q rowsQuerier, cond string, args ...any) ([]regulars.Order, error) {
	rows, err := q.QueryContext(ctx, `SELECT import_key, client_id, ordered_on, amount_minor, currency, service, title,
		COALESCE(order_id, -import_key) FROM deleted_orders WHERE amount_minor IS NOT NULL
		AND (`+cond+` OR order_id IN (SELECT order_id FROM deleted_orders WHERE `+cond+`)) ORDER BY import_key`, args...)
	if err != nil {
		return nil, fmt.Errorf("deleted orders: %w", err)
	}
	defer rows.Close()
	var out []regulars.Order
	for rows.Next() {
		var o regulars.Order
		if err := rows.Scan(&o.ImportKey, &o.ClientID, &o.OrderedOn, &o.Amount.Minor, &o.Amount.Currency, &o.Service, &o.Title, &o.ID); err != nil {
			return nil, fmt.Errorf("deleted orders: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// appliedRefunds adds the refund rows that earlier imports applied to the index.
func appliedRefunds(ctx context.Context, q rowsQuerier, idx *regulars.ImportIndex) error {
	rows, err := q.QueryContext(ctx, `SELECT refund_key, order_id, partial FROM order_refunds`)
	if err != nil {
		return fmt.Errorf("import index: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key, id int64
		var partial bool
		if err := rows.Scan(&key, &id, &partial); err != nil {
			return fmt.Errorf("import index: %w", err)
		}
		idx.Refunds[key] = id
		if partial {
			idx.PartialRefunds[key] = true
		}
	}
	return rows.Err()
}

// loadExec is what the refund and amendment writes of a load need of its engine.
type loadExec struct {
	q    rowsQuerier
	exec func(ctx context.Context, q string, args ...any) error
	in   func(n int) string   // the set of integers that parameter n holds, as SQL: "(SELECT …)"
	list func(xs []int64) any // the value of such a parameter
	now  any                  // the load's time, as the engine stores it
	// insertLinks, when set, inserts the links in one statement (else one each, which costs
	// a round trip each on a server: 10,000 refund rows took a second).
	insertLinks func(ctx context.Context, links []regulars.RefundLink) error
	// updateClients, when set, updates the clients FillClients fills in one statement (else
	// one each: a first load into an empty table has no primary key until commit, so that each
	// would read the whole table).
	updateClients func(ctx context.Context, cs []clientUpdate) error
	// updateStates, when set, sets the states of updateNewOrders in one statement (else one
	// each: a first load into an empty table has no primary key until commit).
	updateStates func(ctx context.Context, orders []regulars.Order) error
	// insertTags, when set, inserts the tags in one statement; insertSheetValues, the values.
	insertTags        func(ctx context.Context, tags []clientTag) error
	insertSheetValues func(ctx context.Context, values []sheetValue) error
}

// clientUpdate is what FillClients writes of one client.
type clientUpdate struct {
	id                                         int64
	email, emailNorm, phone, phoneNorm, search string
	messenger, industry, source, notes         string
}

// restoreClients is Loader.RestoreClients.
func (e loadExec) restoreClients(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	if err := e.exec(ctx, `DELETE FROM deleted_clients WHERE client_id IN `+e.in(1), e.list(ids)); err != nil {
		return fmt.Errorf("restore deleted clients: %w", err)
	}
	return nil
}

// restoreOrders is Loader.RestoreOrders.
func (e loadExec) restoreOrders(ctx context.Context, keys []int64) error {
	if len(keys) == 0 {
		return nil
	}
	if err := e.exec(ctx, `DELETE FROM deleted_orders WHERE import_key IN `+e.in(1)+`
		OR order_id IN (SELECT order_id FROM deleted_orders WHERE import_key IN `+e.in(1)+`)`, e.list(keys)); err != nil {
		return fmt.Errorf("restore deleted orders: %w", err)
	}
	return nil
}

// fillClients is Loader.FillClients, once the load's clients are written.
func (e loadExec) fillClients(ctx context.Context, fills []regulars.ClientFill) ([]int64, error) {
	if len(fills) == 0 {
		return nil, nil
	}
	ids, filled := make([]int64, len(fills)), make([]int64, 0, len(fills))
	for i, f := range fills {
		ids[i] = f.ClientID
		if !f.Made {
			filled = append(filled, f.ClientID)
		}
	}
	current, err := e.clientsOf(ctx, filled)
	if err != nil {
		return nil, err
	}
	tags, err := e.valueSet(ctx, `SELECT client_id, 'tag', tag FROM client_tags WHERE client_id IN `, filled)
	if err != nil {
		return nil, err
	}
	given, err := e.valueSet(ctx, `SELECT client_id, field, value FROM client_sheet_values WHERE client_id IN `, ids)
	if err != nil {
		return nil, err
	}
	changed := map[int64]bool{}
	var newTags []clientTag
	var newValues []sheetValue
	var kept [][3]any              // the contacts a sheet corrected, and aliases: client, kind, value (see keepEditedKeys)
	record := func(v sheetValue) { // as what a sheet gave the client
		if !given[v] {
			given[v] = true
			newValues = append(newValues, v)
		}
	}
	for _, f := range fills {
		fields := [...]struct {
			give, field string
			have        *string
		}{{f.Messenger, "messenger", nil}, {f.Industry, "industry", nil}, {f.Source, "source", nil}, {f.Notes, "notes", nil}}
		if f.Made { // made with these: what the sheet says, recorded
			for _, v := range fields {
				if v.give != "" {
					record(sheetValue{f.ClientID, v.field, v.give})
				}
			}
			for _, t := range regulars.NormalizeTags(f.Tags) {
				record(sheetValue{f.ClientID, "tag", t})
			}
			continue
		}
		c := current[f.ClientID]
		if c == nil {
			return nil, fmt.Errorf("fill clients: the load has no client %d", f.ClientID)
		}
		for _, v := range [...]struct {
			have       *string
			give, kind string
			norm       func(string) string
		}{{&c.Email, f.NewEmail, "email", regulars.NormalizeEmail}, {&c.Phone, f.NewPhone, "phone", regulars.NormalizePhone}} {
			if v.give == "" || v.norm(*v.have) == v.norm(v.give) {
				continue
			}
			if old := v.norm(*v.have); old != "" {
				kept = append(kept, [3]any{c.ID, editedKind(v.kind), old})
			}
			*v.have, changed[c.ID] = v.give, true
		}
		for _, v := range [...][2]string{{"email", regulars.NormalizeEmail(f.AliasEmail)}, {"phone", regulars.NormalizePhone(f.AliasPhone)}} {
			if v[1] != "" {
				kept = append(kept, [3]any{c.ID, v[0] + aliasSuffix, v[1]})
			}
		}
		for _, v := range [...]struct {
			have *string
			give string
		}{{&c.Email, f.Email}, {&c.Phone, f.Phone}} { // contacts: client_keys keeps what an edit replaced
			if *v.have == "" && v.give != "" {
				*v.have, changed[c.ID] = v.give, true
			}
		}
		fields[0].have, fields[1].have, fields[2].have, fields[3].have = &c.Messenger, &c.Industry, &c.Source, &c.Notes
		for _, v := range fields {
			sv := sheetValue{c.ID, v.field, v.give}
			switch {
			case v.give == "":
			case *v.have == "" && !given[sv]: // a value the user cleared is not given again
				*v.have, changed[c.ID] = v.give, true
				record(sv)
			default: // what the sheet says, given or not: cleared, the field stays empty
				record(sv)
			}
		}
		for _, t := range regulars.NormalizeTags(f.Tags) {
			sv := sheetValue{c.ID, "tag", t}
			if !tags[sv] && !given[sv] {
				tags[sv], changed[c.ID] = true, true
				newTags = append(newTags, clientTag{c.ID, t})
			}
			record(sv)
		}
	}
	if err := e.writeFills(ctx, current, changed, newTags, kept, newValues); err != nil {
		return nil, fmt.Errorf("fill clients: %w", FormatError(err))
	}
	out := make([]int64, 0, len(changed))
	for id := range changed {
		out = append(out, id)
	}
	slices.Sort(out)
	return out, nil
}

// clientsOf reads the clients ids, what fillClients may fill of them.
func (e loadExec) clientsOf(ctx context.Context, ids []int64) (map[int64]*regulars.Client, error) {
	current := make(map[int64]*regulars.Client, len(ids))
	if len(ids) == 0 {
		return current, nil
	}
	rows, err := e.q.QueryContext(ctx, `SELECT id, name, company, email, phone, messenger, industry, source, notes FROM clients WHERE id IN `+e.in(1), e.list(ids))
	if err != nil {
		return nil, fmt.Errorf("fill clients: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c := &regulars.Client{}
		if err := rows.Scan(&c.ID, &c.Name, &c.Company, &c.Email, &c.Phone, &c.Messenger, &c.Industry, &c.Source, &c.Notes); err != nil {
			return nil, fmt.Errorf("fill clients: %w", err)
		}
		current[c.ID] = c
	}
	return current, rows.Err()
}

// writeFills writes what fillClients changed of the clients current, the tags and kept keys it
// adds them, and the values sheets gave them.
func (e loadExec) writeFills(ctx context.Context, current map[int64]*regulars.Client, changed map[int64]bool,
	newTags []clientTag, kept [][3]any, newValues []sheetValue) error {
	cs := make([]clientUpdate, 0, len(changed))
	for id := range changed {
		c := current[id]
		cs = append(cs, clientUpdate{id: id, email: c.Email, emailNorm: regulars.NormalizeEmail(c.Email), phone: c.Phone,
			phoneNorm: regulars.NormalizePhone(c.Phone), search: clientSearch(c),
			messenger: c.Messenger, industry: c.Industry, source: c.Source, notes: c.Notes})
	}
	slices.SortFunc(cs, func(a, b clientUpdate) int { return cmp.Compare(a.id, b.id) })
	var err error
	if e.updateClients != nil {
		err = e.updateClients(ctx, cs)
	} else {
		for i := 0; err == nil && i < len(cs); i++ {
			c := cs[i]
			err = e.exec(ctx, `UPDATE clients SET email = $1, email_norm = $2, phone = $3, phone_norm = $4, search = $5,
				messenger = $6, industry = $7, source = $8, notes = $9, updated_at = $10 WHERE id = $11`,
				c.email, c.emailNorm, c.phone, c.phoneNorm, c.search, c.messenger, c.industry, c.source, c.notes, e.now, c.id)
		}
	}
	switch {
	case err != nil || len(newTags) == 0:
	case e.insertTags != nil:
		err = e.insertTags(ctx, newTags)
	default:
		for i := 0; err == nil && i < len(newTags); i++ {
			err = e.exec(ctx, `INSERT INTO client_tags (client_id, tag) VALUES ($1, $2)`, newTags[i].id, newTags[i].tag)
		}
	}
	for i := 0; err == nil && i < len(kept); i++ {
		err = e.exec(ctx, `INSERT INTO client_keys (client_id, kind, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, kept[i][:]...)
	}
	switch {
	case err != nil || len(newValues) == 0:
	case e.insertSheetValues != nil:
		err = e.insertSheetValues(ctx, newValues)
	default:
		for i := 0; err == nil && i < len(newValues); i++ {
			v := newValues[i]
			err = e.exec(ctx, `INSERT INTO client_sheet_values (client_id, field, value) VALUES ($1, $2, $3)`, v.id, v.field, v.value)
		}
	}
	return err
}

// sheetValue is a value of a field of a client (table client_sheet_values), "tag" standing for
// each of its tags.
type sheetValue struct {
	id           int64
	field, value string
}

// valueSet returns the values that query, whose condition ends in "client_id IN ", selects of
// the clients ids, as client ID, field and value.
func (e loadExec) valueSet(ctx context.Context, query string, ids []int64) (map[sheetValue]bool, error) {
	out := map[sheetValue]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := e.q.QueryContext(ctx, query+e.in(1), e.list(ids))
	if err != nil {
		return nil, fmt.Errorf("fill clients: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v sheetValue
		if err := rows.Scan(&v.id, &v.field, &v.value); err != nil {
			return nil, fmt.Errorf("fill clients: %w", err)
		}
		out[v] = true
	}
	return out, rows.Err()
}

// clientTag is a tag of a client.
type clientTag struct {
	id  int64
	tag string
}

// importedIDs returns the IDs of the orders of the import keys, by key: one pass over the
// orders, whose import keys have no index.
func (e loadExec) importedIDs(ctx context.Context, keys []int64) (map[int64]int64, error) {
	ids := make(map[int64]int64, len(keys))
	if len(keys) == 0 {
		return ids, nil
	}
	rows, err := e.q.QueryContext(ctx, `SELECT import_key, id FROM orders WHERE import_key IN `+e.in(1), e.list(keys))
	if err != nil {
		return nil, fmt.Errorf("load orders by import key: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key, id int64
		if err := rows.Scan(&key, &id); err != nil {
			return nil, fmt.Errorf("load orders by import key: %w", err)
		}
		ids[key] = id
	}
	return ids, rows.Err()
}

// recordRefunds is Loader.RecordRefunds, once the load's orders are written.
func (e loadExec) recordRefunds(ctx context.Context, links []regulars.RefundLink) error {
	links = slices.Clone(links) // their IDs are filled in here
	var keys []int64
	for _, l := range links {
		if l.OrderID == 0 {
			keys = append(keys, l.OrderKey)
		}
	}
	ids, err := e.importedIDs(ctx, keys)
	if err != nil {
		return err
	}
	var marked, partly []int64
	for i, l := range links {
		if l.OrderID == 0 {
			if links[i].OrderID = ids[l.OrderKey]; links[i].OrderID == 0 {
				return fmt.Errorf("load refunds: the load has no order of import key %d", l.OrderKey)
			}
			if !l.Partial {
				marked = append(marked, links[i].OrderID)
			}
		}
		if l.Partial {
			partly = append(partly, links[i].OrderID)
		}
	}
	if len(marked) > 0 {
		err := e.exec(ctx, `UPDATE orders SET status = $1, updated_at = $2 WHERE id IN `+e.in(3), regulars.StatusRefunded, e.now, e.list(marked))
		if err != nil {
			return fmt.Errorf("load refunds: %w", err)
		}
	}
	if e.insertLinks != nil {
		err = e.insertLinks(ctx, links)
	} else {
		for _, l := range links {
			if err = insertRefundLink(ctx, e.exec, l.RefundKey, l.OrderID, &l.Refund, l.Partial); err != nil {
				break
			}
		}
	}
	if err == nil && len(partly) > 0 {
		err = e.exec(ctx, `UPDATE orders SET refunded_minor = `+refundedPart("orders.amount_minor")+`, updated_at = $1 WHERE id IN `+e.in(2), e.now, e.list(partly))
	}
	if err != nil {
		return fmt.Errorf("load refunds: %w", FormatError(err))
	}
	return nil
}

// refundedPart returns, as SQL, the refunded part (regulars.Order.Refunded) of the row of
// orders being updated, whose amount is amount: the sum of its partial links, at most its
// amount; NULL for none.
func refundedPart(amount string) string {
	return `(SELECT CASE WHEN SUM(r.amount_minor) > ` + amount + ` THEN ` + amount + ` ELSE SUM(r.amount_minor) END
		FROM order_refunds r WHERE r.order_id = orders.id AND r.partial)`
}

// insertRefundLink records that the refund row r, of import key key, refunded the order id, or
// part of it.
func insertRefundLink(ctx context.Context, exec func(context.Context, string, ...any) error, key, id int64, r *regulars.Order, partial bool) error {
	return exec(ctx, `INSERT INTO order_refunds (refund_key, order_id, refunded_on, amount_minor, currency, service, title, partial)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, key, id, r.OrderedOn, r.Amount.Minor, r.Amount.Currency, r.Service, r.Title, partial)
}

// importedIDsOf is importedIDs of the import keys of xs.
func importedIDsOf[T any](ctx context.Context, e loadExec, xs []T, key func(T) int64) (map[int64]int64, error) {
	keys := make([]int64, len(xs))
	for i, x := range xs {
		keys[i] = key(x)
	}
	return e.importedIDs(ctx, keys)
}

// updateNewOrders is Loader.UpdateNewOrders, once the load's orders are written.
func (e loadExec) updateNewOrders(ctx context.Context, orders []regulars.Order) error {
	ids, err := importedIDsOf(ctx, e, orders, func(o regulars.Order) int64 { return o.ImportKey })
	if err != nil {
		return err
	}
	orders = slices.Clone(orders) // their IDs are filled in here
	for i, o := range orders {
		if orders[i].ID = ids[o.ImportKey]; orders[i].ID == 0 {
			return fmt.Errorf("load states: the load has no order of import key %d", o.ImportKey)
		}
	}
	if e.updateStates != nil {
		if err := e.updateStates(ctx, orders); err != nil {
			return fmt.Errorf("load states: %w", FormatError(err))
		}
		return nil
	}
	for _, o := range orders {
		if err := e.exec(ctx, `UPDATE orders SET status = $1, due_on = $2, delivered_on = $3, updated_at = $4 WHERE id = $5`,
			o.Status, o.DueOn, o.DeliveredOn, e.now, o.ID); err != nil {
			return fmt.Errorf("load states: %w", FormatError(err))
		}
	}
	return nil
}

// amendOrders is Loader.AmendOrders, once the load's orders are written: each by primary
// keys, once the load's orders' IDs are known.
func (e loadExec) amendOrders(ctx context.Context, amendments []regulars.Amendment) error {
	var rows []regulars.Amendment // those of the load's orders: not a refund row's
	for _, a := range amendments {
		if !a.RefundRow {
			rows = append(rows, a)
			continue
		}
		if err := e.exec(ctx, `INSERT INTO deleted_orders (import_key, deleted_at, order_id) VALUES ($1, $2, $3)
			ON CONFLICT (import_key) DO NOTHING`, a.ImportKey, e.now, nullID(a.OrderID)); err != nil {
			return fmt.Errorf("load amendments: %w", FormatError(err))
		}
	}
	ids, err := importedIDsOf(ctx, e, rows, func(a regulars.Amendment) int64 { return a.ImportKey })
	if err != nil {
		return err
	}
	for _, a := range rows {
		n := ids[a.ImportKey]
		if n == 0 || n == a.OrderID {
			return fmt.Errorf("load amendments: the load has no order of import key %d", a.ImportKey)
		}
		if a.Deleted { // the row of an order deleted in Regulars: it stays deleted, by its new key too
			err := e.exec(ctx, `INSERT INTO deleted_orders (import_key, deleted_at, client_id, ordered_on, amount_minor, currency, service, title, order_id)
				SELECT import_key, $2, client_id, ordered_on, amount_minor, currency, service, title, $3 FROM orders WHERE id = $1
				ON CONFLICT (import_key) DO NOTHING`, n, e.now, a.OrderID)
			if err == nil {
				err = e.exec(ctx, `DELETE FROM orders WHERE id = $1`, n)
			}
			if err != nil {
				return fmt.Errorf("load amendments: %w", FormatError(err))
			}
			continue
		}
		err := e.exec(ctx, `UPDATE orders SET amount_minor = n.amount_minor, currency = n.currency,
			refunded_minor = `+refundedPart("n.amount_minor")+`,
			status = CASE WHEN $3 THEN orders.status ELSE n.status END, due_on = n.due_on, delivered_on = n.delivered_on,
			import_key = n.import_key, updated_at = n.updated_at FROM orders n WHERE orders.id = $1 AND n.id = $2`, a.OrderID, n, a.KeepStatus)
		if err == nil {
			err = e.exec(ctx, `DELETE FROM orders WHERE id = $1`, n)
		}
		if err != nil {
			return fmt.Errorf("load amendments: %w", FormatError(err))
		}
	}
	return nil
}

// countOrders counts the orders, which the index holds, imported or not (see keylessOrders).
func countOrders(ctx context.Context, q rowsQuerier) (int, error) {
	rows, err := q.QueryContext(ctx, `SELECT COUNT(*) FROM orders`)
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

// setLastContactsSQL sets the last contact of every client whose latest interaction is not
// its last contact: one pass over the interactions, and only those clients' rows written. A
// load only adds interactions, so a client without any keeps what it has (none). Setting
// every client's from a subquery of its own wrote every row.
const setLastContactsSQL = `UPDATE clients SET last_contact_on = m.last
	FROM (SELECT client_id, MAX(happened_on) AS last FROM interactions GROUP BY client_id) AS m
	WHERE m.client_id = clients.id AND (clients.last_contact_on IS NULL OR clients.last_contact_on <> m.last)`
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
		if err := exec(ctx, setLastContactsSQL); err != nil {
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
