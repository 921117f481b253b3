package importer

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/regulars/regulars"
)

// errRelayout is write's report that a sheet's rows decide its layout otherwise than its
// first rows did: it has put the whole sheet's layout in place, and the pass must run again.
var errRelayout = errors.New("importer: the layout changed")

// layoutError is an error of a layout that write confirmed: what deciding from the whole
// sheet at first would have returned, before any row was read.
type layoutError struct {
	error
	sheet int // the index of the sheet
}

// write runs the write pass.
func write(ctx context.Context, bulk regulars.BulkService, catalog regulars.CatalogService, layouts []*Layout, opts ImportOptions, rep *Report) error {
	total, estimated := 0, false
	for _, l := range layouts {
		total += l.Rows
		estimated = estimated || l.estimated
	}
	services, err := serviceIDs(ctx, catalog)
	if err != nil {
		return err
	}
	load, err := bulk.BeginLoad(ctx)
	if err != nil {
		return err
	}
	defer load.Rollback()
	load.Expect(total)
	idx, err := load.ImportIndex(ctx)
	if err != nil {
		return err
	}
	restorable := idx.Deleted // the keys of the deleted orders an import that restores them may restore
	if opts.RestoreDeleted {
		idx.Deleted = nil
	}
	w := newWriter(load, idx, services, opts.DryRun, rep)
	w.restore = opts.RestoreDeleted
	idx.Clients = nil // the matcher has them now
	done := 0
	for i, l := range layouts {
		w.m.file = int32(i)
		if i < len(layouts)-1 && w.created == nil { // a later file may have its orders too
			w.created, w.later, w.createdRecs = map[int64]regulars.OrderState{}, map[int64]regulars.OrderState{}, map[int64]*orderRec{}
			w.createdAgain = map[int64][2]int32{}
		}
		w.recordCreated = i < len(layouts)-1
		w.fills.fields = l.hasClientFields()
		err := l.EachAhead(w.m.warm, func(row *Row, bad *RowError, ign *Ignored) error {
			done++
			if opts.Progress != nil && done%10000 == 0 {
				opts.Progress(done, max(total, done+1), estimated)
			}
			if ign != nil {
				rep.ignore(ign)
				return nil
			}
			rep.Rows++
			if bad == nil {
				var err error
				if bad, err = w.row(ctx, l, row); err != nil {
					return err
				}
			}
			if bad != nil {
				if rep.SkippedCount++; len(rep.Skipped) < MaxSkippedListed {
					rep.Skipped = append(rep.Skipped, SkippedRow{File: bad.File, Row: bad.Line, Column: bad.Column, Value: bad.Value, Error: bad.english(), msg: bad.msg})
				}
				// Without SkipBad nothing will be written: stop writing, keep reading.
				w.dry = w.dry || !opts.SkipBad
			}
			return nil
		})
		if uq := (unclosedQuoteError{}); errors.As(err, &uq) {
			return layoutError{err, i}
		}
		if err != nil {
			return err
		}
	}
	relayout := false
	for i, l := range layouts {
		full, changed, err := l.confirm()
		if err != nil {
			return layoutError{err, i}
		}
		layouts[i], relayout = full, relayout || changed
	}
	if relayout {
		return errRelayout
	}
	if opts.Progress != nil {
		opts.Progress(done, done, false)
	}
	if err := w.settleLater(ctx); err != nil {
		return err
	}
	if err := w.settleAmendments(ctx); err != nil {
		return err
	}
	if err := w.settleRefunds(ctx); err != nil {
		return err
	}
	rep.ClientsMatched = w.m.matched
	if gone := w.m.goneNamed(); !w.restore {
		rep.DeletedClients = gone
	} else if !w.dry {
		ids := make([]int64, len(gone))
		for i, g := range gone {
			ids[i] = g.ClientID
		}
		if err := load.RestoreClients(ctx, ids); err != nil {
			return err
		}
	}
	if w.restore && !w.dry {
		if err := load.RestoreOrders(ctx, w.restored(restorable)); err != nil {
			return err
		}
	}
	if rep.ClientsUpdated, err = w.fills.write(ctx, load, w.dry); err != nil {
		return err
	}
	if w.dry {
		rep.Duplicates = w.m.duplicates()
		return nil
	}
	// The duplicates are listed while the store commits, which on PostgreSQL is the server's
	// work (1.3 s of a million orders' import; the list of 28,957 groups took 0.04 s).
	dups := make(chan []Duplicate, 1)
	go func() { dups <- w.m.duplicates() }()
	err = load.Commit()
	rep.Duplicates = <-dups
	if err != nil {
		return err
	}
	rep.Written = true
	return nil
}

