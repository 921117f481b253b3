package agenda

import (
	"strings"
	"testing"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/locale"
)

func TestDrafts(t *testing.T) {
	today := day("2026-11-26")
	in := Input{
		Clients: []*regulars.Client{
			{ID: 1, Name: "Анна Смирнова", DetailLevel: regulars.DetailDetailed},
			{ID: 2, Name: "ООО «Ромашка»"},
			{ID: 3, Name: "John Smith"},
		},
		Orders: []Order{
			{ClientID: 1, Title: "Сайт", OrderedOn: day("2026-04-20"), Status: regulars.StatusPaid},
			{ClientID: 1, Title: "Старый", OrderedOn: day("2025-01-10"), Status: regulars.StatusPaid},
			{ClientID: 2, Service: "Логотип", OrderedOn: day("2026-09-20"), Status: regulars.StatusPaid},
			{ClientID: 3, Title: "Website", OrderedOn: day("2026-10-25"), Status: regulars.StatusPaid},
		},
	}
	items := []Item{
		{Key: "s1", ClientID: 1, Kind: KindSleeping},
		{Key: "s2", ClientID: 2, Kind: KindSleeping},
		{Key: "f3", ClientID: 3, Kind: KindFeedbackRequest},
		{Key: "x", ClientID: 3, Kind: "unknown"},
	}
	Drafts(items, in, today, locale.RU)
	// Анна likes detail: the brief body and then more; 220 days ≈ 7 months since "Сайт".
	if d := items[0].Draft; d == nil || d.Subject != "Как дела?" || d.Locale != "ru" ||
		d.Body != "Анна, как дела с проектом «Сайт», который мы запускали?\n\nДавно не общались: последний заказ был 7 месяцев назад. Просто интересно, как всё идёт." {
		t.Errorf("Анна: %+v", d)
	}
	// A company keeps its whole name; brief; its last project is the service; 2 months.
	if d := items[1].Draft; d == nil || d.Body != "ООО «Ромашка», как дела с проектом «Логотип», который мы запускали?" {
		t.Errorf("Ромашка: %+v", d)
	}
	if items[3].Draft != nil {
		t.Error("a draft for an unknown kind")
	}
	Drafts(items, in, today, locale.EN)
	if d := items[2].Draft; d == nil || d.Subject != "How did it go?" || !strings.HasPrefix(d.Body, "John, how do you find Website?") {
		t.Errorf("John: %+v", d)
	}
	if d := items[0].Draft; !strings.Contains(d.Body, "It has been 7 months since") {
		t.Errorf("English months: %q", d.Body)
	}
}

// TestDraftsEveryKind: every kind has a draft in both languages that fills its variables.
func TestDraftsEveryKind(t *testing.T) {
	in := Input{Clients: []*regulars.Client{{ID: 1, Name: "Анна Смирнова", DetailLevel: regulars.DetailDetailed}},
		Orders: []Order{{ClientID: 1, Title: "Сайт", OrderedOn: day("2026-10-26"), Status: regulars.StatusPaid}}}
	for _, kind := range []string{KindImportantDate, KindHoliday, KindPreDelivery, KindThankYou, KindFeedbackRequest,
		KindCheckin, KindPlan, KindAnniversary, KindSleeping, KindStayInTouch, KindNextOffer, KindBehaviourOffer} {
		for _, lang := range []string{locale.RU, locale.EN} {
			items := []Item{{ClientID: 1, Kind: kind, Subject: "запуск",
				Offer: &Offer{Name: "Аналитика", After: "Лендинг", Price: regulars.Money{Minor: 2500000, Currency: "RUB"}}}}
			Drafts(items, in, day("2026-11-26"), lang)
			d := items[0].Draft
			if d == nil || d.Subject == "" || strings.ContainsAny(d.Subject+d.Body, "{}") || !strings.Contains(d.Body, "\n\n") {
				t.Fatalf("%s %s: %+v", kind, lang, d)
			}
			// Each variable the kind's template uses shows its value: an empty one would leave
			// "Стоимость — ." behind.
			months := map[string]string{locale.RU: "1 месяц", locale.EN: "1 month"}[lang]
			want := map[string]string{"{name}": "Анна", "{project}": "Лендинг", "{subject}": "запуск", "{months}": months,
				"{price}": locale.Money(items[0].Offer.Price, lang)}
			ts := DefaultTemplates()[kind][lang]
			tpl := strings.Join(ts[:], " ")
			for v, value := range want {
				if strings.Contains(tpl, v) && !strings.Contains(d.Subject+d.Body, value) {
					t.Errorf("%s %s: %s is not %q in %q / %q", kind, lang, v, value, d.Subject, d.Body)
				}
			}
		}
	}
	// One month: "1 месяц".
	items := []Item{{ClientID: 1, Kind: KindSleeping}}
	Drafts(items, in, day("2026-11-26"), locale.RU)
	if !strings.Contains(items[0].Draft.Body, "был 1 месяц назад.") {
		t.Errorf("one month: %q", items[0].Draft.Body)
	}
}

func TestOwnTemplates(t *testing.T) {
	own, err := ParseTemplates(`{"sleeping": {"ru": ["Привет!", "{name}, давно не виделись.", "Как «{project}»?"]}}`)
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Clients: []*regulars.Client{{ID: 1, Name: "Анна Смирнова"}},
		Orders:    []Order{{ClientID: 1, Title: "Сайт", OrderedOn: day("2026-01-01"), Status: regulars.StatusPaid}},
		Templates: DefaultTemplates().With(own)}
	items := []Item{{ClientID: 1, Kind: KindSleeping}, {ClientID: 1, Kind: KindThankYou}}
	Drafts(items, in, day("2026-11-26"), locale.RU)
	if d := items[0].Draft; d.Subject != "Привет!" || d.Body != "Анна, давно не виделись." {
		t.Errorf("own template: %+v", d)
	}
	if items[1].Draft.Subject != "Спасибо за заказ" {
		t.Errorf("the other kinds keep the built-in: %+v", items[1].Draft)
	}
	for _, tc := range []struct {
		kind, lang string
		t          [3]string
	}{
		{"nope", "ru", [3]string{"a", "b", ""}},
		{KindSleeping, "de", [3]string{"a", "b", ""}},
		{KindSleeping, "ru", [3]string{"", "b", ""}},
		{KindSleeping, "ru", [3]string{"a", "{name} {surname}", ""}},
		{KindSleeping, "ru", [3]string{"a", "b", "{price"}},
	} {
		if regulars.ErrorCode(CheckTemplate(tc.kind, tc.lang, tc.t)) != regulars.EINVALID {
			t.Errorf("accepted %v", tc)
		}
	}
	if err := CheckTemplate(KindSleeping, "en", [3]string{"Hi", "{name}, {months} since {project}", "{price} {subject}"}); err != nil {
		t.Error(err)
	}
	if _, err := ParseTemplates("{"); regulars.ErrorCode(err) != regulars.EINVALID {
		t.Error("bad JSON accepted")
	}
}
