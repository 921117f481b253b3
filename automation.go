package regulars

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"strings"
)

// Automation triggers.
const (
	TriggerOrderPaid      = "order_paid"              // an order is paid
	TriggerOrderDelivered = "order_delivered"         // an order is delivered
	TriggerBecameSleeping = "became_sleeping"         // the client fell asleep
	TriggerBecameVIP      = "became_vip"              // the client became VIP
	TriggerEvent          = "event"                   // the client did something: Event names it
	TriggerDate           = "date"                    // a client's important date comes: Event names its kind (birthday, …)
	TriggerAnniversary    = "first_order_anniversary" // a year (two, three…) since the client's first order
	TriggerHoliday        = "holiday"                 // a holiday of the client's industry, or of everyone, is today
	TriggerMonthly        = "monthly"                 // the 1st of each month, for the clients of a segment (Event: its code, or "all")
)

// Triggers lists every trigger, in the order the web app offers them. Read-only.
var Triggers = []string{TriggerOrderPaid, TriggerOrderDelivered, TriggerEvent, TriggerDate, TriggerHoliday, TriggerAnniversary,
	TriggerBecameSleeping, TriggerBecameVIP, TriggerMonthly}

// SettingAutomations keeps the automations, as JSON.
const SettingAutomations = "automations"

