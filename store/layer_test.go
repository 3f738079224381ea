package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"testing"

	"quango/seed"
)

func userEntry(slug string) seed.Entry {
	return seed.Entry{
		Slug: slug, Name: "User " + slug, Nation: []string{"wales"}, Kind: "programme", Start: "2020-01", Fate: "active",
		FateNote: "Running.", Summary: "A programme the user recorded.",
		Relations: []seed.Relation{}, Parent: "beta-centre",
		Sources: []seed.Source{{Title: "Local paper", URL: "https://example.org/" + slug}},
	}
}

func mustGet(t *testing.T, s *Store, slug string) *Entry {
	t.Helper()
	e, err := s.get(context.Background(), slug, true)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestUpgradeKeepsUserLayer opens a database with an older catalogue, writes every kind of user
// change, then opens it with the newer catalogue: built-in rows follow the new catalogue, the
// user's entries, edits, notes and hidden flags survive untouched.
func TestUpgradeKeepsUserLayer(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	old := fixture(t)
	old.Version = "old"
	old.Entries = slices.Clone(old.Entries)
	old.Entries = slices.DeleteFunc(old.Entries, func(e seed.Entry) bool { return e.Slug == "eta-strategy" })
	for i := range old.Entries {
		if old.Entries[i].Slug == "alpha-authority" {
			old.Entries[i].Summary = "The old summary."
			old.Entries[i].FateNote = "Old fate note."
		}
	}
	s, err := OpenWith(ctx, path, old)
	if err != nil {
		t.Fatal(err)
	}
	mine := userEntry("my-programme")
	mine.Relations = []seed.Relation{{Type: "succeeded_by", To: "gamma-board"}}
	if err := s.Add(ctx, mine, "first note"); err != nil {
		t.Fatal(err)
	}
	alpha, _ := s.Source(ctx, "alpha-authority")
	alpha.FateNote = "My own fate note."
	if changed, err := s.Update(ctx, alpha); err != nil || !reflect.DeepEqual(changed, []string{"fate_note"}) {
		t.Fatalf("update: %v, %v", changed, err)
	}
	if err := s.AddNote(ctx, "alpha-authority", "checked"); err != nil {
		t.Fatal(err)
	}
	if hidden, err := s.Remove(ctx, "delta-programme"); err != nil || !hidden {
		t.Fatalf("remove a built-in: hidden %v, %v", hidden, err)
	}
	s.Close()

	s = openFixture(t, path)
	if v, _ := s.CatalogueVersion(ctx); v != fixture(t).Version {
		t.Errorf("catalogue version %q after the update", v)
	}
	if _, err := s.Get(ctx, "eta-strategy"); err != nil {
		t.Errorf("the new built-in entry is missing: %v", err)
	}
	a := mustGet(t, s, "alpha-authority")
	if a.Summary != "A test body that ran the information systems." {
		t.Errorf("a field the user did not edit kept the old catalogue's value: %q", a.Summary)
	}
	if a.FateNote != "My own fate note." || !reflect.DeepEqual(a.Edited, []string{"fate_note"}) || a.Origin != OriginBuiltin {
		t.Errorf("the user's edit: fate_note %q, edited %v, origin %s", a.FateNote, a.Edited, a.Origin)
	}
	if len(a.Notes) != 1 || a.Notes[0].Text != "checked" || a.Notes[0].Date != Today() {
		t.Errorf("notes: %+v", a.Notes)
	}
	m := mustGet(t, s, "my-programme")
	if m.Origin != OriginUser || len(m.Successors) != 1 || m.Successors[0].Slug != "gamma-board" || m.ParentRef == nil || len(m.Notes) != 1 {
		t.Errorf("the user's entry after the update: %+v", m)
	}
	if d := mustGet(t, s, "delta-programme"); !d.Hidden {
		t.Error("the hidden entry came back with the update")
	}
	if _, err := s.Get(ctx, "delta-programme"); !IsNotFound(err) {
		t.Errorf("Get found a hidden entry: %v", err)
	}
	list, _ := s.List(ctx, Filter{})
	if slices.ContainsFunc(list, func(e *Entry) bool { return e.Slug == "delta-programme" }) {
		t.Error("List shows a hidden entry")
	}
	all, _ := s.List(ctx, Filter{Hidden: true})
	if len(all) != len(list)+1 || len(all) != 9 {
		t.Errorf("List with hidden: %d entries, without: %d", len(all), len(list))
	}
	if res, _ := s.Search(ctx, "delta", 10); slices.ContainsFunc(res.Hits, func(h Hit) bool { return h.Entry.Slug == "delta-programme" }) {
		t.Error("Search finds a hidden entry")
	}

	// Reverting the edit to the catalogue's value makes the entry pristine again.
	alpha, _ = s.Source(ctx, "alpha-authority")
	alpha.FateNote = "Abolished; its work passed to the Beta Centre."
	if _, err := s.Update(ctx, alpha); err != nil {
		t.Fatal(err)
	}
	if a := mustGet(t, s, "alpha-authority"); len(a.Edited) != 0 {
		t.Errorf("after reverting, edited = %v", a.Edited)
	}
	if err := s.Unhide(ctx, "delta-programme"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "delta-programme"); err != nil {
		t.Errorf("unhidden entry: %v", err)
	}
}

func TestWritesAreChecked(t *testing.T) {
	ctx := context.Background()
	s := openFixture(t, Memory)
	bad := userEntry("bad-one")
	bad.Start = "2020-13"
	bad.Relations = []seed.Relation{{Type: "renamed_to", To: "nowhere"}}
	err := s.Add(ctx, bad, "")
	var ps seed.Problems
	if !errors.As(err, &ps) || len(ps) != 2 {
		t.Fatalf("want two problems, got %v", err)
	}
	if _, err := s.Get(ctx, "bad-one"); !IsNotFound(err) {
		t.Error("an invalid entry was saved")
	}
	if err := s.Add(ctx, userEntry("alpha-authority"), ""); err == nil {
		t.Error("added a second alpha-authority")
	}
	// A cycle through the database's entries: beta-centre → ... → alpha-authority exists, so
	// alpha-authority's successor cannot lead back.
	beta, _ := s.Source(ctx, "beta-centre")
	beta.Relations = append(beta.Relations, seed.Relation{Type: "renamed_to", To: "alpha-authority"})
	if _, err := s.Update(ctx, beta); !errors.As(err, &ps) {
		t.Errorf("a lineage cycle was saved: %v", err)
	}
	if err := s.Bury(ctx, "gamma-board", Burial{End: "2030", Fate: "active"}); err == nil {
		t.Error("buried with fate active")
	}
	if err := s.Bury(ctx, "epsilon-service", Burial{End: "2024-01", Fate: "merged", Into: "beta-centre", Note: "Merged."}); err != nil {
		t.Fatal(err)
	}
	e := mustGet(t, s, "epsilon-service")
	if e.End == nil || *e.End != "2024-01" || e.Fate != "merged" || len(e.Notes) != 1 || !slices.Contains(e.Edited, "fate") {
		t.Errorf("buried: end %v fate %s notes %v edited %v", e.End, e.Fate, e.Notes, e.Edited)
	}
	if !slices.ContainsFunc(e.Successors, func(l Link) bool { return l.Slug == "beta-centre" && l.Relation == "merged_into" }) {
		t.Errorf("bury --into left no relation: %+v", e.Successors)
	}
}

func TestRemoveUserEntry(t *testing.T) {
	ctx := context.Background()
	s := openFixture(t, Memory)
	if err := s.Add(ctx, userEntry("mine"), "a note"); err != nil {
		t.Fatal(err)
	}
	if hidden, err := s.Remove(ctx, "mine"); err != nil || hidden {
		t.Fatalf("remove: hidden %v, %v", hidden, err)
	}
	if _, err := s.get(ctx, "mine", true); !IsNotFound(err) {
		t.Errorf("a removed user entry is still there: %v", err)
	}
	var notes int
	s.db.QueryRow("SELECT count(*) FROM notes").Scan(&notes)
	if notes != 0 {
		t.Errorf("%d notes outlived their entry", notes)
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openFixture(t, filepath.Join(dir, "q.db"))
	if err := s.Add(ctx, userEntry("mine"), ""); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "copy.db")
	if err := s.Backup(ctx, copyPath, false); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, copyPath, false); err == nil {
		t.Error("backup replaced a file without force")
	}
	if err := s.Backup(ctx, copyPath, true); err != nil {
		t.Errorf("backup with force: %v", err)
	}
	c := openFixture(t, copyPath)
	if _, err := c.Get(ctx, "mine"); err != nil {
		t.Errorf("the backup lacks the user's entry: %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".quango-backup-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestConcurrentStores: two stores on one file (as two processes would be) write at once; each
// write waits for the other instead of failing. The CLI test does the same with processes.
func TestConcurrentStores(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	a, b := openFixture(t, path), openFixture(t, path)
	var wg sync.WaitGroup
	for i, s := range []*Store{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 5 {
				if err := s.AddNote(ctx, "beta-centre", string(rune('a'+i))+string(rune('0'+j))); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if e := mustGet(t, a, "beta-centre"); len(e.Notes) != 20 {
		t.Errorf("%d notes, want 20", len(e.Notes))
	}
	if changed, err := b.Refresh(ctx); err != nil || !changed {
		// b wrote last or not: a wrote after b's last look, so b sees news.
		t.Logf("refresh: %v %v", changed, err)
	}
}

// TestOpenRefusesNewerWithUserRows: a newer schema is refused even when the file holds the
// user's work, and not a byte of it changes.
func TestOpenRefusesNewerWithUserRows(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	s, err := OpenWith(ctx, path, fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	s.Add(ctx, userEntry("mine"), "keep me")
	s.db.Exec("PRAGMA user_version = 99")
	s.Close()
	before, _ := os.ReadFile(path)
	if _, err := OpenWith(ctx, path, fixture(t)); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("opened a newer database: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the newer database changed")
	}
}
