package store

import (
	"context"
	"slices"
	"testing"

	"quango/seed"
	"quango/store/storetest"
)

// TestSyntheticIsValid keeps the benchmarks' catalogue honest: it must pass the validator, as an
// import of it would have to.
func TestSyntheticIsValid(t *testing.T) {
	entries := storetest.Synthetic(5000)
	if ps := seed.Validate(entries); len(ps) > 0 {
		t.Fatalf("%d problems, first: %v", len(ps), ps[0])
	}
}

// TestSearchEmptyIsListOrder: the index sorts its lean rows itself, and must agree with List's
// ORDER BY lower(name), slug, accents and upper-case letters included.
func TestSearchEmptyIsListOrder(t *testing.T) {
	entries := storetest.Synthetic(3000)
	entries[7].Name = "Électronique Records"
	entries[8].Name = "electronique records"
	entries[9].Name = "ÉLECTRONIQUE"
	for _, s := range []*Store{sharedBuiltin(t), openSynthetic(t, entries)} {
		list, err := s.List(context.Background(), Filter{})
		if err != nil {
			t.Fatal(err)
		}
		res := search(t, s, "", 0)
		want := make([]string, len(list))
		for i, e := range list {
			want[i] = e.Slug
		}
		if got := hitSlugs(res.Hits); !slices.Equal(got, want) {
			t.Fatalf("empty search order differs from List's (%d vs %d entries)", len(got), len(want))
		}
	}
}

func openSynthetic(t *testing.T, entries []seed.Entry) *Store {
	t.Helper()
	s, err := OpenWith(context.Background(), Memory, Builtins{Entries: entries, Version: "order"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