// Automation is a trigger and what it does: enrol the client in a sequence. For clients of the
// personal value tier, when PersonalAsTask is set, it leaves the letter to the owner — the
// agenda shows the personal letter to write — instead of an automated one.
//
// An automation fires once per occasion (an order, an event, a fall asleep) and never for what
// was there before it was switched on: its first run after each switch-on only notes the
// occasions that exist (its baseline).
type Automation struct {
	Key            string `json:"key"`
	Trigger        string `json:"trigger"`
	Event          string `json:"event,omitempty"` // for the event trigger: "downloaded:seo-checklist"
	Sequence       string `json:"sequence"`        // the key of the sequence to enrol in
	PersonalAsTask bool   `json:"personal_as_task"`
	Active         bool   `json:"active"`
	// Activation names the automation's latest switch-on: SaveAutomations gives it a new one
	// whenever an automation is added, switched on or given another trigger, and the first
	// run of each activation takes a new baseline — switched off for a month, it does not act
	// on that month when it comes back. Empty for the defaults as they ship.
	Activation string `json:"activation,omitempty"`
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (a *Automation) Validate() error {
	a.Key, a.Sequence, a.Event = strings.TrimSpace(a.Key), strings.TrimSpace(a.Sequence), strings.TrimSpace(a.Event)
	switch {
	case a.Key == "" || strings.ContainsAny(a.Key, " \t\n:"):
		return FieldError("key", "Automation key required, without spaces or colons.").Keyed("valid.automation_key")
	case !slices.Contains(Triggers, a.Trigger):
		return FieldError("trigger", "Trigger must be one of "+strings.Join(Triggers, ", ")+".").Keyed("valid.automation_trigger", "Triggers", strings.Join(Triggers, ", "))
	case a.Trigger == TriggerMonthly && a.Event == "":
		return FieldError("event", "A monthly trigger names the segment of its clients, such as champions, or all.").Keyed("valid.automation_segment")
	case a.Trigger == TriggerEvent && a.Event == "":
		return FieldError("event", "An event trigger names the event, such as downloaded:seo-checklist.").Keyed("valid.automation_event")
	case a.Trigger == TriggerDate && !oneOf(a.Event, DateBirthday, DateCompanyAnniversary, DateProductLaunch, DateSeason, DateHoliday, DateCustom):
		return FieldError("event", "A date trigger names the kind of date: birthday, company_anniversary, product_launch, season, holiday or custom.").Keyed("valid.automation_date")
	case a.Sequence == "":
		return FieldError("sequence", "Name the sequence to enrol in.").Keyed("valid.automation_sequence")
	}
	return nil
}

// DefaultAutomations are the automations a business starts with: a thank-you after every paid
// order, the feedback request and check-in after delivery, the offer of what usually follows
// the service, birthday and holiday greetings, the offer on the anniversary of the first order, and the
// reactivation series for a client who falls asleep (for the most valuable clients the
// greeting and the wake-up are a personal letter, in the agenda); and, switched off until the
// owner writes it, a monthly digest to the champions.
func DefaultAutomations() []Automation {
	return []Automation{
		{Key: "thank_you", Trigger: TriggerOrderPaid, Sequence: "thank_you", Active: true},
		{Key: "after_delivery", Trigger: TriggerOrderDelivered, Sequence: "after_delivery", Active: true},
		{Key: "add_on", Trigger: TriggerOrderDelivered, Sequence: "add_on", PersonalAsTask: true, Active: true},
		{Key: "birthday", Trigger: TriggerDate, Event: DateBirthday, Sequence: "birthday", PersonalAsTask: true, Active: true},
		{Key: "holiday", Trigger: TriggerHoliday, Sequence: "holiday", PersonalAsTask: true, Active: true},
		{Key: "anniversary", Trigger: TriggerAnniversary, Sequence: "anniversary", PersonalAsTask: true, Active: true},
		{Key: "wake_up", Trigger: TriggerBecameSleeping, Sequence: "reactivation", PersonalAsTask: true, Active: true},
		// Off until the owner writes the month's news into the digest sequence and switches it on.
		{Key: "digest", Trigger: TriggerMonthly, Event: "champions", Sequence: "digest"},
	}
}

// ReadAutomations returns the automations, the defaults when none are stored.
func ReadAutomations(ctx context.Context, settings SettingService) ([]Automation, error) {
	var out []Automation
	if err := readJSONSetting(ctx, settings, SettingAutomations, &out); err != nil {
		return nil, err
	}
	if out == nil {
		out = DefaultAutomations()
	}
	return out, nil
}

// SaveAutomations validates and stores the automations. An automation that is new, switched
// on, or changed in what triggers it or whom it enrols gets a new Activation.
func SaveAutomations(ctx context.Context, settings SettingService, list []Automation) error {
	before, err := ReadAutomations(ctx, settings)
	if err != nil {
		return err
	}
	old := map[string]Automation{}
	for _, a := range before {
		old[a.Key] = a
	}
	seen := map[string]bool{}
	for i := range list {
		a := &list[i]
		if err := a.Validate(); err != nil {
			return err
		}
		if seen[a.Key] {
			return FieldError("key", "Two automations are called "+a.Key+".").Keyed("valid.automation_twice", "Key", a.Key)
		}
		seen[a.Key] = true
		o, ok := old[a.Key]
		switch {
		case !a.Active:
		case !ok || !o.Active || o.Trigger != a.Trigger || o.Event != a.Event || o.Sequence != a.Sequence:
			a.Activation = newActivation()
		default:
			a.Activation = o.Activation
		}
	}
	return saveJSONSetting(ctx, settings, SettingAutomations, list)
}

// newActivation returns a new activation name: random, so that an automation removed and
// added again under its old key never meets an old baseline.
func newActivation() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Fire is an occasion an automation noted, and what it did about it.
type Fire struct {
	Key      string // the automation's key first: "thank_you:order:42"
	ClientID int64
	Action   string // "enrol", "task", "baseline", "off"
}

// FireService remembers the occasions automations have fired for.
type FireService interface {
	// Fire records the occasions, in one transaction, and reports which of them are new:
	// only those are acted on.
	Fire(ctx context.Context, fires []Fire) ([]bool, error)
	// Unfire forgets occasions whose action failed, so that the next pass acts on them.
	Unfire(ctx context.Context, keys []string) error
	// Recorded returns which of the keys are recorded: a pass asks about the occasions it
	// sees, not the automation's whole history.
	Recorded(ctx context.Context, keys []string) (map[string]bool, error)
	// CountFires counts an automation's occasions by action, its markers left out.
	CountFires(ctx context.Context, automation string) (map[string]int, error)
}
