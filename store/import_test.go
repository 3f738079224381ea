package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"quango/seed"
	"quango/store/storetest"
)

// sameAsWholeDerivation fails unless the rows agree with a derivation of the whole catalogue
// and the full-text index with the rows.
func sameAsWholeDerivation(t *testing.T, s *Store, step string) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
		t.Errorf("%s: the text index: %v", step, err)
	}
	got := dumpRows(t, s.db)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := s.derive(ctx, tx); err != nil {
		t.Fatal(err)
	}
	if want := dumpRows(t, tx); got != want {
		t.Errorf("%s: the rows differ from a whole derivation:\n%s", step, lineDiff(got, want))
	}
}

func itemsOf(entries []seed.Entry) []Item {
	items := make([]Item, len(entries))
	for i, e := range entries {
		items[i] = Item{Entry: e, Name: "list.json[" + e.Slug + "]"}
	}
	return items
}

// TestImportMatchesAWholeDerivation: an import of several batches, written item by item, leaves
// the rows a derivation of the whole catalogue gives: links to later items, to built-in entries,
// and from an entry of the user's to a slug that was missing until the import brought it back;
// then again with some entries changed, one hidden and one linking to a new one; and a bad item
// near the end refuses everything.
func TestImportMatchesAWholeDerivation(t *testing.T) {
	ctx := context.Background()
	s := openFixture(t, Memory)
	entries := storetest.Synthetic(2*importBatch + 500)
	last := len(entries) - 1
	entries[0].Parent = entries[last].Slug
	entries[1].Relations = append(entries[1].Relations, seed.Relation{Type: "succeeded_by", To: "beta-centre"})
	if err := s.Add(ctx, entries[10], ""); err != nil {
		t.Fatal(err)
	}
	orphan := userEntry("my-orphan")
	orphan.Relations = []seed.Relation{{Type: "succeeded_by", To: entries[10].Slug}}
	if err := s.Add(ctx, orphan, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Remove(ctx, entries[10].Slug); err != nil {
		t.Fatal(err)
	}

	changes, err := s.Import(ctx, itemsOf(entries), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != len(entries) || !changes[0].Added || changes[0].Slug != entries[0].Slug {
		t.Fatalf("changes: %d, first %+v", len(changes), changes[0])
	}
	sameAsWholeDerivation(t, s, "first import")
	if e := mustGet(t, s, "my-orphan"); len(e.Successors) != 1 || e.Successors[0].Slug != entries[10].Slug {
		t.Errorf("my-orphan's lineage did not come back: %+v", e.Successors)
	}

	entries[5].Summary = "Changed."
	entries[0].Parent = ""
	entries[20].Relations = []seed.Relation{{Type: "succeeded_by", To: "late-comer"}}
	entries[20].End, entries[20].Fate = "2020", "replaced"
	late := userEntry("late-comer")
	late.Parent = ""
	items := itemsOf(append(slices.Clone(entries), late))
	items[7].Hidden = true
	changes, err = s.Import(ctx, items, false)
	if err != nil {
		t.Fatal(err)
	}
	if c := changes[5]; c.Added || !slices.Equal(c.Fields, []string{"summary"}) {
		t.Errorf("changed summary: %+v", c)
	}
	if c := changes[7]; !c.Hidden || len(c.Fields) > 0 {
		t.Errorf("hidden: %+v", c)
	}
	if c := changes[len(changes)-1]; !c.Added {
		t.Errorf("late-comer: %+v", c)
	}
	if c := changes[100]; c.Added || len(c.Fields) > 0 || c.Hidden {
		t.Errorf("unchanged: %+v", c)
	}
	sameAsWholeDerivation(t, s, "second import")

	before := dumpRows(t, s.db)
	refused := func(step, want string, items []Item) {
		t.Helper()
		_, err := s.Import(ctx, items, false)
		var ps seed.Problems
		if !errors.As(err, &ps) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", step, err)
		}
		if after := dumpRows(t, s.db); after != before {
			t.Errorf("%s: a refused import wrote:\n%s", step, lineDiff(after, before))
		}
	}
	fresh := storetest.Synthetic(2*importBatch + 1)
	for i := range fresh {
		fresh[i].Slug = "fresh-" + fresh[i].Slug
		fresh[i].Relations = nil
	}
	bad := itemsOf(fresh)
	bad[len(bad)-1].Entry.Kind = "nonsense"
	refused("a bad last item", "list.json["+fresh[len(fresh)-1].Slug+"]: kind: \"nonsense\" is not one of", bad)
	cycle := itemsOf(fresh)
	cycle[0].Entry.Relations = []seed.Relation{{Type: "succeeded_by", To: fresh[1500].Slug}}
	cycle[1500].Entry.Relations = []seed.Relation{{Type: "renamed_to", To: fresh[0].Slug}}
	cycle[1500].Entry.End, cycle[1500].Entry.Fate = "2020", "renamed"
	refused("a cycle across batches", "lineage cycle", cycle)
	unknown := itemsOf(fresh)
	unknown[3].Entry.Parent = "nobody-at-all"
	refused("an unknown parent", `parent: no entry has the slug "nobody-at-all"`, unknown)
	dup := itemsOf(fresh)
	dup[1999].Entry.Slug = fresh[2].Slug
	refused("a repeated slug", "is also imported from list.json["+fresh[2].Slug+"]", dup)
}
