package main

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// browser is a cookie-keeping HTTP client of the web app: what a browser does, without
// JavaScript (the real browser tests are in browser_test.go).
type browser struct {
	t    *testing.T
	srv  *server
	c    *http.Client
	csrf string // the last form token seen
}

func newBrowser(t *testing.T, srv *server) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, srv: srv, c: &http.Client{Jar: jar}}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// get fetches a page, following redirects, and returns the final path, status and body.
func (b *browser) get(path string) (string, int, string) {
	b.t.Helper()
	return b.send(http.NewRequest("GET", b.srv.url+path, nil))
}

// post submits a form with the current CSRF token.
func (b *browser) post(path string, form url.Values) (string, int, string) {
	b.t.Helper()
	if form.Get("csrf") == "" {
		form.Set("csrf", b.csrf)
	}
	req, err := http.NewRequest("POST", b.srv.url+path, strings.NewReader(form.Encode()))
	if err == nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return b.send(req, err)
}

// upload submits a multipart form with one file.
func (b *browser) upload(path, file string, fields url.Values) (string, int, string) {
	b.t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		b.t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", b.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("file", file[strings.LastIndex(file, "/")+1:])
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequest("POST", b.srv.url+path, &body)
	if err == nil {
		req.Header.Set("Content-Type", mw.FormDataContentType())
	}
	return b.send(req, err)
}

