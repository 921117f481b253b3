package regulars

import "testing"

// TestLegalFormsFitMax keeps maxLegalForm the length of the longest legal form: longer words
// are not looked up, so a longer form added to legalForms would never be dropped.
func TestLegalFormsFitMax(t *testing.T) {
	for f := range legalForms {
		if len(f) > maxLegalForm {
			t.Errorf("legal form %q is %d bytes, past maxLegalForm (%d)", f, len(f), maxLegalForm)
		}
	}
}

// TestValidEmail: one address, without spaces or a second address; anything RFC 5322 allows
// beyond that, such as a + or an apostrophe, passes.
func TestValidEmail(t *testing.T) {
	for s, want := range map[string]bool{"anna@example.ru": true, "a.b+tag@mail.example.com": true, "o'neil@example.ie": true,
		"a b@x.ru": false, "a@x": false, "not an email@": false, "a@x.ru, b@x.ru": false, "a@x.ru;b@x.ru": false,
		"@x.ru": false, "a@@x.ru": false, "a@.x.ru": false, "a@x.ru.": false, "a@x..ru": false, "Anna <a@x.ru>": false} {
		if got := validEmail(s); got != want {
			t.Errorf("validEmail(%q) = %v, want %v", s, got, want)
		}
	}
}
