package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"mime"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/campaign"
	"github.com/regulars/regulars/internal/smtptest"
	"github.com/regulars/regulars/internal/store"
)

// TestMain lets a test run the program itself as a child process (REGULARS_TEST_CHILD=1),
// which the crash test kills with SIGKILL.
func TestMain(m *testing.M) {
	if os.Getenv("REGULARS_TEST_CHILD") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// enqueueLetters writes n letters to the outbox of the database at path.
func enqueueLetters(t *testing.T, path string, n int) []*regulars.Letter {
	t.Helper()
	db, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ls := make([]*regulars.Letter, n)
	for i := range ls {
		key := fmt.Sprintf("crash:%d", i)
		ls[i] = &regulars.Letter{Key: key, MessageID: campaign.MessageID(key, "studio@example.ru"), ToName: "Клиент",
			ToAddress: fmt.Sprintf("c%d@example.ru", i), Subject: "Письмо №" + fmt.Sprint(i), Text: "Здравствуйте!", NotBefore: now}
	}
	if _, err := store.NewOutboxService(db).Enqueue(context.Background(), ls); err != nil {
		t.Fatal(err)
	}
	return ls
}

// TestOutboxSurvivesSIGKILL sends 1,000 letters with a sender process that is killed with
// SIGKILL at random moments, 50 times, then let finish. Every letter must be delivered exactly
// once, or be listed in doubt (delivered at most once): 0 lost, 0 duplicates.
func TestOutboxSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test runs 51 processes")
	}
	srv := smtptest.Start(t)
	srv.Delay = 3 * time.Millisecond // 1,000 letters take a few seconds: most kills land mid-send
	c := newTCLI(t)
	c.ok("mail", "setup", "--host", srv.Host, "--port", srv.PortString(), "--tls", "none", "--from", "studio@example.ru")
	letters := enqueueLetters(t, c.db, 1000)
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "--db", c.db, "outbox", "send")
		cmd.Env = append(os.Environ(), "REGULARS_TEST_CHILD=1")
		return cmd
	}
	rng := rand.New(rand.NewPCG(1, 2))
	kills := 0
	for range 50 {
		cmd := child()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(20+rng.IntN(120)) * time.Millisecond) // a random moment of its life
		if cmd.Process.Signal(syscall.SIGKILL) == nil {
			kills++
		}
		cmd.Wait()
	}
	last := child()
	last.Args = append(last.Args, "--abandoned-after", "0s") // no other sender runs now
	out, err := last.CombinedOutput()
	if err != nil {
		t.Fatalf("the last sender: %v\n%s", err, out)
	}
	ls, err := func() ([]*regulars.Letter, error) {
		db, err := store.Open(context.Background(), c.db, store.Options{})
		if err != nil {
			return nil, err
		}
		defer db.Close()
		return store.NewOutboxService(db).FindLetters(context.Background(), regulars.LetterFilter{})
	}()
	if err != nil {
		t.Fatal(err)
	}
	got := srv.Deliveries()
	var sent, doubt, doubtDelivered, lost, dups int
	for _, l := range ls {
		n := got[l.MessageID]
		switch {
		case l.State == regulars.LetterSent && n == 1:
			sent++
		case l.State == regulars.LetterInDoubt && n <= 1:
			doubt++
			doubtDelivered += n
		case n == 0:
			lost++
			t.Errorf("lost: %s is %s, never delivered", l.Key, l.State)
		default:
			dups++
			t.Errorf("duplicate: %s (%s) delivered %d times", l.Key, l.State, n)
		}
	}
	if len(ls) != len(letters) {
		t.Errorf("%d letters in the outbox, want %d", len(ls), len(letters))
	}
	t.Logf("%d SIGKILLs: %d letters sent once, %d in doubt (%d of them delivered), %d lost, %d duplicates; the last run said %s",
		kills, sent, doubt, doubtDelivered, lost, dups, strings.TrimSpace(string(out)))
}

