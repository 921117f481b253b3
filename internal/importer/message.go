package importer

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/regulars/regulars/internal/locale"
)

// message is a sentence of the import for the user: an ID of the locale's catalogue
// ("import.amount.not_number", in internal/locale/messages) with its arguments as name-value
// pairs. A report keeps its English text (RowError.Error, IgnoredRow.Reason), which scripts
// read; the CLI and the web page show it in the user's language (Text).
type message struct {
	id   string
	args []any
}

// msg returns the message id with its arguments.
func msg(id string, args ...any) message { return message{id, args} }

// with returns the message with more arguments.
func (m message) with(args ...any) message {
	return message{m.id, append(append([]any(nil), m.args...), args...)}
}

// catalogue is the translator of the messages, loaded once. The messages are embedded and a
// test parses them, so failing to load them is a broken build.
var catalogue = sync.OnceValue(func() *locale.Translator {
	tr, err := locale.NewTranslator()
	if err != nil {
		panic(err)
	}
	return tr
})

// in returns the message in lang. A message about a field ("Field", "ordered_on") names it as
// the import page does, {{.FieldName}}: "Order date", "Дата заказа".
func (m message) in(lang string) string {
	for i := 0; i+1 < len(m.args); i += 2 {
		if m.args[i] == "Field" {
			args := append(m.args[:len(m.args):len(m.args)], "FieldName", catalogue().T(lang, fmt.Sprint("import.f.", m.args[i+1])))
			return catalogue().T(lang, m.id, args...)
		}
	}
	return catalogue().T(lang, m.id, m.args...)
}

// or returns the message in lang, or english when it has no id: an error of the domain's
// validation, which speaks English.
func (m message) or(english, lang string) string {
	if m.id == "" {
		return english
	}
	return m.in(lang)
}

// String returns the message in English. A message without arguments is made once: a sheet
// may have thousands of blank rows.
func (m message) String() string {
	if len(m.args) > 0 {
		return m.in(locale.EN)
	}
	if s, ok := plainMessages.Load(m.id); ok {
		return s.(string)
	}
	s := m.in(locale.EN)
	plainMessages.Store(m.id, s)
	return s
}

var plainMessages sync.Map // message ID → English text, for messages without arguments

// quoted is a cell's value as messages show it: in quotes, cut as the bad row's value is, with
// what cannot be seen escaped (a zero-width space as \u200b) but spaces of every width as the
// user typed them ("1 500,00 ₽" with its no-break spaces, not "1\u00a0500,00\u00a0₽").
func quoted(v string) string { return strconv.QuoteToGraphic(shortValue(v)) }
