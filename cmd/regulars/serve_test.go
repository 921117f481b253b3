package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// server is a running `regulars serve` on a random port.
type server struct {
	t     *testing.T
	url   string
	token string
}

// startServer runs `regulars serve --addr 127.0.0.1:0` on the CLI's database until the test
// ends, and returns its URL once it listens.
func startServer(t *testing.T, c *tcli, extra ...string) *server {
	t.Helper()
	token := strings.TrimSpace(c.ok("token"))
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int)
	go func() {
		code := runAt(ctx, func() time.Time { return now }, append([]string{"--db", c.db, "serve", "--addr", "127.0.0.1:0"}, extra...),
			func(string) string { return "" }, strings.NewReader(""), io.Discard, pw)
		pw.Close()
		done <- code
	}()
	url := ""
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "Regulars is running at "); ok {
			url = strings.Fields(rest)[0]
			break
		}
	}
	if url == "" {
		t.Fatal("the server did not start")
	}
	go io.Copy(io.Discard, pr)
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited with %d after shutdown", code)
		}
	})
	return &server{t: t, url: url, token: token}
}

// do sends a request with the token (unless token is false) and decodes the JSON answer.
func (s *server) do(method, path string, body io.Reader, contentType string, token bool, out any) int {
	s.t.Helper()
	req, _ := http.NewRequest(method, s.url+path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			s.t.Fatalf("%s %s: %v\n%s", method, path, err, b)
		}
	}
	return resp.StatusCode
}

func (s *server) json(method, path, body string, out any) int {
	s.t.Helper()
	return s.do(method, path, strings.NewReader(body), "application/json", true, out)
}

type apiError struct {
	Error  string            `json:"error"`
	Code   string            `json:"code"`
	Fields map[string]string `json:"fields"`
}

