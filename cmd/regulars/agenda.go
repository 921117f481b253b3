package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/agenda"
	"github.com/regulars/regulars/internal/analytics"
	"github.com/regulars/regulars/internal/ical"
	"github.com/regulars/regulars/internal/store"
)

type agendaCmd struct {
	List    agendaListCmd    `cmd:"" default:"withargs" help:"Whom to contact, and why (the default)."`
	Done    agendaStateCmd   `cmd:"" help:"Mark an item done: logs the contact."`
	Snooze  agendaSnoozeCmd  `cmd:"" help:"Put an item off until a day."`
	Dismiss agendaDismissCmd `cmd:"" help:"Dismiss an item for this occasion, with a reason."`
}

type agendaListCmd struct {
	Today  string `help:"The day to build the agenda for (YYYY-MM-DD; default today)."`
	Days   int    `default:"7" help:"Show items due up to this many days ahead."`
	Format string `short:"f" enum:"table,json,ics" default:"table" help:"table, json or ics."`
}

var agendaColumns = []column[agenda.Item]{
	{"priority", "PRIORITY", func(it agenda.Item) string { return fmt.Sprint(it.Priority) }, nil, false},
	{"due_on", "DUE", func(it agenda.Item) string { return it.DueOn.String() }, humanDate(func(it agenda.Item) regulars.Date { return it.DueOn }), false},
	{"name", "CLIENT", func(it agenda.Item) string { return it.Name }, nil, false},
	{"kind", "KIND", func(it agenda.Item) string { return it.Kind }, func(it agenda.Item, lang string) string { return inLang(lang, "kind."+it.Kind, it.Kind) }, false},
	{"reason", "WHY", func(it agenda.Item) string { return it.Reason }, agendaWhy, false},
	{"channel", "HOW", func(it agenda.Item) string { return it.Channel + ", " + it.BestTime }, agendaHow, false},
	{"key", "KEY", func(it agenda.Item) string { return it.Key }, nil, false},
}

func (c *agendaListCmd) Run(ctx context.Context, a *app) error {
	// Not under the analyses' memory limit: the agenda holds every order, client and draft
	// beside the analysis, well over it (100,000 clients: 25.0 s and 361 MB under it, the
	// collector never done; 19.4 s and 821 MB without).
	now, err := a.agendaNow(c.Today)
	if err != nil {
		return err
	}
	items, drafter, err := a.agendaItems(ctx, now, c.Days)
	if err != nil {
		return err
	}
	switch c.Format {
	case "ics":
		return ical.Write(a.stdout, agenda.Calendar(items, a.now()))
	case formatJSON: // each item drafted as it is written: a big base's drafts are gigabytes
		return writeJSONArray(a.stdout, items, func(it *agenda.Item) { it.Draft = drafter.Draft(*it) })
	}
	return writeList(a.stdout, c.Format, a.lang, items, agendaColumns)
}

// agendaNow returns the moment the agenda is built for: now, or noon of the given day.
func (a *app) agendaNow(day string) (time.Time, error) {
	if day == "" {
		return a.now(), nil
	}
	d, err := dateOr(day, "today", regulars.Date{})
	if err != nil {
		return time.Time{}, err
	}
	return d.In(a.loc).Add(12 * time.Hour), nil
}

// agendaItems reads the base and builds the agenda, and returns the drafter of its items;
// the items have no drafts yet.
func (a *app) agendaItems(ctx context.Context, now time.Time, days int) ([]agenda.Item, *agenda.Drafter, error) {
	if days < 0 || days > regulars.MaxAgendaDays {
		return nil, nil, regulars.FieldError("days", fmt.Sprintf("days must be from 0 (the default, 7) to %d, not %d.", regulars.MaxAgendaDays, days)).Keyed("err.agenda_days", "Max", regulars.MaxAgendaDays, "Days", days)
	}
	an, err := a.analyst(ctx)
	if err != nil {
		return nil, nil, err
	}
	// The analysis reads the base on its own connections while Gather reads it on others.
	var segs []analytics.ClientSegment
	var segErr error
	var wg sync.WaitGroup
	wg.Go(func() { segs, segErr = an.Segments(ctx, regulars.DateOf(now.In(a.loc))) })
	in, err := agenda.Gather(ctx, a.agendaSources())
	wg.Wait()
	if err = errors.Join(err, segErr); err != nil {
		return nil, nil, err
	}
	in.Segments = segs
	p, err := regulars.ReadProfile(ctx, store.NewSettingService(a.db))
	if err != nil {
		return nil, nil, err
	}
	cfg := agenda.ConfigOf(p)
	cfg.Days = days
	items := agenda.Build(in, now, a.loc, cfg)
	agenda.Rank(items, in, regulars.DateOf(now.In(a.loc)))
	return items, agenda.NewDrafter(in, regulars.DateOf(now.In(a.loc)), a.lang), nil
}

// agendaSources are the services the agenda reads.
func (a *app) agendaSources() agenda.Sources {
	return agenda.Sources{Clients: a.svc.Clients, Orders: a.svc.Orders, Dates: a.svc.Records, Plans: a.svc.Records,
		Events: a.svc.Records, Catalog: a.svc.Catalog, Settings: store.NewSettingService(a.db),
		States: store.NewAgendaStateService(a.db)}
}

