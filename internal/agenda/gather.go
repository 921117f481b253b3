package agenda

import (
	"context"
	"errors"
	"sync"

	"github.com/regulars/regulars"
)

// Sources are the services the agenda is read from.
type Sources struct {
	Clients  regulars.ClientService
	Orders   regulars.OrderService
	Dates    regulars.ImportantDateService
	Plans    regulars.PlanService
	Events   regulars.EventService
	Catalog  regulars.CatalogService
	Settings regulars.SettingService
	States   regulars.AgendaStateService
}

// Gather reads everything Build needs but the segments, which come from the analytics (the
// caller may have them already): the base, the catalog, the user's templates over the
// built-in ones, the holidays and what the user did with earlier items. The reads run at once
// (the stores read on a pool of connections): the clients and the orders take about as long
// as each other, and as all the rest.
func Gather(ctx context.Context, src Sources) (Input, error) {
	var in Input
	var wg sync.WaitGroup
	errs := make([]error, 4)
	wg.Go(func() { in.Clients, _, errs[0] = src.Clients.FindClients(ctx, regulars.ClientFilter{}) })
	wg.Go(func() { in.Orders, errs[1] = gatherOrders(ctx, src.Orders) })
	wg.Go(func() {
		if in.Dates, _, errs[2] = src.Dates.FindImportantDates(ctx, regulars.RecordFilter{}); errs[2] != nil {
			return
		}
		in.Events, _, errs[2] = src.Events.FindEvents(ctx, regulars.RecordFilter{})
	})
	wg.Go(func() { errs[3] = gatherRest(ctx, src, &in) })
	wg.Wait()
	return in, errors.Join(errs...)
}

// gatherRest reads the small parts of the input.
func gatherRest(ctx context.Context, src Sources, in *Input) error {
	var err error
	if in.Plans, _, err = src.Plans.FindPlans(ctx, regulars.RecordFilter{}); err != nil {
		return err
	}
	if in.Services, _, err = src.Catalog.FindServices(ctx, regulars.ServiceFilter{}); err != nil {
		return err
	}
	if in.Links, err = src.Catalog.FindServiceLinks(ctx); err != nil {
		return err
	}
	if in.Templates, err = UserTemplates(ctx, src.Settings); err != nil {
		return err
	}
	if in.Holidays, err = Holidays(); err != nil {
		return err
	}
	in.States, err = src.States.FindAgendaStates(ctx)
	return err
}

// ConfigOf returns the lead times of the business profile; what it leaves at zero takes the
// defaults.
func ConfigOf(p regulars.Profile) Config {
	return Config{Days: p.AgendaDays, DateLead: p.DateLead, HolidayLead: p.HolidayLead, PreDelivery: p.PreDelivery,
		FeedbackAfter: p.FeedbackAfter, CheckinAfter: p.CheckinAfter, PlanLead: p.PlanLead, AnniversaryLead: p.AnniversaryLead,
		TouchVIP: p.TouchVIP, TouchActive: p.TouchActive, TouchPassive: p.TouchPassive}
}

// UserTemplates returns the built-in draft templates with the user's own, kept in the
// settings, over them.
func UserTemplates(ctx context.Context, settings regulars.SettingService) (Templates, error) {
	own, err := OwnTemplates(ctx, settings)
	if err != nil {
		return nil, err
	}
	return DefaultTemplates().With(own), nil
}

// OwnTemplates returns the user's own draft templates, kept in the settings.
func OwnTemplates(ctx context.Context, settings regulars.SettingService) (Templates, error) {
	s, err := settings.Setting(ctx, regulars.SettingAgendaTemplates)
	if err != nil && regulars.ErrorCode(err) != regulars.ENOTFOUND {
		return nil, err
	}
	return ParseTemplates(s)
}

// gatherOrders reads every order into the agenda's view of it, one at a time (the store
// keeps one copy of the strings that repeat).
func gatherOrders(ctx context.Context, svc regulars.OrderService) ([]Order, error) {
	var out []Order
	err := svc.EachOrder(ctx, func(o *regulars.Order) error {
		out = append(out, OrderOf(o))
		return nil
	})
	return out, err
}