func (b *browser) send(req *http.Request, err error) (string, int, string) {
	b.t.Helper()
	if err != nil {
		b.t.Fatal(err)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if m := csrfField.FindSubmatch(body); m != nil {
		b.csrf = string(m[1])
	}
	return resp.Request.URL.Path, resp.StatusCode, string(body)
}

// signedIn starts a server on a new base and returns its CLI and a browser signed in to it.
func signedIn(t *testing.T) (*tcli, *browser) {
	t.Helper()
	c := newTCLI(t)
	b := newBrowser(t, startServer(t, c, "--snapshot-rest", "0"))
	b.signUp()
	return c, b
}

// checkAction returns the import page's "check again" form action.
func checkAction(t *testing.T, body string) string {
	t.Helper()
	return pageAction(t, body, `action="(/import/[^"]+/check)"`, "no check form")
}

// commitAction returns the import page's import button's form action.
func commitAction(t *testing.T, body string) string {
	t.Helper()
	return pageAction(t, body, `formaction="(/import/[^"]+/commit)"`, "no import button")
}

// pageAction returns what the pattern's group finds in the page, or fails saying missing.
func pageAction(t *testing.T, body, pattern, missing string) string {
	t.Helper()
	action := regexp.MustCompile(pattern).FindStringSubmatch(body)
	if action == nil {
		t.Fatalf("%s:\n%s", missing, body)
	}
	return action[1]
}

// signUp walks the first run: the app sends a new user to the setup page, which creates the
// owner account and goes on to the import page.
func (b *browser) signUp() {
	b.t.Helper()
	path, code, _ := b.get("/")
	if path != "/setup" || code != 200 {
		b.t.Fatalf("first visit ended on %s (%d), want /setup", path, code)
	}
	path, code, body := b.post("/setup", url.Values{"login": {"anna"}, "password": {"correct horse"}, "password2": {"correct horse"}})
	if path != "/import" || code != 200 {
		b.t.Fatalf("setup ended on %s (%d), want /import\n%s", path, code, body)
	}
}

// fresh polls a page until the analytics snapshot has caught up with want: a bounded
// readiness poll, as the snapshot is built in the background.
func (b *browser) fresh(path, want string) string {
	b.t.Helper()
	var body string
	for range 200 {
		_, _, body = b.get(path)
		if strings.Contains(body, want) {
			return body
		}
		time.Sleep(25 * time.Millisecond)
	}
	b.t.Fatalf("%s never showed %q:\n%s", path, want, body)
	return ""
}

// TestWebImportTitledSheet: the check page says which row the header is, when rows above it
// (a title) are not imported.
func TestWebImportTitledSheet(t *testing.T) {
	_, b := signedIn(t)
	_, code, body := b.upload("/import", sheet("google_ru_long_dates.csv"), nil)
	if code != 200 || !strings.Contains(body, "The header is row 3; the row above it is not imported (a title?).") &&
		!strings.Contains(body, "Заголовки столбцов — в строке 3; 1 строка над ними не загружена (название таблицы?).") {
		t.Errorf("check page %d does not say where the header is:\n%s", code, body)
	}
}

// TestWebImportTwoRowHeader: the check page says a header of two rows is read as one.
func TestWebImportTwoRowHeader(t *testing.T) {
	_, b := signedIn(t)
	two := tempSheet(t, "two.csv", "Заказы 2026,,,,\nКлиент,Контакты,,Заказ,\n,Email,Телефон,Дата,Сумма\nАнна,a@x.ru,,01.11.2026,1000\n")
	_, code, body := b.upload("/import", two, nil)
	if code != 200 || !strings.Contains(body, "The header is rows 2 and 3, read as one; the row above it is not imported (a title?).") &&
		!strings.Contains(body, "Заголовки столбцов — в строках 2 и 3, прочитаны как одна строка; 1 строка над ними не загружена (название таблицы?).") {
		t.Errorf("check page %d does not say where the header is:\n%s", code, body)
	}
	if !strings.Contains(body, `name="col:Клиент"`) {
		t.Errorf("check page lacks the client column named from the header's first row")
	}
}

// TestWebImportSharedContacts: the check page lists a client that a row of another name found
// by its phone.
func TestWebImportSharedContacts(t *testing.T) {
	_, b := signedIn(t)
	fam := tempSheet(t, "fam.csv", "Дата,Клиент,Телефон,Сумма\n05.01.2026,Мария Ким,+79031112233,5000\n06.01.2026,Алиса Ким,89031112233,900\n")
	_, code, body := b.upload("/import", fam, nil)
	if code != 200 || !strings.Contains(body, "Алиса Ким → Мария Ким (fam.csv, ") {
		t.Errorf("check page %d does not list the shared phone:\n%s", code, body)
	}
}

func TestWebFirstRunAndImport(t *testing.T) {
	c, b := signedIn(t)
	if path, _, _ := b.get("/setup"); path != "/login" && path != "/" {
		t.Errorf("setup after the first account went to %s, want it closed", path)
	}

	// Upload: the guessed columns with samples, the counts, nothing written yet.
	path, code, body := b.upload("/import", sheet("google_ru.csv"), nil)
	if code != 200 || !strings.HasPrefix(path, "/import") {
		t.Fatalf("upload: %s %d", path, code)
	}
	for _, want := range []string{`name="col:Клиент"`, `<option value="name" selected`, `class="sample"`, "import/"} {
		if !strings.Contains(body, want) {
			t.Errorf("check page lacks %q", want)
		}
	}
	if n := c.summary(); n.clients != 0 {
		t.Fatalf("the check wrote %d clients", n.clients)
	}
	path, code, body = b.post(commitAction(t, body), url.Values{"currency": {"RUB"}})
	if code != 200 || !strings.Contains(body, `class="card ok"`) {
		t.Fatalf("commit: %s %d\n%s", path, code, body)
	}
	if n := c.summary(); n.clients == 0 {
		t.Fatal("the import wrote no clients")
	}
	// The dashboard fills in once the snapshot is built: every chart is an SVG.
	body = b.fresh("/", `id="chart-forecast"`)
	if n := strings.Count(body, "<svg"); n < 6 {
		t.Errorf("dashboard has %d SVG charts, want 6", n)
	}
	for _, p := range []string{"/", "/agenda", "/clients", "/clients/1", "/catalog", "/import", "/settings"} {
		_, code, body := b.get(p)
		if code != 200 || len(body) > 200<<10 || strings.Contains(body, "Internal error") {
			t.Errorf("GET %s: %d, %d bytes", p, code, len(body))
		}
	}
	// Logging out ends the session: pages go back to the login page.
	b.post("/logout", url.Values{})
	if path, _, _ := b.get("/clients"); path != "/login" {
		t.Errorf("after logout /clients ended on %s, want /login", path)
	}
}

// TestWebImportSameHeaders: of two columns with one header, the page says the second is not
// imported and why, and its own choice (named by its letter) imports it.
func TestWebImportSameHeaders(t *testing.T) {
	_, b := signedIn(t)
	path := tempSheet(t, "dates.csv", "Клиент,Дата,Дата,Сумма\nАнна,01.02.2026,05.02.2026,100\nБорис,02.02.2026,06.02.2026,200\n")
	_, code, body := b.upload("/import", path, nil)
	for _, want := range []string{`name="col:C"`, `name="col:B"`, "Not imported: column B has the field “Order date”."} {
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("check page (%d) lacks %q", code, want)
		}
	}
	check := checkAction(t, body)
	// Checking again as the page posts its choices keeps the note; a dropped column stays dropped.
	_, _, body = b.post(check, url.Values{"currency": {"RUB"}, "col:Клиент": {"name"}, "col:B": {"ordered_on"}, "col:C": {""}, "col:Сумма": {"amount"}})
	if !strings.Contains(body, "Not imported: column B has the field “Order date”.") || !regexp.MustCompile(`name="col:C">\s*<option value="" selected>`).MatchString(body) {
		t.Errorf("checking again lost the note:\n%s", body)
	}
	_, _, body = b.post(check, url.Values{"currency": {"RUB"}, "col:B": {"ordered_on"}, "col:C": {"-"}})
	if strings.Contains(body, "Not imported") || !regexp.MustCompile(`name="col:C">\s*<option value="-" selected>`).MatchString(body) {
		t.Errorf("the dropped column C is not kept dropped:\n%s", body)
	}
	_, _, body = b.post(check, url.Values{"currency": {"RUB"}, "col:B": {"ordered_on"}, "col:C": {"delivered_on"}})
	if strings.Contains(body, "Not imported") || !regexp.MustCompile(`name="col:C">\s*<option value="-" >`).MatchString(body) {
		t.Errorf("after choosing C=delivered_on the page still says it is not imported, or C is skipped")
	}
}

