package snapshot

import (
	"context"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// Keeper keeps the current snapshot fresh. Run it in a goroutine; Current and Invalidate are
// safe for concurrent use.
type Keeper struct {
	// Build computes a snapshot.
	Build func(context.Context) (*Snapshot, error)
	// Version returns a number that changes when the data does; nil means only Invalidate
	// and the turn of the day trigger a rebuild.
	Version func(context.Context) (int64, error)
	// Today returns the business's current day: a new day brings a new snapshot.
	Today func() int32
	// Poll is how often Version is asked [5 s]; a rebuild follows the previous one by at least
	// Rest [2 s], so a stream of writes does not keep two cores busy fitting models.
	Poll, Rest time.Duration
	Logger     *slog.Logger
	// OnBuild, when set, is called after each build, with its error: a hook for tests.
	OnBuild func(error)

	cur       atomic.Pointer[Snapshot]
	kick      chan struct{}
	ready     chan struct{}
	readyOnce sync.Once
	err       atomic.Pointer[error]
}

// NewKeeper returns a keeper of the snapshots build makes.
func NewKeeper(build func(context.Context) (*Snapshot, error)) *Keeper {
	return &Keeper{Build: build, kick: make(chan struct{}, 1), ready: make(chan struct{}), Poll: 5 * time.Second,
		Rest: 2 * time.Second, Logger: slog.Default()}
}

// Current returns the latest snapshot, or nil before the first is built.
func (k *Keeper) Current() *Snapshot { return k.cur.Load() }

// Ready is closed when the first snapshot is in.
func (k *Keeper) Ready() <-chan struct{} { return k.ready }

// Err returns the error of the last build, nil if it succeeded.
func (k *Keeper) Err() error {
	if p := k.err.Load(); p != nil {
		return *p
	}
	return nil
}

// Invalidate asks for a rebuild: call it after a write.
func (k *Keeper) Invalidate() {
	select {
	case k.kick <- struct{}{}:
	default: // a rebuild is already asked for
	}
}

// Refresh builds a snapshot now and makes it current: for tests and for commands that need a
// fresh one before they go on.
func (k *Keeper) Refresh(ctx context.Context) error {
	first := k.cur.Load() == nil
	k.build(ctx, &first)
	return k.Err()
}

// Run builds snapshots until ctx is done.
func (k *Keeper) Run(ctx context.Context) {
	var version int64
	var day int32
	first := true
	poll := time.NewTicker(k.Poll)
	defer poll.Stop()
	for {
		v, verr := k.version(ctx)
		d := k.today()
		if first || (verr == nil && v != version) || d != day {
			version, day = v, d
			if !k.build(ctx, &first) {
				version-- // try again at the next poll
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(k.Rest):
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-poll.C:
		case <-k.kick:
			version-- // rebuild even if the version did not move (a write the stats have not seen yet)
		}
	}
}

// build builds a snapshot and makes it current; it reports whether it succeeded.
func (k *Keeper) build(ctx context.Context, first *bool) bool {
	s, err := k.Build(ctx)
	if k.OnBuild != nil {
		defer k.OnBuild(err)
	}
	if err != nil {
		if ctx.Err() == nil {
			k.Logger.Error("analytics snapshot", "err", err)
			k.err.Store(&err)
		}
		return false
	}
	k.err.Store(nil)
	k.cur.Store(s)
	// A build reads the whole base and lets it go: hand the memory back to the system now,
	// rather than keep a peak that a server idling between builds does not need.
	debug.FreeOSMemory()
	k.Logger.Info("analytics snapshot", "clients", len(s.Rows), "took", s.Took.Round(time.Millisecond))
	if *first {
		*first = false
		k.readyOnce.Do(func() { close(k.ready) })
	}
	return true
}

func (k *Keeper) version(ctx context.Context) (int64, error) {
	if k.Version == nil {
		return 0, nil
	}
	return k.Version(ctx)
}

func (k *Keeper) today() int32 {
	if k.Today == nil {
		return 0
	}
	return k.Today()
}
