package regulars

import (
	"context"
	"time"
)

// Order statuses.
const (
	StatusPlanned    = "planned"
	StatusInProgress = "in_progress"
	StatusDelivered  = "delivered"
	StatusPaid       = "paid"
	StatusUnpaid     = "unpaid"
	StatusCancelled  = "cancelled"
	StatusRefunded   = "refunded"
)

// OrderStatuses lists every status, in the order of an order's life.
var OrderStatuses = []string{StatusPlanned, StatusInProgress, StatusDelivered, StatusPaid, StatusUnpaid, StatusCancelled, StatusRefunded}

// Order is one piece of work or one purchase by a client.
type Order struct {
	ID        int64  `json:"id"`
	ClientID  int64  `json:"client_id"`
	ServiceID int64  `json:"service_id,omitempty"` // 0 when the service is not in the catalog
	Service   string `json:"service"`              // the service's name as written
	Title     string `json:"title"`
	Amount    Money  `json:"-"`
	// Refunded is the part of Amount, in its currency, that refunds took back when they took
	// less than all of it (a partial refund, see the importer's refund rows): the order still
	// counts, and its revenue is the rest. 0 for most orders, and for a refunded one, whose
	// status says so. JSON "refunded", in major units.
	Refunded    int64  `json:"-"`
	OrderedOn   Date   `json:"ordered_on"`
	DueOn       Date   `json:"due_on"`
	DeliveredOn Date   `json:"delivered_on"`
	Status      string `json:"status"`

	// ImportKey identifies the sheet row an imported order came from, so that importing the
	// same sheet again adds only new rows. 0 for orders entered by hand.
	ImportKey int64 `json:"-"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Counts reports whether the order counts towards revenue and order counts: every order
// that is not cancelled or refunded.
func (o *Order) Counts() bool { return CountsStatus(o.Status) }

// Revenue is what the order brought in: its amount less the part refunded (see Refunded). An
// order that does not count (see Counts) brings nothing, which its caller checks.
func (o *Order) Revenue() Money {
	return Money{Minor: o.Amount.Minor - o.Refunded, Currency: o.Amount.Currency}
}

// RefundedMoney is the part refunded (see Refunded), as money of the order's currency.
func (o *Order) RefundedMoney() Money { return Money{Minor: o.Refunded, Currency: o.Amount.Currency} }

// CountsStatus reports whether orders with the status count towards revenue.
func CountsStatus(status string) bool { return status != StatusCancelled && status != StatusRefunded }

// Validate returns an EINVALID error naming the first field that is wrong.
func (o *Order) Validate() error {
	o.Service = TrimSpace(o.Service)
	o.Title = TrimSpace(o.Title)
	if o.Amount.Currency == "" {
		o.Amount.Currency = DefaultCurrency
	}
	if o.Status == "" {
		o.Status = StatusPaid
	}
	switch {
	case o.ClientID == 0:
		return FieldError("client_id", "Client required.").Keyed("valid.client_required")
	case o.OrderedOn.IsZero():
		return FieldError("ordered_on", "Order date required.").Keyed("valid.order_date")
	case !ValidCurrency(o.Amount.Currency):
		return FieldError("currency", "Currency must be an ISO 4217 code such as RUB, USD or EUR.").Keyed("valid.currency")
	case o.Amount.Minor < 0:
		return FieldError("amount", "Amount must not be negative.").Keyed("valid.amount_negative")
	case o.Refunded < 0 || o.Refunded > o.Amount.Minor:
		return FieldError("refunded", "The refunded part must be from 0 to the amount.").Keyed("valid.refunded")
	case !oneOf(o.Status, OrderStatuses...):
		return FieldError("status", "Unknown order status.").Keyed("valid.order_status")
	case !o.DueOn.IsZero() && o.DueOn.Before(o.OrderedOn):
		return FieldError("due_on", "Due date is before the order date.").Keyed("valid.due_before")
	case !o.DeliveredOn.IsZero() && o.DeliveredOn.Before(o.OrderedOn):
		return FieldError("delivered_on", "Delivery date is before the order date.").Keyed("valid.delivered_before")
	}
	return checkLengths(lengthCheck{"service", o.Service, MaxLine}, lengthCheck{"title", o.Title, MaxText}) // a sheet's Описание is a title
}

// OrderFilter selects orders. Nil fields do not filter.
type OrderFilter struct {
	ID       *int64
	ClientID *int64
	Status   *string
	From, To *Date // ordered on, inclusive

	Offset int
	Limit  int
}

// OrderUpdate holds the fields to change. Nil fields are left as they are.
type OrderUpdate struct {
	ServiceID                     *int64
	Service, Title                *string
	Amount                        *Money
	OrderedOn, DueOn, DeliveredOn *Date
	Status                        *string

	// AmountMajor and Currency change the amount as the API gives it: a decimal in major
	// units, in the order's currency unless Currency changes it too. They are applied in the
	// update's transaction, against the stored order.
	AmountMajor *string
	Currency    *string
}

// Apply copies the set fields of upd into o. It returns EINVALID when AmountMajor is not an
// amount of the (new) currency.
func (upd OrderUpdate) Apply(o *Order) error {
	if err := upd.applyMajor(o); err != nil {
		return err
	}
	if upd.ServiceID != nil {
		o.ServiceID = *upd.ServiceID
	}
	if upd.Service != nil {
		o.Service = *upd.Service
	}
	if upd.Title != nil {
		o.Title = *upd.Title
	}
	if upd.Amount != nil {
		o.Amount = *upd.Amount
	}
	if upd.OrderedOn != nil {
		o.OrderedOn = *upd.OrderedOn
	}
	if upd.DueOn != nil {
		o.DueOn = *upd.DueOn
	}
	if upd.DeliveredOn != nil {
		o.DeliveredOn = *upd.DeliveredOn
	}
	if upd.Status != nil {
		if *upd.Status == "" { // a new order without one is paid; an update names the status
			return FieldError("status", "status: an order keeps a status; send the new one.").Keyed("valid.status_keep")
		}
		o.Status = *upd.Status
	}
	return nil
}

func (upd OrderUpdate) applyMajor(o *Order) error {
	if upd.AmountMajor == nil && upd.Currency == nil {
		return nil
	}
	cur, amount := o.Amount.Currency, o.Amount.Major()
	if upd.Currency != nil {
		cur = *upd.Currency
	}
	if upd.AmountMajor != nil {
		amount = *upd.AmountMajor
	}
	if !ValidCurrency(cur) {
		return FieldError("currency", "Currency must be an ISO 4217 code such as RUB, USD or EUR.").Keyed("valid.currency")
	}
	m, err := ParseMajor(amount, cur)
	if err != nil {
		return FieldErrorOf("amount", err)
	}
	o.Amount = m
	return nil
}

// OrderService manages orders.
type OrderService interface {
	FindOrderByID(ctx context.Context, id int64) (*Order, error)
	// FindOrders returns matching orders by order date then ID, and how many match in all.
	FindOrders(ctx context.Context, filter OrderFilter) ([]*Order, int, error)
	// CreateOrder validates and stores o; when o.Service names a catalog service, ServiceID is set.
	CreateOrder(ctx context.Context, o *Order) error
	UpdateOrder(ctx context.Context, id int64, upd OrderUpdate) (*Order, error)
	DeleteOrder(ctx context.Context, id int64) error
	// EachOrder calls fn for every order, by order date then ID, streaming: the agenda keeps
	// only its own view of each. The order is valid only during the call; its strings that
	// repeat (service, title, status, currency) are shared from order to order.
	EachOrder(ctx context.Context, fn func(*Order) error) error
	// EachOrderRow calls fn for every matching order with its client's identity, by order date
	// then ID, streaming: exports of millions of orders use it. Offset and Limit are ignored.
	EachOrderRow(ctx context.Context, filter OrderFilter, fn func(*OrderRow) error) error
}

// OrderRow is an order with the identity of its client, as exports write it.
type OrderRow struct {
	Order
	ClientName, ClientCompany, ClientEmail, ClientPhone string
}

// OrderPoint is an order as the analytics needs it: who, which day, how much (minor units).
type OrderPoint struct {
	ClientID int64
	On       Date
	// Count is the number of orders the point stands for: a client's orders of one day come
	// as one point with their amounts summed. 0 means 1.
	Count  int32
	Amount int64
}

// N returns the number of orders the point stands for.
func (p OrderPoint) N() int {
	if p.Count <= 0 {
		return 1
	}
	return int(p.Count)
}

// ContactPoint is a client's last contact.
type ContactPoint struct {
	ClientID int64
	On       Date
}

// AnalyticsService reads what the analytics needs, aggregated by the database.
type AnalyticsService interface {
	// OrderPoints returns the purchases (orders neither cancelled, refunded nor planned) in
	// the currency most such orders use, sorted by client and then day, a client's orders of one day as
	// one point; and that currency (DefaultCurrency when there are none).
	OrderPoints(ctx context.Context) ([]OrderPoint, string, error)
	// LastContacts returns each client's last interaction, by client.
	LastContacts(ctx context.Context) ([]ContactPoint, error)
	// ClientNames returns every client's name by ID.
	ClientNames(ctx context.Context) (map[int64]string, error)
}
