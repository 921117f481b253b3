package web

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// throttle slows down password guessing: after five failed logins for a login from one
// address, that pair waits a minute, doubling with every further failure up to an hour; an
// address that fails twenty times, whatever the logins, waits likewise. A success clears the
// pair. It is safe for concurrent use; entries older than a day are dropped.
type throttle struct {
	mu   sync.Mutex
	byID map[string]*attempts
}

type attempts struct {
	fails int
	until time.Time
	last  time.Time
}

const (
	freeFails   = 5  // per address and login
	freeFailsIP = 20 // per address
)

// keys returns the throttle's keys of a login attempt: the address with the login, and the
// address alone.
func throttleKeys(r *http.Request, login string) (pair, ip string) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return host + "\x00" + strings.ToLower(strings.TrimSpace(login)), host
}

// wait returns how long the attempt must wait, 0 when it may go on.
func (t *throttle) wait(now time.Time, keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	var longest time.Duration
	for _, k := range keys {
		if a := t.byID[k]; a != nil && a.until.After(now) {
			longest = max(longest, a.until.Sub(now))
		}
	}
	return longest
}

// fail records a failed attempt.
func (t *throttle) fail(now time.Time, pair, ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.byID == nil {
		t.byID = map[string]*attempts{}
	}
	for k, a := range t.byID {
		if now.Sub(a.last) > 24*time.Hour {
			delete(t.byID, k)
		}
	}
	for k, free := range map[string]int{pair: freeFails, ip: freeFailsIP} {
		a := t.byID[k]
		if a == nil {
			a = &attempts{}
			t.byID[k] = a
		}
		a.fails++
		a.last = now
		if over := a.fails - free; over >= 0 {
			a.until = now.Add(min(time.Minute<<min(over, 6), time.Hour))
		}
	}
}

// succeed clears the pair's failures.
func (t *throttle) succeed(pair string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.byID, pair)
}
