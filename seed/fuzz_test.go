package seed

import (
	"testing"

	"quango/seed/safetext"
)

// FuzzParseDate: a date either fails or reads back as what was written, its range in order.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2002", "2002-10", "2002-10-01", "2000-02-29", "1900-02-29", "2002-13", "0999", "+002", "2002-1-1", "２００２", "2002-10-01\x1b", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Errorf("ParseDate(%q).String() = %q", s, d.String())
		}
		if d.Latest().Before(d.Earliest()) || d.Mid().Before(d.Earliest()) || d.Latest().Before(d.Mid()) {
			t.Errorf("ParseDate(%q): range out of order: %v %v %v", s, d.Earliest(), d.Mid(), d.Latest())
		}
	})
}

// FuzzParse: the entry parser never panics, and an entry it reads that the validator passes
// holds no character that could drive a terminal and no field over its limit.
func FuzzParse(f *testing.F) {
	f.Add([]byte("---\nslug: a\nname: A\nkind: body\nstart: 2002\nfate: active\nfate_note: Alive.\nsources:\n  - title: T\n    url: https://example.org\n---\nSummary.\n\nHistory.\n"))
	f.Add([]byte("---\nslug: a\nname: \"\\e]52;c;cm0gLXJmIH4=\\a\"\n---\n"))
	f.Add([]byte("---\r\nslug: a\r\n---\r\n\r\nx\u202e"))
	f.Add([]byte("---\n&a [*a]\n---\n"))
	f.Add([]byte("---\n---"))
	f.Add([]byte("\ufeff---\nrelations:\n  - {type: renamed_to, to: b, note: \"\\x9b2J\"}\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := Parse("a.md", data)
		if err != nil {
			return
		}
		if len(Validate([]Entry{e}, "b")) > 0 {
			return
		}
		for field, v := range map[string]string{"acronym": e.Acronym, "name": e.Name, "fate_note": e.FateNote, "summary": e.Summary, "history": e.History} {
			if err := safetext.Check(v); err != nil {
				t.Errorf("valid entry's %s: %v", field, err)
			}
		}
		if len(e.Summary) > MaxSummary || len(e.Name) > MaxLine {
			t.Errorf("valid entry over its limits: summary %d, name %d bytes", len(e.Summary), len(e.Name))
		}
		for _, r := range e.Relations {
			if err := safetext.Check(r.Note); err != nil {
				t.Errorf("valid entry's relation note: %v", err)
			}
		}
	})
}
