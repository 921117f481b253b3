package importer

import (
	"encoding/csv"
	"errors"
	"sync"
)

// aheadSource reads a source on a goroutine of its own, a few batches of records ahead of the
// caller: the layout pass splits CSV on one core while it tallies formats on the other.
// Records keep their order, and so do the errors among them (a row that is not valid CSV is
// one; the source goes on after it). Close stops the reader; it does not close the source.
type aheadSource struct {
	inner source
	full  chan *recordBatch
	stop  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
	cur   *recordBatch
	i     int
}

// recordBatch is records copied out of a source, which reuses its buffers.
type recordBatch struct {
	items []aheadItem
}

type aheadItem struct {
	line  int
	rec   []string
	kinds []uint8
	err   error
}

const aheadBatch = 1024

func ahead(src source) *aheadSource {
	a := &aheadSource{inner: src, full: make(chan *recordBatch, 4), stop: make(chan struct{})}
	a.wg.Add(1)
	go a.read()
	return a
}

func (a *aheadSource) read() {
	defer a.wg.Done()
	defer close(a.full)
	for done := false; !done; {
		b := &recordBatch{items: make([]aheadItem, 0, aheadBatch)}
		for len(b.items) < aheadBatch {
			line, rec, kinds, err := a.inner.next()
			var pe *csv.ParseError
			if err != nil && !errors.As(err, &pe) {
				b.items = append(b.items, aheadItem{line: line, err: err})
				done = true
				break
			}
			it := aheadItem{line: line, err: err, rec: append([]string(nil), rec...)}
			if kinds != nil {
				it.kinds = append([]uint8(nil), kinds...)
			}
			b.items = append(b.items, it)
		}
		select {
		case a.full <- b:
		case <-a.stop:
			return
		}
	}
}

// next returns the next record or error, in the source's order.
func (a *aheadSource) next() (int, []string, []uint8, error) {
	for a.cur == nil || a.i == len(a.cur.items) {
		b, ok := <-a.full
		if !ok {
			return 0, nil, nil, errors.New("importer: read past the end of a sheet")
		}
		a.cur, a.i = b, 0
	}
	it := a.cur.items[a.i]
	a.i++
	return it.line, it.rec, it.kinds, it.err
}

// close stops the reader and waits for it.
func (a *aheadSource) close() error {
	a.once.Do(func() { close(a.stop) })
	for range a.full {
	}
	a.wg.Wait()
	return nil
}
