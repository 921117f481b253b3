package regulars

import (
	"testing"
	"unicode/utf8"
)

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

// FuzzNormalizedName holds appendNormalizedName, which reads the Russian alphabet byte by byte,
// equal to folding rune by rune: name keys are what imports match clients by, and must not
// change.
func FuzzNormalizedName(f *testing.F) {
	for _, s := range []string{"Анна Чернышёва", "ООО «Детский остров»", "ИП Потапова В. А.", "ЁЛКА ёжик", "Ωmega Ünal",
		"John O'Neil", "\xd0", "\xd0A", "\xd1\x9f", "\xd0\x80Ѐ", "є Ї ї", "a\xffb", "ЗАО «Ромашка» ltd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendNormalizedName(nil, s)), string(appendNormalizedNameRunes(nil, s)); got != want {
			t.Errorf("%q: %q, rune by rune %q", s, got, want)
		}
	})
}

// appendNormalizedNameRunes is appendNormalizedName as it was, rune by rune: the reference.
func appendNormalizedNameRunes(b []byte, s string) []byte {
	base, start := len(b), -1
	end := func() {
		if start >= 0 && len(b)-start <= maxLegalForm && legalForms[string(b[start:])] {
			b = b[:max(start-1, base)]
		}
		start = -1
	}
	for _, c := range s {
		r, ok := foldRune(c)
		if !ok {
			end()
			continue
		}
		if start < 0 {
			if len(b) > base {
				b = append(b, ' ')
			}
			start = len(b)
		}
		b = utf8.AppendRune(b, r)
	}
	end()
	return b
}
