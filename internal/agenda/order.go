package agenda

import (
	"github.com/regulars/regulars"
)

// Order is an order as the agenda reads it: what it uses of a regulars.Order, kept by value
// (a million orders: about 100 MB less than the full orders, and no pointer each).
type Order struct {
	ID, ClientID, ServiceID       int64
	Service, Title, Status        string
	OrderedOn, DueOn, DeliveredOn regulars.Date
}

// OrderOf returns the agenda's view of o.
func OrderOf(o *regulars.Order) Order {
	return Order{ID: o.ID, ClientID: o.ClientID, ServiceID: o.ServiceID, Service: o.Service, Title: o.Title, Status: o.Status,
		OrderedOn: o.OrderedOn, DueOn: o.DueOn, DeliveredOn: o.DeliveredOn}
}

// Counts reports whether the order counts towards revenue (see regulars.CountsStatus).
func (o *Order) Counts() bool { return regulars.CountsStatus(o.Status) }
