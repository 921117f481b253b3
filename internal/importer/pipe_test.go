package importer

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/regulars/regulars"
)

// trace runs a pass and records what fn was given, row by row.
func trace(t *testing.T, each func(func(*Row, *RowError, *Ignored) error) error) []string {
	t.Helper()
	var out []string
	err := each(func(row *Row, bad *RowError, ign *Ignored) error {
		switch {
		case ign != nil:
			out = append(out, fmt.Sprintf("%d ignored %s", ign.Line, ign.Reason))
		case bad != nil:
			out = append(out, fmt.Sprintf("%d bad %s", bad.Line, bad.english()))
		default:
			out = append(out, fmt.Sprintf("%d %s %s %s %v", row.Line, row.Name, row.Amount.Major(), row.OrderedOn, row.Tags))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestEachAheadMatchesEach(t *testing.T) {
	var b strings.Builder
	b.WriteString("Клиент,Дата,Сумма,Теги\n")
	for i := 0; i < 2000; i++ {
		switch i % 97 {
		case 0:
			b.WriteString(",,,\n")
		case 1:
			fmt.Fprintf(&b, "Клиент %d,01.02.2026,плохо,\n", i)
		default:
			fmt.Fprintf(&b, "Клиент %d,%02d.01.2026,%d,\"a%d, b\"\n", i, i%28+1, i, i%3)
		}
	}
	l := mustLayout(t, "big.csv", []byte(b.String()), Options{})
	want, got := trace(t, l.Each), trace(t, func(fn func(*Row, *RowError, *Ignored) error) error { return l.EachAhead(nil, fn) })
	if len(want) != 2000 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("EachAhead gave %d rows, Each %d; first difference:\n%s", len(got), len(want), firstDiff(got, want))
	}
}

func TestEachAheadStops(t *testing.T) {
	var b strings.Builder
	b.WriteString("Клиент,Дата,Сумма\n")
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&b, "К%d,01.01.2026,1\n", i)
	}
	l := mustLayout(t, "stop.csv", []byte(b.String()), Options{})
	boom, n := errors.New("boom"), 0
	err := l.EachAhead(nil, func(*Row, *RowError, *Ignored) error {
		if n++; n == 700 {
			return boom
		}
		return nil
	})
	if err != boom || n != 700 {
		t.Fatalf("err %v after %d rows, want boom after 700", err, n)
	}
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] + "\n" + b[i]
		}
	}
	return "(one is a prefix of the other)"
}

// TestOrderKeysDoNotRunTogether: the title and the occurrence number are separated in the
// hash, so "Session" the 11th time is not "Session1" the first time.
func TestOrderKeysDoNotRunTogether(t *testing.T) {
	k := regulars.NewImportKeys(0)
	o := &regulars.Order{ClientID: 1, Title: "Session", Amount: regulars.Money{Minor: 1, Currency: "RUB"}, OrderedOn: regulars.MustParseDate("2026-01-01")}
	seen := map[int64]bool{}
	for i := 0; i < 11; i++ {
		seen[k.Key(o)] = true
	}
	o.Title = "Session1"
	if seen[k.Key(o)] {
		t.Fatal("Session×11 and Session1×1 share a key")
	}
}

// TestEachAheadPanics: a panic in fn still stops the reader.
func TestEachAheadPanics(t *testing.T) {
	var b strings.Builder
	b.WriteString("Клиент,Дата,Сумма\n")
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&b, "К%d,01.01.2026,1\n", i)
	}
	l := mustLayout(t, "panic.csv", []byte(b.String()), Options{})
	func() {
		defer func() { recover() }()
		l.EachAhead(nil, func(*Row, *RowError, *Ignored) error { panic("boom") })
	}()
	// The reader is gone: a second pass runs to the end.
	n := 0
	if err := l.EachAhead(nil, func(*Row, *RowError, *Ignored) error { n++; return nil }); err != nil || n != 5000 {
		t.Fatalf("second pass: %d rows, %v", n, err)
	}
}
