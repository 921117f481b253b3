package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/campaign"
	"github.com/regulars/regulars/internal/locale"
	"github.com/regulars/regulars/internal/store"
)

type campaignCmd struct {
	Results campaignResultsCmd `cmd:"" default:"withargs" help:"What each sequence sent and what followed: orders, revenue, ROI (the default)."`
	Cost    campaignCostCmd    `cmd:"" help:"Record what a sequence cost, for its ROI."`
	Send    campaignSendCmd    `cmd:"" help:"A one-off letter (or a monthly digest) to a segment or to chosen clients."`
}

type campaignResultsCmd struct {
	Window int    `default:"30" help:"Count the orders within this many days of a client's first letter."`
	Format string `short:"f" enum:"table,json" default:"table" help:"table or json."`
}

var resultColumns = []column[*campaign.Results]{
	{"sequence", "SEQUENCE", func(r *campaign.Results) string { return r.Sequence }, nil, false},
	{"enrolled", "ENROLLED", func(r *campaign.Results) string { return strconv.Itoa(r.Enrolled) }, nil, false},
	{"sent", "SENT", func(r *campaign.Results) string { return strconv.Itoa(r.Sent) }, nil, false},
	{"bounced", "BOUNCED", func(r *campaign.Results) string { return strconv.Itoa(r.Bounced) }, nil, false},
	{"in_doubt", "IN DOUBT", func(r *campaign.Results) string { return strconv.Itoa(r.InDoubt) }, nil, false},
	{"replied", "REPLIED", func(r *campaign.Results) string { return strconv.Itoa(r.Replied) }, nil, false},
	{"unsubscribed", "UNSUBSCRIBED", func(r *campaign.Results) string { return strconv.Itoa(r.Unsubscr) }, nil, false},
	{"orders_after", "ORDERS AFTER", func(r *campaign.Results) string { return strconv.Itoa(r.OrdersAfter) }, nil, false},
	{"revenue_after", "REVENUE AFTER", func(r *campaign.Results) string { return r.RevenueAfter.Major() + " " + r.RevenueAfter.Currency },
		func(r *campaign.Results, lang string) string { return moneyOrZero(r.RevenueAfter, lang) }, false},
	{"cost", "COST", func(r *campaign.Results) string { return r.Cost.Major() + " " + r.Cost.Currency },
		func(r *campaign.Results, lang string) string { return moneyOrZero(r.Cost, lang) }, false},
	{"roi", "ROI", func(r *campaign.Results) string {
		if r.ROI == nil {
			return "-"
		}
		return strconv.FormatFloat(*r.ROI*100, 'f', 0, 64) + "%"
	}, func(r *campaign.Results, lang string) string {
		if r.ROI == nil {
			return "-"
		}
		return locale.Percent(*r.ROI, 0, lang)
	}, false},
}

func (c *campaignResultsCmd) Run(ctx context.Context, a *app) error {
	svc, err := a.sequences(ctx)
	if err != nil {
		return err
	}
	seqs, err := svc.FindSequences(ctx)
	if err != nil {
		return err
	}
	costs, err := campaign.Costs(ctx, store.NewSettingService(a.db))
	if err != nil {
		return err
	}
	rows, err := campaign.Measure(ctx, seqs, svc, store.NewOutboxService(a.db), a.svc.Orders, costs, c.Window, a.loc)
	if err != nil {
		return err
	}
	return writeList(a.stdout, c.Format, a.lang, rows, resultColumns)
}

type campaignCostCmd struct {
	Key      string `arg:"" help:"The sequence's key."`
	Amount   string `arg:"" help:"What it cost, in major units: 10000 or 10000.50."`
	Currency string `default:"RUB" help:"The currency."`
}

func (c *campaignCostCmd) Run(ctx context.Context, a *app) error {
	m, err := regulars.ParseMajor(c.Amount, strings.ToUpper(c.Currency))
	if err != nil {
		return regulars.FieldError("amount", fmt.Sprintf("%q is not an amount such as 10000 or 10000.50.", c.Amount)).Keyed("err.amount_like", "Value", c.Amount)
	}
	if _, _, err := a.sequence(ctx, c.Key); err != nil {
		return err
	}
	if err := campaign.SetCost(ctx, store.NewSettingService(a.db), c.Key, m); err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "%s cost %s %s.\n", c.Key, m.Major(), m.Currency)
	return err
}