// serviceIDs maps the catalog's service keys to their IDs.
func serviceIDs(ctx context.Context, catalog regulars.CatalogService) (map[string]int64, error) {
	svcs, _, err := catalog.FindServices(ctx, regulars.ServiceFilter{})
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(svcs))
	for _, s := range svcs {
		out[regulars.ServiceKey(s.Name)] = s.ID
	}
	return out, nil
}

func newWriter(load regulars.Loader, idx *regulars.ImportIndex, services map[string]int64, dry bool, rep *Report) *writer {
	w := &writer{load: load, m: newMatcher(idx), orders: idx.Orders, keyless: idx.Keyless, deleted: idx.Deleted, former: idx.Former,
		found: map[int64]bool{}, edited: idx.Edited, newStates: map[int64]regulars.OrderState{},
		refunded: idx.Refunds, partialRefunds: idx.PartialRefunds, refundedOrders: map[int64]bool{},
		amending: map[int64]int64{},
		services: services, seen: map[string]service{}, deferred: map[int64]deferredUpdate{}, dry: dry, rep: rep}
	for key, id := range idx.Refunds {
		if !idx.PartialRefunds[key] {
			w.refundedOrders[id] = true
		}
	}
	return w
}

// writer matches each good row to a client and writes its order.
type writer struct {
	load    regulars.Loader
	m       *matcher
	orders  map[int64]regulars.OrderState
	keyless map[int64]bool                // see regulars.ImportIndex.Keyless
	deleted map[int64]bool                // see regulars.ImportIndex.Deleted
	former  map[int64]bool                // see regulars.ImportIndex.Former
	found   map[int64]bool                // the stored orders rows found, by ID (see sameNow)
	edited  map[int64]regulars.OrderState // see regulars.ImportIndex.Edited
	// newStates is, by import key, the states of the new rows of clients the base knows, while
	// some order was changed in Regulars: an amending row's (see mergeAmended).
	newStates map[int64]regulars.OrderState
	services  map[string]int64   // by service key
	seen      map[string]service // by the service as written: a cache of services
	nextFake  int64              // IDs given to new clients on a dry run: negative, never stored
	order     regulars.Order     // the order of the row being written: AddOrder keeps none
	dry       bool
	restore   bool // see ImportOptions.RestoreDeleted
	rep       *Report

	// For the refund rows (see settleRefunds): every order row, in blocks; the refund rows;
	// the updates of stored orders that wait for them; the currencies of the rows; the
	// refund rows earlier imports applied.
	recs       [][]orderRec
	refunds    []refundRow
	deferred   map[int64]deferredUpdate // by import key
	currencies []string
	files      []string
	// amending is, by import key, the stored order a new row amends (see settleAmendments).
	amending       map[int64]int64
	refunded       map[int64]int64 // see regulars.ImportIndex.Refunds
	partialRefunds map[int64]bool  // see regulars.ImportIndex.PartialRefunds
	// refundedOrders is the stored orders that a refund row refunded whole: they stay refunded
	// whatever the sheet that has their own row says.
	refundedOrders map[int64]bool
	// lastRec is the order row read last, while the rows after it are its client's refund
	// rows (see refundRow.after); nil after a row of another order. lastFile is the file of
	// the row read: a row of an order an earlier file made stands for that file's row.
	lastRec  *orderRec
	lastFile string
	// createdRecs is the order rows of the import's files before the last, by import key:
	// the order a row of a later file is (see created).
	createdRecs map[int64]*orderRec
	// created is the import keys of the orders the import's files before the last made, and
	// the state the last file that has each gave it: a row of a later file with one of them is
	// that order (two versions of one sheet imported together add what one after the other
	// would), and its state stands, as it would, the order's state set at the end (see
	// settleLater, later). A refund row's is the zero state. recordCreated says the file being
	// read adds to it.
	created       map[int64]regulars.OrderState
	recordCreated bool
	later         map[int64]regulars.OrderState // by import key, the created orders a later file said other of
	// createdAgain counts, by import key, the rows of later files that found a created order,
	// counted as existing [0] and updated [1]: a deleted order's should it turn out one (see
	// deletedAmendments).
	createdAgain map[int64][2]int32
	// goneOrders is, by import key, the deleted order a new row turned out to be the corrected
	// row of (see deletedAmendments), for the keys its refund rows are kept by.
	goneOrders map[int64]int64
	// fills is what rows gave the clients they name (see fills).
	fills fills
	// sharedSeen is the clients listed in the report's SharedContacts.
	sharedSeen map[int32]bool
}

