package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/alecthomas/kong"
	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/locale"
	"github.com/regulars/regulars/internal/snapshot"
	"github.com/regulars/regulars/internal/store"
)

// cli is the whole command line; kong reads it from the struct tags.
type cli struct {
	DB   string `help:"Database: a SQLite file path or a postgres:// URL (env REGULARS_DB; default regulars.db)." placeholder:"DSN"`
	TZ   string `name:"tz" help:"Time zone of the business, for \"today\" (env REGULARS_TZ; default Europe/Moscow)." placeholder:"ZONE"`
	Lang string `help:"Language of tables and explanations: ru or en (env REGULARS_LANG, else LANG; default en)." placeholder:"LANG"`
	// CPUProfile writes a CPU profile of the command, for those who make it faster.
	CPUProfile string `name:"cpu-profile" hidden:"" type:"path"`
	// AllocProfile writes a profile of the memory the command allocated.
	AllocProfile string `name:"alloc-profile" hidden:"" type:"path"`
	// Trace writes an execution trace of the command (go tool trace): which goroutine waits
	// for which, for those who make it faster.
	Trace string `name:"trace" hidden:"" type:"path"`

	Serve      serveCmd      `cmd:"" help:"Run the web app and the JSON API."`
	Import     importCmd     `cmd:"" help:"Import orders and clients from CSV, TSV or XLSX sheets."`
	Export     exportCmd     `cmd:"" help:"Export clients or orders as CSV or XLSX."`
	Clients    clientsCmd    `cmd:"" help:"List clients with their orders and revenue."`
	Orders     ordersCmd     `cmd:"" help:"List orders."`
	Services   servicesCmd   `cmd:"" help:"List the service catalog."`
	Add        addCmd        `cmd:"" help:"Add a client, order, service, link, interaction, date, plan or event."`
	Merge      mergeCmd      `cmd:"" help:"Merge the second client into the first."`
	Demo       demoCmd       `cmd:"" help:"Fill an empty database with a generated demo business."`
	Migrate    migrateCmd    `cmd:"" help:"Apply pending database migrations."`
	Token      tokenCmd      `cmd:"" help:"Print the API token (create it on first use)."`
	User       userCmd       `cmd:"" help:"Owner accounts of the web app: add, passwd."`
	Mail       mailCmd       `cmd:"" help:"How letters go out: the SMTP server and the sender."`
	Sequence   sequenceCmd   `cmd:"" help:"Sequences of letters that run by themselves: list, show, create, enrol, stop, run."`
	Outbox     outboxCmd     `cmd:"" help:"The letters going out: list, in doubt, resend, send now."`
	Automation automationCmd `cmd:"" help:"Triggers that enrol clients in sequences: list, set."`
	Campaign   campaignCmd   `cmd:"" help:"Results and ROI of the sequences; one-off mailings with a dry run and a test send."`
	Metrics    metricsCmd    `cmd:"" help:"Repeat-client rate, revenue shares, average check, frequency, months and cohorts."`
	Segments   segmentsCmd   `cmd:"" help:"RFM scores and segments, VIP, activity, value tier and sleeping clients."`
	Model      modelCmd      `cmd:"" help:"Fit the purchase model (BG/NBD or Pareto/NBD) and the Gamma-Gamma spend model."`
	Predict    predictCmd    `cmd:"" help:"Per client: P(alive), expected orders and spend, CLV, and why."`
	Agenda     agendaCmd     `cmd:"" help:"Whom to contact today and why; mark items done, snoozed or dismissed."`
	Holidays   holidaysCmd   `cmd:"" help:"Professional and seasonal holidays of a year, with the industries they fit."`
	Templates  templatesCmd  `cmd:"" help:"The agenda's draft templates: list, set your own, reset."`
	Bench      benchCmd      `cmd:"" help:"Measure performance on generated data."`
	Version    versionCmd    `cmd:"" help:"Print the version."`
}

// app is what every command runs with: the outside world and, once opened, the database.
type app struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time

	cli  cli
	db   *store.DB
	svc  services
	loc  *time.Location
	lang string // locale.RU or locale.EN
	// tzGiven says the time zone came from --tz or REGULARS_TZ, which the business profile's
	// does not override.
	tzGiven bool
	// snapshot, in the server, returns its current analytics snapshot (nil until the first
	// is built): requests read the segments there rather than analyse the base again.
	snapshot func() *snapshot.Snapshot
	// cleanups run when the command ends, after the database is closed.
	cleanups []func()
}

// services are the domain services on the open database.
type services struct {
	Clients *store.ClientService
	Orders  *store.OrderService
	Catalog *store.CatalogService
	Records *store.RecordService
	Bulk    *store.BulkService
}

func (a *app) run(ctx context.Context, args []string) error {
	exit := -1
	parser, err := a.parser(args, func(code int) { exit = code })
	if err != nil {
		return err
	}
	kctx, err := parser.Parse(args)
	if exit >= 0 {
		return exitError(exit)
	}
	if err != nil {
		a.lang = a.language(langOfArgs(args))
		return usageError(err)
	}
	if err := a.configure(); err != nil {
		a.lang = a.language(a.cli.Lang)
		return err
	}
	kctx.BindTo(ctx, (*context.Context)(nil))
	stop, err := a.profile()
	if err != nil {
		return err
	}
	defer stop()
	return kctx.Run(a)
}

// parser returns the command line's parser of args; exit is called where kong would exit.
func (a *app) parser(args []string, exit func(int)) (*kong.Kong, error) {
	return kong.New(&a.cli, kong.Name("regulars"),
		kong.Description("Regulars keeps your clients: who to contact today, and whether it pays."),
		kong.Writers(a.stdout, a.stderr), kong.Exit(exit),
		kong.UsageOnError(), kong.ConfigureHelp(kong.HelpOptions{Compact: true}), kong.Help(a.helpPrinter(args)),
		kong.Vars{"analysis_memory": strconv.Itoa(analysisMemory)})
}

