package web

import (
	"net/http/httptest"
	"testing"
	"time"
)

func TestThrottle(t *testing.T) {
	var th throttle
	t0 := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	r := httptest.NewRequest("POST", "/login", nil)
	r.RemoteAddr = "203.0.113.7:5555"
	pair, ip := throttleKeys(r, " Anna ")
	if other, _ := throttleKeys(r, "anna"); other != pair {
		t.Fatalf("the login's case and spaces make another key: %q, %q", pair, other)
	}
	for i := range freeFails - 1 {
		th.fail(t0, pair, ip)
		if w := th.wait(t0, pair, ip); w != 0 {
			t.Fatalf("after %d failures: wait %v", i+1, w)
		}
	}
	th.fail(t0, pair, ip)
	if w := th.wait(t0, pair, ip); w != time.Minute {
		t.Fatalf("after %d failures: wait %v, want a minute", freeFails, w)
	}
	th.fail(t0, pair, ip)
	if w := th.wait(t0, pair, ip); w != 2*time.Minute {
		t.Fatalf("one more: wait %v, want two minutes", w)
	}
	if w := th.wait(t0.Add(3*time.Minute), pair, ip); w != 0 {
		t.Errorf("after the wait: %v", w)
	}
	// Other logins from the same address: the address waits after twenty failures in all.
	for i := range freeFailsIP - freeFails - 1 {
		p, _ := throttleKeys(r, "guess"+string(rune('a'+i)))
		th.fail(t0, p, ip)
	}
	if w := th.wait(t0, "fresh", ip); w == 0 {
		t.Error("twenty failures from one address, and a new login goes on at once")
	}
	th.succeed(pair)
	if w := th.wait(t0.Add(2*time.Hour), pair); w != 0 {
		t.Errorf("after a success: wait %v", w)
	}
}
