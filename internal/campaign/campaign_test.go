package campaign_test

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/analytics"
	"github.com/regulars/regulars/internal/campaign"
	"github.com/regulars/regulars/internal/store"
)

func TestRender(t *testing.T) {
	tpl := regulars.MailTemplate{Subject: "{name},\nкак дела?", Text: "Привет, {name} из {company}", HTML: "<p>Привет, {name}</p>"}
	subj, text, html, err := campaign.Render(tpl, campaign.Vars{Name: `<b>Анна</b>`, Company: "ООО «Ромашка»"})
	if err != nil {
		t.Fatal(err)
	}
	if subj != "<b>Анна</b>, как дела?" || text != "Привет, <b>Анна</b> из ООО «Ромашка»" || html != "<p>Привет, &lt;b&gt;Анна&lt;/b&gt;</p>" {
		t.Errorf("Render = %q, %q, %q", subj, text, html)
	}
	if _, _, _, err := campaign.Render(regulars.MailTemplate{Subject: "s", Text: "Ваш {offer}"}, campaign.Vars{}); regulars.ErrorCode(err) != regulars.EINVALID ||
		!strings.Contains(err.Error(), "{offer}") {
		t.Errorf("an empty variable: err %v, want EINVALID naming {offer}", err)
	}
	for _, tt := range []struct {
		name      string
		tpl       regulars.MailTemplate
		marketing bool
		ok        bool
	}{
		{"OK", regulars.MailTemplate{Subject: "{name}", Text: "x {unsubscribe}"}, true, true},
		{"Unknown", regulars.MailTemplate{Subject: "{nmae}", Text: "x {unsubscribe}"}, true, false},
		{"Unclosed", regulars.MailTemplate{Subject: "s", Text: "x {name"}, false, false},
		{"MarketingWithoutLink", regulars.MailTemplate{Subject: "s", Text: "x"}, true, false},
		{"TransactionalWithoutLink", regulars.MailTemplate{Subject: "s", Text: "x"}, false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := campaign.CheckTemplate(tt.tpl, tt.marketing); (err == nil) != tt.ok {
				t.Errorf("CheckTemplate = %v, want ok %v", err, tt.ok)
			}
		})
	}
	for _, s := range campaign.Builtin() {
		for i, st := range s.Steps {
			for lang, tpl := range st.Templates {
				if err := campaign.CheckTemplate(tpl, s.Marketing); err != nil {
					t.Errorf("built-in %s step %d (%s): %v", s.Key, i, lang, err)
				}
			}
		}
	}
}

