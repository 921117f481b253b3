package regulars_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/regulars/regulars"
)

// normalizeNameSpec is NormalizeName as first written, in the plain way: the one-pass version
// must agree with it on everything, since stored name keys were made by it.
func normalizeNameSpec(s string) string {
	russian := strings.ContainsFunc(s, func(r rune) bool { return 0x400 <= r && r <= 0x47F })
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "ё", "е")
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := words[:0]
	for _, w := range words {
		w = foldMixedSpec(w)
		if !map[string]bool{"ооо": true, "оао": true, "зао": true, "пао": true, "ао": true, "ип": true, "нко": true,
			"llc": true, "ltd": true, "inc": true, "gmbh": true, "corp": true}[w] && !(russian && (w == "ooo" || w == "oao")) {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// foldMixedSpec is a word in Latin and Cyrillic letters both written in the alphabet most of
// its letters are in (Cyrillic on a tie), its other letters that look like that alphabet's
// taken as them.
func foldMixedSpec(w string) string {
	latin, cyrillic := 0, 0
	for _, r := range w {
		if 'a' <= r && r <= 'z' {
			latin++
		} else if 0x400 <= r && r <= 0x47F {
			cyrillic++
		}
	}
	if latin == 0 || cyrillic == 0 {
		return w
	}
	toCyrillic := map[rune]rune{'a': 'а', 'b': 'в', 'c': 'с', 'e': 'е', 'h': 'н', 'k': 'к', 'm': 'м', 'o': 'о', 'p': 'р', 't': 'т', 'x': 'х', 'y': 'у'}
	m := toCyrillic
	if latin > cyrillic {
		m = map[rune]rune{}
		for l, c := range toCyrillic {
			m[c] = l
		}
	}
	return strings.Map(func(r rune) rune {
		if f, ok := m[r]; ok {
			return f
		}
		return r
	}, w)
}

// TestMixedAlphabets: a name typed with a Latin letter or two in a Russian word (or the other
// way round) is the same name; a word of one alphabet, however it looks, is left alone; a key
// stored before is made again as now.
func TestMixedAlphabets(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Aнна Cмирнова", "анна смирнова"},   // Latin A and C
		{"Bасилий Tёркин", "василий теркин"}, // Latin B and T
		{"Аnna", "anna"}, // a Cyrillic А in a Latin word
		{"Anna", "anna"},
		{"Осип", "осип"},
		{"OOO «Ромашка»", "ромашка"}, // ООО on a Latin keyboard
		{"OOО Ромашка", "ромашка"},   // and half of it
		{"Дmитрий", "дмитрий"},
		{"Zaхар", "zахар"},         // z has no Cyrillic lookalike and stays; a follows the majority
		{"Ooo La La", "ooo la la"}, // a Latin name's own word
	} {
		if got := regulars.NormalizeName(tc.in); got != tc.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ stored, want string }{
		{"анна смирнова|", "анна смирнова|"},
		{"aнна cмирнова|ooo ромашка", "анна смирнова|ромашка"},
		{"no company", "no company"},
	} {
		if got := regulars.RenormalizeNameKey(tc.stored); got != tc.want {
			t.Errorf("RenormalizeNameKey(%q) = %q, want %q", tc.stored, got, tc.want)
		}
	}
}

func FuzzNormalizeName(f *testing.F) {
	for _, s := range []string{"", "ООО «Ромашка»", "ИП Иванов И. И.", "Ёлка-палка LLC", "  ип  ", "ип ооо", "Acme, Inc.",
		"Алёна ЁЖИКОВА", "x\xffy", "İstanbul ltd", "ООО", "a  ип b", "ао-ао", "123 ип 456", "Aнна Cмирнова", "OOO Рога", "Аnna", "Zaхар"} {
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

// FuzzFoldMixedWords holds the search's folding to foldMixedSpec, word by word: what
// AppendFoldedWords adds to a search text is the text with each word of two alphabets folded as
// a search is (FoldMixedWords), so that the search typed right finds the name typed with the
// other keyboard's letters, words around it too; a text that folding leaves as it is (no such
// word, or one without a lookalike letter to fold) gets nothing, and folding twice is folding
// once.
func FuzzFoldMixedWords(f *testing.F) {
	for _, s := range []string{"", "aнна cмирнова", "анна смирнова", "anna smith", "ooo pомашка «рога»", "zaхар", "x\xffй", "a  б", " cм ", "ёлкa"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) { // a client's texts are text: an import or a form refuses others
			return
		}
		s = strings.ToLower(s)
		words := strings.Split(s, " ")
		for i, w := range words {
			words[i] = foldMixedSpec(w)
		}
		spec := strings.Join(words, " ")
		folded := regulars.FoldMixedWords(s)
		if folded != spec {
			t.Fatalf("FoldMixedWords(%q) = %q, want %q", s, folded, spec)
		}
		want := ""
		if spec != s {
			want = " " + spec
		}
		if got := string(regulars.AppendFoldedWords(nil, s)); got != want {
			t.Fatalf("AppendFoldedWords(%q) = %q, want %q", s, got, want)
		}
		if again := regulars.FoldMixedWords(folded); again != folded {
			t.Fatalf("FoldMixedWords(%q) = %q, again %q", s, folded, again)
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
