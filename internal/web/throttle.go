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
// pair. An attempt counts as failed from its start, so that many at once cannot slip past the
// count while their passwords are checked. It is safe for concurrent use; entries idle for a
// day are swept, and at most maxThrottled are kept.
type throttle struct {
	mu    sync.Mutex
	byID  map[string]*attempts
	swept time.Time
}

type attempts struct {
	fails int
	until time.Time
	last  time.Time
}

const (
	freeFails    = 5  // per address and login
	freeFailsIP  = 20 // per address
	maxThrottled = 100_000
	maxLoginKey  = 100 // bytes of the login kept in a key
)

// throttleKeys returns the throttle's keys of a login attempt: the address with the login,
// and the address alone. Behind a proxy on this machine (trustProxy), the address is the
// one the proxy saw, the last of X-Forwarded-For.
func throttleKeys(r *http.Request, login string, trustProxy bool) (pair, ip string) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if addr := net.ParseIP(host); trustProxy && addr != nil && addr.IsLoopback() {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if last := strings.TrimSpace(parts[len(parts)-1]); net.ParseIP(last) != nil {
				host = last
			}
		}
	}
	login = strings.ToLower(strings.TrimSpace(login))
	if len(login) > maxLoginKey {
		login = login[:maxLoginKey]
	}
	return host + "\x00" + login, host
}

// begin starts a login attempt: it returns how long the attempt must wait, or 0 and counts
// the attempt as failed until succeed says otherwise.
func (t *throttle) begin(now time.Time, pair, ip string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	var longest time.Duration
	for _, k := range []string{pair, ip} {
		if a := t.byID[k]; a != nil && a.until.After(now) {
			longest = max(longest, a.until.Sub(now))
		}
	}
	if longest > 0 {
		return longest
	}
	t.sweep(now)
	for _, c := range [...]struct {
		key  string
		free int
	}{{pair, freeFails}, {ip, freeFailsIP}} {
		k, free := c.key, c.free
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
	return 0
}

// sweep drops the entries idle for a day, at most once a minute; when there are still too
// many, it drops those not waiting now. t.mu is held.
func (t *throttle) sweep(now time.Time) {
	if t.byID == nil {
		t.byID = map[string]*attempts{}
	}
	if now.Sub(t.swept) < time.Minute && len(t.byID) < maxThrottled {
		return
	}
	t.swept = now
	for k, a := range t.byID {
		if now.Sub(a.last) > 24*time.Hour || len(t.byID) >= maxThrottled && !a.until.After(now) {
			delete(t.byID, k)
		}
	}
}

// undo takes back an attempt that was never judged (the server was busy, or failed): both
// counts go down as if it had not been made.
func (t *throttle) undo(pair, ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.uncount(pair, freeFails)
	t.uncount(ip, freeFailsIP)
}

// succeed takes back the attempt's failure: the pair is cleared, the address's count lowered.
func (t *throttle) succeed(pair, ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.byID, pair)
	t.uncount(ip, freeFailsIP)
}

// uncount takes one failure off the key's count, and its wait once the count is under free.
// t.mu is held.
func (t *throttle) uncount(k string, free int) {
	if a := t.byID[k]; a != nil {
		a.fails--
		if a.fails < free {
			a.until = time.Time{}
		}
	}
}