func TestServeAPI(t *testing.T) {
	c := newTCLI(t)
	s := startServer(t, c)

	var health map[string]string
	if code := s.do("GET", "/healthz", nil, "", false, &health); code != 200 || health["status"] != "ok" {
		t.Fatalf("healthz %d %v", code, health)
	}
	var e apiError
	if code := s.do("GET", "/api/v1/clients", nil, "", false, &e); code != 401 || e.Code != "unauthorized" {
		t.Fatalf("without a token: %d %+v", code, e)
	}
	s.token = "wrong"
	if code := s.do("GET", "/api/v1/orders", nil, "", true, &e); code != 401 {
		t.Fatalf("with a wrong token: %d", code)
	}
	s.token = strings.TrimSpace(c.ok("token"))

	// Clients and orders.
	var cl map[string]any
	if code := s.json("POST", "/api/v1/clients", `{"name":"Анна <script>alert(1)</script>","email":"anna@example.ru","tags":["VIP"]}`, &cl); code != 201 || cl["id"] != 1.0 {
		t.Fatalf("create client: %d %v", code, cl)
	}
	if code := s.json("POST", "/api/v1/clients", `{"name":"X","email":"nope"}`, &e); code != 400 || e.Fields["email"] == "" {
		t.Errorf("invalid client: %d %+v", code, e)
	}
	if code := s.json("POST", "/api/v1/clients", `{"nme":"typo"}`, &e); code != 400 || !strings.Contains(e.Error, "nme") {
		t.Errorf("unknown field: %d %+v", code, e)
	}
	var o map[string]any
	if code := s.json("POST", "/api/v1/orders", `{"client_id":1,"service":"Лендинг","amount":50000.5,"ordered_on":"2026-11-01","status":"in_progress"}`, &o); code != 201 || o["amount"] != 50000.5 || o["currency"] != "RUB" {
		t.Fatalf("create order: %d %v", code, o)
	}
	if code := s.json("POST", "/api/v1/orders", `{"client_id":1,"amount":1.001,"ordered_on":"2026-11-01"}`, &e); code != 400 || e.Fields["amount"] == "" {
		t.Errorf("three decimals: %d %+v", code, e)
	}
	// The scheme of the Authorization header is case-insensitive.
	req, _ := http.NewRequest("GET", s.url+"/api/v1/clients", nil)
	req.Header.Set("Authorization", "bearer "+s.token)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Errorf("GET /api/v1/clients with \"bearer\": %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	// A misspelt field is refused, not dropped (an order and a service decode their money
	// themselves), and so is text after the body's object.
	for _, c := range []struct{ path, body, want string }{
		{"/api/v1/orders", `{"client_id":1,"amount":100,"ordered_on":"2026-11-01","stauts":"cancelled"}`, "stauts: unknown field"},
		{"/api/v1/services", `{"name":"Аудит","prise":100}`, "prise: unknown field"},
		{"/api/v1/clients", `{"name":"А"} лишнее`, "goes on after"},
		// Each error names its field, in words, not in Go's types.
		{"/api/v1/clients", `{"name":"А","consent_on":"22.11.2026"}`, `consent_on: Invalid date "22.11.2026": want YYYY-MM-DD.`},
		{"/api/v1/clients", `{"name":"А","referred_by":"Анна"}`, "referred_by: must be a whole number, not a JSON string."},
		{"/api/v1/clients", `{"name":"А","tags":"vip"}`, "tags: must be an array, not a JSON string."},
		{"/api/v1/clients", `["А"]`, "Invalid JSON: the body must be an object, not a JSON array."},
		{"/api/v1/clients", `{"name":"А",}`, "Invalid JSON at byte 14"},
		{"/api/v1/orders", `{"client_id":"1","amount":100,"ordered_on":"2026-11-01"}`, "client_id: must be a whole number, not a JSON string."},
		{"/api/v1/orders", `{"client_id":1,"amount":100,"ordered_on":"9999-12-31"}`, `ordered_on: Date "9999-12-31" is out of range: the year must be from 1900 to 2100.`},
		{"/api/v1/orders", `{"client_id":1,"amount":100,"currency":"XYZ","ordered_on":"2026-11-01"}`, "Currency must be an ISO 4217 code such as RUB, USD or EUR."},
	} {
		var e struct {
			Error  string
			Fields map[string]string
		}
		if code := s.json("POST", c.path, c.body, &e); code != 400 || !strings.Contains(e.Error, c.want) {
			t.Errorf("POST %s %s: %d %q, want 400 naming %s", c.path, c.body, code, e.Error, c.want)
		}
		if field, _, ok := strings.Cut(c.want, ": "); ok && !strings.Contains(field, " ") && e.Fields[field] == "" {
			t.Errorf("POST %s %s: fields %v lack %s", c.path, c.body, e.Fields, field)
		}
	}
	if code := s.json("PATCH", "/api/v1/orders/1", `{"status":"delivered","delivered_on":"2026-11-20"}`, &o); code != 200 || o["status"] != "delivered" || o["amount"] != 50000.5 {
		t.Errorf("patch order: %d %v", code, o)
	}
	// null clears a field; absent leaves it; a null the record cannot do without is refused.
	if code := s.json("PATCH", "/api/v1/orders/1", `{"delivered_on":null}`, &o); code != 200 || o["delivered_on"] != nil || o["status"] != "delivered" {
		t.Errorf("clear the delivery date: %d %v", code, o)
	}
	if code := s.json("PATCH", "/api/v1/orders/1", `{"ordered_on":null}`, &e); code != 400 {
		t.Errorf("clear the order date: %d %+v", code, e)
	}
	if code := s.json("PATCH", "/api/v1/orders/1", `{"status":null}`, &e); code != 400 || e.Fields["status"] == "" {
		t.Errorf("clear the status: %d %+v", code, e)
	}
	if code := s.json("PATCH", "/api/v1/clients/1", `{"consent_on":"2026-11-01","marketing_consent":true}`, &cl); code != 200 || cl["consent_on"] != "2026-11-01" {
		t.Errorf("set consent: %d %v", code, cl)
	}
	if code := s.json("PATCH", "/api/v1/clients/1", `{"consent_on":null,"marketing_consent":false}`, &cl); code != 200 || cl["consent_on"] != nil || cl["email"] != "anna@example.ru" {
		t.Errorf("clear consent: %d %v", code, cl)
	}
	if code := s.json("PATCH", "/api/v1/clients/1", `{"name":null}`, &e); code != 400 || e.Fields["name"] == "" {
		t.Errorf("clear the name: %d %+v", code, e)
	}
	if code := s.json("PATCH", "/api/v1/orders/1", `{"amount":60000}`, &o); code != 200 || o["amount"] != 60000.0 || o["currency"] != "RUB" {
		t.Errorf("patch amount: %d %v", code, o)
	}
	if code := s.json("PATCH", "/api/v1/orders/1", `{"amount":10.5,"currency":"USD"}`, &o); code != 200 || o["amount"] != 10.5 || o["currency"] != "USD" {
		t.Errorf("patch amount and currency: %d %v", code, o)
	}
	if code := s.json("PATCH", "/api/v1/orders/1", `{"currency":"JPY"}`, &e); code != 400 || e.Fields["amount"] == "" {
		t.Errorf("10.50 USD in yen: %d %+v", code, e)
	}
	if code := s.json("PATCH", "/api/v1/orders/1", `{"amount":50000.5,"currency":"RUB"}`, &o); code != 200 {
		t.Errorf("patch back: %d %v", code, o)
	}
	if code := s.json("PATCH", "/api/v1/clients/1", `{"goals":"запуск осенью","preferred_time":"morning"}`, &cl); code != 200 || cl["goals"] != "запуск осенью" || cl["email"] != "anna@example.ru" {
		t.Errorf("patch client: %d %v", code, cl)
	}
	if code := s.json("GET", "/api/v1/clients/1", "", &cl); code != 200 || cl["orders"] != 1.0 || cl["revenue"] != 50000.5 {
		t.Errorf("client view: %d %v", code, cl)
	}
	if code := s.json("GET", "/api/v1/clients/99", "", &e); code != 404 || e.Code != "not_found" {
		t.Errorf("missing client: %d %+v", code, e)
	}
	if code := s.json("GET", "/api/v1/clients/abc", "", &e); code != 400 {
		t.Errorf("bad id: %d", code)
	}

	// Records.
	for _, r := range []struct{ path, body string }{
		{"/api/v1/interactions", `{"client_id":1,"date":"2026-11-21","channel":"call","note":"обсудили"}`},
		{"/api/v1/dates", `{"client_id":1,"kind":"birthday","date":"1990-05-17","yearly":true}`},
		{"/api/v1/plans", `{"client_id":1,"title":"Расширение","date":"2027-03-01"}`},
		{"/api/v1/events", `{"client_id":1,"name":"downloaded:seo-checklist","date":"2026-11-20"}`},
		{"/api/v1/services", `{"name":"Лендинг","price":50000,"industries":["Розница"]}`},
	} {
		var got map[string]any
		if code := s.json("POST", r.path, r.body, &got); code != 201 || got["id"] != 1.0 {
			t.Errorf("POST %s: %d %v", r.path, code, got)
		}
		var l struct{ Total int }
		if code := s.json("GET", r.path+"?client_id=1", "", &l); code != 200 || l.Total != 1 {
			t.Errorf("GET %s: %d %+v", r.path, code, l)
		}
	}
	if code := s.json("DELETE", "/api/v1/plans/1", "", nil); code != 204 {
		t.Errorf("delete plan: %d", code)
	}
	if code := s.json("DELETE", "/api/v1/plans/1", "", &e); code != 404 {
		t.Errorf("delete plan twice: %d", code)
	}
	if code := s.json("GET", "/api/v1/nothing", "", &e); code != 404 {
		t.Errorf("unknown route: %d", code)
	}
	if code := s.json("PUT", "/api/v1/clients/1", `{"name":"x"}`, &e); code != 405 || e.Code != "method_not_allowed" || !strings.Contains(e.Error, "GET, PATCH, DELETE") {
		t.Errorf("PUT on a client: %d %+v", code, e)
	}

	// Import upload: a dry run, a bad file, then the real thing.
	var rep importJSON
	body, ct := multipartSheet(t, sheet("google_ru.csv"), map[string]string{"dry_run": "true"})
	if code := s.do("POST", "/api/v1/import", body, ct, true, &rep); code != 200 || rep.OrdersCreated != 10 {
		t.Fatalf("dry run upload: %d %+v", code, rep)
	}
	var bad struct {
		apiError
		Report importJSON `json:"report"`
	}
	body, ct = multipartSheet(t, sheet("bad_amount.csv"), map[string]string{"skip_bad": "maybe"})
	if code := s.do("POST", "/api/v1/import", body, ct, true, &bad); code != 400 || bad.Fields["skip_bad"] == "" {
		t.Errorf("skip_bad=maybe: %d %+v", code, bad)
	}
	body, ct = multipartSheet(t, sheet("bad_amount.csv"), nil)
	if code := s.do("POST", "/api/v1/import", body, ct, true, &bad); code != 400 || len(bad.Report.Skipped) != 1 || bad.Report.Skipped[0].Row != 4 ||
		!strings.Contains(bad.Error, "or use skip_bad to import") {
		t.Fatalf("bad upload: %d %+v", code, bad)
	}
	body, ct = multipartSheet(t, sheet("google_ru.csv"), nil)
	if code := s.do("POST", "/api/v1/import", body, ct, true, &rep); code != 200 || rep.OrdersCreated != 10 || rep.ClientsCreated != 4 || rep.ClientsMatched != 1 {
		t.Fatalf("upload: %d %+v", code, rep)
	}
	var l struct {
		Items []clientJSON
		Total int
	}
	// Анна, created by the API, was matched by email: her sheet orders join the one she had.
	if code := s.json("GET", "/api/v1/clients?q=ANNA@", "", &l); code != 200 || l.Total != 1 || l.Items[0].Orders != 4 {
		t.Errorf("search: %d %+v", code, l)
	}
	if code := s.json("POST", "/api/v1/clients/1/merge", `{"from":2}`, &cl); code != 200 {
		t.Errorf("merge: %d %v", code, cl)
	}
	// Missing or unchecked inputs are refused, naming the field.
	for _, c := range []struct{ method, path, body, field string }{
		{"POST", "/api/v1/clients/1/merge", `{}`, "from"},
		{"GET", "/api/v1/orders?status=bogus", "", "status"},
		{"GET", "/api/v1/outbox?state=bogus", "", "state"},
		{"GET", "/api/v1/outbox?limit=-1", "", "limit"},
		{"GET", "/api/v1/outbox?client_id=x", "", "client_id"},
		{"GET", "/api/v1/predict?lang=fr", "", "lang"},
		{"POST", "/api/v1/clients", `{"name":"` + strings.Repeat("Я", 501) + `"}`, "name"},
		{"POST", "/api/v1/clients", `{"name":"А","phone":"abc"}`, "phone"},
		{"POST", "/api/v1/clients", `{"name":"А","phone":"8-903-123-45-67; 8-903-765-43-21"}`, "phone"},
		{"POST", "/api/v1/clients", `{"name":"А","email":"a@x.ru, b@x.ru"}`, "email"},
		{"POST", "/api/v1/clients", `{"name":"А","referred_by":999}`, "referred_by"},
		{"PATCH", "/api/v1/clients/1", `{"referred_by":1}`, "referred_by"},
		{"POST", "/api/v1/interactions", `{"client_id":1,"date":"2100-12-31","channel":"call"}`, "date"},
		{"POST", "/api/v1/events", `{"client_id":1,"name":"downloaded:x","date":"2100-12-31"}`, "date"},
		// A NUL, which PostgreSQL refuses with a 500 if it gets that far.
		{"POST", "/api/v1/clients", `{"name":"a\u0000b"}`, "name"},
		{"POST", "/api/v1/clients", `{"name":"А","tags":["x\u0000"]}`, "tags"},
		{"POST", "/api/v1/orders", `{"client_id":1,"amount":1,"ordered_on":"2026-11-01","title":"\u0000"}`, "title"},
		{"GET", "/api/v1/clients?q=a%00b", "", "q"},
		{"POST", "/api/v1/service-links", `{"from_id":1,"to_id":2,"kind":"next","gap_days":4294967303}`, "gap_days"},
	} {
		var fe apiError
		if code := s.json(c.method, c.path, c.body, &fe); code != 400 || fe.Fields[c.field] == "" {
			t.Errorf("%s %s: %d %+v, want 400 naming %s", c.method, c.path, code, fe, c.field)
		}
	}

	// The analyses answer as the CLI does.
	var m map[string]any
	if code := s.json("GET", "/api/v1/metrics?as_of=2026-06-01", "", &m); code != 200 || m["as_of"] != "2026-06-01" || m["clients"] == 0.0 {
		t.Errorf("metrics: %d %v", code, m)
	}
	var segs struct {
		Items []map[string]any
		Total int
	}
	if code := s.json("GET", "/api/v1/segments?as_of=2026-06-01", "", &segs); code != 200 || segs.Total == 0 || segs.Items[0]["segment"] == nil {
		t.Errorf("segments: %d %+v", code, segs)
	}
	if code := s.json("GET", "/api/v1/model?calibration_end=2026-06-01&model=paretonbd", "", &m); code != 200 || m["model"] != "paretonbd" {
		t.Errorf("model: %d %v", code, m)
	}
	if code := s.json("GET", "/api/v1/model?model=nope", "", &e); code != 400 || e.Fields["model"] == "" {
		t.Errorf("unknown model: %d %+v", code, e)
	}
	var preds struct {
		Items []map[string]any
		Total int
	}
	if code := s.json("GET", "/api/v1/predict?calibration_end=2026-06-01&lang=ru", "", &preds); code != 200 || preds.Total == 0 || preds.Items[0]["explanation"] == "" {
		t.Errorf("predict: %d %+v", code, preds)
	}
	// Numbers out of bounds are refused, naming the field, before any work: an unbounded
	// horizon or CLV would hold the server's cores for hours.
	for _, q := range []string{"discount=-1", "discount=NaN", "discount=1", "horizon=Inf", "horizon=NaN", "horizon=3651",
		"unit=week&horizon=522", "clv_months=121", "clv_months=100000000"} {
		var fe struct{ Fields map[string]string }
		field, _, _ := strings.Cut(q[strings.LastIndex(q, "&")+1:], "=")
		if code := s.json("GET", "/api/v1/predict?"+q, "", &fe); code != 400 || fe.Fields[field] == "" {
			t.Errorf("predict?%s: %d %+v", q, code, fe)
		}
	}
	for _, q := range []string{"days=61", "days=100000000"} {
		var fe struct{ Fields map[string]string }
		if code := s.json("GET", "/api/v1/agenda?"+q, "", &fe); code != 400 || fe.Fields["days"] == "" {
			t.Errorf("agenda?%s: %d %+v", q, code, fe)
		}
	}

	// The agenda, acting on an item, and the calendar feed at its secret URL.
	var ag struct {
		Items []struct {
			Key, Kind string
			Draft     *struct{ Subject, Body string }
		}
		Total int
	}
	if code := s.json("GET", "/api/v1/agenda?days=30", "", &ag); code != 200 {
		t.Fatalf("agenda: %d", code)
	}
	c.ok("add", "date", "--client", "1", "--kind", "birthday", "--date", "1990-11-23", "--yearly")
	if code := s.json("GET", "/api/v1/agenda", "", &ag); code != 200 || ag.Total == 0 {
		t.Fatalf("agenda with a birthday tomorrow: %d %+v", code, ag)
	}
	key := ""
	for _, it := range ag.Items {
		if it.Kind == "important_date" {
			key = it.Key
			if it.Draft == nil || it.Draft.Body == "" {
				t.Errorf("the API's birthday item has no draft: %+v", it)
			}
		}
	}
	var it map[string]any
	if code := s.json("POST", "/api/v1/agenda/"+key, `{"state":"snoozed","until":"2026-11-22"}`, &e); code != 400 || e.Fields["until"] == "" {
		t.Errorf("snooze until today: %d %+v", code, e)
	}
	if code := s.json("POST", "/api/v1/agenda/"+key, `{"state":"snoozed","until":"2026-11-23"}`, &it); code != 200 || it["key"] != key {
		t.Errorf("snooze %s: %d %v", key, code, it)
	}
	if code := s.json("POST", "/api/v1/agenda/"+key, `{"state":"later"}`, &e); code != 404 && code != 400 {
		t.Errorf("snoozed item acted on again: %d", code)
	}
	if code := s.json("POST", "/api/v1/agenda/nope", `{"state":"done"}`, &e); code != 404 {
		t.Errorf("unknown item: %d", code)
	}
	path := strings.TrimSpace(c.ok("token", "--calendar"))
	if code := s.do("GET", path, nil, "", false, nil); code != 200 {
		t.Errorf("calendar feed %s: %d", path, code)
	}
	if code := s.do("GET", "/calendar/guess.ics", nil, "", false, nil); code != 404 {
		t.Errorf("a guessed feed: %d", code)
	}
	// A client deleted, then forgotten: ?forget=true takes the keys deletion keeps; a forget
	// that is no boolean is refused.
	var made map[string]any
	if code := s.json("POST", "/api/v1/clients", `{"name":"Тест","email":"test@example.ru"}`, &made); code != 201 {
		t.Fatalf("create client: %d %v", code, made)
	}
	del := fmt.Sprintf("/api/v1/clients/%v", made["id"])
	if code := s.json("DELETE", del+"?forget=maybe", "", &e); code != 400 {
		t.Errorf("delete with forget=maybe: %d %+v", code, e)
	}
	for i, path := range []string{del, del + "?forget=true", del + "?forget=true"} {
		want := []int{204, 204, 404}[i]
		if code := s.json("DELETE", path, "", &e); code != want {
			t.Errorf("DELETE %s: %d, want %d", path, code, want)
		}
	}
}

// multipartSheet returns a multipart body with the file in "file" and the fields.
func multipartSheet(t *testing.T, path string, fields map[string]string) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	f, _ := w.CreateFormFile("file", filepath.Base(path))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(data)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	w.Close()
	return &b, w.FormDataContentType()
}

// TestAPIOrderRefundedComesOfRefunds: an order's refunded part comes of refund rows only — one
// sent with a new order through the API is not taken (it would be a revenue no export or
// import knows of).
func TestAPIOrderRefundedComesOfRefunds(t *testing.T) {
	c := newTCLI(t)
	c.ok("add", "client", "--name", "Анна")
	s := startServer(t, c)
	var o map[string]any
	if code := s.json("POST", "/api/v1/orders", `{"client_id":1,"amount":1000,"ordered_on":"2026-11-01","refunded":300}`, &o); code != 201 || o["refunded"] != 0.0 {
		t.Errorf("create with refunded: %d %v", code, o)
	}
	if got := c.summary(); got.revenue != "1000.00" {
		t.Errorf("revenue %s, want 1000.00", got.revenue)
	}
}
