package main

import (
	"context"
	"strings"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/locale"
)

type addCmd struct {
	Client      addClientCmd      `cmd:"" help:"Add a client."`
	Order       addOrderCmd       `cmd:"" help:"Add an order."`
	Service     addServiceCmd     `cmd:"" help:"Add a service to the catalog."`
	Link        addLinkCmd        `cmd:"" help:"Link two services: next step, cross-sell or upsell."`
	Interaction addInteractionCmd `cmd:"" help:"Log a contact with a client."`
	Date        addDateCmd        `cmd:"" help:"Add an important date of a client."`
	Plan        addPlanCmd        `cmd:"" help:"Add a plan of a client."`
	Event       addEventCmd       `cmd:"" help:"Record something a client did (downloaded:seo-checklist)."`
}

// objectFormat is the --format flag of commands that print one object.
type objectFormat struct {
	Format string `short:"f" enum:"table,json" default:"table" help:"Output: table (a line) or json (the object)."`
}

type addClientCmd struct {
	objectFormat
	Name             string   `help:"Name of the person or company."`
	Company          string   `help:"Company."`
	Email            string   `help:"Email address."`
	Phone            string   `help:"Phone number."`
	Messenger        string   `help:"Messenger handle (@name)."`
	Industry         string   `help:"Industry."`
	TimeZone         string   `name:"time-zone" help:"IANA time zone, e.g. Asia/Yekaterinburg."`
	Source           string   `help:"How the client came: referral, search…"`
	ReferredBy       int64    `name:"referred-by" help:"ID of the client who referred them."`
	Tag              []string `name:"tag" help:"A tag; repeat for more."`
	Notes            string   `help:"Free notes."`
	PainPoints       string   `name:"pain-points" help:"The client's pain points."`
	Goals            string   `help:"The client's goals."`
	Channel          string   `enum:",call,message,email" default:"" help:"Preferred channel: call, message or email."`
	Detail           string   `enum:",detailed,brief" default:"" help:"Preferred detail level: detailed or brief."`
	Time             string   `enum:",morning,day,evening" default:"" help:"Preferred time of day: morning, day or evening."`
	MarketingConsent bool     `name:"marketing-consent" help:"The client agreed to marketing letters."`
	ConsentOn        string   `name:"consent-on" help:"Day of the consent (YYYY-MM-DD; default today)."`
}

