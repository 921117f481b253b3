package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/analytics"
	"github.com/regulars/regulars/internal/campaign"
	"github.com/regulars/regulars/internal/outbox"
	"github.com/regulars/regulars/internal/smtp"
	"github.com/regulars/regulars/internal/store"
)

type mailCmd struct {
	Setup mailSetupCmd `cmd:"" help:"Set how letters go out: the SMTP server, the sender, the hourly cap."`
	Show  mailShowCmd  `cmd:"" help:"Show the mail settings (without the password)."`
}

type mailSetupCmd struct {
	Host          string `required:"" help:"SMTP server: smtp.yandex.ru, smtp.mail.ru, smtp.gmail.com, a local relay."`
	Port          int    `help:"Port (default: 587 with starttls, 465 with tls, 25 with none)."`
	TLS           string `default:"starttls" enum:"starttls,tls,none" help:"starttls, tls (port 465) or none (a local relay only)."`
	User          string `help:"Login for AUTH; the password is read from standard input."`
	From          string `required:"" help:"The sender's address."`
	FromName      string `name:"from-name" help:"The sender's name, as clients see it."`
	PerHour       int    `name:"per-hour" help:"At most this many letters an hour (0: no cap)."`
	PublicURL     string `name:"public-url" help:"Where clients reach this app, for unsubscribe links: https://crm.example.ru."`
	PasswordStdin bool   `name:"password-stdin" help:"Read the password from standard input (implied by --user)."`
	DKIMDomain    string `name:"dkim-domain" help:"Sign letters with DKIM for this domain (with --dkim-selector and --dkim-key)."`
	DKIMSelector  string `name:"dkim-selector" help:"The DKIM selector: the key is published at SELECTOR._domainkey.DOMAIN."`
	DKIMKey       string `name:"dkim-key" help:"The DKIM private key, a PEM file (RSA or Ed25519)."`
}