// service is a service as a row writes it: its catalog ID (0 when not in the catalog) and its
// key hashed (see serviceHash).
type service struct {
	id  int64
	key uint32
}

// row writes the row's order and, when no one matches, its client. A row whose order or new
// client does not validate is returned as a bad row, and nothing of it is written. A refund
// row waits for settleRefunds.
func (w *writer) row(ctx context.Context, l *Layout, row *Row) (*RowError, error) {
	if row.orderErr != nil {
		return validationError(l, row, row.orderErr), nil
	}
	if g := w.m.deleted(row.keys); g >= 0 { // a client deleted in Regulars: it stays deleted, unless restored
		w.m.gone.list[g].rows++
		if !w.restore {
			w.rep.OrdersDeleted++
			return nil, nil
		}
	}
	o := &w.order // the row's order, copied: the row's memory is reused for later rows
	*o = row.order
	ref, bad, err := w.client(ctx, l, row)
	if bad != nil || err != nil {
		return bad, err
	}
	o.ClientID = w.m.client(ref).id
	svc := w.service(o.Service)
	o.ServiceID = svc.id
	if row.refund { // its key too: it may be written as an order
		o.ImportKey = w.m.refundKey(ref, o)
		if _, ok := w.created[o.ImportKey]; ok { // an earlier file of this import has this refund row
			return nil, nil
		}
		if w.deleted[o.ImportKey] { // of an order deleted in Regulars, or kept as one and deleted
			w.rep.OrdersDeleted++
			return nil, nil
		}
		if w.recordCreated {
			w.created[o.ImportKey] = regulars.OrderState{}
		}
		after := w.lastRec
		if after != nil && (after.ref != ref || w.lastFile != row.File) {
			after = nil
		}
		w.refunds = append(w.refunds, refundRow{ref: ref, order: *o, svc: svc.key, file: row.File, line: row.Line, after: after})
		return nil, nil
	}
	w.lastRec = nil // record sets it, for the refund rows that follow
	h := w.orderHash(ref, row, o)
	o.ImportKey = w.m.key(ref, h)
	if st, ok := w.orders[o.ImportKey]; ok {
		if w.former[o.ImportKey] { // an order's key before an edit: an order that says what the row does comes first
			if k, now, ok := w.sameNow(h); ok {
				o.ImportKey, st = k, now
			}
		}
		if len(w.former) > 0 { // only then asked (a re-import of a million rows keeps no such set)
			w.found[st.ID] = true
		}
		class, err := w.existing(ctx, o, st)
		w.record(ref, row, o, svc.key, class)
		return nil, err
	}
	if st, ok := w.created[o.ImportKey]; ok { // an earlier file of this import made it
		w.lastRec, w.lastFile = w.createdRecs[o.ImportKey], row.File // for the refund rows after it
		now := regulars.OrderState{Status: o.Status, DueOn: o.DueOn, DeliveredOn: o.DeliveredOn}
		again := w.createdAgain[o.ImportKey]
		if now == st {
			again[0]++
			w.createdAgain[o.ImportKey] = again
			w.rep.OrdersExisting++
			return nil, nil
		}
		again[1]++
		w.createdAgain[o.ImportKey] = again
		w.rep.OrdersUpdated++ // as this file, imported after the other, would update it
		w.created[o.ImportKey], w.later[o.ImportKey] = now, now
		if _, ok := w.newStates[o.ImportKey]; ok {
			w.newStates[o.ImportKey] = now
		}
		return nil, nil
	}
	if w.deleted[o.ImportKey] { // deleted in Regulars: it stays deleted
		w.rep.OrdersDeleted++
		w.record(ref, row, o, svc.key, recGone) // its refund rows refund no other order
		return nil, nil
	}
	w.record(ref, row, o, svc.key, recNew)
	if w.recordCreated {
		w.created[o.ImportKey] = regulars.OrderState{Status: o.Status, DueOn: o.DueOn, DeliveredOn: o.DeliveredOn}
		w.createdRecs[o.ImportKey] = w.lastRec
	}
	if len(w.edited) > 0 && !w.m.isNew(o.ClientID) { // it may amend an order changed in Regulars
		w.newStates[o.ImportKey] = regulars.OrderState{Status: o.Status, DueOn: o.DueOn, DeliveredOn: o.DeliveredOn}
	}
	w.rep.OrdersCreated++
	if w.dry {
		return nil, nil
	}
	return nil, w.load.AddOrder(ctx, o)
}

