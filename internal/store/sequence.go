package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/regulars/regulars"
)

var _ regulars.SequenceService = (*SequenceService)(nil)

// SequenceService implements regulars.SequenceService.
type SequenceService struct{ db *DB }

// NewSequenceService returns the sequences on db.
func NewSequenceService(db *DB) *SequenceService { return &SequenceService{db: db} }

const sequenceColumns = `id, key, name, marketing, stop_on_order, stop_on_reply, steps, active, created_at, updated_at`

func scanSequence(sc interface{ Scan(...any) error }) (*regulars.Sequence, error) {
	var s regulars.Sequence
	var steps string
	if err := sc.Scan(&s.ID, &s.Key, &s.Name, &s.Marketing, &s.StopOnOrder, &s.StopOnReply, &steps, &s.Active,
		timestamp{&s.CreatedAt}, timestamp{&s.UpdatedAt}); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(steps), &s.Steps); err != nil {
		return nil, fmt.Errorf("sequence %s steps: %w", s.Key, err)
	}
	return &s, nil
}

// CreateSequence adds a sequence; ECONFLICT when its key exists.
func (s *SequenceService) CreateSequence(ctx context.Context, seq *regulars.Sequence) error {
	if err := seq.Validate(); err != nil {
		return err
	}
	steps, err := json.Marshal(seq.Steps)
	if err != nil {
		return err
	}
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `INSERT INTO sequences (key, name, marketing, stop_on_order, stop_on_reply, steps, active,
		created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
		seq.Key, seq.Name, seq.Marketing, seq.StopOnOrder, seq.StopOnReply, string(steps), seq.Active, stamp(tx.now)).Scan(&seq.ID)
	if err = FormatError(err); regulars.ErrorCode(err) == regulars.ECONFLICT {
		return regulars.Errorf(regulars.ECONFLICT, "A sequence %q exists already.", seq.Key).Keyed("valid.sequence_taken", "Q", strconv.Quote(seq.Key))
	} else if err != nil {
		return fmt.Errorf("create sequence: %w", err)
	}
	seq.CreatedAt, seq.UpdatedAt = tx.now, tx.now
	return tx.Commit()
}

// UpdateSequence replaces a sequence's name, rules and steps.
func (s *SequenceService) UpdateSequence(ctx context.Context, seq *regulars.Sequence) error {
	if err := seq.Validate(); err != nil {
		return err
	}
	steps, err := json.Marshal(seq.Steps)
	if err != nil {
		return err
	}
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE sequences SET name = $1, marketing = $2, stop_on_order = $3, stop_on_reply = $4,
		steps = $5, active = $6, updated_at = $7 WHERE key = $8`,
		seq.Name, seq.Marketing, seq.StopOnOrder, seq.StopOnReply, string(steps), seq.Active, stamp(tx.now), seq.Key)
	if err != nil {
		return fmt.Errorf("update sequence: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return regulars.Errorf(regulars.ENOTFOUND, "No sequence %q.", seq.Key).Keyed("notfound.sequence", "Q", strconv.Quote(seq.Key))
	}
	seq.UpdatedAt = tx.now
	return tx.Commit()
}