func TestSigner(t *testing.T) {
	s := campaign.Signer{Secret: []byte("secret"), BaseURL: "https://crm.example.ru/"}
	u := s.URL(42, "anna@example.ru")
	tok := strings.TrimPrefix(u, "https://crm.example.ru/u/")
	if id, addr, ok := s.Parse(tok); !ok || id != 42 || addr != "anna@example.ru" {
		t.Fatalf("Parse(%q) = %d, %q, %v", tok, id, addr, ok)
	}
	other := campaign.Signer{Secret: []byte("other")}
	forged := other.Token(43, "anna@example.ru")
	for _, bad := range []string{"", "x", tok + "x", forged, strings.Replace(tok, ".", "", 1)} {
		if _, _, ok := s.Parse(bad); ok {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

// world is a real SQLite base with a clock the test moves.
type world struct {
	ctx    context.Context
	now    time.Time
	eng    *campaign.Engine
	seqs   *store.SequenceService
	ob     *store.OutboxService
	cl     *store.ClientService
	ord    *store.OrderService
	react  *regulars.Sequence
	fires  *store.FireService
	events *store.RecordService
	db     *store.DB
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "r.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := &world{ctx: ctx, now: time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC)} // 10:00 in Moscow
	db.Now = func() time.Time { return w.now }
	w.seqs, w.ob, w.cl, w.ord = store.NewSequenceService(db), store.NewOutboxService(db), store.NewClientService(db), store.NewOrderService(db)
	w.fires, w.events, w.db = store.NewFireService(db), store.NewRecordService(db), db
	msk, _ := time.LoadLocation("Europe/Moscow")
	w.eng = &campaign.Engine{Sequences: w.seqs, Suppressions: w.ob, Clients: w.cl, Orders: w.ord, Interactions: store.NewRecordService(db),
		Now: func() time.Time { return w.now }, Loc: msk, FromAddress: "studio@example.ru",
		Unsubscribe: campaign.Signer{Secret: []byte("s"), BaseURL: "http://app"}.URL}
	if err := campaign.EnsureBuiltin(ctx, w.seqs); err != nil {
		t.Fatal(err)
	}
	if err := campaign.EnsureBuiltin(ctx, w.seqs); err != nil { // twice: nothing new
		t.Fatal(err)
	}
	w.react, _ = w.seqs.FindSequenceByKey(ctx, "reactivation")
	return w
}

func (w *world) client(t *testing.T, c *regulars.Client) *regulars.Client {
	t.Helper()
	if err := w.cl.CreateClient(w.ctx, c); err != nil {
		t.Fatal(err)
	}
	o := &regulars.Order{ClientID: c.ID, Service: "Сайт", Title: "Сайт-визитка", Amount: regulars.Money{Minor: 5000000, Currency: "RUB"},
		OrderedOn: regulars.MustParseDate("2026-03-01"), Status: regulars.StatusPaid}
	if err := w.ord.CreateOrder(w.ctx, o); err != nil {
		t.Fatal(err)
	}
	return c
}

func (w *world) tick(t *testing.T) campaign.Stats {
	t.Helper()
	st, err := w.eng.Tick(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestReactivation(t *testing.T) {
	w := newWorld(t)
	anna := w.client(t, &regulars.Client{Name: "Анна Смирнова", Email: "anna@example.ru", MarketingConsent: true, PreferredTime: regulars.TimeEvening})
	bob := w.client(t, &regulars.Client{Name: "Bob", Email: "bob@example.com", MarketingConsent: true})
	noConsent := w.client(t, &regulars.Client{Name: "Иван", Email: "ivan@example.ru"})
	noEmail := w.client(t, &regulars.Client{Name: "Пётр", Phone: "+79031234567", MarketingConsent: true})
	if n, err := w.seqs.Enrol(w.ctx, w.react.ID, []int64{anna.ID, bob.ID, noConsent.ID, noEmail.ID}, regulars.MustParseDate("2026-11-22")); err != nil || n != 4 {
		t.Fatalf("Enrol = %d, %v", n, err)
	}
	st := w.tick(t)
	if st.Queued != 2 || st.Stopped[regulars.StopNoConsent] != 1 || st.Stopped[regulars.StopNoEmail] != 1 {
		t.Fatalf("day 0: %+v", st)
	}
	if st := w.tick(t); st.Queued != 0 {
		t.Fatalf("a second tick on day 0 queued %d", st.Queued)
	}
	letters, _ := w.ob.FindLetters(w.ctx, regulars.LetterFilter{ClientID: &anna.ID})
	if len(letters) != 1 {
		t.Fatalf("%d letters to Anna", len(letters))
	}
	l := letters[0]
	wantKey := "sequence:" + itoa(w.react.ID) + ":step:0:client:" + itoa(anna.ID) + ":run:1"
	if l.Key != wantKey || l.Subject != "Анна, как у вас дела?" || !strings.Contains(l.Text, "«Сайт-визитка»") ||
		!strings.Contains(l.Text, "http://app/u/") || l.Unsubscribe == "" || !l.Marketing || !strings.HasSuffix(l.MessageID, "@example.ru>") {
		t.Errorf("letter: %+v", l)
	}
	// Evening in Moscow: 17:00 MSK is 14:00 UTC; Bob (no preference) goes at once.
	if want := time.Date(2026, 11, 22, 14, 0, 0, 0, time.UTC); !l.NotBefore.Equal(want) {
		t.Errorf("Anna's letter not before %v, want %v", l.NotBefore, want)
	}
	// Day 7: the second letter; then Bob orders, and his run stops on day 14.
	w.now = w.now.AddDate(0, 0, 7)
	if st := w.tick(t); st.Queued != 2 {
		t.Fatalf("day 7: %+v", st)
	}
	o := &regulars.Order{ClientID: bob.ID, Service: "Аудит", Amount: regulars.Money{Minor: 100000, Currency: "RUB"},
		OrderedOn: regulars.MustParseDate("2026-12-01"), Status: regulars.StatusPaid}
	if err := w.ord.CreateOrder(w.ctx, o); err != nil {
		t.Fatal(err)
	}
	w.now = w.now.AddDate(0, 0, 7)
	if st := w.tick(t); st.Queued != 1 || st.Stopped[regulars.StopOrdered] != 1 {
		t.Fatalf("day 14: %+v", st)
	}
	// Anna unsubscribes: day 21 stops her run instead of the offer.
	w.ob.Suppress(w.ctx, "ANNA@example.ru", regulars.SuppressUnsubscribed)
	w.now = w.now.AddDate(0, 0, 7)
	if st := w.tick(t); st.Queued != 0 || st.Stopped[regulars.StopUnsubscribed] != 1 {
		t.Fatalf("day 21: %+v", st)
	}
	all, _ := w.ob.FindLetters(w.ctx, regulars.LetterFilter{})
	if len(all) != 5 {
		t.Errorf("%d letters in all, want 5 (Anna 3, Bob 2)", len(all))
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestStaleAndStrandedRuns: a run whose first letter could not go out within three days of
// its day expires (no birthday greeting weeks late); a run past the letters the owner removed
// is done, so that the client can be enrolled again.
func TestStaleAndStrandedRuns(t *testing.T) {
	w := newWorld(t)
	anna := w.client(t, &regulars.Client{Name: "Анна", Email: "anna@example.ru", MarketingConsent: true})
	bob := w.client(t, &regulars.Client{Name: "Bob", Email: "bob@example.com", MarketingConsent: true})
	w.seqs.Enrol(w.ctx, w.react.ID, []int64{anna.ID}, regulars.MustParseDate("2026-11-18"))
	w.seqs.Enrol(w.ctx, w.react.ID, []int64{bob.ID}, regulars.MustParseDate("2026-11-19"))
	if st := w.tick(t); st.Queued != 1 || st.Stopped[regulars.StopExpired] != 1 {
		t.Fatalf("on the 22nd: %+v, want Anna's run of the 18th expired and Bob's of the 19th sent", st)
	}
	ls, _ := w.ob.FindLetters(w.ctx, regulars.LetterFilter{ClientID: &anna.ID})
	if len(ls) != 0 {
		t.Errorf("Anna got %d letters", len(ls))
	}
	w.react.Steps = w.react.Steps[:1]
	if err := w.seqs.UpdateSequence(w.ctx, w.react); err != nil {
		t.Fatal(err)
	}
	w.now = w.now.AddDate(0, 0, 7)
	if st := w.tick(t); st.Done != 1 || st.Queued != 0 {
		t.Fatalf("after the letters were cut to one: %+v", st)
	}
	if n, err := w.seqs.Enrol(w.ctx, w.react.ID, []int64{bob.ID}, regulars.MustParseDate("2026-11-29")); err != nil || n != 1 {
		t.Errorf("enrol Bob again: %d, %v", n, err)
	}
}

func TestAutomations(t *testing.T) {
	w := newWorld(t)
	old := w.client(t, &regulars.Client{Name: "Старый", Email: "old@example.ru"})
	before := &regulars.Order{ClientID: old.ID, Service: "Сайт", Amount: regulars.Money{Minor: 100000, Currency: "RUB"},
		OrderedOn: regulars.MustParseDate("2026-11-01"), Status: regulars.StatusPaid} // paid before the automation ran
	if err := w.ord.CreateOrder(w.ctx, before); err != nil {
		t.Fatal(err)
	}
	var cands []campaign.Candidate
	settings := storeSettings(t, w)
	au := w.automator(settings, nil, &cands)
	run := func() campaign.AutomationStats {
		t.Helper()
		st, err := au.Run(w.ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	sleepy := w.client(t, &regulars.Client{Name: "Соня", Email: "sonya@example.ru", MarketingConsent: true})
	vip := w.client(t, &regulars.Client{Name: "Виктор", Email: "victor@example.ru", MarketingConsent: true})
	cands = []campaign.Candidate{{ClientID: sleepy.ID, Sleeping: true, LastOrder: regulars.MustParseDate("2026-03-01")}}
	// The first run notes what is there: no thanks for old orders, no letters to those asleep already.
	st := run()
	if st["thank_you"]["baseline"] != 1 || st["wake_up"]["baseline"] != 1 || st["thank_you"]["enrol"] != 0 {
		t.Fatalf("first run: %v", st)
	}
	runs, _ := w.seqs.FindEnrolments(w.ctx, 0, "")
	if len(runs) != 0 {
		t.Fatalf("the baseline enrolled %d", len(runs))
	}
	// A new paid order, a new sleeper, a sleeping VIP of the personal tier.
	o := &regulars.Order{ClientID: old.ID, Service: "Аудит", Amount: regulars.Money{Minor: 100000, Currency: "RUB"},
		OrderedOn: regulars.MustParseDate("2026-11-21"), Status: regulars.StatusPaid}
	if err := w.ord.CreateOrder(w.ctx, o); err != nil {
		t.Fatal(err)
	}
	cands = append(cands, campaign.Candidate{ClientID: vip.ID, Sleeping: true, Personal: true, LastOrder: regulars.MustParseDate("2026-03-01")})
	// Birthdays today (a yearly date): a greeting for Sonya, a personal letter for the VIP.
	for _, id := range []int64{sleepy.ID, vip.ID} {
		if err := w.events.CreateImportantDate(w.ctx, &regulars.ImportantDate{ClientID: id, Kind: regulars.DateBirthday,
			On: regulars.MustParseDate("1990-11-22"), Yearly: true}); err != nil {
			t.Fatal(err)
		}
	}
	st = run()
	if st["thank_you"]["enrol"] != 1 || st["wake_up"]["task"] != 1 || st["wake_up"]["enrol"] != 0 ||
		st["birthday"]["enrol"] != 1 || st["birthday"]["task"] != 1 {
		t.Fatalf("second run: %v", st)
	}
	if st := run(); len(st) != 0 {
		t.Errorf("a third run acted again: %v", st)
	}
	thanks, _ := w.seqs.FindSequenceByKey(w.ctx, "thank_you")
	runs, _ = w.seqs.FindEnrolments(w.ctx, thanks.ID, regulars.EnrolActive)
	if len(runs) != 1 || runs[0].ClientID != old.ID {
		t.Errorf("thank-you runs %+v", runs)
	}
	// A year since Viktor's first order: the anniversary offer is personal for him, a task.
	cands[1].FirstOrder = regulars.MustParseDate("2025-11-22")
	if st := run(); st["anniversary"]["task"] != 1 {
		t.Errorf("anniversary: %v", st)
	}
	// Sonya orders and falls asleep again: a new occasion.
	cands[0].LastOrder = regulars.MustParseDate("2026-06-01")
	if st := run(); st["wake_up"]["enrol"] != 1 {
		t.Errorf("a new sleep: %v", st)
	}
	// An event automation, switched on later, starts from its own baseline.
	if err := regulars.SaveAutomations(w.ctx, settings, []regulars.Automation{{Key: "checklist", Trigger: regulars.TriggerEvent,
		Event: "downloaded:seo-checklist", Sequence: "reactivation", Active: true}}); err != nil {
		t.Fatal(err)
	}
	run()
	ev := &regulars.Event{ClientID: vip.ID, Name: "downloaded:seo-checklist", On: regulars.MustParseDate("2026-11-22")}
	if err := w.events.CreateEvent(w.ctx, ev); err != nil {
		t.Fatal(err)
	}
	if st := run(); st["checklist"]["enrol"] != 1 {
		t.Errorf("event: %v", st)
	}
	// Switched off for a while: what happened meanwhile is its new baseline, not a backlog.
	checklist := regulars.Automation{Key: "checklist", Trigger: regulars.TriggerEvent, Event: "downloaded:seo-checklist", Sequence: "reactivation"}
	save := func(list ...regulars.Automation) {
		t.Helper()
		if err := regulars.SaveAutomations(w.ctx, settings, list); err != nil {
			t.Fatal(err)
		}
	}
	download := func(c *regulars.Client) {
		t.Helper()
		if err := w.events.CreateEvent(w.ctx, &regulars.Event{ClientID: c.ID, Name: "downloaded:seo-checklist", On: regulars.MustParseDate("2026-11-22")}); err != nil {
			t.Fatal(err)
		}
	}
	save(checklist) // off
	download(old)
	checklist.Active = true
	save(checklist)
	if st := run(); st["checklist"]["enrol"] != 0 || st["checklist"]["baseline"] != 1 {
		t.Errorf("switched back on: %v, want the download while off as its baseline", st)
	}
	// Removed and added again under the same key: a new baseline too.
	save()
	download(sleepy)
	save(checklist)
	if st := run(); st["checklist"]["enrol"] != 0 || st["checklist"]["baseline"] != 1 {
		t.Errorf("added again: %v", st)
	}
	// Two passes at once (the CLI beside the server): the one that notes an occasion acts on
	// it; the other, which read the noted occasions a moment before, does not enrol again.
	other := *au
	other.Fires = staleFires{w.fires}
	download(vip)
	if a1, a2 := run(), must(other.Run(w.ctx)); a1["checklist"]["enrol"] != 1 || len(a2) != 0 {
		t.Errorf("two passes: %v and %v, want one enrolment", a1, a2)
	}
	// A switched-off sequence queues nothing for later: the occasion is noted as "off".
	react, _ := w.seqs.FindSequenceByKey(w.ctx, "reactivation")
	react.Active = false
	if err := w.seqs.UpdateSequence(w.ctx, react); err != nil {
		t.Fatal(err)
	}
	ev2 := &regulars.Event{ClientID: sleepy.ID, Name: "downloaded:seo-checklist", On: regulars.MustParseDate("2026-11-22")}
	if err := w.events.CreateEvent(w.ctx, ev2); err != nil {
		t.Fatal(err)
	}
	if st := run(); st["checklist"]["off"] != 1 || st["checklist"]["enrol"] != 0 {
		t.Errorf("sequence off: %v", st)
	}
	if err := regulars.SaveAutomations(w.ctx, settings, []regulars.Automation{{Key: "bad", Trigger: "whenever", Sequence: "x"}}); regulars.ErrorCode(err) != regulars.EINVALID {
		t.Errorf("a bad trigger: err %v", err)
	}
}

func storeSettings(t *testing.T, w *world) *store.SettingService {
	return store.NewSettingService(w.db)
}

// TestResults checks the source's example: 10,000 ₽ spent, 80,000 ₽ of orders that followed
// within the window → ROI 800%.
func TestResults(t *testing.T) {
	w := newWorld(t)
	a := w.client(t, &regulars.Client{Name: "Анна", Email: "anna@example.ru", MarketingConsent: true})
	b := w.client(t, &regulars.Client{Name: "Борис", Email: "boris@example.ru", MarketingConsent: true})
	w.seqs.Enrol(w.ctx, w.react.ID, []int64{a.ID, b.ID}, regulars.MustParseDate("2026-11-22"))
	w.tick(t)
	for range 2 {
		l, _ := w.ob.Claim(w.ctx, w.now.Add(24*time.Hour))
		w.ob.MarkSent(w.ctx, l.ID, w.now)
	}
	for _, o := range []*regulars.Order{
		{ClientID: a.ID, Service: "Аудит", Amount: regulars.Money{Minor: 5000000, Currency: "RUB"}, OrderedOn: regulars.MustParseDate("2026-11-25"), Status: regulars.StatusPaid},
		{ClientID: b.ID, Service: "Сайт", Amount: regulars.Money{Minor: 3000000, Currency: "RUB"}, OrderedOn: regulars.MustParseDate("2026-12-20"), Status: regulars.StatusPaid},
		{ClientID: b.ID, Service: "SEO", Amount: regulars.Money{Minor: 9900000, Currency: "RUB"}, OrderedOn: regulars.MustParseDate("2027-02-01"), Status: regulars.StatusPaid}, // after the window
		{ClientID: a.ID, Service: "Отмена", Amount: regulars.Money{Minor: 100000, Currency: "RUB"}, OrderedOn: regulars.MustParseDate("2026-11-26"), Status: regulars.StatusCancelled},
	} {
		if err := w.ord.CreateOrder(w.ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	settings := storeSettings(t, w)
	if err := campaign.SetCost(w.ctx, settings, "reactivation", regulars.Money{Minor: 1000000, Currency: "RUB"}); err != nil {
		t.Fatal(err)
	}
	costs, _ := campaign.Costs(w.ctx, settings)
	thanks, _ := w.seqs.FindSequenceByKey(w.ctx, "thank_you")
	rs, err := campaign.Measure(w.ctx, []*regulars.Sequence{thanks, w.react}, w.seqs, w.ob, w.ord, costs, 30, w.eng.Loc)
	if err != nil {
		t.Fatal(err)
	}
	if t0 := rs[0]; t0.Sequence != "thank_you" || t0.Enrolled != 0 || t0.Sent != 0 || t0.OrdersAfter != 0 || t0.ROI != nil {
		t.Errorf("thank-you results %+v: the reactivation's letters and orders counted for it", t0)
	}
	r := rs[1]
	if r.Enrolled != 2 || r.Sent != 2 || r.OrdersAfter != 2 || r.RevenueAfter.Minor != 8000000 || r.ROI == nil || *r.ROI != 8 {
		t.Errorf("results %+v, ROI %v: want 2 sent, 2 orders, 80 000 ₽ after, ROI 8 (800%%)", r, r.ROI)
	}
}

// TestSecondRun: a client enrolled again after a run ended gets the letters again — a second
// order's thank-you is a new intent.
func TestSecondRun(t *testing.T) {
	w := newWorld(t)
	c := w.client(t, &regulars.Client{Name: "Анна", Email: "anna@example.ru"})
	thanks, _ := w.seqs.FindSequenceByKey(w.ctx, "thank_you")
	for range 2 {
		w.seqs.Enrol(w.ctx, thanks.ID, []int64{c.ID}, regulars.MustParseDate("2026-11-22"))
		if st := w.tick(t); st.Queued != 1 || st.Done != 1 {
			t.Fatalf("tick: %+v", st)
		}
	}
	if ls, _ := w.ob.FindLetters(w.ctx, regulars.LetterFilter{ClientID: &c.ID}); len(ls) != 2 {
		t.Errorf("%d thank-you letters for two runs, want 2", len(ls))
	}
}

// TestCatchUp: after weeks without ticks (the server was down), the missed steps go out as far
// apart as the sequence spaces them, not all at once.
func TestCatchUp(t *testing.T) {
	w := newWorld(t)
	c := w.client(t, &regulars.Client{Name: "Анна", Email: "anna@example.ru", MarketingConsent: true})
	w.seqs.Enrol(w.ctx, w.react.ID, []int64{c.ID}, regulars.MustParseDate("2026-11-22"))
	w.tick(t) // day 0: the first letter
	w.now = w.now.AddDate(0, 0, 21)
	for i, want := range []int{1, 0, 0} {
		if st := w.tick(t); st.Queued != want {
			t.Fatalf("day 21, tick %d: queued %d, want %d", i, st.Queued, want)
		}
	}
	w.now = w.now.AddDate(0, 0, 7)
	if st := w.tick(t); st.Queued != 1 {
		t.Fatalf("day 28: queued %d, want the third letter", st.Queued)
	}
}

// TestOffer: {offer} and {price} come from the catalog's chain after the client's last service.
func TestOffer(t *testing.T) {
	w := newWorld(t)
	cat := store.NewCatalogService(w.db)
	site := &regulars.Service{Name: "Сайт", Price: regulars.Money{Minor: 5000000, Currency: "RUB"}}
	seo := &regulars.Service{Name: "SEO-аудит", Price: regulars.Money{Minor: 1500000, Currency: "RUB"}}
	for _, s := range []*regulars.Service{site, seo} {
		if err := cat.CreateService(w.ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := cat.CreateServiceLink(w.ctx, &regulars.ServiceLink{FromID: site.ID, ToID: seo.ID, Kind: regulars.LinkNext}); err != nil {
		t.Fatal(err)
	}
	c := &regulars.Client{Name: "Анна Смирнова", Email: "anna@example.ru", MarketingConsent: true}
	if err := w.cl.CreateClient(w.ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := w.ord.CreateOrder(w.ctx, &regulars.Order{ClientID: c.ID, ServiceID: site.ID, Service: "Сайт", Title: "Сайт студии",
		Amount: site.Price, OrderedOn: regulars.MustParseDate("2026-10-01"), Status: regulars.StatusDelivered}); err != nil {
		t.Fatal(err)
	}
	w.eng.Catalog = cat
	addOn, _ := w.seqs.FindSequenceByKey(w.ctx, "add_on")
	l, err := w.eng.Preview(w.ctx, addOn, 0, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(l.Text, "«SEO-аудит» — это 15\u00a0000,00\u00a0₽") || !strings.Contains(l.Subject, "«Сайт студии»") {
		t.Errorf("add-on letter: %q / %q", l.Subject, l.Text)
	}
	// Bought already: nothing to offer, and the letter is not made.
	w.ord.CreateOrder(w.ctx, &regulars.Order{ClientID: c.ID, ServiceID: seo.ID, Service: "SEO-аудит", Amount: seo.Price,
		OrderedOn: regulars.MustParseDate("2026-10-02"), Status: regulars.StatusPaid})
	if _, err := w.eng.Preview(w.ctx, addOn, 0, c.ID); regulars.ErrorCode(err) != regulars.EINVALID || !strings.Contains(err.Error(), "{offer}") {
		t.Errorf("no offer left: err %v, want the letter refused for {offer}", err)
	}
}

// TestHolidayGreeting: on a holiday of the client's industry the holiday automation enrols
// the client, and the greeting names the holiday in the letter's language.
func TestHolidayGreeting(t *testing.T) {
	w := newWorld(t)
	settings := storeSettings(t, w)
	clients := &countingClients{ClientService: w.cl}
	au := w.automator(settings, clients, nil)
	radio := &regulars.Client{Name: "Радио «Волна»", Email: "hello@volna.example", Industry: "сми", MarketingConsent: true}
	shop := &regulars.Client{Name: "Магазин", Email: "shop@example.ru", Industry: "ритейл", MarketingConsent: true}
	for _, c := range []*regulars.Client{radio, shop} {
		if err := w.cl.CreateClient(w.ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := au.Run(w.ctx); err != nil { // the baseline
		t.Fatal(err)
	}
	w.now = time.Date(2027, 5, 7, 7, 0, 0, 0, time.UTC) // Radio Day, for the media
	st, err := au.Run(w.ctx)
	if err != nil || st["holiday"]["enrol"] != 1 {
		t.Fatalf("Radio Day: %v, %v", st, err)
	}
	// The day's later passes find the holiday done: they do not read every client again.
	reads := clients.finds
	w.now = w.now.Add(time.Hour)
	if st, err := au.Run(w.ctx); err != nil || len(st["holiday"]) != 0 || clients.finds != reads {
		t.Errorf("a second pass on Radio Day: %v, %v, %d client reads", st, err, clients.finds-reads)
	}
	w.tick(t)
	ls, _ := w.ob.FindLetters(w.ctx, regulars.LetterFilter{ClientID: &radio.ID})
	if len(ls) != 1 || ls[0].Subject != "Радио «Волна», поздравляем: День радио!" {
		t.Errorf("greeting: %+v", ls)
	}
}

// TestMonthlyDigest: on the 1st of a month the digest automation enrols the segment's clients,
// once a month.
func TestMonthlyDigest(t *testing.T) {
	w := newWorld(t)
	cands := []campaign.Candidate{{ClientID: 1, Segment: analytics.SegmentChampions}, {ClientID: 2, Segment: analytics.SegmentLost}}
	for _, c := range []*regulars.Client{{Name: "A", Email: "a@example.ru"}, {Name: "B", Email: "b@example.ru"}} {
		w.cl.CreateClient(w.ctx, c)
	}
	settings := storeSettings(t, w)
	regulars.SaveAutomations(w.ctx, settings, []regulars.Automation{{Key: "digest", Trigger: regulars.TriggerMonthly, Event: "champions",
		Sequence: "digest", Active: true}})
	digest, _ := w.seqs.FindSequenceByKey(w.ctx, "digest") // written and switched on by the owner
	digest.Active = true
	if err := w.seqs.UpdateSequence(w.ctx, digest); err != nil {
		t.Fatal(err)
	}
	au := w.automator(settings, w.cl, &cands)
	au.Run(w.ctx) // the baseline, on the 22nd
	for _, tt := range []struct {
		day  time.Time
		want int
	}{
		{time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), 0},
		{time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), 1},
		{time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC), 0}, // the same month again
		{time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC), 1},
	} {
		w.now = tt.day
		st, err := au.Run(w.ctx)
		if err != nil || st["digest"]["enrol"] != tt.want {
			t.Errorf("%v: %v, %v; want %d enrolled", tt.day, st, err, tt.want)
		}
	}
	// A misspelt segment is an error the pass reports, and the other automations go on.
	regulars.SaveAutomations(w.ctx, settings, []regulars.Automation{
		{Key: "typo", Trigger: regulars.TriggerMonthly, Event: "champion", Sequence: "digest", Active: true},
		{Key: "digest", Trigger: regulars.TriggerMonthly, Event: "champions", Sequence: "digest", Active: true}})
	w.now = time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)
	if st, err := au.Run(w.ctx); regulars.ErrorCode(err) != regulars.EINVALID || !strings.Contains(err.Error(), "typo") || st["digest"]["enrol"] != 1 {
		t.Errorf("a misspelt segment: %v, %v; want an error naming it and the digest sent", st, err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// staleFires is a pass's view of the noted occasions read before another pass noted its own.
type staleFires struct{ regulars.FireService }

func (staleFires) Recorded(context.Context, []string) (map[string]bool, error) {
	return map[string]bool{}, nil
}

// TestBouncedAddressGetsNothing: a thank-you is transactional, so an unsubscribed client still
// gets it; an address that bounced does not exist, and gets nothing.
func TestBouncedAddressGetsNothing(t *testing.T) {
	w := newWorld(t)
	gone := w.client(t, &regulars.Client{Name: "Анна", Email: "gone@example.ru"})
	unsub := w.client(t, &regulars.Client{Name: "Борис", Email: "boris@example.ru"})
	w.ob.Suppress(w.ctx, "gone@example.ru", regulars.SuppressBounced)
	w.ob.Suppress(w.ctx, "boris@example.ru", regulars.SuppressUnsubscribed)
	thanks, _ := w.seqs.FindSequenceByKey(w.ctx, "thank_you")
	w.seqs.Enrol(w.ctx, thanks.ID, []int64{gone.ID, unsub.ID}, regulars.MustParseDate("2026-11-22"))
	if st := w.tick(t); st.Queued != 1 || st.Stopped[regulars.StopBounced] != 1 {
		t.Fatalf("tick: %+v, want Boris thanked and the bounced address stopped", st)
	}
	if ls, _ := w.ob.FindLetters(w.ctx, regulars.LetterFilter{ClientID: &unsub.ID}); len(ls) != 1 {
		t.Errorf("Boris got %d letters", len(ls))
	}
}

// TestGreetingOnTheClientsDay: at 00:01 in Moscow it is still the eve in New York; the
// greeting of the 22nd waits for the 22nd's hours there.
func TestGreetingOnTheClientsDay(t *testing.T) {
	w := newWorld(t)
	w.now = time.Date(2026, 11, 21, 21, 1, 0, 0, time.UTC) // 00:01 on the 22nd in Moscow, 16:01 on the 21st in New York
	ny := w.client(t, &regulars.Client{Name: "Anna", Email: "anna@example.com", MarketingConsent: true, TimeZone: "America/New_York"})
	msk := w.client(t, &regulars.Client{Name: "Борис", Email: "boris@example.ru", MarketingConsent: true})
	bday, _ := w.seqs.FindSequenceByKey(w.ctx, "birthday")
	w.seqs.Enrol(w.ctx, bday.ID, []int64{ny.ID, msk.ID}, regulars.MustParseDate("2026-11-22"))
	if st := w.tick(t); st.Queued != 2 {
		t.Fatalf("tick: %+v", st)
	}
	for id, want := range map[int64]time.Time{
		ny.ID:  time.Date(2026, 11, 22, 14, 0, 0, 0, time.UTC), // 9:00 on the 22nd in New York
		msk.ID: time.Date(2026, 11, 22, 6, 0, 0, 0, time.UTC),  // 9:00 on the 22nd in Moscow
	} {
		ls, _ := w.ob.FindLetters(w.ctx, regulars.LetterFilter{ClientID: &id})
		if len(ls) != 1 || !ls[0].NotBefore.Equal(want) {
			t.Errorf("client %d: %+v, want not before %v", id, ls, want)
		}
	}
}

// TestBaselineStoppedHalfWay: a first pass that fails after noting the occasions but before
// its marker is a first pass again next time — nobody is enrolled for the past — and only
// then do new occasions count.
func TestBaselineStoppedHalfWay(t *testing.T) {
	w := newWorld(t)
	paid := func(c *regulars.Client, on string) {
		t.Helper()
		o := &regulars.Order{ClientID: c.ID, Service: "Аудит", Amount: regulars.Money{Minor: 100000, Currency: "RUB"},
			OrderedOn: regulars.MustParseDate(on), Status: regulars.StatusPaid}
		if err := w.ord.CreateOrder(w.ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	var cs []*regulars.Client
	for i := range 3 {
		c := w.client(t, &regulars.Client{Name: "Клиент " + strconv.Itoa(i), Email: "c" + strconv.Itoa(i) + "@example.ru"})
		paid(c, "2026-11-20")
		cs = append(cs, c)
	}
	settings := storeSettings(t, w)
	if err := regulars.SaveAutomations(w.ctx, settings, []regulars.Automation{{Key: "thank_you", Trigger: regulars.TriggerOrderPaid,
		Sequence: "thank_you", Active: true}}); err != nil {
		t.Fatal(err)
	}
	failing := &failingFires{FireService: w.fires, failAt: 1} // the occasions noted, the marker not
	au := w.automator(settings, w.cl, nil)
	au.Fires = failing
	if _, err := au.Run(w.ctx); err == nil {
		t.Fatal("the failing pass succeeded")
	}
	failing.failAt = -1
	if st, err := au.Run(w.ctx); err != nil || st["thank_you"]["enrol"] != 0 {
		t.Fatalf("the pass after: %v, %v; want no enrolment", st, err)
	}
	paid(cs[0], "2026-11-22")
	if st, err := au.Run(w.ctx); err != nil || st["thank_you"]["enrol"] != 1 {
		t.Fatalf("a new order: %v, %v; want it thanked", st, err)
	}
	if runs, _ := w.seqs.FindEnrolments(w.ctx, 0, ""); len(runs) != 1 {
		t.Errorf("%d enrolled, want the new order's client only", len(runs))
	}
}

// failingFires fails its failAt-th Fire call (counted from 0; -1: none).
type failingFires struct {
	regulars.FireService
	failAt, calls int
}

func (f *failingFires) Fire(ctx context.Context, fires []regulars.Fire) ([]bool, error) {
	defer func() { f.calls++ }()
	if f.calls == f.failAt {
		return nil, errors.New("database is locked")
	}
	return f.FireService.Fire(ctx, fires)
}

// TestMailingMissingClients: a client named by the owner that does not exist is an error; one
// a segment found and that was deleted since is skipped.
func TestMailingMissingClients(t *testing.T) {
	w := newWorld(t)
	anna := w.client(t, &regulars.Client{Name: "Анна", Email: "anna@example.ru", MarketingConsent: true})
	m := campaign.Mailing{Name: "news", Template: regulars.MailTemplate{Subject: "s", Text: "{unsubscribe}"}, Marketing: true}
	if _, err := w.eng.PlanMailing(w.ctx, m, []int64{anna.ID, anna.ID + 100}); regulars.ErrorCode(err) != regulars.ENOTFOUND {
		t.Errorf("a named client that does not exist: %v", err)
	}
	m.Found = []int64{anna.ID + 100}
	plan, err := w.eng.PlanMailing(w.ctx, m, nil)
	if err != nil || len(plan.Letters) != 0 || plan.Skipped["not_found"] != 1 {
		t.Errorf("a found client deleted since: %+v, %v", plan, err)
	}
}

// countingClients counts the reads of every client.
type countingClients struct {
	regulars.ClientService
	finds int
}

func (c *countingClients) FindClients(ctx context.Context, f regulars.ClientFilter) ([]*regulars.Client, int, error) {
	c.finds++
	return c.ClientService.FindClients(ctx, f)
}

// TestHolidayWithoutRecipients: a holiday on which no client can be greeted (no consent) is
// looked for through the clients once that day, not on every pass.
func TestHolidayWithoutRecipients(t *testing.T) {
	w := newWorld(t)
	settings := storeSettings(t, w)
	clients := &countingClients{ClientService: w.cl}
	au := w.automator(settings, clients, nil)
	if err := w.cl.CreateClient(w.ctx, &regulars.Client{Name: "Радио «Волна»", Email: "hello@volna.example", Industry: "сми"}); err != nil {
		t.Fatal(err)
	}
	w.now = time.Date(2027, 5, 7, 7, 0, 0, 0, time.UTC) // Radio Day
	if st, err := au.Run(w.ctx); err != nil || len(st["holiday"]) != 0 {
		t.Fatalf("Radio Day without consent: %v, %v", st, err)
	}
	reads := clients.finds
	w.now = w.now.Add(time.Hour)
	if _, err := au.Run(w.ctx); err != nil || clients.finds != reads {
		t.Errorf("a second pass on Radio Day read the clients %d times (%v)", clients.finds-reads, err)
	}
}

// automator returns an automator of the world's services with settings and clients, whose
// candidates are *cands (none for nil), at the world's time.
func (w *world) automator(settings regulars.SettingService, clients regulars.ClientService, cands *[]campaign.Candidate) *campaign.Automator {
	return &campaign.Automator{Settings: settings, Fires: w.fires, Sequences: w.seqs, Orders: w.ord, Events: w.events,
		Dates: w.events, Clients: clients,
		Candidates: func(context.Context) ([]campaign.Candidate, error) {
			if cands == nil {
				return nil, nil
			}
			return *cands, nil
		},
		Now: func() time.Time { return w.now }, Loc: w.eng.Loc}
}
