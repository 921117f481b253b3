// Package web serves Regulars over HTTP: the JSON API under /api/v1, the health check and,
// as they land, the server-rendered pages.
//
// Every route is listed in routes.go. Handlers are short and alike: parse the request, call a
// domain service, encode the answer; errors leave through Server.error, the one place that
// maps error codes to HTTP statuses. The API authenticates with a bearer token (the settings
// table's api_token, shown by `regulars token`); nothing but the health check is public.
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

	// Today returns the business's current day, the default "as of" of the analyses; Now
	// the current moment.
	Today func() regulars.Date
	Now   func() time.Time

	// Token is the API bearer token; requests without it get 401.
	Token string
	// Logger gets the errors users see as "Internal error."; slog.Default when nil.
	Logger *slog.Logger

	mux *http.ServeMux
}

// Importer imports uploaded sheets. The command wires it to internal/importer.
type Importer interface {
	ImportUpload(ctx context.Context, files []Upload, opts ImportParams) (report any, err error)
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
}

// Handler returns the server's handler with every route.
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
		BaseContext:       func(net.Listener) context.Context { return ctx },
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
