package main

import (
	"testing"

	"quango/seed"
	"quango/seed/safetext"
)

// FuzzParseItems: whatever a file holds, import's parser returns entries or an error, never a
// panic; and an entry that the validator then passes holds no control character.
func FuzzParseItems(f *testing.F) {
	for _, s := range []string{
		`[{"slug":"a","name":"A","kind":"body","start":"2002","fate":"active","fate_note":"x","summary":"s","sources":[{"title":"t","url":"https://example.org"}]}]`,
		`{"slug":"a","name":"\u001b]52;c;cm0=\u0007","successors":[{"slug":"b","relation":"renamed_to"}]}`,
		`[{"slug":"a"}][{"slug":"b"}]`,
		`[] garbage`,
		`{"notes":[{"date":"2020","text":"n"}],"hidden":true}`,
		"---\nslug: a\nname: A\n---\n# A — A\n\n- **Kind:** body\n\nSummary.\n\n## Notes\n\n- 2020-01-01 — a note\n",
		"\ufeff[",
		"---\n---",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := parseItems("in", data)
		if err != nil {
			return
		}
		for _, it := range items {
			if it.Name == "" {
				t.Fatalf("an item without a name from %q", data)
			}
			if len(seed.Validate([]seed.Entry{it.Entry}, "b")) > 0 {
				continue
			}
			for _, v := range []string{it.Entry.Name, it.Entry.Acronym, it.Entry.Summary, it.Entry.History, it.Entry.FateNote} {
				if err := safetext.Check(v); err != nil {
					t.Fatalf("a valid entry holds %v", err)
				}
			}
		}
	})
}
