package main

import (
	"context"
	"fmt"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/demo"
)

type demoCmd struct {
	Clients int    `default:"300" help:"How many clients the demo business has."`
	Seed    int64  `default:"1" help:"Random seed: the same seed gives the same business."`
	AsOf    string `name:"as-of" help:"The demo's \"today\" (YYYY-MM-DD; default today)."`
	// Frequency: see demo.Config.
	Frequency float64 `default:"1" help:"How often regular clients order, relative to the usual (4 gives about 10 orders per client)."`
}

func (c *demoCmd) Run(ctx context.Context, a *app) error {
	if err := a.open(ctx); err != nil {
		return err
	}
	asOf, err := dateOr(c.AsOf, "as-of", a.today())
	if err != nil {
		return err
	}
	st, err := generateDemo(ctx, a, demo.Config{Clients: c.Clients, Seed: c.Seed, AsOf: asOf, Frequency: c.Frequency})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "Demo business created: %d services, %d clients, %d orders, %d interactions, %d dates, %d plans, %d events.\n",
		st.Services, st.Clients, st.Orders, st.Interactions, st.Dates, st.Plans, st.Events)
	return err
}

// generateDemo fills the empty database with a demo business in one transaction.
func generateDemo(ctx context.Context, a *app, cfg demo.Config) (demo.Stats, error) {
	if _, n, err := a.svc.Clients.FindClients(ctx, regulars.ClientFilter{Limit: 1}); err != nil {
		return demo.Stats{}, err
	} else if n > 0 {
		return demo.Stats{}, regulars.Errorf(regulars.ECONFLICT, "The database already has clients; the demo fills only an empty one (use --db with a new file).").Keyed("err.demo_not_empty")
	}
	if cfg.Clients <= 0 {
		return demo.Stats{}, regulars.Errorf(regulars.EINVALID, "--clients must be positive.").Keyed("err.demo_clients")
	}
	load, err := a.svc.Bulk.BeginLoad(ctx)
	if err != nil {
		return demo.Stats{}, err
	}
	defer load.Rollback()
	st, err := demo.Generate(ctx, cfg, load)
	if err != nil {
		return st, fmt.Errorf("demo: %w", err)
	}
	return st, load.Commit()
}
