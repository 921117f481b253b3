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
