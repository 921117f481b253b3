package importer

import (
	"cmp"
	"context"
	"encoding/json"
	"maps"
	"math"
	"slices"

	"github.com/regulars/regulars"
)

// Amendments. An order is known by its import key, which hashes its amount among its other
// fields (see regulars.OrderHash): a sheet imported again after an amount was corrected in it
// would add the corrected row as a new order beside the stored one, and the client would pay
// twice. So, once every row is read, a new order of a client that existed before the import
// amends a stored order of that client when the stored one:
//
//   - no row of this import is it (found by its import key, or, entered in Regulars, by its
//     export's row: see regulars.ImportIndex.Keyless);
//   - was placed the same day, for the same service and title, as the new row;
//   - differs from it in amount or currency only.
//
// The stored order then takes the row's amount, currency, status (unless a refund row refunded
// it: it stays refunded), dates and import key, and keeps its ID and what refers to it; the new order is not added. The report counts it as
// updated and lists it, with its old and new amounts. Other corrections (of a date, a title, a
// client's email) still add a new order: their rows share too little with the stored ones to
// be told from new orders.
//
// The stored orders looked at are those of the new rows' clients on the new rows' days, read
// from the store; a row is matched to a stored order by recomputing the row's import key from
// the stored order's service and title and the row's amount.

// AmendedOrder is a stored order whose amount or currency a row corrected.
type AmendedOrder struct {
	File        string      `json:"file"`
	Row         int         `json:"row"`
	OrderID     int64       `json:"order_id"`
	ClientID    int64       `json:"client_id"`
	Amount      json.Number `json:"amount"`
	Currency    string      `json:"currency"`
	WasAmount   json.Number `json:"was_amount"`
	WasCurrency string      `json:"was_currency"`
	Client      string      `json:"-"` // the client's name, for messages
	money, was  regulars.Money
}

// Money returns the amount the row gives the order.
func (a AmendedOrder) Money() regulars.Money { return a.money }

// Was returns the amount the order had.
func (a AmendedOrder) Was() regulars.Money { return a.was }

// maxOccurrence is how many identical rows of one client (see regulars.OrderKey) an amending
// row's import key is looked for among.
const maxOccurrence = 64

// clientDay is a client's orders of one day.
type clientDay struct {
	id int64
	on regulars.Date
}

