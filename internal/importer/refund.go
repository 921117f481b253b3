package importer

import (
	"cmp"
	"context"
	"encoding/json"
	"hash/maphash"
	"maps"
	"slices"

	"github.com/regulars/regulars"
)

// Refund rows. A sheet kept as a log of payments records a refund as a row of its own: a
// negative amount with a refund status ("Анна −500 Возврат" after "Анна 500 Оплачен"). Such a
// row is not an order. It marks refunded the order it refunds: the latest order of the same
// client, on or before the refund's date, in the same currency and of the same amount, of the
// same service when both name one, that is paid, delivered or in progress, and that no
// earlier refund row took. The orders looked at are this import's rows, as the sheet leaves
// them, and the client's stored orders that the sheet does not have (an earlier month's
// file). A refund row of no order's amount refunds part of one (a partial refund): such an
// order of a larger amount, of which the partial refunds before it left at least as much — the
// order row right above the refund row when it is one (see refundRow.after), else the latest;
// the order keeps its status and counts, and its revenue is what is left (Order.Refunded). A
// refund row that matches no order even so (one of an order the base does not have) is kept
// as a refunded order of its own, as a row with a refund status and a positive amount is, and
// listed in the report: the client's revenue does not change. A refund row kept so by an
// earlier import stays so.
//
// The refund rows are matched once every row is read, before the load commits: a refund row
// comes after the order it refunds, which by then may be written. A new order is marked
// refunded through the loader by its import key, a stored one by its ID, and the loader
// records which refund row (by its import key, as an order's would be) refunded which order
// (regulars.RefundLink). Re-importing the sheet then changes nothing: a refund row applied
// before takes its order again instead of being matched (which could pick another order of
// the same amount, a monthly fee's), and an existing order that the base has refunded and the
// sheet says is paid waits (writer.deferred) until the refund rows are settled, instead of
// being set back to paid; one that a refund row of another sheet refunded stays refunded. A
// refund row kept as an order of its own is linked to itself. The links keep the refund rows'
// day, amount, service and title, so that merging two clients keys them again, as it does
// their orders (the keys hash the client).
//
// Every order row of an import is remembered for this, and for amendments (see
// settleAmendments), in 40 bytes (orderRec): 40 MB for a million orders, which an import
// without refund rows pays too; the alternative, asking the store, would need the new orders
// flushed and the orders' indexes that a big load drops.

// orderRec is an order row of this import, as refund rows see it.
type orderRec struct {
	key        int64 // the order's import key
	minor      int64 // its amount
	on         regulars.Date
	ref        int32  // its client, an index of the matcher's
	svc        uint32 // its service's key hashed (see serviceHash), 0 for none
	line       int32  // its row in its sheet
	file       uint16 // its sheet, an index of writer.files
	cur        uint16 // its currency, an index of writer.currencies
	refundable bool   // its status as the sheet leaves it is paid, delivered or in progress
	class      uint8  // what the import does with it
}

// The classes of an order row: new; stored and unchanged; stored and updated; stored as
// refunded while the sheet says otherwise, its update deferred (see writer.deferred); new,
// and put in place of a stored order it amends (see settleAmendments); the row of an order
// deleted in Regulars, as it was or corrected (see deletedAmendments), which stays deleted, and
// so do the refund rows that refund it.
const (
	recNew uint8 = iota
	recExisting
	recUpdated
	recDeferred
	recAmending
	recGone
)

// recBlock is how many records a block of writer.recs holds.
const recBlock = 1 << 12

// refundRow is a refund row waiting to be matched.
type refundRow struct {
	ref   int32
	order regulars.Order // with its positive amount, its client's ID and its import key
	svc   uint32
	file  string
	line  int
	// after is the order row right above it in its sheet (but for its client's other refund
	// rows), of its client: the order a partial refund refunds when it fits, as Regulars'
	// own export writes an order's partial refunds after it.
	after *orderRec
}

// refundGroup is the orders of one client of one amount: those a refund row of the amount
// may refund.
type refundGroup struct {
	ref   int32
	minor int64
}

// deferredUpdate is a stored order that the base has refunded and the sheet says is not: its
// state as stored, and the update the sheet asks for.
type deferredUpdate struct {
	stored regulars.OrderState
	update regulars.Order
	sheet  regulars.OrderState // what the sheet says (see writer.existing)
}

