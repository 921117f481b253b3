package locale

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/regulars/regulars"
)

//go:embed messages/*.json
var messageFiles embed.FS

// Translator holds the user-facing strings in Russian and English, from messages/ru.json and
// messages/en.json, with Russian plural forms (one, few, many) by CLDR. It is safe for
// concurrent use.
type Translator struct {
	loc map[string]*i18n.Localizer
}

// NewTranslator loads the embedded messages. It fails if a file does not parse.
func NewTranslator() (*Translator, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	for _, f := range []string{"messages/en.json", "messages/ru.json"} {
		if _, err := b.LoadMessageFileFS(messageFiles, f); err != nil {
			return nil, fmt.Errorf("load %s: %w", f, err)
		}
	}
	return &Translator{loc: map[string]*i18n.Localizer{
		RU: i18n.NewLocalizer(b, RU),
		EN: i18n.NewLocalizer(b, EN),
	}}, nil
}

// T returns the message id in lang, its {{.Name}} fields filled from the pairs of args
// ("Name", value, …). A message missing in lang falls back to English, then to the id itself.
func (t *Translator) T(lang, id string, args ...any) string {
	return t.localize(lang, &i18n.LocalizeConfig{MessageID: id, TemplateData: t.pairs(lang, args)})
}

// Nested is a message as an argument of another, said in the other's language: what is wrong
// with a row above a sheet's table, in the sentence that places it there.
type Nested struct {
	ID   string
	Args []any
}

// Error returns what err says in lang: the catalogue's message that it names (the domain's
// checks do, see regulars.Error.Key), after its prefix, else its own (English) message.
func (t *Translator) Error(lang string, err error) string {
	var e *regulars.Error
	if errors.As(err, &e) && e.Key != "" {
		return e.Prefix + t.T(lang, e.Key, e.Args...)
	}
	return regulars.ErrorMessage(err)
}

// N returns the message id in the plural form that goes with n ("1 клиент", "5 клиентов");
// {{.Count}} is n written as a grouped number of lang.
func (t *Translator) N(lang, id string, n int, args ...any) string {
	data := t.pairs(lang, args)
	data["Count"] = Number(strconv.Itoa(n), lang)
	return t.localize(lang, &i18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: data})
}

func (t *Translator) localize(lang string, c *i18n.LocalizeConfig) string {
	l, ok := t.loc[lang]
	if !ok {
		l = t.loc[EN]
	}
	s, err := l.Localize(c)
	if err != nil && s == "" {
		return c.MessageID
	}
	return s
}

// pairs turns ("Name", v, "Days", 3) into template data, a Nested value into its message in
// lang.
func (t *Translator) pairs(lang string, args []any) map[string]any {
	m := make(map[string]any, len(args)/2+1)
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok {
			m[k] = args[i+1]
			if n, ok := args[i+1].(Nested); ok {
				m[k] = t.T(lang, n.ID, n.Args...)
			}
		}
	}
	return m
}

// IDs returns the message ids of lang's file, for the test that both files say the same things.
func IDs(lang string) ([]string, error) {
	b, err := messageFiles.ReadFile("messages/" + lang + ".json")
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(m))
	for k := range m {
		ids = append(ids, k)
	}
	return ids, nil
}
