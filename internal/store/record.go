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
	_ regulars.InteractionService   = (*RecordService)(nil)
	_ regulars.ImportantDateService = (*RecordService)(nil)
	_ regulars.PlanService          = (*RecordService)(nil)
	_ regulars.EventService         = (*RecordService)(nil)
)

// RecordService implements the services of what is recorded about a client beside its orders:
// the contact log, important dates, plans and events. They share one shape (a client, a day,
// a note) and so one implementation.
type RecordService struct{ db *DB }

// NewRecordService returns the record service on db.
func NewRecordService(db *DB) *RecordService { return &RecordService{db: db} }

// recordTable describes one kind of record: its table, the date column and how it is ordered.
type recordTable struct{ table, columns, dateColumn, order, what string }

var (
	interactionTable = recordTable{"interactions", "id, client_id, happened_on, channel, direction, note, created_at",
		"happened_on", "happened_on DESC, id DESC", "Interaction"}
	importantDateTable = recordTable{"important_dates", "id, client_id, kind, falls_on, yearly, note, created_at",
		"falls_on", "falls_on, id", "Important date"}
	planTable  = recordTable{"plans", "id, client_id, title, planned_on, note, created_at", "planned_on", "planned_on, id", "Plan"}
	eventTable = recordTable{"events", "id, client_id, name, happened_on, note, created_at", "happened_on", "happened_on DESC, id DESC", "Event"}
)