// refundable reports whether an order of the status may be the one a refund row refunds.
func refundable(status string) bool {
	return status == regulars.StatusPaid || status == regulars.StatusDelivered || status == regulars.StatusInProgress
}

// UnmatchedRefund is a refund row that matched no order: it is kept as a refunded order of
// its own.
type UnmatchedRefund struct {
	File     string      `json:"file"`
	Row      int         `json:"row"`
	ClientID int64       `json:"client_id"`
	Amount   json.Number `json:"amount"`
	Currency string      `json:"currency"`
	Client   string      `json:"-"` // the client's name, for messages
	money    regulars.Money
}

// Money returns the refund's amount.
func (u UnmatchedRefund) Money() regulars.Money { return u.money }

// serviceHash returns the hash of a service's key, 0 for none.
func serviceHash(key string) uint32 {
	if key == "" {
		return 0
	}
	return uint32(maphash.String(keySeeds[0], key)) | 1
}

// index returns the index of s in *list, adding it. ISO 4217 has fewer codes than the index
// can count, and an import reads fewer files.
func index(list *[]string, s string) uint16 {
	if i := slices.Index(*list, s); i >= 0 {
		return uint16(i)
	}
	*list = append(*list, s)
	return uint16(len(*list) - 1)
}

// record remembers an order row of the client ref for the refund rows and amendments.
func (w *writer) record(ref int32, row *Row, o *regulars.Order, svc uint32, class uint8) {
	if len(w.recs) == 0 || len(w.recs[len(w.recs)-1]) == recBlock {
		w.recs = append(w.recs, make([]orderRec, 0, recBlock))
	}
	b := &w.recs[len(w.recs)-1]
	*b = append(*b, orderRec{key: o.ImportKey, minor: o.Amount.Minor, on: o.OrderedOn, ref: ref, svc: svc,
		line: int32(row.Line), file: index(&w.files, row.File), cur: index(&w.currencies, o.Amount.Currency),
		refundable: refundable(o.Status), class: class})
	w.lastRec = &(*b)[len(*b)-1] // a block never grows past its capacity: the pointer stays good
	w.lastFile = row.File
}

// refundCandidate is an order a refund row may refund: a row of this import, or a stored order.
type refundCandidate struct {
	rec    *orderRec
	stored regulars.Order // when rec is nil
	id     int64          // the stored order's ID, 0 for a new one (that amends none)
	on     regulars.Date
	svc    uint32
	cur    string
	taken  bool
	// minor is the order's amount, and refunded the part partial refunds took back: the
	// stored order's, and this import's refund rows'.
	minor, refunded int64
	seq             int // the candidates' order: stored ones by date, then the sheets' rows
}

