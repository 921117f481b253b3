package regulars

import "context"

// Loader writes many records in one transaction, as fast as the engine allows: the sheet
// import and the demo generator use it. Nothing is visible to others until Commit; Rollback
// (or a failed Commit) leaves the database as it was. Records are validated by the caller.
type Loader interface {
	// AddService stores s in the catalog and fills its ID.
	AddService(ctx context.Context, s *Service) error
	// AddServiceLink stores l and fills its ID.
	AddServiceLink(ctx context.Context, l *ServiceLink) error
	// AddClient stores c and fills its ID; later calls may refer to that ID.
	AddClient(ctx context.Context, c *Client) error
	// AddKeyedClient is AddClient for a caller that has worked out c's keys already, as
	// ClientKeyOf does (an import has them from matching its rows); ID and Label are unused.
	AddKeyedClient(ctx context.Context, c *Client, k ClientKey) error
	// AddOrder stores o and fills its ID, unless the engine defers the write to Commit, in
	// which case ID stays 0. It does not keep o: the caller may reuse it.
	AddOrder(ctx context.Context, o *Order) error
	// UpdateOrderState sets the status and the due and delivered dates of the order o.ID. With
	// sheet, it records too the state its sheet gives the order (see ImportIndex.Edited): none
	// when that is o's own, else sheet; without, it leaves the recorded sheet state as it is.
	UpdateOrderState(ctx context.Context, o *Order, sheet *OrderState) error
	// RecordRefunds records, for each link, that a refund row of a sheet refunded an order,
	// and marks refunded the orders of the links that this load added (those named by their
	// import key).
	RecordRefunds(ctx context.Context, links []RefundLink) error
	// UpdateNewOrders sets the status and the due and delivered dates of orders this load
	// added, each named by its import key (a later file of the import says other of them).
	UpdateNewOrders(ctx context.Context, orders []Order) error
	// ClientOrders returns the orders of the clients, as the transaction sees them: those
	// stored before the load, and those the load wrote so far (not necessarily all it added).
	// With days (as many as clientIDs), only the orders of client i placed on day i.
	ClientOrders(ctx context.Context, clientIDs []int64, days []Date) ([]Order, error)
	// DeletedOrders returns the orders deleted in Regulars of client i placed on day i, as
	// their tombstones keep them: client, day, amount, service and title, as ImportKey the key
	// of the row that stays deleted, and as ID the order's (negative for keys kept before IDs
	// were). One order comes once for each key it had, those of other days too: those of one
	// ID are one order's.
	DeletedOrders(ctx context.Context, clientIDs []int64, days []Date) ([]Order, error)
	// AmendOrders gives each amendment's stored order the amount, currency, status (unless
	// KeepStatus), dates and import key of the order this load added with its import key, and
	// removes that one; of a Deleted amendment, it removes that one and keeps its key as a
	// deleted order's.
	AmendOrders(ctx context.Context, amendments []Amendment) error
	// FillClients gives each client of fills what its fill has that the client has none of:
	// the email and the phone (with their keys and its search text), the messenger, industry,
	// source and notes, and the tags it lacks; what a client has it keeps. Of those, it
	// records what a sheet gave the client, and gives none a sheet gave it before: a value
	// the user cleared in Regulars is not filled again by the sheet that has it still. It
	// returns the IDs of the clients it changed.
	FillClients(ctx context.Context, fills []ClientFill) ([]int64, error)
	// RestoreClients forgets the keys kept of the deleted clients ids (see
	// ImportIndex.DeletedClients): an import restored them, and the clients it made of their
	// rows are theirs now.
	RestoreClients(ctx context.Context, ids []int64) error
	// RestoreOrders forgets the keys kept of the deleted orders that an import restored, by
	// the keys of their rows, and every other key kept of each (see DeletedOrders): none of
	// them is taken for a deleted order's again.
	RestoreOrders(ctx context.Context, keys []int64) error
	AddInteraction(ctx context.Context, i *Interaction) error
	AddImportantDate(ctx context.Context, d *ImportantDate) error
	AddPlan(ctx context.Context, p *Plan) error
	AddEvent(ctx context.Context, e *Event) error
	// Expect tells the loader that the load will add about records records in all, before
	// the first: a big one can then prepare for it from its first write.
	Expect(records int)
	// ImportIndex returns the keys of every client and of every imported order, as the
	// transaction sees them: an import reads it before its first write.
	ImportIndex(ctx context.Context) (*ImportIndex, error)
	Commit() error
	Rollback() error
}

// ClientKeyOf returns the keys of c: its email, phone and name key, normalised.
func ClientKeyOf(c *Client) ClientKey {
	return ClientKey{Email: NormalizeEmail(c.Email), Phone: NormalizePhone(c.Phone),
		Name: ClientNameKey(c.Name, c.Company, c.Email, c.Phone)}
}

// ClientKey is what the import knows of an existing client to match sheet rows against it.
type ClientKey struct {
	ID    int64
	Email string // NormalizeEmail
	Phone string // NormalizePhone
	Name  string // NormalizeName of the name, "|", NormalizeName of the company
	Label string // the client's name as stored, for messages
}

// OrderState is what the import knows of an existing imported order.
type OrderState struct {
	ID          int64
	Status      string
	DueOn       Date
	DeliveredOn Date
}

