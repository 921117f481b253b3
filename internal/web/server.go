// Package web serves Regulars over HTTP: the web app's pages, the JSON API under /api/v1 and
// the health check.
//
// Every route is listed in routes.go with who may call it. Handlers are short and alike: parse
// the request, call a domain service, render or encode the answer; errors leave through
// Server.error (JSON) or Server.pageError (HTML), which map error codes to HTTP statuses from
// one table. The API authenticates with a bearer token (the settings table's api_token, shown
// by `regulars token`); the pages with a session cookie from the login page, and every POST
// with the session's CSRF token.
//
// Pages are html/template files in templates/ (a layout, partials, one file per page), parsed
// once by Open, with htmx (static/, vendored) for the parts that change without a reload.
// Numbers and charts come from the analytics snapshot (internal/snapshot), kept fresh in the
// background, so no page waits for a model fit; the client card reads the store directly.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/campaign"
	"github.com/regulars/regulars/internal/locale"
	"github.com/regulars/regulars/internal/snapshot"
)

// Server is the HTTP server and the services it calls.
type Server struct {
	Clients      regulars.ClientService
	Orders       regulars.OrderService
	Catalog      regulars.CatalogService
	Interactions regulars.InteractionService
	Dates        regulars.ImportantDateService
	Plans        regulars.PlanService
	Events       regulars.EventService
	Importer     Importer
	Analyst      Analyst
	Agenda       Agenda
	Users        regulars.UserService
	Settings     regulars.SettingService
	States       regulars.AgendaStateService
	// Snapshots keeps the analyses the pages show, computed in the background.
	Snapshots *snapshot.Keeper
	// ImportFields are the fields a sheet's column can map to, for the import wizard.
	ImportFields []string
	Sequences    regulars.SequenceService
	Outbox       regulars.OutboxService
	Suppressions regulars.SuppressionService
	Mailings     Mailer
	// OnWrite, when set, is called after every request that may have changed the data.
	OnWrite func()
	// Location is the business's time zone.
	Location *time.Location
	// Signer checks the unsubscribe links (nil: every link is refused); Unsubscriber carries
	// them out.
	Signer       func(context.Context) (campaign.Signer, error)
	Unsubscriber Unsubscriber
	// TimeZone is the business's time zone, as configured.
	TimeZone string
	// SecureCookies marks the cookies Secure even without TLS here: set it behind a proxy that
	// ends TLS.
	SecureCookies bool
	// TrustProxy takes a request's address from X-Forwarded-For when it comes from this
	// machine: set it behind a reverse proxy here, or the login throttle sees one address.
	TrustProxy bool

	// Today returns the business's current day, the default "as of" of the analyses; Now
	// the current moment.
	Today func() regulars.Date
	Now   func() time.Time

	// Token is the API bearer token; requests without it get 401.
	Token string
	// Logger gets the errors users see as "Internal error."; slog.Default when nil.
	Logger *slog.Logger

	mux        *http.ServeMux
	pages      pages
	assets     *assets
	tr         *locale.Translator
	uploads    pendingUploads
	dashboards dashboardCache
	logins     throttle
}

// Open parses the templates, loads the static files and the translations: a page that does
// not parse stops the server here, not on the first visit.
func (s *Server) Open() error {
	var err error
	if s.pages, err = loadPages(); err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	if s.assets, err = loadAssets(); err != nil {
		return fmt.Errorf("static files: %w", err)
	}
	if s.tr, err = locale.NewTranslator(); err != nil {
		return fmt.Errorf("translations: %w", err)
	}
	return nil
}

// Importer imports uploaded sheets. The command wires it to internal/importer.
type Importer interface {
	ImportUpload(ctx context.Context, files []Upload, opts ImportParams) (report any, err error)
	// Demo fills the base with a generated demo business.
	Demo(ctx context.Context) error
}

// Upload is one uploaded file.
type Upload struct {
	Name string
	Data []byte
}

// ImportParams are the options of an upload, as the CLI's flags.
type ImportParams struct {
	Map       map[string]string
	Currency  string
	DateOrder string
	SkipBad   bool
	DryRun    bool
	// RestoreDeleted imports the rows of orders and clients deleted in Regulars too.
	RestoreDeleted bool
	// Sheet names the sheet of every workbook to read, as the CLI's --sheet; Sheets, by the
	// file's place among the uploaded ones (0 first: two files may have one name), the sheet
	// the page chose for that file.
	Sheet  string
	Sheets map[int]string
	// LooseMap leaves out a Map header no sheet has (see importer.ImportOptions.LooseMap).
	LooseMap bool
}

// Handler returns the server's handler with every route. Call Open first.
func (s *Server) Handler() http.Handler {
	if s.mux == nil {
		s.mux = http.NewServeMux()
		s.routes(s.mux)
	}
	return s.mux
}

// Serve serves on ln until ctx is done, then shuts down gracefully, giving requests in
// flight up to 10 seconds. Serve, not ListenAndServe: the caller owns the listener, so tests
// can listen on :0 and learn the port.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		// Requests keep ctx's values but not its end: Shutdown gives those in flight their
		// 10 seconds.
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (s *Server) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.Default()
	}
	return s.Logger
}
