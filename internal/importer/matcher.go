package importer

import (
	"hash/maphash"
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
//     exactly one client has them;
//  4. when no rule matched: the name and company of the one client that has them and neither
//     an email nor a phone, or its name alone when the row gives a company the client has
//     none of, when the row's order is one of that client's stored orders (see contactless,
//     writer.nameOnlyClient);
//  5. when no rule matched a row with an email or a phone: the one stored client of its name
//     and company with contacts of its own, whose stored order the row's is, when the row
//     differs from it in one contact at most: the sheet corrected a typo (see
//     writer.corrected, writer.correctedFrom).
//
// A row that matches no one makes a new client, whose keys later rows then match; a row that
// matches teaches its client the email or phone it did not have.
//
// The maps lead to a client's entry, which holds what the rules ask of the client, and the
// hashes of its orders keyed so far (see regulars.OrderHash): the usual row, whose email
// matches a client whose phone it repeats, costs one lookup. The maps are keyed by hashes
// of the keys (see key), not by the strings: a lookup reads no string elsewhere in memory,
// and the collector has no pointers to follow in them. For a million orders of 253,000
// clients the matcher holds 68 MB (93 MB keyed by strings), and the import spends a tenth
// less CPU. The email's, the phone's and the name key's are tables of their own (see table),
// not Go maps; warm reads the first two ahead of the rows.
type matcher struct {
	clients [][]known // in blocks (see client)
	labels  []string  // by index of clients: the client's name, for duplicates
	// labelHashes is labels hashed (see nameHash): a row's name is compared with its client's
	// without reading the name elsewhere in memory (a miss of the caches for most rows).
	labelHashes []uint64
	byEmail     *keyTable // to an index of clients
	byPhone     *keyTable
	byName      *nameTable
	others      [][]int32 // the clients after the first with one name key (see nameEntry)
	lastSeen    int64     // the largest ID of a client that existed before the import
	matched     int       // existing clients a row matched
	nameOnly    int       // existing clients known by name alone: no email, no phone (see contactless)
	file        int32     // the index of the file being read, among the import's (see key)
	gone        gone      // the clients deleted in Regulars
	// aliases is, by an email or a phone another client has as its own, the client that keeps
	// it as an alias (see regulars.ImportIndex.Aliases, writer.correctedFrom).
	aliases map[key]int32
}

// gone is the clients deleted in Regulars (see regulars.ImportIndex.DeletedClients), by their
// keys: the maps lead to an index of list, the first deleted client with a key keeping it.
// Such a key is a deleted client's even where a living client has it too, when the living one
// is younger (see deleted): clients the import made of other rows after the deletion, a
// newcomer with its phone or its name, do not take its rows. A client the user adds again
// with its keys releases them (see the store's releaseDeleted).
type gone struct {
	byEmail, byPhone, byName map[key]int32
	list                     []goneClient
}

// goneClient is a client deleted in Regulars, and the rows of this import that named it.
type goneClient struct {
	id      int64
	name    string
	emailed bool // it had an email: a row of another email is not its, whatever the phone (rule 2)
	rows    int
}

// key is a normalised email, phone or name key as two independent 64-bit hashes, the zero
// key standing for none. Two different keys hash alike with a probability of about
// n²/2¹²⁸ for n keys: for a million, 3·10⁻²⁷, far below the odds of a memory error. The
// seeds are random, so no sheet can be made to collide on purpose.
type key struct{ a, b uint64 }

var keySeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

// hashKey returns the key of s; "" has the zero key.
func hashKey(s string) key {
	if s == "" {
		return key{}
	}
	return key{maphash.String(keySeeds[0], s), maphash.String(keySeeds[1], s) | 1}
}

// keys is a row's or a client's matching keys (see regulars.ClientKey), hashed; a name key
// of "|" (no name, no company) is none.
type keys struct{ email, phone, name key }

func hashKeys(k regulars.ClientKey) keys {
	return keys{email: hashKey(k.Email), phone: hashKey(k.Phone), name: hashName(k.Name)}
}

// hashName returns the key of a name key, "|" (no name, no company) having none.
func hashName(s string) key {
	if s == "|" {
		return key{}
	}
	return hashKey(s)
}

// known is a client the matcher knows.
type known struct {
	id       int64
	phone    key              // the last phone a row of the client gave; byPhone has it
	emailed  bool             // the client has an email, for rule 2
	matched  bool             // an existing client a row matched
	namesake bool             // a client that existed before the import has its name too (see writer.corrected)
	file     int32            // the file (of the import's) whose rows orders and counts count
	orders   []uint64         // the hashes of the orders the file keyed for it
	counts   map[uint64]int32 // and their counts, instead, for a client of many orders
}

// manyOrders is how many order hashes a client keeps in a list; past it, a map counts them,
// so that a sheet of one walk-in client's thousands of orders is not quadratic.
const manyOrders = 32

// nameEntry is the clients with one name key: the first, and any others (likely duplicates)
// as 1 + an index of matcher.others, or 0.
type nameEntry struct {
	ref    int32
	others int32
}

// newMatcher returns a matcher that knows the clients of idx. The maps are sized for those and
// grow for new ones: sizing them for every row of the sheet wastes memory on a re-import.
func newMatcher(idx *regulars.ImportIndex) *matcher {
	n := len(idx.Clients) + 1024
	m := &matcher{byEmail: newKeyTable(n), byPhone: newKeyTable(n),
		byName: newNameTable(n), labels: make([]string, 0, n), labelHashes: make([]uint64, 0, n)}
	refs := make(map[int64]int32, len(idx.Clients)) // a merged client has several keys
	for _, k := range idx.Clients {
		ref, ok := refs[k.ID]
		if !ok {
			ref = m.newClient(k.ID, k.Label)
			refs[k.ID] = ref
		}
		m.add(ref, hashKeys(k))
		m.lastSeen = max(m.lastSeen, k.ID)
	}
	m.byName.each(func(e nameEntry) {
		if e.others > 0 {
			for _, ref := range m.named(e) {
				m.client(ref).namesake = true
			}
		}
	})
	for _, k := range idx.Aliases {
		if ref, ok := refs[k.ID]; ok {
			m.addAlias(ref, hashKeys(k))
		}
	}
	m.addGone(idx.DeletedClients)
	for ref := range int32(len(m.labels)) {
		if c := m.client(ref); !c.emailed && c.phone == (key{}) {
			m.nameOnly++
		}
	}
	return m
}

// addGone records the deleted clients' keys.
func (m *matcher) addGone(deleted []regulars.ClientKey) {
	if len(deleted) == 0 {
		return
	}
	g := &m.gone
	g.byEmail, g.byPhone, g.byName = map[key]int32{}, map[key]int32{}, map[key]int32{}
	at := map[int64]int32{}
	for _, d := range deleted {
		i, ok := at[d.ID]
		if !ok {
			i = int32(len(g.list))
			at[d.ID] = i
			g.list = append(g.list, goneClient{id: d.ID, name: d.Label})
		}
		k := hashKeys(d)
		if k.email != (key{}) {
			g.list[i].emailed = true
			addFirst(g.byEmail, k.email, i)
		}
		if k.phone != (key{}) {
			addFirst(g.byPhone, k.phone, i)
		}
		if k.name != (key{}) {
			addFirst(g.byName, k.name, i)
		}
	}
}

// addAlias records the email and the phone of k as aliases of ref.
func (m *matcher) addAlias(ref int32, k keys) {
	if m.aliases == nil {
		m.aliases = map[key]int32{}
	}
	for _, a := range [...]key{k.email, k.phone} {
		if a != (key{}) {
			m.aliases[a] = ref
		}
	}
}

// addFirst maps k to v unless m has k already.
func addFirst(m map[key]int32, k key, v int32) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

// deleted returns the index in m.gone.list of the deleted client that k names, or -1, by the
// rules of match, a deleted client counting as a living one: the stronger rule decides (a row
// with a deleted client's email and a living one's phone is the deleted one's), and of one
// rule's, the client that had the key first keeps it, as among the living (see add). A living
// client older than the deleted one had it first; a younger one, and every client the import
// makes, had it after: a client the import made of a row of another email and the deleted
// client's phone or name does not take the deleted client's rows, at this import or the next.
func (m *matcher) deleted(k keys) int32 {
	g := &m.gone
	if len(g.list) == 0 {
		return -1
	}
	if k.email != (key{}) {
		i, gone := g.byEmail[k.email]
		ref, live := m.byEmail.get(k.email)
		if gone && !(live && m.older(ref, i)) {
			return i
		} else if live {
			return -1
		}
	}
	if k.phone != (key{}) {
		i, gone := g.byPhone[k.phone]
		gone = gone && (k.email == (key{}) || !g.list[i].emailed)
		ref, live := m.byPhone.get(k.phone)
		live = live && (k.email == (key{}) || !m.client(ref).emailed)
		if gone && !(live && m.older(ref, i)) {
			return i
		} else if live {
			return -1
		}
	}
	if k.email == (key{}) && k.phone == (key{}) {
		i, gone := g.byName[k.name]
		e, live := m.byName.get(k.name) // of namesakes, the first is the oldest: newMatcher adds them in order of ID
		if gone && !(live && m.older(e.ref, i)) {
			return i
		}
	}
	return -1
}

// older reports whether the living client ref existed before the deleted client i was made:
// IDs only grow, on both engines.
func (m *matcher) older(ref, i int32) bool {
	id := m.client(ref).id
	return !m.isNew(id) && id < m.gone.list[i].id
}

// goneNamed returns the deleted clients that rows named, by their IDs.
func (m *matcher) goneNamed() []DeletedClient {
	out := []DeletedClient{}
	for _, c := range m.gone.list {
		if c.rows > 0 {
			out = append(out, DeletedClient{ClientID: c.id, Name: c.name, Rows: c.rows})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ClientID < out[j].ClientID })
	return out
}

// DeletedClient is a client deleted in Regulars whose rows an import left out.
type DeletedClient struct {
	ClientID int64  `json:"client_id"` // the ID it had
	Name     string `json:"name"`      // and its name
	Rows     int    `json:"rows"`
}

// clientBlock is how many clients a block of matcher.clients holds. Kept in blocks, a new
// client never copies the others: a slice of 253,000 that doubled as it grew copied 32 MB,
// and held two copies of 16 MB at its last growth.
const clientBlock = 1 << 12

// client returns the client at index ref.
func (m *matcher) client(ref int32) *known {
	return &m.clients[ref/clientBlock][ref%clientBlock]
}

// newClient adds a client without keys and returns its index; label is its name.
func (m *matcher) newClient(id int64, label string) int32 {
	ref := int32(len(m.labels))
	if ref%clientBlock == 0 {
		m.clients = append(m.clients, make([]known, 0, clientBlock))
	}
	b := &m.clients[len(m.clients)-1]
	*b = append(*b, known{id: id})
	m.labels = append(m.labels, strings.Clone(label))
	m.labelHashes = append(m.labelHashes, nameHash(label))
	return ref
}

// nameHash returns a hash of a name as written, for telling a row's name from its client's:
// two different names hash alike with a probability of 2⁻⁶⁴, the seed being random.
func nameHash(s string) uint64 { return maphash.String(keySeeds[0], s) }

// sameLabel reports whether a row whose name hashes to h (see nameHash) gives the name the
// client ref has.
func (m *matcher) sameLabel(ref int32, h uint64) bool { return m.labelHashes[ref] == h }

// isNew reports whether the client id was created by this import: stores give new clients
// larger IDs than every existing one, and a dry run gives them negative ones.
func (m *matcher) isNew(id int64) bool { return id < 0 || id > m.lastSeen }

// add records keys of the client ref; the first client with a key keeps it.
func (m *matcher) add(ref int32, k keys) {
	c := m.client(ref)
	if k.email != (key{}) {
		m.byEmail.add(k.email, ref)
	}
	if k.phone != (key{}) {
		m.byPhone.add(k.phone, ref)
		c.phone = k.phone
	}
	if k.email != (key{}) {
		c.emailed = true
	}
	if k.name == (key{}) {
		return
	}
	s, had := m.byName.slot(k.name) // not the zero key: returned above
	switch {
	case !had:
		s.v = nameEntry{ref: ref}
	case s.v.others == 0:
		m.others = append(m.others, []int32{ref})
		s.v.others = int32(len(m.others))
	default:
		m.others[s.v.others-1] = append(m.others[s.v.others-1], ref)
	}
}

// addName gives the client ref the name key name too, when no client has it.
func (m *matcher) addName(ref int32, name key) {
	m.byName.add(name, nameEntry{ref: ref}) // not the zero key: the table refuses it
}

// learn gives the client ref the keys of k that no one else has, and counts an existing
// client as matched.
//
// It reports whether it gave a client that had no email the row's (no one else has it), and
// one that had no phone the row's: the client's record should have them too.
func (m *matcher) learn(ref int32, k keys) (email, phone bool) {
	c := m.client(ref)
	if !c.matched && !m.isNew(c.id) {
		c.matched = true
		m.matched++
	}
	if k.email != (key{}) && !c.emailed {
		if m.byEmail.add(k.email, ref) {
			c.emailed, email = true, true
		}
	}
	if k.phone != (key{}) && k.phone != c.phone {
		phone = m.byPhone.add(k.phone, ref) && c.phone == (key{})
		c.phone = k.phone
	}
	return email, phone
}

// correct gives the client ref, whose email or phone a row corrected (see writer.corrected),
// the row's keys that no one has, in place of its own, and counts it as matched. It reports
// which it gave.
func (m *matcher) correct(ref int32, k keys) (email, phone bool) {
	m.learn(ref, keys{})
	c := m.client(ref)
	if k.email != (key{}) {
		email = m.byEmail.add(k.email, ref)
		c.emailed = true
	}
	if k.phone != (key{}) && k.phone != c.phone {
		phone = m.byPhone.add(k.phone, ref)
		c.phone = k.phone
	}
	return email, phone
}

// warmSink keeps warm's reads from being optimised away.
var warmSink uint64

// warm reads ahead, for a batch of rows, the memory that matching them row by row will read:
// the first table slot of each row's email (or phone), then the entry of the client there,
// then its orders' hashes. Each pass's reads are independent of each other, so the CPU waits
// for many of them at once, where matching waits for each row's one after the other (the
// slot, then the client, then the hashes: three misses of the caches in a million-order
// import, which reads hundreds of megabytes besides). What it reads is a guess, and no state
// changes: the rows are matched as before.
func (m *matcher) warm(batch []item) {
	var refs [pipeBatch]int32
	refs2 := refs[:min(len(batch), pipeBatch)]
	for i := range refs2 {
		it := &batch[i]
		switch k := &it.row.keys; {
		case it.bad != nil || it.ign != nil:
			refs2[i] = -1
		case k.email != (key{}):
			refs2[i], _ = m.byEmail.first(k.email) // an empty slot: client 0, read for nothing
		case k.phone != (key{}):
			refs2[i], _ = m.byPhone.first(k.phone)
		default:
			refs2[i] = -1
		}
	}
	var x uint64
	n := int32(len(m.labels))
	for i, ref := range refs2 {
		if ref < 0 || ref >= n {
			refs2[i] = -1
			continue
		}
		x += uint64(len(m.client(ref).orders)) + m.labelHashes[ref]
	}
	for _, ref := range refs2 {
		if ref < 0 {
			continue
		}
		if o := m.client(ref).orders; len(o) > 0 {
			x += o[0]
		}
	}
	warmSink = x
}

// match returns the index of the client the keys name, or -1.
func (m *matcher) match(k keys) int32 {
	if k.email != (key{}) {
		if ref, ok := m.byEmail.get(k.email); ok {
			return ref
		}
	}
	if k.phone != (key{}) {
		if ref, ok := m.byPhone.get(k.phone); ok && (k.email == (key{}) || !m.client(ref).emailed) {
			return ref
		}
	}
	if k.email == (key{}) && k.phone == (key{}) {
		if e, ok := m.byName.get(k.name); ok && e.others == 0 {
			return e.ref
		}
	}
	return -1
}

// named returns the clients of the name entry e: its first, and the others.
func (m *matcher) named(e nameEntry) []int32 {
	if e.others == 0 {
		return []int32{e.ref}
	}
	return append([]int32{e.ref}, m.others[e.others-1]...)
}

// storedNamed returns the clients with the name key name that existed before the import, at
// most maxNamesakes of them. They come first in the name's list (newMatcher adds them before
// the import's own): a name of new clients only, as every name of a first import, costs a look.
func (m *matcher) storedNamed(name key) []int32 {
	if m.lastSeen == 0 { // no client before the import: a first import asks for each new client
		return nil
	}
	e, ok := m.byName.get(name) // the zero key is never found
	if !ok || m.isNew(m.client(e.ref).id) {
		return nil
	}
	refs := m.named(e)
	n := 0
	for n < len(refs) && n < maxNamesakes && !m.isNew(m.client(refs[n]).id) {
		n++
	}
	return refs[:n]
}

// maxNamesakes bounds the clients of one name storedNamed returns: a sheet of first names
// alone, thousands of Аннаs, would look at each for every row.
const maxNamesakes = 16

// contactless returns the client that k's name key names, when one client that existed before
// the import alone has it and neither an email nor a phone, else -1. It is rule 4, for a row
// that no rule matched and whose order the client has already (see writer.nameOnlyClient): a
// client known by name alone (a sheet without contacts, imported before) who now gives an
// email, a phone or a company. Rule 3
// matches a row without contacts to a client with them, and a row with them made a second
// client of the name and took its orders again, so that an email column added to the sheet
// doubled the orders re-imported with it. A client with an email or a phone is someone else's
// namesake, as rule 1 and 2 decide; so is a row of another order, since two people of one
// name may each give their email (the first row would take the other's orders).
func (m *matcher) contactless(k keys) int32 {
	refs := m.storedNamed(k.name)
	if len(refs) == maxNamesakes {
		return -1 // too many of that name to tell
	}
	found := int32(-1)
	for _, ref := range refs {
		switch c := m.client(ref); {
		case c.emailed || c.phone != (key{}):
		case found >= 0:
			return -1 // two of that name known by name alone: which one is unclear
		default:
			found = ref
		}
	}
	return found
}

// refundKey returns the import key of o, a refund row of the client ref (see regulars.RefundHash).
func (m *matcher) refundKey(ref int32, o *regulars.Order) int64 {
	return m.key(ref, regulars.RefundHash(o))
}

// key returns the import key of the next occurrence of the hash h for the client ref in the
// file being read: identical rows of one file are as many orders, and a row of another file of
// the import is the same order as its first such row there, as a later import would find it.
func (m *matcher) key(ref int32, h uint64) int64 {
	c := m.client(ref)
	if c.file != m.file {
		c.file, c.orders, c.counts = m.file, c.orders[:0], nil
	}
	if c.counts == nil && len(c.orders) == manyOrders {
		c.counts = make(map[uint64]int32, 2*manyOrders)
		for _, g := range c.orders {
			c.counts[g]++
		}
		c.orders = nil
	}
	n := m.occurrence(ref, h)
	if c.counts != nil {
		c.counts[h]++
	} else {
		c.orders = append(c.orders, h)
	}
	return regulars.OrderKey(h, n)
}

// occurrence returns which occurrence of the hash h the next row of the client ref would be
// in the file being read, as key counts them, without counting it.
func (m *matcher) occurrence(ref int32, h uint64) int {
	c := m.client(ref)
	switch {
	case c.file != m.file:
		return 1
	case c.counts != nil:
		return int(c.counts[h]) + 1
	}
	n := 1
	for _, g := range c.orders {
		if g == h {
			n++
		}
	}
	return n
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

// SharedContact is a client that a row of another name found by the client's email or phone.
type SharedContact struct {
	ClientID int64  `json:"client_id"`
	Name     string `json:"name"`  // the client's
	Other    string `json:"other"` // the row's
	File     string `json:"file"`
	Row      int    `json:"row"`
}

// Duplicate is a group of clients that are likely the same person but that the rules did not
// merge: same name and company, different email or phone. `regulars merge` merges them.
type Duplicate struct {
	ClientIDs []int64  `json:"client_ids"`
	Names     []string `json:"names"`
	Reason    string   `json:"reason"` // in English
	msg       message
}

// ReasonText returns why the clients may be one, in lang.
func (d Duplicate) ReasonText(lang string) string { return d.msg.or(d.Reason, lang) }

var reasonSameName = msg("import.duplicate.same_name")

// duplicates lists the groups of clients with the same name key of which at least one was
// created by this import, by their first ID.
func (m *matcher) duplicates() []Duplicate {
	out := []Duplicate{}
	m.byName.each(func(e nameEntry) {
		if e.others == 0 {
			return
		}
		d := Duplicate{Reason: reasonSameName.String(), msg: reasonSameName}
		fresh := false
		for _, ref := range m.named(e) {
			id := m.client(ref).id
			d.ClientIDs, d.Names = append(d.ClientIDs, id), append(d.Names, m.labels[ref])
			fresh = fresh || m.isNew(id)
		}
		if fresh {
			out = append(out, d)
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ClientIDs[0] < out[j].ClientIDs[0] })
	return out
}
