package importer

import (
	"math/rand/v2"
	"testing"
)

// TestKeyTable checks the table against a map over keys that share first slots (their first
// hashes differ only above the table's size) and across its growth.
func TestKeyTable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	tab, want := newKeyTable(0), map[key]int32{}
	var ks []key
	for i := range 20000 {
		k := key{a: r.Uint64N(64) << 40, b: r.Uint64() | 1} // 64 first slots at most, even grown
		if i%3 == 0 && len(ks) > 0 {
			k = ks[r.IntN(len(ks))] // again: the first client keeps it
		}
		ks = append(ks, k)
		_, had := want[k]
		if added := tab.add(k, int32(i)); added == had {
			t.Fatalf("add of key %d, had before %v: added %v", i, had, added)
		}
		if !had {
			want[k] = int32(i)
		}
	}
	if tab.n != len(want) {
		t.Fatalf("table holds %d keys, want %d", tab.n, len(want))
	}
	for k, ref := range want {
		if got, ok := tab.get(k); !ok || got != ref {
			t.Fatalf("get(%v) = %d, %v; want %d", k, got, ok, ref)
		}
	}
	for range 1000 {
		k := key{a: r.Uint64(), b: r.Uint64() | 1}
		if _, ok := want[k]; ok {
			continue
		}
		if got, ok := tab.get(k); ok {
			t.Fatalf("get of an absent key = %d", got)
		}
	}
}

// TestNameTable: set replaces a value, add keeps the first, and each sees every value once.
func TestNameTable(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	tab, want := newNameTable(0), map[key]nameEntry{}
	for i := range 5000 {
		k := key{a: r.Uint64N(32) << 40, b: r.Uint64N(300) | 1}
		e := nameEntry{ref: int32(i), others: int32(i % 7)}
		if i%2 == 0 {
			tab.set(k, e)
			want[k] = e
		} else if _, had := want[k]; tab.add(k, e) == had {
			t.Fatalf("add of key %d, had before %v", i, had)
		} else if !had {
			want[k] = e
		}
	}
	if _, ok := tab.get(key{}); ok || tab.add(key{}, nameEntry{ref: 1}) {
		t.Fatal("the zero key, an empty slot's, is found or added")
	}
	if tab.set(key{}, nameEntry{ref: 1}); tab.n != len(want) {
		t.Fatal("the zero key is set")
	}
	seen := map[nameEntry]int{}
	tab.each(func(e nameEntry) { seen[e]++ })
	if len(seen) != len(want) || tab.n != len(want) {
		t.Fatalf("each saw %d values, the table holds %d; want %d", len(seen), tab.n, len(want))
	}
	for k, e := range want {
		if got, ok := tab.get(k); !ok || got != e || seen[e] != 1 {
			t.Fatalf("get(%v) = %v, %v (seen %d); want %v", k, got, ok, seen[e], e)
		}
	}
}
