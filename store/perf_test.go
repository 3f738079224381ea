package store

import (
	"context"
	"fmt"
	"testing"

	"quango/store/storetest"
)

// typed is what a researcher types into a large catalogue, one keystroke at a time: an acronym,
// a name, an alias, initials, a rough spelling and a word of the text.
var typed = []string{"nhs digital", "ndhs", "thames valley records", "clin rec netw", "granger", "wessex", "cfh"}

// keystrokes spells out every prefix of every typed query, in typing order.
func keystrokes() []string {
	var out []string
	for _, q := range typed {
		for i := 1; i <= len(q); i++ {
			out = append(out, q[:i])
		}
	}
	return out
}

// benchSizes are the synthetic catalogue sizes the issue asks about.
var benchSizes = []struct {
	name string
	n    int
}{{"n=1000", 1000}, {"n=100000", 100_000}, {"n=1000000", 1_000_000}}

// benchKeystrokes runs one keystroke per iteration, in typing order, with the given limit.
func benchKeystrokes(b *testing.B, s *Store, limit int) {
	keys := keystrokes()
	for _, k := range keys { // warm: the index is built and every query seen once
		if _, err := s.Search(context.Background(), k, limit); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := s.Search(context.Background(), keys[i%len(keys)], limit); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchAll is the explorer's search: every hit, dressed with its matched letters.
func BenchmarkSearchAll(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) { benchKeystrokes(b, syntheticStore(b, size.n), 0) })
	}
}

// BenchmarkSearchIndex is the first search on a store: loading and indexing the catalogue.
func BenchmarkSearchIndex(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			s := syntheticStore(b, size.n)
			for b.Loop() {
				s.resetSearch()
				if _, err := s.Search(context.Background(), "x", 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoad is opening a store with a large built-in catalogue: every row written.
func BenchmarkLoad(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"n=1000", 1000}, {"n=100000", 100_000}} {
		b.Run(size.name, func(b *testing.B) {
			if testing.Short() && size.n >= 100_000 {
				b.Skip("skipped under -short")
			}
			entries := storetest.Synthetic(size.n)
			for b.Loop() {
				s, err := OpenWith(context.Background(), Memory, Builtins{Entries: entries, Version: "bench"})
				if err != nil {
					b.Fatal(err)
				}
				s.Close()
			}
		})
	}
}

// BenchmarkImport is `quango import` of a large catalogue into a database holding the built-in
// one: every item checked, the user's layer written and the rows derived, in one transaction.
func BenchmarkImport(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"n=1000", 1000}, {"n=100000", 100_000}, {"n=1000000", 1_000_000}} {
		b.Run(size.name, func(b *testing.B) {
			if testing.Short() && size.n >= 100_000 {
				b.Skip("skipped under -short")
			}
			entries := storetest.Synthetic(size.n)
			items := make([]Item, len(entries))
			for i, e := range entries {
				items[i] = Item{Entry: e, Name: e.Slug}
			}
			for b.Loop() {
				b.StopTimer()
				s := sharedBuiltinFresh(b)
				b.StartTimer()
				if _, err := s.Import(context.Background(), items, false); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
		})
	}
}

// sharedBuiltinFresh is a new in-memory store with the real built-in catalogue.
func sharedBuiltinFresh(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(context.Background(), Memory)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// BenchmarkUpdate is one edit of one entry in a large catalogue: what the write costs beyond
// the entry itself (checking it against the catalogue, writing its rows).
func BenchmarkUpdate(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"n=1000", 1000}, {"n=100000", 100_000}} {
		b.Run(size.name, func(b *testing.B) {
			if testing.Short() && size.n >= 100_000 {
				b.Skip("skipped under -short")
			}
			entries := storetest.Synthetic(size.n)
			s, err := OpenWith(context.Background(), Memory, Builtins{Entries: entries, Version: "bench"})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			e := entries[size.n/2]
			for i := 0; b.Loop(); i++ {
				e.Summary = fmt.Sprintf("Edited %d times.", i+1)
				if _, err := s.Update(context.Background(), e); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
