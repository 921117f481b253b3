package demo

import (
	"context"

	"github.com/regulars/regulars"
)

// calendar adds the client's important dates: a birthday, the company's anniversary, the
// professional holiday, a seasonal campaign and a product launch. The studio knows more
// dates of the clients it works with often.
func (g *generator) calendar(ctx context.Context, a archetype, c *regulars.Client, p person, ind *industry) {
	depth := [...]float64{archVIP: 1, archRegular: 0.8, archSleeping: 0.6, archNew: 0.5, archOneOff: 0.35}[a]
	asOf := g.cfg.AsOf
	if g.chance(0.8 * depth) {
		born := g.dayOf(g.between(1965, 2000))
		g.addDate(ctx, c, regulars.DateBirthday, born, true, "День рождения: "+p.first)
	}
	if c.Company != "" && g.chance(0.6*depth) {
		founded := g.dayOf(g.between(2003, asOf.Year()-1))
		g.addDate(ctx, c, regulars.DateCompanyAnniversary, founded, true, "День рождения компании "+c.Company)
	}
	if g.chance(0.4 * depth) {
		h := ind.holiday
		day := h.in(asOf.Year())
		if day.Before(asOf) {
			day = h.in(asOf.Year() + 1)
		}
		// A holiday on a fixed day recurs on it; one on "the second Sunday" moves, so only
		// its next occurrence is stored.
		g.addDate(ctx, c, regulars.DateHoliday, day, h.day > 0, h.name)
	}
	if len(ind.seasons) > 0 && g.chance(0.5*depth) {
		s := pick(g, ind.seasons)
		g.addDate(ctx, c, regulars.DateSeason, regulars.NewDate(asOf.Year(), s.month, s.day), true, s.note)
	}
	if g.chance(0.3 * depth) {
		day := asOf.AddDays(g.between(30, 300))
		if g.chance(0.3) {
			day = asOf.AddDays(-g.between(10, 200)) // launched already: ask how it went
		}
		g.addDate(ctx, c, regulars.DateProductLaunch, day, false, pick(g, ind.launches))
	}
}

// dayOf returns a random day of year.
func (g *generator) dayOf(year int) regulars.Date {
	return regulars.NewDate(year, 1, 1).AddDays(g.rng.IntN(365))
}

// plans adds what the client plans to do, and what to offer ahead of it. Sleeping clients'
// plans are often past: "you planned to expand — how is it going?".
func (g *generator) plans(ctx context.Context, a archetype, c *regulars.Client, ind *industry) {
	p := [...]float64{archVIP: 0.7, archRegular: 0.4, archSleeping: 0.35, archNew: 0.3, archOneOff: 0.08}[a]
	n := 0
	for n < 2 && g.chance(p) {
		spec := pick(g, commonPlans)
		if g.chance(0.7) {
			spec = pick(g, ind.plans)
		}
		day := regulars.NewDate(g.cfg.AsOf.Year(), spec.month, 1)
		for day.Before(g.cfg.AsOf.AddDays(30)) {
			day = day.AddDate(1, 0, 0)
		}
		if a == archSleeping && g.chance(0.5) {
			day = g.cfg.AsOf.AddDays(-g.between(30, 300))
		}
		g.addPlan(ctx, &regulars.Plan{ClientID: c.ID, Title: spec.title, On: day, Note: spec.offer, CreatedAt: at(g.orders[0].on, 15)})
		n, p = n+1, p/3
	}
}

// eventSpec is something a client may do on the studio's site or in its mailings.
type eventSpec struct {
	name, note string
	p          float64 // the chance a client does it
	within     int     // how many days before AsOf it happens, at most
}

var eventSpecs = []eventSpec{
	{"downloaded:seo-checklist", "Скачан чек-лист по SEO.", 0.08, 120},
	{"visited:pricing", "Просмотр страницы с ценами.", 0.1, 45},
	{"downloaded:landing-checklist", "Скачан чек-лист «Лендинг, который продаёт».", 0.04, 180},
	{"visited:cases", "Просмотр кейсов в портфолио.", 0.05, 60},
	{"opened:digest", "Открыт ежемесячный дайджест.", 0.15, 40},
}

// events adds what the client did that hints at a need. Sleeping and one-off clients who
// look at prices are the warm ones to contact.
func (g *generator) events(ctx context.Context, a archetype, c *regulars.Client) {
	contact := regulars.DateOf(c.CreatedAt)
	if c.MarketingConsent && g.chance(0.35) {
		day := c.ConsentOn.AddDays(g.between(0, 30))
		if day.After(g.cfg.AsOf) {
			day = g.cfg.AsOf
		}
		g.addEvent(ctx, c, "subscribed:newsletter", day, "Подписка на рассылку.")
	}
	for _, e := range eventSpecs {
		p := e.p
		if e.name == "visited:pricing" && (a == archSleeping || a == archOneOff) {
			p *= 1.5
		}
		if g.chance(p) {
			day := later(g.cfg.AsOf.AddDays(-g.between(0, e.within)), contact)
			g.addEvent(ctx, c, e.name, day, e.note)
		}
	}
	if (a == archVIP && g.chance(0.4)) || (a == archRegular && g.chance(0.1)) {
		g.addEvent(ctx, c, "registered:webinar", g.cfg.AsOf.AddDays(-g.between(0, 90)), "Регистрация на закрытый вебинар.")
	}
}
