package storetest

import (
	"testing"
	"time"

	"github.com/regulars/regulars"
)

func letter(key, to string, notBefore time.Time) *regulars.Letter {
	return &regulars.Letter{Key: key, MessageID: "<" + key + "@test>", ToName: "Анна", ToAddress: to,
		Subject: "Как дела?", Text: "Привет", Marketing: true, NotBefore: notBefore}
}

func testOutbox(t *testing.T, s Services) {
	c := mustCreateClient(t, s, &regulars.Client{Name: "Анна", Email: "anna@example.ru"})
	a, b := letter("k:a", "anna@example.ru", Now), letter("k:b", "Bob@Example.com", Now.Add(time.Hour))
	a.ClientID = c.ID
	if n, err := s.Outbox.Enqueue(ctx(), []*regulars.Letter{a, b}); err != nil || n != 2 {
		t.Fatalf("Enqueue = %d, %v, want 2", n, err)
	}
	// The same intent again writes nothing.
	if n, err := s.Outbox.Enqueue(ctx(), []*regulars.Letter{letter("k:a", "other@example.ru", Now)}); err != nil || n != 0 {
		t.Fatalf("Enqueue of a known key = %d, %v, want 0", n, err)
	}
	_, err := s.Outbox.Enqueue(ctx(), []*regulars.Letter{{Key: "k:c"}})
	wantCode(t, err, regulars.EINVALID)
	if due, err := s.Outbox.NextDue(ctx()); err != nil || !due.Equal(Now.Truncate(time.Second)) {
		t.Errorf("NextDue = %v, %v, want %v", due, err, Now)
	}
	// Claim takes the due letter only, once.
	got, err := s.Outbox.Claim(ctx(), Now)
	if err != nil || got == nil || got.Key != "k:a" || got.State != regulars.LetterSending || got.Attempts != 1 ||
		got.ClientID != c.ID || got.ToName != "Анна" || !got.Marketing {
		t.Fatalf("Claim = %+v, %v", got, err)
	}
	if again, err := s.Outbox.Claim(ctx(), Now); err != nil || again != nil {
		t.Fatalf("second Claim = %+v, %v, want none due", again, err)
	}
	if err := s.Outbox.Retry(ctx(), got.ID, Now.Add(time.Minute), "451 try later"); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Outbox.Claim(ctx(), Now.Add(2*time.Minute))
	if got == nil || got.Key != "k:a" || got.Attempts != 2 || got.LastError != "451 try later" {
		t.Fatalf("Claim after retry = %+v", got)
	}
	if err := s.Outbox.MarkSent(ctx(), got.ID, Now.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.Outbox.MarkSent(ctx(), got.ID, Now), regulars.ENOTFOUND) // not sending any more
	if n, err := s.Outbox.SentSince(ctx(), Now); err != nil || n != 1 {
		t.Errorf("SentSince = %d, %v, want 1", n, err)
	}
	// A bounce fails the letter and suppresses the address, normalised.
	got, _ = s.Outbox.Claim(ctx(), Now.Add(time.Hour))
	if err := s.Outbox.Fail(ctx(), got.ID, "550 no such user", true); err != nil {
		t.Fatal(err)
	}
	if r, err := s.Outbox.Suppressed(ctx(), " bob@example.COM"); err != nil || r != regulars.SuppressBounced {
		t.Errorf("Suppressed = %q, %v, want bounced", r, err)
	}
	failed := regulars.LetterFailed
	if list, err := s.Outbox.FindLetters(ctx(), regulars.LetterFilter{State: &failed}); err != nil || len(list) != 1 || !list[0].Bounced {
		t.Errorf("failed letters after a bounce: %+v, %v; want one, bounced", list, err)
	}
	if r, _ := s.Outbox.Suppressed(ctx(), "anna@example.ru"); r != "" {
		t.Errorf("anna suppressed: %q", r)
	}
	// A letter left sending by a dead sender is in doubt, then resent by hand.
	s.Outbox.Enqueue(ctx(), []*regulars.Letter{letter("k:d", "d@example.ru", Now)})
	d, _ := s.Outbox.Claim(ctx(), Now.Add(time.Hour))
	if n, err := s.Outbox.RecoverInDoubt(ctx(), Now.Add(time.Hour-time.Second)); err != nil || n != 0 {
		t.Fatalf("RecoverInDoubt of a live claim = %d, %v, want 0", n, err)
	}
	if n, err := s.Outbox.RecoverInDoubt(ctx(), Now.Add(2*time.Hour)); err != nil || n != 1 {
		t.Fatalf("RecoverInDoubt = %d, %v, want 1", n, err)
	}
	state := regulars.LetterInDoubt
	list, err := s.Outbox.FindLetters(ctx(), regulars.LetterFilter{State: &state})
	if err != nil || len(list) != 1 || list[0].ID != d.ID {
		t.Fatalf("in doubt: %+v, %v", list, err)
	}
	if err := s.Outbox.Resend(ctx(), d.ID, Now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.Outbox.Resend(ctx(), d.ID, Now), regulars.ENOTFOUND) // queued, not in doubt
	if again, _ := s.Outbox.Claim(ctx(), Now.Add(time.Hour)); again == nil || again.ID != d.ID {
		t.Fatalf("the resent letter is not claimed: %+v", again)
	} else if err := s.Outbox.MarkSent(ctx(), d.ID, Now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// A connection failure puts a letter back without counting the attempt; a letter in doubt
	// that the first sender did get an answer for is sent after all.
	s.Outbox.Enqueue(ctx(), []*regulars.Letter{letter("k:e", "e@example.ru", Now)})
	e, _ := s.Outbox.Claim(ctx(), Now.Add(3*time.Hour))
	if err := s.Outbox.Release(ctx(), e.ID, Now.Add(3*time.Hour), "dial: refused"); err != nil {
		t.Fatal(err)
	}
	e, _ = s.Outbox.Claim(ctx(), Now.Add(4*time.Hour))
	if e == nil || e.Key != "k:e" || e.Attempts != 1 {
		t.Fatalf("after Release: %+v, want attempt 1 again", e)
	}
	if err := s.Outbox.MarkInDoubt(ctx(), e.ID, "EOF after DATA"); err != nil {
		t.Fatal(err)
	}
	if err := s.Outbox.MarkSent(ctx(), e.ID, Now); err != nil {
		t.Fatalf("MarkSent of an in-doubt letter: %v", err)
	}
	// Unsubscribing cancels the marketing letters still queued to the address, and a withdrawn
	// consent those of the client; transactional letters stay.
	u1, u2, tr := letter("k:u1", "U@example.ru", Now.Add(time.Hour)), letter("k:u2", "x@example.ru", Now.Add(time.Hour)), letter("k:tr", "u@example.ru", Now.Add(time.Hour))
	tr.Marketing = false
	u2.ClientID = c.ID
	s.Outbox.Enqueue(ctx(), []*regulars.Letter{u1, u2, tr})
	if err := s.Outbox.Suppress(ctx(), "u@EXAMPLE.ru", regulars.SuppressUnsubscribed); err != nil {
		t.Fatal(err)
	}
	no := false
	if _, err := s.Clients.UpdateClient(ctx(), c.ID, regulars.ClientUpdate{MarketingConsent: &no}); err != nil {
		t.Fatal(err)
	}
	all, _ := s.Outbox.FindLetters(ctx(), regulars.LetterFilter{})
	states := map[string]string{}
	for _, l := range all {
		states[l.Key] = l.State
	}
	want := map[string]string{"k:a": "sent", "k:b": "failed", "k:d": "sent", "k:e": "sent", "k:u1": "cancelled",
		"k:u2": "cancelled", "k:tr": "queued"}
	for k, v := range want {
		if states[k] != v {
			t.Errorf("letter %s is %s, want %s", k, states[k], v)
		}
	}
}

func testSequences(t *testing.T, s Services) {
	seq := &regulars.Sequence{Key: "reactivation", Name: "Разбудить", Marketing: true, StopOnOrder: true, Active: true,
		Steps: []regulars.Step{
			{Day: 0, Templates: map[string]regulars.MailTemplate{"ru": {Subject: "Как дела?", Text: "Привет, {name}"}}},
			{Day: 7, Templates: map[string]regulars.MailTemplate{"ru": {Subject: "Истории", Text: "…"}}},
		}}
	if err := s.Sequences.CreateSequence(ctx(), seq); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.Sequences.CreateSequence(ctx(), &regulars.Sequence{Key: "reactivation", Name: "x", Steps: seq.Steps}), regulars.ECONFLICT)
	wantCode(t, s.Sequences.CreateSequence(ctx(), &regulars.Sequence{Key: "bad key", Name: "x", Steps: seq.Steps}), regulars.EINVALID)
	wantCode(t, s.Sequences.CreateSequence(ctx(), &regulars.Sequence{Key: "back", Name: "x", Steps: []regulars.Step{
		seq.Steps[1], seq.Steps[0]}}), regulars.EINVALID)
	got, err := s.Sequences.FindSequenceByKey(ctx(), "reactivation")
	if err != nil || len(got.Steps) != 2 || got.Steps[0].Templates["ru"].Text != "Привет, {name}" || !got.StopOnOrder {
		t.Fatalf("FindSequenceByKey = %+v, %v", got, err)
	}
	var ids []int64
	for range 250 { // more than one insert batch
		ids = append(ids, mustCreateClient(t, s, &regulars.Client{Name: "C"}).ID)
	}
	if n, err := s.Sequences.Enrol(ctx(), seq.ID, ids, day("2026-11-22")); err != nil || n != 250 {
		t.Fatalf("Enrol = %d, %v, want 250", n, err)
	}
	if n, err := s.Sequences.Enrol(ctx(), seq.ID, ids[:10], day("2026-11-23")); err != nil || n != 0 {
		t.Fatalf("Enrol again = %d, %v, want 0 (already running)", n, err)
	}
	runs, err := s.Sequences.FindEnrolments(ctx(), seq.ID, regulars.EnrolActive)
	if err != nil || len(runs) != 250 || runs[0].Next != 0 || runs[0].EnrolledOn != day("2026-11-22") {
		t.Fatalf("FindEnrolments = %d runs, %v", len(runs), err)
	}
	// Advance enqueues the letter with the step, atomically; a stale run cannot advance twice.
	e := runs[0]
	stale := *e
	l := letter("sequence:1:step:0:client:1", "c@example.ru", Now)
	if err := s.Sequences.Advance(ctx(), e, l, false); err != nil || e.Next != 1 || l.ID == 0 {
		t.Fatalf("Advance = %v, run %+v, letter %d", err, e, l.ID)
	}
	wantCode(t, s.Sequences.Advance(ctx(), &stale, letter("x", "c@example.ru", Now), false), regulars.ECONFLICT)
	if list, _ := s.Outbox.FindLetters(ctx(), regulars.LetterFilter{}); len(list) != 1 {
		t.Errorf("%d letters after a refused advance, want 1 (all or nothing)", len(list))
	}
	if err := s.Sequences.Advance(ctx(), e, nil, true); err != nil || e.State != regulars.EnrolDone {
		t.Fatalf("last Advance = %v, %+v", err, e)
	}
	if err := s.Sequences.Stop(ctx(), runs[1], regulars.StopOrdered); err != nil {
		t.Fatal(err)
	}
	if err := s.Sequences.StopEnrolment(ctx(), seq.ID, ids[2], regulars.StopOwner); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.Sequences.StopEnrolment(ctx(), seq.ID, ids[2], regulars.StopOwner), regulars.ENOTFOUND)
	// A stopped client can be enrolled again.
	if n, _ := s.Sequences.Enrol(ctx(), seq.ID, ids[1:3], day("2026-12-01")); n != 2 {
		t.Errorf("re-enrol after stop = %d, want 2", n)
	}
	stopped, _ := s.Sequences.FindEnrolments(ctx(), 0, regulars.EnrolStopped)
	if len(stopped) != 2 || stopped[0].StopReason != regulars.StopOrdered {
		t.Errorf("stopped runs %+v", stopped)
	}
}
