package store

import (
	"context"
	"reflect"
	"testing"

	"quango/store/storetest"
)

// TestLeanEntriesAgreeWithList: a lean entry carries what a list row, the explorer's facets and
// its sorts read, and each of those fields must be what List's whole entry says.
func TestLeanEntriesAgreeWithList(t *testing.T) {
	ctx := context.Background()
	for _, s := range []*Store{sharedBuiltin(t), openSynthetic(t, storetest.Synthetic(2000))} {
		list, err := s.List(ctx, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		lean, err := s.searchable(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(lean) != len(list) {
			t.Fatalf("%d lean entries, List has %d", len(lean), len(list))
		}
		ended, nations, hedged, announced := 0, 0, 0, 0
		for i, w := range list {
			g := lean[i]
			got := []any{g.Slug, g.Acronym, g.Name, g.Aliases, g.Kind, g.Fate, g.FateNote, g.Nation, g.Start, g.End,
				g.Approximate, g.EndAnnounced, g.StartKey, g.EndKey}
			want := []any{w.Slug, w.Acronym, w.Name, w.Aliases, w.Kind, w.Fate, w.FateNote, w.Nation, w.Start, w.End,
				w.Approximate, w.EndAnnounced, w.StartKey, w.EndKey}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("lean entry %d:\n got %v\nwant %v", i, got, want)
			}
			// An announced end still to come is dated by the entry's events; other events are
			// not read.
			if w.Alive() && w.EndAnnounced != "" {
				announced++
				if !reflect.DeepEqual(g.Events, w.Events) {
					t.Fatalf("%s: events %v, want %v", w.Slug, g.Events, w.Events)
				}
			} else if g.Events != nil {
				t.Fatalf("%s: lean events read for an entry without an announced end", w.Slug)
			}
			if w.End != nil {
				ended++
			}
			if w.Approximate.Any() {
				hedged++
			}
			nations += len(w.Nation)
		}
		// Each field compared above must have been exercised, or the test proves nothing.
		if ended == 0 || ended == len(list) || nations == 0 {
			t.Fatalf("a catalogue without variety: %d of %d ended, %d nations", ended, len(list), nations)
		}
		if s == sharedBuiltin(t) && (hedged == 0 || announced == 0) {
			t.Fatalf("the built-in catalogue should have hedged dates (%d) and announced ends (%d)", hedged, announced)
		}
	}
}