// profile starts what the hidden flags --cpu-profile, --alloc-profile and --trace ask for,
// and returns what stops them and writes them out.
func (a *app) profile() (stop func(), err error) {
	var stops []func()
	stop = func() {
		for _, s := range slices.Backward(stops) {
			s()
		}
	}
	open := func(path string) (*os.File, error) {
		f, err := os.Create(path)
		if err != nil {
			stop()
			return nil, err
		}
		stops = append(stops, func() { f.Close() })
		return f, nil
	}
	if a.cli.CPUProfile != "" {
		f, err := open(a.cli.CPUProfile)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			stop()
			return nil, err
		}
		stops = append(stops, pprof.StopCPUProfile)
	}
	if a.cli.AllocProfile != "" {
		f, err := open(a.cli.AllocProfile)
		if err != nil {
			return nil, err
		}
		stops = append(stops, func() { pprof.Lookup("allocs").WriteTo(f, 0) })
	}
	if a.cli.Trace != "" {
		f, err := open(a.cli.Trace)
		if err != nil {
			return nil, err
		}
		if err := trace.Start(f); err != nil {
			stop()
			return nil, err
		}
		stops = append(stops, trace.Stop)
	}
	return stop, nil
}

// configure resolves the settings that flags, then the environment, then defaults give.
func (a *app) configure() error {
	a.cli.DB = firstSet(a.cli.DB, a.getenv("REGULARS_DB"), "regulars.db")
	a.tzGiven = firstSet(a.cli.TZ, a.getenv("REGULARS_TZ")) != ""
	tz := firstSet(a.cli.TZ, a.getenv("REGULARS_TZ"), "Europe/Moscow")
	loc, err := regulars.LoadLocation(tz)
	if err != nil {
		return regulars.Errorf(regulars.EINVALID, "Unknown time zone %q.", tz).Keyed("cli.unknown_tz", "Zone", tz)
	}
	a.loc = loc
	if l := strings.ToLower(a.cli.Lang); l != "" && !strings.HasPrefix(l, locale.RU) && !strings.HasPrefix(l, locale.EN) {
		// Only the flag is refused: the environment's LANG may be C.
		return regulars.Errorf(regulars.EINVALID, "Unknown language %q: use ru or en.", a.cli.Lang).Keyed("cli.unknown_lang", "Lang", a.cli.Lang)
	}
	a.lang = a.language(a.cli.Lang)
	return nil
}

// language returns the language of messages: the flag's (--lang), else the environment's.
func (a *app) language(flag string) string {
	return locale.Parse(firstSet(flag, a.getenv("REGULARS_LANG"), a.getenv("LC_ALL"), a.getenv("LANG"), locale.EN))
}

// today returns the current calendar day in the business's time zone.
func (a *app) today() regulars.Date { return regulars.DateOf(a.now().In(a.loc)) }

// open opens the database and the services on it, once.
func (a *app) open(ctx context.Context) error {
	if a.db != nil {
		return nil
	}
	return a.openDSN(ctx, a.cli.DB, store.Options{})
}

func (a *app) openDSN(ctx context.Context, dsn string, opts store.Options) error {
	db, err := store.Open(ctx, dsn, opts)
	if err != nil {
		return err
	}
	db.Now = a.now
	a.db = db
	if !a.tzGiven && !opts.Inspect {
		p, err := regulars.ReadProfile(ctx, store.NewSettingService(db))
		if err != nil {
			return err
		}
		if loc, err := regulars.LoadLocation(p.TimeZone); err == nil && p.TimeZone != "" {
			a.loc = loc
		}
	}
	a.svc = services{
		Clients: store.NewClientService(db), Orders: store.NewOrderService(db), Catalog: store.NewCatalogService(db),
		Records: store.NewRecordService(db), Bulk: store.NewBulkService(db),
	}
	return nil
}

func (a *app) close() {
	if a.db != nil {
		a.db.Close()
		a.db = nil
	}
	for _, f := range a.cleanups {
		f()
	}
	a.cleanups = nil
}

func firstSet(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

type versionCmd struct{}

func (c *versionCmd) Run(a *app) error {
	_, err := fmt.Fprintln(a.stdout, "regulars", regulars.Version)
	return err
}

type migrateCmd struct{}

// Run applies pending migrations, saying which first. Opening the database for any command
// applies them too; this is for scripts that want it done before the server starts.
func (c *migrateCmd) Run(ctx context.Context, a *app) error {
	if err := a.openDSN(ctx, a.cli.DB, store.Options{Inspect: true}); err != nil {
		return err
	}
	current, target, err := a.db.Versions(ctx)
	if err != nil {
		return err
	}
	tr, err := translator()
	if err != nil {
		return err
	}
	if current < target {
		fmt.Fprintln(a.stdout, tr.T(a.lang, "cli.migrate.applying", "From", current+1, "To", target))
	}
	if current != target { // a newer schema than this program's is refused
		if err := a.db.Migrate(ctx); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintln(a.stdout, tr.T(a.lang, "cli.migrate.up_to_date", "Target", target))
	return err
}

// readInput reads a file the user named, with an error that names it and says why in words
// ("orders.csv: cannot read the file: no such file or directory."), not Go's "open …".
func readInput(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, inputError(path, err)
	}
	return b, nil
}

// inputError is the error of a file the user named that cannot be opened or read.
func inputError(path string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return regulars.Prefixed(path, regulars.Errorf(regulars.EINVALID, "cannot read the file: %v.", err).
		Keyed("import.err.cannot_read", "Err", err.Error()))
}
