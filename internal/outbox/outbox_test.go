package outbox_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/outbox"
	"github.com/regulars/regulars/internal/store"
)

// fakeMailer answers each send from a script of errors (nil: accepted) and records what it
// accepted.
type fakeMailer struct {
	script []error
	got    []*regulars.Message
}

func (m *fakeMailer) Send(_ context.Context, msg *regulars.Message) error {
	var err error
	if len(m.script) > 0 {
		err, m.script = m.script[0], m.script[1:]
	}
	if err == nil {
		m.got = append(m.got, msg)
	}
	return err
}

var t0 = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

func setup(t *testing.T, letters ...string) (*store.OutboxService, *fakeMailer, *outbox.Sender, *time.Time) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "r.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := t0
	db.Now = func() time.Time { return now }
	ob := store.NewOutboxService(db)
	var ls []*regulars.Letter
	for _, k := range letters {
		ls = append(ls, &regulars.Letter{Key: k, MessageID: "<" + k + "@t>", ToAddress: k + "@example.ru", Subject: "s", Text: "t", NotBefore: now})
	}
	if _, err := ob.Enqueue(context.Background(), ls); err != nil {
		t.Fatal(err)
	}
	m := &fakeMailer{}
	s := &outbox.Sender{Outbox: ob, Suppressions: ob, Mailer: m, FromAddress: "studio@example.ru", Now: func() time.Time { return now }}
	return ob, m, s, &now
}

