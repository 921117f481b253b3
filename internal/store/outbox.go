package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/regulars/regulars"
)

var (
	_ regulars.OutboxService      = (*OutboxService)(nil)
	_ regulars.SuppressionService = (*OutboxService)(nil)
)

// OutboxService implements regulars.OutboxService and regulars.SuppressionService.
type OutboxService struct{ db *DB }

// NewOutboxService returns the outbox on db.
func NewOutboxService(db *DB) *OutboxService { return &OutboxService{db: db} }

const letterColumns = `id, key, message_id, client_id, to_name, to_address, subject, text_body, html_body, marketing,
	unsubscribe, sequence_id, step, state, attempts, not_before, last_error, bounced, created_at, sent_at, send_window`

func scanLetter(sc interface{ Scan(...any) error }) (*regulars.Letter, error) {
	var l regulars.Letter
	var client, seq, sent sql.NullInt64
	var notBefore int64
	var window string
	err := sc.Scan(&l.ID, &l.Key, &l.MessageID, &client, &l.ToName, &l.ToAddress, &l.Subject, &l.Text, &l.HTML, &l.Marketing,
		&l.Unsubscribe, &seq, &l.Step, &l.State, &l.Attempts, &notBefore, &l.LastError, &l.Bounced, timestamp{&l.CreatedAt}, &sent, &window)
	if err != nil {
		return nil, err
	}
	l.Window = regulars.ParseSendWindow(window)
	l.ClientID, l.SequenceID, l.NotBefore = client.Int64, seq.Int64, time.Unix(notBefore, 0).UTC()
	if sent.Valid {
		l.SentAt = time.Unix(sent.Int64, 0).UTC()
	}
	return &l, nil
}

// Enqueue writes the letters whose key is new.
func (s *OutboxService) Enqueue(ctx context.Context, letters []*regulars.Letter) (int, error) {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	n, err := enqueue(ctx, tx, letters)
	if err != nil {
		return 0, err
	}
	return n, tx.Commit()
}

// enqueue writes the letters whose key is new, in tx, filling the IDs of those it wrote.
func enqueue(ctx context.Context, tx *Tx, letters []*regulars.Letter) (int, error) {
	n := 0
	for _, l := range letters {
		if l.Key == "" || l.MessageID == "" || l.ToAddress == "" {
			return n, regulars.Errorf(regulars.EINVALID, "A letter needs a key, a Message-ID and an address.")
		}
		l.State, l.CreatedAt = regulars.LetterQueued, tx.now
		err := tx.QueryRowContext(ctx, `INSERT INTO outbox (key, message_id, client_id, to_name, to_address, subject, text_body,
			html_body, marketing, unsubscribe, sequence_id, step, state, attempts, not_before, last_error, created_at, send_window)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, $14, '', $15, $16)
			ON CONFLICT (key) DO NOTHING RETURNING id`,
			l.Key, l.MessageID, nullID(l.ClientID), l.ToName, l.ToAddress, l.Subject, l.Text, l.HTML, l.Marketing, l.Unsubscribe,
			nullID(l.SequenceID), l.Step, l.State, l.NotBefore.Unix(), stamp(tx.now), l.Window.String()).Scan(&l.ID)
		if errors.Is(err, sql.ErrNoRows) {
			continue // the same intent is written already
		} else if err != nil {
			return n, fmt.Errorf("enqueue %s: %w", l.Key, FormatError(err))
		}
		n++
	}
	return n, nil
}

// Claim marks the next due letter sending and returns it, nil when none is due. One letter at a
// time: a sender that dies leaves at most one letter in doubt.
func (s *OutboxService) Claim(ctx context.Context, now time.Time) (*regulars.Letter, error) {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	lock := ""
	if s.db.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED" // senders in several processes take different letters
	}
	l, err := scanLetter(tx.QueryRowContext(ctx, `UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_at = $1
		WHERE id = (SELECT id FROM outbox WHERE state = 'queued' AND not_before <= $1 ORDER BY not_before, id LIMIT 1`+lock+`)
		RETURNING `+letterColumns, now.Unix()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("claim letter: %w", err)
	}
	return l, tx.Commit()
}

// update runs one statement that changes one letter, in its own transaction.
func (s *OutboxService) update(ctx context.Context, what, q string, args ...any) error {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		// Only a resend is asked for by people; the others are the sender's own steps.
		return regulars.Errorf(regulars.ENOTFOUND, "No letter to %s.", what).Keyed("err.no_letter_" + strings.ReplaceAll(what, " ", "_"))
	}
	return tx.Commit()
}

// MarkSent records the server's acceptance of a letter being sent.
func (s *OutboxService) MarkSent(ctx context.Context, id int64, at time.Time) error {
	return s.update(ctx, "mark sent", `UPDATE outbox SET state = 'sent', sent_at = $1, last_error = ''
		WHERE id = $2 AND state IN ('sending', 'in_doubt')`, at.Unix(), id)
}

// MarkInDoubt records that a letter being sent may or may not have been accepted.
func (s *OutboxService) MarkInDoubt(ctx context.Context, id int64, reason string) error {
	return s.update(ctx, "mark in doubt", `UPDATE outbox SET state = 'in_doubt', last_error = $1 WHERE id = $2 AND state = 'sending'`,
		reason, id)
}

// Release puts a letter being sent back in the queue without counting the attempt.
func (s *OutboxService) Release(ctx context.Context, id int64, notBefore time.Time, reason string) error {
	return s.update(ctx, "release", `UPDATE outbox SET state = 'queued', attempts = attempts - 1, not_before = $1, last_error = $2
		WHERE id = $3 AND state = 'sending'`, notBefore.Unix(), reason, id)
}