// agendaDay is the --today flag of the commands that act on an item.
type agendaDay struct {
	Today string `help:"The day whose agenda has the item (YYYY-MM-DD; default today)."`
}

// agendaItem finds the open item with the key in the day's agenda, and returns the day.
func (a *app) agendaItem(ctx context.Context, key, day string) (agenda.Item, regulars.Date, error) {
	now, err := a.agendaNow(day)
	if err != nil {
		return agenda.Item{}, regulars.Date{}, err
	}
	items, _, err := a.agendaItems(ctx, now, 60)
	if err != nil {
		return agenda.Item{}, regulars.Date{}, err
	}
	for _, it := range items {
		if it.Key == key {
			return it, regulars.DateOf(now.In(a.loc)), nil
		}
	}
	return agenda.Item{}, regulars.Date{}, regulars.Errorf(regulars.ENOTFOUND, "No open agenda item %q.", key).Keyed("err.agenda_item", "Key", key)
}

type agendaStateCmd struct {
	agendaDay
	Key     string `arg:"" help:"The item's key, as the agenda lists it."`
	Channel string `default:"message" enum:"call,message,email,meeting,other" help:"How you contacted the client."`
	Note    string `help:"What was said."`
}

func (c *agendaStateCmd) Run(ctx context.Context, a *app) error {
	it, day, err := a.agendaItem(ctx, c.Key, c.Today)
	if err != nil {
		return err
	}
	contact := &regulars.Interaction{On: day, Channel: c.Channel, Note: c.Note}
	st := &regulars.AgendaState{Key: it.Key, ClientID: it.ClientID, State: regulars.AgendaDone}
	if err := store.NewAgendaStateService(a.db).SetAgendaState(ctx, st, contact); err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "Done: %s (%s); contact logged.\n", it.Name, it.Kind)
	return err
}

type agendaSnoozeCmd struct {
	agendaDay
	Key   string `arg:"" help:"The item's key."`
	Until string `required:"" help:"Show it again on this day (YYYY-MM-DD)."`
}

func (c *agendaSnoozeCmd) Run(ctx context.Context, a *app) error {
	until, err := dateOr(c.Until, "until", regulars.Date{})
	if err != nil {
		return err
	}
	it, _, err := a.agendaItem(ctx, c.Key, c.Today)
	if err != nil {
		return err
	}
	st := &regulars.AgendaState{Key: it.Key, ClientID: it.ClientID, State: regulars.AgendaSnoozed, Until: until}
	if err := store.NewAgendaStateService(a.db).SetAgendaState(ctx, st, nil); err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "Snoozed until %s: %s (%s).\n", until, it.Name, it.Kind)
	return err
}

type agendaDismissCmd struct {
	agendaDay
	Key    string `arg:"" help:"The item's key."`
	Reason string `help:"Why."`
}

func (c *agendaDismissCmd) Run(ctx context.Context, a *app) error {
	it, _, err := a.agendaItem(ctx, c.Key, c.Today)
	if err != nil {
		return err
	}
	st := &regulars.AgendaState{Key: it.Key, ClientID: it.ClientID, State: regulars.AgendaDismissed, Reason: c.Reason}
	if err := store.NewAgendaStateService(a.db).SetAgendaState(ctx, st, nil); err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "Dismissed: %s (%s).\n", it.Name, it.Kind)
	return err
}

// agendaAPI serves the agenda to the web server.
type agendaAPI struct{ a *app }

func (x agendaAPI) Items(ctx context.Context, now time.Time, days int) ([]agenda.Item, error) {
	if days <= 0 {
		days = 7
	}
	items, drafter, err := x.a.agendaItems(ctx, now, days)
	if err != nil {
		return nil, err
	}
	drafter.DraftAll(items)
	return items, nil
}

func (x agendaAPI) Act(ctx context.Context, key string, st regulars.AgendaState, contact *regulars.Interaction) (agenda.Item, error) {
	it, _, err := x.a.agendaItem(ctx, key, "")
	if err != nil {
		return agenda.Item{}, err
	}
	st.Key, st.ClientID = it.Key, it.ClientID
	return it, store.NewAgendaStateService(x.a.db).SetAgendaState(ctx, &st, contact)
}

func (x agendaAPI) CalendarToken(ctx context.Context) (string, error) {
	return secretSetting(ctx, x.a, regulars.SettingCalendarToken, false)
}

// agendaWhy is an item's reason in a table: in Russian the catalogue's sentence of its kind,
// as the web page says it; in English the item's own.
func agendaWhy(it agenda.Item, lang string) string {
	return inLang(lang, "reason."+it.Kind, it.Reason, it.ReasonArgs(lang, func(id string) string { return textIn(lang, id) })...)
}

// agendaHow is how and when to contact in a table: "Сообщение, днём" in Russian.
func agendaHow(it agenda.Item, lang string) string {
	return inLang(lang, "channel."+it.Channel, it.Channel) + ", " + inLang(lang, "time."+it.BestTime, it.BestTime)
}
