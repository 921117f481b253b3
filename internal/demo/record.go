package demo

import (
	"context"

	"github.com/regulars/regulars"
)

// The add methods validate a record and pass it to the loader. The first error sticks in
// g.err and the records after it are skipped, so the generating code need not check each call.

func (g *generator) addOrder(ctx context.Context, o *regulars.Order) {
	if g.valid(o) && g.done(g.load.AddOrder(ctx, o)) {
		g.stats.Orders++
	}
}

func (g *generator) addInteraction(ctx context.Context, i *regulars.Interaction) {
	if g.valid(i) && g.done(g.load.AddInteraction(ctx, i)) {
		g.stats.Interactions++
	}
}

func (g *generator) addDate(ctx context.Context, c *regulars.Client, kind string, on regulars.Date, yearly bool, note string) {
	d := &regulars.ImportantDate{ClientID: c.ID, Kind: kind, On: on, Yearly: yearly, Note: note, CreatedAt: c.CreatedAt}
	if g.valid(d) && g.done(g.load.AddImportantDate(ctx, d)) {
		g.stats.Dates++
	}
}

func (g *generator) addPlan(ctx context.Context, p *regulars.Plan) {
	if g.valid(p) && g.done(g.load.AddPlan(ctx, p)) {
		g.stats.Plans++
	}
}

func (g *generator) addEvent(ctx context.Context, c *regulars.Client, name string, on regulars.Date, note string) {
	e := &regulars.Event{ClientID: c.ID, Name: name, On: on, Note: note, CreatedAt: at(on, 14)}
	if g.valid(e) && g.done(g.load.AddEvent(ctx, e)) {
		g.stats.Events++
	}
}

// valid validates rec unless an earlier record failed, and reports whether all is well.
func (g *generator) valid(rec interface{ Validate() error }) bool {
	if g.err == nil {
		g.err = rec.Validate()
	}
	return g.err == nil
}

// done records the loader's answer and reports whether it succeeded.
func (g *generator) done(err error) bool {
	g.err = err
	return err == nil
}
