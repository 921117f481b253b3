package agenda

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/regulars/regulars"
)

// KindNextOffer is an offer of the service that tends to follow one the client bought.
const KindNextOffer = "next_offer"

// Offer is a service offered in an item.
type Offer struct {
	ServiceID int64          `json:"service_id"`
	Name      string         `json:"name"`
	Link      string         `json:"link"`  // next, cross_sell or upsell
	After     string         `json:"after"` // the service bought, that it follows
	Price     regulars.Money `json:"-"`
}

// MarshalJSON encodes the offer with "price" and "currency".
func (o Offer) MarshalJSON() ([]byte, error) {
	type plain Offer
	return json.Marshal(struct {
		plain
		Price    json.Number `json:"price"`
		Currency string      `json:"currency"`
	}{plain(o), o.Price.JSONNumber(), o.Price.Currency})
}

// offerLinkOrder is the order in which links are tried: the next step of a chain first, then
// the higher tier, then what goes with it.
var offerLinkOrder = []string{regulars.LinkNext, regulars.LinkUpsell, regulars.LinkCrossSell}

// defaultOfferGap is the days after an order to offer what follows it, when the link has none.
const defaultOfferGap = 30

// offers adds, for each order of a catalog service, one offer of what follows it in the
// catalog: the first link (next, upsell, cross-sell) to a service the client has not bought
// and that fits the client's industry, at the link's typical gap after delivery.
func (b *builder) offers() {
	if len(b.in.Links) == 0 {
		return
	}
	cat := NewCatalog(b.in.Services, b.in.Links)
	bought := b.bought()
	for i := range b.in.Orders {
		o := &b.in.Orders[i]
		c := b.clients.get(o.ClientID)
		if c == nil || o.ServiceID == 0 || !o.Counts() {
			continue
		}
		l, to := cat.next(o.ServiceID, bought[o.ClientID], c.Industry)
		if l == nil {
			continue
		}
		from := o.DeliveredOn
		if from.IsZero() {
			from = o.OrderedOn
		}
		gap := l.GapDays
		if gap == 0 {
			gap = defaultOfferGap
		}
		if !b.inWindow(o.ClientID, from.AddDays(gap)) {
			continue
		}
		b.add(Item{Key: fmt.Sprintf("offer:%d:%d", o.ID, to.ID), ClientID: o.ClientID, Kind: KindNextOffer,
			DueOn: from.AddDays(gap), Subject: to.Name,
			Reason: fmt.Sprintf("%s usually follows %s (%s)", to.Name, o.Service, strings.ReplaceAll(l.Kind, "_", "-")),
			Offer:  &Offer{ServiceID: to.ID, Name: to.Name, Link: l.Kind, After: o.Service, Price: to.Price}})
	}
}

// Catalog is the service catalog as the offers read it: services by ID, links by the service
// they start from.
type Catalog struct {
	services map[int64]*regulars.Service
	links    map[int64][]*regulars.ServiceLink
}

// NewCatalog indexes the services and their links.
func NewCatalog(services []*regulars.Service, links []*regulars.ServiceLink) Catalog {
	c := Catalog{services: map[int64]*regulars.Service{}, links: map[int64][]*regulars.ServiceLink{}}
	for _, s := range services {
		c.services[s.ID] = s
	}
	for _, l := range links {
		c.links[l.FromID] = append(c.links[l.FromID], l)
	}
	return c
}

// Next returns what follows the service from for a client of the industry who has bought the
// services in has: the first link (next, upsell, cross-sell) to a service not bought that fits
// the industry; nil when there is none.
func (c Catalog) Next(from int64, has map[int64]bool, industry string) *regulars.Service {
	_, to := c.next(from, has, industry)
	return to
}

func (c Catalog) next(from int64, has map[int64]bool, industry string) (*regulars.ServiceLink, *regulars.Service) {
	for _, kind := range offerLinkOrder {
		for _, l := range c.links[from] {
			to := c.services[l.ToID]
			if l.Kind == kind && to != nil && !has[to.ID] && fits(to, industry) {
				return l, to
			}
		}
	}
	return nil, nil
}

// fits reports whether a service is relevant to a client of the industry: it names no
// industries, or names the client's.
func fits(s *regulars.Service, industry string) bool { return fitsIndustry(s.Industries, industry) }

// KindBehaviourOffer is an offer that follows something the client did.
const KindBehaviourOffer = "behaviour_offer"

// behaviourGap is the days after an event to make its offer: soon, while it is on the
// client's mind, but not the same day.
const behaviourGap = 2

// behaviourOffers adds, for each event ("downloaded:seo-checklist"), an offer of the cheapest
// catalog service whose name has the event's topic (its object's first word, "seo") and that
// the client has not bought and that fits its industry: the SEO checklist leads to the basic
// SEO audit.
func (b *builder) behaviourOffers() {
	if len(b.in.Events) == 0 || len(b.in.Services) == 0 {
		return
	}
	bought := b.bought()
	keys := make([]string, len(b.in.Services)) // worked out once, not for every event
	for i, s := range b.in.Services {
		keys[i] = regulars.ServiceKey(s.Name)
	}
	for _, e := range b.in.Events {
		c := b.clients.get(e.ClientID)
		due := e.On.AddDays(behaviourGap)
		if c == nil || !b.inWindow(e.ClientID, due) {
			continue
		}
		topic := eventTopic(e.Name)
		var best *regulars.Service
		for i, s := range b.in.Services {
			if topic == "" || !strings.Contains(keys[i], topic) || bought[c.ID][s.ID] || !fits(s, c.Industry) {
				continue
			}
			if best == nil || s.Price.Minor < best.Price.Minor {
				best = s
			}
		}
		if best == nil {
			continue
		}
		b.add(Item{Key: fmt.Sprintf("behaviour:%d", e.ID), ClientID: e.ClientID, Kind: KindBehaviourOffer,
			DueOn: due, Subject: best.Name, Reason: fmt.Sprintf("%s on %s", e.Name, e.On),
			Offer: &Offer{ServiceID: best.ID, Name: best.Name, Link: "behaviour", After: e.Name, Price: best.Price}})
	}
}

// eventTopic returns the first word of an event's object: "downloaded:seo-checklist" → "seo".
func eventTopic(name string) string {
	_, object, ok := strings.Cut(name, ":")
	if !ok {
		return ""
	}
	topic, _, _ := strings.Cut(object, "-")
	if len(topic) < 2 {
		return ""
	}
	return strings.ToLower(topic)
}

// bought returns the catalog services each client has ordered (cancelled orders aside).
func (b *builder) bought() map[int64]map[int64]bool {
	out := map[int64]map[int64]bool{}
	for i := range b.in.Orders {
		o := &b.in.Orders[i]
		if o.ServiceID != 0 && o.Status != regulars.StatusCancelled {
			if out[o.ClientID] == nil {
				out[o.ClientID] = map[int64]bool{}
			}
			out[o.ClientID][o.ServiceID] = true
		}
	}
	return out
}
