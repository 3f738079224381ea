package markdown

import (
	"strings"
	"testing"

	"quango/store"
)

// TestNoteAuthor: a note someone else wrote (over quango serve) ends with who wrote it, escaped
// like any text, and NoteAuthor reads it back; the owner's notes carry no mark.
func TestNoteAuthor(t *testing.T) {
	e := &store.Entry{Slug: "x", Name: "X", Notes: []store.Note{
		{Date: "2026-01-02", Text: "mine"},
		{Date: "2026-01-03", Text: "theirs", Author: "alice@laptop"},
		{Date: "2026-01-04", Text: "odd", Author: "*bob*"},
	}}
	md := Entry(e, Options{Version: "test", Now: fixedNow})
	for _, line := range []string{"- 2 Jan 2026 — mine\n", "- 3 Jan 2026 — theirs *(by alice@laptop)*\n", "- 4 Jan 2026 — odd *(by \\*bob\\*)*\n"} {
		if !strings.Contains(md, line) {
			t.Errorf("the Markdown lacks %q:\n%s", line, md)
		}
	}
	for line, want := range map[string][2]string{
		"theirs *(by alice@laptop)*": {"theirs", "alice@laptop"},
		"mine":                       {"mine", ""},
		"a (by hand)":                {"a (by hand)", ""},
	} {
		if text, author := NoteAuthor(line); text != want[0] || author != want[1] {
			t.Errorf("NoteAuthor(%q) = %q, %q; want %q, %q", line, text, author, want[0], want[1])
		}
	}
}
