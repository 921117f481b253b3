package locale

import (
	"encoding/json"
	"sync"
)

// The command line's help in Russian. Kong prints the help from the commands' and flags'
// help texts, which are English in the code; their Russian is in messages/help.ru.json, keyed
// by the English as gettext keys its catalogues: the text is its own id, so that a help text
// edited in the code shows in English until its Russian is written (a test lists such texts).
// The frame kong puts around them ("Usage:", "Flags:") is there too.

// helpTexts is the Russian of the help texts, loaded once; the file is embedded and a test
// reads it, so failing to parse it is a broken build.
var helpTexts = sync.OnceValue(func() map[string]string {
	b, err := messageFiles.ReadFile("messages/help.ru.json")
	if err != nil {
		panic(err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	return m
})

// Help returns the English help text english in lang, and whether lang has it: English is
// itself; a Russian the file lacks is the English.
func Help(lang, english string) (string, bool) {
	if lang != RU || english == "" {
		return english, true
	}
	s, ok := helpTexts()[english]
	if !ok {
		return english, false
	}
	return s, true
}

// HelpTexts returns the English help texts that have a Russian, for the test that finds the
// ones no command uses any more.
func HelpTexts() []string {
	out := make([]string, 0, len(helpTexts()))
	for k := range helpTexts() {
		out = append(out, k)
	}
	return out
}
