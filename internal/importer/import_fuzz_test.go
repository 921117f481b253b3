package importer

import (
	"context"
	"encoding/json"
	"fmt"
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

// fakeLoad keeps what it is given until Commit.
type fakeLoad struct {
	b       *fakeBulk
	nextID  int64
	clients []int64
	orders  int
}

func (l *fakeLoad) AddService(context.Context, *regulars.Service) error         { return nil }
func (l *fakeLoad) AddServiceLink(context.Context, *regulars.ServiceLink) error { return nil }
func (l *fakeLoad) AddClient(_ context.Context, c *regulars.Client) error {
	if err := c.Validate(); err != nil {
		l.b.problems = append(l.b.problems, "invalid client written: "+err.Error())
	}
	l.nextID++
	c.ID = 1000 + l.nextID
	l.clients = append(l.clients, c.ID)
	return nil
}
func (l *fakeLoad) Expect(int) {}
func (l *fakeLoad) AddKeyedClient(ctx context.Context, c *regulars.Client, k regulars.ClientKey) error {
	if err := l.AddClient(ctx, c); err != nil {
		return err
	}
	if want := regulars.ClientKeyOf(c); k != want {
		l.b.problems = append(l.b.problems, fmt.Sprintf("client %q written with keys %+v, want %+v", c.Name, k, want))
	}
	return nil
}
func (l *fakeLoad) AddOrder(_ context.Context, o *regulars.Order) error {
	if err := o.Validate(); err != nil || o.ClientID <= 1000 || o.ClientID > 1000+l.nextID || o.ImportKey == 0 {
		l.b.problems = append(l.b.problems, "bad order written")
	}
	l.orders++
	return nil
}
func (l *fakeLoad) UpdateOrderState(context.Context, *regulars.Order, *regulars.OrderState) error {
	return nil
}
func (l *fakeLoad) RecordRefunds(context.Context, []regulars.RefundLink) error { return nil }
func (l *fakeLoad) ClientOrders(context.Context, []int64, []regulars.Date) ([]regulars.Order, error) {
	return nil, nil
}
func (l *fakeLoad) DeletedOrders(context.Context, []int64, []regulars.Date) ([]regulars.Order, error) {
	return nil, nil
}
func (l *fakeLoad) AmendOrders(context.Context, []regulars.Amendment) error { return nil }
func (l *fakeLoad) UpdateNewOrders(context.Context, []regulars.Order) error { return nil }
func (l *fakeLoad) RestoreClients(context.Context, []int64) error           { return nil }
func (l *fakeLoad) RestoreOrders(context.Context, []int64) error            { return nil }

func (l *fakeLoad) FillClients(context.Context, []regulars.ClientFill) ([]int64, error) {
	return nil, nil
}
func (l *fakeLoad) AddInteraction(context.Context, *regulars.Interaction) error     { return nil }
func (l *fakeLoad) AddImportantDate(context.Context, *regulars.ImportantDate) error { return nil }
func (l *fakeLoad) AddPlan(context.Context, *regulars.Plan) error                   { return nil }
func (l *fakeLoad) AddEvent(context.Context, *regulars.Event) error                 { return nil }
func (l *fakeLoad) ImportIndex(context.Context) (*regulars.ImportIndex, error)      { return &l.b.idx, nil }
func (l *fakeLoad) Commit() error {
	l.b.commits++
	for _, id := range l.clients {
		l.b.clients[id] = true
	}
	l.b.orders += l.orders
	return nil
}
func (l *fakeLoad) Rollback() error { return nil }

// fakeCatalog knows one service.
type fakeCatalog struct{ regulars.CatalogService }

func (fakeCatalog) FindServices(context.Context, regulars.ServiceFilter) ([]*regulars.Service, int, error) {
	return []*regulars.Service{{ID: 1, Name: "Логотип"}}, 1, nil
}

// FuzzImport runs whole imports of arbitrary CSV bytes against an in-memory store: no input
// may panic, a failed import writes nothing, a good one writes only valid orders of known
// clients, and the report adds up. The same import with its layout decided from the first
// few rows (and confirmed by the write pass) must give the same report and write the same.
func FuzzImport(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/sheets/*.csv")
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, false)
		}
	}
	f.Add([]byte("Клиент,Email,Телефон,Дата,Сумма\nА,a@x.ru,,01.01.2026,1\nБ,,8 903 000 00 00,01.01.2026,2\nА,,+7 903 000 00 00,02.01.2026,3\n"), true)
	// Sheets whose later rows decide otherwise than their first: the date order, the decimal
	// separator, a due date column empty at first, a column without a header.
	f.Add([]byte("Клиент,Дата,Сумма\nА,13/04/2026,1\nБ,04/14/2026,2\nВ,04/15/2026,3\n"), true)
	f.Add([]byte("Клиент,Дата,Сумма\nА,03/04/2026,1\nБ,05/04/2026,2\nВ,25/04/2026,3\n"), false)
	f.Add([]byte("Клиент,Дата,Сумма\nА,01.02.2026,\"1,5\"\nБ,01.02.2026,1.250\nВ,01.02.2026,2.500\n"), false)
	f.Add([]byte("Клиент,Дата,Сумма,Срок\nА,01.02.2026,1,\nБ,01.02.2026,2,\nВ,01.02.2026,3,05.02.2026\nГ,01.02.2026,4,x\n"), true)
	f.Add([]byte("Клиент,Дата,Сумма,Оплата\nА,01.02.2026,1\nБ,01.02.2026,2\nВ,01.02.2026,3,да,лишнее\n"), false)
	f.Add([]byte("Клиент,Дата,Сумма,Статус\nА,01.02.2026,500,Оплачено\nА,02.02.2026,-500,Возврат\nБ,01.02.2026,300,Оплачено\nБ,02.02.2026,-100,Возврат\n"), false)
	f.Add([]byte("Клиент,Дата,Тип операции,Статус,Сумма\nА,01.02.2026,Оплата,Успешно,500\nА,02.02.2026,Возврат,,500\nБ,01.02.2026,Возврат,Отклонён,-300\nБ,03.02.2026,refund,,x\n"), false)
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
		for prefix := 1; prefix <= 3; prefix++ {
			comparePrefixImport(t, s, skipBad, prefix, b, rep, err)
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
		if rep.Rows != rep.OrdersCreated+rep.OrdersExisting+rep.OrdersUpdated+rep.RefundRows+rep.SkippedCount || rep.SkippedCount != len(rep.Skipped) {
			t.Fatalf("rows do not add up: %+v", rep)
		}
	})
}

// comparePrefixImport imports s again with its layout decided from its first prefix rows and
// fails unless the outcome equals want, the import decided from the whole sheet.
func comparePrefixImport(t *testing.T, s *Sheet, skipBad bool, prefix int, want *fakeBulk, wantRep *Report, wantErr error) {
	t.Helper()
	b := &fakeBulk{clients: map[int64]bool{}, idx: regulars.ImportIndex{Orders: map[int64]regulars.OrderState{}}}
	rep, err := Import(context.Background(), b, fakeCatalog{}, []*Sheet{s}, ImportOptions{SkipBad: skipBad, layoutPrefix: prefix})
	if fmt.Sprint(err) != fmt.Sprint(wantErr) {
		t.Fatalf("prefix %d: error %v, from the whole sheet %v", prefix, err, wantErr)
	}
	got, _ := json.Marshal(rep)
	exp, _ := json.Marshal(wantRep)
	if string(got) != string(exp) {
		t.Fatalf("prefix %d: report\n%s\nfrom the whole sheet\n%s", prefix, got, exp)
	}
	if b.commits != want.commits || b.orders != want.orders || len(b.clients) != len(want.clients) {
		t.Fatalf("prefix %d: wrote %d orders and %d clients in %d commits; from the whole sheet %d, %d, %d",
			prefix, b.orders, len(b.clients), b.commits, want.orders, len(want.clients), want.commits)
	}
}
