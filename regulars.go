// Package regulars is the domain of Regulars, a self-hosted repeat-sales engine for freelancers
// and small businesses: clients, their orders, the service catalog, the contact log, important
// dates, plans and events, and the service interfaces that the adapters implement.
//
// The package imports only the standard library. Everything else adapts a dependency to it:
//
//	internal/store      the services on database/sql (SQLite embedded, PostgreSQL)
//	internal/importer   sheets (CSV, TSV, XLSX) into orders and clients, through a Loader
//	internal/analytics  summaries, metrics, segments and purchase models (pure)
//	internal/agenda     whom to contact and why (so far: the holidays calendar)
//	internal/ical       iCalendar feeds
//	internal/demo       a generated demo business
//	internal/web        the HTTP server and JSON API
//	cmd/regulars        the binary; the only place that wires everything
//
// Money is integer minor units with a currency (Money); days without a time are Date; the clock
// is always injected, never read from time.Now inside the domain.
package regulars

// Version is the version of the program, set at build time with -ldflags.
var Version = "dev"