// restored returns the keys among deleted (the keys kept of the orders deleted in Regulars)
// of the rows of the import, refund rows too: the orders it restored.
func (w *writer) restored(deleted map[int64]bool) []int64 {
	var keys []int64
	for _, b := range w.recs {
		for i := range b {
			if deleted[b[i].key] {
				keys = append(keys, b[i].key)
			}
		}
	}
	for _, r := range w.refunds {
		if deleted[r.order.ImportKey] {
			keys = append(keys, r.order.ImportKey)
		}
	}
	return keys
}

// settleLater gives the orders an earlier file of the import made the state a later file gave
// them (see writer.created), before the amendments and refund rows see them. A refund row may
// refund such an order when a file left it refundable (a refund row of the first file refunds
// the order that file paid, whatever a later one says of it after; as one after the other, a
// refunded order stays refunded), and its refunded state wins over the later file's.
func (w *writer) settleLater(ctx context.Context) error {
	if len(w.later) == 0 {
		return nil
	}
	for _, b := range w.recs {
		for i := range b {
			if st, ok := w.later[b[i].key]; ok && b[i].class == recNew {
				b[i].refundable = b[i].refundable || refundable(st.Status)
			}
		}
	}
	if w.dry {
		return nil
	}
	orders := make([]regulars.Order, 0, len(w.later))
	for _, k := range slices.Sorted(maps.Keys(w.later)) {
		st := w.later[k]
		orders = append(orders, regulars.Order{ImportKey: k, Status: st.Status, DueOn: st.DueOn, DeliveredOn: st.DeliveredOn})
	}
	return w.load.UpdateNewOrders(ctx, orders)
}

// sameNow returns the key and state of a stored order of content hash h (its client's, as h
// hashes it) that no row of this import has found yet, found by its key now rather than by one
// from before an edit: a row that found an edited order by its old key is rather this one, whose
// export's row it may be (of two identical orders, the first edited, the second's row has the
// first's old key in an export made after).
func (w *writer) sameNow(h uint64) (int64, regulars.OrderState, bool) {
	for n := 1; n <= maxOccurrence; n++ {
		k := regulars.OrderKey(h, n)
		if st, ok := w.orders[k]; ok && !w.former[k] && !w.found[st.ID] {
			return k, st, true
		}
	}
	return 0, regulars.OrderState{}, false
}

// service returns the service written as name.
func (w *writer) service(name string) service {
	if name == "" {
		return service{}
	}
	s, ok := w.seen[name]
	if !ok {
		key := regulars.ServiceKey(name)
		s = service{id: w.services[key], key: serviceHash(key)}
		if len(w.seen) < 10000 {
			w.seen[name] = s
		}
	}
	return s
}

