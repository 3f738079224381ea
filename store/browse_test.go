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
		ended, nations := 0, 0
		for i, w := range list {
			g := lean[i]
			got := []any{g.Slug, g.Acronym, g.Name, g.Aliases, g.Kind, g.Fate, g.Nation, g.Start, g.End, g.EndAnnounced, g.StartKey, g.EndKey}
			want := []any{w.Slug, w.Acronym, w.Name, w.Aliases, w.Kind, w.Fate, w.Nation, w.Start, w.End, w.EndAnnounced, w.StartKey, w.EndKey}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("lean entry %d:\n got %v\nwant %v", i, got, want)
			}
			if w.End != nil {
				ended++
			}
			nations += len(w.Nation)
		}
		// Each field compared above must have been exercised, or the test proves nothing.
		if ended == 0 || ended == len(list) || nations == 0 {
			t.Fatalf("a catalogue without variety: %d of %d ended, %d nations", ended, len(list), nations)
		}
	}
}
