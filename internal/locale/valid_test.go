package locale

import (
	"errors"
	"strings"
	"testing"

	"github.com/regulars/regulars"
)

// TestValidationMessages: the domain's checks name their message in the catalogue, whose
// English is the error's own message and whose Russian is a sentence of its own.
func TestValidationMessages(t *testing.T) {
	tr := newTestTranslator(t)
	on := regulars.MustParseDate("2026-11-01")
	errs := []error{
		(&regulars.Client{}).Validate(),
		(&regulars.Client{Name: "А", Email: "a@b@c"}).Validate(),
		(&regulars.Client{Name: "А", PreferredChannel: "fax"}).Validate(),
		(&regulars.Order{}).Validate(),
		(&regulars.Order{ClientID: 1}).Validate(),
		(&regulars.Order{ClientID: 1, OrderedOn: on, Amount: regulars.Money{Currency: "RUB"}, Status: "lost"}).Validate(),
		(&regulars.Interaction{ClientID: 1, On: on, Channel: "fax"}).Validate(),
		(&regulars.ImportantDate{ClientID: 1, On: on, Kind: "x"}).Validate(),
		(&regulars.Plan{ClientID: 1}).Validate(),
		(&regulars.Event{ClientID: 1}).Validate(),
		(&regulars.Service{}).Validate(),
		(&regulars.ServiceLink{FromID: 1, ToID: 2, Kind: regulars.LinkNext, GapDays: regulars.MaxGapDays + 1}).Validate(),
		(&regulars.User{}).Validate(),
		(&regulars.Profile{TimeZone: "Mars/Base", Currency: "RUB", LetterLang: "ru"}).Validate(),
		(&regulars.MailSettings{}).Validate(),
		(&regulars.Sequence{Key: "s", Name: "S"}).Validate(),
	}
	empty := ""
	errs = append(errs, regulars.OrderUpdate{Status: &empty}.Apply(&regulars.Order{}))
	for _, s := range []string{"2026-02-31", "2026-13-01", "01.11.2026", "3000-01-01"} {
		_, err := regulars.ParseDate(s)
		errs = append(errs, err)
	}
	for _, s := range []string{"1.234", "abc"} {
		_, err := regulars.ParseMajor(s, "RUB")
		errs = append(errs, err)
	}
	for i, err := range errs {
		var e *regulars.Error
		if !errors.As(err, &e) || e.Key == "" {
			t.Errorf("check %d: %v has no catalogue key", i, err)
			continue
		}
		if en := tr.T(EN, e.Key, e.Args...); en != e.Message {
			t.Errorf("%s: the catalogue's English %q, the error's %q", e.Key, en, e.Message)
		}
		if ru := tr.T(RU, e.Key, e.Args...); ru == e.Message || strings.Contains(ru, "<no value>") || ru == e.Key {
			t.Errorf("%s: Russian %q", e.Key, ru)
		}
	}
}
