package agenda

// byClient maps client IDs to values. IDs handed out by a database are dense (1, 2, 3 …), so
// it keeps the values in a slice indexed by ID — the agenda of 100,000 clients looks a client
// up several million times, and a slice does it at a fraction of a map's cost — and falls back
// to a map for IDs far beyond the number of clients. A missing ID reads as the zero value.
type byClient[T any] struct {
	dense  []T
	sparse map[int64]T
}

// newByClient returns a table for IDs up to about maxID, the largest client ID.
func newByClient[T any](maxID int64, clients int) byClient[T] {
	if maxID >= 0 && maxID <= int64(2*clients+1024) {
		return byClient[T]{dense: make([]T, maxID+1)}
	}
	return byClient[T]{sparse: make(map[int64]T, clients)}
}

func (t *byClient[T]) get(id int64) T {
	if t.sparse == nil {
		if id >= 0 && id < int64(len(t.dense)) {
			return t.dense[id]
		}
		var zero T
		return zero
	}
	return t.sparse[id]
}

func (t *byClient[T]) set(id int64, v T) {
	if t.sparse == nil {
		if id >= 0 && id < int64(len(t.dense)) {
			t.dense[id] = v
			return
		}
		// an ID beyond the table: move to a map
		t.sparse = make(map[int64]T, len(t.dense))
		for i, x := range t.dense {
			t.sparse[int64(i)] = x
		}
		t.dense = nil
	}
	t.sparse[id] = v
}

// maxClientID returns the largest ID of the clients.
func maxClientID(in Input) int64 {
	var m int64
	for _, c := range in.Clients {
		m = max(m, c.ID)
	}
	return m
}
