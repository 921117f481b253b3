package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/regulars/regulars"
)

// sqliteLoader loads through prepared statements in one IMMEDIATE transaction on the single
// writer connection: other writers wait for it, readers go on seeing the data before it.
type sqliteLoader struct {
	tx    *Tx
	now   string
	stmts map[string]*sql.Stmt
}

const (
	insertTagSQL        = `INSERT INTO client_tags (client_id, tag) VALUES ($1, $2)`
	insertOrderNoIDSQL  = `INSERT INTO orders (client_id, service_id, service, title, amount_minor, currency, ordered_on, due_on, delivered_on, status, import_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`
	updateOrderStateSQL = `UPDATE orders SET status = $1, due_on = $2, delivered_on = $3, updated_at = $4 WHERE id = $5`
)

func beginSQLiteLoad(ctx context.Context, db *DB) (*sqliteLoader, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	l := &sqliteLoader{tx: tx, now: stamp(tx.now), stmts: map[string]*sql.Stmt{}}
	for _, q := range []string{insertClientSQL, insertTagSQL, insertOrderNoIDSQL, updateOrderStateSQL,
		insertInteractionSQL, insertImportantDateSQL, insertPlanSQL, insertEventSQL} {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			tx.Rollback()
			return nil, fmt.Errorf("prepare load: %w", err)
		}
		l.stmts[q] = st
	}
	return l, nil
}

func (l *sqliteLoader) AddClient(ctx context.Context, c *regulars.Client) error {
	if err := l.stmts[insertClientSQL].QueryRowContext(ctx, clientArgs(c, l.now)...).Scan(&c.ID); err != nil {
		return fmt.Errorf("load client: %w", FormatError(err))
	}
	c.CreatedAt, c.UpdatedAt = l.tx.now, l.tx.now
	for _, t := range c.Tags {
		if _, err := l.stmts[insertTagSQL].ExecContext(ctx, c.ID, t); err != nil {
			return fmt.Errorf("load client tag: %w", FormatError(err))
		}
	}
	return nil
}

func (l *sqliteLoader) AddOrder(ctx context.Context, o *regulars.Order) error {
	res, err := l.stmts[insertOrderNoIDSQL].ExecContext(ctx, orderArgs(o, l.now)...)
	if err != nil {
		return fmt.Errorf("load order: %w", FormatError(err))
	}
	o.ID, _ = res.LastInsertId()
	return nil
}

func (l *sqliteLoader) UpdateOrderState(ctx context.Context, o *regulars.Order) error {
	_, err := l.stmts[updateOrderStateSQL].ExecContext(ctx, o.Status, o.DueOn, o.DeliveredOn, l.now, o.ID)
	if err != nil {
		return fmt.Errorf("load order update: %w", err)
	}
	return nil
}

func (l *sqliteLoader) insert(ctx context.Context, q string, id *int64, args ...any) error {
	if err := l.stmts[q].QueryRowContext(ctx, append(args, l.now)...).Scan(id); err != nil {
		return fmt.Errorf("load: %w", FormatError(err))
	}
	return nil
}

func (l *sqliteLoader) AddInteraction(ctx context.Context, i *regulars.Interaction) error {
	return l.insert(ctx, insertInteractionSQL, &i.ID, interactionArgs(i)...)
}

func (l *sqliteLoader) AddImportantDate(ctx context.Context, d *regulars.ImportantDate) error {
	return l.insert(ctx, insertImportantDateSQL, &d.ID, importantDateArgs(d)...)
}

func (l *sqliteLoader) AddPlan(ctx context.Context, p *regulars.Plan) error {
	return l.insert(ctx, insertPlanSQL, &p.ID, planArgs(p)...)
}

func (l *sqliteLoader) AddEvent(ctx context.Context, e *regulars.Event) error {
	return l.insert(ctx, insertEventSQL, &e.ID, eventArgs(e)...)
}

func (l *sqliteLoader) ImportIndex(ctx context.Context) (*regulars.ImportIndex, error) {
	return importIndex(ctx, sqlQuerier{l.tx.Tx})
}

func (l *sqliteLoader) Commit() error {
	l.close()
	if err := l.tx.Commit(); err != nil {
		return fmt.Errorf("commit load: %w", err)
	}
	return nil
}

func (l *sqliteLoader) Rollback() error {
	l.close()
	return l.tx.Rollback()
}

func (l *sqliteLoader) close() {
	for _, st := range l.stmts {
		st.Close()
	}
}

// sqlQuerier adapts *sql.Tx to rowsIter.
type sqlQuerier struct{ tx *sql.Tx }

func (q sqlQuerier) QueryContext(ctx context.Context, query string, args ...any) (rowsIter, error) {
	rows, err := q.tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }
