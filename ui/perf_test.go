package ui

import (
	"context"
	"fmt"
	"testing"

	"quango/store"
	"quango/store/storetest"
)

// viewSizes are the list lengths the performance issue asks about. Only visible rows are drawn,
// so a frame should cost about the same at each.
var viewSizes = []int{1000, 100_000, 1_000_000}

// BenchmarkListView draws one 120×40 frame of the list, scrolled part way down, over n entries.
// The million is skipped under -short: building its list is the slow part, not the frame.
func BenchmarkListView(b *testing.B) {
	for _, n := range viewSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			if testing.Short() && n >= 1_000_000 {
				b.Skip("skipped under -short")
			}
			hs := newHarness(b, newFakeCatalogue(n), 120, 40)
			hs.press("pgdown", "pgdown", "down")
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				_ = hs.m.View()
			}
		})
	}
}

// BenchmarkListKeystroke is one keystroke in the explorer over a real store (the built-in
// catalogue, or a synthetic one of n entries): the search (its command, every hit asked for, as
// the explorer does), the list rebuilt from the answer, and the frame drawn.
func BenchmarkListKeystroke(b *testing.B) {
	for _, n := range []int{0, 1000, 100_000} {
		name := fmt.Sprintf("n=%d", n)
		if n == 0 {
			name = "n=builtin"
		}
		b.Run(name, func(b *testing.B) {
			if testing.Short() && n >= 100_000 {
				b.Skip("skipped under -short")
			}
			var s *store.Store
			var err error
			if n == 0 {
				s, err = store.Open(context.Background(), store.Memory)
			} else {
				s, err = store.OpenWith(context.Background(), store.Memory,
					store.Builtins{Entries: storetest.Synthetic(n), Version: "synthetic"})
			}
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			hs := newHarness(b, s, 120, 40)
			var keys []string
			for _, q := range []string{"nhs digital", "clin rec", "wessex"} {
				for i := 1; i <= len(q); i++ {
					keys = append(keys, q[:i])
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				q := keys[i%len(keys)]
				hs.m.input.SetValue(q)
				hs.run(hs.m.searchCmd(q))
				_ = hs.m.View()
			}
		})
	}
}
