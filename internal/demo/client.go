package demo

import (
	"context"
	"time"

	"github.com/regulars/regulars"
)

// client generates client i and everything recorded about it, and streams it to the loader.
func (g *generator) client(ctx context.Context, i int) error {
	a := g.archetype(i)
	g.reseed(uint64(i))
	ind := &g.inds[g.weighted(g.indWeights)]
	p := g.newPerson()
	g.timeline(a, ind)
	c := g.newClient(i, a, p, ind)
	if err := c.Validate(); err != nil {
		return err
	}
	if err := g.load.AddClient(ctx, c); err != nil {
		return err
	}
	g.stats.Clients++
	g.rememberReferrer(a, c.ID, g.orders[0].on.Sub(g.start), c.Name)

	g.err = nil
	g.keys.Reset()
	for k := range g.orders {
		o := g.order(&g.orders[k], c.ID)
		o.ImportKey = g.keys.Key(o) // as an import of the demo's export would key it
		g.addOrder(ctx, o)
	}
	g.contactLog(ctx, a, c)
	g.calendar(ctx, a, c, p, ind)
	g.plans(ctx, a, c, ind)
	g.events(ctx, a, c)
	return g.err
}

// newClient returns the client record of person p, who first ordered on g.orders[0].on.
func (g *generator) newClient(i int, a archetype, p person, ind *industry) *regulars.Client {
	first := g.orders[0].on
	contact := first.AddDays(-g.between(0, 14))
	c := &regulars.Client{
		Name:     p.name(),
		Company:  g.company(p, ind),
		Industry: ind.name,
	}
	if g.chance(0.93) {
		c.Email = g.email(p, i+1)
	}
	if g.chance(0.85) || c.Email == "" {
		c.Phone = g.phone()
	}
	if g.chance(0.55) {
		c.Messenger = g.telegram(p)
	}
	if zone := pick(g, timeZones); g.chance(0.1) && g.zones {
		c.TimeZone = zone
	}
	referrer := g.source(c, a, first)
	g.preferences(c, a)
	g.knowledge(c, a, p, ind, referrer)
	c.Tags = g.tags(c, a)
	if g.chance(0.8) {
		c.MarketingConsent, c.ConsentOn = true, contact
	}
	c.CreatedAt = at(contact, 11)
	c.UpdatedAt = at(g.orders[len(g.orders)-1].on, 17)
	return c
}

// timeZones are the regions a client may work from; "" (most clients) is the studio's own.
var timeZones = []string{"Europe/Kaliningrad", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk",
	"Asia/Novosibirsk", "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Vladivostok"}

// company returns the client's company: none for a private expert, an ИП or an ООО.
func (g *generator) company(p person, ind *industry) string {
	switch {
	case g.chance(ind.private):
		return ""
	case g.chance(0.3):
		return "ИП " + p.initials()
	case ind.name == indBuilding && g.chance(0.2):
		return "АО «" + pick(g, ind.brands) + "»"
	}
	return "ООО «" + pick(g, ind.brands) + "»"
}

// sources are how clients came, by weight. A recommendation names an earlier client when
// one can be found.
var (
	sources       = []string{"сарафанное радио", "рекомендация", "поиск", "соцсети", "биржа фриланса", "реклама", "мероприятие"}
	sourceWeights = []int{18, 22, 20, 15, 15, 6, 4}
)

// source sets how the client came and returns the name of the client who recommended it.
func (g *generator) source(c *regulars.Client, a archetype, first regulars.Date) string {
	c.Source = sources[g.weighted(sourceWeights)]
	if a == archVIP && g.chance(0.3) {
		c.Source = "рекомендация" // VIPs often come through other VIPs
	}
	if c.Source != "рекомендация" {
		return ""
	}
	id, name, ok := g.referrer(first.Sub(g.start))
	if !ok {
		c.Source = "сарафанное радио"
		return ""
	}
	c.ReferredBy = id
	return name
}

var (
	channels       = []string{regulars.ChannelMessage, regulars.ChannelEmail, regulars.ChannelCall, ""}
	channelWeights = []int{50, 20, 20, 10}
	details        = []string{regulars.DetailDetailed, regulars.DetailBrief, ""}
	detailWeights  = []int{40, 45, 15}
	times          = []string{regulars.TimeMorning, regulars.TimeDay, regulars.TimeEvening, ""}
	timeWeights    = []int{35, 30, 25, 10}
)

// preferences sets how the client likes to be contacted. Passive clients prefer messages
// to calls; the studio knows little about most one-off clients.
func (g *generator) preferences(c *regulars.Client, a archetype) {
	if a == archOneOff && g.chance(0.4) {
		return
	}
	c.PreferredChannel = channels[g.weighted(channelWeights)]
	if a == archSleeping && c.PreferredChannel == regulars.ChannelCall {
		c.PreferredChannel = regulars.ChannelMessage
	}
	c.DetailLevel = details[g.weighted(detailWeights)]
	c.PreferredTime = times[g.weighted(timeWeights)]
}

// categoryTags are the tags a client gets for ordering from a category.
var categoryTags = map[string]string{
	catSites: "сайт", catAds: "реклама", catSEO: "seo", catDesign: "дизайн", catTexts: "тексты",
	catSMM: "smm", catTranslate: "перевод", catSupport: "абонемент", catConsult: "консалтинг",
}

var extraTags = []string{"срочные заказы", "постоплата", "эдо", "сезонный"}

// tags returns the labels the studio would have put on the client.
func (g *generator) tags(c *regulars.Client, a archetype) []string {
	tags := make([]string, 0, 6)
	if a == archVIP && g.chance(0.8) {
		tags = append(tags, "vip")
	}
	if (a == archVIP || a == archRegular) && g.chance(0.5) {
		tags = append(tags, "постоянный")
	}
	if c.ReferredBy != 0 {
		tags = append(tags, "по рекомендации")
	}
	for k := range g.orders {
		if t := categoryTags[g.cat[g.orders[k].svc].category]; g.chance(0.5) {
			tags = append(tags, t)
		}
	}
	if g.chance(0.05) {
		tags = append(tags, pick(g, extraTags))
	}
	return tags
}

// at returns the moment hour o'clock UTC on day d: records get plausible timestamps without
// reading the clock.
func at(d regulars.Date, hour int) time.Time { return d.Time().Add(time.Duration(hour) * time.Hour) }