func TestBenchMail(t *testing.T) {
	out := newTCLI(t).ok("bench", "mail", "--clients", "300", "--letters", "40")
	for _, want := range []string{"enrol 300 clients", "send 40 letters", "the server received 40"} {
		if !strings.Contains(out, want) {
			t.Errorf("bench mail printed no %q:\n%s", want, out)
		}
	}
}

func TestAutomationCommands(t *testing.T) {
	c := newTCLI(t)
	if out := c.ok("automation"); !strings.Contains(out, "wake_up") || !strings.Contains(out, "became_sleeping") {
		t.Errorf("default automations:\n%s", out)
	}
	f := t.TempDir() + "/a.json"
	os.WriteFile(f, []byte(`[{"key": "checklist", "trigger": "event", "event": "downloaded:seo-checklist", "sequence": "nope", "active": true}]`), 0o644)
	c.fail(2, "nope", "automation", "set", f)
	os.WriteFile(f, []byte(`[{"key": "typo", "trigger": "monthly", "event": "champion", "sequence": "reactivation", "active": true}]`), 0o644)
	c.fail(2, "champion", "automation", "set", f)
	os.WriteFile(f, []byte(`[{"key": "checklist", "trigger": "event", "sequence": "reactivation", "active": true}]`), 0o644)
	c.fail(2, "names the event", "automation", "set", f)
	os.WriteFile(f, []byte(`[{"key": "checklist", "trigger": "event", "event": "downloaded:seo-checklist", "sequence": "reactivation", "active": true}]`), 0o644)
	c.ok("automation", "set", f)
	if out := c.ok("automation"); !strings.Contains(out, "checklist") || strings.Contains(out, "wake_up") {
		t.Errorf("after set:\n%s", out)
	}
}

func TestCampaignSendAndResults(t *testing.T) {
	srv := smtptest.Start(t)
	c := newTCLI(t)
	c.ok("mail", "setup", "--host", srv.Host, "--port", srv.PortString(), "--tls", "none", "--from", "studio@example.ru")
	added := func(out string) string { return strings.Fields(out)[1] }
	anna := added(c.ok("add", "client", "--name", "Анна Смирнова", "--email", "anna@example.ru", "--marketing-consent"))
	ivan := added(c.ok("add", "client", "--name", "Иван", "--email", "ivan@example.ru")) // no consent
	petr := added(c.ok("add", "client", "--name", "Пётр", "--phone", "+79031234567", "--marketing-consent"))
	c.fail(2, "public address", "campaign", "send", "--name", "x", "--client", anna, "--subject", "s", "--text", "{unsubscribe}")
	c.ok("mail", "setup", "--host", srv.Host, "--port", srv.PortString(), "--tls", "none", "--from", "studio@example.ru",
		"--public-url", "https://crm.example.ru")
	args := []string{"campaign", "send", "--name", "digest-2026-11", "--client", anna, "--client", ivan, "--client", petr,
		"--subject", "{name}, новости за ноябрь", "--text", "Привет, {name}! Отписаться: {unsubscribe}"}
	c.fail(2, "{unsubscribe}", "campaign", "send", "--name", "x", "--client", anna, "--subject", "s", "--text", "no link")
	c.fail(2, "spaces", append([]string{"campaign", "send", "--name", "bad name"}, args[4:]...)...)
	dry := c.ok(append(args, "--dry-run")...)
	for _, want := range []string{"to Анна Смирнова <anna@example.ru>: Анна, новости за ноябрь", "skipped 1: no_consent",
		"skipped 1: no_email", "1 letters would go out"} {
		if !strings.Contains(dry, want) {
			t.Errorf("dry run lacks %q:\n%s", want, dry)
		}
	}
	c.ok(append(args, "--test-to", "owner@example.ru")...)
	if l := srv.Letters(); len(l) != 1 || l[0].To[0] != "owner@example.ru" {
		t.Fatalf("test send: %+v", l)
	} else if d := string(l[0].Data); strings.Contains(d, "List-Unsubscribe") || strings.Contains(d, "crm.example.ru/u/") {
		t.Errorf("the test letter carries Anna's unsubscribe link:\n%s", d)
	}
	c.fail(2, "marketing letter", "campaign", "send", "--name", "news", "--segment", "sleeping", "--transactional",
		"--subject", "s", "--text", "t")
	if out := c.ok(args...); !strings.Contains(out, "1 letters queued") {
		t.Errorf("send: %s", out)
	}
	if out := c.ok(args...); !strings.Contains(out, "0 letters queued") {
		t.Errorf("the same mailing again: %s", out)
	}
	c.ok("outbox", "send")
	if n := len(srv.Letters()); n != 2 {
		t.Errorf("%d letters delivered, want the test and Anna's", n)
	}
	// Results: the reactivation series for Anna, an order after it, a cost: ROI.
	c.ok("sequence", "enrol", "reactivation", "--client", anna)
	c.ok("add", "order", "--client", anna, "--title", "Сайт", "--amount", "1000", "--date", "2026-03-01")
	c.ok("sequence", "run")
	c.ok("outbox", "send")
	c.at = now.AddDate(0, 0, 3)
	c.ok("add", "order", "--client", anna, "--title", "Аудит", "--amount", "80000", "--date", "2026-11-24")
	c.ok("campaign", "cost", "reactivation", "10000")
	out := c.ok("campaign")
	if !strings.Contains(out, "₽80,000.00") || !strings.Contains(out, "₽10,000.00") || !strings.Contains(out, "800%") {
		t.Errorf("results:\n%s", out)
	}
}

