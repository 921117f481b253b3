package importer

import (
	"errors"
	"sync"
)

// pipeBatch is how many rows the reader hands over at once.
const pipeBatch = 512

// item is one row as Each gives it: a good row, a bad one or an ignored one.
type item struct {
	row Row
	bad *RowError
	ign *Ignored
}

var errStopped = errors.New("importer: reader stopped")

// EachAhead is Each with the reading and parsing on a goroutine of its own, up to a few
// batches ahead of fn: on two cores the parsing of the next rows overlaps the matching and
// writing of these. fn is called in order, from the caller's goroutine, with the same
// contract as Each; its error stops the reader. warm, when set, sees each batch of rows
// before fn sees its rows one by one (see matcher.warm).
func (l *Layout) EachAhead(warm func(batch []item), fn func(row *Row, bad *RowError, ign *Ignored) error) error {
	full := make(chan []item, 4)
	free := make(chan []item, 6)
	stop := make(chan struct{})
	var readErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(full)
		readErr = l.read(full, free, stop)
	}()
	// However this returns (an error of fn, or a panic in it), stop the reader and wait for
	// it, so that it neither leaks nor keeps the sheet open.
	defer func() {
		close(stop)
		for range full {
		}
		wg.Wait()
	}()
	for batch := range full {
		if warm != nil {
			warm(batch)
		}
		for i := range batch {
			it := &batch[i]
			var err error
			if it.bad != nil || it.ign != nil {
				err = fn(nil, it.bad, it.ign)
			} else {
				err = fn(&it.row, nil, nil)
			}
			if err != nil {
				return err
			}
		}
		select {
		case free <- batch[:0]:
		default:
		}
	}
	wg.Wait()
	return readErr
}

// read runs Each, copying the rows into batches sent on full.
func (l *Layout) read(full chan<- []item, free chan []item, stop <-chan struct{}) error {
	batch := make([]item, 0, pipeBatch)
	send := func() error {
		select {
		case full <- batch:
		case <-stop:
			return errStopped
		}
		select {
		case batch = <-free:
		default:
			batch = make([]item, 0, pipeBatch)
		}
		return nil
	}
	err := l.Each(func(row *Row, bad *RowError, ign *Ignored) error {
		batch = append(batch, item{}) // filled in place: a Row is half a kilobyte
		it := &batch[len(batch)-1]
		switch {
		case ign != nil:
			c := *ign
			it.ign = &c
		case bad != nil:
			c := *bad
			it.bad = &c
		default:
			it.row = *row
			if len(row.Tags) > 0 {
				it.row.Tags = append([]string(nil), row.Tags...)
			}
			it.row.prepare()
		}
		if len(batch) == pipeBatch {
			return send()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = send()
	}
	if errors.Is(err, errStopped) {
		return nil
	}
	return err
}
