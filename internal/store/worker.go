package store

import "sync/atomic"

// worker runs functions one after another on a goroutine of its own, so that a loader's
// writes overlap the caller's reading and matching of the next rows (two cores: one for
// each). After the first error it skips the rest; wait returns that error, and failed tells
// the caller early, so that it stops making work nobody will write.
//
// While the worker runs, only its functions may use the loader's transaction; the caller
// waits for it (wait) before it uses the transaction itself.
type worker struct {
	jobs chan func() error
	done chan error
	fail atomic.Bool // a function has failed since the goroutine started
}

// do queues f, starting the goroutine if needed. It blocks while two functions are queued.
func (w *worker) do(f func() error) {
	if w.jobs == nil {
		w.jobs, w.done = make(chan func() error, 2), make(chan error, 1)
		go w.run(w.jobs, w.done)
	}
	w.jobs <- f
}

func (w *worker) run(jobs <-chan func() error, done chan<- error) {
	var err error
	for f := range jobs {
		if err == nil {
			if err = f(); err != nil {
				w.fail.Store(true)
			}
		}
	}
	done <- err
}

// failed reports whether a queued function has failed: wait returns its error.
func (w *worker) failed() bool { return w.fail.Load() }

// wait waits until every queued function has run and returns the first error; the worker
// can be used again afterwards.
func (w *worker) wait() error {
	if w.jobs == nil {
		return nil
	}
	close(w.jobs)
	err := <-w.done
	w.jobs, w.done = nil, nil
	w.fail.Store(false)
	return err
}
