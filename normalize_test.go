package regulars_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/regulars/regulars"
)

// normalizeNameSpec is NormalizeName as first written, in the plain way: the one-pass version
// must agree with it on everything, since stored name keys were made by it.
func normalizeNameSpec(s string) string {
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "ё", "е")
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := words[:0]
	for _, w := range words {
		if !map[string]bool{"ооо": true, "оао": true, "зао": true, "пао": true, "ао": true, "ип": true, "нко": true,
			"llc": true, "ltd": true, "inc": true, "gmbh": true, "corp": true}[w] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

func FuzzNormalizeName(f *testing.F) {
	for _, s := range []string{"", "ООО «Ромашка»", "ИП Иванов И. И.", "Ёлка-палка LLC", "  ип  ", "ип ооо", "Acme, Inc.",
		"Алёна ЁЖИКОВА", "x\xffy", "İstanbul ltd", "ООО", "a  ип b", "ао-ао", "123 ип 456"} {
		f.Add(s, "ООО «Ромашка»")
	}
	f.Fuzz(func(t *testing.T, name, company string) {
		if got, want := regulars.NormalizeName(name), normalizeNameSpec(name); got != want {
			t.Fatalf("NormalizeName(%q) = %q, want %q", name, got, want)
		}
		if got, want := regulars.ClientNameKey(name, company, "", ""), normalizeNameSpec(name)+"|"+normalizeNameSpec(company); strings.TrimSpace(name) != "" && got != want {
			t.Fatalf("ClientNameKey(%q, %q) = %q, want %q", name, company, got, want)
		}
	})
}

// TestLowerRune: the quick paths agree with unicode.ToLower on every rune.
func TestLowerRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := regulars.LowerRune(r), unicode.ToLower(r); got != want {
			t.Fatalf("LowerRune(%q) = %q, want %q", r, got, want)
		}
	}
}

// trimSpec is what TrimSpace does: strings.TrimSpace, and the characters of no width too.
func trimSpec(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == 0x200B || r == 0x2060 || r == 0xFEFF })
}

// TestTrimSpace holds TrimSpace to trimSpec, fast paths and all.
func TestTrimSpace(t *testing.T) {
	for _, s := range []string{"", " ", "Иван", " Иван", "Иван ", "Иван\u00a0", "\u00a0Иван", "Ivan", "Ivan\t", "\tIvan",
		"Иван\u2009", "Ёж", "ё ", "\u3000х", "х\u3000", "日本", " 日本 ", "\xd0", "a\xd0", "\xd1\x80\u202f", "Иван\u0085",
		"\u200b", "Иван\u200b", "\ufeffИван", "\u2060 Ivan \u200b"} {
		if got, want := regulars.TrimSpace(s), trimSpec(s); got != want {
			t.Errorf("TrimSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzTrimSpace(f *testing.F) {
	for _, s := range []string{"", " Иван ", "Иван\u00a0", "\xd0", "x\u2009"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := regulars.TrimSpace(s), trimSpec(s); got != want {
			t.Errorf("TrimSpace(%q) = %q, want %q", s, got, want)
		}
	})
}
