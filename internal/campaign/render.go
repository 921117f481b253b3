package campaign

import (
	"fmt"
	"html"
	"strings"

	"github.com/regulars/regulars"
)

// Vars are the values a letter's template may use.
type Vars struct {
	Name, Company, Project, Months, Offer, Price, Unsubscribe, Holiday string
}

// names lists the variables: {name} and so on.
var names = []string{"{name}", "{company}", "{project}", "{months}", "{offer}", "{price}", "{unsubscribe}", "{holiday}"}

func (v Vars) values() []string {
	return []string{v.Name, v.Company, v.Project, v.Months, v.Offer, v.Price, v.Unsubscribe, v.Holiday}
}

// CheckTemplate returns an EINVALID error when a part uses an unknown variable or a { is not
// closed, and when a marketing letter has no {unsubscribe} (its link must be in the text).
func CheckTemplate(t regulars.MailTemplate, marketing bool) error {
	if err := regulars.CheckVariables("template", names, t.Subject, t.Text, t.HTML); err != nil {
		return err
	}
	if marketing && !strings.Contains(t.Text, "{unsubscribe}") {
		return regulars.FieldError("template", "A marketing letter must carry {unsubscribe} in its text.").Keyed("err.no_unsubscribe")
	}
	return nil
}

// Render fills a template. In the HTML part the values are escaped: a client's name is text,
// never markup. A variable whose value is empty leaves the letter unfinished, which is an
// error naming it: a letter never goes out with a hole where a name or an offer should be.
func Render(t regulars.MailTemplate, v Vars) (subject, text, htmlBody string, err error) {
	vals := v.values()
	fill := func(s string, escape bool) (string, error) {
		pairs := make([]string, 0, 2*len(names))
		for i, n := range names {
			if !strings.Contains(s, n) {
				continue
			}
			if vals[i] == "" {
				return "", regulars.Errorf(regulars.EINVALID, "The letter uses %s, which this client has no value for.", n).Keyed("err.letter_var", "Var", n)
			}
			val := vals[i]
			if escape {
				val = html.EscapeString(val)
			}
			pairs = append(pairs, n, val)
		}
		return strings.NewReplacer(pairs...).Replace(s), nil
	}
	if subject, err = fill(t.Subject, false); err != nil {
		return
	}
	if text, err = fill(t.Text, false); err != nil {
		return
	}
	if t.HTML != "" {
		htmlBody, err = fill(t.HTML, true)
	}
	subject = strings.Join(strings.Fields(subject), " ") // no line breaks in a header
	return subject, text, htmlBody, err
}

// MessageID derives a letter's Message-ID from its key and the sender's domain.
func MessageID(key, fromAddress string) string {
	host := "regulars.invalid"
	if _, d, ok := strings.Cut(fromAddress, "@"); ok && d != "" {
		host = d
	}
	return fmt.Sprintf("<%s@%s>", keyHash(key), host)
}
