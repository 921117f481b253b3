package auth_test

import (
	"context"
	"testing"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/auth"
)

func TestPassword(t *testing.T) {
	h, err := auth.HashPassword("пароль-надёжный")
	if err != nil {
		t.Fatal(err)
	}
	if !check("пароль-надёжный", h) {
		t.Error("the right password is refused")
	}
	if check("пароль-надежный", h) {
		t.Error("a wrong password is accepted")
	}
	if check("x", "not a hash") {
		t.Error("a broken hash accepts a password")
	}
	if _, err := auth.HashPassword("short"); regulars.ErrorCode(err) != regulars.EINVALID {
		t.Errorf("short password: err %v, want EINVALID", err)
	}
}

func TestToken(t *testing.T) {
	a, b := auth.NewToken(), auth.NewToken()
	if a == b || len(a) != 43 {
		t.Fatalf("tokens %q and %q: want two different 43-character tokens", a, b)
	}
	if id := auth.TokenID(a); len(id) != 64 || id == auth.TokenID(b) {
		t.Fatalf("TokenID(%q) = %q", a, id)
	}
}

func check(password, hash string) bool {
	ok, err := auth.CheckPassword(context.Background(), password, hash)
	return ok && err == nil
}

// TestCheckPasswordGivesUp: with both hashing slots taken, a check whose context ends gives
// up its place instead of waiting.
func TestCheckPasswordGivesUp(t *testing.T) {
	h, err := auth.HashPassword("пароль-надёжный")
	if err != nil {
		t.Fatal(err)
	}
	release := auth.HoldHashing()
	defer release()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if ok, err := auth.CheckPassword(ctx, "пароль-надёжный", h); ok || err == nil {
		t.Errorf("with the slots taken and the context gone: %v, %v", ok, err)
	}
}
