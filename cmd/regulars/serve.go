package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/analytics"
	"github.com/regulars/regulars/internal/campaign"
	"github.com/regulars/regulars/internal/demo"
	"github.com/regulars/regulars/internal/importer"
	"github.com/regulars/regulars/internal/locale"
	"github.com/regulars/regulars/internal/snapshot"
	"github.com/regulars/regulars/internal/store"
	"github.com/regulars/regulars/internal/web"
)

type serveCmd struct {
	Addr    string `default:"127.0.0.1:8080" help:"Address to listen on; 127.0.0.1 keeps it to this machine."`
	Demo    bool   `help:"Serve a fresh temporary database filled with a generated demo business."`
	Clients int    `default:"300" help:"Clients of the demo business (with --demo)."`
	// Frequency: see demo.Config.
	Frequency float64 `default:"1" help:"How often the demo's regular clients order (with --demo; 4 gives about 10 orders per client)."`
	Proxy     bool    `help:"Regulars sits behind a reverse proxy on this machine that ends TLS: cookies are marked Secure, and a client's address (for the login throttle) is read from X-Forwarded-For of requests from 127.0.0.1."`
	// SnapshotRest is the least time between two analytics snapshots; tests set 0.
	SnapshotRest time.Duration `default:"2s" hidden:""`
}

// errNoSnapshot is the segment facts' error while the server's first snapshot is built.
var errNoSnapshot = regulars.Errorf(regulars.EINTERNAL, "the analytics snapshot is not built yet")

func (c *serveCmd) Run(ctx context.Context, a *app) error {
	if c.Demo {
		dir, err := os.MkdirTemp("", "regulars-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		a.cli.DB = filepath.Join(dir, "regulars.db")
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	if c.Demo {
		st, err := generateDemo(ctx, a, demo.Config{Clients: c.Clients, Seed: 1, AsOf: a.today(), Frequency: c.Frequency})
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "Demo business: %d clients, %d orders (a temporary database, gone when the server stops).\n", st.Clients, st.Orders)
	}
	token, err := apiToken(ctx, a, false)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return regulars.Errorf(regulars.EINVALID, "Cannot listen on %s: %v", c.Addr, err).Keyed("err.listen", "Addr", c.Addr, "Err", err)
	}
	srv, keeper, err := a.webApp(token)
	if err != nil {
		return err
	}
	if err := campaign.EnsureBuiltin(ctx, store.NewSequenceService(a.db)); err != nil {
		return err
	}
	ver := store.NewVersioner(a.db)
	defer ver.Close()
	keeper.Version, keeper.Rest = ver.Version, c.SnapshotRest
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go keeper.Run(ctx)
	wake := make(chan struct{}, 1)
	srv.SecureCookies, srv.TrustProxy = c.Proxy, c.Proxy
	a.snapshot = keeper.Current
	srv.OnWrite = func() {
		select {
		case wake <- struct{}{}:
		default: // a pass is asked for already
		}
	}
	candidates := func(context.Context) ([]campaign.Candidate, error) {
		snap := keeper.Current()
		if snap == nil {
			return nil, errNoSnapshot
		}
		out := make([]campaign.Candidate, 0, len(snap.Rows))
		for _, r := range snap.Rows {
			if r.Orders > 0 {
				out = append(out, campaign.Candidate{ClientID: r.ID, Sleeping: r.Sleeping, VIP: r.VIP, Personal: r.Personal,
					LastOrder: r.Last, FirstOrder: r.First, Segment: r.Segment})
			}
		}
		return out, nil
	}
	// The automations' first pass notes what is already there (their baseline) before the
	// first request is served: an order paid through the app a moment after the start is
	// acted on, not taken for history. The ones that need the clients' segments wait for the
	// snapshot, as in every pass.
	if _, err := a.mailSettings(ctx); err == nil {
		if _, err := a.automator(candidates).Run(ctx); err != nil && !errors.Is(err, errNoSnapshot) {
			srv.Logger.Error("automations", "err", err)
		}
	}
	go a.mailLoop(ctx, srv.Logger, wake, candidates)
	fmt.Fprintf(a.stderr, "Regulars is running at http://%s (stop with Ctrl+C).\n", ln.Addr())
	if c.Demo {
		fmt.Fprintf(a.stderr, "API token: %s\n", token)
	} else {
		fmt.Fprintln(a.stderr, "API token: run `regulars token` to see it.")
	}
	return srv.Serve(ctx, ln)
}