// existing handles a row whose order is already stored: unchanged, or with a new state. An
// order the base has refunded and the sheet says is not waits for the refund rows (see
// settleRefunds). It returns what it did, as the class of the order's row.
//
// An order whose state was changed in Regulars since an import keeps each change where the
// sheet still says what it said then, and takes the sheet's state where the sheet changed
// (see regulars.OrderState.Merge); what the sheet says is recorded with it, for the next.
func (w *writer) existing(ctx context.Context, o *regulars.Order, st regulars.OrderState) (uint8, error) {
	sheet := regulars.OrderState{ID: st.ID, Status: o.Status, DueOn: o.DueOn, DeliveredOn: o.DeliveredOn}
	if st.Status == regulars.StatusRefunded && w.refundedOrders[st.ID] {
		// A refund row refunded it, maybe in another sheet: it stays refunded, as if its row
		// said so (it is no change made in Regulars).
		sheet.Status = st.Status
	}
	want := w.merged(st, sheet) // the state the import gives the order
	u := *o                     // the load may keep it until commit: w.order is reused
	u.ID, u.Status, u.DueOn, u.DeliveredOn = st.ID, want.Status, want.DueOn, want.DeliveredOn
	// An order no import made, found by the key its row in an export has, takes that key with
	// its update (see regulars.ImportIndex.Keyless); one found by a key it had before an edit
	// keeps none, to be found by its content (the update sets a key only where there is none).
	keyless := w.keyless[o.ImportKey]
	delete(w.keyless, o.ImportKey)
	if !keyless {
		u.ImportKey = 0
	}
	if want == st {
		w.rep.OrdersExisting++
		if base, edited := w.edited[st.ID]; keyless || edited && base != sheet { // the sheet changed, to what the order has: it records that
			return recExisting, w.update(ctx, &u, &sheet)
		}
		return recExisting, nil
	}
	w.orders[o.ImportKey] = want
	if st.Status == regulars.StatusRefunded && want.Status != regulars.StatusRefunded {
		w.deferred[o.ImportKey] = deferredUpdate{stored: st, update: u, sheet: sheet}
		return recDeferred, nil
	}
	w.rep.OrdersUpdated++
	return recUpdated, w.update(ctx, &u, &sheet)
}

// merged returns the state the import gives a stored order of state st whose sheet says
// sheet: the sheet's, but for the changes made in Regulars since an import that the sheet
// does not change (see regulars.OrderState.Merge), which it counts as kept.
func (w *writer) merged(st, sheet regulars.OrderState) regulars.OrderState {
	base, edited := w.edited[st.ID]
	if !edited {
		return sheet
	}
	want := st.Merge(base, sheet)
	if want != sheet {
		w.rep.OrdersKept++
	}
	return want
}

// fill records that the client ref, whom the row matched by another key, gets the row's email
// or phone, having none: a sheet that adds a client's email in a later version of itself, or
// in a later row. A value the client's checks would refuse is left out.
func (w *writer) fill(ref int32, row *Row, email, phone bool) {
	if !sameName(row.Name, w.m.labels[ref]) {
		return // a phone two people share (an office's, a family's): the row's email is the other's
	}
	if e, p := validContacts(row, email, phone); e != "" || p != "" {
		w.fills.contacts(ref, w.m.client(ref).id, e, p)
	}
}

// validContacts returns the row's email, when email is set, and its phone, when phone is,
// as a client's checks leave them; "" for one they would refuse.
func validContacts(row *Row, email, phone bool) (string, string) {
	var e, p string
	if c := (regulars.Client{Name: "-", Email: row.Email}); email && c.Validate() == nil {
		e = c.Email
	}
	if c := (regulars.Client{Name: "-", Phone: row.Phone}); phone && c.Validate() == nil {
		p = c.Phone
	}
	return e, p
}

// client returns the matcher's index of the row's client, creating it when no one matches.
func (w *writer) client(ctx context.Context, l *Layout, row *Row) (int32, *RowError, error) {
	ref, made, bad, err := w.findClient(ctx, l, row)
	// Not the fields of a row of another name, that found the client by a phone or an email
	// two people share (a family's): they are the other's.
	if ref >= 0 && !made && w.fills.gives(row) && sameName(row.Name, w.m.labels[ref]) {
		w.fills.row(ref, w.m.client(ref).id, row)
	}
	return ref, bad, err
}