// findRecords runs the filter over t and scans each row with scan.
func findRecords[T any](ctx context.Context, db *DB, t recordTable, filter regulars.RecordFilter, scan func(rowScanner) (T, error)) ([]T, int, error) {
	tx, err := db.read(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	where, args := []string{"1 = 1"}, []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if filter.ClientID != nil {
		add("client_id = $%d", *filter.ClientID)
	}
	if filter.From != nil {
		add(t.dateColumn+" >= $%d", *filter.From)
	}
	if filter.To != nil {
		add(t.dateColumn+" <= $%d", *filter.To)
	}
	if filter.Falls != nil && t.table != importantDateTable.table { // the others have no yearly flag
		return nil, 0, fmt.Errorf("find %s: the Falls filter is for important dates only", t.table)
	}
	if filter.Falls != nil {
		day := *filter.Falls
		days := []string{day.String()[5:]} // MM-DD
		if day.Month() == time.February && day.Day() == 28 && regulars.DaysIn(day.Year(), time.February) == 28 {
			days = append(days, "02-29")
		}
		monthDay := "substr(falls_on, 6)"
		if db.dialect == Postgres {
			monthDay = "to_char(falls_on, 'MM-DD')"
		}
		args = append(args, day, days[0], days[len(days)-1])
		n := len(args)
		where = append(where, fmt.Sprintf("(falls_on = $%d OR (yearly AND %s IN ($%d, $%d)))", n-2, monthDay, n-1, n))
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+t.columns+`, COUNT(*) OVER() FROM `+t.table+` WHERE `+
		strings.Join(where, " AND ")+` ORDER BY `+t.order+limitOffset(filter.Limit, filter.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find %s: %w", t.table, err)
	}
	defer rows.Close()
	var out []T
	var total int
	for rows.Next() {
		v, err := scan(withExtra{rows, &total})
		if err != nil {
			return nil, 0, fmt.Errorf("scan %s: %w", t.table, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find %s: %w", t.table, err)
	}
	return out, total, nil
}

type rowScanner interface{ Scan(...any) error }

// withExtra scans the extra destinations after the caller's.
type withExtra struct {
	sc    rowScanner
	extra any
}

func (w withExtra) Scan(dest ...any) error { return w.sc.Scan(append(dest, w.extra)...) }

// insertRecord checks the client exists and runs the INSERT … RETURNING id.
func insertRecord(ctx context.Context, db *DB, clientID int64, query string, id *int64, args ...any) (*Tx, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := findClientByID(ctx, tx, clientID); err != nil {
		tx.Rollback()
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, query, append(args, stamp(tx.now))...).Scan(id); err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("insert: %w", FormatError(err))
	}
	return tx, nil
}

const (
	insertInteractionSQL   = `INSERT INTO interactions (client_id, happened_on, channel, direction, note, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`
	insertImportantDateSQL = `INSERT INTO important_dates (client_id, kind, falls_on, yearly, note, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`
	insertPlanSQL          = `INSERT INTO plans (client_id, title, planned_on, note, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`
	insertEventSQL         = `INSERT INTO events (client_id, name, happened_on, note, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`
)

func interactionArgs(i *regulars.Interaction) []any {
	return []any{i.ClientID, i.On, i.Channel, i.Direction, i.Note}
}
func importantDateArgs(d *regulars.ImportantDate) []any {
	return []any{d.ClientID, d.Kind, d.On, d.Yearly, d.Note}
}
func planArgs(p *regulars.Plan) []any   { return []any{p.ClientID, p.Title, p.On, p.Note} }
func eventArgs(e *regulars.Event) []any { return []any{e.ClientID, e.Name, e.On, e.Note} }

// FindInteractions returns matching interactions, newest first.
func (s *RecordService) FindInteractions(ctx context.Context, f regulars.RecordFilter) ([]*regulars.Interaction, int, error) {
	return findRecords(ctx, s.db, interactionTable, f, func(sc rowScanner) (*regulars.Interaction, error) {
		var i regulars.Interaction
		return &i, sc.Scan(&i.ID, &i.ClientID, &i.On, &i.Channel, &i.Direction, &i.Note, timestamp{&i.CreatedAt})
	})
}

// CreateInteraction validates and stores i, and brings its client's last contact up to date.
func (s *RecordService) CreateInteraction(ctx context.Context, i *regulars.Interaction) error {
	if err := i.Validate(); err != nil {
		return err
	}
	if err := notFuture(s.db.Now(), i.On, "an interaction", "valid.future_interaction"); err != nil {
		return err
	}
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := findClientByID(ctx, tx, i.ClientID); err != nil {
		return err
	}
	if err := createInteraction(ctx, tx, i); err != nil {
		return err
	}
	return tx.Commit()
}

// createInteraction stores a validated interaction of an existing client.
func createInteraction(ctx context.Context, tx *Tx, i *regulars.Interaction) error {
	if err := tx.QueryRowContext(ctx, insertInteractionSQL, append(interactionArgs(i), stamp(tx.now))...).Scan(&i.ID); err != nil {
		return fmt.Errorf("create interaction: %w", FormatError(err))
	}
	i.CreatedAt = tx.now
	if _, err := tx.ExecContext(ctx, `UPDATE clients SET last_contact_on = $1
		WHERE id = $2 AND (last_contact_on IS NULL OR last_contact_on < $1)`, i.On, i.ClientID); err != nil {
		return fmt.Errorf("create interaction: %w", err)
	}
	return nil
}

// DeleteInteraction removes the interaction, and recomputes its client's last contact.
func (s *RecordService) DeleteInteraction(ctx context.Context, id int64) error {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var clientID int64
	err = tx.QueryRowContext(ctx, `SELECT client_id FROM interactions WHERE id = $1`, id).Scan(&clientID)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(interactionTable.table, interactionTable.what, id)
	} else if err != nil {
		return fmt.Errorf("delete interaction: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM interactions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete interaction: %w", err)
	}
	if err := setLastContact(ctx, tx, clientID); err != nil {
		return err
	}
	return tx.Commit()
}

// FindImportantDates returns matching dates by date.
func (s *RecordService) FindImportantDates(ctx context.Context, f regulars.RecordFilter) ([]*regulars.ImportantDate, int, error) {
	return findRecords(ctx, s.db, importantDateTable, f, func(sc rowScanner) (*regulars.ImportantDate, error) {
		var d regulars.ImportantDate
		return &d, sc.Scan(&d.ID, &d.ClientID, &d.Kind, &d.On, &d.Yearly, &d.Note, timestamp{&d.CreatedAt})
	})
}

// CreateImportantDate validates and stores d.
func (s *RecordService) CreateImportantDate(ctx context.Context, d *regulars.ImportantDate) error {
	if err := d.Validate(); err != nil {
		return err
	}
	tx, err := insertRecord(ctx, s.db, d.ClientID, insertImportantDateSQL, &d.ID, importantDateArgs(d)...)
	if err != nil {
		return err
	}
	d.CreatedAt = tx.now
	return tx.Commit()
}

// DeleteImportantDate removes the date.
func (s *RecordService) DeleteImportantDate(ctx context.Context, id int64) error {
	return deleteByID(ctx, s.db, importantDateTable.table, importantDateTable.what, id)
}

// FindPlans returns matching plans by date.
func (s *RecordService) FindPlans(ctx context.Context, f regulars.RecordFilter) ([]*regulars.Plan, int, error) {
	return findRecords(ctx, s.db, planTable, f, func(sc rowScanner) (*regulars.Plan, error) {
		var p regulars.Plan
		return &p, sc.Scan(&p.ID, &p.ClientID, &p.Title, &p.On, &p.Note, timestamp{&p.CreatedAt})
	})
}

// CreatePlan validates and stores p.
func (s *RecordService) CreatePlan(ctx context.Context, p *regulars.Plan) error {
	if err := p.Validate(); err != nil {
		return err
	}
	tx, err := insertRecord(ctx, s.db, p.ClientID, insertPlanSQL, &p.ID, planArgs(p)...)
	if err != nil {
		return err
	}
	p.CreatedAt = tx.now
	return tx.Commit()
}

// DeletePlan removes the plan.
func (s *RecordService) DeletePlan(ctx context.Context, id int64) error {
	return deleteByID(ctx, s.db, planTable.table, planTable.what, id)
}

// FindEvents returns matching events, newest first.
func (s *RecordService) FindEvents(ctx context.Context, f regulars.RecordFilter) ([]*regulars.Event, int, error) {
	return findRecords(ctx, s.db, eventTable, f, func(sc rowScanner) (*regulars.Event, error) {
		var e regulars.Event
		return &e, sc.Scan(&e.ID, &e.ClientID, &e.Name, &e.On, &e.Note, timestamp{&e.CreatedAt})
	})
}

// CreateEvent validates and stores e.
func (s *RecordService) CreateEvent(ctx context.Context, e *regulars.Event) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if err := notFuture(s.db.Now(), e.On, "an event", "valid.future_event"); err != nil {
		return err
	}
	tx, err := insertRecord(ctx, s.db, e.ClientID, insertEventSQL, &e.ID, eventArgs(e)...)
	if err != nil {
		return err
	}
	e.CreatedAt = tx.now
	return tx.Commit()
}

// DeleteEvent removes the event.
func (s *RecordService) DeleteEvent(ctx context.Context, id int64) error {
	return deleteByID(ctx, s.db, eventTable.table, eventTable.what, id)
}

// notFuture refuses a record of something that happened (an interaction, an event) dated after
// today: a contact logged for 2100-12-31 would keep its client "in touch" for decades. Today
// is the clock's in any time zone: a day ahead of UTC is allowed.
func notFuture(now time.Time, d regulars.Date, what, key string) error {
	if d.After(regulars.DateOf(now.UTC()).AddDays(1)) {
		return regulars.FieldError("date", fmt.Sprintf("date: %s is recorded once it has happened; %s is in the future.", what, d)).
			Keyed(key, "Date", d.String())
	}
	return nil
}
