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
		return nil, regulars.Errorf(regulars.EINVALID, "Cannot merge a client into itself.")
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
	fillEmpty(dst, src)
	if err := moveRecords(ctx, tx, into, from); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM clients WHERE id = $1`, from); err != nil {
		return nil, fmt.Errorf("merge clients: %w", err)
	}
	if err := updateClient(ctx, tx, dst); err != nil {
		return nil, err
	}
	return dst, tx.Commit()
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
