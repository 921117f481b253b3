package store

import (
	"encoding/binary"
	"time"

	"github.com/regulars/regulars"
)

// copyData is rows of one table in COPY's binary format, ready to send: a header, then for
// each row its number of fields and each field's length and bytes (-1 for NULL), big-endian.
// PostgreSQL reads integers, dates and timestamps in this form without parsing text, which
// makes the server's side of a load about a third quicker than the text format, and writing
// it directly from typed values costs the caller next to nothing.
type copyData struct {
	b    []byte
	rows int
	ids  []int // where each row's ID placeholder is in b (see serial)
}

// copySignature starts a binary COPY stream; flags and header extension length follow.
const copySignature = "PGCOPY\n\xff\r\n\x00"

// PostgreSQL's epoch, 2000-01-01: as a day, and in microseconds since 1970-01-01.
var pgEpochDate = regulars.NewDate(2000, time.January, 1)

const pgEpochMicros = 10_957 * 86_400 * 1_000_000

// row starts a row of n fields.
func (c *copyData) row(n int) {
	if len(c.b) == 0 {
		c.b = append(c.b, copySignature...)
		c.b = binary.BigEndian.AppendUint32(c.b, 0) // flags
		c.b = binary.BigEndian.AppendUint32(c.b, 0) // header extension
	}
	c.b = binary.BigEndian.AppendUint16(c.b, uint16(n))
	c.rows++
}

// copyHeaderLen is the length of the stream's header: the signature, flags and extension length.
const copyHeaderLen = len(copySignature) + 8

// appendRows appends the rows of src, whose IDs must be set already (see setIDs): the
// placeholders' places are not carried over.
func (c *copyData) appendRows(src *copyData) {
	if src.rows == 0 {
		return
	}
	if c.rows == 0 {
		c.b = append(c.b[:0], src.b...)
	} else {
		c.b = append(c.b, src.b[copyHeaderLen:]...)
	}
	c.rows += src.rows
}

// filled returns how many rows hold a value, not NULL, in their field k (from 0).
func (c *copyData) filled(k int) int {
	n := 0
	for at, row := copyHeaderLen, 0; row < c.rows; row++ {
		fields := int(binary.BigEndian.Uint16(c.b[at:]))
		at += 2
		for f := range fields {
			size := int32(binary.BigEndian.Uint32(c.b[at:]))
			at += 4
			if size >= 0 {
				at += int(size)
				if f == k {
					n++
				}
			}
		}
	}
	return n
}

// end returns the stream with its trailer; the data must not be added to afterwards.
func (c *copyData) end() []byte {
	return binary.BigEndian.AppendUint16(c.b, 0xffff)
}

// reset empties the data, keeping its memory.
func (c *copyData) reset() { c.b, c.rows, c.ids = c.b[:0:cap(c.b)], 0, c.ids[:0] }

// serial writes a BIGINT ID that is not known yet, for setIDs to fill.
func (c *copyData) serial() {
	c.b = binary.BigEndian.AppendUint32(c.b, 8)
	c.ids = append(c.ids, len(c.b))
	c.b = binary.BigEndian.AppendUint64(c.b, 0)
}

// setIDs fills the rows' serial IDs, in order.
func (c *copyData) setIDs(ids []int64) {
	for i, at := range c.ids {
		binary.BigEndian.PutUint64(c.b[at:], uint64(ids[i]))
	}
}

func (c *copyData) null() { c.b = binary.BigEndian.AppendUint32(c.b, 0xffffffff) }

// int64 writes a BIGINT.
func (c *copyData) int64(v int64) {
	c.b = binary.BigEndian.AppendUint32(c.b, 8)
	c.b = binary.BigEndian.AppendUint64(c.b, uint64(v))
}

// id writes a BIGINT reference, NULL for 0.
func (c *copyData) id(v int64) {
	if v == 0 {
		c.null()
		return
	}
	c.int64(v)
}

// text writes a TEXT. The server checks that it is valid in its encoding, as it does for
// the text format.
func (c *copyData) text(s string) {
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(len(s)))
	c.b = append(c.b, s...)
}

// search writes the search text of c (see clientSearch), made in place.
func (c *copyData) search(cl *regulars.Client) {
	at := len(c.b)
	c.b = binary.BigEndian.AppendUint32(c.b, 0)
	c.b = appendSearch(c.b, cl)
	binary.BigEndian.PutUint32(c.b[at:], uint32(len(c.b)-at-4))
}

// bool writes a BOOLEAN.
func (c *copyData) bool(v bool) {
	c.b = binary.BigEndian.AppendUint32(c.b, 1)
	if v {
		c.b = append(c.b, 1)
	} else {
		c.b = append(c.b, 0)
	}
}

// date writes a DATE, NULL for the zero Date: days since 2000-01-01.
func (c *copyData) date(d regulars.Date) {
	if d.IsZero() {
		c.null()
		return
	}
	c.b = binary.BigEndian.AppendUint32(c.b, 4)
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(int32(d.Sub(pgEpochDate))))
}

// time writes a TIMESTAMPTZ: microseconds since 2000-01-01 UTC.
func (c *copyData) time(t time.Time) {
	c.b = binary.BigEndian.AppendUint32(c.b, 8)
	c.b = binary.BigEndian.AppendUint64(c.b, uint64(t.UnixMicro()-pgEpochMicros))
}
