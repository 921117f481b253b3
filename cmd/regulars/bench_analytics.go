package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"time"
)

type benchAnalyticsCmd struct {
	MemoryLimit int64  `default:"${analysis_memory}" help:"The Go runtime's soft memory limit in bytes, as for the analysis commands (0: none; GOMEMLIMIT overrides)."`
	MemProfile  string `help:"Write a heap profile (go tool pprof) of what the analysis holds at its end to this file." type:"path"`
}

// Run measures the whole analysis on the database of --db: one read of the base, the metrics
// with the revenue forecast, both purchase models and Gamma-Gamma fitted once, every client's
// segment and prediction — what the web app's snapshot computes — and prints the time and the
// process's peak memory.
func (c *benchAnalyticsCmd) Run(ctx context.Context, a *app) error {
	a.limitMemory(c.MemoryLimit)
	an, err := a.analyst(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	ov, err := an.Overview(ctx, a.today())
	if err != nil {
		return err
	}
	took := time.Since(start)
	if c.MemProfile != "" {
		f, err := os.Create(c.MemProfile)
		if err != nil {
			return err
		}
		runtime.GC() // the profile shows the heap as of the last collection
		if err := pprof.WriteHeapProfile(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	limit := "no soft memory limit"
	if n := debug.SetMemoryLimit(-1); n < math.MaxInt64 {
		limit = fmt.Sprintf("soft memory limit %d MiB", n>>20)
	}
	fmt.Fprintf(a.stdout, "%d clients with orders, %d orders in %s: the whole analysis in %.2f s; peak RSS %d MB (%s); %d cores\n",
		len(ov.Base.Sums), ov.Metrics.Orders, ov.Base.Currency, took.Seconds(), peakRSS()/1024, limit, runtime.NumCPU())
	return nil
}
