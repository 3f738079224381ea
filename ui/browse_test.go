package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"quango/store"
	"quango/store/storetest/fixture"
)

// bareHarness is a harness whose model has not been started: the test delivers the answers to
// Init's commands itself, in the order it wants.
func bareHarness(t *testing.T, cat Catalogue, w, h int) *harness {
	hs := &harness{t: t, clock: fixedNow}
	hs.m = New(context.Background(), cat, Options{Colour: true, Now: func() time.Time { return hs.clock }, Dir: t.TempDir(),
		OpenURL: func(string) error { return errors.New("no browser here") }})
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

// TestFirstPageBeforeTheWholeList: the catalogue's first page is on screen, said to be loading,
// before the whole list has answered; typing then searches as ever, and the whole list replaces
// the page when it comes.
func TestFirstPageBeforeTheWholeList(t *testing.T) {
	fake := newFakeCatalogue(5000)
	hs := bareHarness(t, fake, 120, 40)
	hs.mustSee("Loading the catalogue…")
	hs.run(hs.m.countsCmd())
	hs.run(hs.m.firstPageCmd())
	hs.mustSee("5000 entries · loading the rest…", fake.entries[0].Name, fake.entries[0].Summary)
	if n := len(hs.m.list.hits); n != firstPage {
		t.Fatalf("the first page holds %d rows, want %d", n, firstPage)
	}
	hs.press("down", "down")
	chosen := hs.m.list.selected().Slug
	hs.run(hs.m.searchCmd(""))
	hs.mustSee("5000 entries · 1667 dead · 3333 alive")
	hs.mustNotSee("loading")
	if got := hs.m.list.selected().Slug; got != chosen {
		t.Errorf("the whole list moved the selection from %s to %s", chosen, got)
	}

	// A page that comes after the whole list, or after the user typed, is not shown.
	hs.run(hs.m.firstPageCmd())
	if n := len(hs.m.list.hits); n != 5000 {
		t.Fatalf("a late first page replaced the whole list: %d rows", n)
	}
	typed := bareHarness(t, fake, 120, 40)
	typed.typeText("number 7")
	typed.run(typed.m.firstPageCmd())
	if typed.m.partial || typed.m.input.Value() != "number 7" {
		t.Fatalf("the first page came over a query: partial %v, query %q", typed.m.partial, typed.m.input.Value())
	}
	typed.mustSee("Entry number 7")
}

// TestOnlyDrawnRowsAreHighlighted: a query matching thousands of entries has only the rows on
// screen highlighted, each once for as long as the query stays.
func TestOnlyDrawnRowsAreHighlighted(t *testing.T) {
	fake := newFakeCatalogue(5000)
	hs := newHarness(t, fake, 120, 40)
	hs.typeText("entry")
	if len(hs.m.list.hits) != 5000 {
		t.Fatalf("%d hits, want 5000", len(hs.m.list.hits))
	}
	rows := hs.m.layout().listH
	before := fake.highlights
	_ = hs.m.View()
	if n := fake.highlights - before; n > rows {
		t.Fatalf("a frame of %d rows highlighted %d hits", rows, n)
	}
	before = fake.highlights
	_ = hs.m.View()
	if fake.highlights != before {
		t.Errorf("drawing the same rows again highlighted %d hits again", fake.highlights-before)
	}
	if row := hs.m.list.renderRows(hs.m.st, 120, 1, fixedNow)[0]; !strings.Contains(row, hs.m.st.matchSel.Render("Entry")) {
		t.Errorf("the selected row is not highlighted: %q", row)
	}
}

// gatedGets is the fixture store with the preview's reads of whole entries held back: each
// Get's answer is kept for the test to deliver.
type gatedGets struct {
	Catalogue
	held []tea.Msg
}

// collect runs cmd and the commands it batches, and returns their messages, blinks left out.
func collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil || isBlink(cmd) {
		return nil
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range batch {
			out = append(out, collect(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// update delivers msg and returns what its commands answer, undelivered.
func (hs *harness) update(msg tea.Msg) []tea.Msg {
	_, cmd := hs.m.Update(msg)
	return collect(cmd)
}

// TestPreviewReadsTheSelectionWhole: the list's entries are lean; the preview shows what they
// hold at once, and the summary once the entry has been read whole. An answer for an entry no
// longer selected never shows under another.
func TestPreviewReadsTheSelectionWhole(t *testing.T) {
	s := fixture.Open(t)
	cat := &gatedGets{Catalogue: s}
	hs := bareHarness(t, cat, 120, 30)
	for _, msg := range hs.update(hs.m.searchCmd("")()) {
		cat.held = append(cat.held, msg)
	}
	first, second := hs.m.list.hits[0].Entry, hs.m.list.hits[1].Entry
	if first.Summary != "" {
		t.Fatal("the list's entries are read whole: nothing to test")
	}
	whole := func(e *store.Entry) *store.Entry {
		w, err := s.Get(context.Background(), e.Slug)
		if err != nil || w.Summary == "" {
			t.Fatalf("%s: %v, summary %q", e.Slug, err, w.Summary)
		}
		return w
	}
	firstWhole, secondWhole := whole(first), whole(second)
	summary := func(e *store.Entry) string { return strings.Fields(e.Summary)[0] + " " + strings.Fields(e.Summary)[1] }
	if len(cat.held) != 1 {
		t.Fatalf("the list asked for %d whole entries, want 1 (the selection)", len(cat.held))
	}
	hs.mustSee(first.Name, first.Kind)
	hs.mustNotSee(summary(firstWhole))

	cat.held = append(cat.held, hs.update(keyMsg("down"))...)
	hs.send(cat.held[0]) // the first entry's answer, late
	hs.mustSee(second.Name)
	hs.mustNotSee(summary(firstWhole), summary(secondWhole))
	hs.send(cat.held[1])
	hs.mustSee(summary(secondWhole))

	// Back on the first entry, it is known already: nothing is read again.
	if again := hs.update(keyMsg("up")); len(again) != 0 {
		t.Errorf("going back read %d messages' worth again", len(again))
	}
	hs.mustSee(summary(firstWhole))
}
