package main

import (
	"bytes"
	"cmp"
	"io"
	"regexp"
	"strings"

	"github.com/alecthomas/kong"
	"github.com/regulars/regulars/internal/locale"
)

// helpPrinter prints kong's help in the language the command line asks for (--lang, else
// the environment, as usage errors are told): each command's, argument's and flag's help text
// from the catalogue (see locale.Help), and kong's frame around them.
func (a *app) helpPrinter(args []string) kong.HelpPrinter {
	return func(opts kong.HelpOptions, ctx *kong.Context) error {
		lang := a.language(langOfArgs(args))
		if lang == locale.EN {
			return kong.DefaultHelpPrinter(opts, ctx)
		}
		translate := func(s *string) { *s, _ = locale.Help(lang, *s) }
		eachHelp(ctx.Model.Node, translate)
		eachPlaceholder(ctx.Model.Node, translate)
		var buf bytes.Buffer
		out := ctx.Stdout
		ctx.Stdout = &buf
		err := kong.DefaultHelpPrinter(opts, ctx)
		ctx.Stdout = out
		_, werr := io.WriteString(out, helpFrame(buf.String(), lang))
		return cmp.Or(err, werr)
	}
}

// eachHelp calls f with each help text of the node and of the commands under it: the
// command's, its arguments' and its flags'.
func eachHelp(n *kong.Node, f func(*string)) {
	f(&n.Help)
	f(&n.Detail)
	for _, p := range n.Positional {
		f(&p.Help)
	}
	for _, fl := range n.Flags {
		f(&fl.Help)
	}
	for _, c := range n.Children {
		eachHelp(c, f)
	}
}

// eachPlaceholder calls f with each word the help writes for a value, of the node and of the
// commands under it: an argument's name (<files>), and the word of a flag's value (FILE,
// STRING: see kong.Flag.FormatPlaceHolder) but where the help shows the flag's default instead.
func eachPlaceholder(n *kong.Node, f func(*string)) {
	for _, p := range n.Positional {
		f(&p.Name)
	}
	for _, fl := range n.Flags {
		if fl.IsBool() || fl.PlaceHolder == "" && fl.HasDefault {
			continue
		}
		if fl.PlaceHolder == "" { // made of the type's or the flag's name: made here the same way
			ph := fl.FormatPlaceHolder()
			if i := strings.IndexByte(ph, ','); i > 0 && strings.HasSuffix(ph, "...") {
				ph = ph[:i] // a list's ",..." comes back after the word
			}
			fl.PlaceHolder = ph
		}
		f(&fl.PlaceHolder)
	}
	for _, c := range n.Children {
		eachPlaceholder(c, f)
	}
}

// runHint is kong's last line: Run "regulars import --help" for more information….
var runHint = regexp.MustCompile(`^Run "(.+) --help" for more information( on a command)?\.$`)

// helpFrame translates what kong writes around the help texts: the headings and its hint.
func helpFrame(help, lang string) string {
	lines := strings.Split(help, "\n")
	for i, l := range lines {
		if m := runHint.FindStringSubmatch(l); m != nil {
			key := `Run "%s --help" for more information.`
			if m[2] != "" {
				key = `Run "%s --help" for more information on a command.`
			}
			t, _ := locale.Help(lang, key)
			lines[i] = usagePlaceholders(strings.Replace(t, "%s", m[1], 1), lang)
			continue
		}
		for _, head := range []string{"Usage:", "Arguments:", "Flags:", "Commands:"} {
			if l == head || strings.HasPrefix(l, head+" ") {
				t, _ := locale.Help(lang, head)
				lines[i] = t + l[len(head):]
				if head == "Usage:" {
					lines[i] = usagePlaceholders(lines[i], lang)
				}
			}
		}
	}
	return strings.Join(lines, "\n")
}

// usagePlaceholders translates kong's <command> and [flags] in a usage line.
func usagePlaceholders(line, lang string) string {
	for _, p := range helpPlaceholders {
		t, _ := locale.Help(lang, p)
		line = strings.ReplaceAll(line, p, t)
	}
	return line
}

// helpPlaceholders are the words of kong's usage lines.
var helpPlaceholders = []string{"<command>", "[flags]"}
