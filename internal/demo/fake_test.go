package demo_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/regulars/regulars"
)

var errUnused = errors.New("not used by the generator")

// catalog records the services and links a loader is given.
type catalog struct {
	services []*regulars.Service
	links    []*regulars.ServiceLink
}

func (c *catalog) AddService(ctx context.Context, s *regulars.Service) error {
	s.ID = int64(len(c.services) + 1)
	c.services = append(c.services, s)
	return nil
}

func (c *catalog) AddServiceLink(ctx context.Context, l *regulars.ServiceLink) error {
	l.ID = int64(len(c.links) + 1)
	c.links = append(c.links, l)
	return nil
}

// loader is an in-memory Loader that keeps every record and checks the streaming contract:
// each record is valid and belongs to the client added last.
type loader struct {
	catalog
	keep bool // keep the records; else only count them

	clients      []*regulars.Client
	orders       []*regulars.Order
	interactions []*regulars.Interaction
	dates        []*regulars.ImportantDate
	plans        []*regulars.Plan
	events       []*regulars.Event

	lastID   int64
	problems []string
	failAt   int // return an error on the failAt-th AddOrder; 0 never
	nOrders  int
}

var _ regulars.Loader = (*loader)(nil)

func (l *loader) problem(format string, args ...any) {
	if len(l.problems) < 20 {
		l.problems = append(l.problems, fmt.Sprintf(format, args...))
	}
}

// check validates rec and checks that it belongs to the current client.
func (l *loader) check(kind string, clientID int64, rec interface{ Validate() error }) {
	if err := rec.Validate(); err != nil {
		l.problem("%s of client %d: %v", kind, clientID, err)
	}
	if clientID != l.lastID || clientID == 0 {
		l.problem("%s has client %d, want the current client %d", kind, clientID, l.lastID)
	}
}

func (l *loader) Expect(int) {}

func (l *loader) AddKeyedClient(ctx context.Context, c *regulars.Client, _ regulars.ClientKey) error {
	return l.AddClient(ctx, c)
}

func (l *loader) AddClient(ctx context.Context, c *regulars.Client) error {
	l.lastID++
	c.ID = l.lastID
	if err := c.Validate(); err != nil {
		l.problem("client %d: %v", c.ID, err)
	}
	if l.keep {
		l.clients = append(l.clients, c)
	}
	return nil
}

func (l *loader) AddOrder(ctx context.Context, o *regulars.Order) error {
	l.nOrders++
	if l.failAt > 0 && l.nOrders == l.failAt {
		return errors.New("disk full")
	}
	l.check("order", o.ClientID, o)
	o.ID = int64(l.nOrders)
	if l.keep {
		l.orders = append(l.orders, o)
	}
	return nil
}

func (l *loader) UpdateOrderState(context.Context, *regulars.Order, *regulars.OrderState) error {
	return errUnused
}
func (l *loader) RecordRefunds(context.Context, []regulars.RefundLink) error { return errUnused }
func (l *loader) ClientOrders(context.Context, []int64, []regulars.Date) ([]regulars.Order, error) {
	return nil, errUnused
}
func (l *loader) DeletedOrders(context.Context, []int64, []regulars.Date) ([]regulars.Order, error) {
	return nil, errUnused
}
func (l *loader) AmendOrders(context.Context, []regulars.Amendment) error { return errUnused }
func (l *loader) UpdateNewOrders(context.Context, []regulars.Order) error { return errUnused }
func (l *loader) RestoreClients(context.Context, []int64) error           { return nil }
func (l *loader) RestoreOrders(context.Context, []int64) error            { return nil }

func (l *loader) FillClients(context.Context, []regulars.ClientFill) ([]int64, error) {
	return nil, errUnused
}

func (l *loader) AddInteraction(ctx context.Context, i *regulars.Interaction) error {
	l.check("interaction", i.ClientID, i)
	if l.keep {
		l.interactions = append(l.interactions, i)
	}
	return nil
}

func (l *loader) AddImportantDate(ctx context.Context, d *regulars.ImportantDate) error {
	l.check("date", d.ClientID, d)
	if l.keep {
		l.dates = append(l.dates, d)
	}
	return nil
}

func (l *loader) AddPlan(ctx context.Context, p *regulars.Plan) error {
	l.check("plan", p.ClientID, p)
	if l.keep {
		l.plans = append(l.plans, p)
	}
	return nil
}

func (l *loader) AddEvent(ctx context.Context, e *regulars.Event) error {
	l.check("event", e.ClientID, e)
	if l.keep {
		l.events = append(l.events, e)
	}
	return nil
}

func (l *loader) ImportIndex(ctx context.Context) (*regulars.ImportIndex, error) {
	return nil, errUnused
}
func (l *loader) Commit() error   { return errUnused }
func (l *loader) Rollback() error { return errUnused }

// discard is a Loader that assigns client IDs and drops everything, for benchmarks.
type discard struct {
	catalog
	lastID int64
	every  int    // call sample every that many clients; 0 never
	sample func() // called with the generator running
}

func (d *discard) Expect(int) {}

func (d *discard) AddKeyedClient(ctx context.Context, c *regulars.Client, _ regulars.ClientKey) error {
	return d.AddClient(ctx, c)
}

func (d *discard) AddClient(ctx context.Context, c *regulars.Client) error {
	d.lastID++
	c.ID = d.lastID
	if d.every > 0 && d.lastID%int64(d.every) == 0 {
		d.sample()
	}
	return nil
}
func (d *discard) AddOrder(ctx context.Context, o *regulars.Order) error { return nil }
func (d *discard) UpdateOrderState(context.Context, *regulars.Order, *regulars.OrderState) error {
	return nil
}
func (d *discard) RecordRefunds(context.Context, []regulars.RefundLink) error { return nil }
func (d *discard) ClientOrders(context.Context, []int64, []regulars.Date) ([]regulars.Order, error) {
	return nil, nil
}
func (d *discard) DeletedOrders(context.Context, []int64, []regulars.Date) ([]regulars.Order, error) {
	return nil, nil
}
func (d *discard) AmendOrders(context.Context, []regulars.Amendment) error { return nil }
func (d *discard) UpdateNewOrders(context.Context, []regulars.Order) error { return nil }
func (d *discard) RestoreClients(context.Context, []int64) error           { return nil }
func (d *discard) RestoreOrders(context.Context, []int64) error            { return nil }

func (d *discard) FillClients(context.Context, []regulars.ClientFill) ([]int64, error) {
	return nil, nil
}
func (d *discard) AddInteraction(ctx context.Context, i *regulars.Interaction) error     { return nil }
func (d *discard) AddImportantDate(ctx context.Context, x *regulars.ImportantDate) error { return nil }
func (d *discard) AddPlan(ctx context.Context, p *regulars.Plan) error                   { return nil }
func (d *discard) AddEvent(ctx context.Context, e *regulars.Event) error                 { return nil }
func (d *discard) ImportIndex(ctx context.Context) (*regulars.ImportIndex, error)        { return nil, nil }
func (d *discard) Commit() error                                                         { return nil }
func (d *discard) Rollback() error                                                       { return nil }
