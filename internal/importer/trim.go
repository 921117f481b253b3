package importer

import (
	"strings"
	"unicode/utf8"
)

// trim is strings.TrimSpace with a fast path for the usual cell, which neither starts nor ends
// with a space: TrimSpace is slow on text that starts with a non-ASCII letter, as Cyrillic does.
func trim(s string) string {
	if s == "" {
		return s
	}
	if c := s[0]; c < utf8.RuneSelf && asciiSpace(c) || c >= utf8.RuneSelf && c != 0xD0 && c != 0xD1 {
		return strings.TrimSpace(s)
	}
	if c := s[len(s)-1]; c < utf8.RuneSelf {
		if asciiSpace(c) {
			return strings.TrimSpace(s)
		}
		return s
	}
	if len(s) >= 2 && (s[len(s)-2] == 0xD0 || s[len(s)-2] == 0xD1) {
		return s // ends with a Cyrillic letter
	}
	if r, _ := utf8.DecodeLastRuneInString(s); spaceRune(r) {
		return strings.TrimSpace(s)
	}
	return s
}

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

// blank reports whether s is empty or only spaces, quickly for the usual non-blank cell.
func blank(s string) bool {
	if s == "" {
		return true
	}
	if c := s[0]; c < utf8.RuneSelf && !asciiSpace(c) || c == 0xD0 || c == 0xD1 {
		return false // starts with a letter, digit or Cyrillic letter
	}
	return strings.TrimSpace(s) == ""
}