func (c *mailSetupCmd) Run(ctx context.Context, a *app) error {
	m := regulars.MailSettings{Host: c.Host, Port: c.Port, TLS: c.TLS, Username: c.User, FromName: c.FromName,
		FromAddress: c.From, PerHour: c.PerHour, PublicURL: c.PublicURL, DKIMDomain: c.DKIMDomain, DKIMSelector: c.DKIMSelector}
	if c.DKIMKey != "" {
		key, err := readInput(c.DKIMKey)
		if err != nil {
			return err
		}
		m.DKIMKey = string(key)
	}
	if c.User != "" || c.PasswordStdin {
		fmt.Fprintln(a.stderr, "Password of the mailbox, then Enter:")
		line, _ := bufio.NewReader(a.stdin).ReadString('\n')
		m.Password = strings.TrimRight(line, "\r\n")
	}
	if cfg, err := smtpConfig(m); err != nil {
		return err
	} else if _, err := smtp.New(cfg); err != nil {
		return err // a DKIM key that does not parse is said now, not at the first letter
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	if err := regulars.SaveMailSettings(ctx, store.NewSettingService(a.db), m); err != nil {
		return err
	}
	_, err := fmt.Fprintf(a.stdout, "Letters go out through %s as %s.\n", m.Host, m.FromAddress)
	return err
}

type mailShowCmd struct{}

func (c *mailShowCmd) Run(ctx context.Context, a *app) error {
	if err := a.open(ctx); err != nil {
		return err
	}
	m, err := regulars.ReadMailSettings(ctx, store.NewSettingService(a.db))
	if err != nil {
		return err
	}
	if !m.Configured() {
		return regulars.Errorf(regulars.ENOTFOUND, "Mail is not set up: run `regulars mail setup`.").Keyed("err.mail_not_set")
	}
	dkim := "off"
	if m.DKIMKey != "" {
		dkim = m.DKIMSelector + "._domainkey." + m.DKIMDomain
	}
	_, err = fmt.Fprintf(a.stdout, "server %s:%d (%s), user %q, from %s <%s>, at most %d an hour (0: no cap), public URL %q, DKIM %s\n",
		m.Host, m.Port, m.TLS, m.Username, m.FromName, m.FromAddress, m.PerHour, m.PublicURL, dkim)
	return err
}

// smtpConfig turns the stored settings into the mailer's.
func smtpConfig(m regulars.MailSettings) (smtp.Config, error) {
	cfg := smtp.Config{Host: m.Host, Port: m.Port, Username: m.Username, Password: m.Password, TLS: m.TLS,
		DKIMDomain: m.DKIMDomain, DKIMSelector: m.DKIMSelector, DKIMKey: []byte(m.DKIMKey)}
	if err := m.Validate(); err != nil {
		return cfg, err
	}
	return cfg, cfg.Validate()
}

// mailSettings returns the stored mail settings, or ENOTFOUND when mail is not set up.
func (a *app) mailSettings(ctx context.Context) (regulars.MailSettings, error) {
	if err := a.open(ctx); err != nil {
		return regulars.MailSettings{}, err
	}
	m, err := regulars.ReadMailSettings(ctx, store.NewSettingService(a.db))
	if err == nil && !m.Configured() {
		err = regulars.Errorf(regulars.ENOTFOUND, "Mail is not set up: run `regulars mail setup`.").Keyed("err.mail_not_set")
	}
	return m, err
}

// sender returns the outbox's sender over the configured SMTP server; close the mailer after.
func (a *app) sender(ctx context.Context) (*outbox.Sender, *smtp.Mailer, error) {
	m, err := a.mailSettings(ctx)
	if err != nil {
		return nil, nil, err
	}
	cfg, err := smtpConfig(m)
	if err != nil {
		return nil, nil, err
	}
	mailer, err := smtp.New(cfg)
	if err != nil {
		return nil, nil, err
	}
	ob := store.NewOutboxService(a.db)
	return &outbox.Sender{Outbox: ob, Suppressions: ob, Mailer: mailer, FromName: m.FromName, FromAddress: m.FromAddress,
		Now: a.now, PerHour: m.PerHour, Logger: slog.New(slog.NewTextHandler(a.stderr, nil))}, mailer, nil
}

// engine returns the sequence engine on the open database.
func (a *app) engine(ctx context.Context) (*campaign.Engine, error) {
	m, err := a.mailSettings(ctx)
	if err != nil {
		return nil, err
	}
	p, err := regulars.ReadProfile(ctx, store.NewSettingService(a.db))
	if err != nil {
		return nil, err
	}
	// Without the app's public address an unsubscribe link would lead nowhere: marketing
	// letters wait until it is set.
	var unsubscribe func(int64, string) string
	if m.PublicURL != "" {
		signer, err := a.signer(ctx, m)
		if err != nil {
			return nil, err
		}
		unsubscribe = signer.URL
	}
	ob := store.NewOutboxService(a.db)
	return &campaign.Engine{Sequences: store.NewSequenceService(a.db), Suppressions: ob, Clients: a.svc.Clients,
		Orders: a.svc.Orders, Interactions: a.svc.Records, Catalog: a.svc.Catalog, Now: a.now, Loc: a.loc, Lang: p.LetterLang,
		FromAddress: m.FromAddress, Unsubscribe: unsubscribe}, nil
}

// signer returns the unsubscribe links' signer, its secret created on first use.
func (a *app) signer(ctx context.Context, m regulars.MailSettings) (campaign.Signer, error) {
	secret, err := secretSetting(ctx, a, regulars.SettingUnsubscribeSecret, false)
	if err != nil {
		return campaign.Signer{}, err
	}
	base := m.PublicURL
	if base == "" {
		base = "http://127.0.0.1:8080"
	}
	return campaign.Signer{Secret: []byte(secret), BaseURL: base}, nil
}

type outboxCmd struct {
	List    outboxListCmd    `cmd:"" default:"withargs" help:"The letters in the outbox (the default)."`
	InDoubt outboxInDoubtCmd `cmd:"" name:"in-doubt" help:"Letters a stopped sender may or may not have sent: check, then resend by hand."`
	Resend  outboxResendCmd  `cmd:"" help:"Queue an in-doubt or failed letter again."`
	Send    outboxSendCmd    `cmd:"" help:"Send the due letters now, then stop (the server sends by itself)."`
}

type outboxListCmd struct {
	State  string `enum:",queued,sending,sent,failed,in_doubt,cancelled" default:"" help:"Only letters in this state."`
	Limit  int    `default:"100" help:"At most this many, newest first."`
	Format string `short:"f" enum:"table,json,csv" default:"table" help:"table, json or csv."`
}

var letterColumns = []column[*regulars.Letter]{
	{"id", "ID", func(l *regulars.Letter) string { return fmt.Sprint(l.ID) }, nil, false},
	{"state", "STATE", func(l *regulars.Letter) string { return l.State }, nil, false},
	{"to_address", "TO", func(l *regulars.Letter) string { return l.ToAddress }, nil, false},
	{"subject", "SUBJECT", func(l *regulars.Letter) string { return l.Subject }, nil, false},
	{"not_before", "NOT BEFORE", func(l *regulars.Letter) string { return l.NotBefore.Format(time.RFC3339) }, nil, false},
	{"attempts", "TRIES", func(l *regulars.Letter) string { return fmt.Sprint(l.Attempts) }, nil, false},
	{"last_error", "LAST ERROR", func(l *regulars.Letter) string { return l.LastError }, nil, false},
	{"key", "KEY", func(l *regulars.Letter) string { return l.Key }, nil, false},
}

func (c *outboxListCmd) Run(ctx context.Context, a *app) error {
	return listLetters(ctx, a, c.State, c.Limit, c.Format)
}

func listLetters(ctx context.Context, a *app, state string, limit int, format string) error {
	if err := a.open(ctx); err != nil {
		return err
	}
	f := regulars.LetterFilter{Limit: limit}
	if state != "" {
		f.State = &state
	}
	ls, err := store.NewOutboxService(a.db).FindLetters(ctx, f)
	if err != nil {
		return err
	}
	return writeList(a.stdout, format, a.lang, ls, letterColumns)
}

type outboxInDoubtCmd struct {
	Format string `short:"f" enum:"table,json,csv" default:"table" help:"table, json or csv."`
}

func (c *outboxInDoubtCmd) Run(ctx context.Context, a *app) error {
	return listLetters(ctx, a, regulars.LetterInDoubt, 0, c.Format)
}

type outboxResendCmd struct {
	ID int64 `arg:"" help:"The letter's ID."`
}

func (c *outboxResendCmd) Run(ctx context.Context, a *app) error {
	if err := a.open(ctx); err != nil {
		return err
	}
	if err := store.NewOutboxService(a.db).Resend(ctx, c.ID, a.now()); err != nil {
		return err
	}
	_, err := fmt.Fprintf(a.stdout, "Letter %d is queued again.\n", c.ID)
	return err
}

type outboxSendCmd struct {
	AbandonedAfter time.Duration `name:"abandoned-after" default:"2m" help:"A letter claimed longer ago than this by a sender that is gone is marked in doubt (0s: every claim — only when no other sender runs)."`
}

// Run recovers in-doubt letters, then sends every due letter and reports.
func (c *outboxSendCmd) Run(ctx context.Context, a *app) error {
	s, mailer, err := a.sender(ctx)
	if err != nil {
		return err
	}
	defer mailer.Close()
	s.Abandoned = max(c.AbandonedAfter, time.Nanosecond)
	doubt, err := s.Recover(ctx)
	if err != nil {
		return err
	}
	st, err := s.SendDue(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "sent %d, retry later %d, failed %d, in doubt %d\n", st.Sent, st.Retried, st.Failed, doubt)
	if st.Limited {
		fmt.Fprintf(a.stdout, "the hourly cap is reached: more from %s\n", st.Next.In(a.loc).Format("15:04"))
	}
	return nil
}

// unsubscriber carries out the unsubscribe links for the web server.
type unsubscriber struct{ a *app }

// Unsubscribe suppresses the address, withdraws the client's consent when the address is
// still the client's, and stops the client's marketing sequences.
func (u unsubscriber) Unsubscribe(r *http.Request, clientID int64, address string) error {
	ctx, a := r.Context(), u.a
	if err := store.NewOutboxService(a.db).Suppress(ctx, address, regulars.SuppressUnsubscribed); err != nil {
		return err
	}
	c, err := a.svc.Clients.FindClientByID(ctx, clientID)
	if regulars.ErrorCode(err) == regulars.ENOTFOUND {
		return nil // the client is gone; the address stays suppressed
	} else if err != nil {
		return err
	}
	if regulars.NormalizeEmail(c.Email) == regulars.NormalizeEmail(address) && c.MarketingConsent {
		no := false
		if _, err := a.svc.Clients.UpdateClient(ctx, c.ID, regulars.ClientUpdate{MarketingConsent: &no}); err != nil {
			return err
		}
	}
	seqs := store.NewSequenceService(a.db)
	all, err := seqs.FindSequences(ctx)
	if err != nil {
		return err
	}
	for _, s := range all {
		if !s.Marketing {
			continue // letters about the client's own orders still go
		}
		if err := seqs.StopEnrolment(ctx, s.ID, clientID, regulars.StopUnsubscribed); err != nil && regulars.ErrorCode(err) != regulars.ENOTFOUND {
			return err
		}
	}
	return nil
}

// automator returns the automations' runner; candidates gives the clients' segment facts.
func (a *app) automator(candidates func(context.Context) ([]campaign.Candidate, error)) *campaign.Automator {
	return &campaign.Automator{Settings: store.NewSettingService(a.db), Fires: store.NewFireService(a.db),
		Sequences: store.NewSequenceService(a.db), Orders: a.svc.Orders, Events: a.svc.Records, Dates: a.svc.Records, Clients: a.svc.Clients,
		Candidates: candidates, Now: a.now, Loc: a.loc}
}

// analysedCandidates computes the clients' segment facts with the analytics (the CLI's way;
// the server takes them from its snapshot).
func (a *app) analysedCandidates(ctx context.Context) ([]campaign.Candidate, error) {
	an, err := a.analyst(ctx)
	if err != nil {
		return nil, err
	}
	ov, err := an.Overview(ctx, a.today())
	if err != nil {
		return nil, err
	}
	out := make([]campaign.Candidate, len(ov.Scores))
	for i, s := range ov.Scores {
		sum := ov.Base.Sums[i]
		out[i] = campaign.Candidate{ClientID: sum.ClientID, Sleeping: s.Sleeping, VIP: s.VIP,
			Personal: s.ValueTier == analytics.TierPersonal, LastOrder: sum.Last, FirstOrder: sum.First, Segment: s.Segment}
	}
	return out, nil
}

// mailLoop runs the automations and the sequences and sends the outbox while mail is set up:
// every minute (the scheduler tick, for dates and delays) and within seconds of a write through
// the app or the API (wake), so that events are acted on as the data changes.
func (a *app) mailLoop(ctx context.Context, log *slog.Logger, wake <-chan struct{}, candidates func(context.Context) ([]campaign.Candidate, error)) {
	for {
		if _, err := a.mailSettings(ctx); err == nil {
			if err := a.mailPass(ctx, candidates); err != nil && ctx.Err() == nil {
				log.Error("mail", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
		case <-wake:
			// A write: act on it within seconds, after the writes that come with it.
			select {
			case <-ctx.Done():
				return
			case <-time.After(2 * time.Second):
			}
		}
	}
}

// mailPass runs the automations, queues the due steps of the sequences and sends the due
// letters, once. The steps are independent: one failing does not hold up the others.
func (a *app) mailPass(ctx context.Context, candidates func(context.Context) ([]campaign.Candidate, error)) error {
	var errs []error
	if _, err := a.sequences(ctx); err != nil {
		return err
	}
	if _, err := a.automator(candidates).Run(ctx); err != nil {
		errs = append(errs, fmt.Errorf("automations: %w", err))
	}
	if e, err := a.engine(ctx); err != nil {
		errs = append(errs, err)
	} else if _, err := e.Tick(ctx); err != nil {
		errs = append(errs, fmt.Errorf("sequences: %w", err))
	}
	s, mailer, err := a.sender(ctx)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	defer mailer.Close()
	// Every pass: a claim older than a send can take is a stopped sender's.
	if _, err := s.Recover(ctx); err != nil {
		errs = append(errs, err)
	}
	if _, err := s.SendDue(ctx); err != nil {
		errs = append(errs, fmt.Errorf("outbox: %w", err))
	}
	return errors.Join(errs...)
}
