package regulars

import (
	"fmt"
	"unicode/utf8"
)

// The longest text a field takes, in characters: a line (a name, an email, a title) or a
// text (notes). Longer is a paste gone wrong, and would weigh down every page and letter that
// shows it.
const (
	MaxLine = 500
	MaxText = 100_000
)

// lengthCheck is one field's text and its limit.
type lengthCheck struct {
	field, value string
	max          int
}

// checkLengths returns an EINVALID error naming the first field longer than its limit.
func checkLengths(checks ...lengthCheck) error {
	for _, c := range checks {
		if len(c.value) > c.max && utf8.RuneCountInString(c.value) > c.max {
			n := utf8.RuneCountInString(c.value)
			return FieldError(c.field, fmt.Sprintf("%s: %d characters; at most %d.", c.field, n, c.max)).
				Keyed("valid.too_long", "Field", c.field, "Count", n, "Max", c.max)
		}
	}
	return nil
}