func TestSequencePreview(t *testing.T) {
	c := newTCLI(t)
	c.ok("mail", "setup", "--host", "127.0.0.1", "--tls", "none", "--from", "studio@example.ru", "--public-url", "https://crm.example.ru")
	id := strings.Fields(c.ok("add", "client", "--name", "Анна Смирнова", "--email", "anna@example.ru"))[1]
	c.ok("add", "order", "--client", id, "--title", "Сайт-визитка", "--amount", "50000", "--date", "2026-05-10")
	out := c.ok("sequence", "preview", "reactivation", "--client", id, "--step", "1")
	for _, want := range []string{"To: Анна Смирнова <anna@example.ru>", "Subject: Анна, как у вас дела?", "«Сайт-визитка» прошло уже 6 мес.",
		"List-Unsubscribe: <https://crm.example.ru/u/"} {
		if !strings.Contains(out, want) {
			t.Errorf("preview lacks %q:\n%s", want, out)
		}
	}
	c.fail(2, "steps 1 to 4", "sequence", "preview", "reactivation", "--client", id, "--step", "5")
	// A greeting names the client's next holiday in the preview.
	if out := c.ok("sequence", "preview", "holiday", "--client", id); !strings.Contains(out, "Subject: Анна, поздравляем: ") {
		t.Errorf("holiday preview:\n%s", out)
	}
	if n := c.ok("outbox", "list", "--format", "json"); strings.TrimSpace(n) != "[]" {
		t.Errorf("a preview wrote to the outbox: %s", n)
	}
}

func TestMailSetupDKIM(t *testing.T) {
	c := newTCLI(t)
	key := filepath.Join(t.TempDir(), "dkim.pem")
	os.WriteFile(key, []byte("not a key"), 0o600)
	c.fail(2, "DKIM key", "mail", "setup", "--host", "127.0.0.1", "--tls", "none", "--from", "studio@example.ru",
		"--dkim-domain", "example.ru", "--dkim-selector", "s1", "--dkim-key", key)
	c.fail(2, "selector", "mail", "setup", "--host", "127.0.0.1", "--tls", "none", "--from", "studio@example.ru",
		"--dkim-domain", "example.ru", "--dkim-key", key)
}

