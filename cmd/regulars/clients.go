package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/locale"
)

type clientsCmd struct {
	formatFlag
	Query  string `short:"q" help:"Only clients whose name, company, email or phone contains this."`
	Tag    string `help:"Only clients with this tag."`
	Limit  int    `help:"Show at most this many (0: all)."`
	Offset int    `help:"Skip this many."`
}

var clientColumns = []column[regulars.ClientSummary]{
	{"id", "ID", func(c regulars.ClientSummary) string { return itoa(c.ID) }, nil, false},
	{"name", "NAME", func(c regulars.ClientSummary) string { return c.Name }, nil, false},
	{"company", "COMPANY", func(c regulars.ClientSummary) string { return c.Company }, nil, false},
	{"email", "EMAIL", func(c regulars.ClientSummary) string { return c.Email }, nil, false},
	{"phone", "PHONE", func(c regulars.ClientSummary) string { return c.Phone }, nil, false},
	{"orders", "ORDERS", func(c regulars.ClientSummary) string { return fmt.Sprint(c.Stats.Orders) }, nil, false},
	{"revenue", "REVENUE", func(c regulars.ClientSummary) string { return c.Stats.Revenue.Major() },
		func(c regulars.ClientSummary, lang string) string { return money(c.Stats.Revenue, lang) }, false},
	{"currency", "CUR", func(c regulars.ClientSummary) string { return currencyOf(c) }, nil, true},
	{"first_order", "FIRST", func(c regulars.ClientSummary) string { return c.Stats.FirstOrder.String() }, humanDate(func(c regulars.ClientSummary) regulars.Date { return c.Stats.FirstOrder }), false},
	{"last_order", "LAST", func(c regulars.ClientSummary) string { return c.Stats.LastOrder.String() }, humanDate(func(c regulars.ClientSummary) regulars.Date { return c.Stats.LastOrder }), false},
	{"last_contact", "CONTACT", func(c regulars.ClientSummary) string { return c.LastContact.String() }, humanDate(func(c regulars.ClientSummary) regulars.Date { return c.LastContact }), false},
	{"tags", "TAGS", func(c regulars.ClientSummary) string { return strings.Join(c.Tags, ",") }, nil, false},
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
	return writeList(a.stdout, c.Format, a.lang, items, clientColumns)
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
	{"id", "ID", func(o *regulars.Order) string { return itoa(o.ID) }, nil, false},
	{"client_id", "CLIENT", func(o *regulars.Order) string { return itoa(o.ClientID) }, nil, false},
	{"service", "SERVICE", func(o *regulars.Order) string { return o.Service }, nil, false},
	{"title", "TITLE", func(o *regulars.Order) string { return o.Title }, nil, false},
	{"amount", "AMOUNT", func(o *regulars.Order) string { return o.Amount.Major() }, func(o *regulars.Order, lang string) string {
		if o.Refunded > 0 { // the refunded part of a partial refund, beside the amount
			return money(o.Amount, lang) + " (" + textIn(lang, "order.refunded_part", "Amount", money(o.RefundedMoney(), lang)) + ")"
		}
		return money(o.Amount, lang)
	}, false},
	{"currency", "CUR", func(o *regulars.Order) string { return o.Amount.Currency }, nil, true},
	{"ordered_on", "ORDERED", func(o *regulars.Order) string { return o.OrderedOn.String() }, humanDate(func(o *regulars.Order) regulars.Date { return o.OrderedOn }), false},
	{"due_on", "DUE", func(o *regulars.Order) string { return o.DueOn.String() }, humanDate(func(o *regulars.Order) regulars.Date { return o.DueOn }), false},
	{"delivered_on", "DELIVERED", func(o *regulars.Order) string { return o.DeliveredOn.String() }, humanDate(func(o *regulars.Order) regulars.Date { return o.DeliveredOn }), false},
	{"status", "STATUS", func(o *regulars.Order) string { return o.Status }, statusText, false},
	{"refunded", "REFUNDED", func(o *regulars.Order) string { return o.RefundedMoney().Major() }, nil, true},
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
	return writeList(a.stdout, c.Format, a.lang, items, orderColumns)
}

type servicesCmd struct {
	formatFlag
}

var serviceColumns = []column[*regulars.Service]{
	{"id", "ID", func(s *regulars.Service) string { return itoa(s.ID) }, nil, false},
	{"name", "SERVICE", func(s *regulars.Service) string { return s.Name }, nil, false},
	{"category", "CATEGORY", func(s *regulars.Service) string { return s.Category }, nil, false},
	{"price", "PRICE", func(s *regulars.Service) string { return s.Price.Major() },
		func(s *regulars.Service, lang string) string { return money(s.Price, lang) }, false},
	{"currency", "CUR", func(s *regulars.Service) string { return s.Price.Currency }, nil, true},
	{"industries", "INDUSTRIES", func(s *regulars.Service) string { return strings.Join(s.Industries, ",") }, nil, false},
}

func (c *servicesCmd) Run(ctx context.Context, a *app) error {
	if err := a.open(ctx); err != nil {
		return err
	}
	items, _, err := a.svc.Catalog.FindServices(ctx, regulars.ServiceFilter{})
	if err != nil {
		return err
	}
	return writeList(a.stdout, c.Format, a.lang, items, serviceColumns)
}

// humanDate formats a column's date for a table in the language.
// statusText is an order's status in a table: the word of the catalogue in Russian ("Сдан"),
// the status itself in English, as scripts that read tables know it.
func statusText(o *regulars.Order, lang string) string {
	return inLang(lang, "status."+o.Status, o.Status)
}

func humanDate[T any](day func(T) regulars.Date) func(T, string) string {
	return func(it T, lang string) string { return locale.Date(day(it), lang) }
}

// currencyOf returns the currency of a client's revenue; the default one without orders.
func currencyOf(c regulars.ClientSummary) string {
	if c.Stats.Revenue.Currency == "" {
		return regulars.DefaultCurrency
	}
	return c.Stats.Revenue.Currency
}

// optDate parses an optional YYYY-MM-DD flag value, naming the flag in the error.
func optDate(s, flag string) (*regulars.Date, error) {
	if s == "" {
		return nil, nil
	}
	d, err := regulars.ParseDate(s)
	if err != nil {
		return nil, regulars.Prefixed("--"+flag, err)
	}
	return &d, nil
}
