package main

import (
	"strings"
	"testing"
)

// TestAgendaCLI builds the agenda of the Google sheet's business on 13 April 2026 and works
// through it: done logs a contact and the item goes; a snoozed item comes back on its day; a
// dismissed one never does; the ICS feed keeps the items' keys as UIDs.
func TestAgendaCLI(t *testing.T) {
	c := newTCLI(t)
	c.ok("import", sheet("google_ru.csv"))
	type item struct {
		Key, Kind, Name string
		DueOn           string  `json:"due_on"`
		Priority        int64   `json:"priority"`
		Value           float64 `json:"value_at_stake"`
		Channel         string  `json:"channel"`
		BestTime        string  `json:"best_time"`
		Draft           struct{ Subject, Body, Locale string }
	}
	list := func(day string) []item {
		var items []item
		c.json(&items, "agenda", "--today", day)
		return items
	}
	keys := func(items []item) string {
		var ks []string
		for _, it := range items {
			ks = append(ks, it.Key)
		}
		return strings.Join(ks, " ")
	}
	// Елена's site was delivered on 10 April: thanks (due then) and a feedback request 3 days
	// later; Иван (an active client, last order 14 February) is due a touch 60 days later.
	// Ranked: Елена brings 95 000.50 ₽ a year (younger than a year: all her revenue), Иван
	// 150 000 ₽: the overdue thanks 95 000.50 × 1.5 = 142 501, Иван's touch in 2 days
	// 150 000 × 0.9 = 135 000, the feedback due today 95 000.50 × 1.3 = 123 501.
	if got, want := keys(list("2026-04-13")), "thank_you:10 touch:2:2026-02-14 feedback:10"; got != want {
		t.Fatalf("agenda of 13 April: %s, want %s", got, want)
	}
	if first := list("2026-04-13")[0]; first.Priority != 142501 || first.Value != 95000.50 || first.Channel != "message" || first.BestTime != "day" ||
		first.Draft.Subject != "Thank you" || !strings.HasPrefix(first.Draft.Body, "Елена, thank you for") {
		t.Errorf("first item %+v", first)
	}
	var ru []item
	c.json(&ru, "agenda", "--today", "2026-04-13", "--lang", "ru")
	if ru[0].Draft.Locale != "ru" || ru[0].Draft.Subject != "Спасибо за заказ" {
		t.Errorf("Russian draft %+v", ru[0].Draft)
	}
	// Her own thank-you template; a variable that would stay unfilled is refused.
	c.fail(2, "Unknown variable {surname}", "templates", "set", "thank_you", "ru", "--subject", "Спасибо", "--body", "{name} {surname}")
	c.ok("templates", "set", "thank_you", "ru", "--subject", "Спасибо!", "--body", "{name}, спасибо за «{project}»!")
	c.json(&ru, "agenda", "--today", "2026-04-13", "--lang", "ru")
	if ru[0].Draft.Subject != "Спасибо!" || ru[0].Draft.Body != "Елена, спасибо за «Сайт»!" {
		t.Errorf("own template draft %+v", ru[0].Draft)
	}
	var tpls []struct {
		Kind, Lang string
		Own        bool
	}
	c.json(&tpls, "templates")
	own := 0
	for _, tp := range tpls {
		if tp.Own {
			own++
		}
	}
	if own != 1 || len(tpls) < 20 {
		t.Errorf("%d templates, %d own", len(tpls), own)
	}
	c.ok("templates", "reset", "thank_you", "ru")
	c.json(&ru, "agenda", "--today", "2026-04-13", "--lang", "ru")
	if ru[0].Draft.Subject != "Спасибо за заказ" {
		t.Errorf("after reset %+v", ru[0].Draft)
	}
	ics := c.ok("agenda", "--today", "2026-04-13", "--format", "ics")
	if !strings.HasPrefix(ics, "BEGIN:VCALENDAR\r\n") || !strings.Contains(ics, "UID:feedback:10@regulars\r\n") {
		t.Errorf("ics:\n%s", ics)
	}
	c.ok("agenda", "done", "thank_you:10", "--today", "2026-04-13", "--channel", "call", "--note", "поблагодарил")
	c.ok("agenda", "dismiss", "touch:2:2026-02-14", "--today", "2026-04-13", "--reason", "в отпуске")
	c.ok("agenda", "snooze", "feedback:10", "--today", "2026-04-13", "--until", "2026-04-15")
	if got := keys(list("2026-04-13")); got != "" {
		t.Errorf("after done, dismiss and snooze: %q", got)
	}
	if got := keys(list("2026-04-15")); got != "feedback:10" {
		t.Errorf("on the snooze day: %q", got)
	}
	// Done logged the call on 13 April.
	var clients []map[string]any
	c.json(&clients, "clients", "--query", "Волкова")
	if len(clients) != 1 || clients[0]["last_contact"] != "2026-04-13" {
		t.Errorf("Елена after done: %v", clients)
	}
	c.fail(3, "No open agenda item", "agenda", "done", "thank_you:10", "--today", "2026-04-13")
}

// TestAgendaReasonsInRussian: a Russian agenda names what the English one names — the holiday
// and its day, an important date's kind and day — in its own words (the web page's reasons are
// the same view.Why of agenda.Item.ReasonArgs); JSON gives the occasion's day as "on".
func TestAgendaReasonsInRussian(t *testing.T) {
	c := newTCLI(t)
	c.ok("add", "client", "--name", "Школа №5", "--industry", "образование", "--email", "school@example.ru")
	c.ok("add", "order", "--client", "1", "--amount", "1000", "--date", "2026-05-05", "--status", "paid")
	c.ok("add", "date", "--client", "1", "--kind", "birthday", "--date", "2026-10-07")
	c.ok("add", "date", "--client", "1", "--kind", "custom", "--date", "2026-10-15", "--note", "День основания школы")
	out := c.ok("agenda", "--today", "2026-10-01", "--lang", "ru")
	for _, want := range []string{
		"Праздник отрасли", "Скоро День учителя (05.10.2026) — повод поздравить клиента.",
		"День рождения — 07.10.2026: хороший повод поздравить.",
		"День основания школы — 15.10.2026: хороший повод поздравить.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the Russian agenda lacks %q:\n%s", want, out)
		}
	}
	if out := c.ok("agenda", "--today", "2026-10-01", "--lang", "en"); !strings.Contains(out, "Teachers' Day on 2026-10-05") {
		t.Errorf("the English agenda:\n%s", out)
	}
	var items []struct {
		Kind string `json:"kind"`
		On   string `json:"on"`
	}
	c.json(&items, "agenda", "--today", "2026-10-01")
	for _, it := range items {
		if (it.Kind == "holiday" || it.Kind == "important_date") && it.On == "" {
			t.Errorf("%s without its day: %+v", it.Kind, it)
		}
	}
}