// ImportIndex is what an import needs to know of the database before it reads a sheet.
type ImportIndex struct {
	Clients []ClientKey
	Orders  map[int64]OrderState // by Order.ImportKey
	Refunds map[int64]int64      // the ID of the order each refund row refunded, by the row's import key
	// PartialRefunds is the refund rows of Refunds that refunded part of their order (see
	// RefundLink.Partial), by import key.
	PartialRefunds map[int64]bool
	// Edited is, by order ID, the state its sheet gave an imported order whose status or
	// dates were then changed in Regulars: a re-import keeps those changes where the sheet
	// still says what it said (see OrderState.Merge).
	Edited map[int64]OrderState
	// Keyless is the keys in Orders of the orders no import made (entered in Regulars: by
	// hand, the API, the web), and of the refund rows kept as orders of their own: each is
	// there under the key its row in an export of Regulars would have (see KeylessKey), and
	// the row that finds one gives it that key if it has none. An export re-imported is then
	// the orders it lists, not a copy of each.
	Keyless map[int64]bool
	// Deleted is the import keys of the orders deleted in Regulars: a row of one of them is
	// not imported again.
	Deleted map[int64]bool
	// DeletedClients is the keys of the clients deleted in Regulars (ID, Email, Phone, Name,
	// and Label, the name they had), one key each: a row that would match one of them, and no
	// living client, is left out rather than make the client again.
	DeletedClients []ClientKey
	// Aliases is the emails and phones clients keep as keys beside another client that has them
	// as its own (one key each, ID the keeper's): a sheet corrected the keeper's, and the import
	// made a client of the corrected one's new order first. A row found by such a key whose
	// order is the keeper's is the keeper's.
	Aliases []ClientKey
	// Former is the keys in Orders that orders had before an edit (see the store's
	// order_keys): a row found by one is that order only where no order of its client is what
	// the row says now (see the importer's writer.row).
	Former map[int64]bool
}

// KeylessKey returns the key, in idx.Orders, of o, a stored order without an import key: the
// first occurrence of its content (see SheetHash) that no imported order has and no deleted one
// had (the rows of a sheet keep their places when one is deleted). It adds o there with its
// state. Orders without a key are given theirs in the order they were stored, before the keys
// orders had before an edit are added: those give way to them.
func (idx *ImportIndex) KeylessKey(o *Order) int64 {
	h := SheetHash(o)
	for n := 1; ; n++ {
		k := OrderKey(h, n)
		if _, taken := idx.Orders[k]; !taken && !idx.Deleted[k] {
			idx.Orders[k] = OrderState{ID: o.ID, Status: o.Status, DueOn: o.DueOn, DeliveredOn: o.DeliveredOn}
			idx.Keyless[k] = true
			return k
		}
	}
}

// Merge returns the state an import gives a stored order of state s, edited in Regulars
// since its sheet said base, when its sheet now says sheet: of each of the status, the due
// day and the delivered day, the sheet's where the sheet changed it since base, else s's.
// (The stored state of an order not edited since is the sheet's: it takes sheet.)
func (s OrderState) Merge(base, sheet OrderState) OrderState {
	m := s
	if sheet.Status != base.Status {
		m.Status = sheet.Status
	}
	if sheet.DueOn != base.DueOn {
		m.DueOn = sheet.DueOn
	}
	if sheet.DeliveredOn != base.DeliveredOn {
		m.DeliveredOn = sheet.DeliveredOn
	}
	return m
}

// Amendment is a stored order and the order of a load, by its import key, that replaces it;
// with KeepStatus the stored order keeps its status. With Deleted, the load's order is the row
// of the order deleted in Regulars OrderID (as Loader.DeletedOrders gives it) that its sheet
// corrected: it is removed, and its key kept as one of that deleted order's, so that it stays
// deleted. With RefundRow too, ImportKey is a refund row's of a deleted order (OrderID when the
// import knows it, else 0), not an order of the load: it is kept, as DeleteOrder keeps the keys
// of the refund rows that refunded an order, so that the row refunds no other order.
type Amendment struct {
	OrderID    int64
	ImportKey  int64
	KeepStatus bool
	Deleted    bool
	RefundRow  bool
}

// ClientFill is what a sheet's rows wrote of a client that may have none of it: an email or a
// phone (a row matched the client by its other key), a messenger, industry, source, notes
// (a column added to the sheet, a later row that fills a cell), tags. "" and nil for none.
type ClientFill struct {
	ClientID                           int64
	Email, Phone                       string
	Messenger, Industry, Source, Notes string
	Tags                               []string
	// NewEmail and NewPhone replace the client's own: a sheet corrected them (the row's order
	// was the client's). The old ones are kept as keys an edit replaced.
	NewEmail, NewPhone string
	// AliasEmail and AliasPhone are kept as keys of the client, which another client has as its
	// own: a sheet corrected the client's email, and the import made a client of the corrected
	// one's new order first (a sheet sorted newest first; see ImportIndex.Aliases).
	AliasEmail, AliasPhone string
	// Made says that the load made the client with these values, and that FillClients is
	// only to record them as the sheet's.
	Made bool
}

// RefundLink is a refund row of a sheet, by its import key (as an order's would be), and the
// order it refunded: a stored order by its ID, or one the load added by its import key.
// Refund is the row as its key hashes it with its client: its day, amount, service and title.
// Partial says the refund took back less than all of the order: the order keeps its status,
// and its Refunded becomes the sum of its partial refunds.
type RefundLink struct {
	RefundKey int64
	OrderID   int64
	OrderKey  int64 // when OrderID is 0
	Refund    Order
	Partial   bool
}

// BulkService loads records in bulk.
type BulkService interface {
	// BeginLoad starts a bulk load in one transaction. Loads are serialised: a second
	// BeginLoad waits until the first commits or rolls back.
	BeginLoad(ctx context.Context) (Loader, error)
}