func states(t *testing.T, ob *store.OutboxService) map[string]*regulars.Letter {
	t.Helper()
	ls, err := ob.FindLetters(context.Background(), regulars.LetterFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*regulars.Letter{}
	for _, l := range ls {
		out[l.Key] = l
	}
	return out
}

func TestSender(t *testing.T) {
	ctx := context.Background()
	temp := &regulars.SendError{Code: 451, Err: errors.New("try later")}
	t.Run("OK", func(t *testing.T) {
		ob, m, s, _ := setup(t, "a", "b")
		st, err := s.SendDue(ctx)
		if err != nil || st.Sent != 2 || len(m.got) != 2 || m.got[0].FromAddress != "studio@example.ru" {
			t.Fatalf("SendDue = %+v, %v; sent %d", st, err, len(m.got))
		}
		if l := states(t, ob)["a"]; l.State != regulars.LetterSent || !l.SentAt.Equal(t0) {
			t.Errorf("letter a: %+v", l)
		}
	})
	t.Run("TemporaryThenOK", func(t *testing.T) {
		ob, m, s, now := setup(t, "a")
		m.script = []error{temp, temp}
		st, _ := s.SendDue(ctx)
		if st.Retried != 1 || st.Sent != 0 {
			t.Fatalf("first pass %+v", st)
		}
		if l := states(t, ob)["a"]; l.State != regulars.LetterQueued || !l.NotBefore.Equal(t0.Add(time.Minute)) || l.LastError == "" {
			t.Fatalf("after a 451: %+v", l)
		}
		if st, _ := s.SendDue(ctx); st.Sent+st.Retried != 0 {
			t.Fatalf("sent before its backoff: %+v", st)
		}
		*now = t0.Add(time.Minute)
		s.SendDue(ctx) // second 451: backoff doubles
		if l := states(t, ob)["a"]; !l.NotBefore.Equal(t0.Add(3 * time.Minute)) {
			t.Fatalf("second backoff until %v, want +2 min", l.NotBefore)
		}
		*now = t0.Add(3 * time.Minute)
		if st, _ := s.SendDue(ctx); st.Sent != 1 || states(t, ob)["a"].Attempts != 3 {
			t.Fatalf("third pass %+v", st)
		}
	})
	t.Run("RetryWaitsForTheClientsHours", func(t *testing.T) {
		ob, m, s, now := setup(t)
		evening := regulars.SendWindow{Zone: "Europe/Moscow", From: 17, To: 20}
		*now = time.Date(2026, 11, 22, 16, 59, 0, 0, time.UTC) // 19:59 in Moscow: the last minute of the window
		l := &regulars.Letter{Key: "w", MessageID: "<w@t>", ToAddress: "w@example.ru", Subject: "s", Text: "t", NotBefore: *now, Window: evening}
		if _, err := ob.Enqueue(ctx, []*regulars.Letter{l}); err != nil {
			t.Fatal(err)
		}
		m.script = []error{temp}
		s.SendDue(ctx)
		if got, want := states(t, ob)["w"].NotBefore, time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC); !got.Equal(want) {
			t.Errorf("retry at %v, want the next evening %v", got, want)
		}
	})
	t.Run("QueuedLettersWaitForTheClientsHours", func(t *testing.T) {
		// A mailing queued in the evening, or a letter back after an outage: at 23:00 in
		// Moscow a letter for 9–20 waits until 9:00; one for any time goes now.
		ob, m, s, now := setup(t)
		*now = time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC)
		day := regulars.SendWindow{Zone: "Europe/Moscow", From: 9, To: 20}
		if _, err := ob.Enqueue(ctx, []*regulars.Letter{
			{Key: "night", MessageID: "<n@t>", ToAddress: "n@example.ru", Subject: "s", Text: "t", NotBefore: *now, Window: day},
			{Key: "any", MessageID: "<a@t>", ToAddress: "a@example.ru", Subject: "s", Text: "t", NotBefore: *now},
		}); err != nil {
			t.Fatal(err)
		}
		if st, err := s.SendDue(ctx); err != nil || st.Sent != 1 || st.Waiting != 1 || len(m.got) != 1 || m.got[0].ToAddress != "a@example.ru" {
			t.Fatalf("pass at 23:00 %+v %v, sent %d", st, err, len(m.got))
		}
		l := states(t, ob)["night"]
		if want := time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC); l.State != regulars.LetterQueued || !l.NotBefore.Equal(want) || l.Attempts != 0 {
			t.Fatalf("night letter %+v, want queued until %v, no attempt counted", l, want)
		}
		*now = time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)
		if st, _ := s.SendDue(ctx); st.Sent != 1 {
			t.Fatalf("pass at 9:00 %+v", st)
		}
	})
	t.Run("SuppressedSinceQueued", func(t *testing.T) {
		// A thank-you queued for the morning; the address bounces in the night: it is not
		// sent. A marketing letter to an address that unsubscribed is not sent either (the
		// unsubscribe cancels what is queued; this one was queued after it, as a letter
		// claimed meanwhile would be), a transactional one is.
		ob, m, s, _ := setup(t)
		if _, err := ob.Enqueue(ctx, []*regulars.Letter{
			{Key: "thanks", MessageID: "<t@t>", ToAddress: "gone@example.ru", Subject: "s", Text: "t", NotBefore: t0},
		}); err != nil {
			t.Fatal(err)
		}
		ob.Suppress(ctx, "gone@example.ru", regulars.SuppressBounced)
		ob.Suppress(ctx, "left@example.ru", regulars.SuppressUnsubscribed)
		if _, err := ob.Enqueue(ctx, []*regulars.Letter{
			{Key: "news", MessageID: "<n@t>", ToAddress: "left@example.ru", Subject: "s", Text: "t", NotBefore: t0, Marketing: true},
			{Key: "order", MessageID: "<o@t>", ToAddress: "left@example.ru", Subject: "s", Text: "t", NotBefore: t0},
		}); err != nil {
			t.Fatal(err)
		}
		st, err := s.SendDue(ctx)
		if err != nil || st.Sent != 1 || st.Failed != 2 || len(m.got) != 1 || m.got[0].Key != "order" {
			t.Fatalf("pass %+v %v; sent %d", st, err, len(m.got))
		}
		ls := states(t, ob)
		if l := ls["thanks"]; l.State != regulars.LetterFailed || !strings.Contains(l.LastError, "bounced") {
			t.Errorf("the thank-you to a bounced address: %+v", l)
		}
		if l := ls["news"]; l.State != regulars.LetterFailed || !strings.Contains(l.LastError, "unsubscribed") {
			t.Errorf("the news to an address that unsubscribed: %+v", l)
		}
	})
	t.Run("Bounce", func(t *testing.T) {
		ob, m, s, _ := setup(t, "a")
		m.script = []error{&regulars.SendError{Permanent: true, Code: 550, Err: errors.New("no such user")}}
		if st, _ := s.SendDue(ctx); st.Failed != 1 {
			t.Fatalf("pass %+v", st)
		}
		if l := states(t, ob)["a"]; l.State != regulars.LetterFailed {
			t.Errorf("letter %+v", l)
		}
		if r, _ := ob.Suppressed(ctx, "a@example.ru"); r != regulars.SuppressBounced {
			t.Errorf("address suppressed %q, want bounced", r)
		}
	})
	t.Run("RejectedNotBounce", func(t *testing.T) {
		ob, m, s, _ := setup(t, "a")
		m.script = []error{&regulars.SendError{Permanent: true, Code: 554, Err: errors.New("looks like spam")}}
		s.SendDue(ctx)
		if r, _ := ob.Suppressed(ctx, "a@example.ru"); r != "" {
			t.Errorf("a refused message suppressed the address: %q", r)
		}
	})
	t.Run("GivesUp", func(t *testing.T) {
		ob, m, s, now := setup(t, "a")
		s.MaxAttempts = 2
		m.script = []error{temp, temp}
		s.SendDue(ctx)
		*now = t0.Add(time.Hour)
		s.SendDue(ctx)
		if l := states(t, ob)["a"]; l.State != regulars.LetterFailed || l.Attempts != 2 {
			t.Errorf("after %d attempts: %+v", s.MaxAttempts, l)
		}
	})
	t.Run("ConnectionFails", func(t *testing.T) {
		ob, m, s, _ := setup(t, "a", "b", "c")
		m.script = []error{&regulars.SendError{Permanent: true, Code: 535, Conn: true, Err: errors.New("bad password")}}
		st, err := s.SendDue(ctx)
		var ce *outbox.ConnError
		if !errors.As(err, &ce) || st.Failed != 0 {
			t.Fatalf("SendDue = %+v, %v: want a ConnError and no letter failed", st, err)
		}
		for k, l := range states(t, ob) {
			if l.State != regulars.LetterQueued || l.Attempts != 0 {
				t.Errorf("letter %s after a login failure: %s, %d attempts", k, l.State, l.Attempts)
			}
		}
	})
	t.Run("MaybeSent", func(t *testing.T) {
		ob, m, s, _ := setup(t, "a")
		m.script = []error{&regulars.SendError{MaybeSent: true, Err: errors.New("EOF after the letter's end")}}
		s.SendDue(ctx)
		if l := states(t, ob)["a"]; l.State != regulars.LetterInDoubt {
			t.Errorf("a letter that may have arrived: %s, want in doubt, never retried", l.State)
		}
	})
	t.Run("HourlyCap", func(t *testing.T) {
		_, m, s, now := setup(t, "a", "b", "c")
		s.PerHour = 2
		st, _ := s.SendDue(ctx)
		if st.Sent != 2 || !st.Limited || !st.Next.Equal(t0.Add(time.Hour)) {
			t.Fatalf("capped pass %+v", st)
		}
		*now = t0.Add(time.Hour + time.Second)
		if st, _ := s.SendDue(ctx); st.Sent != 1 || len(m.got) != 3 {
			t.Fatalf("after the hour %+v", st)
		}
	})
	t.Run("InDoubt", func(t *testing.T) {
		ob, _, s, now := setup(t, "a")
		if _, err := ob.Claim(ctx, t0); err != nil { // a sender that died after claiming
			t.Fatal(err)
		}
		if n, err := s.Recover(ctx); err != nil || n != 0 {
			t.Fatalf("Recover of a claim younger than a send = %d, %v, want 0 (it may be a live sender's)", n, err)
		}
		*now = t0.Add(3 * time.Minute)
		if n, err := s.Recover(ctx); err != nil || n != 1 {
			t.Fatalf("Recover = %d, %v", n, err)
		}
		if st, _ := s.SendDue(ctx); st.Sent != 0 {
			t.Errorf("an in-doubt letter was resent: %+v", st)
		}
	})
}
