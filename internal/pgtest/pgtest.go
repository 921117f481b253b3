// Package pgtest gives tests a fresh PostgreSQL database on the server named by
// REGULARS_TEST_POSTGRES, and skips them when it is unset, so that `go test ./...` passes on a
// machine without PostgreSQL.
package pgtest

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// Env is the variable that names the test server, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const Env = "REGULARS_TEST_POSTGRES"

var seq atomic.Int64

// DSN creates an empty database, dropped when the test ends, and returns its DSN. It skips
// the test when REGULARS_TEST_POSTGRES is unset.
func DSN(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(Env)
	if base == "" {
		tb.Skip(Env + " is not set: skipping the PostgreSQL part (see README)")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("regulars_test_%d_%d", os.Getpid(), seq.Add(1))
	if _, err := admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE template0`); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		if admin, err := sql.Open("pgx", base); err == nil {
			admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
			admin.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", Env, err)
	}
	u.Path = "/" + name
	return u.String()
}