// findClient is client; made says the row made the client.
func (w *writer) findClient(ctx context.Context, l *Layout, row *Row) (ref int32, made bool, bad *RowError, err error) {
	k := row.keys
	if ref := w.m.match(k); ref >= 0 {
		if w.m.nameOnly > 0 && w.m.isNew(w.m.client(ref).id) {
			// A client this import made, found by its email or phone: a sheet sorted newest
			// first that gained an email column made it of its first row, a new order, and
			// its older rows, found so, stay the client known by name alone whose stored
			// orders they are (the two, of one name, are listed as likely duplicates).
			if c := w.nameOnlyClient(row, hashName(nameKey(row))); c >= 0 {
				w.m.learn(c, keys{})
				return c, false, nil, nil
			}
		}
		if w.m.client(ref).namesake && !w.hasOrder(ref, row) {
			if c := w.correctedFrom(ref, row, k); c >= 0 {
				w.m.learn(c, keys{})
				return c, false, nil, nil
			}
		}
		if email, phone := w.m.learn(ref, k); email || phone {
			w.fill(ref, row, email, phone)
		}
		contact := k.email != (key{}) || k.phone != (key{}) // else rule 3: a merged client's name, say
		if contact && !w.m.sameLabel(ref, row.nameHash) && row.Name != "" && w.m.labels[ref] != "" && !w.sharedSeen[ref] &&
			!sameName(row.Name, w.m.labels[ref]) { // names folded only for a client not listed yet
			w.shared(ref, row)
		}
		return ref, false, nil, nil
	}
	if ref := w.storedOf(row, k); ref >= 0 {
		w.m.learn(ref, keys{})
		return ref, false, nil, nil
	}
	c := rowClient(row)
	if err := c.Validate(); err != nil {
		return -1, false, validationError(l, row, err), nil
	}
	ck := row.key      // the store keeps the keys too: they are made once
	if ck.Name == "" { // rowKey works it out only for rows with neither email nor phone
		ck.Name = nameKey(row)
		k.name = hashName(ck.Name)
	}
	if k == (keys{}) {
		return -1, false, unkeyedRow(l, row), nil
	}
	if ref := w.nameOnlyClient(row, k.name); ref >= 0 {
		email, phone := w.m.learn(ref, k)
		w.m.addName(ref, k.name) // the rows after it with the company it gives now find it
		w.fill(ref, row, email, phone)
		return ref, false, nil, nil
	}
	if ref := w.corrected(row, k.name); ref >= 0 {
		email, phone := w.m.correct(ref, k)
		w.correct(ref, row, email, phone, false)
		return ref, false, nil, nil
	}
	if w.dry {
		w.nextFake--
		c.ID = w.nextFake
	} else if err := w.load.AddKeyedClient(ctx, c, ck); err != nil {
		return -1, false, nil, err
	}
	ref = w.m.newClient(c.ID, c.Name)
	w.m.add(ref, k)
	w.m.client(ref).namesake = (k.email != (key{}) || k.phone != (key{})) && len(w.m.storedNamed(k.name)) > 0
	w.fills.made(ref, c)
	w.rep.ClientsCreated++
	return ref, true, nil, nil
}

// unkeyedRow is the bad row of a client that nothing tells apart: no email, no phone, and a
// name and company without a letter or a digit ("???", "ООО"). Made a client, it would be
// a new one at every import of the sheet, with its orders again.
func unkeyedRow(l *Layout, row *Row) *RowError {
	fi, v := iName, row.Name
	if regulars.TrimSpace(v) == "" {
		fi, v = iCompany, row.Company
	}
	return l.rowError(row.Line, fi, v, msg("import.row.unkeyed", "Q", quoted(v)))
}

