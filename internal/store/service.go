package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/regulars/regulars"
)

var _ regulars.CatalogService = (*CatalogService)(nil)

// CatalogService implements regulars.CatalogService: the services and the links between them.
type CatalogService struct{ db *DB }

// NewCatalogService returns the catalog service on db.
func NewCatalogService(db *DB) *CatalogService { return &CatalogService{db: db} }

const serviceColumns = `id, name, category, price_minor, currency, description, industries, created_at, updated_at`

// FindServiceByID returns the service, or ENOTFOUND.
func (s *CatalogService) FindServiceByID(ctx context.Context, id int64) (*regulars.Service, error) {
	tx, err := s.db.read(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findServiceByID(ctx, tx, id)
}

// FindServices returns matching services by name, and the total.
func (s *CatalogService) FindServices(ctx context.Context, filter regulars.ServiceFilter) ([]*regulars.Service, int, error) {
	tx, err := s.db.read(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findServices(ctx, tx, filter)
}

// CreateService validates and stores svc; ECONFLICT if a service of that name exists.
func (s *CatalogService) CreateService(ctx context.Context, svc *regulars.Service) error {
	if err := svc.Validate(); err != nil {
		return err
	}
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := insertService(ctx, sqlQueryRow(tx.Tx), svc, tx.now); err != nil {
		return err
	}
	if err := linkOrdersToService(ctx, tx, svc); err != nil {
		return err
	}
	svc.CreatedAt, svc.UpdatedAt = tx.now, tx.now
	return tx.Commit()
}

// DeleteService removes the service and its links; orders keep the service's name.
func (s *CatalogService) DeleteService(ctx context.Context, id int64) error {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := findServiceByID(ctx, tx, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM services WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete service: %w", err)
	}
	return tx.Commit()
}

func findServiceByID(ctx context.Context, tx *Tx, id int64) (*regulars.Service, error) {
	ss, _, err := findServices(ctx, tx, regulars.ServiceFilter{ID: &id})
	if err != nil {
		return nil, err
	} else if len(ss) == 0 {
		return nil, notFound("services", "Service", id)
	}
	return ss[0], nil
}

func findServices(ctx context.Context, tx *Tx, filter regulars.ServiceFilter) ([]*regulars.Service, int, error) {
	where, args := "1 = 1", []any{}
	if filter.ID != nil {
		where, args = "id = $1", append(args, *filter.ID)
	} else if filter.Name != nil {
		where, args = "name_norm = $1", append(args, regulars.ServiceKey(*filter.Name))
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+serviceColumns+`, COUNT(*) OVER() FROM services WHERE `+where+
		` ORDER BY name_norm, id`+limitOffset(filter.Limit, filter.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find services: %w", err)
	}
	defer rows.Close()
	var out []*regulars.Service
	var total int
	for rows.Next() {
		var svc regulars.Service
		var industries string
		if err := rows.Scan(&svc.ID, &svc.Name, &svc.Category, &svc.Price.Minor, &svc.Price.Currency,
			&svc.Description, &industries, timestamp{&svc.CreatedAt}, timestamp{&svc.UpdatedAt}, &total); err != nil {
			return nil, 0, fmt.Errorf("scan service: %w", err)
		}
		svc.Industries = regulars.NormalizeTags(strings.Split(industries, ","))
		out = append(out, &svc)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find services: %w", err)
	}
	return out, total, nil
}

// FindServiceLinks returns every link, by from_id, kind and to_id.
func (s *CatalogService) FindServiceLinks(ctx context.Context) ([]*regulars.ServiceLink, error) {
	tx, err := s.db.read(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, from_id, to_id, kind, gap_days, note FROM service_links
		ORDER BY from_id, kind, to_id`)
	if err != nil {
		return nil, fmt.Errorf("find service links: %w", err)
	}
	defer rows.Close()
	var out []*regulars.ServiceLink
	for rows.Next() {
		var l regulars.ServiceLink
		if err := rows.Scan(&l.ID, &l.FromID, &l.ToID, &l.Kind, &l.GapDays, &l.Note); err != nil {
			return nil, fmt.Errorf("scan service link: %w", err)
		}
		out = append(out, &l)
	}
	return out, rows.Err()
}

// CreateServiceLink validates and stores the link; ECONFLICT if it exists.
func (s *CatalogService) CreateServiceLink(ctx context.Context, l *regulars.ServiceLink) error {
	if err := l.Validate(); err != nil {
		return err
	}
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, id := range []int64{l.FromID, l.ToID} {
		if _, err := findServiceByID(ctx, tx, id); err != nil {
			return err
		}
	}
	if err := insertServiceLink(ctx, sqlQueryRow(tx.Tx), l); err != nil {
		return err
	}
	return tx.Commit()
}

// DeleteServiceLink removes the link.
func (s *CatalogService) DeleteServiceLink(ctx context.Context, id int64) error {
	return deleteByID(ctx, s.db, "service_links", "Service link", id)
}

// deleteByID deletes the row id of table, or returns ENOTFOUND naming what.
func deleteByID(ctx context.Context, db *DB, table, what string, id int64) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete %s: %w", table, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("delete %s: %w", table, err)
	} else if n == 0 {
		return notFound(table, what, id)
	}
	return tx.Commit()
}

// linkOrdersToService links the orders that named svc before it was in the catalog. Names are
// compared in Go: SQLite's lower() folds only ASCII.
func linkOrdersToService(ctx context.Context, tx *Tx, svc *regulars.Service) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT service FROM orders WHERE service_id IS NULL AND service <> ''`)
	if err != nil {
		return fmt.Errorf("link orders to service: %w", err)
	}
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return fmt.Errorf("link orders to service: %w", err)
		}
		if regulars.ServiceKey(name) == regulars.ServiceKey(svc.Name) {
			names = append(names, name)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("link orders to service: %w", err)
	}
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `UPDATE orders SET service_id = $1 WHERE service_id IS NULL AND service = $2`, svc.ID, name); err != nil {
			return fmt.Errorf("link orders to service: %w", err)
		}
	}
	return nil
}

