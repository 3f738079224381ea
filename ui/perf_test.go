package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

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

// benchStores are the catalogues the explorer's benchmarks run over: the built-in one, synthetic
// ones of 1,000 and 100,000 entries (the latter skipped under -short), and the database file
// QUANGO_BENCH_DB names, if set (a copy: it is migrated), for sizes too slow to build in a test,
// such as bench/gen's million.
func benchStores(b *testing.B, run func(b *testing.B, s *store.Store)) {
	sizes := []int{0, 1000, 100_000}
	if path := os.Getenv("QUANGO_BENCH_DB"); path != "" {
		sizes = append(sizes, -1)
	}
	for _, n := range sizes {
		name := fmt.Sprintf("n=%d", n)
		switch n {
		case 0:
			name = "n=builtin"
		case -1:
			name = "db=" + filepath.Base(filepath.Dir(os.Getenv("QUANGO_BENCH_DB")))
		}
		b.Run(name, func(b *testing.B) {
			if testing.Short() && n >= 100_000 {
				b.Skip("skipped under -short")
			}
			ctx := context.Background()
			var s *store.Store
			var err error
			switch n {
			case 0:
				s, err = store.Open(ctx, store.Memory)
			case -1:
				s, err = store.Open(ctx, os.Getenv("QUANGO_BENCH_DB"))
			default:
				s, err = store.OpenWith(ctx, store.Memory, store.Builtins{Entries: storetest.Synthetic(n), Version: "synthetic"})
			}
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			run(b, s)
		})
	}
}

// BenchmarkListKeystroke is one keystroke in the explorer over a real store: the search (its
// command, as the explorer runs it), the list rebuilt from the answer, and the frame drawn.
func BenchmarkListKeystroke(b *testing.B) {
	benchStores(b, func(b *testing.B, s *store.Store) {
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

// BenchmarkFirstFrame is the explorer from its start to its first frame with entries, over a
// store already open: the counts, the first page and the frame drawn (the search index, built
// next, is not waited for).
func BenchmarkFirstFrame(b *testing.B) {
	benchStores(b, func(b *testing.B, s *store.Store) {
		b.ReportAllocs()
		for b.Loop() {
			hs := &harness{t: b, clock: fixedNow}
			hs.m = New(context.Background(), s, Options{Colour: true, Now: func() time.Time { return hs.clock }})
			hs.send(tea.WindowSizeMsg{Width: 120, Height: 40})
			hs.run(hs.m.countsCmd())
			hs.run(hs.m.firstPageCmd())
			if len(hs.m.list.hits) == 0 {
				b.Fatal("no entries on the first frame")
			}
			_ = hs.m.View()
		}
	})
}
