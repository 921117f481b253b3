package main

import (
	"regexp"
	"strings"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/locale"
)

// usageError returns a mistake in the command line that the parser (kong) found as an error
// of the domain, with its message's key in the catalogue: its English stays the parser's own
// words, its Russian is a sentence of the catalogue with the flags, arguments and values the
// parser named. A message of the parser not known here is keyed as "cli.usage.other", which
// says in Russian that the command line is wrong, and why in the parser's English.
func usageError(err error) *regulars.Error {
	msg := err.Error()
	e := &regulars.Error{Code: regulars.EINVALID, Message: msg}
	for _, u := range usagePatterns {
		m := u.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		var args []any
		for i, name := range u.re.SubexpNames() {
			if name == "Flags" {
				m[i] = placeholders.ReplaceAllString(m[i], "")
			}
			if name != "" { // the arguments only a translation shows: their names in Russian (<файлы>)
				args = append(args, name, argNames.ReplaceAllStringFunc(m[i], func(a string) string {
					t, _ := locale.Help(locale.RU, a[1:len(a)-1])
					return "<" + t + ">"
				}))
			}
		}
		key := u.key
		if u.suggest && m[u.re.SubexpIndex("Suggest")] != "" {
			key += "_suggest"
		}
		if key == "cli.usage.expected_argument" && strings.Count(m[0], "<") > 1 {
			key = "cli.usage.expected_arguments" // merge's "<into> <from>"
		}
		return e.Keyed(key, args...)
	}
	return e.Keyed("cli.usage.other", "Cause", msg)
}

// usagePattern is a message of the parser: its words, with the parts to show as named groups,
// and its key in the catalogue; suggest says it may end in the parser's guess of what was
// meant ("did you mean …?"), which the key with "_suggest" shows.
type usagePattern struct {
	re      *regexp.Regexp
	key     string
	suggest bool
}

// didYouMean is the end kong gives an unknown flag or command that looks like a known one.
const didYouMean = `(?:, did you mean (?:one of )?(?P<Suggest>.+)\?)?`

var usagePatterns = []usagePattern{
	{regexp.MustCompile(`^unknown flag (?P<Flag>\S+)` + didYouMean + `$`), "cli.usage.unknown_flag", true},
	{regexp.MustCompile(`^unexpected argument (?P<Arg>\S+)` + didYouMean + `$`), "cli.usage.unexpected_argument", true},
	{regexp.MustCompile(`^missing flags: (?P<Flags>.+)$`), "cli.usage.missing_flags", false},
	{regexp.MustCompile(`^missing positional arguments (?P<Args>.+)$`), "cli.usage.missing_arguments", false},
	{regexp.MustCompile(`^expected one of (?P<Commands>.+)$`), "cli.usage.expected_command", false},
	{regexp.MustCompile(`^expected (?P<Arg>".+"|<.+>)$`), "cli.usage.expected_argument", false},
	{regexp.MustCompile(`^(?P<Flag>\S+) must be one of (?P<Values>.+) but got "(?P<Value>.*)"$`), "cli.usage.enum", false},
	{regexp.MustCompile(`^(?P<Flag>\S+): expected (?:a valid \d+ bit u?int|an int) but got "(?P<Value>.*)"`), "cli.usage.integer", false},
	{regexp.MustCompile(`^(?P<Flag>\S+): expected a float but got "(?P<Value>.*)"`), "cli.usage.number", false},
	{regexp.MustCompile(`^(?P<Flag>\S+): (?:bool value must be .* but got|expected bool but got) "(?P<Value>.*)"`), "cli.usage.bool", false},
	{regexp.MustCompile(`^(?P<Flag>\S+): expected duration but got "(?P<Value>.*)"`), "cli.usage.duration", false},
	{regexp.MustCompile(`^(?P<Flag>--\S+) and (?P<Other>--\S+) can't be used together$`), "cli.usage.together", false},
	{regexp.MustCompile(`^unexpected flag argument "(?P<Value>.*)"$`), "cli.usage.flag_argument", false},
	{regexp.MustCompile(`^(?P<Flag>\S+): expected \S+ value but got "EOL" \(<EOL>\)$`), "cli.usage.no_value", false},
	{regexp.MustCompile(`^(?P<Flag>\S+): expected \S+ value but got "(?P<Value>.*)" \([^)]*\)(?:; perhaps try .*)?$`), "cli.usage.value", false},
}

// argNames are the parser's names of a command's arguments (<files>), which the help says in
// Russian too (see locale.Help).
var argNames = regexp.MustCompile(`<[a-z][a-z-]*>`)

// placeholders are the parser's names of what a flag takes (--amount=STRING), which the
// Russian leaves out.
var placeholders = regexp.MustCompile(`=[A-Z][A-Z0-9-]*`)

// langOfArgs returns the language a command line asks for with --lang, or "": what an error
// of the command line itself, found before the flags are applied, is said in.
func langOfArgs(args []string) string {
	for i, a := range args {
		switch {
		case a == "--":
			return ""
		case strings.HasPrefix(a, "--lang="):
			return strings.TrimPrefix(a, "--lang=")
		case a == "--lang" && i+1 < len(args):
			return args[i+1]
		}
	}
	return ""
}
