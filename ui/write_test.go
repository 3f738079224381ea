package ui

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	tea "charm.land/bubbletea/v2"

	"quango/seed"
	"quango/store"
	"quango/store/storetest"
	"quango/store/storetest/fixture"
)

// resolve finds a fixture entry as the store has it now.
func resolve(t *testing.T, s *store.Store, query string) *store.Entry {
	t.Helper()
	e, err := s.Resolve(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestNoteFromList: N opens the note form on the selected row, typing fills it, enter saves it
// in the store, and the entry shows the note.
func TestNoteFromList(t *testing.T) {
	s := fixture.Open(t)
	hs := newHarness(t, s, 80, 30)
	hs.press("alt+n")
	hs.mustSee("quango › AA › note", "Note on AA", "esc cancel")
	hs.typeText("Its records went to the archive.")
	hs.press("enter")
	if hs.m.editor != nil {
		t.Fatalf("the form is still open:\n%s", hs.screen())
	}
	hs.mustSee("Noted on AA", "Alpha Information Authority")
	notes := resolve(t, s, "AA").Notes
	if len(notes) != 1 || notes[0].Text != "Its records went to the archive." {
		t.Fatalf("notes in the store = %+v", notes)
	}
	hs.press("enter")
	hs.mustSee("Notes", "Its records went to the archive.")
}

// TestNoteFromEntry: n on the entry screen notes the open entry, and the screen re-renders
// with the note.
func TestNoteFromEntry(t *testing.T) {
	s := fixture.Open(t)
	hs := newHarness(t, s, 80, 24)
	hs.press("/", "b", "i", "c", "enter")
	hs.mustSee("quango › BIC")
	hs.press("n")
	hs.mustSee("quango › BIC › note")
	hs.typeText("Seen in the 2020 report.")
	hs.press("enter")
	hs.mustSee("quango › BIC", "Noted on BIC")
	hs.press("G")
	hs.mustSee("Seen in the 2020 report.")
	if notes := resolve(t, s, "BIC").Notes; len(notes) != 1 {
		t.Fatalf("notes = %+v", notes)
	}
}

// TestAddFromList fills every field of the add form by keys; the new entry is in the store,
// counted, and selected in the list.
func TestAddFromList(t *testing.T) {
	s := fixture.Open(t)
	hs := newHarness(t, s, 120, 40)
	hs.mustSee("8 entries")
	hs.press("alt+a")
	hs.mustSee("quango › add an entry", "Name", "Acronym")
	hs.typeText("Theta Data Service")
	hs.press("enter")
	hs.typeText("TDS")
	hs.press("enter")
	hs.typeText("Theta, TDS-1")
	hs.press("enter", "enter") // slug: the suggested one
	hs.press("down", "enter")  // kind: programme
	hs.press("enter")          // nation: none is refused
	hs.mustSee("pick at least one nation")
	hs.press("space", "enter") // nation: England
	hs.typeText("2019")
	hs.press("enter")
	hs.typeText("BIC") // part of: an entry by its acronym
	hs.press("enter")
	hs.typeText("data, Test")
	hs.press("enter")
	hs.press("enter") // fate: active
	hs.press("enter") // no end while active
	hs.typeText("Still running.")
	hs.press("enter")
	hs.press("down", "down", "down", "down", "down", "down", "enter") // led to: succeeded_by
	hs.typeText("nothing-like-it")
	hs.press("enter")
	hs.mustSee("no entry matches") // checked as it is typed
	for range len("nothing-like-it") {
		hs.press("backspace")
	}
	hs.typeText("GB")
	hs.press("enter")
	hs.typeText("A made-up data service.")
	hs.press("enter")
	hs.typeText("https://example.org/theta")
	hs.press("enter", "enter") // the source's title: the entry's name
	hs.typeText("Added in a test.")
	hs.press("enter")
	if hs.m.editor != nil {
		t.Fatalf("the form is still open:\n%s", hs.screen())
	}
	e := resolve(t, s, "TDS")
	if e.Slug != "theta-data-service" || e.Kind != "programme" || e.Start != "2019" || e.Fate != "active" || e.Origin != store.OriginUser ||
		len(e.Nation) != 1 || e.Nation[0] != "england" {
		t.Errorf("stored %+v", e)
	}
	if !slices.Equal(e.Aliases, []string{"Theta", "TDS-1"}) || !slices.Equal(e.Tags, []string{"data", "test"}) ||
		e.ParentRef == nil || e.ParentRef.Slug != "beta-centre" ||
		len(e.Successors) != 1 || e.Successors[0].Slug != "gamma-board" || e.Successors[0].Relation != "succeeded_by" {
		t.Errorf("aliases %q tags %q parent %+v successors %+v", e.Aliases, e.Tags, e.ParentRef, e.Successors)
	}
	if len(e.Notes) != 1 || e.Notes[0].Text != "Added in a test." {
		t.Errorf("notes = %+v", e.Notes)
	}
	hs.mustSee("Added TDS to your catalogue", "9 entries", "› TDS")
}

// TestBuryFromEntry: b on an entry records its end, fate and successor, as quango bury does.
func TestBuryFromEntry(t *testing.T) {
	s := fixture.Open(t)
	hs := newHarness(t, s, 80, 24)
	hs.press("/", "g", "b", "enter")
	hs.mustSee("quango › GB")
	hs.press("b")
	hs.mustSee("quango › GB › bury", "End")
	hs.typeText("2025-03")
	hs.press("enter")
	hs.press("up", "up", "enter") // fate: from abolished up to merged
	hs.typeText("bic")
	hs.press("enter", "enter") // into BIC; no source
	hs.typeText("Folded into the Beta Centre.")
	hs.press("enter")
	// BIC led to GB: the store refuses the cycle, and the form comes back with the problem and
	// everything typed.
	hs.mustSee("quango › GB › bury", "lineage cycle", "2025-03", "bic")
	if e := resolve(t, s, "GB"); e.Fate != "active" {
		t.Fatalf("a refused burial was written: %s", e.Fate)
	}
	hs.press("enter", "enter") // the end and fate as they were
	hs.press("backspace", "backspace", "backspace")
	hs.typeText("e-rx")
	hs.press("enter", "enter", "enter")
	if hs.m.editor != nil {
		t.Fatalf("the form is still open:\n%s", hs.screen())
	}
	e := resolve(t, s, "GB")
	if e.Fate != "merged" || e.End == nil || *e.End != "2025-03" || e.FateNote != "Folded into the Beta Centre." || len(e.Notes) != 1 {
		t.Errorf("stored fate %q end %v note %q", e.Fate, e.End, e.FateNote)
	}
	if len(e.Successors) != 1 || e.Successors[0].Acronym != "e-RX" {
		t.Errorf("successors = %+v", e.Successors)
	}
	hs.mustSee("Buried GB", "merged")
	// The list is counted again: one fewer alive.
	hs.press("esc")
	hs.mustSee("dead")
	if hs.m.alive != 1 {
		t.Errorf("alive = %d after burying one of two, want 1", hs.m.alive)
	}
}

// TestBuryStartsFromTheRecordedEnd: burying an entry that has already ended opens the form on
// the end and fate it has, to correct rather than retype.
func TestBuryStartsFromTheRecordedEnd(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.press("/", "a", "a", "enter")
	hs.mustSee("quango › AA")
	hs.press("b")
	hs.mustSee("quango › AA › bury", "2005-04-01")
	if b := hs.m.editor.bury; b.End != "2005-04-01" || b.Fate != "abolished" {
		t.Errorf("the bury form starts from end %q fate %q, want AA's own", b.End, b.Fate)
	}
}

// TestFieldErrorKeepsForm: a bad date is refused by the field, and the form stays with what
// was typed.
func TestFieldErrorKeepsForm(t *testing.T) {
	s := fixture.Open(t)
	hs := newHarness(t, s, 80, 24)
	hs.press("alt+b", "ctrl+u") // AA has ended: clear the end the form starts from
	hs.typeText("soon")
	hs.press("enter")
	if hs.m.editor == nil {
		t.Fatal("the form closed on a bad date")
	}
	hs.mustSee("quango › AA › bury", "> soon", `* "soon" is not a date`)
	if resolve(t, s, "AA").Fate != "abolished" {
		t.Fatal("something was written")
	}
}

// TestStoreProblemsKeepForm: when the store refuses a write, its problems are shown over the
// form, which keeps what was typed; submitting again after the problem is gone saves it.
func TestStoreProblemsKeepForm(t *testing.T) {
	fake := newFakeCatalogue(5)
	fake.refuse = seed.Problems{{File: "entry-00000", Field: "notes", Msg: "the database is in a bad mood"}}
	hs := newHarness(t, fake, 80, 24)
	hs.press("alt+n")
	hs.typeText("first try")
	hs.press("enter")
	if hs.m.editor == nil {
		t.Fatalf("the form closed on a refusal:\n%s", hs.screen())
	}
	hs.mustSee("notes: the database is in a bad mood", "Note on E0", "first try")
	if len(fake.entries[0].Notes) != 0 {
		t.Fatal("a refused note was kept")
	}
	hs.press("enter")
	hs.mustSee("Noted on E0")
	if n := fake.entries[0].Notes; len(n) != 1 || n[0].Text != "first try" {
		t.Fatalf("notes = %+v", n)
	}
}

// TestCancelForm: Esc closes a form, whatever was typed, and writes nothing.
func TestCancelForm(t *testing.T) {
	s := fixture.Open(t)
	hs := newHarness(t, s, 80, 24)
	for _, k := range []string{"alt+a", "alt+b", "alt+n"} {
		hs.press(k)
		if hs.m.editor == nil {
			t.Fatalf("%s opened no form", k)
		}
		hs.typeText("x")
		hs.press("esc")
		if hs.m.editor != nil {
			t.Fatalf("esc left the %s form open", k)
		}
		hs.mustSee("Cancelled; nothing was written", "sort: name")
	}
	if e := resolve(t, s, "AA"); len(e.Notes) != 0 || e.Fate != "abolished" {
		t.Errorf("a cancelled form wrote: %+v", e)
	}
	if hs.m.total != 8 {
		t.Errorf("total = %d, want 8", hs.m.total)
	}
}

// TestWriteKeysDoNotSearch: in the list lower-case a, b, n and r still start a search.
func TestWriteKeysDoNotSearch(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.press("b", "n")
	if hs.m.editor != nil || hs.m.input.Value() != "bn" {
		t.Fatalf("editor %v, search %q", hs.m.editor != nil, hs.m.input.Value())
	}
}

// TestRefresh: R, or the terminal's focus coming back, picks up another process's write.
func TestRefresh(t *testing.T) {
	fake := newFakeCatalogue(3)
	hs := newHarness(t, fake, 80, 24)
	hs.press("alt+r")
	hs.mustSee("Up to date")
	fake.add(&store.Entry{Slug: "outsider", Acronym: "OUT", Name: "Written elsewhere", Kind: "body", Fate: "active"})
	fake.changed = true
	hs.mustNotSee("Written elsewhere")
	hs.press("alt+r")
	hs.mustSee("The catalogue changed; reloaded", "Written elsewhere", "4 entries")

	fake.add(&store.Entry{Slug: "another", Acronym: "ANO", Name: "Another outsider", Kind: "body", Fate: "active"})
	fake.changed = true
	hs.send(tea.FocusMsg{})
	hs.mustSee("Another outsider", "5 entries")
	if !hs.m.View().ReportFocus {
		t.Error("the view does not ask for focus reports")
	}
}

// TestRefreshSeesOtherProcess: two stores on one database file, as the explorer and a CLI
// write would be; r on the entry screen shows the other's note.
func TestRefreshSeesOtherProcess(t *testing.T) {
	ctx := context.Background()
	entries, version := storetest.Catalogue(t)
	path := filepath.Join(t.TempDir(), "quango.db")
	open := func() *store.Store {
		s, err := store.OpenWith(ctx, path, store.Builtins{Entries: entries, Version: version})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	mine, theirs := open(), open()
	hs := newHarness(t, mine, 80, 24)
	hs.press("enter")
	hs.mustSee("quango › AA")
	if err := theirs.AddNote(ctx, resolve(t, theirs, "AA").Slug, "From the command line."); err != nil {
		t.Fatal(err)
	}
	hs.press("r")
	hs.press("G")
	hs.mustSee("From the command line.")
}

// TestReadOnlyCatalogue: a catalogue without writes says so rather than opening a form.
func TestReadOnlyCatalogue(t *testing.T) {
	type readOnly struct{ Catalogue }
	hs := newHarness(t, readOnly{newFakeCatalogue(3)}, 80, 24)
	hs.press("alt+a")
	if hs.m.editor != nil {
		t.Fatal("a form opened on a read-only catalogue")
	}
	hs.mustSee("This catalogue is read-only")
}

// TestNothingSelected: B and N with an empty list say why nothing opened.
func TestNothingSelected(t *testing.T) {
	hs := newHarness(t, newFakeCatalogue(3), 80, 24)
	hs.typeText("zzz")
	hs.press("alt+n")
	if hs.m.editor != nil {
		t.Fatal("a note form opened on no entry")
	}
	hs.mustSee("No entry is selected")
}

// TestBuryInTheFutureAndReset: a burial dated after today leaves the entry alive with its end
// announced, and the fate note kept; u on the entry then offers its edited fields and gives
// them back to the catalogue.
func TestBuryInTheFutureAndReset(t *testing.T) {
	s := fixture.Open(t)
	hs := newHarness(t, s, 80, 24)
	hs.typeText("e-rx")
	hs.press("enter")
	hs.mustSee("quango › e-RX")
	hs.press("u")
	hs.mustSee("e-RX has no edits of yours")
	if hs.m.editor != nil {
		t.Fatal("a reset form opened for an entry without edits")
	}
	hs.press("b")
	hs.typeText("2099-04")
	hs.press("enter", "enter", "enter", "enter", "enter") // abolished; into, source and note empty
	hs.mustSee("e-RX is still active; its end is announced for 2099-04")
	e := resolve(t, s, "e-RX")
	if e.Fate != "active" || e.End != nil || e.EndAnnounced == "" || e.FateNote != "Running." {
		t.Fatalf("a future end: fate %s end %v announced %q fate note %q", e.Fate, e.End, e.EndAnnounced, e.FateNote)
	}
	hs.press("u")
	hs.mustSee("Reset e-RX to the catalogue", "end_announced", "events")
	hs.press("enter")
	hs.mustSee("Reset e-RX to the catalogue")
	if hs.m.editor != nil {
		t.Fatalf("the reset form is still open:\n%s", hs.screen())
	}
	if e := resolve(t, s, "e-RX"); e.EndAnnounced != "" || len(e.Edited) != 0 {
		t.Errorf("after reset: announced %q, edited %v", e.EndAnnounced, e.Edited)
	}
	// From the list, Alt+U; a user's own entry has nothing to go back to.
	if err := s.Add(context.Background(), seed.Entry{Slug: "mine", Name: "Mine", Kind: "body", Nation: []string{"england"}, Start: "2020", Fate: "active",
		FateNote: "Running.", Summary: "Mine.", Sources: []seed.Source{{Title: "Mine", URL: "https://example.org/mine"}}}, ""); err != nil {
		t.Fatal(err)
	}
	hs.press("esc", "esc")
	hs.run(hs.m.reload()) // the same store wrote it: Refresh would see no news
	hs.typeText("Mine")
	hs.press("alt+u")
	hs.mustSee("Mine is your own entry")
}

// TestCtrlEWithoutAnEditor: with no editor to start, Ctrl+E in a text box says so and the form
// stays as it was, still taking keys.
func TestCtrlEWithoutAnEditor(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.m.opts.Getenv = func(k string) string {
		if k == "EDITOR" {
			return "no-such-editor-anywhere --wait"
		}
		return ""
	}
	hs.press("alt+n")
	hs.typeText("abc")
	hs.press("ctrl+e")
	hs.mustSee(`Ctrl+E: the editor "no-such-editor-anywhere" ($EDITOR) is not installed`, "Note on AA", "abc")
	hs.typeText("d")
	hs.mustSee("abcd")
	hs.press("enter")
	hs.mustSee("Noted on AA")
}