// FindSequenceByKey returns the sequence, or ENOTFOUND.
func (s *SequenceService) FindSequenceByKey(ctx context.Context, key string) (*regulars.Sequence, error) {
	seq, err := scanSequence(s.db.r.QueryRowContext(ctx, `SELECT `+sequenceColumns+` FROM sequences WHERE key = $1`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, regulars.Errorf(regulars.ENOTFOUND, "No sequence %q.", key).Keyed("notfound.sequence", "Q", strconv.Quote(key))
	} else if err != nil {
		return nil, fmt.Errorf("find sequence: %w", err)
	}
	return seq, nil
}

// FindSequences returns every sequence, by key.
func (s *SequenceService) FindSequences(ctx context.Context) ([]*regulars.Sequence, error) {
	rows, err := s.db.r.QueryContext(ctx, `SELECT `+sequenceColumns+` FROM sequences ORDER BY key`)
	if err != nil {
		return nil, fmt.Errorf("find sequences: %w", err)
	}
	defer rows.Close()
	var out []*regulars.Sequence
	for rows.Next() {
		seq, err := scanSequence(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, seq)
	}
	return out, rows.Err()
}

// Enrol enrols the clients on the day, in one transaction, many rows per statement; clients
// with an active run are left as they are.
func (s *SequenceService) Enrol(ctx context.Context, sequenceID int64, clientIDs []int64, on regulars.Date) (int, error) {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	n := 0
	const batch = 100 // clients a statement: one parameter each, beside the three shared
	for len(clientIDs) > 0 {
		part := clientIDs[:min(batch, len(clientIDs))]
		clientIDs = clientIDs[len(part):]
		var q strings.Builder
		q.WriteString(`INSERT INTO enrolments (sequence_id, client_id, enrolled_on, next, state, updated_at) VALUES `)
		args := make([]any, 0, len(part)+3)
		args = append(args, sequenceID, on, stamp(tx.now))
		for i, id := range part {
			if i > 0 {
				q.WriteString(", ")
			}
			args = append(args, id)
			fmt.Fprintf(&q, "($1, $%d, $2, 0, 'active', $3)", len(args))
		}
		q.WriteString(` ON CONFLICT (sequence_id, client_id) WHERE state = 'active' DO NOTHING`)
		res, err := tx.ExecContext(ctx, q.String(), args...)
		if err != nil {
			return 0, fmt.Errorf("enrol: %w", FormatError(err))
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	return n, tx.Commit()
}

// StopEnrolment stops the client's active run of the sequence.
func (s *SequenceService) StopEnrolment(ctx context.Context, sequenceID, clientID int64, reason string) error {
	n, _, err := s.stop(ctx, reason, `sequence_id = $3 AND client_id = $4`, sequenceID, clientID)
	if err == nil && n == 0 {
		return regulars.Errorf(regulars.ENOTFOUND, "Client %d is not running through this sequence.", clientID).
			Keyed("notfound.sequence_run", "ID", clientID)
	}
	return err
}

// stop stops the active runs that where (whose parameters start at $3) selects, with the
// reason, and returns how many it stopped and when.
func (s *SequenceService) stop(ctx context.Context, reason, where string, args ...any) (int64, time.Time, error) {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return 0, time.Time{}, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE enrolments SET state = 'stopped', stop_reason = $1, updated_at = $2
		WHERE `+where+` AND state = 'active'`, append([]any{reason, stamp(tx.now)}, args...)...)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("stop enrolment: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, tx.now, tx.Commit()
}

// FindEnrolments returns runs, by ID.
func (s *SequenceService) FindEnrolments(ctx context.Context, sequenceID int64, state string) ([]*regulars.Enrolment, error) {
	where, args := "1 = 1", []any{}
	if sequenceID != 0 {
		args = append(args, sequenceID)
		where += fmt.Sprintf(" AND sequence_id = $%d", len(args))
	}
	if state != "" {
		args = append(args, state)
		where += fmt.Sprintf(" AND state = $%d", len(args))
	}
	rows, err := s.db.r.QueryContext(ctx, `SELECT id, sequence_id, client_id, enrolled_on, next, state, stop_reason, updated_at
		FROM enrolments WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("find enrolments: %w", err)
	}
	defer rows.Close()
	var out []*regulars.Enrolment
	for rows.Next() {
		var e regulars.Enrolment
		if err := rows.Scan(&e.ID, &e.SequenceID, &e.ClientID, &e.EnrolledOn, &e.Next, &e.State, &e.StopReason,
			timestamp{&e.UpdatedAt}); err != nil {
			return nil, fmt.Errorf("find enrolments: %w", err)
		}
		out = append(out, &e)
	}
	return out, rows.Err()
}

// Advance enqueues the step's letter (if any) and moves the run on, in one transaction.
func (s *SequenceService) Advance(ctx context.Context, e *regulars.Enrolment, letter *regulars.Letter, last bool) error {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if letter != nil {
		n, err := enqueue(ctx, tx, []*regulars.Letter{letter})
		if err != nil {
			return err
		}
		if n == 0 {
			return regulars.Errorf(regulars.ECONFLICT, "The letter %s was written already.", letter.Key).Keyed("err.letter_written", "Key", letter.Key)
		}
	}
	state := regulars.EnrolActive
	if last {
		state = regulars.EnrolDone
	}
	res, err := tx.ExecContext(ctx, `UPDATE enrolments SET next = $1, state = $2, updated_at = $3 WHERE id = $4 AND next = $5 AND state = 'active'`,
		e.Next+1, state, stamp(tx.now), e.ID, e.Next)
	if err != nil {
		return fmt.Errorf("advance enrolment: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return regulars.Errorf(regulars.ECONFLICT, "The run %d moved on meanwhile.", e.ID).Keyed("err.run_moved", "ID", e.ID)
	}
	e.Next, e.State, e.UpdatedAt = e.Next+1, state, tx.now
	return tx.Commit()
}

// Stop stops a run with the reason.
func (s *SequenceService) Stop(ctx context.Context, e *regulars.Enrolment, reason string) error {
	_, at, err := s.stop(ctx, reason, `id = $3`, e.ID)
	if err != nil {
		return err
	}
	e.State, e.StopReason, e.UpdatedAt = regulars.EnrolStopped, reason, at
	return nil
}