// settleRefunds settles the refund rows once every row is read. A refund row that an earlier
// import applied (w.refunded) takes the order it refunded again; one stored as an order of
// its own (as an earlier import kept a refund row that matched nothing) stays one. The others
// are matched to the orders they refund, in the order of their dates; those that match none
// are written as refunded orders of their own.
func (w *writer) settleRefunds(ctx context.Context) error {
	if len(w.refunds) == 0 {
		return w.flushDeferred(ctx)
	}
	cands, err := w.refundCandidates(ctx)
	if err != nil {
		return err
	}
	kept := make([]bool, len(w.refunds)) // the refund rows kept as orders of their own
	var fresh []int                      // the refund rows to match, by index
	for i := range w.refunds {
		r := &w.refunds[i]
		if _, ok := w.orders[r.order.ImportKey]; ok {
			kept[i] = true // an order of its own already
			continue
		}
		id, ok := w.refunded[r.order.ImportKey]
		if !ok {
			fresh = append(fresh, i)
			continue
		}
		w.rep.RefundRows++
		if w.partialRefunds[r.order.ImportKey] {
			continue // the order's refunded part has it already, whatever the order's amount now
		}
		g := cands[refundGroup{r.ref, r.order.Amount.Minor}]
		if j := slices.IndexFunc(g, func(c refundCandidate) bool { return c.id == id && !c.taken }); j >= 0 {
			if err := w.claim(ctx, &g[j], false); err != nil {
				return err
			}
		}
	}
	slices.SortStableFunc(fresh, func(a, b int) int { return w.refunds[a].order.OrderedOn.Compare(w.refunds[b].order.OrderedOn) })
	var links []regulars.RefundLink
	var gone []regulars.Amendment             // the refund rows of deleted orders (see deletedAmendments)
	var byClient map[int32][]*refundCandidate // made when a refund row refunds no whole order
	for _, i := range fresh {
		r := &w.refunds[i]
		c := pickRefunded(cands[refundGroup{r.ref, r.order.Amount.Minor}], r, w.refundedOrders)
		partial := false
		if c == nil {
			if byClient == nil {
				byClient = candidatesByClient(cands)
			}
			c = pickPartial(byClient[r.ref], r, w.refundedOrders)
			partial = c != nil
		}
		if c == nil {
			kept[i] = true
			continue
		}
		if c.rec != nil && c.rec.class == recGone { // a deleted order's: it stays deleted with it
			if partial {
				c.refunded += r.order.Amount.Minor
			} else {
				c.taken = true
			}
			w.rep.OrdersDeleted++
			gone = append(gone, regulars.Amendment{OrderID: w.goneOrders[c.rec.key], ImportKey: r.order.ImportKey, Deleted: true, RefundRow: true})
			continue
		}
		w.rep.RefundRows++
		if partial {
			c.refunded += r.order.Amount.Minor
			w.rep.RefundsPartial++
		} else if err := w.claim(ctx, c, true); err != nil {
			return err
		}
		link := regulars.RefundLink{RefundKey: r.order.ImportKey, OrderID: c.id, Refund: r.order, Partial: partial}
		if c.rec != nil && (c.rec.class == recNew || c.rec.class == recAmending) {
			link.OrderID, link.OrderKey = 0, c.rec.key
		}
		links = append(links, link)
	}
	if err := w.flushDeferred(ctx); err != nil {
		return err
	}
	for i := range w.refunds {
		if !kept[i] {
			continue
		}
		r := &w.refunds[i]
		if err := w.writeUnmatched(ctx, r); err != nil {
			return err
		}
		// Linked to itself, so that a merge of its client keys it again as a refund row's.
		if _, ok := w.refunded[r.order.ImportKey]; !ok {
			link := regulars.RefundLink{RefundKey: r.order.ImportKey, OrderKey: r.order.ImportKey, Refund: r.order}
			if st, ok := w.orders[r.order.ImportKey]; ok {
				link.OrderID, link.OrderKey = st.ID, 0
			}
			links = append(links, link)
		}
	}
	if w.dry {
		return nil
	}
	if len(gone) > 0 {
		if err := w.load.AmendOrders(ctx, gone); err != nil {
			return err
		}
	}
	if len(links) > 0 { // one pass of the store over the orders, once every row is written
		return w.load.RecordRefunds(ctx, links)
	}
	return nil
}

// claim marks refunded the order c, which a refund row refunds: counted among the orders the
// refund rows refunded when fresh, the refund row being new.
func (w *writer) claim(ctx context.Context, c *refundCandidate, fresh bool) error {
	c.taken = true
	if c.rec == nil { // a stored order the sheets do not have
		if c.stored.Status == regulars.StatusRefunded {
			return nil
		}
		w.rep.OrdersRefunded++ // afresh, or again: refunded by this row before and set back since
		o := c.stored
		o.Status = regulars.StatusRefunded
		return w.update(ctx, &o, nil)
	}
	switch c.rec.class {
	case recNew, recAmending:
		if fresh {
			w.rep.OrdersRefunded++ // RecordRefunds marks it
		}
	case recExisting, recUpdated:
		st := w.orders[c.rec.key] // as the sheet left it
		if st.Status == regulars.StatusRefunded {
			return nil // the sheet says so itself
		}
		if c.rec.class == recExisting {
			w.rep.OrdersExisting--
			w.rep.OrdersUpdated++
		}
		if fresh {
			w.rep.OrdersRefunded++
		}
		o := regulars.Order{ID: st.ID, Status: regulars.StatusRefunded, DueOn: st.DueOn, DeliveredOn: st.DeliveredOn}
		return w.update(ctx, &o, nil)
	case recDeferred: // refunded in the base, as the refund row says
		d := w.deferred[c.rec.key]
		delete(w.deferred, c.rec.key)
		u := d.update
		u.Status = regulars.StatusRefunded
		if d.stored.DueOn == u.DueOn && d.stored.DeliveredOn == u.DeliveredOn {
			w.rep.OrdersExisting++
			return nil
		}
		w.rep.OrdersUpdated++
		return w.update(ctx, &u, nil)
	}
	return nil
}

