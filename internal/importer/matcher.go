package importer

import (
	"sort"
	"strings"

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
// A row that matches no one makes a new client, whose keys later rows then match; a row that
// matches teaches its client the email or phone it did not have.
//
// The maps lead to a client's entry, which holds what the rules ask of the client, and the
// hashes of its orders keyed so far (see regulars.OrderHash): the usual row, whose email
// matches a client whose phone it repeats, costs one map lookup. A million-order import of
// 250,000 clients keeps it under 100 MB. Keys are cloned, so that they do not keep the
// sheet's rows alive.
type matcher struct {
	clients  []known
	byEmail  map[string]int32 // to an index of clients
	byPhone  map[string]int32
	byName   map[string]nameEntry
	lastSeen int64 // the largest ID of a client that existed before the import
	matched  int   // existing clients a row matched
}

// known is a client the matcher knows.
type known struct {
	id      int64
	phone   string           // the last phone a row of the client gave; byPhone has it
	emailed bool             // the client has an email, for rule 2
	matched bool             // an existing client a row matched
	orders  []uint64         // the hashes of the orders the import keyed for it
	counts  map[uint64]int32 // and their counts, instead, for a client of many orders
}

// manyOrders is how many order hashes a client keeps in a list; past it, a map counts them,
// so that a sheet of one walk-in client's thousands of orders is not quadratic.
const manyOrders = 32

// nameEntry is the clients with one name key: the first, and any others (likely duplicates).
type nameEntry struct {
	ref    int32
	name   string
	others *[]nameRef
}

type nameRef struct {
	id   int64
	name string
}

// newMatcher returns a matcher that knows the clients of idx. The maps are sized for those and
// grow for new ones: sizing them for every row of the sheet wastes 60 MB on a re-import.
func newMatcher(idx *regulars.ImportIndex) *matcher {
	n := len(idx.Clients) + 1024
	m := &matcher{byEmail: make(map[string]int32, n), byPhone: make(map[string]int32, n),
		byName: make(map[string]nameEntry, n), clients: make([]known, 0, n)}
	refs := make(map[int64]int32, len(idx.Clients)) // a merged client has several keys
	for _, k := range idx.Clients {
		ref, ok := refs[k.ID]
		if !ok {
			ref = m.newClient(k.ID)
			refs[k.ID] = ref
		}
		m.add(ref, k, k.Label)
		m.lastSeen = max(m.lastSeen, k.ID)
	}
	return m
}

// newClient adds a client without keys and returns its index.
func (m *matcher) newClient(id int64) int32 {
	m.clients = append(m.clients, known{id: id})
	return int32(len(m.clients) - 1)
}

// isNew reports whether the client id was created by this import: stores give new clients
// larger IDs than every existing one, and a dry run gives them negative ones.
func (m *matcher) isNew(id int64) bool { return id < 0 || id > m.lastSeen }

// add records keys of the client ref; the first client with a key keeps it.
func (m *matcher) add(ref int32, k regulars.ClientKey, name string) {
	c := &m.clients[ref]
	if _, ok := m.byEmail[k.Email]; k.Email != "" && !ok {
		m.byEmail[strings.Clone(k.Email)] = ref
	}
	if k.Phone != "" {
		if _, ok := m.byPhone[k.Phone]; !ok {
			m.byPhone[k.Phone] = ref // NormalizePhone made it: nothing to clone
		}
		c.phone = k.Phone
	}
	if k.Email != "" {
		c.emailed = true
	}
	if k.Name == "|" {
		return
	}
	e, ok := m.byName[k.Name]
	switch {
	case !ok:
		m.byName[k.Name] = nameEntry{ref: ref, name: strings.Clone(name)}
	case e.others == nil:
		e.others = &[]nameRef{{c.id, strings.Clone(name)}}
		m.byName[k.Name] = e
	default:
		*e.others = append(*e.others, nameRef{c.id, strings.Clone(name)})
	}
}

// learn gives the client ref the keys of k that no one else has, and counts an existing
// client as matched.
func (m *matcher) learn(ref int32, k regulars.ClientKey) {
	c := &m.clients[ref]
	if !c.matched && !m.isNew(c.id) {
		c.matched = true
		m.matched++
	}
	if k.Email != "" && !c.emailed {
		if _, ok := m.byEmail[k.Email]; !ok {
			m.byEmail[strings.Clone(k.Email)] = ref
			c.emailed = true
		}
	}
	if k.Phone != "" && k.Phone != c.phone {
		if _, ok := m.byPhone[k.Phone]; !ok {
			m.byPhone[k.Phone] = ref
		}
		c.phone = k.Phone
	}
}

// match returns the index of the client the key names, or -1.
func (m *matcher) match(k regulars.ClientKey) int32 {
	if k.Email != "" {
		if ref, ok := m.byEmail[k.Email]; ok {
			return ref
		}
	}
	if k.Phone != "" {
		if ref, ok := m.byPhone[k.Phone]; ok && (k.Email == "" || !m.clients[ref].emailed) {
			return ref
		}
	}
	if k.Email == "" && k.Phone == "" {
		if e, ok := m.byName[k.Name]; ok && e.others == nil {
			return e.ref
		}
	}
	return -1
}

// orderKey returns the import key of o, an order of the client ref (see regulars.OrderKey).
func (m *matcher) orderKey(ref int32, o *regulars.Order) int64 {
	c := &m.clients[ref]
	h := regulars.OrderHash(o)
	if c.counts == nil && len(c.orders) == manyOrders {
		c.counts = make(map[uint64]int32, 2*manyOrders)
		for _, g := range c.orders {
			c.counts[g]++
		}
		c.orders = nil
	}
	if c.counts != nil {
		c.counts[h]++
		return regulars.OrderKey(h, int(c.counts[h]))
	}
	n := 1
	for _, g := range c.orders {
		if g == h {
			n++
		}
	}
	c.orders = append(c.orders, h)
	return regulars.OrderKey(h, n)
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
	return regulars.ClientNameKey(row.Name, row.Company, row.Email, row.Phone)
}

// Duplicate is a group of clients that are likely the same person but that the rules did not
// merge: same name and company, different email or phone. `regulars merge` merges them.
type Duplicate struct {
	ClientIDs []int64  `json:"client_ids"`
	Names     []string `json:"names"`
	Reason    string   `json:"reason"`
}

// duplicates lists the groups of clients with the same name key of which at least one was
// created by this import, by their first ID.
func (m *matcher) duplicates() []Duplicate {
	out := []Duplicate{}
	for _, e := range m.byName {
		if e.others == nil {
			continue
		}
		id := m.clients[e.ref].id
		d := Duplicate{ClientIDs: []int64{id}, Names: []string{e.name}, Reason: "same name and company, different email or phone"}
		fresh := m.isNew(id)
		for _, o := range *e.others {
			d.ClientIDs, d.Names = append(d.ClientIDs, o.id), append(d.Names, o.name)
			fresh = fresh || m.isNew(o.id)
		}
		if fresh {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ClientIDs[0] < out[j].ClientIDs[0] })
	return out
}
