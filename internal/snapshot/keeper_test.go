package snapshot_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/regulars/regulars/internal/snapshot"
)

// TestKeeper drives a keeper that reports each build and waits for the test to look: it
// builds at start, after Invalidate, when the data version moves and when the day turns; it
// keeps the last good snapshot when a build fails, and tries again at the next poll.
func TestKeeper(t *testing.T) {
	var n, version, day atomic.Int64
	var failOnce atomic.Bool
	k := snapshot.NewKeeper(func(context.Context) (*snapshot.Snapshot, error) {
		i := n.Add(1)
		if failOnce.Swap(false) {
			return nil, errors.New("disk on fire")
		}
		return &snapshot.Snapshot{Took: time.Duration(i)}, nil
	})
	k.Version = func(context.Context) (int64, error) { return version.Load(), nil }
	k.Today = func() int32 { return int32(day.Load()) }
	k.Poll, k.Rest = time.Millisecond, 0
	k.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	built, ack := make(chan error), make(chan struct{})
	k.OnBuild = func(err error) { built <- err; <-ack }
	if k.Current() != nil {
		t.Fatal("a snapshot before the first build")
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { k.Run(ctx); close(done) }()
	// step waits for a build, checks what is current, and lets the keeper go on.
	step := func(what string, wantErr bool, wantCurrent time.Duration) {
		t.Helper()
		select {
		case err := <-built:
			if (err != nil) != wantErr {
				t.Errorf("%s: build error %v, want error %v", what, err, wantErr)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: no build", what)
		}
		if s := k.Current(); s == nil || s.Took != wantCurrent {
			t.Errorf("%s: Current = %+v, want build %d", what, s, wantCurrent)
		}
		if (k.Err() != nil) != wantErr {
			t.Errorf("%s: Err = %v", what, k.Err())
		}
		ack <- struct{}{}
	}
	step("start", false, 1)
	<-k.Ready()
	k.Invalidate()
	step("invalidate", false, 2)
	version.Add(1)
	step("new version", false, 3)
	failOnce.Store(true)
	day.Add(1)
	step("new day, failing", true, 3)
	step("retried at the next poll", false, 5)
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}