// settleAmendments finds the stored orders that new rows amend and puts the rows in their place.
func (w *writer) settleAmendments(ctx context.Context) error {
	news := map[clientDay][]*orderRec{}
	for _, b := range w.recs {
		for i := range b {
			rec := &b[i]
			if id := w.m.client(rec.ref).id; rec.class == recNew && !w.m.isNew(id) {
				k := clientDay{id, rec.on}
				news[k] = append(news[k], rec)
			}
		}
	}
	if len(news) == 0 {
		return nil
	}
	days := slices.SortedFunc(maps.Keys(news), func(a, b clientDay) int { return cmp.Or(cmp.Compare(a.id, b.id), a.on.Compare(b.on)) })
	ids, ons := make([]int64, len(days)), make([]regulars.Date, len(days))
	clients := map[int32]bool{}
	for i, d := range days {
		ids[i], ons[i] = d.id, d.on
		clients[news[d][0].ref] = true
	}
	stored, err := w.load.ClientOrders(ctx, ids, ons)
	if err != nil {
		return err
	}
	inSheet, found := w.sheetKeys(clients), w.foundOrders(clients)
	slices.SortFunc(stored, func(a, b regulars.Order) int { return cmp.Compare(a.ID, b.ID) })
	keyless := make(map[int64]int64, len(w.keyless)) // by ID, the orders no import made and no row found
	for k := range w.keyless {
		keyless[w.orders[k].ID] = k
	}
	var amendments []regulars.Amendment
	for i := range stored {
		s := &stored[i]
		key := cmp.Or(s.ImportKey, keyless[s.ID]) // an order entered in Regulars is its export's row
		if key == 0 || inSheet[key] || found[s.ID] || w.refunded[key] == s.ID {
			continue // found by a row, or a refund row kept as an order of its own
		}
		rec, _ := w.amender(s, news[clientDay{s.ClientID, s.OrderedOn}])
		if rec == nil {
			continue
		}
		rec.class = recAmending
		w.amending[rec.key] = s.ID
		// An order a refund row refunded stays refunded, whatever its row says.
		keep := w.refundedOrders[s.ID] && s.Status == regulars.StatusRefunded
		amendments = append(amendments, regulars.Amendment{OrderID: s.ID, ImportKey: rec.key, KeepStatus: keep})
		w.rep.OrdersCreated--
		w.rep.OrdersUpdated++
		now := regulars.Money{Minor: rec.minor, Currency: w.currencies[rec.cur]}
		w.rep.Amended = append(w.rep.Amended, AmendedOrder{File: w.files[rec.file], Row: int(rec.line), OrderID: s.ID,
			ClientID: s.ClientID, Amount: now.JSONNumber(), Currency: now.Currency,
			WasAmount: s.Amount.JSONNumber(), WasCurrency: s.Amount.Currency, Client: w.m.labels[rec.ref], money: now, was: s.Amount})
	}
	gone, err := w.deletedAmendments(ctx, ids, ons, news, inSheet)
	if err != nil {
		return err
	}
	amendments = append(amendments, gone...)
	slices.SortFunc(w.rep.Amended, func(a, b AmendedOrder) int {
		return cmp.Or(cmp.Compare(slices.Index(w.files, a.File), slices.Index(w.files, b.File)), a.Row-b.Row)
	})
	w.rep.AmendedCount = len(w.rep.Amended)
	w.rep.Amended = slices.Clip(w.rep.Amended[:min(len(w.rep.Amended), MaxSkippedListed)])
	if len(amendments) > 0 && !w.dry {
		if err := w.load.AmendOrders(ctx, amendments); err != nil {
			return err
		}
	}
	return w.mergeAmended(ctx, stored, amendments)
}

// deletedAmendments returns the amendments of the new rows that correct an order deleted in
// Regulars, whose row the sheet no longer has as it was (its amount corrected, say): as a
// stored order is amended, the deleted one is, and stays deleted — the row is counted as a
// deleted order's, not made an order, and its key is kept as that deleted order's too. Without
// it, a correction in the sheet brought back what the user had deleted. An import that
// restores deleted orders has none. ids and ons are the client-days of news.
//
// A deleted order is known by every key it was deleted with (its own, those it had before an
// edit, those corrections of its row added; regulars.Loader.DeletedOrders gives them by the
// order's ID). One whose row the sheet has by any of them is left as it is: that row stays
// deleted, and a row beside it of another amount is another order. Another takes at most one
// row: of those no stored order (see settleAmendments) and no deleted order before it (by its
// keys' order) took, the one nearest in amount to any of its keys'.
func (w *writer) deletedAmendments(ctx context.Context, ids []int64, ons []regulars.Date, news map[clientDay][]*orderRec,
	inSheet map[int64]bool) ([]regulars.Amendment, error) {
	if w.restore {
		return nil, nil
	}
	deleted, err := w.load.DeletedOrders(ctx, ids, ons)
	if err != nil {
		return nil, err
	}
	var orders []int64 // the deleted orders' IDs, as they first come
	keys := map[int64][]*regulars.Order{}
	present := map[int64]bool{}
	for i := range deleted {
		d := &deleted[i]
		if _, ok := keys[d.ID]; !ok {
			orders = append(orders, d.ID)
		}
		keys[d.ID] = append(keys[d.ID], d)
		if inSheet[d.ImportKey] { // its row as it was too, recorded as a deleted order's
			present[d.ID] = true
		}
	}
	var out []regulars.Amendment
	for _, id := range orders {
		if present[id] {
			continue
		}
		var rec *orderRec
		var diff uint64
		for _, d := range keys[id] {
			if r, dd := w.amender(d, news[clientDay{d.ClientID, d.OrderedOn}]); r != nil && (rec == nil || dd < diff) {
				rec, diff = r, dd
			}
		}
		if rec == nil {
			continue
		}
		rec.class = recGone
		if w.goneOrders == nil {
			w.goneOrders = map[int64]int64{}
		}
		w.goneOrders[rec.key] = id
		out = append(out, regulars.Amendment{OrderID: id, ImportKey: rec.key, Deleted: true})
		w.rep.OrdersCreated--
		w.rep.OrdersDeleted++
		// The rows of later files of the import that found it found a deleted order, as
		// they would imported after this one.
		again := w.createdAgain[rec.key]
		w.rep.OrdersExisting -= int(again[0])
		w.rep.OrdersUpdated -= int(again[1])
		w.rep.OrdersDeleted += int(again[0] + again[1])
	}
	return out, nil
}