type campaignSendCmd struct {
	Name          string  `required:"" help:"The mailing's name, which makes it once-only: sending the same name again reaches only new recipients (digest-2026-11)."`
	Segment       string  `help:"Every client of a segment (champions, at_risk, …) or 'sleeping'."`
	Client        []int64 `help:"A client (repeatable)."`
	Subject       string  `required:"" help:"Subject; {name}, {company}, {project}, {months} are filled in."`
	Text          string  `required:"" help:"Text; a marketing letter must carry {unsubscribe}."`
	HTML          string  `help:"HTML body (optional); values are escaped."`
	Transactional bool    `help:"Not marketing: no consent needed, no unsubscribe link (for letters about the client's own orders only)."`
	DryRun        bool    `name:"dry-run" help:"List the recipients and what stops the others; send nothing."`
	TestTo        string  `name:"test-to" help:"Send one letter, made for the first recipient, to this address (yours) instead."`
}

func (c *campaignSendCmd) Run(ctx context.Context, a *app) error {
	res, err := a.mailing(ctx, campaign.MailingRequest{Name: c.Name, Segment: c.Segment, ClientIDs: c.Client, Subject: c.Subject,
		Text: c.Text, HTML: c.HTML, Transactional: c.Transactional, DryRun: c.DryRun, TestTo: c.TestTo})
	if err != nil {
		return err
	}
	if res.DryRun {
		for _, r := range res.Recipients {
			fmt.Fprintf(a.stdout, "to %s <%s>: %s\n", r.Name, r.Address, r.Subject)
		}
	}
	for _, reason := range slices.Sorted(maps.Keys(res.Skipped)) {
		fmt.Fprintf(a.stdout, "skipped %d: %s\n", res.Skipped[reason], reason)
	}
	switch {
	case res.DryRun:
		_, err = fmt.Fprintf(a.stdout, "%d letters would go out (dry run: nothing sent)\n", len(res.Recipients))
	case res.TestSentTo != "":
		_, err = fmt.Fprintf(a.stdout, "A test letter made for %s went to %s.\n", res.Recipients[0].Address, res.TestSentTo)
	default:
		_, err = fmt.Fprintf(a.stdout, "%d letters queued (%d had been sent by this mailing before); the server sends them.\n", res.Queued, res.Repeated)
	}
	return err
}

// testUnsubscribe stands for the unsubscribe link in a test letter.
const testUnsubscribe = "https://example.invalid/unsubscribe-link-of-the-client"

// mailing plans a mailing and, unless it is a dry run, queues it or sends its test letter.
func (a *app) mailing(ctx context.Context, req campaign.MailingRequest) (*campaign.MailingResult, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var found []int64
	if req.Segment != "" {
		var err error
		if found, err = a.segmentClients(ctx, req.Segment); err != nil {
			return nil, err
		}
	}
	e, err := a.engine(ctx)
	if err != nil {
		return nil, err
	}
	tpl := regulars.MailTemplate{Subject: req.Subject, Text: req.Text, HTML: req.HTML}
	plan, err := e.PlanMailing(ctx, campaign.Mailing{Name: req.Name, Template: tpl, Marketing: !req.Transactional, Found: found}, req.ClientIDs)
	if err != nil {
		return nil, err
	}
	res := &campaign.MailingResult{Skipped: plan.Skipped, DryRun: req.DryRun, Recipients: []campaign.Recipient{}}
	for _, l := range plan.Letters {
		res.Recipients = append(res.Recipients, campaign.Recipient{ClientID: l.ClientID, Name: l.ToName, Address: l.ToAddress, Subject: l.Subject})
	}
	switch {
	case req.DryRun:
		return res, nil
	case req.TestTo != "":
		if len(plan.Letters) == 0 {
			return nil, regulars.Errorf(regulars.EINVALID, "No recipient to make the test letter for.").Keyed("err.no_test_recipient")
		}
		s, mailer, err := a.sender(ctx)
		if err != nil {
			return nil, err
		}
		defer mailer.Close()
		l := *plan.Letters[0]
		l.ToAddress, l.Subject = req.TestTo, "[test] "+l.Subject
		// The test copy must not unsubscribe the real client: its link and the one-click
		// header go, and the letter says where the link will be.
		if l.Unsubscribe != "" {
			l.Text = strings.ReplaceAll(l.Text, l.Unsubscribe, testUnsubscribe)
			l.HTML = strings.ReplaceAll(l.HTML, l.Unsubscribe, testUnsubscribe)
			l.Unsubscribe = ""
		}
		l.MessageID = campaign.MessageID(l.Key+":test:"+a.now().String(), s.FromAddress)
		if err := mailer.Send(ctx, l.Message(s.FromName, s.FromAddress)); err != nil {
			return nil, err
		}
		res.TestSentTo = req.TestTo
		return res, nil
	}
	if res.Queued, err = store.NewOutboxService(a.db).Enqueue(ctx, plan.Letters); err != nil {
		return nil, err
	}
	res.Repeated = len(plan.Letters) - res.Queued
	return res, nil
}
