package store

import (
	"context"
	"fmt"

	"github.com/regulars/regulars"
)

// MergeClients moves everything recorded about the client from to the client into, fills
// into's empty fields from from's, and deletes from. Both must exist and differ.
func (s *ClientService) MergeClients(ctx context.Context, into, from int64) (*regulars.Client, error) {
	if into == from {
		return nil, regulars.Errorf(regulars.EINVALID, "Cannot merge a client into itself.").Keyed("valid.merge_self")
	}
	tx, err := s.db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	dst, err := findClientByID(ctx, tx, into)
	if err != nil {
		return nil, err
	}
	src, err := findClientByID(ctx, tx, from)
	if err != nil {
		return nil, err
	}
	ownName := regulars.ClientNameKey(dst.Name, dst.Company, dst.Email, dst.Phone) // before src fills its company
	fillEmpty(dst, src)
	if err := moveRecords(ctx, tx, into, from); err != nil {
		return nil, err
	}
	if err := keepKeys(ctx, tx, dst, src, ownName); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM clients WHERE id = $1`, from); err != nil {
		return nil, fmt.Errorf("merge clients: %w", err)
	}
	if err := updateClient(ctx, tx, dst); err != nil {
		return nil, err
	}
	if err := rekeyImported(ctx, tx, into); err != nil {
		return nil, err
	}
	if err := rekeyFormer(ctx, tx, into, from); err != nil {
		return nil, err
	}
	if err := setLastContact(ctx, tx, into); err != nil {
		return nil, err
	}
	if dst, err = findClientByID(ctx, tx, into); err != nil {
		return nil, err
	}
	return dst, tx.Commit()
}

// keepKeys makes the merged client's email, phone and name (and the keys it had kept itself)
// keys of the kept one, so that an import matches rows with them to it; a row with neither
// email nor phone is matched by name. ownName is the kept client's name key before the merge
// filled its empty fields: a company it took from src must not lose it the rows of its name.
func keepKeys(ctx context.Context, tx *Tx, dst, src *regulars.Client, ownName string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE client_keys SET client_id = $1 WHERE client_id = $2`, dst.ID, src.ID); err != nil {
		return fmt.Errorf("merge clients: %w", err)
	}
	// What sheets gave either client, the kept one has had (see fillClients).
	if _, err := tx.ExecContext(ctx, `INSERT INTO client_sheet_values (client_id, field, value)
		SELECT $1, field, value FROM client_sheet_values WHERE client_id = $2 ON CONFLICT DO NOTHING`, dst.ID, src.ID); err != nil {
		return fmt.Errorf("merge clients: %w", err)
	}
	keys, own := clientKeys(src), clientKeys(dst)
	for i, k := range [...][2]string{keys[0], keys[1], keys[2], {"name", ownName}} {
		if k[1] == "" || k[1] == own[min(i, 2)][1] {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM client_keys WHERE kind = $1 AND value = $2`, k[0], k[1]); err != nil {
			return fmt.Errorf("merge clients: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO client_keys (client_id, kind, value) VALUES ($1, $2, $3)`, dst.ID, k[0], k[1]); err != nil {
			return fmt.Errorf("merge clients: %w", err)
		}
	}
	return nil
}