func (c *addClientCmd) Run(ctx context.Context, a *app) error {
	cl := &regulars.Client{Name: c.Name, Company: c.Company, Email: c.Email, Phone: c.Phone, Messenger: c.Messenger,
		Industry: c.Industry, TimeZone: c.TimeZone, Source: c.Source, ReferredBy: c.ReferredBy, Tags: c.Tag,
		Notes: c.Notes, PainPoints: c.PainPoints, Goals: c.Goals, PreferredChannel: c.Channel,
		DetailLevel: c.Detail, PreferredTime: c.Time, MarketingConsent: c.MarketingConsent}
	if c.MarketingConsent {
		d, err := dateOr(c.ConsentOn, "consent-on", a.today())
		if err != nil {
			return err
		}
		cl.ConsentOn = d
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	if err := a.svc.Clients.CreateClient(ctx, cl); err != nil {
		return err
	}
	return writeObject(a.stdout, c.Format, cl, a.text("cli.added.client", "ID", cl.ID, "Name", cl.Name))
}

type addOrderCmd struct {
	objectFormat
	Client    int64  `required:"" help:"Client ID."`
	Service   string `help:"Service (a catalog name, or any text)."`
	Title     string `help:"Title of the work."`
	Amount    string `required:"" help:"Amount in major units: 15000 or 15000.50."`
	Currency  string `default:"RUB" help:"Currency (ISO code)."`
	Date      string `help:"Order date (YYYY-MM-DD; default today)."`
	Due       string `help:"Due date (YYYY-MM-DD)."`
	Delivered string `help:"Delivery date (YYYY-MM-DD)."`
	Status    string `default:"paid" enum:"planned,in_progress,delivered,paid,unpaid,cancelled,refunded" help:"Status: planned, in_progress, delivered, paid, unpaid, cancelled or refunded."`
}

func (c *addOrderCmd) Run(ctx context.Context, a *app) error {
	amount, err := regulars.ParseMajor(strings.TrimSpace(c.Amount), strings.ToUpper(c.Currency))
	if err != nil {
		return regulars.Prefixed("--amount", err)
	}
	o := &regulars.Order{ClientID: c.Client, Service: c.Service, Title: c.Title, Amount: amount, Status: c.Status}
	if o.OrderedOn, err = dateOr(c.Date, "date", a.today()); err != nil {
		return err
	}
	if o.DueOn, err = dateOr(c.Due, "due", regulars.Date{}); err != nil {
		return err
	}
	if o.DeliveredOn, err = dateOr(c.Delivered, "delivered", regulars.Date{}); err != nil {
		return err
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	if err := a.svc.Orders.CreateOrder(ctx, o); err != nil {
		return err
	}
	return writeObject(a.stdout, c.Format, o, a.text("cli.added.order", "ID", o.ID, "Amount", locale.Money(o.Amount, a.lang), "Client", o.ClientID))
}

type addServiceCmd struct {
	objectFormat
	Name        string   `required:"" help:"Service name."`
	Category    string   `help:"Category."`
	Price       string   `default:"0" help:"Price in major units."`
	Currency    string   `default:"RUB" help:"Currency (ISO code)."`
	Description string   `help:"Description."`
	Industry    []string `name:"industry" help:"An industry the service fits; repeat for more (none: every industry)."`
}

func (c *addServiceCmd) Run(ctx context.Context, a *app) error {
	price, err := regulars.ParseMajor(strings.TrimSpace(c.Price), strings.ToUpper(c.Currency))
	if err != nil {
		return regulars.Prefixed("--price", err)
	}
	s := &regulars.Service{Name: c.Name, Category: c.Category, Price: price, Description: c.Description, Industries: c.Industry}
	if err := a.open(ctx); err != nil {
		return err
	}
	if err := a.svc.Catalog.CreateService(ctx, s); err != nil {
		return err
	}
	return writeObject(a.stdout, c.Format, s, a.text("cli.added.service", "ID", s.ID, "Name", s.Name))
}

type addLinkCmd struct {
	objectFormat
	From int64  `required:"" help:"ID of the service bought first."`
	To   int64  `required:"" help:"ID of the service to offer next."`
	Kind string `required:"" enum:"next,cross_sell,upsell" help:"next (a chain step), cross_sell or upsell (a higher tier)."`
	Gap  int    `help:"Typical days between the two."`
	Note string `help:"Note."`
}

func (c *addLinkCmd) Run(ctx context.Context, a *app) error {
	l := &regulars.ServiceLink{FromID: c.From, ToID: c.To, Kind: c.Kind, GapDays: c.Gap, Note: c.Note}
	if err := a.open(ctx); err != nil {
		return err
	}
	if err := a.svc.Catalog.CreateServiceLink(ctx, l); err != nil {
		return err
	}
	return writeObject(a.stdout, c.Format, l, a.text("cli.added.link", "ID", l.ID, "From", l.FromID, "To", l.ToID, "Kind", a.text("link."+l.Kind)))
}

type addInteractionCmd struct {
	objectFormat
	Client    int64  `required:"" help:"Client ID."`
	Date      string `help:"Day of the contact (YYYY-MM-DD; default today)."`
	Channel   string `default:"message" enum:"call,message,email,meeting,other" help:"call, message, email, meeting or other."`
	Direction string `default:"outbound" enum:"outbound,inbound" help:"outbound (you reached out) or inbound."`
	Note      string `help:"What was said."`
}

func (c *addInteractionCmd) Run(ctx context.Context, a *app) error {
	i := &regulars.Interaction{ClientID: c.Client, Channel: c.Channel, Direction: c.Direction, Note: c.Note}
	var err error
	if i.On, err = dateOr(c.Date, "date", a.today()); err != nil {
		return err
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	if err := a.svc.Records.CreateInteraction(ctx, i); err != nil {
		return err
	}
	return writeObject(a.stdout, c.Format, i, a.text("cli.added.interaction", "ID", i.ID, "Client", i.ClientID))
}

type addDateCmd struct {
	objectFormat
	Client int64  `required:"" help:"Client ID."`
	Kind   string `required:"" enum:"birthday,company_anniversary,product_launch,season,holiday,custom" help:"birthday, company_anniversary, product_launch, season, holiday or custom."`
	Date   string `required:"" help:"The day (YYYY-MM-DD)."`
	Yearly bool   `help:"It comes back every year."`
	Note   string `help:"Note."`
}

func (c *addDateCmd) Run(ctx context.Context, a *app) error {
	d := &regulars.ImportantDate{ClientID: c.Client, Kind: c.Kind, Yearly: c.Yearly, Note: c.Note}
	var err error
	if d.On, err = dateOr(c.Date, "date", regulars.Date{}); err != nil {
		return err
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	if err := a.svc.Records.CreateImportantDate(ctx, d); err != nil {
		return err
	}
	return writeObject(a.stdout, c.Format, d, a.text("cli.added.date", "ID", d.ID, "Client", d.ClientID, "Kind", a.text("datekind."+d.Kind), "Date", locale.Date(d.On, a.lang)))
}

type addPlanCmd struct {
	objectFormat
	Client int64  `required:"" help:"Client ID."`
	Title  string `required:"" help:"What the client plans."`
	Date   string `required:"" help:"When (YYYY-MM-DD)."`
	Note   string `help:"Note."`
}

func (c *addPlanCmd) Run(ctx context.Context, a *app) error {
	p := &regulars.Plan{ClientID: c.Client, Title: c.Title, Note: c.Note}
	var err error
	if p.On, err = dateOr(c.Date, "date", regulars.Date{}); err != nil {
		return err
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	if err := a.svc.Records.CreatePlan(ctx, p); err != nil {
		return err
	}
	return writeObject(a.stdout, c.Format, p, a.text("cli.added.plan", "ID", p.ID, "Client", p.ClientID))
}

type addEventCmd struct {
	objectFormat
	Client int64  `required:"" help:"Client ID."`
	Name   string `required:"" help:"What happened, verb:object: downloaded:seo-checklist."`
	Date   string `help:"Day (YYYY-MM-DD; default today)."`
	Note   string `help:"Note."`
}

func (c *addEventCmd) Run(ctx context.Context, a *app) error {
	e := &regulars.Event{ClientID: c.Client, Name: c.Name, Note: c.Note}
	var err error
	if e.On, err = dateOr(c.Date, "date", a.today()); err != nil {
		return err
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	if err := a.svc.Records.CreateEvent(ctx, e); err != nil {
		return err
	}
	return writeObject(a.stdout, c.Format, e, a.text("cli.added.event", "ID", e.ID, "Client", e.ClientID, "Name", e.Name))
}

// dateOr parses a YYYY-MM-DD flag value, or returns def when it is empty.
func dateOr(s, flag string, def regulars.Date) (regulars.Date, error) {
	d, err := optDate(s, flag)
	if err != nil || d == nil {
		return def, err
	}
	return *d, nil
}

type mergeCmd struct {
	objectFormat
	Into int64 `arg:"" help:"ID of the client to keep."`
	From int64 `arg:"" help:"ID of the client merged into it and removed."`
}

func (c *mergeCmd) Run(ctx context.Context, a *app) error {
	if err := a.open(ctx); err != nil {
		return err
	}
	cl, err := a.svc.Clients.MergeClients(ctx, c.Into, c.From)
	if err != nil {
		return err
	}
	return writeObject(a.stdout, c.Format, cl, a.text("cli.merged", "From", c.From, "Into", c.Into, "Name", cl.Name))
}

// text returns the catalogue's message id, with args, in the user's language.
func (a *app) text(id string, args ...any) string { return textIn(a.lang, id, args...) }

// textIn returns the catalogue's message id in lang, with args.
func textIn(lang, id string, args ...any) string {
	tr, err := translator()
	if err != nil {
		return id
	}
	return tr.T(lang, id, args...)
}
