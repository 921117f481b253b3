package regulars

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// TrimSpace is strings.TrimSpace that trims the characters of no width too (U+200B, U+2060,
// U+FEFF: a name of nothing but them is empty), with a fast path for the usual text, which neither starts nor
// ends with a space: strings.TrimSpace is slow on text that starts with a non-ASCII letter, as
// Cyrillic does (an import trims every cell of a million rows). The fast path is three table
// lookups.
func TrimSpace(s string) string {
	if n := len(s); n >= 2 && plain[s[0]] && (plain[s[n-1]] || s[n-2]|1 == 0xD1 && s[n-1]&0xC0 == 0x80) {
		return s // the last byte ends an ASCII letter or a Cyrillic one (U+0400–U+047F)
	}
	return trimSpace(s)
}

// plain marks the bytes that neither are nor begin a space: ASCII other than a space, and the
// first bytes of the Cyrillic letters U+0400–U+047F (at the end of text they are invalid
// UTF-8, which strings.TrimSpace keeps too).
var plain = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = !asciiSpace(byte(c))
	}
	t[0xD0], t[0xD1] = true, true
	return t
}()

// trimSpace is TrimSpace past its fast path.
func trimSpace(s string) string {
	if s == "" {
		return s
	}
	if c := s[0]; c < utf8.RuneSelf && asciiSpace(c) || c >= utf8.RuneSelf && c != 0xD0 && c != 0xD1 {
		return strings.TrimFunc(s, blankRune)
	}
	if c := s[len(s)-1]; c < utf8.RuneSelf {
		if asciiSpace(c) {
			return strings.TrimFunc(s, blankRune)
		}
		return s
	}
	if r, _ := utf8.DecodeLastRuneInString(s); spaceRune(r) || invisibleRune(r) {
		return strings.TrimFunc(s, blankRune)
	}
	return s
}

// blankRune reports whether r is a space or a character of no width, which a name pasted
// from the web may begin or end with (U+200B, U+2060, U+FEFF) and no one can see.
func blankRune(r rune) bool { return unicode.IsSpace(r) || invisibleRune(r) }

func invisibleRune(r rune) bool { return r == 0x200B || r == 0x2060 || r == 0xFEFF }

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// spaceRune reports whether a non-ASCII rune is a Unicode space, as unicode.IsSpace does.
func spaceRune(r rune) bool {
	switch {
	case r == 0x85 || r == 0xA0 || r == 0x1680 || r == 0x2028 || r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// OneSpaced returns s with each run of spaces in it, no-break and narrow spaces among them,
// as one plain space: a service or a title, which an order's import key hashes, so that
// "Стрижка\u00a0волос" or "Стрижка  волос" in a later version of a sheet is the same order.
// s itself, uncopied, when it has no such run. The importer reads services and titles so; a
// stored order is hashed so too where an import looks for it by its text (see SheetText). Tabs and line breaks in a cell are text: looking
// for them too cost a 100,000-row dry run 1% more instructions (callgrind: 2.89–2.92 G against
// 2.87 G).
func OneSpaced(s string) string {
	if strings.Contains(s, "  ") || hasWideSpace(s) {
		return strings.Join(strings.FieldsFunc(s, isOneSpace), " ")
	}
	return s
}

// isOneSpace reports whether r is a space OneSpaced collapses: the plain one and those past
// ASCII (see wideSpace).
func isOneSpace(r rune) bool { return r == ' ' || r >= 0x80 && unicode.IsSpace(r) }

// hasWideSpace reports whether s has a space of wideSpace's, by searching for the bytes that
// begin them, which runs many bytes at a time.
func hasWideSpace(s string) bool {
	for _, lead := range [...]byte{0xC2, 0xE2} {
		for off := 0; ; off++ {
			j := strings.IndexByte(s[off:], lead)
			if j < 0 {
				break
			}
			if off += j; wideSpace(s[off:]) {
				return true
			}
		}
	}
	return false
}

// wideSpace reports whether s begins with a space past ASCII that a sheet of Russian or English
// holds: U+0085, U+00A0 (C2 85, C2 A0), U+2000–U+200A, U+2028, U+2029, U+202F (E2 80 …), U+205F
// (E2 81 9F); not «», —, № or ₽, which begin with C2 and E2 too, and not the Ogham's or the
// ideographic space.
func wideSpace(s string) bool {
	switch {
	case len(s) < 2:
		return false
	case s[0] == 0xC2:
		return s[1] == 0x85 || s[1] == 0xA0
	case len(s) < 3:
		return false
	case s[0] == 0xE2 && s[1] == 0x80:
		c := s[2]
		return c <= 0x8A || c == 0xA8 || c == 0xA9 || c == 0xAF
	}
	return s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F
}

// SheetText returns a service or a title of a stored order as an import would read it from a
// cell of a sheet that has the order: trimmed, a lone dash as nothing, and its runs of spaces
// as one (see OneSpaced). An export of Regulars writes the text as it is stored, and the
// import that reads it back must key the order as the stored one.
func SheetText(s string) string {
	s = TrimSpace(s)
	if Dash(s) {
		return ""
	}
	return OneSpaced(s)
}

// Dash reports whether v, a trimmed cell, is a lone hyphen or dash, which sheets write for
// "nothing".
func Dash(v string) bool { return len(v) <= len("—") && (v == "-" || v == "—" || v == "–") }

// EscapeFormula returns s as a CSV cell that a spreadsheet shows as the text it is rather
// than run as a formula (CSV injection: a client named =HYPERLINK(…) in an export opened in
// Excel): text that starts with =, +, -, @, a tab or a carriage return gets an apostrophe in
// front, which spreadsheets take for "text" and hide. A number, a percentage or a phone
// (-1500, -35%, 1.5e-05, +7 (903) 111-22-33) has no formula in it and stays as it is; text
// that starts with apostrophes before such a character gets one more, so that UnescapeFormula
// gives it back.
func EscapeFormula(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '@', '\t', '\r':
		return "'" + s
	case '+', '-':
		if !numberLike(s[1:]) {
			return "'" + s
		}
	case '\'':
		if quotedFormula(s) {
			return "'" + s
		}
	}
	return s
}

// UnescapeFormula returns the text of a cell that EscapeFormula wrote: without the apostrophe
// it put before a formula's first character (or before other apostrophes that did).
func UnescapeFormula(s string) string {
	if quotedFormula(s) {
		return s[1:]
	}
	return s
}

// quotedFormula reports whether s is apostrophes and then a formula's first character.
func quotedFormula(s string) bool {
	i := 0
	for i < len(s) && s[i] == '\'' {
		i++
	}
	return i > 0 && i < len(s) && formulaStart(s[i])
}

// formulaStart reports whether c begins a formula in a spreadsheet's cell.
func formulaStart(c byte) bool {
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'
}

// numberLike reports whether s holds only digits and what numbers, percentages and phones
// are written with: spaces, signs, dots, commas, parentheses, %, and an exponent's e.
func numberLike(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == ' ', c == '-', c == '+', c == '.', c == ',', c == '(', c == ')', c == '%', c == 'e', c == 'E':
		default:
			return false
		}
	}
	return true
}