// pickRefunded returns the order among cands, of the refund r's client and amount, that r
// refunds, or nil: the latest (of one day, the last) not taken, of its currency, on or before
// its day, of its service when both name one, refundable, and of which no partial refund took
// a part. An order of the sheet is refundable by its
// status there, unless a refund row refunded it (refunded, by ID); one it amends stays
// refundable, its refund row being maybe the amended one too.
func pickRefunded(cands []refundCandidate, r *refundRow, refunded map[int64]bool) *refundCandidate {
	var best *refundCandidate
	for i := range cands {
		// A partial refund took some of an order: a row of its whole amount no longer fits it.
		if c := &cands[i]; c.refunded == 0 && c.mayRefund(r, refunded) && (best == nil || !c.on.Before(best.on)) {
			best = c
		}
	}
	return best
}

// mayRefund reports whether the refund row r may refund the order c: an order not taken, of
// its currency, on or before its day, of its service when both name one, and refundable.
func (c *refundCandidate) mayRefund(r *refundRow, refunded map[int64]bool) bool {
	if c.taken || c.cur != r.order.Amount.Currency || c.on.After(r.order.OrderedOn) ||
		c.svc != 0 && r.svc != 0 && c.svc != r.svc {
		return false
	}
	if c.rec == nil {
		return refundable(c.stored.Status)
	}
	return c.rec.refundable && (c.rec.class == recNew || c.rec.class == recAmending || !refunded[c.id])
}

// pickPartial returns the order among the client's cands that the refund r, which refunds no
// whole order, refunds part of, or nil: of those r may refund (see mayRefund), of a larger
// amount, of which the partial refunds before it left at least r's, the order row right above
// r (see refundRow.after), else the latest (of one day, the last in the sheets).
func pickPartial(cands []*refundCandidate, r *refundRow, refunded map[int64]bool) *refundCandidate {
	var best *refundCandidate
	for _, c := range cands {
		if !c.mayRefund(r, refunded) || c.minor <= r.order.Amount.Minor || c.minor-c.refunded < r.order.Amount.Minor {
			continue
		}
		if r.after != nil && c.rec == r.after {
			return c
		}
		if best == nil || c.on.After(best.on) || c.on == best.on && c.seq > best.seq {
			best = c
		}
	}
	return best
}

// candidatesByClient returns the candidates of each client, of any amount.
func candidatesByClient(cands map[refundGroup][]refundCandidate) map[int32][]*refundCandidate {
	out := map[int32][]*refundCandidate{}
	for g, cs := range cands {
		for i := range cs {
			out[g.ref] = append(out[g.ref], &cs[i])
		}
	}
	return out
}

// refundCandidates returns, by client and amount, the orders the refund rows' clients have:
// the stored orders the sheets do not have, by date, then this import's rows, in the sheets'
// order.
func (w *writer) refundCandidates(ctx context.Context) (map[refundGroup][]refundCandidate, error) {
	wanted := map[int32]bool{}
	for _, r := range w.refunds {
		wanted[r.ref] = true
	}
	var ids []int64
	refOf := map[int64]int32{}
	for ref := range wanted {
		if id := w.m.client(ref).id; !w.m.isNew(id) {
			ids = append(ids, id)
			refOf[id] = ref
		}
	}
	inSheet := w.sheetKeys(wanted)
	amended := map[int64]bool{}
	for _, id := range w.amending {
		amended[id] = true
	}
	found := w.foundOrders(wanted)
	cands := map[refundGroup][]refundCandidate{}
	storedRefunded := map[int64]int64{} // the refunded part of the clients' stored orders, by ID
	seq := 0
	if len(ids) > 0 {
		slices.Sort(ids)
		stored, err := w.load.ClientOrders(ctx, ids, nil)
		if err != nil {
			return nil, err
		}
		slices.SortFunc(stored, func(a, b regulars.Order) int {
			return cmp.Or(a.OrderedOn.Compare(b.OrderedOn), cmp.Compare(a.ID, b.ID))
		})
		for _, o := range stored {
			if o.Refunded > 0 {
				storedRefunded[o.ID] = o.Refunded
			}
			if o.ImportKey != 0 && inSheet[o.ImportKey] || found[o.ID] || amended[o.ID] {
				continue // the sheet has it: its row stands for it
			}
			g := refundGroup{refOf[o.ClientID], o.Amount.Minor}
			cands[g] = append(cands[g], refundCandidate{stored: o, id: o.ID, on: o.OrderedOn,
				svc: serviceHash(regulars.ServiceKey(o.Service)), cur: o.Amount.Currency, minor: o.Amount.Minor,
				refunded: o.Refunded, seq: seq})
			seq++
		}
	}
	for _, b := range w.recs {
		for i := range b {
			if rec := &b[i]; wanted[rec.ref] { // a deleted order's too: its refund rows are deleted with it
				c := refundCandidate{rec: rec, on: rec.on, svc: rec.svc, cur: w.currencies[rec.cur], minor: rec.minor, seq: seq}
				seq++
				switch rec.class {
				case recAmending:
					c.id = w.amending[rec.key]
				case recExisting, recUpdated, recDeferred:
					c.id = w.orders[rec.key].ID
				}
				c.refunded = storedRefunded[c.id] // 0 for a new order
				g := refundGroup{rec.ref, rec.minor}
				cands[g] = append(cands[g], c)
			}
		}
	}
	return cands, nil
}

