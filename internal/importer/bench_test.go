package importer_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/regulars/regulars/internal/importer"
)

// writeBig writes a Russian-style CSV of n order rows, about 120 bytes each.
func writeBig(tb testing.TB, n int) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), "big.csv")
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "Дата,Клиент,Email,Телефон,Услуга,Сумма,Статус")
	statuses := []string{"Оплачено", "В работе", "Оплачено", "Отменён"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "%02d.%02d.20%02d,Клиент %d,client%d@example.ru,+7 903 %03d-%02d-%02d,Услуга %d,\"%d %03d,%02d ₽\",%s\n",
			1+i%28, 1+i%12, 10+i%16, i%5000, i%5000, i%1000, i%100, i%97, i%20, 1+i%90, i%1000, i%100, statuses[i%4])
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return p
}

// BenchmarkEach1M reads a 1,000,000-row CSV: one Layout pass and one Each pass per iteration.
func BenchmarkEach1M(b *testing.B) {
	const n = 1_000_000
	p := writeBig(b, n)
	fi, _ := os.Stat(p)
	b.SetBytes(fi.Size())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := importer.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		l, err := s.Layout(importer.Options{})
		if err != nil {
			b.Fatal(err)
		}
		rows := 0
		err = l.Each(func(r *importer.Row, bad *importer.RowError, _ *importer.Ignored) error {
			if bad != nil {
				return fmt.Errorf("bad row %+v", bad)
			}
			rows++
			return nil
		})
		if err != nil || rows != n {
			b.Fatalf("rows=%d err=%v", rows, err)
		}
		s.Close()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
