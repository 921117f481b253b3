package agenda

import "testing"

func TestByClient(t *testing.T) {
	for _, tt := range []struct {
		name      string
		maxID     int64
		clients   int
		wantDense bool
	}{
		{"Dense", 1000, 900, true},
		{"Sparse", 1 << 40, 10, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := newByClient[int](tt.maxID, tt.clients)
			if (m.sparse == nil) != tt.wantDense {
				t.Fatalf("dense = %v, want %v", m.sparse == nil, tt.wantDense)
			}
			m.set(7, 70)
			m.set(tt.maxID, 1)
			if m.get(7) != 70 || m.get(tt.maxID) != 1 || m.get(8) != 0 || m.get(-1) != 0 {
				t.Errorf("get = %d %d %d %d, want 70 1 0 0", m.get(7), m.get(tt.maxID), m.get(8), m.get(-1))
			}
			m.set(1<<50, 5) // far beyond the table: it moves to a map and keeps what it had
			if m.get(1<<50) != 5 || m.get(7) != 70 || m.sparse == nil {
				t.Errorf("after a far ID: get = %d %d, sparse %v", m.get(1<<50), m.get(7), m.sparse != nil)
			}
		})
	}
}
