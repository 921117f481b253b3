// Package auth holds the secrets of the owner accounts: argon2id password hashes (over
// github.com/alexedwards/argon2id) and random session tokens, of which the store keeps only a
// SHA-256.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"

	"github.com/regulars/regulars"
)

// MinPassword is the shortest password accepted, in characters.
const MinPassword = 8

// params are the argon2id costs: 64 MiB and one pass over it take about 50 ms on the 2-core
// machine Regulars is sized for — slow enough for a guesser, quick enough for a login.
var params = &argon2id.Params{Memory: 64 * 1024, Iterations: 1, Parallelism: 2, SaltLength: 16, KeyLength: 32}

// hashing lets two argon2id computations run at once: each takes 64 MiB, and a flood of
// login attempts must not take the server's memory with it.
var hashing = make(chan struct{}, 2)

// HashPassword returns the argon2id hash of password in the PHC string format, or an
// EINVALID error when the password is too short.
func HashPassword(password string) (string, error) {
	if utf8.RuneCountInString(password) < MinPassword {
		return "", regulars.FieldError("password", "The password must be at least 8 characters long.").Keyed("valid.password_short")
	}
	hashing <- struct{}{}
	defer func() { <-hashing }()
	return argon2id.CreateHash(password, params)
}

// CheckPassword reports whether password matches hash. It waits for a free hashing slot no
// longer than ctx lives (a request whose visitor left, or a flood of them, gives up its place)
// and then returns ctx's error.
func CheckPassword(ctx context.Context, password, hash string) (bool, error) {
	select {
	case hashing <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-hashing }()
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	return err == nil && ok, nil
}

// NewToken returns 32 random bytes as unpadded base64url: a session cookie or CSRF token.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand panics rather than return weak bytes)
	return base64.RawURLEncoding.EncodeToString(b)
}

// TokenID returns the SHA-256 of a token in hex: what the store keeps of a session.
func TokenID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
