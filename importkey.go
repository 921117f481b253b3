package regulars

import "strconv"

// ImportKeys gives imported orders their Order.ImportKey, which identifies the sheet row an
// order came from across imports: the client, the day, the amount, the service and the title,
// and which occurrence of such a row this is (identical rows are separate orders: purchase
// logs have them). Status and the due and delivered dates are not part of it, so a re-import
// updates them instead of adding a copy.
//
// The import keys the rows of a sheet in order; merging two clients keys the kept client's
// imported orders again, in the order they were stored, so that a re-import finds them. The
// demo keys each client's orders as its export's rows. An order added in Regulars has no key
// until an import finds it by the row its export has (see ImportIndex.Keyless): edited
// before, it is found by its new content.
type ImportKeys struct{ seen map[uint64]int32 }

// NewImportKeys returns a keyer sized for n orders.
func NewImportKeys(n int) *ImportKeys { return &ImportKeys{seen: make(map[uint64]int32, n)} }

// Reset forgets the orders keyed so far: the next of each content is its first occurrence again.
func (k *ImportKeys) Reset() { clear(k.seen) }

// Key returns the key of o, the next occurrence of its content for its client, its service
// and title as a sheet's cells give them (see SheetHash).
func (k *ImportKeys) Key(o *Order) int64 {
	h := SheetHash(o)
	k.seen[h]++
	return OrderKey(h, int(k.seen[h]))
}

// RefundKey returns the key of r, a refund row, the next occurrence of its content for its
// client (see RefundHash).
func (k *ImportKeys) RefundKey(r *Order) int64 {
	h := RefundHash(r)
	k.seen[h]++
	return OrderKey(h, int(k.seen[h]))
}

// OrderHash hashes what identifies an imported order: its client, day, amount, service and
// title. Callers that keep each client's hashes themselves count the occurrences of a hash
// and call OrderKey; ImportKeys does both.
func OrderHash(o *Order) uint64 {
	var buf [24]byte
	h := uint64(fnvOffset)
	h = fnvAdd(h, strconv.AppendInt(buf[:0], o.ClientID, 10), 0)
	day, _ := o.OrderedOn.AppendText(buf[:0])
	h = fnvAdd(h, day, 0)
	h = fnvAdd(h, strconv.AppendInt(buf[:0], o.Amount.Minor, 10), 0)
	h = fnvAddString(fnvAdd(h, []byte(o.Amount.Currency), 0), o.Service)
	return fnvAdd(fnvAddString(fnvAdd(h, nil, 0), o.Title), nil, 0)
}

// SheetHash is OrderHash of o with its service and title as an import reads them from the
// cells of a sheet that has o (see SheetText): the hash its row, in an export of Regulars or
// in the sheet it came from, has. The importer hashes its rows, read so, with OrderHash.
func SheetHash(o *Order) uint64 {
	sheet := *o
	sheet.Service, sheet.Title = SheetText(o.Service), SheetText(o.Title)
	return OrderHash(&sheet)
}

// RefundHash hashes a refund row of a sheet (see the importer's refund rows): its order's hash,
// of the refunded amount, marked as a refund's, so that the row and the order it refunds, of
// the same day or not, never share a key.
func RefundHash(o *Order) uint64 { return fnvAdd(OrderHash(o), []byte("refund"), 0) }

// OrderKey returns the import key of the nth occurrence (from 1) of an order with hash h.
func OrderKey(h uint64, n int) int64 {
	var buf [24]byte
	v := int64(fnvAdd(h, strconv.AppendInt(buf[:0], int64(n), 10)) >> 1) // positive, as a BIGINT
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