// TestWebImportDateOrder: a date column that reads two ways is explained in the page's words,
// and the page's date order choice decides it.
func TestWebImportDateOrder(t *testing.T) {
	_, b := signedIn(t)
	_, _, body := b.upload("/import", sheet("ambiguous_dates.csv"), nil)
	if !strings.Contains(body, "use «Dates such as 03/04/2026»") || strings.Contains(body, "--date-order") {
		t.Errorf("the ambiguous column's error does not name the page's choice:\n%s", body)
	}
	check := checkAction(t, body)
	_, _, body = b.post(check, url.Values{"currency": {"RUB"}, "date_order": {"dmy"}})
	if strings.Contains(body, `class="error"`) || !strings.Contains(body, `<option value="dmy" selected>`) {
		t.Errorf("with day first chosen the check still fails, or forgets the choice:\n%s", body)
	}
}

// TestWebImportRussian: the check page tells a bad row's problem, and a sheet's, in the page's
// language.
func TestWebImportRussian(t *testing.T) {
	_, b := signedIn(t)
	b.get("/lang/ru")
	_, _, body := b.upload("/import", sheet("ambiguous_dates.csv"), nil)
	if !strings.Contains(body, "ambiguous_dates.csv: столбец &#34;Дата&#34; (B): даты могут быть dd/mm/yyyy или mm/dd/yyyy; укажите «Даты вида 03/04/2026».") {
		t.Errorf("the ambiguous column is not told in Russian:\n%s", body)
	}
	_, _, body = b.upload("/import", sheet("bad_amount.csv"), nil)
	if !strings.Contains(body, "&#34;12,34,5&#34; — не число.") || strings.Contains(body, "is not a number") ||
		!strings.Contains(body, "1 строка с ошибкой; импорт ничего бы не записал. Исправьте её или добавьте «Пропустить строки с ошибками»") {
		t.Errorf("the bad row is not told in Russian:\n%s", body)
	}
}

// payloads are what a hostile or careless client might type: each must come out as text.
var payloads = []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(2)>`, `'><svg onload=alert(3)>`,
	`javascript:alert(4)`}

// dangerous are the fragments that would make a payload live if they reached a page as markup.
var dangerous = []string{`<script>alert`, `<img src=x`, `<svg onload`, `href="javascript:`, `href='javascript:`}

