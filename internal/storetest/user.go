package storetest

import (
	"testing"
	"time"

	"github.com/regulars/regulars"
)

func testUsers(t *testing.T, s Services) {
	if n, err := s.Users.CountUsers(ctx()); err != nil || n != 0 {
		t.Fatalf("CountUsers = %d, %v, want 0", n, err)
	}
	u := &regulars.User{Login: " anna ", PasswordHash: "$argon2id$x"}
	if err := s.Users.CreateUser(ctx(), u); err != nil {
		t.Fatal(err)
	}
	if u.ID == 0 || u.Login != "anna" {
		t.Fatalf("created %+v, want an ID and the trimmed login", u)
	}
	wantCode(t, s.Users.CreateUser(ctx(), &regulars.User{Login: "anna", PasswordHash: "h"}), regulars.ECONFLICT)
	wantCode(t, s.Users.CreateUser(ctx(), &regulars.User{Login: "a b", PasswordHash: "h"}), regulars.EINVALID)
	wantCode(t, s.Users.CreateUser(ctx(), &regulars.User{Login: "bob"}), regulars.EINVALID)
	got, err := s.Users.FindUserByLogin(ctx(), "anna")
	if err != nil || got.PasswordHash != "$argon2id$x" {
		t.Fatalf("FindUserByLogin = %+v, %v", got, err)
	}
	_, err = s.Users.FindUserByLogin(ctx(), "nobody")
	wantCode(t, err, regulars.ENOTFOUND)

	live := &regulars.Session{ID: "live", UserID: u.ID, CSRF: "c1", ExpiresAt: Now.Add(time.Hour)}
	old := &regulars.Session{ID: "old", UserID: u.ID, CSRF: "c2", ExpiresAt: Now.Add(time.Minute)}
	for _, ss := range []*regulars.Session{old, live} {
		if err := s.Users.CreateSession(ctx(), ss); err != nil {
			t.Fatal(err)
		}
	}
	ss, su, err := s.Users.FindSession(ctx(), "live", Now)
	if err != nil || ss.CSRF != "c1" || su.Login != "anna" || su.ID != u.ID || !ss.ExpiresAt.Equal(live.ExpiresAt) {
		t.Fatalf("FindSession = %+v, %+v, %v", ss, su, err)
	}
	_, _, err = s.Users.FindSession(ctx(), "old", Now.Add(2*time.Minute))
	wantCode(t, err, regulars.ENOTFOUND)
	if err := s.Users.DeleteSession(ctx(), "live"); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.Users.FindSession(ctx(), "live", Now)
	wantCode(t, err, regulars.ENOTFOUND)

	if err := s.Users.CreateSession(ctx(), &regulars.Session{ID: "again", UserID: u.ID, CSRF: "c", ExpiresAt: Now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Users.SetPasswordHash(ctx(), "anna", "$argon2id$y"); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.Users.FindSession(ctx(), "again", Now)
	wantCode(t, err, regulars.ENOTFOUND) // a new password ends the sessions
	wantCode(t, s.Users.SetPasswordHash(ctx(), "nobody", "h"), regulars.ENOTFOUND)
	if n, err := s.Users.CountUsers(ctx()); err != nil || n != 1 {
		t.Fatalf("CountUsers = %d, %v, want 1", n, err)
	}
}
