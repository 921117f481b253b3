package importer

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/regulars/regulars"
)

// fakeBulk is an in-memory BulkService: it assigns IDs and counts what is written, and checks
// that every order refers to a client it was given.
type fakeBulk struct {
	idx      regulars.ImportIndex
	clients  map[int64]bool
	orders   int
	commits  int
	problems []string
}

func (b *fakeBulk) BeginLoad(ctx context.Context) (regulars.Loader, error) {
	return &fakeLoad{b: b}, nil
}

type fakeLoad struct {
	b      *fakeBulk
	nextID int64
}

func (l *fakeLoad) AddService(context.Context, *regulars.Service) error         { return nil }
func (l *fakeLoad) AddServiceLink(context.Context, *regulars.ServiceLink) error { return nil }
func (l *fakeLoad) AddClient(_ context.Context, c *regulars.Client) error {
	if err := c.Validate(); err != nil {
		l.b.problems = append(l.b.problems, "invalid client written: "+err.Error())
	}
	l.nextID++
	c.ID = 1000 + l.nextID
	l.b.clients[c.ID] = true
	return nil
}
func (l *fakeLoad) AddOrder(_ context.Context, o *regulars.Order) error {
	if err := o.Validate(); err != nil || !l.b.clients[o.ClientID] || o.ImportKey == 0 {
		l.b.problems = append(l.b.problems, "bad order written")
	}
	l.b.orders++
	return nil
}
func (l *fakeLoad) UpdateOrderState(context.Context, *regulars.Order) error         { return nil }
func (l *fakeLoad) AddInteraction(context.Context, *regulars.Interaction) error     { return nil }
func (l *fakeLoad) AddImportantDate(context.Context, *regulars.ImportantDate) error { return nil }
func (l *fakeLoad) AddPlan(context.Context, *regulars.Plan) error                   { return nil }
func (l *fakeLoad) AddEvent(context.Context, *regulars.Event) error                 { return nil }
func (l *fakeLoad) ImportIndex(context.Context) (*regulars.ImportIndex, error)      { return &l.b.idx, nil }
func (l *fakeLoad) Commit() error                                                   { l.b.commits++; return nil }
func (l *fakeLoad) Rollback() error                                                 { return nil }

// fakeCatalog knows one service.
type fakeCatalog struct{ regulars.CatalogService }

func (fakeCatalog) FindServices(context.Context, regulars.ServiceFilter) ([]*regulars.Service, int, error) {
	return []*regulars.Service{{ID: 1, Name: "Логотип"}}, 1, nil
}

// FuzzImport runs whole imports of arbitrary CSV bytes against an in-memory store: no input
// may panic, a failed import writes nothing, a good one writes only valid orders of known
// clients, and the report adds up.
func FuzzImport(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/sheets/*.csv")
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, false)
		}
	}
	f.Add([]byte("Клиент,Email,Телефон,Дата,Сумма\nА,a@x.ru,,01.01.2026,1\nБ,,8 903 000 00 00,01.01.2026,2\nА,,+7 903 000 00 00,02.01.2026,3\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, skipBad bool) {
		s, err := OpenBytes("f.csv", data)
		if err != nil {
			return
		}
		b := &fakeBulk{clients: map[int64]bool{}, idx: regulars.ImportIndex{Orders: map[int64]regulars.OrderState{}}}
		rep, err := Import(context.Background(), b, fakeCatalog{}, []*Sheet{s}, ImportOptions{SkipBad: skipBad})
		for _, p := range b.problems {
			t.Fatal(p)
		}
		if err != nil {
			if b.commits != 0 {
				t.Fatalf("a failed import committed: %v", err)
			}
			return
		}
		if b.commits != 1 || rep.OrdersCreated != b.orders || rep.ClientsCreated != len(b.clients) {
			t.Fatalf("report %+v, wrote %d orders and %d clients in %d commits", rep, b.orders, len(b.clients), b.commits)
		}
		if rep.Rows != rep.OrdersCreated+rep.OrdersExisting+rep.OrdersUpdated+len(rep.Skipped) {
			t.Fatalf("rows do not add up: %+v", rep)
		}
	})
}
