package regulars

import (
	"testing"
	"unicode"
)

// TestOneSpaced: a service's or a title's runs of spaces are one space, whatever spaces they
// are; text without such a run is itself.
func TestOneSpaced(t *testing.T) {
	for r := rune(0x80); r < 0x10000; r++ { // wideSpace finds every space past ASCII but two, and nothing else
		if got, want := wideSpace(string(r)+"b"), unicode.IsSpace(r) && r != 0x1680 && r != 0x3000; got != want {
			t.Errorf("wideSpace(%q) = %v", r, got)
		}
	}
	for in, want := range map[string]string{
		"Стрижка волос": "Стрижка волос", "Стрижка\u00a0волос": "Стрижка волос", "Стрижка  волос": "Стрижка волос",
		"Стрижка \t волос": "Стрижка \t волос", "Сайт\nпод ключ": "Сайт\nпод ключ", "Logo\u202fdesign": "Logo design",
		"Сайт\n\nпод  ключ": "Сайт\n\nпод ключ", // line breaks are text
		"«Сайт» — 2°":       "«Сайт» — 2°", "a b c": "a b c", "": "", "№ 5 за 1 000 ₽": "№ 5 за 1 000 ₽",
		"a\u3000b": "a\u3000b", "a\u3000 b  c": "a b c", "a\u205fb": "a b", "a\u2028b": "a b", "x\u0085y": "x y", "a\u2009—\u2009b": "a — b",
	} {
		if got := OneSpaced(in); got != want {
			t.Errorf("OneSpaced(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSheetText: a stored service or title is read as an import reads a sheet's cell.
func TestSheetText(t *testing.T) {
	for in, want := range map[string]string{" Лендинг ": "Лендинг", "Сайт  под\u00a0ключ": "Сайт под ключ", "—": "", " - ": "",
		"--": "--", "": "", "Сайт\nпод ключ": "Сайт\nпод ключ"} {
		if got := SheetText(in); got != want {
			t.Errorf("SheetText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEscapeFormula(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"Анна", "Анна"},
		{`=HYPERLINK("http://x.ru";"Анна")`, `'=HYPERLINK("http://x.ru";"Анна")`},
		{"=Услуга", "'=Услуга"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"+7 903 111-22-33", "+7 903 111-22-33"},
		{"+7 (903) 111-22-33", "+7 (903) 111-22-33"},
		{"-1500,00", "-1500,00"},
		{"-Скидка", "'-Скидка"},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"\tx", "'\tx"},
		{"'=x", "''=x"},
		{"''=x", "'''=x"},
		{"-35%", "-35%"},
		{"-1.5e-05", "-1.5e-05"},
		{"-500 RUB", "'-500 RUB"},
		{"'abc", "'abc"},
		{"'", "'"},
	} {
		got := EscapeFormula(tt.in)
		if got != tt.want {
			t.Errorf("EscapeFormula(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if back := UnescapeFormula(got); back != tt.in {
			t.Errorf("UnescapeFormula(%q) = %q, want %q", got, back, tt.in)
		}
	}
}
