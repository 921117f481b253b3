package main

import (
	"bytes"
	"testing"

	"github.com/regulars/regulars/internal/importer"
)

// TestWriteImportJSON: the report's JSON is byte for byte what encoding/json writes, with
// the hand-written list of duplicates, for lists empty, missing and full of awkward text.
func TestWriteImportJSON(t *testing.T) {
	full := &importer.Report{Rows: 3, OrdersCreated: 2, ClientsCreated: 2, Written: true,
		Ignored: []importer.IgnoredRow{{File: "a.csv", Row: 4, Reason: "totals row (Итого)"}},
		Skipped: []importer.SkippedRow{{File: "a.csv", Row: 5, Column: "Сумма", Value: `"duplicates": null`, Error: "bad"}},
		Duplicates: []importer.Duplicate{
			{ClientIDs: []int64{1, -2, 9223372036854775807}, Names: []string{"Анна «Ёлка»", `Q"uo\te`}, Reason: "same name"},
			{ClientIDs: []int64{}, Names: nil, Reason: "ctl\x00\x1f\b\f\n\r\t<>&"},
			{ClientIDs: nil, Names: []string{}, Reason: "bad \xff utf-8, \u2028 \u2029 separators"},
		},
		Columns: []importer.FileLayout{{File: "a.csv", Columns: []importer.ColumnInfo{{Header: "Дата", Field: "ordered_on", Format: "02.01.2006", Samples: []string{"22.11.2026"}}}}},
	}
	for name, r := range map[string]*importer.Report{
		"nil":   {Rows: 1},
		"empty": {Duplicates: []importer.Duplicate{}, Ignored: []importer.IgnoredRow{}},
		"one":   {Duplicates: []importer.Duplicate{{ClientIDs: []int64{7}, Names: []string{"Ян"}, Reason: "r"}}},
		"full":  full,
	} {
		t.Run(name, func(t *testing.T) {
			checkImportJSON(t, r)
		})
	}
}

func checkImportJSON(t *testing.T, r *importer.Report) {
	t.Helper()
	var want, got bytes.Buffer
	if err := writeJSON(&want, r); err != nil {
		t.Fatal(err)
	}
	if err := writeImportJSON(&got, r); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("got\n%s\nwant\n%s", got.Bytes(), want.Bytes())
	}
}

// FuzzWriteImportJSON: any names, reason and file name come out as encoding/json writes them.
func FuzzWriteImportJSON(f *testing.F) {
	f.Add("Анна", "Anna", "same name", "a.csv", int64(5))
	f.Add("\"\\\x00\u2028", "\xff\xfe", "<&>", `"duplicates": null`, int64(-1))
	f.Fuzz(func(t *testing.T, n1, n2, reason, file string, id int64) {
		r := &importer.Report{
			Ignored:    []importer.IgnoredRow{{File: file, Row: 1, Reason: reason}},
			Duplicates: []importer.Duplicate{{ClientIDs: []int64{id, 2}, Names: []string{n1, n2}, Reason: reason}, {Names: []string{n2}}},
		}
		checkImportJSON(t, r)
	})
}

// BenchmarkWriteImportJSON: a million-order sheet's 28,957 groups of two.
func BenchmarkWriteImportJSON(b *testing.B) {
	r := &importer.Report{Rows: 999_120}
	for i := range 28_957 {
		r.Duplicates = append(r.Duplicates, importer.Duplicate{ClientIDs: []int64{int64(i), int64(i + 250_000)},
			Names: []string{"Владислав Семёнов", "Владислав Семёнов"}, Reason: "same name and company, different email or phone"})
	}
	for _, c := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"encoding/json", func(w *bytes.Buffer) error { return writeJSON(w, r) }},
		{"writeImportJSON", func(w *bytes.Buffer) error { return writeImportJSON(w, r) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			var w bytes.Buffer
			for b.Loop() {
				w.Reset()
				if err := c.write(&w); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(w.Len()))
		})
	}
}
