package importer

// table maps matching keys to values: open addressing with linear probing, each key's first
// slot chosen by its first hash, which is random already (see key). A lookup of a
// million-order import reads one slot, where a Go map of the same keys read a group's control
// word and then the slot, two misses of the CPU's caches apart. It holds the clients of the
// emails and the phones (keyTable) and of the name keys (nameTable).
type table[V any] struct {
	slots []slot[V] // a power of two of them; an empty slot has the zero key
	n     int
}

type slot[V any] struct {
	k key
	v V
}

// keyTable maps the emails and phones to indexes of the matcher's clients.
type keyTable = table[int32]

// nameTable maps the name keys to their clients.
type nameTable = table[nameEntry]

// newKeyTable returns a table with room for n keys before it grows.
func newKeyTable(n int) *keyTable { return newTable[int32](n) }

// newNameTable is newKeyTable of a nameTable.
func newNameTable(n int) *nameTable { return newTable[nameEntry](n) }

func newTable[V any](n int) *table[V] {
	size := 1024
	for size*3 < n*4 {
		size *= 2
	}
	return &table[V]{slots: make([]slot[V], size)}
}

// get returns the value of k; the zero key, which marks an empty slot, has none.
func (t *table[V]) get(k key) (V, bool) {
	var zero V
	if k == (key{}) {
		return zero, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := k.a & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.k == k {
			return s.v, true
		}
		if s.k == (key{}) {
			return zero, false
		}
	}
}

// add gives k the value v, unless it has one, and reports whether it did: the first client
// with a key keeps it. The zero key is none, and is not added.
func (t *table[V]) add(k key, v V) bool {
	s, had := t.slot(k)
	if s == nil || had {
		return false
	}
	s.v = v
	return true
}

// set gives k the value v; the zero key is not set.
func (t *table[V]) set(k key, v V) {
	if s, _ := t.slot(k); s != nil {
		s.v = v
	}
}

// slot returns the slot of k, taking an empty one for it unless it has one, and reports
// whether it had; the zero key, which marks an empty slot, has none (nil).
func (t *table[V]) slot(k key) (*slot[V], bool) {
	if k == (key{}) {
		return nil, false
	}
	if (t.n+1)*4 > len(t.slots)*3 { // three quarters full: twice the slots
		old := t.slots
		t.slots, t.n = make([]slot[V], 2*len(old)), 0
		for _, s := range old {
			if s.k != (key{}) {
				t.set(s.k, s.v)
			}
		}
	}
	mask := uint64(len(t.slots) - 1)
	for i := k.a & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.k == k {
			return s, true
		}
		if s.k == (key{}) {
			s.k = k
			t.n++
			return s, false
		}
	}
}

// each calls fn with every value, in no order.
func (t *table[V]) each(fn func(V)) {
	for i := range t.slots {
		if t.slots[i].k != (key{}) {
			fn(t.slots[i].v)
		}
	}
}

// first returns the value in the first slot of k, if the slot is taken: k's value when no
// other key was there first.
func (t *table[V]) first(k key) (V, bool) {
	s := &t.slots[k.a&uint64(len(t.slots)-1)]
	return s.v, s.k != (key{})
}
