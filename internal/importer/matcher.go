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
// It holds a few map entries per client and nothing per order: a million-order import of
// 250,000 clients keeps it under 100 MB. Keys are cloned, so that they do not keep the sheet's
// rows alive.
type matcher struct {
	byEmail  map[string]int64
	byPhone  map[string]int64
	byName   map[string]nameEntry
	emailed  map[int64]bool // clients with an email, for rule 2
	lastSeen int64          // the largest ID of a client that existed before the import
}

// nameEntry is the clients with one name key: the first, and any others (likely duplicates).
type nameEntry struct {
	id     int64
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
	m := &matcher{byEmail: make(map[string]int64, n), byPhone: make(map[string]int64, n),
		byName: make(map[string]nameEntry, n), emailed: make(map[int64]bool, n)}
	for _, k := range idx.Clients {
		m.add(k, k.Label)
		m.lastSeen = max(m.lastSeen, k.ID)
	}
	return m
}

// isNew reports whether the client id was created by this import: stores give new clients
// larger IDs than every existing one, and a dry run gives them negative ones.
func (m *matcher) isNew(id int64) bool { return id < 0 || id > m.lastSeen }

// add records a client's keys; the first client with a key keeps it.
func (m *matcher) add(k regulars.ClientKey, name string) {
	if _, ok := m.byEmail[k.Email]; k.Email != "" && !ok {
		m.byEmail[strings.Clone(k.Email)] = k.ID
	}
	if _, ok := m.byPhone[k.Phone]; k.Phone != "" && !ok {
		m.byPhone[k.Phone] = k.ID // NormalizePhone made it: nothing to clone
	}
	if k.Email != "" {
		m.emailed[k.ID] = true
	}
	if k.Name == "|" {
		return
	}
	e, ok := m.byName[k.Name]
	switch {
	case !ok:
		m.byName[k.Name] = nameEntry{id: k.ID, name: strings.Clone(name)}
	case e.others == nil:
		e.others = &[]nameRef{{k.ID, strings.Clone(name)}}
		m.byName[k.Name] = e
	default:
		*e.others = append(*e.others, nameRef{k.ID, strings.Clone(name)})
	}
}

// learn gives the client id the keys of k that no one else has.
func (m *matcher) learn(id int64, k regulars.ClientKey) {
	if k.Email != "" && !m.emailed[id] {
		if _, ok := m.byEmail[k.Email]; !ok {
			m.byEmail[strings.Clone(k.Email)] = id
			m.emailed[id] = true
		}
	}
	if k.Phone != "" {
		if _, ok := m.byPhone[k.Phone]; !ok {
			m.byPhone[k.Phone] = id
		}
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
		if id, ok := m.byPhone[k.Phone]; ok && (k.Email == "" || !m.emailed[id]) {
			return id
		}
	}
	if k.Email == "" && k.Phone == "" {
		if e, ok := m.byName[k.Name]; ok && e.others == nil {
			return e.id
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
		d := Duplicate{ClientIDs: []int64{e.id}, Names: []string{e.name}, Reason: "same name and company, different email or phone"}
		fresh := m.isNew(e.id)
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
