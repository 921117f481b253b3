package importer

// keyTable maps matching keys to indexes of the matcher's clients: open addressing with
// linear probing, each key's first slot chosen by its first hash, which is random already
// (see key). A lookup of a million-order import reads one slot, where a Go map of the same
// keys read a group's control word and then the slot, two misses of the CPU's caches
// apart.
type keyTable struct {
	slots []keySlot // a power of two of them; an empty slot has the zero key
	n     int
}

type keySlot struct {
	k   key
	ref int32
}

// newKeyTable returns a table with room for n keys before it grows.
func newKeyTable(n int) *keyTable {
	size := 1024
	for size*3 < n*4 {
		size *= 2
	}
	return &keyTable{slots: make([]keySlot, size)}
}

// get returns the client of k, which must not be the zero key.
func (t *keyTable) get(k key) (int32, bool) {
	mask := uint64(len(t.slots) - 1)
	for i := k.a & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.k == k {
			return s.ref, true
		}
		if s.k == (key{}) {
			return 0, false
		}
	}
}

// add gives k, which must not be the zero key, to the client ref, unless a client has it, and
// reports whether it did.
func (t *keyTable) add(k key, ref int32) bool {
	if (t.n+1)*4 > len(t.slots)*3 { // three quarters full: twice the slots
		old := t.slots
		t.slots, t.n = make([]keySlot, 2*len(old)), 0
		for _, s := range old {
			if s.k != (key{}) {
				t.add(s.k, s.ref)
			}
		}
	}
	mask := uint64(len(t.slots) - 1)
	for i := k.a & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.k == k {
			return false
		}
		if s.k == (key{}) {
			*s = keySlot{k, ref}
			t.n++
			return true
		}
	}
}

// first returns the client in the first slot of k, or -1: k's client when no other key was
// there first.
func (t *keyTable) first(k key) int32 {
	s := &t.slots[k.a&uint64(len(t.slots)-1)]
	if s.k == (key{}) {
		return -1
	}
	return s.ref
}