func TestWebEscapesClientText(t *testing.T) {
	c := newTCLI(t)
	srv := startServer(t, c, "--snapshot-rest", "0")
	b := newBrowser(t, srv)
	b.signUp()
	// One payload per client field, and in every record the client card shows.
	p := func(i int) string { return "x" + payloads[i%len(payloads)] }
	body := `{"name": ` + jsonString(p(0)) + `, "company": ` + jsonString(p(1)) + `, "email": "x'&y@example.ru"` + // an address takes no < > or spaces; ' and & it does
		`, "phone": ` + jsonString("+7 903 123-45-67 "+p(3)) + `, "messenger": ` + jsonString(p(1)) + `, "industry": ` + jsonString(p(2)) +
		`, "source": ` + jsonString(p(0)) + `, "tags": [` + jsonString(p(0)) + `, ` + jsonString(p(1)) + `]` +
		`, "notes": ` + jsonString(p(2)) + `, "pain_points": ` + jsonString(p(3)) + `, "goals": ` + jsonString(p(1)) + `}`
	var client struct{ ID int64 }
	if code := srv.json("POST", "/api/v1/clients", body, &client); code != 201 {
		t.Fatalf("create client: %d", code)
	}
	id := strconv.FormatInt(client.ID, 10)
	for path, rec := range map[string]string{
		"/api/v1/orders": `{"client_id": ` + id + `, "service": ` + jsonString(p(0)) + `, "title": ` + jsonString(p(1)) +
			`, "amount": "15000", "currency": "RUB", "ordered_on": "2026-10-01", "status": "paid"}`,
		"/api/v1/interactions": `{"client_id": ` + id + `, "date": "2026-10-02", "channel": "call", "note": ` + jsonString(p(2)) + `}`,
		"/api/v1/dates":        `{"client_id": ` + id + `, "kind": "birthday", "date": "1990-11-24", "yearly": true, "note": ` + jsonString(p(3)) + `}`,
		"/api/v1/plans":        `{"client_id": ` + id + `, "date": "2026-11-25", "title": ` + jsonString(p(0)) + `, "note": ` + jsonString(p(1)) + `}`,
		"/api/v1/events":       `{"client_id": ` + id + `, "date": "2026-11-20", "name": ` + jsonString("downloaded:"+strings.ReplaceAll(p(2), " ", "")) + `}`,
		"/api/v1/services":     `{"name": ` + jsonString(p(3)) + `, "category": ` + jsonString(p(0)) + `, "price": "1000", "currency": "RUB"}`,
	} {
		var out apiError
		if code := srv.json("POST", path, rec, &out); code != 201 {
			t.Fatalf("POST %s: %d %+v", path, code, out)
		}
	}
	// A letter to the client: its name and subject show on the Letters page.
	c.ok("mail", "setup", "--host", "127.0.0.1", "--tls", "none", "--from", "studio@example.ru")
	c.ok("campaign", "send", "--name", "digest", "--client", id, "--transactional", "--subject", "{name}: новости", "--text", "Привет, {name}")
	b.fresh("/clients", "x&lt;script&gt;")
	pages := []string{"/", "/agenda", "/clients", "/clients?q=" + url.QueryEscape("<script>"), "/clients?tag=" + url.QueryEscape(p(0)),
		"/clients/" + id, "/catalog", "/settings", "/campaigns"}
	for _, path := range pages {
		_, code, page := b.get(path)
		if code != 200 {
			t.Errorf("GET %s: %d", path, code)
		}
		for _, d := range dangerous {
			if strings.Contains(page, d) {
				i := strings.Index(page, d)
				t.Errorf("GET %s: %q reached the page as markup: …%s…", path, d, page[max(0, i-80):min(len(page), i+80)])
			}
		}
	}
	_, _, card := b.get("/clients/" + id)
	for _, want := range []string{"x&lt;script&gt;alert(1)&lt;/script&gt;", "x&#34;&gt;&lt;img src=x onerror=alert(2)&gt;"} {
		if !strings.Contains(card, want) {
			t.Errorf("the card does not show %q as text", want)
		}
	}
	// A sheet's cells reach the import check page as samples: escaped there too.
	dir := t.TempDir()
	csv := dir + "/evil.csv"
	os.WriteFile(csv, []byte("Клиент,Сумма,Дата,"+p(1)+"\n"+strings.ReplaceAll(p(0), ",", " ")+",1000,01.11.2026,"+p(2)+"\n"), 0o644)
	_, _, page := b.upload("/import", csv, nil)
	for _, d := range dangerous {
		if strings.Contains(page, d) {
			t.Errorf("import check: %q reached the page as markup", d)
		}
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestWebProfile(t *testing.T) {
	c, b := signedIn(t)
	b.get("/settings")
	for _, tt := range []struct {
		name, field, value, want string
	}{
		{"BadZone", "time_zone", "Mars/Olympus", "Mars/Olympus"},
		{"BadCurrency", "currency", "rubles", "ISO 4217"},
		{"BadNumber", "touch_vip", "often", "often"},
		{"TooLong", "agenda_days", "400", "agenda_days"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, code, body := b.post("/settings/profile", url.Values{tt.field: {tt.value}})
			if code != 400 || !strings.Contains(body, tt.want) {
				t.Errorf("%s=%q: %d, want 400 naming %q", tt.field, tt.value, code, tt.want)
			}
		})
	}
	b.get("/settings")
	path, code, body := b.post("/settings/profile", url.Values{"name": {"Студия <Анны>"}, "currency": {"usd"},
		"time_zone": {"Asia/Vladivostok"}, "touch_vip": {"14"}, "personal_min": {"100 000"}})
	if path != "/settings" || code != 200 {
		t.Fatalf("save: %s %d", path, code)
	}
	for _, want := range []string{`value="Студия &lt;Анны&gt;"`, `value="USD"`, `value="Asia/Vladivostok"`, `name="touch_vip" value="14"`,
		`name="personal_min" value="100000"`, `name="touch_active" value="" placeholder="60"`} {
		if !strings.Contains(body, want) {
			t.Errorf("settings page lacks %s", want)
		}
	}
	// The CLI reads the profile too: a sheet without a currency imports in the profile's.
	csv := filepath.Join(t.TempDir(), "plain.csv")
	os.WriteFile(csv, []byte("Клиент,Сумма,Дата\nАнна,1500,01.11.2026\n"), 0o644)
	c.ok("import", csv)
	var orders []struct{ Currency string }
	c.json(&orders, "orders")
	if len(orders) == 0 || orders[0].Currency != "USD" {
		t.Errorf("imported orders in %+v, want USD from the profile", orders[:min(1, len(orders))])
	}
}

func TestWebCampaigns(t *testing.T) {
	c := newTCLI(t)
	srv := startServer(t, c, "--snapshot-rest", "0")
	b := newBrowser(t, srv)
	b.signUp()
	_, code, body := b.get("/campaigns")
	if code != 200 || !strings.Contains(body, "Wake a sleeping client") || !strings.Contains(body, "Mail is not set up") {
		t.Fatalf("campaigns page: %d\n%s", code, body)
	}
	if _, code, _ := b.post("/campaigns/mail", url.Values{"host": {"smtp.example.ru"}, "from_address": {"not an address"}}); code != 400 {
		t.Errorf("a bad sender address: %d, want 400", code)
	}
	b.get("/campaigns")
	path, _, body := b.post("/campaigns/mail", url.Values{"host": {"smtp.yandex.ru"}, "tls": {"tls"}, "username": {"studio"},
		"password": {"secret"}, "from_address": {"studio@example.ru"}, "public_url": {"https://crm.example.ru"}})
	if path != "/campaigns" || !strings.Contains(body, `value="smtp.yandex.ru"`) || strings.Contains(body, "secret") {
		t.Errorf("after saving the mail settings (%s): host shown, password never", path)
	}
	// Automations switch off and on from the page.
	b.get("/campaigns")
	if _, _, body := b.post("/campaigns/automations/wake_up", url.Values{"active": {"0"}}); !strings.Contains(body, `action="/campaigns/automations/wake_up"`) {
		t.Error("the page after switching an automation off")
	}
	if out := c.ok("automation", "--format", "json"); !strings.Contains(out, `"key": "wake_up"`) || !strings.Contains(out, `"active": false`) {
		t.Errorf("wake_up after switching it off:\n%s", out)
	}
	if _, code, _ := b.post("/campaigns/automations/nope", url.Values{"active": {"1"}}); code != 404 {
		t.Errorf("an unknown automation: %d, want 404", code)
	}
	b.get("/campaigns")
	if _, code, _ := b.post("/campaigns/automations", url.Values{"key": {"checklist"}, "trigger": {"event"}, "event": {"downloaded:seo-checklist"},
		"sequence": {"reactivation"}}); code != 200 {
		t.Errorf("add an automation: %d", code)
	}
	b.get("/campaigns")
	if _, code, _ := b.post("/campaigns/automations", url.Values{"key": {"bad"}, "trigger": {"event"}, "sequence": {"reactivation"}}); code != 400 {
		t.Errorf("an event automation without its event: %d, want 400", code)
	}
	b.get("/campaigns")
	if _, code, _ := b.post("/campaigns/automations", url.Values{"key": {"typo"}, "trigger": {"monthly"}, "event": {"champion"}, "sequence": {"reactivation"}}); code != 400 {
		t.Errorf("a monthly automation of an unknown segment: %d, want 400", code)
	}
	b.get("/campaigns")
	b.post("/campaigns/automations/thank_you", url.Values{"remove": {"1"}})
	if out := c.ok("automation"); !strings.Contains(out, "checklist") || strings.Contains(out, "thank_you ") {
		t.Errorf("after adding checklist and removing thank_you:\n%s", out)
	}
	// The same through the API: sequences, enrolment, the outbox, the results.
	var seqs struct{ Items []struct{ Key string } }
	if srv.json("GET", "/api/v1/sequences", "", &seqs); len(seqs.Items) != 8 {
		t.Fatalf("sequences: %+v", seqs)
	}
	id := strings.Fields(c.ok("add", "client", "--name", "Анна", "--email", "anna@example.ru", "--marketing-consent"))[1]
	var enrolled map[string]int
	if code := srv.json("POST", "/api/v1/sequences/reactivation/enrol", `{"client_ids": [`+id+`, `+id+`]}`, &enrolled); code != 200 ||
		enrolled["enrolled"] != 1 {
		t.Errorf("enrol: %d %v", code, enrolled)
	}
	var plan struct {
		Recipients []struct{ Address, Subject string }
		DryRun     bool `json:"dry_run"`
	}
	if code := srv.json("POST", "/api/v1/campaigns/send", `{"name": "digest-11", "client_ids": [`+id+`], "subject": "{name}, новости",
		"text": "… {unsubscribe}", "dry_run": true}`, &plan); code != 200 || len(plan.Recipients) != 1 || plan.Recipients[0].Subject != "Анна, новости" {
		t.Errorf("mailing dry run: %d %+v", code, plan)
	}
	var e apiError
	if code := srv.json("POST", "/api/v1/campaigns/send", `{"name": "bad name", "client_ids": [1], "subject": "s", "text": "{unsubscribe}"}`, &e); code != 400 ||
		e.Fields["name"] == "" {
		t.Errorf("a bad mailing name: %d %+v", code, e)
	}
	if code := srv.json("PUT", "/api/v1/sequences/mine", `{"name": "Моя", "marketing": true, "steps": [{"day": 0, "templates": {"ru": {"subject": "s", "text": "без ссылки"}}}]}`, &e); code != 400 {
		t.Errorf("a marketing letter without {unsubscribe}: %d %+v", code, e)
	}
	if code := srv.json("PUT", "/api/v1/sequences/mine", `{"name": "Моя", "steps": [{"day": 0, "templates": {"ru": {"subject": "s", "text": "Привет, {name}"}}}], "active": true}`, nil); code != 201 {
		t.Errorf("create a sequence: %d", code)
	}
	var results struct {
		Items []struct {
			Sequence string
			Enrolled int
		}
	}
	srv.json("GET", "/api/v1/campaigns/results", "", &results)
	if len(results.Items) != 9 {
		t.Errorf("results: %+v", results)
	}
	var letters struct{ Total int }
	if code := srv.json("GET", "/api/v1/outbox?state=in_doubt", "", &letters); code != 200 || letters.Total != 0 {
		t.Errorf("outbox: %d %+v", code, letters)
	}
}

func TestWebLoginThrottle(t *testing.T) {
	c := newTCLI(t)
	srv := startServer(t, c)
	b := newBrowser(t, srv)
	b.signUp()
	b.post("/logout", url.Values{})
	for range 5 {
		b.get("/login")
		if _, code, _ := b.post("/login", url.Values{"login": {"anna"}, "password": {"wrong password"}}); code != 401 {
			t.Fatalf("a wrong password: %d, want 401", code)
		}
	}
	b.get("/login")
	if _, code, body := b.post("/login", url.Values{"login": {"anna"}, "password": {"correct horse"}}); code != 429 ||
		!strings.Contains(body, "Too many failed attempts") {
		t.Errorf("the sixth attempt, right or not: %d, want 429", code)
	}
}

func TestWebSequenceEditor(t *testing.T) {
	c, b := signedIn(t)
	c.ok("mail", "setup", "--host", "127.0.0.1", "--tls", "none", "--from", "studio@example.ru", "--public-url", "https://crm.example.ru")
	id := strings.Fields(c.ok("add", "client", "--name", "Анна Смирнова", "--email", "anna@example.ru"))[1]
	c.ok("add", "order", "--client", id, "--title", "Сайт", "--amount", "1000", "--date", "2026-05-01")
	_, code, body := b.get("/campaigns/sequences/reactivation")
	if code != 200 || !strings.Contains(body, `name="ru-subject-3"`) {
		t.Fatalf("editor: %d", code)
	}
	form := url.Values{"name": {"Разбудить"}, "active": {"1"}, "stop_on_order": {"1"}}
	for i, day := range []string{"0", "10"} {
		n := strconv.Itoa(i)
		form.Set("day-"+n, day)
		form.Set("ru-subject-"+n, "{name}, письмо "+n)
		form.Set("ru-text-"+n, "Текст "+n+" {unsubscribe}")
	}
	form.Set("remove-2", "1")
	form.Set("remove-3", "1")
	b.get("/campaigns/sequences/reactivation")
	if path, code, _ := b.post("/campaigns/sequences/reactivation", form); code != 200 || path != "/campaigns/sequences/reactivation" {
		t.Fatalf("save: %s %d", path, code)
	}
	var s struct{ Steps []struct{ Day int } }
	if err := json.Unmarshal([]byte(c.ok("sequence", "show", "reactivation")), &s); err != nil || len(s.Steps) != 2 || s.Steps[1].Day != 10 {
		t.Errorf("after saving: %+v, %v", s, err)
	}
	// A marketing letter without the unsubscribe link is refused.
	form.Set("ru-text-1", "без ссылки")
	b.get("/campaigns/sequences/reactivation")
	if _, code, _ := b.post("/campaigns/sequences/reactivation", form); code != 400 {
		t.Errorf("a letter without {unsubscribe}: %d, want 400", code)
	}
	_, _, body = b.get("/campaigns/sequences/reactivation/preview?client=" + id + "&step=1")
	if !strings.Contains(body, "Анна, письмо 1") || !strings.Contains(body, "https://crm.example.ru/u/") {
		t.Errorf("preview lacks the letter:\n%s", body)
	}
}

func TestWebMailing(t *testing.T) {
	c := newTCLI(t)
	c.ok("demo", "--clients", "200")
	c.ok("mail", "setup", "--host", "127.0.0.1", "--tls", "none", "--from", "studio@example.ru", "--public-url", "https://crm.example.ru")
	srv := startServer(t, c, "--snapshot-rest", "0")
	b := newBrowser(t, srv)
	b.signUp()
	b.get("/campaigns/mailing")
	form := url.Values{"name": {"digest-2026-11"}, "segment": {"champions"}, "subject": {"{name}, новости"},
		"text": {"Привет! Отписаться: {unsubscribe}"}, "do": {"check"}}
	_, code, body := b.post("/campaigns/mailing", form)
	if code != 200 || !strings.Contains(body, "would go out") || !strings.Contains(body, "no consent to marketing") {
		t.Fatalf("check: %d\n%s", code, body)
	}
	if out := c.ok("outbox", "--format", "json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("a check queued letters: %s", out)
	}
	form.Set("do", "send")
	b.get("/campaigns/mailing")
	if _, _, body := b.post("/campaigns/mailing", form); !strings.Contains(body, "queued") {
		t.Errorf("send:\n%s", body)
	}
	form.Set("text", "без ссылки")
	b.get("/campaigns/mailing")
	if _, _, body := b.post("/campaigns/mailing", form); !strings.Contains(body, "{unsubscribe}") || !strings.Contains(body, `class="error"`) {
		t.Errorf("a letter without the link was not refused")
	}
}

// TestWebImportRefundRows: the check page and the done card say how many orders the refund rows
// refund and which refund rows match no order, and the check page which stored orders a
// corrected sheet corrects, in the page's language.
func TestWebImportRefundRows(t *testing.T) {
	c, b := signedIn(t)
	b.get("/lang/ru")
	path := tempSheet(t, "refunds.csv", refundSheet)
	_, _, body := b.upload("/import", path, nil)
	for _, want := range []string{"<b>3</b> — заказы, отмеченные возвращёнными по строкам возврата",
		"<b>1</b> — строки частичного возврата: заказ остаётся, его выручка меньше на возврат",
		"3 строки возврата не подошли ни к одному заказу",
		"refunds.csv:11 — Глеб, 200,00\u00a0₽: нет более раннего заказа на эту сумму или больше"} {
		if !strings.Contains(body, want) {
			t.Errorf("check page lacks %q", want)
		}
	}
	_, _, body = b.post(commitAction(t, body), url.Values{"currency": {"RUB"}})
	if !strings.Contains(body, `class="card ok"`) || !strings.Contains(body, "<b>3</b> — заказы, отмеченные возвращёнными") {
		t.Errorf("the done card lacks the refunds:\n%s", body)
	}
	if got := c.summary(); got.revenue != "800.00" {
		t.Errorf("revenue after the import %s, want 800.00 (Вера's 300 less 100 refunded)", got.revenue)
	}
	// The sheet again, with Вера's amount corrected: the check page lists the correction.
	path = tempSheet(t, "refunds.csv", strings.Replace(refundSheet, `Вера,vera@example.com,Сайт,"300,00 ₽"`, `Вера,vera@example.com,Сайт,"350,00 ₽"`, 1))
	_, _, body = b.upload("/import", path, nil)
	if !strings.Contains(body, "1 заказ из базы исправлен по своей строке") || !strings.Contains(body, ": 300,00\u00a0₽ → 350,00\u00a0₽") {
		t.Errorf("the check page does not list the corrected order:\n%s", body)
	}
}

// TestWebImportDeletedClient: the check page lists the client deleted in Regulars whose rows
// it leaves out, and offers to restore them, which the import then does.
func TestWebImportDeletedClient(t *testing.T) {
	c, b := signedIn(t)
	b.get("/lang/ru")
	path := tempSheet(t, "visits.csv", "Клиент,Email,Сумма,Дата\nАнна Смирнова,anna@example.ru,1500,10.11.2026\n"+
		"Борис Петров,boris@example.ru,4000,11.11.2026\nАнна Смирнова,anna@example.ru,1200,20.11.2026\n")
	c.ok("import", path)
	deleteClient(t, c, 1)
	_, _, body := b.upload("/import", path, nil)
	for _, want := range []string{"1 клиент удалён в Regulars — его строки не загружены", "Анна Смирнова (№ 1): 2 строки",
		`name="restore_deleted" value="1" >`} {
		if !strings.Contains(body, want) {
			t.Errorf("check page lacks %q:\n%s", want, body)
		}
	}
	_, _, body = b.post(commitAction(t, body), url.Values{"currency": {"RUB"}, "restore_deleted": {"1"}})
	if !strings.Contains(body, `class="card ok"`) {
		t.Errorf("the import with the deleted restored did not end well:\n%s", body)
	}
	if got := c.summary(); got.clients != 2 || got.orders != 3 || got.revenue != "6700.00" {
		t.Errorf("after restoring: %+v", got)
	}
}

// TestWebFormErrorsRussian: a form the domain refuses says why in the page's language.
func TestWebFormErrorsRussian(t *testing.T) {
	c, b := signedIn(t)
	c.ok("add", "client", "--name", "Анна")
	b.get("/lang/ru")
	_, code, body := b.post("/clients/1/plans", url.Values{"title": {""}, "date": {"2027-01-10"}})
	if code != 400 || !strings.Contains(body, "Нужно название плана.") || strings.Contains(body, "Plan title required") {
		t.Errorf("a plan without a title: %d\n%s", code, body)
	}
	b.get("/lang/en")
	if _, _, body = b.post("/clients/1/plans", url.Values{"title": {""}, "date": {"2027-01-10"}}); !strings.Contains(body, "Plan title required.") {
		t.Errorf("in English: %s", body)
	}
}

// TestWebErrorsInRussian: the pages' errors read in the browser's language — a client's cut
// unsubscribe link, a form whose token went stale, a card of no client — and English in English.
func TestWebErrorsInRussian(t *testing.T) {
	c := newTCLI(t)
	srv := startServer(t, c, "--snapshot-rest", "0")
	b := newBrowser(t, srv)
	get := func(path, lang string) (int, string) {
		req, err := http.NewRequest("GET", srv.url+path, nil)
		if err == nil {
			req.Header.Set("Accept-Language", lang)
		}
		_, code, body := b.send(req, err)
		return code, body
	}
	if code, body := get("/u/not-a-token", "ru-RU,ru;q=0.9"); code != 404 || !strings.Contains(body, "Эта ссылка недействительна: возможно, она обрезана.") {
		t.Errorf("a cut link in Russian: %d\n%s", code, body)
	}
	if code, body := get("/u/not-a-token", "en-GB"); code != 404 || !strings.Contains(body, "This link is not valid: it may be cut short.") {
		t.Errorf("a cut link in English: %d\n%s", code, body)
	}
	b.signUp()
	b.c.Jar.SetCookies(mustURL(t, srv.url), []*http.Cookie{{Name: "regulars_lang", Value: "ru", Path: "/"}})
	if _, code, body := b.get("/clients/abc"); code != 404 || !strings.Contains(body, "Клиента «abc» нет.") {
		t.Errorf("no such client in Russian: %d\n%s", code, body)
	}
	if _, code, body := b.get("/no/such/page"); code != 404 || !strings.Contains(body, "Такой страницы нет.") {
		t.Errorf("no such page in Russian: %d\n%s", code, body)
	}
	// A page's path with a method it does not take is 405, with the ones it does.
	resp, err := b.c.Get(srv.url + "/logout")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" {
		t.Errorf("GET /logout: %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
	if _, code, body := b.post("/clients/tag", url.Values{"csrf": {"stale"}, "tag": {"vip"}}); code != 403 || !strings.Contains(body, "Форма устарела") {
		t.Errorf("a stale form in Russian: %d\n%s", code, body)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
