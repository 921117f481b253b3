package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/regulars/regulars"
)

var _ regulars.UserService = (*UserService)(nil)

// UserService implements regulars.UserService.
type UserService struct{ db *DB }

// NewUserService returns the accounts and sessions on db.
func NewUserService(db *DB) *UserService { return &UserService{db: db} }

// CountUsers returns the number of accounts.
func (s *UserService) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.db.r.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// CreateUser adds an account; ECONFLICT if the login is taken.
func (s *UserService) CreateUser(ctx context.Context, u *regulars.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `INSERT INTO users (login, password_hash, created_at) VALUES ($1, $2, $3) RETURNING id`,
		u.Login, u.PasswordHash, stamp(tx.now)).Scan(&u.ID)
	if err = FormatError(err); regulars.ErrorCode(err) == regulars.ECONFLICT {
		return regulars.Errorf(regulars.ECONFLICT, "Login %q is taken.", u.Login).Keyed("valid.login_taken", "Q", strconv.Quote(u.Login))
	} else if err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	u.CreatedAt = tx.now
	return tx.Commit()
}

// FindUserByLogin returns the account, or ENOTFOUND.
func (s *UserService) FindUserByLogin(ctx context.Context, login string) (*regulars.User, error) {
	var u regulars.User
	err := s.db.r.QueryRowContext(ctx, `SELECT id, login, password_hash, created_at FROM users WHERE login = $1`, login).
		Scan(&u.ID, &u.Login, &u.PasswordHash, timestamp{&u.CreatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, noUser(login)
	} else if err != nil {
		return nil, fmt.Errorf("find user: %w", err)
	}
	return &u, nil
}

// SetPasswordHash replaces the password of an account and ends its sessions.
func (s *UserService) SetPasswordHash(ctx context.Context, login, hash string) error {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `UPDATE users SET password_hash = $1 WHERE login = $2 RETURNING id`, hash, login).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return noUser(login)
	} else if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	return tx.Commit()
}

// CreateSession stores a new session. Expired sessions are cleared on the way.
func (s *UserService) CreateSession(ctx context.Context, ss *regulars.Session) error {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ss.CreatedAt = tx.now
	if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		ss.ID, ss.UserID, ss.CSRF, stamp(ss.CreatedAt), stamp(ss.ExpiresAt)); err != nil {
		return fmt.Errorf("create session: %w", FormatError(err))
	}
	if err := deleteExpiredSessions(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// deleteExpiredSessions removes the sessions past their expiry. Expiry is compared in Go:
// SQLite keeps timestamps as RFC 3339 text, whose trimmed fractions do not sort as times.
func deleteExpiredSessions(ctx context.Context, tx *Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, expires_at FROM sessions`)
	if err != nil {
		return fmt.Errorf("expire sessions: %w", err)
	}
	var gone []string
	for rows.Next() {
		var id string
		var exp time.Time
		if err := rows.Scan(&id, timestamp{&exp}); err != nil {
			rows.Close()
			return fmt.Errorf("expire sessions: %w", err)
		}
		if !exp.After(tx.now) {
			gone = append(gone, id)
		}
	}
	rows.Close()
	for _, id := range gone {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, id); err != nil {
			return fmt.Errorf("expire sessions: %w", err)
		}
	}
	return rows.Err()
}

// FindSession returns the unexpired session and its user, or ENOTFOUND.
func (s *UserService) FindSession(ctx context.Context, id string, now time.Time) (*regulars.Session, *regulars.User, error) {
	var ss regulars.Session
	var u regulars.User
	err := s.db.r.QueryRowContext(ctx, `SELECT s.id, s.user_id, s.csrf, s.created_at, s.expires_at, u.login, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`, id).
		Scan(&ss.ID, &ss.UserID, &ss.CSRF, timestamp{&ss.CreatedAt}, timestamp{&ss.ExpiresAt}, &u.Login, timestamp{&u.CreatedAt})
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !ss.ExpiresAt.After(now)) {
		return nil, nil, regulars.Errorf(regulars.ENOTFOUND, "No session.")
	} else if err != nil {
		return nil, nil, fmt.Errorf("find session: %w", err)
	}
	u.ID = ss.UserID
	return &ss, &u, nil
}

// DeleteSession ends a session.
func (s *UserService) DeleteSession(ctx context.Context, id string) error {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return tx.Commit()
}

// noUser is the error of a login no account has.
func noUser(login string) error {
	return regulars.Errorf(regulars.ENOTFOUND, "No user %q.", login).Keyed("notfound.user", "Q", strconv.Quote(login))
}
