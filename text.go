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
