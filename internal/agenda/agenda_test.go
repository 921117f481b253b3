package agenda

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/analytics"
)

var msk = time.FixedZone("MSK", 3*3600)

func day(s string) regulars.Date { return regulars.MustParseDate(s) }

// workspace is a small business: Анна (IT) with a 29 February birthday, a company anniversary
// and a plan; Борис in Vladivostok with a birthday; Вера with orders in work, delivered and a
// year old.
func workspace(t *testing.T) Input {
	t.Helper()
	hs, err := Holidays()
	if err != nil {
		t.Fatal(err)
	}
	return Input{
		Clients: []*regulars.Client{
			{ID: 1, Name: "Анна", Industry: "IT"},
			{ID: 2, Name: "Борис", TimeZone: "Asia/Vladivostok"},
			{ID: 3, Name: "Вера"},
		},
		Dates: []*regulars.ImportantDate{
			{ID: 10, ClientID: 1, Kind: regulars.DateBirthday, On: day("1992-02-29"), Yearly: true},
			{ID: 11, ClientID: 1, Kind: regulars.DateCompanyAnniversary, On: day("2016-01-10"), Yearly: true},
			{ID: 12, ClientID: 2, Kind: regulars.DateBirthday, On: day("1985-11-27"), Yearly: true},
		},
		Plans: []*regulars.Plan{{ID: 20, ClientID: 1, Title: "Запуск", On: day("2027-01-20")}},
		Orders: []Order{
			{ID: 1, ClientID: 3, Title: "Сайт", OrderedOn: day("2026-11-01"), DueOn: day("2026-12-01"), Status: regulars.StatusInProgress},
			{ID: 2, ClientID: 3, Title: "Логотип", OrderedOn: day("2026-11-10"), DeliveredOn: day("2026-11-20"), Status: regulars.StatusDelivered},
			{ID: 3, ClientID: 3, Title: "Аудит", OrderedOn: day("2025-11-28"), Status: regulars.StatusPaid},
			{ID: 4, ClientID: 3, Title: "Отменён", OrderedOn: day("2024-11-25"), Status: regulars.StatusCancelled},
		},
		Holidays: hs,
	}
}

// agendaOf builds the agenda at now (Moscow time) and writes it as "due client key" lines.
func agendaOf(in Input, now string) string {
	at, _ := time.ParseInLocation("2006-01-02 15:04", now, msk)
	var lines []string
	for _, it := range Build(in, at, msk, Config{}) {
		lines = append(lines, it.DueOn.String()+" "+it.Name+" "+it.Key)
	}
	return strings.Join(lines, "\n")
}

func TestBuild(t *testing.T) {
	in := workspace(t)
	for _, tc := range []struct {
		name, now, want string
	}{
		{"a late November evening: Vladivostok is already on the 27th", "2026-11-26 20:00", `2026-11-20 Вера thank_you:2
2026-11-21 Анна plan:20
2026-11-21 Вера anniversary:3:2026
2026-11-23 Вера feedback:2
2026-11-24 Вера pre_delivery:1
2026-11-27 Анна holiday:cyber_monday:1:2026
2026-11-27 Борис date:12:2026-11-27`},
		{"a week earlier: Борис's birthday is not in his window yet, nor thanks for what is not delivered", "2026-11-19 09:00", `2026-11-21 Анна plan:20
2026-11-21 Вера anniversary:3:2026
2026-11-24 Вера pre_delivery:1`},
		{"across the year boundary: the company anniversary of 10 January, 14 days ahead", "2026-12-30 10:00", `2026-12-27 Анна date:11:2027-01-10`},
		{"29 February in an ordinary year falls on the 28th", "2027-02-28 10:00", `2027-02-28 Анна date:10:2027-02-28`},
		{"and on the 29th in a leap year", "2028-02-29 10:00", `2028-02-29 Анна date:10:2028-02-29`},
		{"Programmer's Day, 256th day: 12 September in a leap year", "2024-09-09 10:00", `2024-09-09 Анна holiday:programmer_day:1:2024`},
		{"and 13 September in an ordinary one", "2026-09-10 10:00", `2026-09-10 Анна holiday:programmer_day:1:2026`},
	} {
		if got := agendaOf(in, tc.now); got != tc.want {
			t.Errorf("%s (%s):\n%s\nwant:\n%s", tc.name, tc.now, got, tc.want)
		}
	}
}