// Retry puts a letter being sent back in the queue.
func (s *OutboxService) Retry(ctx context.Context, id int64, notBefore time.Time, reason string) error {
	return s.update(ctx, "retry", `UPDATE outbox SET state = 'queued', not_before = $1, last_error = $2 WHERE id = $3 AND state = 'sending'`,
		notBefore.Unix(), reason, id)
}

// Fail records a permanent failure, and whether it was a bounce; with bounce, the address gets
// no more marketing letters.
func (s *OutboxService) Fail(ctx context.Context, id int64, reason string, bounce bool) error {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var addr string
	err = tx.QueryRowContext(ctx, `UPDATE outbox SET state = 'failed', last_error = $1, bounced = $2 WHERE id = $3 AND state = 'sending'
		RETURNING to_address`, reason, bounce, id).Scan(&addr)
	if errors.Is(err, sql.ErrNoRows) {
		return regulars.Errorf(regulars.ENOTFOUND, "No letter %d being sent.", id)
	} else if err != nil {
		return fmt.Errorf("fail letter: %w", err)
	}
	if bounce {
		if err := suppress(ctx, tx, addr, regulars.SuppressBounced); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// RecoverInDoubt marks the letters left sending in doubt.
func (s *OutboxService) RecoverInDoubt(ctx context.Context, claimedBefore time.Time) (int, error) {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'in_doubt',
		last_error = 'the sender stopped while sending: the server may have accepted it'
		WHERE state = 'sending' AND (claimed_at IS NULL OR claimed_at <= $1)`, claimedBefore.Unix())
	if err != nil {
		return 0, fmt.Errorf("recover in-doubt letters: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), tx.Commit()
}

// Resend puts an in-doubt or failed letter back in the queue.
func (s *OutboxService) Resend(ctx context.Context, id int64, now time.Time) error {
	return s.update(ctx, "resend", `UPDATE outbox SET state = 'queued', not_before = $1 WHERE id = $2 AND state IN ('in_doubt', 'failed')`,
		now.Unix(), id)
}

// FindLetters returns matching letters, newest first.
func (s *OutboxService) FindLetters(ctx context.Context, f regulars.LetterFilter) ([]*regulars.Letter, error) {
	where, args := "1 = 1", []any{}
	if f.State != nil {
		args = append(args, *f.State)
		where += fmt.Sprintf(" AND state = $%d", len(args))
	}
	if f.ClientID != nil {
		args = append(args, *f.ClientID)
		where += fmt.Sprintf(" AND client_id = $%d", len(args))
	}
	if f.SequenceID != nil {
		args = append(args, *f.SequenceID)
		where += fmt.Sprintf(" AND sequence_id = $%d", len(args))
	}
	cols := letterColumns
	if f.Brief {
		cols = strings.Replace(cols, "text_body, html_body", "'' AS text_body, '' AS html_body", 1)
	}
	rows, err := s.db.r.QueryContext(ctx, `SELECT `+cols+` FROM outbox WHERE `+where+` ORDER BY id DESC`+
		limitOffset(f.Limit, 0), args...)
	if err != nil {
		return nil, fmt.Errorf("find letters: %w", err)
	}
	defer rows.Close()
	var out []*regulars.Letter
	for rows.Next() {
		l, err := scanLetter(rows)
		if err != nil {
			return nil, fmt.Errorf("find letters: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// NextDue returns when the next queued letter is due; zero when none is queued.
func (s *OutboxService) NextDue(ctx context.Context) (time.Time, error) {
	var at sql.NullInt64
	if err := s.db.r.QueryRowContext(ctx, `SELECT min(not_before) FROM outbox WHERE state = 'queued'`).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("next due letter: %w", err)
	}
	if !at.Valid {
		return time.Time{}, nil
	}
	return time.Unix(at.Int64, 0).UTC(), nil
}

// SentSince counts the letters sent at or after t.
func (s *OutboxService) SentSince(ctx context.Context, t time.Time) (int, error) {
	var n int
	err := s.db.r.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE state = 'sent' AND sent_at >= $1`, t.Unix()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sent since: %w", err)
	}
	return n, nil
}

// Suppress records that the address gets no more marketing letters.
func (s *OutboxService) Suppress(ctx context.Context, address, reason string) error {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := suppress(ctx, tx, address, reason); err != nil {
		return err
	}
	return tx.Commit()
}

func suppress(ctx context.Context, tx *Tx, address, reason string) error {
	addr := regulars.NormalizeEmail(address)
	_, err := tx.ExecContext(ctx, `INSERT INTO suppressions (address, reason, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (address) DO NOTHING`, addr, reason, stamp(tx.now))
	if err != nil {
		return fmt.Errorf("suppress address: %w", err)
	}
	// Marketing letters already queued for it do not go either.
	if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'cancelled', last_error = $1
		WHERE state = 'queued' AND marketing AND lower(to_address) = $2`, "address "+reason, addr); err != nil {
		return fmt.Errorf("suppress address: %w", err)
	}
	return nil
}

// cancelMarketing cancels the client's queued marketing letters: its consent is withdrawn or
// the client is deleted.
func cancelMarketing(ctx context.Context, tx *Tx, clientID int64, reason string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'cancelled', last_error = $1
		WHERE state = 'queued' AND marketing AND client_id = $2`, reason, clientID); err != nil {
		return fmt.Errorf("cancel letters: %w", err)
	}
	return nil
}

// Suppressed returns why the address is suppressed, "" when it is not.
func (s *OutboxService) Suppressed(ctx context.Context, address string) (string, error) {
	var reason string
	err := s.db.r.QueryRowContext(ctx, `SELECT reason FROM suppressions WHERE address = $1`, regulars.NormalizeEmail(address)).Scan(&reason)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("suppressed: %w", err)
	}
	return reason, nil
}
