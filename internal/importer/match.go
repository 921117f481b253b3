package importer

import (
	"context"
	"errors"
	"sort"
	"strconv"

	"github.com/regulars/regulars"
)

// matcher finds the client a row names, by the rules in this order:
//
//  1. the email, case-insensitively;
//  2. the phone, normalised (8 903 … = +7 903 …), when the email matched no one — but never a
//     client with another email: two people may share an office phone;
//  3. only when a row has neither email nor phone: the name and company, normalised, when
//     exactly one client has them.
//
// A row that matches no one makes a new client, whose keys later rows then match.
type matcher struct {
	byEmail map[string]int64
	byPhone map[string]int64
	byName  map[string][]int64
	email   map[int64]string // each client's email, for rule 2
	names   map[int64]string // each client's display name, for the duplicates list
	isNew   map[int64]bool
}

// newMatcher returns a matcher that knows the clients of idx, sized for rows more.
func newMatcher(idx *regulars.ImportIndex, rows int) *matcher {
	n := len(idx.Clients) + rows/4
	m := &matcher{byEmail: make(map[string]int64, n), byPhone: make(map[string]int64, n), byName: make(map[string][]int64, n),
		email: make(map[int64]string, n), names: make(map[int64]string, n), isNew: map[int64]bool{}}
	for _, k := range idx.Clients {
		m.add(k, k.Label)
	}
	return m
}

// add records a client's keys; the first client with a key keeps it.
func (m *matcher) add(k regulars.ClientKey, name string) {
	if _, ok := m.byEmail[k.Email]; k.Email != "" && !ok {
		m.byEmail[k.Email] = k.ID
	}
	if _, ok := m.byPhone[k.Phone]; k.Phone != "" && !ok {
		m.byPhone[k.Phone] = k.ID
	}
	if k.Name != "|" {
		m.byName[k.Name] = append(m.byName[k.Name], k.ID)
	}
	m.email[k.ID] = k.Email
	if name != "" {
		m.names[k.ID] = name
	}
}

// learn gives the client id the keys of k it has no one else has: a row matched by email
// teaches the client its phone, so that a later row with only that phone matches too.
func (m *matcher) learn(id int64, k regulars.ClientKey) {
	if _, ok := m.byEmail[k.Email]; k.Email != "" && !ok && m.email[id] == "" {
		m.byEmail[k.Email] = id
		m.email[id] = k.Email
	}
	if _, ok := m.byPhone[k.Phone]; k.Phone != "" && !ok {
		m.byPhone[k.Phone] = id
	}
}

// match returns the ID of the client the key names, or 0.
func (m *matcher) match(k regulars.ClientKey) int64 {
	if k.Email != "" {
		if id, ok := m.byEmail[k.Email]; ok {
			return id
		}
	}
	if k.Phone != "" {
		if id, ok := m.byPhone[k.Phone]; ok && (k.Email == "" || m.email[id] == "") {
			return id
		}
	}
	if k.Email == "" && k.Phone == "" {
		if ids := m.byName[k.Name]; len(ids) == 1 {
			return ids[0]
		}
	}
	return 0
}

// rowKey returns the matching keys of a row. The name key costs the most and matters only
// for rows with neither email nor phone, so it is left empty for the others; nameKey fills it.
func rowKey(row *Row) regulars.ClientKey {
	k := regulars.ClientKey{Email: regulars.NormalizeEmail(row.Email), Phone: regulars.NormalizePhone(row.Phone)}
	if k.Email == "" && k.Phone == "" {
		k.Name = nameKey(row)
	}
	return k
}

func nameKey(row *Row) string {
	return regulars.NormalizeName(row.Name) + "|" + regulars.NormalizeName(row.Company)
}

// Duplicate is a pair of clients that are likely the same person but that the rules did not
// merge: same name and company, different email or phone. `regulars merge` merges them.
type Duplicate struct {
	ClientIDs []int64  `json:"client_ids"`
	Names     []string `json:"names"`
	Reason    string   `json:"reason"`
}

// duplicates lists the groups of clients with the same name key of which at least one was
// created by this import.
func (m *matcher) duplicates() []Duplicate {
	out := []Duplicate{}
	for key, ids := range m.byName {
		if len(ids) < 2 || key == "|" {
			continue
		}
		fresh := false
		for _, id := range ids {
			fresh = fresh || m.isNew[id]
		}
		if !fresh {
			continue
		}
		d := Duplicate{ClientIDs: ids, Reason: "same name and company, different email or phone"}
		for _, id := range ids {
			d.Names = append(d.Names, m.names[id])
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ClientIDs[0] < out[j].ClientIDs[0] })
	return out
}

// orderKey identifies an imported order across imports: the client, the day, the amount, the
// service and the title, and which occurrence of such a row this is (identical rows are
// separate orders: purchase logs have them). Status and the due and delivered dates are not
// part of it, so a re-import updates them instead of adding a copy.
type orderKeyer struct{ seen map[uint64]int32 }

func (k *orderKeyer) key(o *regulars.Order) int64 {
	var buf [24]byte
	h := uint64(fnvOffset)
	h = fnvAdd(h, strconv.AppendInt(buf[:0], o.ClientID, 10), 0)
	h = fnvAdd(h, []byte(o.OrderedOn.String()), 0)
	h = fnvAdd(h, strconv.AppendInt(buf[:0], o.Amount.Minor, 10), 0)
	h = fnvAddString(fnvAdd(h, []byte(o.Amount.Currency), 0), o.Service)
	h = fnvAddString(fnvAdd(h, nil, 0), o.Title)
	k.seen[h]++
	v := int64(fnvAdd(h, strconv.AppendInt(buf[:0], int64(k.seen[h]), 10)) >> 1) // positive, as a BIGINT
	if v == 0 {
		v = 1 // 0 means "not imported"
	}
	return v
}

