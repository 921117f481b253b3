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
	for _, k := range [][2]string{
		{"email", regulars.NormalizeEmail(src.Email)}, {"phone", regulars.NormalizePhone(src.Phone)},
		{"name", regulars.ClientNameKey(src.Name, src.Company, src.Email, src.Phone)}, {"name", ownName},
	} {
		own := regulars.NormalizeEmail(dst.Email)
		switch k[0] {
		case "phone":
			own = regulars.NormalizePhone(dst.Phone)
		case "name":
			own = regulars.ClientNameKey(dst.Name, dst.Company, dst.Email, dst.Phone)
		}
		if k[1] == "" || k[1] == own {
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
// give them now that they are one client's: in the order they were stored.
func rekeyImported(ctx context.Context, tx *Tx, clientID int64) error {
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
		orders = append(orders, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rekey orders: %w", err)
	}
	keys := regulars.NewImportKeys(len(orders))
	for _, o := range orders {
		if _, err := tx.ExecContext(ctx, `UPDATE orders SET import_key = $1 WHERE id = $2`, keys.Key(o), o.ID); err != nil {
			return fmt.Errorf("rekey orders: %w", err)
		}
	}
	return nil
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