// foundOrders returns the IDs of the stored orders that this import's rows of the clients
// found. An order's key does not tell: one stored without a key is given its row's only at
// commit on PostgreSQL and never on a dry run, and one edited in Regulars is found by a key it
// had before (see regulars.ImportIndex.Keyless).
func (w *writer) foundOrders(clients map[int32]bool) map[int64]bool {
	found := map[int64]bool{}
	for _, b := range w.recs {
		for i := range b {
			if rec := &b[i]; clients[rec.ref] && (rec.class == recExisting || rec.class == recUpdated || rec.class == recDeferred) {
				found[w.orders[rec.key].ID] = true
			}
		}
	}
	return found
}

// sheetKeys returns the import keys of this import's rows of the clients, refund rows too.
func (w *writer) sheetKeys(clients map[int32]bool) map[int64]bool {
	keys := map[int64]bool{}
	for _, b := range w.recs {
		for i := range b {
			if clients[b[i].ref] {
				keys[b[i].key] = true
			}
		}
	}
	for _, r := range w.refunds {
		if clients[r.ref] {
			keys[r.order.ImportKey] = true
		}
	}
	return keys
}

// update sets the state of a stored order, unless the import writes nothing; with sheet, what
// its sheet says too (see regulars.Loader.UpdateOrderState).
func (w *writer) update(ctx context.Context, o *regulars.Order, sheet *regulars.OrderState) error {
	if w.dry {
		return nil
	}
	return w.load.UpdateOrderState(ctx, o, sheet)
}

// flushDeferred makes the updates that waited for the refund rows and that none of them
// made needless: the sheet sets back an order the base has refunded.
func (w *writer) flushDeferred(ctx context.Context) error {
	keys := slices.Sorted(maps.Keys(w.deferred))
	for _, k := range keys {
		d := w.deferred[k]
		w.rep.OrdersUpdated++
		if err := w.update(ctx, &d.update, &d.sheet); err != nil {
			return err
		}
	}
	clear(w.deferred)
	return nil
}

// writeUnmatched writes a refund row that refunds no order as a refunded order of its own, and
// lists it in the report.
func (w *writer) writeUnmatched(ctx context.Context, r *refundRow) error {
	c := w.m.client(r.ref)
	if w.rep.RefundsUnmatchedCount++; len(w.rep.RefundsUnmatched) < MaxSkippedListed {
		w.rep.RefundsUnmatched = append(w.rep.RefundsUnmatched, UnmatchedRefund{File: r.file, Row: r.line, ClientID: c.id,
			Amount: r.order.Amount.JSONNumber(), Currency: r.order.Amount.Currency, Client: w.m.labels[r.ref], money: r.order.Amount})
	}
	o := &r.order
	if st, ok := w.orders[o.ImportKey]; ok {
		_, err := w.existing(ctx, o, st)
		return err
	}
	w.rep.OrdersCreated++
	if w.dry {
		return nil
	}
	return w.load.AddOrder(ctx, o)
}
