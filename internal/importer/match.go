package importer

import (
	"context"
	"errors"
	"hash/fnv"
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

func newMatcher(idx *regulars.ImportIndex) *matcher {
	m := &matcher{byEmail: map[string]int64{}, byPhone: map[string]int64{}, byName: map[string][]int64{},
		email: map[int64]string{}, names: map[int64]string{}, isNew: map[int64]bool{}}
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
type orderKeyer struct{ seen map[uint64]int }

func (k *orderKeyer) key(o *regulars.Order) int64 {
	h := fnv.New64a()
	for _, s := range []string{strconv.FormatInt(o.ClientID, 10), o.OrderedOn.String(),
		strconv.FormatInt(o.Amount.Minor, 10), o.Amount.Currency, o.Service, o.Title} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	base := h.Sum64()
	k.seen[base]++
	h.Write([]byte(strconv.Itoa(k.seen[base])))
	v := int64(h.Sum64() >> 1) // positive, as a BIGINT
	if v == 0 {
		v = 1 // 0 means "not imported"
	}
	return v
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
	w := &writer{load: load, m: newMatcher(idx), orders: idx.Orders, keys: orderKeyer{seen: map[uint64]int{}},
		services: services, matched: map[int64]bool{}, dry: opts.DryRun, rep: rep}
	skipped, done := skippedSet(rep), 0
	for _, l := range layouts {
		err := l.Each(func(row *Row, bad *RowError, ign *Ignored) error {
			if row == nil || skipped[rowRef{row.File, row.Line}] {
				return nil
			}
			done++
			if opts.Progress != nil && done%10000 == 0 {
				opts.Progress(done, total)
			}
			return w.row(ctx, row)
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
	if opts.DryRun {
		return nil
	}
	if err := load.Commit(); err != nil {
		return err
	}
	rep.Written = true
	return nil
}

// rowRef names a row of a file.
type rowRef struct {
	file string
	line int
}

func skippedSet(rep *Report) map[rowRef]bool {
	out := make(map[rowRef]bool, len(rep.Skipped))
	for _, s := range rep.Skipped {
		out[rowRef{s.File, s.Row}] = true
	}
	return out
}

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

// writer matches each good row to a client and writes its order.
type writer struct {
	load     regulars.Loader
	m        *matcher
	orders   map[int64]regulars.OrderState
	keys     orderKeyer
	services map[string]int64
	matched  map[int64]bool
	nextFake int64 // IDs given to new clients on a dry run: negative, never stored
	dry      bool
	rep      *Report
}

func (w *writer) row(ctx context.Context, row *Row) error {
	id, err := w.client(ctx, row)
	if err != nil {
		return err
	}
	o := rowOrder(row, id)
	o.ServiceID = w.services[regulars.ServiceKey(o.Service)]
	if err := o.Validate(); err != nil {
		return err
	}
	o.ImportKey = w.keys.key(o)
	if st, ok := w.orders[o.ImportKey]; ok {
		return w.existing(ctx, o, st)
	}
	w.rep.OrdersCreated++
	if w.dry {
		return nil
	}
	return w.load.AddOrder(ctx, o)
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
func (w *writer) client(ctx context.Context, row *Row) (int64, error) {
	k := rowKey(row)
	if id := w.m.match(k); id != 0 {
		if !w.m.isNew[id] {
			w.matched[id] = true
		}
		w.m.learn(id, k)
		return id, nil
	}
	c := rowClient(row)
	if err := c.Validate(); err != nil {
		return 0, err
	}
	if w.dry {
		w.nextFake--
		c.ID = w.nextFake
	} else if err := w.load.AddClient(ctx, c); err != nil {
		return 0, err
	}
	k.ID, k.Name = c.ID, nameKey(row)
	w.m.add(k, c.Name)
	w.m.isNew[c.ID] = true
	w.rep.ClientsCreated++
	return c.ID, nil
}

func asError(err error, target **regulars.Error) bool { return errors.As(err, target) }
