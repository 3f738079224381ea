package ui

import (
	"context"
	"testing"

	"quango/store"
)

// BenchmarkViewLargeList draws a 120×40 screen over 10,000 entries: only visible rows are drawn,
// so the size of the list should not matter.
func BenchmarkViewLargeList(b *testing.B) {
	hs := newHarness(b, newFakeCatalogue(10000), 120, 40)
	hs.press("pgdown")
	b.ResetTimer()
	for b.Loop() {
		_ = hs.m.View()
	}
}

// BenchmarkSearchAndRefresh is one keystroke's work on the real catalogue: the search (in its
// command) and the list rebuilt from its answer.
func BenchmarkSearchAndRefresh(b *testing.B) {
	s, err := store.Open(context.Background(), store.Memory)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	hs := newHarness(b, s, 120, 40)
	queries := []string{"n", "nh", "nhs", "npfit", "cfh", "care data"}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		q := queries[i%len(queries)]
		hs.m.input.SetValue(q)
		hs.run(hs.m.searchCmd(q))
		_ = hs.m.View()
	}
}
