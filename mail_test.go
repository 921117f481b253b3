package regulars_test

import (
	"errors"
	"testing"

	"github.com/regulars/regulars"
)

// TestBounced: a bounce is a permanent 550, 551 or 553.
func TestBounced(t *testing.T) {
	for _, tc := range []struct {
		err  *regulars.SendError
		want bool
	}{
		{&regulars.SendError{Permanent: true, Code: 550, Err: errors.New("no such user")}, true},
		{&regulars.SendError{Permanent: true, Code: 551, Err: errors.New("user not local")}, true},
		{&regulars.SendError{Permanent: true, Code: 553, Err: errors.New("mailbox name not allowed")}, true},
		{&regulars.SendError{Permanent: true, Code: 552, Err: errors.New("message too big")}, false},
		{&regulars.SendError{Permanent: true, Code: 554, Err: errors.New("SMTP 550 in a quote")}, false},
		{&regulars.SendError{Code: 450, Err: errors.New("mailbox busy")}, false},
		{&regulars.SendError{Permanent: true, Err: errors.New("TLS refused")}, false},
	} {
		if got := tc.err.Bounced(); got != tc.want {
			t.Errorf("%v: Bounced = %v, want %v", tc.err, got, tc.want)
		}
	}
}
