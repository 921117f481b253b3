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

// importIndex reads the keys an import matches against, through q.
func importIndex(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (rowsIter, error)
}) (*regulars.ImportIndex, error) {
	idx := &regulars.ImportIndex{Orders: map[int64]regulars.OrderState{}}
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
	rows, err = q.QueryContext(ctx, `SELECT import_key, id, status, due_on, delivered_on FROM orders WHERE import_key IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("import index: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key int64
		var st regulars.OrderState
		if err := rows.Scan(&key, &st.ID, &st.Status, &st.DueOn, &st.DeliveredOn); err != nil {
			return nil, fmt.Errorf("import index: %w", err)
		}
		idx.Orders[key] = st
	}
	return idx, rows.Err()
}

// rowsIter is what importIndex needs of *sql.Rows and pgx.Rows alike.
type rowsIter interface {
	Next() bool
	Scan(...any) error
	Close()
	Err() error
}