// mergeAmended gives the amended orders that were changed in Regulars since an import (see
// writer.existing) the changes their amending rows do not change, after AmendOrders gave them
// the rows' states; a dry run counts them. stored is the orders as they were, sorted by ID.
func (w *writer) mergeAmended(ctx context.Context, stored []regulars.Order, amendments []regulars.Amendment) error {
	for _, a := range amendments {
		if _, edited := w.edited[a.OrderID]; !edited || a.Deleted {
			continue
		}
		i, _ := slices.BinarySearchFunc(stored, a.OrderID, func(o regulars.Order, id int64) int { return cmp.Compare(o.ID, id) })
		s := stored[i]
		sheet := w.newStates[a.ImportKey] // the amending row's
		sheet.ID = s.ID
		if a.KeepStatus {
			sheet.Status = s.Status // refunded by a refund row: as if its row said so
		}
		want := w.merged(regulars.OrderState{ID: s.ID, Status: s.Status, DueOn: s.DueOn, DeliveredOn: s.DeliveredOn}, sheet)
		s.Status, s.DueOn, s.DeliveredOn = want.Status, want.DueOn, want.DeliveredOn
		if err := w.update(ctx, &s, &sheet); err != nil {
			return err
		}
	}
	return nil
}

// amender returns the new row among recs that amends the stored order s, or nil, and how far
// its amount is from s's: of the rows of its service and title, the one of its currency whose
// amount is nearest its own (a correction changes an amount a little; two orders of a day both
// corrected keep their rows), else the first of another currency (the farthest).
func (w *writer) amender(s *regulars.Order, recs []*orderRec) (*orderRec, uint64) {
	var best *orderRec
	var bestDiff uint64
	for _, rec := range recs {
		cur := w.currencies[rec.cur]
		if rec.class != recNew || rec.minor == s.Amount.Minor && cur == s.Amount.Currency {
			continue
		}
		h := regulars.SheetHash(&regulars.Order{ClientID: s.ClientID, OrderedOn: s.OrderedOn, Service: s.Service, Title: s.Title,
			Amount: regulars.Money{Minor: rec.minor, Currency: cur}})
		if !keyed(h, rec.key) {
			continue
		}
		diff := uint64(math.MaxUint64) // another currency: no nearer or farther
		if cur == s.Amount.Currency {
			diff = uint64(max(rec.minor, s.Amount.Minor) - min(rec.minor, s.Amount.Minor))
		}
		if best == nil || diff < bestDiff {
			best, bestDiff = rec, diff
		}
	}
	return best, bestDiff
}

// keyed reports whether key is the import key of an occurrence of an order of hash h.
func keyed(h uint64, key int64) bool {
	for n := 1; n <= maxOccurrence; n++ {
		if regulars.OrderKey(h, n) == key {
			return true
		}
	}
	return false
}
