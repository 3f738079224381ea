// Package safetext is the one gate between untrusted text (catalogue files, imports, a user's
// typing, another quango's database) and a terminal or a file. Ways in refuse what Forbidden
// names (Check); ways out show it visibly instead (Visible), so text written before a rule
// existed still cannot drive a terminal.
package safetext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Forbidden reports whether r may not appear in stored text: C0 controls but tab and newline,
// DEL, C1 controls, and the bidirectional embeddings, overrides and isolates that can make text
// read differently from what it is.
func Forbidden(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == utf8.RuneError:
		return false
	}
	return false
}

// Check returns an error naming the first forbidden character in s and where it stands, or nil.
// Invalid UTF-8 is refused too: a terminal would guess what it means.
func Check(s string) error {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return fmt.Errorf("invalid UTF-8 at byte %d", i)
			}
		}
		if Forbidden(r) {
			return fmt.Errorf("control character %s at byte %d", Name(r), i)
		}
	}
	return nil
}

// Drop returns s without its forbidden runes: for text as it is typed or pasted, where a
// character that may not be stored is best never shown.
func Drop(s string) string {
	if !strings.ContainsFunc(s, Forbidden) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if Forbidden(r) {
			return -1
		}
		return r
	}, s)
}

// Name spells a forbidden rune the way Visible shows it, for error messages: \x1b for a C0
// control, \u009b above. The second form is also a valid JSON escape, so JSON text that held a
// raw C1 or DEL character stays valid JSON once made visible.
func Name(r rune) string {
	if r < 0x20 {
		return fmt.Sprintf(`\x%02x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

// Visible returns s with every forbidden rune (and each byte of invalid UTF-8) spelled out as a
// Go-style escape, so it can be printed without acting on a terminal. Clean text is returned as is.
func Visible(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case Forbidden(r):
			b.WriteString(Name(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// VisibleLine is Visible for text that must stay on one line (a status message, a table cell, a
// window title): newlines and tabs become spaces as well.
func VisibleLine(s string) string {
	s = Visible(s)
	if strings.ContainsAny(s, "\n\t") {
		s = strings.NewReplacer("\r\n", " ", "\n", " ", "\t", " ").Replace(s)
	}
	return s
}

// plain marks the bytes that are certainly harmless on their own: printable ASCII, tab, newline.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = true
	}
	t['\t'], t['\n'] = true, true
	return t
}()

func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		if plain[s[i]] {
			continue
		}
		if s[i] < 0x80 {
			return false // a C0 control or DEL
		}
		// Slow path for anything outside ASCII: C1, bidi and invalid UTF-8 live there.
		for _, r := range s[i:] {
			if r == utf8.RuneError || Forbidden(r) {
				return false
			}
		}
		return true
	}
	return true
}
