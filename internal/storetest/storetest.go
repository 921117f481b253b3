// Package storetest is the conformance suite every storage engine must pass: the same
// scenarios run against SQLite and PostgreSQL, through the regulars service interfaces only.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/regulars/regulars"
)

// Services is what the suite exercises.
type Services struct {
	Clients      regulars.ClientService
	Orders       regulars.OrderService
	Catalog      regulars.CatalogService
	Interactions regulars.InteractionService
	Dates        regulars.ImportantDateService
	Plans        regulars.PlanService
	Events       regulars.EventService
	Bulk         regulars.BulkService
	Settings     regulars.SettingService
	Analytics    regulars.AnalyticsService
	Agenda       regulars.AgendaStateService
	Users        regulars.UserService
	Outbox       interface {
		regulars.OutboxService
		regulars.SuppressionService
	}
	Sequences regulars.SequenceService
	Fires     regulars.FireService
}

// Now is the fixed clock the suite expects the store under test to use.
var Now = time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)

// Run runs every scenario; open returns services on a fresh, empty database.
func Run(t *testing.T, open func(t *testing.T) Services) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, s Services)
	}{
		{"ClientCRUD", testClientCRUD},
		{"ClientValidation", testClientValidation},
		{"ClientFilter", testClientFilter},
		{"ClientSummaries", testClientSummaries},
		{"MergeClients", testMergeClients},
		{"ClientUniqueEmail", testClientUniqueEmail},
		{"EachClientSummary", testEachClientSummary},
		{"OrderCRUD", testOrderCRUD},
		{"OrderValidation", testOrderValidation},
		{"EachOrderRow", testEachOrderRow},
		{"Catalog", testCatalog},
		{"Records", testRecords},
		{"BulkLoad", testBulkLoad},
		{"BulkLoadFields", testBulkLoadFields},
		{"BulkRollback", testBulkRollback},
		{"Fires", testFires},
		{"BulkDanglingReference", testBulkDanglingReference},
		{"Settings", testSettings},
		{"LastContact", testLastContact},
		{"AnalyticsReads", testAnalyticsReads},
		{"AgendaStates", testAgendaStates},
		{"UsersAndSessions", testUsers},
		{"Outbox", testOutbox},
		{"Sequences", testSequences},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

func ctx() context.Context { return context.Background() }

func mustCreateClient(t *testing.T, s Services, c *regulars.Client) *regulars.Client {
	t.Helper()
	if err := s.Clients.CreateClient(ctx(), c); err != nil {
		t.Fatalf("create client %q: %v", c.Name, err)
	}
	return c
}

func mustCreateOrder(t *testing.T, s Services, o *regulars.Order) *regulars.Order {
	t.Helper()
	if err := s.Orders.CreateOrder(ctx(), o); err != nil {
		t.Fatalf("create order: %v", err)
	}
	return o
}

func rub(major int64) regulars.Money { return regulars.Money{Minor: major * 100, Currency: "RUB"} }

func day(s string) regulars.Date { return regulars.MustParseDate(s) }

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := regulars.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}
