package store

import (
	"context"
	"slices"
	"testing"

	"quango/seed"
	"quango/store/storetest"
)

func openChartFixture(t testing.TB) *Store {
	t.Helper()
	entries, version := storetest.Catalogue(t)
	s, err := OpenWith(context.Background(), Memory, Builtins{Entries: entries, Version: version})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func nodeSlugs(l *Lineage) []string {
	var out []string
	for _, n := range l.Nodes {
		out = append(out, n.Slug)
	}
	return out
}

// TestLineageFixture: the Beta Centre came from the Alpha Authority and merged into the Gamma
// Board; Zeta also merged into Gamma but is a sibling, not an ancestor, so it is left out.
func TestLineageFixture(t *testing.T) {
	s := openChartFixture(t)
	l, err := s.Lineage(context.Background(), "beta-centre")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := nodeSlugs(l), []string{"alpha-authority", "beta-centre", "gamma-board"}; !slices.Equal(got, want) {
		t.Errorf("nodes %v, want %v (by start date)", got, want)
	}
	want := []LineageEdge{
		{From: "alpha-authority", To: "beta-centre", Relation: "replaced_by", Date: "2005-04-01"},
		{From: "beta-centre", To: "gamma-board", Relation: "merged_into", Date: "2023-02-01"},
	}
	if !slices.Equal(l.Edges, want) {
		t.Errorf("edges %+v, want %+v", l.Edges, want)
	}
	if n := l.Node("gamma-board"); n == nil || n.End != nil || n.EndAnnounced != "2025-03-13" || n.Acronym != "GB" {
		t.Errorf("gamma-board node = %+v", n)
	}
	if in := l.In("gamma-board"); len(in) != 1 || in[0].From != "beta-centre" {
		t.Errorf("In(gamma-board) = %+v; the sibling zeta-improvement must not appear", in)
	}

	// From the far end, every ancestor is reached transitively, Zeta included this time.
	l, err = s.Lineage(context.Background(), "gamma-board")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := nodeSlugs(l), []string{"alpha-authority", "beta-centre", "gamma-board", "zeta-improvement"}; !slices.Equal(got, want) {
		t.Errorf("gamma-board lineage %v, want %v", got, want)
	}

	l, err = s.Lineage(context.Background(), "eta-strategy")
	if err != nil {
		t.Fatal(err)
	}
	if l.HasRelatives() || len(l.Edges) != 0 || l.Edges == nil {
		t.Errorf("eta-strategy has no relatives; got %+v", l)
	}
	if _, err := s.Lineage(context.Background(), "no-such-thing"); !IsNotFound(err) {
		t.Errorf("missing slug: err = %v, want not found", err)
	}
}

// TestLineageLeavesOutHidden: an entry the user removed is not in anyone's family tree.
func TestLineageLeavesOutHidden(t *testing.T) {
	s := openChartFixture(t)
	ctx := context.Background()
	if hidden, err := s.Remove(ctx, "beta-centre"); err != nil || !hidden {
		t.Fatalf("Remove(beta-centre) = %v, %v; want it hidden", hidden, err)
	}
	l, err := s.Lineage(ctx, "gamma-board")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := nodeSlugs(l), []string{"gamma-board", "zeta-improvement"}; !slices.Equal(got, want) {
		t.Errorf("with beta-centre hidden, gamma-board's lineage is %v, want %v", got, want)
	}
}

// TestLineageChainReal follows the best-known chain both ways from its middle.
func TestLineageChainReal(t *testing.T) {
	s := openBuiltin(t)
	l, err := s.Lineage(context.Background(), "hscic")
	if err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"nhs-information-authority", "nhs-connecting-for-health", "hscic", "nhs-england"} {
		if l.Node(slug) == nil {
			t.Errorf("the lineage of HSCIC lacks %s; has %v", slug, nodeSlugs(l))
		}
	}
}

// TestLineageCycle: the validator rejects cycles in the built-in catalogue, but a user's
// database is not validated; the walk must still end and list each entry once.
func TestLineageCycle(t *testing.T) {
	src := []seed.Source{{Title: "x", URL: "https://example.org"}}
	entries := []seed.Entry{
		{Slug: "a", Name: "A", Kind: "body", Start: "2000", End: "2001", Fate: "renamed", FateNote: "x", Sources: src,
			Relations: []seed.Relation{{Type: "renamed_to", To: "b"}}},
		{Slug: "b", Name: "B", Kind: "body", Start: "2001", End: "2002", Fate: "renamed", FateNote: "x", Sources: src,
			Relations: []seed.Relation{{Type: "renamed_to", To: "c"}}},
		{Slug: "c", Name: "C", Kind: "body", Start: "2002", End: "2003", Fate: "renamed", FateNote: "x", Sources: src,
			Relations: []seed.Relation{{Type: "renamed_to", To: "a"}, {Type: "renamed_to", To: "c"}}},
	}
	s, err := OpenWith(context.Background(), Memory, Builtins{Entries: entries, Version: "cycle"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l, err := s.Lineage(context.Background(), "b")
	if err != nil {
		t.Fatal(err)
	}
	if got := nodeSlugs(l); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("nodes %v", got)
	}
	if len(l.Edges) != 4 {
		t.Errorf("edges %+v, want all four", l.Edges)
	}
	all, err := s.List(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	ComputeStats(all, fixedStatsNow) // must terminate on the cycle
}
