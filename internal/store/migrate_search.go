package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pressly/goose/v3"
	"github.com/regulars/regulars"
)

// goMigrations are the migrations written in Go, the same on both engines: each changes data
// that only the program's own functions can make again. Their numbers are among the SQL
// files' (the next SQL migration is 0026, on both engines).
var goMigrations = []*goose.Migration{
	goose.NewGoMigration(23, &goose.GoFunc{RunTx: refoldSearch}, nil),
	goose.NewGoMigration(25, &goose.GoFunc{RunTx: refoldSearch}, nil),
}

// refoldSearch is migrations 23 and 25: the search text of each client is made again as
// appendSearch makes it now. 23 added the words of the name and company that mix Latin and
// Cyrillic letters, folded into one alphabet («Cмирнова» typed with a Latin C is found by
// «Смирнова»); 25 adds the whole name and company so folded («Анна Смирнова» finds it too),
// and has ё as е. Only the texts that change are written. It reads every client once
// (a million in a few seconds); a down migration leaves the texts as they are, which an earlier
// version searches as before.
func refoldSearch(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, name, company, email, phone, messenger, search FROM clients`)
	if err != nil {
		return fmt.Errorf("refold search: %w", err)
	}
	type change struct {
		id     int64
		search string
	}
	var changes []change
	for rows.Next() {
		var c regulars.Client
		var search string
		if err := rows.Scan(&c.ID, &c.Name, &c.Company, &c.Email, &c.Phone, &c.Messenger, &search); err != nil {
			rows.Close()
			return fmt.Errorf("refold search: %w", err)
		}
		if s := clientSearch(&c); s != search {
			changes = append(changes, change{c.ID, s})
		}
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("refold search: %w", err)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("refold search: %w", err)
	}
	for _, ch := range changes {
		if _, err := tx.ExecContext(ctx, `UPDATE clients SET search = $1 WHERE id = $2`, ch.search, ch.id); err != nil {
			return fmt.Errorf("refold search: %w", err)
		}
	}
	return nil
}
