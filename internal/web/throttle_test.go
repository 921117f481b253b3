package web

import (
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestThrottle(t *testing.T) {
	var th throttle
	t0 := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	r := httptest.NewRequest("POST", "/login", nil)
	r.RemoteAddr = "203.0.113.7:5555"
	pair, ip := throttleKeys(r, " Anna ", false)
	if other, _ := throttleKeys(r, "anna", false); other != pair {
		t.Fatalf("the login's case and spaces make another key: %q, %q", pair, other)
	}
	for i := range freeFails {
		if w := th.begin(t0, pair, ip); w != 0 {
			t.Fatalf("attempt %d: wait %v", i+1, w)
		}
	}
	if w := th.begin(t0, pair, ip); w != time.Minute {
		t.Fatalf("after %d failures: wait %v, want a minute", freeFails, w)
	}
	if w := th.begin(t0.Add(time.Minute), pair, ip); w != 0 {
		t.Fatalf("after the minute: wait %v", w)
	}
	if w := th.begin(t0.Add(time.Minute), pair, ip); w != 2*time.Minute {
		t.Fatalf("one more failure: wait %v, want two minutes", w)
	}
	// Other logins from the same address: the address waits after twenty failures in all.
	for i := range freeFailsIP - freeFails - 1 { // the pair has failed six times
		p, _ := throttleKeys(r, "guess"+string(rune('a'+i)), false)
		th.begin(t0.Add(time.Minute), p, ip)
	}
	if w := th.begin(t0.Add(time.Minute), "fresh", ip); w == 0 {
		t.Error("twenty failures from one address, and a new login goes on at once")
	}
	th.succeed(pair, ip)
	if w := th.begin(t0.Add(2*time.Hour), pair, ip); w != 0 {
		t.Errorf("after a success: wait %v", w)
	}
}

// TestThrottleUndo: attempts the server could not judge (too busy) do not count.
func TestThrottleUndo(t *testing.T) {
	var th throttle
	t0 := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	for range 10 {
		if w := th.begin(t0, "p", "ip"); w != 0 {
			t.Fatalf("an undone attempt counted: wait %v", w)
		}
		th.undo("p", "ip")
	}
}

// TestThrottleParallel: sixty wrong passwords at once for one login get five checks, not
// sixty — each attempt counts from its start.
func TestThrottleParallel(t *testing.T) {
	var th throttle
	t0 := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	var checked atomic.Int32
	var wg sync.WaitGroup
	for range 60 {
		wg.Go(func() {
			if th.begin(t0, "203.0.113.7\x00anna", "203.0.113.7") == 0 {
				checked.Add(1)
			}
		})
	}
	wg.Wait()
	if n := checked.Load(); n != freeFails {
		t.Errorf("%d of 60 parallel attempts went on, want %d", n, freeFails)
	}
}

func TestThrottleKeys(t *testing.T) {
	r := httptest.NewRequest("POST", "/login", nil)
	r.RemoteAddr = "127.0.0.1:40000"
	r.Header.Add("X-Forwarded-For", "198.51.100.1, 203.0.113.9")
	if _, ip := throttleKeys(r, "a", true); ip != "203.0.113.9" {
		t.Errorf("behind a proxy here: %q, want the address the proxy saw", ip)
	}
	if _, ip := throttleKeys(r, "a", false); ip != "127.0.0.1" {
		t.Errorf("no proxy trusted: %q", ip)
	}
	r.RemoteAddr = "198.51.100.7:40000" // not this machine: its header is anyone's
	if _, ip := throttleKeys(r, "a", true); ip != "198.51.100.7" {
		t.Errorf("a header from afar trusted: %q", ip)
	}
	if pair, _ := throttleKeys(r, strings.Repeat("x", 10<<20), false); len(pair) > 200 {
		t.Errorf("a 10 MB login makes a %d-byte key", len(pair))
	}
}
