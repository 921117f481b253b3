package auth_test

import (
	"testing"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/auth"
)

func TestPassword(t *testing.T) {
	h, err := auth.HashPassword("пароль-надёжный")
	if err != nil {
		t.Fatal(err)
	}
	if !auth.CheckPassword("пароль-надёжный", h) {
		t.Error("the right password is refused")
	}
	if auth.CheckPassword("пароль-надежный", h) {
		t.Error("a wrong password is accepted")
	}
	if auth.CheckPassword("x", "not a hash") {
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