// TestServerThanksAnOrderAtOnce: with mail set up, the server acts on an order paid through the
// API within seconds — the automation, the sequence and the outbox, without a CLI in between.
func TestServerThanksAnOrderAtOnce(t *testing.T) {
	mailSrv := smtptest.Start(t)
	c := newTCLI(t)
	c.ok("mail", "setup", "--host", mailSrv.Host, "--port", mailSrv.PortString(), "--tls", "none", "--from", "studio@example.ru",
		"--public-url", "https://crm.example.ru")
	id := strings.Fields(c.ok("add", "client", "--name", "Анна Смирнова", "--email", "anna@example.ru"))[1]
	srv := startServer(t, c, "--snapshot-rest", "0")
	var out apiError
	if code := srv.json("POST", "/api/v1/orders", `{"client_id": `+id+`, "service": "Сайт", "title": "Сайт студии",
		"amount": "50000", "currency": "RUB", "ordered_on": "2026-11-22", "status": "paid"}`, &out); code != 201 {
		t.Fatalf("create order: %d %+v", code, out)
	}
	for range 400 { // a bounded readiness poll: the pass comes about 2 s after the write
		if l := mailSrv.Letters(); len(l) > 0 {
			if subject, err := new(mime.WordDecoder).DecodeHeader(l[0].Subject); err != nil || subject != "Спасибо за заказ, Анна!" {
				t.Errorf("subject %q (%q, %v), want the thank-you with the client's name", l[0].Subject, subject, err)
			}
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatal("no thank-you letter 10 s after the order was paid")
}

// TestBenchImport runs `bench import` on a small business: the floors and the import (a child
// process: this test binary acting as regulars) on SQLite, and on PostgreSQL when it is there.
func TestBenchImport(t *testing.T) {
	t.Setenv("REGULARS_TEST_CHILD", "1")
	args := []string{"bench", "import", "--clients", "150", "--runs", "2"}
	pg := os.Getenv("REGULARS_TEST_POSTGRES")
	if pg != "" {
		args = append(args, "--postgres", pg)
	}
	out := newTCLI(t).ok(args...)
	t.Log(out)
	// A measured row per engine and run: 150 clients' orders, a floor, the import, their ratio
	// and the child's peak memory, all positive; and the median ratios.
	engines := []string{"sqlite"}
	if pg != "" {
		engines = append(engines, "postgres")
	} else {
		t.Log("REGULARS_TEST_POSTGRES is not set: PostgreSQL's part of bench import not run")
	}
	for _, engine := range engines {
		var rows int
		var floor, imp, ratio float64
		var rss int
		found := 0
		for _, line := range strings.Split(out, "\n") {
			if f := strings.Fields(line); len(f) == 6 && f[0] == engine {
				if _, err := fmt.Sscanf(strings.Join(f[1:], " "), "%d %g %g %g× %d", &rows, &floor, &imp, &ratio, &rss); err == nil {
					found++
				}
			}
		}
		if found != 2 || rows < 150 || floor < 0 || imp <= 0 || ratio <= 0 || rss <= 0 {
			t.Errorf("bench import printed no measured %s row (%d rows, floor %g, import %g, %g×, %d MB):\n%s", engine, rows, floor, imp, ratio, rss, out)
		}
	}
	if median := "Median import/floor of 2 runs: sqlite "; !strings.Contains(out, median) || pg != "" && !strings.Contains(out, "×, postgres ") {
		t.Errorf("no median ratios:\n%s", out)
	}
	if pg != "" && (!strings.Contains(out, "COPY of the CSV file itself into a table of its columns typed as their values are (1 BIGINT, 1 NUMERIC, 3 DATE, 8 TEXT)") ||
		!strings.Contains(out, "postgres to the COPY into text columns ")) {
		t.Errorf("PostgreSQL's floor is not the CSV's COPY into typed columns, or the COPY into text columns is not beside it:\n%s", out)
	}
}

// TestCSVColumnTypes types the columns of PostgreSQL's floor as their values are: a column
// is BIGINT, NUMERIC or DATE only when every value it has is one.
func TestCSVColumnTypes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orders.csv")
	sheet := "ID;Amount;Price;Day;Phone;Note;Empty;Mixed day\n" +
		"1;100;1500.50;2026-11-22;+7 903 123-45-67;a;;2026-11-22\n" +
		"-20;;-3;2026-02-28;89031234567;1.5;;22.11.2026\n" +
		"300;7.;.5;;8;2;;\n"
	if err := os.WriteFile(path, []byte(sheet), 0o644); err != nil {
		t.Fatal(err)
	}
	types, err := csvColumnTypes(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"BIGINT", "TEXT", "TEXT", "DATE", "TEXT", "TEXT", "TEXT", "TEXT"}
	if !slices.Equal(types, want) {
		t.Errorf("types %v, want %v", types, want)
	}
	if got := typesSummary(types); got != "1 BIGINT, 1 DATE, 6 TEXT" {
		t.Errorf("summary %q", got)
	}
	for v, want := range map[string]bool{"1500.50": true, "-3": true, "0.5": true, "7.": false, ".5": false, "1.-5": false, "-": false, "1e5": false, "1234567890123456789": false} {
		if decimalNumber(v) != want {
			t.Errorf("decimalNumber(%q) = %v", v, !want)
		}
	}
}

// TestPostgresCSVFloorQuotedEmpty: a quoted empty cell in a typed column is NULL to the COPY
// of PostgreSQL's floor, as an empty one is, not a value the column's type refuses.
func TestPostgresCSVFloorQuotedEmpty(t *testing.T) {
	pg := os.Getenv("REGULARS_TEST_POSTGRES")
	if pg == "" {
		t.Skip("REGULARS_TEST_POSTGRES is not set: PostgreSQL's floor not run")
	}
	path := filepath.Join(t.TempDir(), "orders.csv")
	sheet := "ID,Amount,Day,Note\n1,\"\",2026-11-22,a\n\"\",\"100.5\",\"\",\"\"\n"
	if err := os.WriteFile(path, []byte(sheet), 0o644); err != nil {
		t.Fatal(err)
	}
	types, err := csvColumnTypes(path)
	if err != nil || !slices.Equal(types, []string{"BIGINT", "NUMERIC", "DATE", "TEXT"}) {
		t.Fatalf("types %v, %v", types, err)
	}
	ctx := context.Background()
	c := &benchImportCmd{Postgres: pg}
	for _, ts := range [][]string{types, nil} {
		if err := c.fresh(ctx, "regulars_bench_floor", func(dsn string) error {
			_, err := postgresCSVFloor(ctx, dsn, path, ts)
			return err
		}); err != nil {
			t.Errorf("COPY into %v: %v", ts, err)
		}
	}
}

// TestBenchImportPostgresOnly measures PostgreSQL alone with --no-sqlite, which needs
// --postgres.
func TestBenchImportPostgresOnly(t *testing.T) {
	newTCLI(t).fail(1, "--no-sqlite leaves nothing to measure without --postgres", "bench", "import", "--clients", "20", "--no-sqlite")
	pg := os.Getenv("REGULARS_TEST_POSTGRES")
	if pg == "" {
		t.Skip("REGULARS_TEST_POSTGRES is not set: PostgreSQL's part of bench import not run")
	}
	t.Setenv("REGULARS_TEST_CHILD", "1")
	out := newTCLI(t).ok("bench", "import", "--clients", "150", "--runs", "2", "--no-sqlite", "--postgres", pg)
	if strings.Contains(out, "sqlite") || !strings.Contains(out, "Median import/floor of 2 runs: postgres ") {
		t.Errorf("--no-sqlite measured SQLite, or printed no median of PostgreSQL:\n%s", out)
	}
}
