package store

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"quango/store/storetest"
)

// FuzzSearch: any query, however odd, gives an answer without a panic; the same answer twice;
// and matched positions that lie inside the field they name.
func FuzzSearch(f *testing.F) {
	for _, q := range []string{"", "nhs", "NHS Digital", "cfh", "care.data", "e-RS", "hlth edu eng", "granger", "\"", "*", "NEAR(", "a AND b", "^", "é漢🎉", "\x1b[2J", "\u202e", "\xff", strings.Repeat("a", MaxQuery)} {
		f.Add(q)
	}
	entries, version := storetest.Catalogue(f)
	s, err := OpenWith(context.Background(), Memory, Builtins{Entries: entries, Version: version})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, q string) {
		res, err := s.Search(ctx, q, 0)
		if utf8.RuneCountInString(q) > MaxQuery {
			if err == nil {
				t.Fatalf("Search of %d characters: no error", utf8.RuneCountInString(q))
			}
			return
		}
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		again, err := s.Search(ctx, q, 0)
		if err != nil || len(again.Hits) != len(res.Hits) {
			t.Fatalf("Search(%q) twice: %d hits then %d (%v)", q, len(res.Hits), len(again.Hits), err)
		}
		for i, h := range res.Hits {
			if again.Hits[i].Entry.Slug != h.Entry.Slug {
				t.Fatalf("Search(%q): hit %d is %s, then %s", q, i, h.Entry.Slug, again.Hits[i].Entry.Slug)
			}
			for field, pos := range h.Matches {
				text := h.Entry.Name
				switch {
				case field == "acronym":
					text = h.Entry.Acronym
				case strings.HasPrefix(field, "alias:"):
					text = strings.Join(h.Entry.Aliases, "\n") // long enough for any alias
				}
				n := utf8.RuneCountInString(text)
				for _, p := range pos {
					if p < 0 || p >= n {
						t.Fatalf("Search(%q): %s position %d outside %q", q, field, p, text)
					}
				}
			}
		}
	})
}
