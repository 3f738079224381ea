package store

import (
	"context"
	"path/filepath"
	"testing"
)

// TestNoteAuthors: a note or a burial made for someone else (quango serve's SSH users) keeps who
// made it, and the owner's own notes have none.
func TestNoteAuthors(t *testing.T) {
	ctx := context.Background()
	s := openFixture(t, filepath.Join(t.TempDir(), "q.db"))
	if err := s.AddNote(ctx, "beta-centre", "mine"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddNoteAs(ctx, "beta-centre", "theirs", "alice@laptop"); err != nil {
		t.Fatal(err)
	}
	if err := s.Bury(ctx, "beta-centre", Burial{End: "2023-02-01", Fate: "merged", Author: "SHA256:abc"}); err != nil {
		t.Fatal(err)
	}
	e := mustGet(t, s, "beta-centre")
	want := []Note{{Text: "mine"}, {Text: "theirs", Author: "alice@laptop"}, {Text: "Buried: " + e.FateNote, Author: "SHA256:abc"}}
	if len(e.Notes) != len(want) {
		t.Fatalf("notes %+v, want %+v", e.Notes, want)
	}
	for i, n := range e.Notes {
		if n.Text != want[i].Text || n.Author != want[i].Author {
			t.Errorf("note %d is %+v, want %+v", i, n, want[i])
		}
	}
}

// TestRetain: a retained store stays open until its last holder closes it.
func TestRetain(t *testing.T) {
	ctx := context.Background()
	s := openFixture(t, filepath.Join(t.TempDir(), "q.db"))
	s.Retain().Retain()
	for i := range 2 {
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Count(ctx); err != nil {
			t.Fatalf("after close %d of 3: %v", i+1, err)
		}
	}
	s.Close()
	if _, _, err := s.Count(ctx); err == nil {
		t.Fatal("the store still answers after its last holder closed it")
	}
}