// queryRow runs a query that returns one row, on database/sql or on pgx.
type queryRow func(ctx context.Context, query string, args ...any) rowScanner

func sqlQueryRow(tx *sql.Tx) queryRow {
	return func(ctx context.Context, query string, args ...any) rowScanner {
		return tx.QueryRowContext(ctx, query, args...)
	}
}

// insertService stores svc; a duplicate name is an ECONFLICT error on the name (409, exit 4).
func insertService(ctx context.Context, q queryRow, svc *regulars.Service, now time.Time) error {
	err := q(ctx, `INSERT INTO services (name, name_norm, category, price_minor, currency,
		description, industries, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
		svc.Name, regulars.ServiceKey(svc.Name), svc.Category, svc.Price.Minor, svc.Price.Currency, svc.Description,
		strings.Join(svc.Industries, ","), stamp(now)).Scan(&svc.ID)
	if err != nil {
		if regulars.ErrorCode(FormatError(err)) == regulars.ECONFLICT {
			msg := fmt.Sprintf("A service named %q already exists.", svc.Name)
			return (&regulars.Error{Code: regulars.ECONFLICT, Message: msg, Fields: map[string]string{"name": msg}}).
				Keyed("valid.service_taken", "Q", strconv.Quote(svc.Name))
		}
		return fmt.Errorf("create service: %w", err)
	}
	svc.CreatedAt, svc.UpdatedAt = now, now
	return nil
}

func insertServiceLink(ctx context.Context, q queryRow, l *regulars.ServiceLink) error {
	err := q(ctx, `INSERT INTO service_links (from_id, to_id, kind, gap_days, note)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, l.FromID, l.ToID, l.Kind, l.GapDays, l.Note).Scan(&l.ID)
	if err != nil {
		return fmt.Errorf("create service link: %w", FormatError(err))
	}
	return nil
}
