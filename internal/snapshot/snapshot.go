// Package snapshot keeps what the web app's pages show of the analyses — the metrics, every
// client's segment and prediction, today's agenda — computed in the background, so that no
// page waits for a model fit.
//
// A Keeper builds a Snapshot at start, then again whenever the data changes (its Version
// function says so, polled every few seconds, or Invalidate is called after a write) or the day
// turns; pages read Current, which is never half-built: a new snapshot replaces the old one
// whole. Between the change and the new snapshot, pages show the old one; the client card and
// the agenda's done/snooze/dismiss states are read live from the store.
//
//	store ──Build (seconds)──▶ *Snapshot ──atomic swap──▶ Current() ──▶ pages (microseconds)
package snapshot

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/agenda"
	"github.com/regulars/regulars/internal/analytics"
)

// Snapshot is the analyses as of one moment. It is read-only once built, so it is safe for
// concurrent use.
type Snapshot struct {
	Built time.Time
	AsOf  regulars.Date
	Took  time.Duration

	Metrics  analytics.Metrics
	Currency string
	// Rows has one row per client, orders or not, by ID.
	Rows []Row
	// Tags lists every tag in use, sorted.
	Tags []string
	// Segments counts the clients of each segment (index: analytics.SegmentCode).
	Segments [12]int
	// Items is today's agenda (items due within the week, and overdue ones), ranked, without
	// drafts; Agenda has the first agenda.Top of them with drafts, by language (locale.RU,
	// locale.EN). Drafts of every item of a 100,000-client base in two languages would hold
	// about 200 MB for a list nobody reads to the end.
	Items  []agenda.Item
	Agenda map[string][]agenda.Item

	byID   map[int64]int
	sorted map[string][]int32
	idx    index
}

// Item returns the open item with the key, with its draft in lang when it is among the top.
func (s *Snapshot) Item(key, lang string) (agenda.Item, bool) {
	for _, it := range s.Agenda[lang] {
		if it.Key == key {
			return it, true
		}
	}
	for _, it := range s.Items {
		if it.Key == key {
			return it, true
		}
	}
	return agenda.Item{}, false
}

// ItemsOf returns the client's open items, with drafts in lang for those among the top.
func (s *Snapshot) ItemsOf(clientID int64, lang string) []agenda.Item {
	var out []agenda.Item
	for _, it := range s.Items {
		if it.ClientID == clientID {
			if d, ok := s.Item(it.Key, lang); ok {
				it = d
			}
			out = append(out, it)
		}
	}
	return out
}

// Row is one client as the client list shows and sorts it.
type Row struct {
	ID                          int64
	Name, Company, Email, Phone string
	Tags                        []string
	Orders                      int
	LTV                         int64 // revenue so far, in minor units of the snapshot's currency
	First, Last, LastContact    regulars.Date
	Segment                     analytics.SegmentCode
	VIP, Sleeping, Personal     bool                  // Personal: of the personal value tier
	Prediction                  *analytics.Prediction // nil without orders or without a fit
	search                      string                // see searchText
}

// PAlive returns the client's P(alive), or NaN when there is none.
func (r *Row) PAlive() float64 {
	if r.Prediction == nil {
		return math.NaN()
	}
	return r.Prediction.PAlive
}

// CLV returns the predicted value of the next 12 months in major units, or NaN.
func (r *Row) CLV() float64 {
	if r.Prediction == nil {
		return math.NaN()
	}
	return r.Prediction.CLV
}

// Fold turns text into the form the search compares: lower case, one byte per letter. ASCII
// stays as it is, Cyrillic letters take one byte each above 0x80 (е and ё alike), anything
// else (control characters too, so a query never spans the index's line breaks) becomes 0xFF. One byte per letter keeps the scan of 100,000 clients quick: in UTF-8,
// every Cyrillic letter starts with the same two bytes, which defeats the byte search that
// strings.Contains starts from.
func Fold(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 0x20 && r < 0x80:
			b = append(b, byte(r))
		case r == 'ё':
			b = append(b, 0x80+byte('е'-'а'))
		case r >= 'а' && r <= 'я':
			b = append(b, 0x80+byte(r-'а'))
		default:
			b = append(b, 0xFF)
		}
	}
	return string(b)
}