// rekeyImported gives the client's imported orders the keys an import of their rows would
// give them now that they are one client's: in the order they were stored. So it does the
// refund rows that refunded its orders, whose keys hash their client too (see regulars.RefundHash);
// a refund row kept as an order of its own (linked to itself) is keyed as a refund row.
func rekeyImported(ctx context.Context, tx *Tx, clientID int64) error {
	links, err := refundLinksOf(ctx, tx, clientID)
	if err != nil {
		return err
	}
	kept := map[int64]bool{} // the orders that are refund rows
	for _, l := range links {
		if l.self {
			kept[l.orderID] = true
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+orderColumns+` FROM orders WHERE client_id = $1 AND import_key IS NOT NULL ORDER BY id`, clientID)
	if err != nil {
		return fmt.Errorf("rekey orders: %w", err)
	}
	var orders []*regulars.Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			rows.Close()
			return fmt.Errorf("rekey orders: %w", err)
		}
		if !kept[o.ID] {
			orders = append(orders, o)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rekey orders: %w", err)
	}
	keys := regulars.NewImportKeys(len(orders) + len(links))
	for _, o := range orders {
		if _, err := tx.ExecContext(ctx, `UPDATE orders SET import_key = $1 WHERE id = $2`, keys.Key(o), o.ID); err != nil {
			return fmt.Errorf("rekey orders: %w", err)
		}
	}
	// Taken out and put back: a new key may be another link's old one.
	for _, l := range links {
		if _, err := tx.ExecContext(ctx, `DELETE FROM order_refunds WHERE refund_key = $1`, l.key); err != nil {
			return fmt.Errorf("rekey refunds: %w", err)
		}
	}
	exec := func(ctx context.Context, q string, args ...any) error {
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	}
	for _, l := range links {
		l.refund.ClientID = clientID
		key := keys.RefundKey(&l.refund)
		if err := insertRefundLink(ctx, exec, key, l.orderID, &l.refund, l.partial); err != nil {
			return fmt.Errorf("rekey refunds: %w", err)
		}
		if l.self {
			if _, err := tx.ExecContext(ctx, `UPDATE orders SET import_key = $1 WHERE id = $2`, key, l.orderID); err != nil {
				return fmt.Errorf("rekey refunds: %w", err)
			}
		}
	}
	return nil
}

// rekeyFormer gives the keys that the orders of the client into had before an edit, and those
// of the deleted orders of into and from, the keys of the same content now that the two are
// into's (a key hashes its client): after rekeyImported, each the first occurrence of its
// content that no order of into has and no such key took before it, in the order they were
// written. The sheet's rows of an edited order find it again, and those of a deleted order
// leave it deleted. Keys without their content (see migration 0018) stay as they are.
func rekeyFormer(ctx context.Context, tx *Tx, into, from int64) error {
	taken := map[int64]bool{}
	// The kept client's orders' keys, and the keys kept without their content (a refund row's,
	// or one written before migration 0018), which stay as they are.
	rows, err := tx.QueryContext(ctx, `SELECT import_key FROM orders WHERE client_id = $1 AND import_key IS NOT NULL
		UNION ALL SELECT import_key FROM order_keys WHERE ordered_on IS NULL
		UNION ALL SELECT import_key FROM deleted_orders WHERE ordered_on IS NULL`, into)
	if err != nil {
		return fmt.Errorf("rekey former keys: %w", err)
	}
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return fmt.Errorf("rekey former keys: %w", err)
		}
		taken[k] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rekey former keys: %w", err)
	}
	for _, t := range []struct {
		sel    string // the keys with their content, in the order they were written
		update string // gives the key $2 the key $1 (and, with client, the client $3)
		args   []any
		client bool
	}{
		{`SELECT k.import_key, k.ordered_on, k.amount_minor, k.currency, k.service, k.title
			FROM order_keys k JOIN orders o ON o.id = k.order_id WHERE o.client_id = $1 AND k.ordered_on IS NOT NULL ORDER BY k.order_id, k.import_key`,
			`UPDATE order_keys SET import_key = $1 WHERE import_key = $2`, []any{into}, false},
		{`SELECT import_key, ordered_on, amount_minor, currency, service, title
			FROM deleted_orders WHERE client_id IN ($1, $2) AND ordered_on IS NOT NULL ORDER BY deleted_at, import_key`,
			`UPDATE deleted_orders SET import_key = $1, client_id = $3 WHERE import_key = $2`, []any{into, from}, true},
	} {
		rows, err := tx.QueryContext(ctx, t.sel, t.args...)
		if err != nil {
			return fmt.Errorf("rekey former keys: %w", err)
		}
		var olds []int64
		var contents []regulars.Order
		for rows.Next() {
			var old int64
			o := regulars.Order{ClientID: into}
			if err := rows.Scan(&old, &o.OrderedOn, &o.Amount.Minor, &o.Amount.Currency, &o.Service, &o.Title); err != nil {
				rows.Close()
				return fmt.Errorf("rekey former keys: %w", err)
			}
			olds, contents = append(olds, old), append(contents, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("rekey former keys: %w", err)
		}
		// Moved aside first, to keys no order has (import keys are positive), then given
		// theirs: a new key may be another's old one.
		set := func(key, old int64) []any {
			if t.client {
				return []any{key, old, into}
			}
			return []any{key, old}
		}
		for i, old := range olds {
			if _, err := tx.ExecContext(ctx, t.update, set(-int64(i)-1, old)...); err != nil {
				return fmt.Errorf("rekey former keys: %w", err)
			}
		}
		for i := range contents {
			h := regulars.SheetHash(&contents[i])
			k := regulars.OrderKey(h, 1)
			for n := 2; taken[k]; n++ {
				k = regulars.OrderKey(h, n)
			}
			taken[k] = true
			if _, err := tx.ExecContext(ctx, t.update, set(k, -int64(i)-1)...); err != nil {
				return fmt.Errorf("rekey former keys: %w", FormatError(err))
			}
		}
	}
	return nil
}