// storedOf returns, for a row without email and phone whose name and company several clients
// have (rule 3 matches none), the one of them whose stored order the row's is, else -1: a
// sheet whose row without contacts matched its one client of the name, before a namesake with
// an email came, is the same on a re-import, not a new client and an order again. Where several
// have such an order, the first of them known by name alone, as the row is (two Annas of a
// salon, each with the same order of one day, as an export of Regulars lists them): the rows go
// to them in turn, the first to the first, whose next order of that kind is then none, the
// second to the next. An Anna with an email keeps hers for the row with that email.
func (w *writer) storedOf(row *Row, k keys) int32 {
	if k.email != (key{}) || k.phone != (key{}) || row.refund {
		return -1
	}
	found, first, n := int32(-1), int32(-1), 0
	for _, ref := range w.m.storedNamed(k.name) {
		if !w.hasOrder(ref, row) {
			continue
		}
		if c := w.m.client(ref); first < 0 && !c.emailed && c.phone == (key{}) {
			first = ref
		}
		found, n = ref, n+1
	}
	if n > 1 {
		return first
	}
	return found
}

// corrected returns the client whose email or phone the row corrects, else -1: the one client
// that existed before the import with the row's name and company, when it has an email or a
// phone of its own, the row's order is one of its stored orders (rule 5; a row with contacts
// that no rule matched), and the row differs from it in one contact at most. A sheet whose
// typo in an email was fixed (anna@exmaple.ru → anna@example.ru) made a second client of the
// fixed rows, and imported each of its orders again. The row's order, already the client's, is
// the evidence; a namesake's new order is not taken so, nor is the order of a row whose email
// and phone both are others (a namesake who bought the same that day), nor a row of a name
// several stored clients have.
func (w *writer) corrected(row *Row, name key) int32 {
	if name == (key{}) {
		return -1
	}
	refs, made := w.m.storedNamed(name), false
	if len(refs) == 0 && w.m.file > 0 { // of files imported together, a client an earlier one made
		if e, ok := w.m.byName.get(name); ok && e.others == 0 {
			refs, made = []int32{e.ref}, true
		}
	}
	if len(refs) != 1 {
		return -1
	}
	c, k := w.m.client(refs[0]), row.keys
	differ := 0
	if k.email != (key{}) && c.emailed { // else rule 1 had found it
		differ++
	}
	if k.phone != (key{}) && c.phone != (key{}) && k.phone != c.phone {
		differ++
	}
	has := w.hasRow
	if made {
		has = w.madeRow
	}
	if !c.emailed && c.phone == (key{}) || differ > 1 || !has(refs[0], row) { // known by name alone: rule 4's
		return -1
	}
	return refs[0]
}

// madeRow reports whether an earlier file of this import made the row's order, or refund row,
// as one of the client ref's (see writer.created).
func (w *writer) madeRow(ref int32, row *Row) bool {
	_, ok := w.created[w.nextKey(ref, row)]
	return ok
}

// nextKey returns the import key the row's order, or refund row, would have as the client
// ref's next of its kind (see regulars.OrderHash, RefundHash, OrderKey).
func (w *writer) nextKey(ref int32, row *Row) int64 {
	o := row.order
	o.ClientID = w.m.client(ref).id
	h := regulars.OrderHash(&o)
	if row.refund {
		h = regulars.RefundHash(&o)
	}
	return regulars.OrderKey(h, w.m.occurrence(ref, h))
}

// correctedFrom returns, for a row that found the client ref by an email or a phone that
// corrected a stored namesake's (see corrected), the namesake whose stored order the row's
// is, else -1. The client was made of a new order of a sheet sorted newest first, at this
// import: the older rows are still the namesake's orders, and the namesake keeps the row's
// email or phone as a key of its own (see matcher.aliases), by which the next import finds
// them its too. A client that existed before gives its rows to a namesake only so.
func (w *writer) correctedFrom(ref int32, row *Row, k keys) int32 {
	if !w.m.isNew(w.m.client(ref).id) {
		for _, a := range [...]key{k.email, k.phone} {
			if c, ok := w.m.aliases[a]; ok && a != (key{}) && c != ref && w.hasRow(c, row) {
				return c
			}
		}
		return -1
	}
	c := w.corrected(row, hashName(nameKey(row)))
	if c < 0 || c == ref {
		return -1
	}
	alias := keys{email: k.email} // what differs from the namesake's own (see corrected)
	if k.phone != w.m.client(c).phone {
		alias.phone = k.phone
	}
	w.correct(c, row, alias.email != (key{}), alias.phone != (key{}), true)
	w.m.addAlias(c, alias)
	return c
}

