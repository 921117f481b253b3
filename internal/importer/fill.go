package importer

import (
	"context"
	"slices"

	"github.com/regulars/regulars"
)

// fills gathers what a sheet's rows tell of the clients they name beyond what made or matched
// them, for Loader.FillClients: an email or a phone a client had none of (a row matched it by
// its other key), and a messenger, industry, source or notes, or tags, from a column added to
// the sheet or a later row of the client. A client keeps what it has; the first row that gives
// a field gives it.
//
// The store knows what a stored client has, and says which it changed; what a client the
// import made has, the rows say: the row that made it, and each one since (fresh). So a dry
// run counts both as a real one does, without writing the new clients.
type fills struct {
	byRef  map[int32]*pendingFill
	order  []int32 // the refs of byRef, as they came
	fields bool    // the file being read has a column of the fields: messenger… tags
}

// pendingFill is what rows gave one client.
type pendingFill struct {
	regulars.ClientFill
	fresh bool // a client the import made: the fill holds what it has too
	added bool // a row gave the client something it had none of, or corrected it (see corrected)
}

// entry returns the fill of the client ref whose ID is id, made on first use.
func (f *fills) entry(ref int32, id int64) *pendingFill {
	if f.byRef == nil {
		f.byRef = map[int32]*pendingFill{}
	}
	p := f.byRef[ref]
	if p == nil {
		p = &pendingFill{ClientFill: regulars.ClientFill{ClientID: id}}
		f.byRef[ref] = p
		f.order = append(f.order, ref)
	}
	return p
}

// made records the client c, which the row made as the client ref: what it has.
func (f *fills) made(ref int32, c *regulars.Client) {
	if !f.fields {
		return
	}
	p := f.entry(ref, c.ID)
	p.fresh = true
	p.Email, p.Phone, p.Messenger, p.Industry, p.Source, p.Notes = c.Email, c.Phone, c.Messenger, c.Industry, c.Source, c.Notes
	p.Tags = regulars.NormalizeTags(c.Tags)
}

// contacts records the email and the phone, when set, that the client ref had none of.
func (f *fills) contacts(ref int32, id int64, email, phone string) {
	p := f.entry(ref, id)
	for _, v := range [...]struct {
		have *string
		give string
	}{{&p.Email, email}, {&p.Phone, phone}} {
		if v.give != "" {
			*v.have, p.added = v.give, true
		}
	}
}

// corrected records the email and the phone, when set, that a row corrected the client ref's
// own with (see writer.corrected); with alias, that the client keeps as keys of its own beside
// another client's (see writer.correctedFrom).
func (f *fills) corrected(ref int32, id int64, email, phone string, alias bool) {
	p := f.entry(ref, id)
	p.added = true // a client this import made has something to send too
	e, ph := &p.NewEmail, &p.NewPhone
	if alias {
		e, ph = &p.AliasEmail, &p.AliasPhone
	}
	if email != "" {
		*e = email
	}
	if phone != "" {
		*ph = phone
	}
}

// gives reports whether the row has a field or a tag for row to record.
func (f *fills) gives(row *Row) bool {
	return f.fields && (row.Messenger != "" || row.Industry != "" || row.Source != "" || row.Notes != "" || len(row.Tags) > 0)
}

// row records the fields and tags of the row of the client ref that its fill has none of;
// a value the client's checks would refuse is left out.
func (f *fills) row(ref int32, id int64, row *Row) {
	p := f.entry(ref, id)
	var c regulars.Client // a client of the one field, for its checks
	for _, v := range [...]struct {
		have *string
		give string
		in   *string // the field in c
	}{{&p.Messenger, row.Messenger, &c.Messenger}, {&p.Industry, row.Industry, &c.Industry},
		{&p.Source, row.Source, &c.Source}, {&p.Notes, row.Notes, &c.Notes}} {
		if *v.have != "" || v.give == "" {
			continue
		}
		c = regulars.Client{Name: "-"}
		if *v.in = v.give; c.Validate() == nil {
			*v.have, p.added = v.give, true
		}
	}
	for _, t := range regulars.NormalizeTags(row.Tags) {
		if c := (regulars.Client{Name: "-", Tags: []string{t}}); !slices.Contains(p.Tags, t) && c.Validate() == nil {
			p.Tags, p.added = append(p.Tags, t), true
		}
	}
}

// write gives the clients what the rows gave them (on a dry run, only asks the store what it
// would change, in the load it rolls back) and returns how many clients it changed. The
// clients the import made send what they were made with too, for the store to record as the
// sheet's (see regulars.ClientFill.Made).
func (f *fills) write(ctx context.Context, load regulars.Loader, dry bool) (int, error) {
	var send []regulars.ClientFill
	changed := 0
	for _, ref := range f.order {
		p := f.byRef[ref]
		switch {
		case p.ClientID < 0 || dry && p.fresh: // a client the import makes, not written: the rows say what it has
			if p.added {
				changed++
			}
		case p.fresh && !p.added:
			if p.gives() {
				p.Made = true
				send = append(send, p.ClientFill)
			}
		default:
			send = append(send, p.ClientFill)
		}
	}
	if len(send) == 0 {
		return changed, nil
	}
	ids, err := load.FillClients(ctx, send)
	return changed + len(ids), err
}

// gives reports whether the fill has a field the store records (see regulars.ClientFill).
func (p *pendingFill) gives() bool {
	return p.Messenger != "" || p.Industry != "" || p.Source != "" || p.Notes != "" || len(p.Tags) > 0
}

// hasClientFields reports whether the layout reads a field that fills.row gives a client:
// messenger, industry, source, notes or tags.
func (l *Layout) hasClientFields() bool {
	for _, fi := range [...]int{iMessenger, iIndustry, iSource, iNotes, iTags} {
		if l.col[fi] >= 0 {
			return true
		}
	}
	return false
}