// refundLink is a stored link of a refund row to the order it refunded (see RecordRefunds).
type refundLink struct {
	key, orderID int64
	refund       regulars.Order
	self         bool // the order is the refund row, kept as an order of its own
	partial      bool // the refund row refunded part of the order (see regulars.RefundLink)
}

// refundLinksOf returns the links of the refund rows of the client's orders.
func refundLinksOf(ctx context.Context, tx *Tx, clientID int64) ([]refundLink, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.refund_key, r.order_id, r.refunded_on, r.amount_minor, r.currency, r.service, r.title,
			CASE WHEN o.import_key = r.refund_key THEN 1 ELSE 0 END, r.partial
		FROM order_refunds r JOIN orders o ON o.id = r.order_id WHERE o.client_id = $1 ORDER BY r.refunded_on, r.refund_key`, clientID)
	if err != nil {
		return nil, fmt.Errorf("rekey refunds: %w", err)
	}
	defer rows.Close()
	var out []refundLink
	for rows.Next() {
		var l refundLink
		var self int
		r := &l.refund
		if err := rows.Scan(&l.key, &l.orderID, &r.OrderedOn, &r.Amount.Minor, &r.Amount.Currency, &r.Service, &r.Title, &self, &l.partial); err != nil {
			return nil, fmt.Errorf("rekey refunds: %w", err)
		}
		l.self = self == 1
		out = append(out, l)
	}
	return out, rows.Err()
}

// moveRecords re-points every row that refers to the client from to the client into.
func moveRecords(ctx context.Context, tx *Tx, into, from int64) error {
	for _, q := range []string{
		`UPDATE orders SET client_id = $1 WHERE client_id = $2`,
		`UPDATE interactions SET client_id = $1 WHERE client_id = $2`,
		`UPDATE important_dates SET client_id = $1 WHERE client_id = $2`,
		`UPDATE plans SET client_id = $1 WHERE client_id = $2`,
		`UPDATE events SET client_id = $1 WHERE client_id = $2`,
		`UPDATE clients SET referred_by = $1 WHERE referred_by = $2 AND id <> $1`,
		`UPDATE clients SET referred_by = NULL WHERE id = $1 AND referred_by = $2`,
	} {
		if _, err := tx.ExecContext(ctx, q, into, from); err != nil {
			return fmt.Errorf("merge clients: %w", err)
		}
	}
	return nil
}

// fillEmpty copies src's fields into dst's empty ones and unites the tags.
func fillEmpty(dst, src *regulars.Client) {
	for _, f := range []struct{ d, s *string }{
		{&dst.Company, &src.Company}, {&dst.Email, &src.Email}, {&dst.Phone, &src.Phone},
		{&dst.Messenger, &src.Messenger}, {&dst.Industry, &src.Industry}, {&dst.TimeZone, &src.TimeZone},
		{&dst.Source, &src.Source}, {&dst.PainPoints, &src.PainPoints}, {&dst.Goals, &src.Goals},
		{&dst.PreferredChannel, &src.PreferredChannel}, {&dst.DetailLevel, &src.DetailLevel},
		{&dst.PreferredTime, &src.PreferredTime},
	} {
		if *f.d == "" {
			*f.d = *f.s
		}
	}
	switch {
	case dst.Notes == "":
		dst.Notes = src.Notes
	case src.Notes != "" && src.Notes != dst.Notes:
		dst.Notes += "\n\n" + src.Notes
	}
	if dst.ReferredBy == 0 && src.ReferredBy != dst.ID {
		dst.ReferredBy = src.ReferredBy
	}
	if !dst.MarketingConsent && src.MarketingConsent {
		dst.MarketingConsent, dst.ConsentOn = true, src.ConsentOn
	}
	dst.Tags = regulars.NormalizeTags(append(dst.Tags, src.Tags...))
}
