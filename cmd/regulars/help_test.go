package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/regulars/regulars/internal/locale"
)

// helpTexts returns every help text of the command line, and kong's frame around them.
func helpTexts(t *testing.T) []string {
	t.Helper()
	a := &app{getenv: func(string) string { return "" }}
	p, err := a.parser(nil, func(int) {})
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"Usage:", "Arguments:", "Flags:", "Commands:", `Run "%s --help" for more information.`,
		`Run "%s --help" for more information on a command.`}
	texts = append(texts, helpPlaceholders...)
	add := func(s *string) {
		if *s != "" && !slices.Contains(texts, *s) {
			texts = append(texts, *s)
		}
	}
	eachHelp(p.Model.Node, add)
	eachPlaceholder(p.Model.Node, add)
	return texts
}

// TestHelpInRussian: every command's, argument's and flag's help has its Russian, and the
// Russian file has no text that no command uses any more.
func TestHelpInRussian(t *testing.T) {
	texts := helpTexts(t)
	for _, s := range texts {
		if _, ok := locale.Help(locale.RU, s); !ok {
			t.Errorf("no Russian for the help text %q", s)
		}
	}
	for _, s := range locale.HelpTexts() {
		if !slices.Contains(texts, s) {
			t.Errorf("help.ru.json has %q, which no command uses", s)
		}
	}
	c := newTCLI(t)
	for _, tc := range []struct {
		args []string
		env  string
		want []string
	}{
		{[]string{"--help", "--lang", "ru"}, "", []string{"Использование: regulars <команда> [флаги]", "Команды:", "Импортировать заказы и клиентов", "Подробнее о команде: «regulars <команда> --help»."}},
		{[]string{"import", "--help"}, "ru_RU.UTF-8", []string{"Использование: regulars import <файлы> ...", "Аргументы:", "Флаги:", "Показать справку",
			"--map=ЗАГОЛОВОК=ПОЛЕ,...", "--currency=СТРОКА"}},
		{[]string{"import", "--help", "--lang", "en"}, "ru_RU.UTF-8", []string{"Usage: regulars import", "Flags:", "Show context-sensitive help."}},
	} {
		c.env["LANG"] = tc.env
		out := c.ok(tc.args...)
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("regulars %s (LANG=%s) lacks %q:\n%s", strings.Join(tc.args, " "), tc.env, w, out)
			}
		}
	}
}