func TestBuildStates(t *testing.T) {
	in := workspace(t)
	in.States = []*regulars.AgendaState{
		{Key: "feedback:2", ClientID: 3, State: regulars.AgendaDone},
		{Key: "plan:20", ClientID: 1, State: regulars.AgendaDismissed, Reason: "не актуально"},
		{Key: "pre_delivery:1", ClientID: 3, State: regulars.AgendaSnoozed, Until: day("2026-11-28")},
		{Key: "thank_you:2", ClientID: 3, State: regulars.AgendaSnoozed, Until: day("2026-11-26")}, // back today
		{Key: "anniversary:3:2026", ClientID: 3, State: regulars.AgendaOpen},
	}
	want := `2026-11-20 Вера thank_you:2
2026-11-21 Вера anniversary:3:2026
2026-11-27 Анна holiday:cyber_monday:1:2026
2026-11-27 Борис date:12:2026-11-27`
	if got := agendaOf(in, "2026-11-26 20:00"); got != want {
		t.Errorf("with states:\n%s\nwant:\n%s", got, want)
	}
	// The snoozed item comes back on its day.
	if got := agendaOf(in, "2026-11-28 09:00"); !strings.Contains(got, "pre_delivery:1") {
		t.Errorf("the snoozed item did not come back:\n%s", got)
	}
}

func TestBuildFromSegments(t *testing.T) {
	in := Input{
		Clients: []*regulars.Client{
			{ID: 4, Name: "Глеб", LastContact: day("2026-10-20")},
			{ID: 5, Name: "Дина"},
			{ID: 6, Name: "Ефим"},
			{ID: 7, Name: "Жанна", LastContact: day("2026-11-01")},
		},
		Orders: []Order{
			{ID: 40, ClientID: 4, OrderedOn: day("2026-10-01"), Status: regulars.StatusPaid},
			{ID: 50, ClientID: 5, OrderedOn: day("2025-06-01"), Status: regulars.StatusPaid},
			{ID: 60, ClientID: 6, OrderedOn: day("2026-08-01"), Status: regulars.StatusPaid},
			{ID: 70, ClientID: 7, OrderedOn: day("2026-09-01"), Status: regulars.StatusPaid},
		},
		Segments: []analytics.ClientSegment{
			{ClientID: 4, VIP: true, Activity: analytics.Passive},
			{ClientID: 5, Sleeping: true, ValueTier: analytics.TierPersonal},
			{ClientID: 6, Activity: analytics.Passive},
			{ClientID: 7, Activity: analytics.Active},
		},
	}
	// Глеб (VIP): 30 days after the contact of 20 October; Дина sleeps: a personal letter today;
	// Ефим (passive): 120 days after his order of 1 August; Жанна (active) is not due before 31
	// December. Thanks for the old orders are long past.
	want := `2026-11-19 Глеб touch:4:2026-10-20
2026-11-26 Дина sleeping:5:2025-06-01
2026-11-29 Ефим touch:6:2026-08-01`
	if got := agendaOf(in, "2026-11-26 10:00"); got != want {
		t.Errorf("from segments:\n%s\nwant:\n%s", got, want)
	}
	at, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-26 10:00", msk)
	for _, it := range Build(in, at, msk, Config{}) {
		if it.Kind == KindSleeping && it.Subject != "personal letter" {
			t.Errorf("a sleeping client of the personal tier gets %q", it.Subject)
		}
	}
}

func TestRank(t *testing.T) {
	today := day("2026-11-26")
	in := Input{
		Clients: []*regulars.Client{
			{ID: 1, Name: "Анна", PreferredChannel: regulars.ChannelCall, PreferredTime: regulars.TimeMorning},
			{ID: 2, Name: "Борис"},
		},
		Orders: []Order{
			{ClientID: 1, OrderedOn: day("2024-11-26"), Status: regulars.StatusPaid}, // two years ago
			{ClientID: 2, OrderedOn: day("2026-10-01"), Status: regulars.StatusPaid},
		},
		Segments: []analytics.ClientSegment{
			{ClientID: 1, Monetary: 30000000, Currency: "RUB", VIP: true}, // 300 000 ₽ in two years
			{ClientID: 2, Monetary: 5000000, Currency: "RUB"},             // 50 000 ₽, younger than a year
		},
	}
	items := []Item{
		{Key: "a", ClientID: 2, DueOn: day("2026-11-24")}, // overdue: 50 000 × 1.5 = 75 000
		{Key: "b", ClientID: 1, DueOn: day("2026-11-30")}, // Анна, VIP, in 4 days: see below
		{Key: "c", ClientID: 2, DueOn: day("2026-11-26")}, // today: 50 000 × 1.3 = 65 000
	}
	Rank(items, in, today)
	var got []string
	for _, it := range items {
		got = append(got, fmt.Sprintf("%s %d %s %s", it.Key, it.Priority, it.Channel, it.BestTime))
	}
	// Анна's yearly value: 30 000 000 kopecks × 365.25 / 730 days = 15 010 273.97 → 15 010 274
	// kopecks (150 102.74 ₽); her item is due in 4 days (× 0.8) and she is VIP (× 2):
	// 150 102.74 × 1.6 = 240 164.38 → 240 164.
	want := []string{"b 240164 call morning", "a 75000 message day", "c 65000 message day"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("ranked %q, want %q", got, want)
	}
	if items[0].PriorityWhy != "VIP; 150102.74 RUB a year; due in 4 days" {
		t.Errorf("why %q", items[0].PriorityWhy)
	}
}