// webApp returns the web server on the open database and the keeper of its analytics
// snapshot, not yet running.
func (a *app) webApp(token string) (*web.Server, *snapshot.Keeper, error) {
	logger := slog.New(slog.NewTextHandler(a.stderr, nil))
	src := snapshot.Source{Analyst: analytics.Analyst{Data: store.NewAnalyticsService(a.db)}, Agenda: a.agendaSources(),
		Loc: a.loc, Now: a.now, Langs: []string{locale.RU, locale.EN}}
	keeper := snapshot.NewKeeper(func(ctx context.Context) (*snapshot.Snapshot, error) { return snapshot.Build(ctx, src) })
	keeper.Today = func() int32 { return int32(a.today().Sub(regulars.Date{})) }
	keeper.Logger = logger
	srv := &web.Server{
		Clients: a.svc.Clients, Orders: a.svc.Orders, Catalog: a.svc.Catalog, Interactions: a.svc.Records,
		Dates: a.svc.Records, Plans: a.svc.Records, Events: a.svc.Records,
		Importer:  uploadImporter{a},
		Analyst:   src.Analyst,
		Agenda:    agendaAPI{a},
		Users:     store.NewUserService(a.db),
		Settings:  store.NewSettingService(a.db),
		States:    store.NewAgendaStateService(a.db),
		Snapshots: keeper, ImportFields: importer.Fields, TimeZone: a.loc.String(),
		Signer: func(ctx context.Context) (campaign.Signer, error) {
			m, err := regulars.ReadMailSettings(ctx, store.NewSettingService(a.db))
			if err != nil {
				return campaign.Signer{}, err
			}
			return a.signer(ctx, m)
		},
		Unsubscriber: unsubscriber{a},
		Mailings:     mailings{a},
		Sequences:    store.NewSequenceService(a.db), Outbox: store.NewOutboxService(a.db), Suppressions: store.NewOutboxService(a.db),
		Location: a.loc,
		Today:    a.today,
		Now:      a.now,
		Token:    token, Logger: logger,
	}
	return srv, keeper, srv.Open()
}

// uploadImporter imports sheets uploaded to the API and the web app.
type uploadImporter struct{ a *app }

// Demo fills the empty base with the 300-client demo business.
func (u uploadImporter) Demo(ctx context.Context) error {
	_, err := generateDemo(ctx, u.a, demo.Config{Clients: 300, Seed: 1, AsOf: u.a.today()})
	return err
}

func (u uploadImporter) ImportUpload(ctx context.Context, files []web.Upload, p web.ImportParams) (any, error) {
	sheets := make([]*importer.Sheet, 0, len(files))
	defer func() {
		for _, s := range sheets {
			s.Close()
		}
	}()
	for i, f := range files {
		s, err := importer.OpenBytes(f.Name, f.Data)
		if err != nil {
			return nil, err
		}
		if name := p.Sheets[i]; name != "" {
			s.UseSheet(name)
		}
		sheets = append(sheets, s)
	}
	opts := importer.ImportOptions{Options: importer.Options{Map: p.Map, Currency: p.Currency, DateOrder: p.DateOrder, Sheet: p.Sheet},
		SkipBad: p.SkipBad, DryRun: p.DryRun, RestoreDeleted: p.RestoreDeleted, LooseMap: p.LooseMap}
	rep, err := importer.Import(ctx, u.a.svc.Bulk, u.a.svc.Catalog, sheets, opts)
	if rep == nil {
		return nil, err // not a nil *Report in an interface: callers test report != nil
	}
	return rep, err
}

// apiToken returns the API token, creating it on first use or when rotate is set.
func apiToken(ctx context.Context, a *app, rotate bool) (string, error) {
	return secretSetting(ctx, a, regulars.SettingAPIToken, rotate)
}

// secretSetting returns a random secret kept in the settings, creating it on first use or
// when rotate is set.
func secretSetting(ctx context.Context, a *app, key string, rotate bool) (string, error) {
	settings := store.NewSettingService(a.db)
	if !rotate {
		tok, err := settings.Setting(ctx, key)
		if err == nil {
			return tok, nil
		} else if regulars.ErrorCode(err) != regulars.ENOTFOUND {
			return "", err
		}
	}
	b := make([]byte, 24)
	rand.Read(b)
	tok := hex.EncodeToString(b)
	return tok, settings.SetSetting(ctx, key, tok)
}

type tokenCmd struct {
	Rotate   bool `help:"Replace the token with a new one; the old one stops working."`
	Calendar bool `help:"The calendar feed's secret path instead: /calendar/TOKEN.ics, for Google Calendar or Thunderbird."`
}

func (c *tokenCmd) Run(ctx context.Context, a *app) error {
	if err := a.open(ctx); err != nil {
		return err
	}
	if c.Calendar {
		tok, err := secretSetting(ctx, a, regulars.SettingCalendarToken, c.Rotate)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(a.stdout, "/calendar/%s.ics\n", tok)
		return err
	}
	tok, err := apiToken(ctx, a, c.Rotate)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(a.stdout, tok)
	return err
}

// mailings runs the API's mailings.
type mailings struct{ a *app }

func (m mailings) Mail(ctx context.Context, req campaign.MailingRequest) (*campaign.MailingResult, error) {
	return m.a.mailing(ctx, req)
}

func (m mailings) Preview(ctx context.Context, seq *regulars.Sequence, step int, clientID int64) (*regulars.Letter, error) {
	e, err := m.a.engine(ctx)
	if err != nil {
		return nil, err
	}
	return e.Preview(ctx, seq, step, clientID)
}