// searchText is a client's search string, folded (see Fold): its name, company, e-mail,
// phone and messenger, then, when a word of its name or company mixes Latin and Cyrillic letters, the name and
// company with such words folded into one alphabet (see regulars.AppendFoldedWords), as the
// CLI's and the API's search has them: «Смирнова» finds «Cмирнова» typed with a Latin C.
func searchText(c *regulars.Client) string {
	s := c.Name + "\x00" + c.Company + "\x00" + c.Email + "\x00" + c.Phone + "\x00" + c.Messenger
	if f := regulars.AppendFoldedWords(nil, strings.ToLower(c.Name+" "+c.Company)); len(f) > 0 {
		s += "\x00" + string(f[1:])
	}
	return Fold(s)
}

// FoldQuery returns a search as Query has it: folded (see Fold), and, when a word of it mixes
// Latin and Cyrillic letters (typed with a letter of the other keyboard), with such words
// folded into one alphabet too (see regulars.FoldMixedWords); alt is "" when that is the same.
func FoldQuery(s string) (text, alt string) {
	text = Fold(s)
	if a := Fold(regulars.FoldMixedWords(strings.ToLower(s))); a != text {
		alt = a
	}
	return text, alt
}

// Row returns the client's row.
func (s *Snapshot) Row(id int64) (*Row, bool) {
	i, ok := s.byID[id]
	if !ok {
		return nil, false
	}
	return &s.Rows[i], true
}

// Source is what a Snapshot is built from.
type Source struct {
	Analyst analytics.Analyst
	Agenda  agenda.Sources
	// Loc is the business's time zone; Now the clock.
	Loc *time.Location
	Now func() time.Time
	// Langs are the languages of the agenda's drafts.
	Langs []string
}

// Build reads the base and computes a snapshot. It takes seconds on a large base.
func Build(ctx context.Context, src Source) (*Snapshot, error) {
	start := src.Now()
	today := regulars.DateOf(start.In(src.Loc))
	profile, err := regulars.ReadProfile(ctx, src.Agenda.Settings)
	if err != nil {
		return nil, err
	}
	an := src.Analyst
	an.Segment = analytics.SegmentOptionsOf(profile)
	ov, err := an.Overview(ctx, today)
	if err != nil {
		return nil, err
	}
	in, err := agenda.Gather(ctx, src.Agenda)
	if err != nil {
		return nil, err
	}
	in.Segments = ov.Segments()
	s := &Snapshot{Built: start, AsOf: today, Metrics: ov.Metrics, Currency: ov.Base.Currency, Agenda: map[string][]agenda.Item{}}
	s.rows(in.Clients, ov)
	s.Items = agenda.Build(in, start, src.Loc, agenda.ConfigOf(profile))
	agenda.Rank(s.Items, in, today)
	for _, lang := range src.Langs {
		top := slices.Clone(s.Items[:min(agenda.Top, len(s.Items))])
		agenda.Drafts(top, in, today, lang)
		s.Agenda[lang] = top
	}
	s.Took = src.Now().Sub(start)
	return s, nil
}

// rows fills Rows, Tags and Segments from the clients and the analyses.
func (s *Snapshot) rows(clients []*regulars.Client, ov *analytics.Overview) {
	s.Rows = make([]Row, len(clients))
	s.byID = make(map[int64]int, len(clients))
	tags := map[string]bool{}
	for i, c := range clients {
		s.Rows[i] = Row{ID: c.ID, Name: c.Name, Company: c.Company, Email: c.Email, Phone: c.Phone, Tags: c.Tags,
			LastContact: c.LastContact,
			search:      searchText(c)}
		for _, t := range c.Tags {
			tags[t] = true
		}
	}
	slices.SortFunc(s.Rows, func(a, b Row) int { return cmp.Compare(a.ID, b.ID) })
	for i := range s.Rows {
		s.byID[s.Rows[i].ID] = i
	}
	var preds []analytics.Prediction
	for i, sum := range ov.Base.Sums {
		r, ok := s.Row(sum.ClientID)
		if !ok {
			continue
		}
		r.Orders, r.LTV, r.First, r.Last = int(sum.Orders), sum.Revenue, sum.First, sum.Last
		seg := ov.Scores[i]
		r.Segment, r.VIP, r.Sleeping, r.Personal = seg.Segment, seg.VIP, seg.Sleeping, seg.ValueTier == analytics.TierPersonal
		s.Segments[seg.Segment]++
		if p, ok := ov.Prediction(i); ok {
			if preds == nil {
				preds = make([]analytics.Prediction, len(ov.Base.Sums)) // one allocation, not one per client
			}
			preds[i] = p
			r.Prediction = &preds[i]
		}
	}
	for t := range tags {
		s.Tags = append(s.Tags, t)
	}
	slices.Sort(s.Tags)
	s.sortRows()
	s.buildIndex()
}
