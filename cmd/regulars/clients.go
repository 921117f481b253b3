package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/regulars/regulars"
)

type clientsCmd struct {
	formatFlag
	Query  string `short:"q" help:"Only clients whose name, company, email or phone contains this."`
	Tag    string `help:"Only clients with this tag."`
	Limit  int    `help:"Show at most this many (0: all)."`
	Offset int    `help:"Skip this many."`
}

var clientColumns = []column[regulars.ClientSummary]{
	{"id", "ID", func(c regulars.ClientSummary) string { return itoa(c.ID) }},
	{"name", "NAME", func(c regulars.ClientSummary) string { return c.Name }},
	{"company", "COMPANY", func(c regulars.ClientSummary) string { return c.Company }},
	{"email", "EMAIL", func(c regulars.ClientSummary) string { return c.Email }},
	{"phone", "PHONE", func(c regulars.ClientSummary) string { return c.Phone }},
	{"orders", "ORDERS", func(c regulars.ClientSummary) string { return fmt.Sprint(c.Stats.Orders) }},
	{"revenue", "REVENUE", func(c regulars.ClientSummary) string { return money(c.Stats.Revenue) }},
	{"first_order", "FIRST", func(c regulars.ClientSummary) string { return c.Stats.FirstOrder.String() }},
	{"last_order", "LAST", func(c regulars.ClientSummary) string { return c.Stats.LastOrder.String() }},
	{"tags", "TAGS", func(c regulars.ClientSummary) string { return strings.Join(c.Tags, ",") }},
}

func (c *clientsCmd) Run(ctx context.Context, a *app) error {
	if err := a.open(ctx); err != nil {
		return err
	}
	f := regulars.ClientFilter{Limit: c.Limit, Offset: c.Offset}
	if c.Query != "" {
		f.Query = &c.Query
	}
	if c.Tag != "" {
		f.Tag = &c.Tag
	}
	items, _, err := a.svc.Clients.FindClientSummaries(ctx, f)
	if err != nil {
		return err
	}
	return writeList(a.stdout, c.Format, items, clientColumns)
}

type ordersCmd struct {
	formatFlag
	Client int64  `help:"Only the orders of this client (ID)."`
	Status string `help:"Only orders with this status."`
	From   string `help:"Only orders placed on or after this day (YYYY-MM-DD)."`
	To     string `help:"Only orders placed on or before this day (YYYY-MM-DD)."`
	Limit  int    `help:"Show at most this many (0: all)."`
	Offset int    `help:"Skip this many."`
}

var orderColumns = []column[*regulars.Order]{
	{"id", "ID", func(o *regulars.Order) string { return itoa(o.ID) }},
	{"client_id", "CLIENT", func(o *regulars.Order) string { return itoa(o.ClientID) }},
	{"service", "SERVICE", func(o *regulars.Order) string { return o.Service }},
	{"title", "TITLE", func(o *regulars.Order) string { return o.Title }},
	{"amount", "AMOUNT", func(o *regulars.Order) string { return o.Amount.Major() }},
	{"currency", "CUR", func(o *regulars.Order) string { return o.Amount.Currency }},
	{"ordered_on", "ORDERED", func(o *regulars.Order) string { return o.OrderedOn.String() }},
	{"due_on", "DUE", func(o *regulars.Order) string { return o.DueOn.String() }},
	{"delivered_on", "DELIVERED", func(o *regulars.Order) string { return o.DeliveredOn.String() }},
	{"status", "STATUS", func(o *regulars.Order) string { return o.Status }},
}

func (c *ordersCmd) Run(ctx context.Context, a *app) error {
	f := regulars.OrderFilter{Limit: c.Limit, Offset: c.Offset}
	if c.Client != 0 {
		f.ClientID = &c.Client
	}
	if c.Status != "" {
		f.Status = &c.Status
	}
	var err error
	if f.From, err = optDate(c.From, "from"); err != nil {
		return err
	}
	if f.To, err = optDate(c.To, "to"); err != nil {
		return err
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	items, _, err := a.svc.Orders.FindOrders(ctx, f)
	if err != nil {
		return err
	}
	return writeList(a.stdout, c.Format, items, orderColumns)
}

type servicesCmd struct {
	formatFlag
}

var serviceColumns = []column[*regulars.Service]{
	{"id", "ID", func(s *regulars.Service) string { return itoa(s.ID) }},
	{"name", "NAME", func(s *regulars.Service) string { return s.Name }},
	{"category", "CATEGORY", func(s *regulars.Service) string { return s.Category }},
	{"price", "PRICE", func(s *regulars.Service) string { return s.Price.Major() }},
	{"currency", "CUR", func(s *regulars.Service) string { return s.Price.Currency }},
	{"industries", "INDUSTRIES", func(s *regulars.Service) string { return strings.Join(s.Industries, ",") }},
}

func (c *servicesCmd) Run(ctx context.Context, a *app) error {
	if err := a.open(ctx); err != nil {
		return err
	}
	items, _, err := a.svc.Catalog.FindServices(ctx, regulars.ServiceFilter{})
	if err != nil {
		return err
	}
	return writeList(a.stdout, c.Format, items, serviceColumns)
}

// optDate parses an optional YYYY-MM-DD flag value, naming the flag in the error.
func optDate(s, flag string) (*regulars.Date, error) {
	if s == "" {
		return nil, nil
	}
	d, err := regulars.ParseDate(s)
	if err != nil {
		return nil, regulars.Errorf(regulars.EINVALID, "--%s: %s", flag, regulars.ErrorMessage(err))
	}
	return &d, nil
}
