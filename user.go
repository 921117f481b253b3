package regulars

import (
	"context"
	"strings"
	"time"
)

// User is an owner account of the web app. Regulars serves one business; every user sees all
// of it.
type User struct {
	ID           int64     `json:"id"`
	Login        string    `json:"login"`
	PasswordHash string    `json:"-"` // argon2id, in the PHC string format
	CreatedAt    time.Time `json:"created_at"`
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (u *User) Validate() error {
	u.Login = strings.TrimSpace(u.Login)
	switch {
	case u.Login == "":
		return FieldError("login", "Login required.").Keyed("valid.login")
	case len(u.Login) > 100 || strings.ContainsAny(u.Login, " \t\r\n"):
		return FieldError("login", "A login is at most 100 characters, without spaces.").Keyed("valid.login_long")
	case u.PasswordHash == "":
		return FieldError("password", "Password required.").Keyed("valid.password")
	}
	return nil
}

// Session is a signed-in browser. The cookie holds a random token; the store keeps only its
// SHA-256 (ID), so a copy of the database cannot sign anyone in. CSRF is the token every form
// of the session must carry.
type Session struct {
	ID        string    `json:"-"`
	UserID    int64     `json:"user_id"`
	CSRF      string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// UserService keeps the owner accounts and their sessions.
type UserService interface {
	// CountUsers returns the number of accounts: 0 means the first run.
	CountUsers(ctx context.Context) (int, error)
	// CreateUser adds an account. Returns ECONFLICT if the login is taken.
	CreateUser(ctx context.Context, u *User) error
	// FindUserByLogin returns the account, or ENOTFOUND.
	FindUserByLogin(ctx context.Context, login string) (*User, error)
	// SetPasswordHash replaces the password of an account and ends its sessions. Returns
	// ENOTFOUND if there is no such login.
	SetPasswordHash(ctx context.Context, login, hash string) error

	// CreateSession stores a new session.
	CreateSession(ctx context.Context, s *Session) error
	// FindSession returns the unexpired session with the ID and its user, or ENOTFOUND.
	FindSession(ctx context.Context, id string, now time.Time) (*Session, *User, error)
	// DeleteSession ends a session; ending one that is gone is not an error.
	DeleteSession(ctx context.Context, id string) error
}