// FNV-1a, 64 bits, written out so that hashing a row allocates nothing.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fnvAdd hashes b and then the separator bytes into h.
func fnvAdd(h uint64, b []byte, sep ...byte) uint64 {
	for _, c := range b {
		h = (h ^ uint64(c)) * fnvPrime
	}
	for _, c := range sep {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

func fnvAddString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// write runs the write pass.
func write(ctx context.Context, bulk regulars.BulkService, catalog regulars.CatalogService, layouts []*Layout, total int, opts ImportOptions, rep *Report) error {
	services, err := serviceIDs(ctx, catalog)
	if err != nil {
		return err
	}
	load, err := bulk.BeginLoad(ctx)
	if err != nil {
		return err
	}
	defer load.Rollback()
	idx, err := load.ImportIndex(ctx)
	if err != nil {
		return err
	}
	w := newWriter(load, idx, services, total, opts.DryRun, rep)
	done := 0
	for _, l := range layouts {
		err := l.Each(func(row *Row, bad *RowError, ign *Ignored) error {
			done++
			if opts.Progress != nil && done%10000 == 0 {
				opts.Progress(done, total)
			}
			if ign != nil {
				rep.Ignored = append(rep.Ignored, IgnoredRow{File: ign.File, Row: ign.Line, Reason: ign.Reason})
				return nil
			}
			rep.Rows++
			if bad == nil {
				var err error
				if bad, err = w.row(ctx, row); err != nil {
					return err
				}
			}
			if bad != nil {
				rep.Skipped = append(rep.Skipped, SkippedRow{File: bad.File, Row: bad.Line, Column: bad.Column, Value: bad.Value, Error: bad.Error})
				// Without SkipBad nothing will be written: stop writing, keep reading.
				w.dry = w.dry || !opts.SkipBad
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if opts.Progress != nil {
		opts.Progress(done, total)
	}
	rep.ClientsMatched = len(w.matched)
	rep.Duplicates = w.m.duplicates()
	if w.dry {
		return nil
	}
	if err := load.Commit(); err != nil {
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

func newWriter(load regulars.Loader, idx *regulars.ImportIndex, services map[string]int64, rows int, dry bool, rep *Report) *writer {
	return &writer{load: load, m: newMatcher(idx, rows), orders: idx.Orders, keys: orderKeyer{seen: make(map[uint64]int32, rows)},
		services: services, seen: map[string]int64{}, matched: map[int64]bool{}, dry: dry, rep: rep}
}

// writer matches each good row to a client and writes its order.
type writer struct {
	load     regulars.Loader
	m        *matcher
	orders   map[int64]regulars.OrderState
	keys     orderKeyer
	services map[string]int64 // by service key
	seen     map[string]int64 // by the service as written: a cache of services
	matched  map[int64]bool
	nextFake int64 // IDs given to new clients on a dry run: negative, never stored
	dry      bool
	rep      *Report
}

// row writes the row's order and, when no one matches, its client. A row whose order or new
// client does not validate is returned as a bad row, and nothing of it is written.
func (w *writer) row(ctx context.Context, row *Row) (*RowError, error) {
	o := rowOrder(row, -1)
	if err := o.Validate(); err != nil {
		return validationError(row, err), nil
	}
	id, bad, err := w.client(ctx, row)
	if bad != nil || err != nil {
		return bad, err
	}
	o.ClientID = id
	o.ServiceID = w.serviceID(o.Service)
	o.ImportKey = w.keys.key(o)
	if st, ok := w.orders[o.ImportKey]; ok {
		return nil, w.existing(ctx, o, st)
	}
	w.rep.OrdersCreated++
	if w.dry {
		return nil, nil
	}
	return nil, w.load.AddOrder(ctx, o)
}

// serviceID returns the catalog ID of the service written as name, or 0.
func (w *writer) serviceID(name string) int64 {
	if name == "" {
		return 0
	}
	id, ok := w.seen[name]
	if !ok {
		id = w.services[regulars.ServiceKey(name)]
		if len(w.seen) < 10000 {
			w.seen[name] = id
		}
	}
	return id
}

// existing handles a row whose order is already stored: unchanged, or with a new state.
func (w *writer) existing(ctx context.Context, o *regulars.Order, st regulars.OrderState) error {
	if st.Status == o.Status && st.DueOn == o.DueOn && st.DeliveredOn == o.DeliveredOn {
		w.rep.OrdersExisting++
		return nil
	}
	w.rep.OrdersUpdated++
	w.orders[o.ImportKey] = regulars.OrderState{ID: st.ID, Status: o.Status, DueOn: o.DueOn, DeliveredOn: o.DeliveredOn}
	if w.dry {
		return nil
	}
	o.ID = st.ID
	return w.load.UpdateOrderState(ctx, o)
}

// client returns the ID of the row's client, creating it when no one matches.
func (w *writer) client(ctx context.Context, row *Row) (int64, *RowError, error) {
	k := rowKey(row)
	if id := w.m.match(k); id != 0 {
		if !w.m.isNew[id] {
			w.matched[id] = true
		}
		w.m.learn(id, k)
		return id, nil, nil
	}
	c := rowClient(row)
	if err := c.Validate(); err != nil {
		return 0, validationError(row, err), nil
	}
	if w.dry {
		w.nextFake--
		c.ID = w.nextFake
	} else if err := w.load.AddClient(ctx, c); err != nil {
		return 0, nil, err
	}
	k.ID, k.Name = c.ID, nameKey(row)
	w.m.add(k, c.Name)
	w.m.isNew[c.ID] = true
	w.rep.ClientsCreated++
	return c.ID, nil, nil
}

func asError(err error, target **regulars.Error) bool { return errors.As(err, target) }
