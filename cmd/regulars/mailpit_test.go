package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// mailpit is a running Mailpit: a real SMTP server with a JSON API to read the mail back.
type mailpit struct {
	t        *testing.T
	smtpPort string
	api      string
}

// startMailpit starts Mailpit on free ports until the test ends, or skips the test when it is
// not installed (.ci/run installs it: GOBIN=$PWD/.bin go install github.com/axllent/mailpit@v1.27.11).
func startMailpit(t *testing.T) *mailpit {
	t.Helper()
	bin := os.Getenv("REGULARS_MAILPIT")
	if bin == "" {
		bin = filepath.Join("..", "..", ".bin", "mailpit")
		if _, err := os.Stat(bin); err != nil {
			if p, err := exec.LookPath("mailpit"); err == nil {
				bin = p
			} else {
				t.Skip("Mailpit is not installed: GOBIN=$PWD/.bin go install github.com/axllent/mailpit@v1.27.11 (or set REGULARS_MAILPIT)")
			}
		}
	}
	smtpPort, httpPort := freePort(t), freePort(t)
	cmd := exec.Command(bin, "--smtp", "127.0.0.1:"+smtpPort, "--listen", "127.0.0.1:"+httpPort, "--database", filepath.Join(t.TempDir(), "mailpit.db"),
		"--disable-version-check", "--smtp-disable-rdns", "--smtp-auth-accept-any", "--smtp-auth-allow-insecure", "--quiet")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	m := &mailpit{t: t, smtpPort: smtpPort, api: "http://127.0.0.1:" + httpPort + "/api/v1"}
	for range 200 { // a bounded readiness poll
		if resp, err := http.Get(m.api + "/messages"); err == nil {
			resp.Body.Close()
			return m
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatal("Mailpit did not start")
	return nil
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
}

// mpMessage is a message in Mailpit's list.
type mpMessage struct {
	ID        string
	MessageID string
	Subject   string
	To        []struct{ Address string }
}

func (m *mailpit) get(path string, out any) {
	m.t.Helper()
	resp, err := http.Get(m.api + path)
	if err != nil {
		m.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, out); err != nil {
		m.t.Fatalf("GET %s: %v\n%s", path, err, b)
	}
}

// messages returns the messages to an address, oldest first.
func (m *mailpit) messages(to string) []mpMessage {
	var list struct{ Messages []mpMessage }
	m.get("/messages?limit=500", &list)
	var out []mpMessage
	for _, msg := range list.Messages {
		if len(msg.To) > 0 && msg.To[0].Address == to {
			out = append(out, msg)
		}
	}
	slices.Reverse(out) // the API lists newest first
	return out
}

// TestReactivationThroughMailpit runs the reactivation series for two clients on its schedule
// under a fake clock, through a real SMTP server: four letters a week apart with the right
// subjects, Cyrillic intact, both List-Unsubscribe headers and a one-click POST that works;
// the series stops for the client who orders.
func TestReactivationThroughMailpit(t *testing.T) {
	mp := startMailpit(t)
	c := newTCLI(t)
	srv := startServer(t, c, "--snapshot-rest", "0")
	c.ok("mail", "setup", "--host", "127.0.0.1", "--port", mp.smtpPort, "--tls", "none", "--from", "studio@example.ru",
		"--from-name", "Студия Анны", "--public-url", srv.url)
	added := func(out string) string { return strings.Fields(out)[1] } // "Client 1 added: …"
	anna := added(c.ok("add", "client", "--name", "Анна Смирнова", "--email", "anna@example.ru", "--marketing-consent"))
	boris := added(c.ok("add", "client", "--name", "Борис Петров", "--email", "boris@example.ru", "--marketing-consent"))
	for _, id := range []string{anna, boris} {
		c.ok("add", "order", "--client", id, "--title", "Сайт-визитка", "--amount", "50000", "--date", "2026-03-10")
	}
	c.ok("sequence", "enrol", "reactivation", "--client", anna, "--client", boris, "--on", "2026-11-22")
	subjects := []string{"{name}, как у вас дела?", "Что получилось у клиентов за это время", "Бесплатная консультация для вас",
		"Специальное предложение для постоянных клиентов"}
	for week, day := range []int{0, 7, 14, 21} {
		c.at = now.AddDate(0, 0, day)
		if week == 2 { // Anna ordered in the second week: her series stops
			c.ok("add", "order", "--client", anna, "--title", "Доработка", "--amount", "15000", "--date", "2026-12-03")
		}
		c.ok("sequence", "run")
		c.ok("outbox", "send")
		got := mp.messages("boris@example.ru")
		if len(got) != week+1 {
			t.Fatalf("day %d: Boris has %d letters, want %d", day, len(got), week+1)
		}
		if want := strings.ReplaceAll(subjects[week], "{name}", "Борис"); got[week].Subject != want {
			t.Errorf("day %d: subject %q, want %q", day, got[week].Subject, want)
		}
	}
	// Anna's series stops when she orders; the order itself brings the (transactional)
	// thank-you of the default automation, without unsubscribe headers.
	anns := mp.messages("anna@example.ru")
	if len(anns) != 3 || anns[2].Subject != "Спасибо за заказ, Анна!" {
		t.Errorf("Anna's letters: %+v, want two of the series and a thank-you", anns)
	} else {
		var h map[string][]string
		mp.get("/message/"+anns[2].ID+"/headers", &h)
		if _, ok := h["List-Unsubscribe"]; ok {
			t.Error("the transactional thank-you carries List-Unsubscribe")
		}
	}
	// The first letter, read back: Cyrillic, the sender, both unsubscribe headers.
	first := mp.messages("boris@example.ru")[0]
	var msg struct {
		From struct{ Name, Address string }
		Text string
	}
	mp.get("/message/"+first.ID, &msg)
	if msg.From.Name != "Студия Анны" || !strings.Contains(msg.Text, "Здравствуйте, Борис!") || !strings.Contains(msg.Text, "«Сайт-визитка»") {
		t.Errorf("letter: from %+v, text %q", msg.From, msg.Text)
	}
	var headers map[string][]string
	mp.get("/message/"+first.ID+"/headers", &headers)
	if got := headers["List-Unsubscribe-Post"]; len(got) != 1 || got[0] != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q", got)
	}
	lu := headers["List-Unsubscribe"]
	if len(lu) != 1 || !strings.HasPrefix(lu[0], "<"+srv.url+"/u/") {
		t.Fatalf("List-Unsubscribe = %q", lu)
	}
	// One click, as a mail program does it: a POST without cookies or a token.
	link := strings.Trim(lu[0], "<>")
	resp, err := http.Get(link)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET the unsubscribe page: %v %v", resp, err)
	}
	resp.Body.Close()
	if reason := c.ok("clients", "--format", "json"); !strings.Contains(reason, `"marketing_consent": true`) {
		t.Errorf("a GET unsubscribed already: %s", reason)
	}
	resp, err = http.PostForm(link, url.Values{"List-Unsubscribe": {"One-Click"}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("one-click POST: %v %v", resp, err)
	}
	resp.Body.Close()
	var clients []struct {
		ID               int64
		MarketingConsent bool `json:"marketing_consent"`
	}
	c.json(&clients, "clients")
	for _, cl := range clients {
		if fmt.Sprint(cl.ID) == boris && cl.MarketingConsent {
			t.Error("Boris still has marketing consent after unsubscribing")
		}
	}
	// Enrolled again, Boris gets nothing: the address is suppressed.
	c.ok("sequence", "enrol", "reactivation", "--client", boris, "--on", "2026-12-20")
	c.at = now.AddDate(0, 0, 30)
	if out := c.ok("sequence", "run"); !strings.Contains(out, "queued 0") {
		t.Errorf("after unsubscribing: %s", out)
	}
}
