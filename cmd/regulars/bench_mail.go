package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/campaign"
	"github.com/regulars/regulars/internal/outbox"
	"github.com/regulars/regulars/internal/smtp"
	"github.com/regulars/regulars/internal/smtptest"
	"github.com/regulars/regulars/internal/store"
)

type benchMailCmd struct {
	Clients int `default:"100000" help:"Clients to enrol in a sequence."`
	Letters int `default:"5000" help:"Letters to send through the outbox."`
}

// Run measures, on a fresh SQLite database: the enrolment of --clients clients in a sequence,
// and the sending of --letters letters through the whole outbox path (claim, SMTP to a local
// in-process server over a kept connection, mark sent), one at a time as the sender works.
func (c *benchMailCmd) Run(ctx context.Context, a *app) error {
	dir, err := os.MkdirTemp("", "regulars-bench-mail-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(ctx, filepath.Join(dir, "bench.db"), store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(a.stdout, "SQLite in %s; %d cores, %s/%s\n", dir, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)

	ids, err := benchClients(ctx, db, c.Clients)
	if err != nil {
		return err
	}
	seqs := store.NewSequenceService(db)
	if err := campaign.EnsureBuiltin(ctx, seqs); err != nil {
		return err
	}
	seq, err := seqs.FindSequenceByKey(ctx, "reactivation")
	if err != nil {
		return err
	}
	start := time.Now()
	n, err := seqs.Enrol(ctx, seq.ID, ids, a.today())
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(a.stdout, "enrol %d clients in a sequence: %.2f s (%.0f a second)\n", n, took.Seconds(), float64(n)/took.Seconds())

	srv, err := smtptest.Listen()
	if err != nil {
		return err
	}
	defer srv.Close()
	mailer, err := smtp.New(smtp.Config{Host: srv.Host, Port: srv.Port, TLS: smtp.TLSNone})
	if err != nil {
		return err
	}
	defer mailer.Close()
	ob := store.NewOutboxService(db)
	letters := make([]*regulars.Letter, c.Letters)
	for i := range letters {
		key := "bench:" + strconv.Itoa(i)
		letters[i] = &regulars.Letter{Key: key, MessageID: campaign.MessageID(key, "studio@example.ru"), ToName: "Анна Смирнова",
			ToAddress: "client" + strconv.Itoa(i) + "@example.ru", Subject: "Анна, как у вас дела?",
			Text: "Здравствуйте, Анна!\n\nДавно не общались — как идут дела?", Marketing: true,
			Unsubscribe: "https://crm.example.ru/u/token" + strconv.Itoa(i), NotBefore: time.Now().Add(-time.Minute)}
	}
	start = time.Now()
	if _, err := ob.Enqueue(ctx, letters); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "enqueue %d letters: %.2f s\n", len(letters), time.Since(start).Seconds())
	s := &outbox.Sender{Outbox: ob, Suppressions: ob, Mailer: mailer, FromName: "Студия", FromAddress: "studio@example.ru", Now: time.Now}
	start = time.Now()
	st, err := s.SendDue(ctx)
	if err != nil {
		return err
	}
	took = time.Since(start)
	delivered := len(srv.Letters())
	fmt.Fprintf(a.stdout, "send %d letters (claim, SMTP, mark sent): %.2f s, %.0f letters a second; the server received %d\n",
		st.Sent, took.Seconds(), float64(st.Sent)/took.Seconds(), delivered)
	return nil
}

// benchClients adds n clients with an address and consent, in one load.
func benchClients(ctx context.Context, db *store.DB, n int) ([]int64, error) {
	load, err := store.NewBulkService(db).BeginLoad(ctx)
	if err != nil {
		return nil, err
	}
	defer load.Rollback()
	ids := make([]int64, n)
	for i := range ids {
		c := &regulars.Client{Name: "Клиент " + strconv.Itoa(i), Email: "client" + strconv.Itoa(i) + "@example.ru", MarketingConsent: true}
		if err := load.AddClient(ctx, c); err != nil {
			return nil, err
		}
		ids[i] = c.ID
	}
	return ids, load.Commit()
}