// correct records for the client ref the email and the phone a row corrected (see corrected),
// when set and valid: the store replaces the client's own with them, and keeps the old ones
// as keys an edit replaced; with alias, it keeps them as keys beside the client's own (see
// correctedFrom).
func (w *writer) correct(ref int32, row *Row, email, phone, alias bool) {
	if e, p := validContacts(row, email, phone); e != "" || p != "" {
		w.fills.corrected(ref, w.m.client(ref).id, e, p, alias)
	}
}

// shared records that a row of another name than its client's found the client by its email
// or phone; client calls it once a client.
func (w *writer) shared(ref int32, row *Row) {
	if w.sharedSeen == nil {
		w.sharedSeen = map[int32]bool{}
	}
	w.sharedSeen[ref] = true
	if len(w.rep.SharedContacts) < MaxSkippedListed {
		w.rep.SharedContacts = append(w.rep.SharedContacts, SharedContact{ClientID: w.m.client(ref).id, Name: w.m.labels[ref],
			Other: row.Name, File: row.File, Row: row.Line})
	}
}

// nameOnlyClient returns the stored client known by name alone (see matcher.contactless) whose
// stored order the row's is, found by the row's name key, or by its name without the company
// the row gives and the client has none of (a company column added to the sheet); else -1.
func (w *writer) nameOnlyClient(row *Row, name key) int32 {
	if w.m.nameOnly == 0 || blank(row.Name) && blank(row.Company) { // a name key, not the email's or the phone's
		return -1
	}
	if c := w.m.contactless(keys{name: name}); c >= 0 && w.hasOrder(c, row) {
		return c
	}
	if blank(row.Name) || blank(row.Company) {
		return -1
	}
	alone := hashName(regulars.ClientNameKey(row.Name, "", row.Email, row.Phone))
	if c := w.m.contactless(keys{name: alone}); c >= 0 && w.hasOrder(c, row) {
		return c
	}
	return -1
}

// orderHash returns the hash of the row's order o of the client ref (see regulars.OrderHash):
// of its service and title with their runs of spaces as one (see regulars.OneSpaced), unless an import
// before that keyed the order as the sheet has them, which it then is.
func (w *writer) orderHash(ref int32, row *Row, o *regulars.Order) uint64 {
	h := regulars.OrderHash(o)
	if row.spaced == nil {
		return h
	}
	raw := *o
	raw.Service, raw.Title = row.spaced[0], row.spaced[1]
	if hr := regulars.OrderHash(&raw); w.stored(ref, hr) {
		return hr
	}
	return h
}

// stored reports whether the next order of hash h of the client ref is a stored one: its key,
// as key would give it, is in the import index.
func (w *writer) stored(ref int32, h uint64) bool {
	_, ok := w.orders[regulars.OrderKey(h, w.m.occurrence(ref, h))]
	return ok
}

// hasOrder reports whether the row's order is a stored order of the client ref: the row is
// that client's, as an earlier import of the sheet made it.
func (w *writer) hasOrder(ref int32, row *Row) bool {
	if row.refund {
		return false
	}
	_, ok := w.orders[w.nextKey(ref, row)]
	return ok
}

// hasRow is hasOrder, and for a refund row, whether an earlier import applied it as a refund
// row of the client ref (see regulars.ImportIndex.Refunds).
func (w *writer) hasRow(ref int32, row *Row) bool {
	if !row.refund {
		return w.hasOrder(ref, row)
	}
	_, ok := w.refunded[w.nextKey(ref, row)]
	return ok
}

// sameName reports whether two names may be one person's: either is blank, or the words of one
// (folded as for matching) are all in the other ("Анна" and "Анна Смирнова"; not "Анна" and
// "Борис").
func sameName(a, b string) bool {
	wa, wb := strings.Fields(regulars.NormalizeName(a)), strings.Fields(regulars.NormalizeName(b))
	if len(wa) == 0 || len(wb) == 0 {
		return true
	}
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	for _, x := range wa {
		if !slices.Contains(wb, x) {
			return false
		}
	}
	return true
}
