package ui

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"quango/store"
	"quango/store/markdown"
	"quango/store/storetest/fixture"
)

func TestStartsOnTheWholeCatalogueByName(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.mustSee("8 entries · 6 dead · 2 alive", "sort: name", "type to search · ctrl+f filter · ctrl+s sort · f1 help")
	if got := hs.m.list.selected().Slug; got != "alpha-authority" {
		t.Errorf("first selected = %s, want alpha-authority (first by name)", got)
	}
	if !hs.m.input.Focused() {
		t.Error("the search box lacks the focus at start: typing would not search")
	}
}

func TestTypingAlwaysSearches(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.typeText("dpf")
	if hs.m.input.Value() != "dpf" {
		t.Fatalf("input %q, want \"dpf\"", hs.m.input.Value())
	}
	hs.mustSee("sort: best match", "DPfIT", "Delta Programme for IT")
	if got := hs.m.list.selected().Slug; got != "delta-programme" {
		t.Errorf("selected %s, want delta-programme", got)
	}
	// After moving, g is still a letter: GDE, GPSoC.
	hs.press("esc", "down", "down")
	hs.typeText("gb")
	if hs.m.input.Value() != "gb" || hs.m.list.selected().Slug != "gamma-board" {
		t.Errorf("g after moving: value %q, selected %s", hs.m.input.Value(), hs.m.list.selected().Slug)
	}
	// Capitals are letters too: SUS and SCR are searched for, not sorted.
	hs.press("esc")
	hs.typeText("SUS")
	if hs.m.input.Value() != "SUS" || hs.m.order != orderMatch {
		t.Errorf("typing SUS: value %q order %q", hs.m.input.Value(), hs.m.order)
	}
	hs.press("esc")
	hs.typeText("dpf")
	hs.typeText("qjk?# &'.+-9")
	if hs.quit || hs.m.input.Value() != "dpfqjk?# &'.+-9" {
		t.Errorf("quit=%v value=%q: every printable character must type", hs.quit, hs.m.input.Value())
	}
	hs.press("backspace")
	if hs.m.input.Value() != "dpfqjk?# &'.+-" {
		t.Errorf("backspace: %q", hs.m.input.Value())
	}
	// A pasted right-to-left override, escape or bell never reaches the query.
	hs.press("esc")
	hs.send(tea.PasteMsg{Content: "NHS\u202eX\x1b[31m\a"})
	if v := hs.m.input.Value(); v != "NHSX[31m" {
		t.Errorf("after a hostile paste the query is %q, want the printable part only", v)
	}
}

func TestSlashStartsAFreshSearchAndEscClears(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.press("/") // the search is fresh already: a / out of habit is not part of it
	hs.typeText("gamma")
	if hs.m.input.Value() != "gamma" {
		t.Fatalf("/ then gamma: %q", hs.m.input.Value())
	}
	hs.mustSee("1 of 8 entries", "Gamma Board")
	hs.press("esc")
	if hs.m.input.Value() != "" || hs.m.query != "" {
		t.Fatalf("esc left value=%q query=%q", hs.m.input.Value(), hs.m.query)
	}
	hs.mustSee("8 entries · 6 dead · 2 alive", "sort: name")
	// In the middle of a word, / is text: NHSE/I is an alias.
	hs.typeText("e/i")
	if hs.m.input.Value() != "e/i" {
		t.Errorf("typing e/i: %q", hs.m.input.Value())
	}
	// After moving, it is a new search.
	hs.press("down", "/")
	hs.typeText("gde")
	if hs.m.input.Value() != "gde" {
		t.Errorf("/ after moving, then gde: %q", hs.m.input.Value())
	}
	hs.press("esc")
	// Back from an entry or a view, and on a view, / is a new search, never an addition (on an
	// entry it finds in the entry's text).
	for _, keys := range [][]string{{"enter", "esc", "/"}, {"alt+t", "/"}, {"enter", "l", "/"}, {"alt+t", "esc", "/"}} {
		hs.typeText("gamma")
		hs.press(keys...)
		if hs.m.detail.open() || hs.m.input.Value() != "" {
			t.Fatalf("%v: open %v, value %q", keys, hs.m.detail.open(), hs.m.input.Value())
		}
		hs.typeText("gde")
		if hs.m.input.Value() != "gde" {
			t.Fatalf("%v then gde: %q", keys, hs.m.input.Value())
		}
		hs.press("esc")
	}
}

func TestQuitKeys(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.press("q")
	if hs.quit || hs.m.input.Value() != "q" {
		t.Errorf("q in the list: quit %v, value %q; it must type", hs.quit, hs.m.input.Value())
	}
	hs.press("ctrl+c")
	if !hs.quit {
		t.Error("ctrl+c did not quit")
	}
	hs = newHarness(t, fixture.Open(t), 80, 24)
	hs.press("enter", "q")
	if !hs.quit {
		t.Error("q on an entry did not quit")
	}
}

func TestMovementKeys(t *testing.T) {
	hs := newHarness(t, newFakeCatalogue(100), 80, 24)
	height := hs.m.layout().listH
	steps := []struct {
		key  string
		want int
	}{
		{"ctrl+n", 1}, {"down", 2}, {"ctrl+j", 3}, {"ctrl+k", 2}, {"ctrl+p", 1}, {"up", 0}, {"up", 0},
		{"pgdown", height - 1}, {"pgup", 0}, {"end", 99}, {"home", 0},
	}
	for _, s := range steps {
		hs.press(s.key)
		if hs.m.list.cursor != s.want {
			t.Fatalf("after %s cursor = %d, want %d", s.key, hs.m.list.cursor, s.want)
		}
	}
	hs.press("end")
	if !strings.Contains(hs.screen(), "› E99 ") {
		t.Errorf("the last row is not on screen after end:\n%s", hs.screen())
	}
	if hs.m.input.Value() != "" {
		t.Errorf("moving typed %q", hs.m.input.Value())
	}
}

func TestStaleSearchResultsAreDropped(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.typeText("beta")
	hs.mustSee("Beta Information Centre")
	// A slow answer to an earlier query arrives after the answer to the latest one.
	old := &store.SearchResult{Query: "bet", Hits: []store.Hit{{Entry: &store.Entry{Slug: "x", Name: "Stale Answer", Start: "2000"}}}}
	hs.send(searchMsg{query: "bet", result: old})
	hs.mustNotSee("Stale Answer")
	hs.mustSee("Beta Information Centre")
}

func TestSearchRunsInACommand(t *testing.T) {
	fake := newFakeCatalogue(10)
	m := New(context.Background(), fake, Options{Now: func() time.Time { return fixedNow }})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	before := fake.searches
	_, cmd := m.Update(keyMsg("x"))
	if fake.searches != before {
		t.Fatal("Update searched by itself; searching belongs in a command")
	}
	if cmd == nil {
		t.Fatal("typing returned no command to search")
	}
}

func TestOpenFollowLineageAndWalkBack(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.typeText("aa")
	hs.press("enter")
	hs.mustSee("quango › AA", "AA — Alpha Information Authority", "1\u00a0Apr\u00a01999\u00a0–\u00a01\u00a0Apr\u00a02005", "Lineage",
		"→ BIC — Beta Information Centre (replaced by, 1 Apr 2005)")

	hs.press("enter") // the only link: on to BIC
	hs.mustSee("quango › AA › BIC", "BIC — Beta Information Centre")
	hs.press("tab") // from AA (a predecessor) to GB (a successor)
	if got := hs.m.detail.top().link; got != 1 {
		t.Fatalf("tab selected link %d, want 1", got)
	}
	hs.press("enter")
	hs.mustSee("quango › AA › BIC › GB", "GB — Gamma Board")

	hs.press("esc")
	hs.mustSee("quango › AA › BIC")
	if got := hs.m.detail.top().link; got != 1 {
		t.Errorf("walking back lost the selected link: %d, want 1", got)
	}
	hs.press("backspace")
	hs.mustSee("quango › AA")
	hs.mustNotSee("quango › AA › BIC")
	hs.press("esc")
	if hs.m.inDetail() {
		t.Fatal("esc on the first entry did not return to the list")
	}
	if hs.m.query != "aa" || hs.m.list.selected().Slug != "alpha-authority" {
		t.Errorf("back on the list: query %q selected %s, want the search as it was", hs.m.query, hs.m.list.selected().Slug)
	}
}

func TestEntryScrolls(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 40, 12)
	hs.typeText("bic")
	hs.press("enter")
	hs.mustSee("top")
	for _, k := range []string{"j", "down", "pgdown"} {
		before := hs.m.detail.top().offset
		hs.press(k)
		if hs.m.detail.top().offset <= before {
			t.Fatalf("%s did not scroll down", k)
		}
	}
	hs.press("G")
	hs.mustSee("end")
	hs.press("g")
	if hs.m.detail.top().offset != 0 {
		t.Fatal("g did not return to the top")
	}
	hs.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown, Y: 5})
	if hs.m.detail.top().offset != 3 {
		t.Errorf("wheel scrolled to %d, want 3", hs.m.detail.top().offset)
	}
}

func TestEntryUsesTheExportMarkdown(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.typeText("bic")
	hs.press("enter")
	e, err := fixture.Open(t).Get(context.Background(), "beta-centre")
	if err != nil {
		t.Fatal(err)
	}
	// Export's note, shaped for a terminal: dates held together, each URL on a line of its own.
	want := markdown.Entry(e, markdown.Options{Version: hs.m.version, Now: fixedNow, Terminal: true})
	if hs.m.detail.doc.md != want {
		t.Errorf("the entry screen renders other Markdown than export:\n%s\nwant:\n%s", hs.m.detail.doc.md, want)
	}
	rendered, err := RenderMarkdown(want, 80, true, true)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ansi.Strip(rendered), ansi.Strip(hs.m.detail.doc.lines[0])) {
		t.Error("the entry screen's lines are not glamour's rendering of that Markdown")
	}
}

func TestFacetsFromTheMenu(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 40)
	hs.press("ctrl+f")
	if !hs.m.menu.open {
		t.Fatal("ctrl+f did not open the filter menu")
	}
	// Counts are what the list would hold: 5 bodies, 2 alive, 1 Scottish in the fixture.
	hs.mustSee("Kind", "Fate", "Nation", "Alive or dead", "Decade (alive during)")
	hs.menuCounts(map[string]string{"body": "5", "programme": "1", "england": "7", "scotland": "1", "wales": "0",
		"alive": "2", "dead": "6", "2010s": "6"})
	hs.press("space") // the first value: body
	hs.mustSee("5 of 8 entries", "[x] body")
	// Within the menu, counts now take the chosen kind into account.
	hs.menuCounts(map[string]string{"body": "5", "programme": "1", "alive": "1", "dead": "4"})
	hs.press("esc")
	hs.mustSee("5 of 8 entries")
	// The chosen filter stays in sight as a chip beside the search box once the menu is closed.
	if line := strings.Split(hs.screen(), "\n")[1]; !strings.HasSuffix(line, " body") {
		t.Errorf("the search line shows no chip for the filter: %q", line)
	}
	hs.press("esc") // no query: esc clears the filters
	hs.mustSee("8 entries · 6 dead · 2 alive")
	if hs.m.facets.any() {
		t.Error("esc left filters on")
	}
}

func TestFacetMenuByMouse(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.press("ctrl+f")
	lay := hs.m.layout()
	hs.send(tea.MouseClickMsg{Button: tea.MouseLeft, X: 50, Y: lay.menuY + 1}) // on the list beside it
	if hs.m.facets.any() {
		t.Fatal("a click beside the menu toggled a filter")
	}
	hs.send(tea.MouseClickMsg{Button: tea.MouseLeft, X: 5, Y: lay.menuY + 1}) // "body"
	hs.mustSee("5 of 8 entries", "[x] body")
	hs.send(tea.MouseClickMsg{Button: tea.MouseLeft, X: 5, Y: lay.menuY}) // the heading
	hs.mustSee("[x] body")
}

func TestFacetsCombine(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	choose := func(f facet, v string) {
		for i, it := range hs.m.menu.items {
			if it.facet == f && it.value == v {
				hs.m.menu.cursor = i
			}
		}
		hs.press("space")
	}
	hs.press("ctrl+f")
	choose(facetLife, "dead")
	hs.mustSee("6 of 8 entries")
	choose(facetDecade, "1990s")
	hs.mustSee("2 of 8 entries") // dead and alive in the 1990s: AA (1999) and Eta (1998)
	choose(facetDecade, "2020s")
	hs.mustSee("4 of 8 entries") // either decade widens
	hs.press("x")
	hs.mustSee("8 entries")
	choose(facetNation, "scotland")
	hs.mustSee("1 of 8 entries", "GB") // the Gamma Board is the fixture's one Scottish entry
}

func TestSortCycles(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	for _, want := range []struct{ label, first string }{
		{"sort: start (earliest first)", "eta-strategy"},
		{"sort: end (earliest first)", "eta-strategy"},
		{"sort: lifespan (shortest first)", "eta-strategy"},
		{"sort: recently ended", "beta-centre"},
		{"sort: name", "alpha-authority"},
	} {
		hs.press("ctrl+s")
		hs.mustSee(want.label)
		hs.press("home")
		if got := hs.m.list.selected().Slug; got != want.first {
			t.Errorf("%s: first is %s, want %s", want.label, got, want.first)
		}
	}
	// ctrl+r runs any order backwards.
	hs.press("ctrl+r")
	hs.mustSee("sort: name (Z to A)")
	if got := hs.m.list.hits[len(hs.m.list.hits)-1].Entry.Slug; got != "alpha-authority" {
		t.Errorf("reversed by name, the last is %s", got)
	}
	hs.press("ctrl+r")
	hs.mustSee("sort: name")
	// With a query the best match is one of the orders, and the default.
	hs.typeText("zeta")
	hs.mustSee("sort: best match")
	hs.press("ctrl+s")
	hs.mustSee("sort: name")
	if hs.m.input.Value() != "zeta" {
		t.Errorf("sorting changed the query to %q", hs.m.input.Value())
	}
}

func TestCopyExportAndOpenSource(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	e, err := fixture.Open(t).Get(context.Background(), "alpha-authority")
	if err != nil {
		t.Fatal(err)
	}
	// Export's note, shaped for a terminal: dates held together, each URL on a line of its own.
	want := markdown.Entry(e, markdown.Options{Version: hs.m.version, Now: fixedNow})
	// In the list these letters start a search: typing a word must never copy, write or open.
	hs.typeText("yeo")
	if len(hs.clip)+len(hs.opened) != 0 || hs.m.input.Value() != "yeo" {
		t.Fatalf("y, e, o in the list acted (clip %d, opened %d) instead of searching %q", len(hs.clip), len(hs.opened), hs.m.input.Value())
	}
	hs.press("esc", "enter")
	hs.mustSee("quango › AA")

	hs.press("y", "1")
	if len(hs.clip) != 1 || hs.clip[0] != want {
		t.Fatalf("y copied %q, want the entry's Markdown", hs.clip)
	}
	hs.mustSee("Sent the Markdown of AA to the clipboard")

	// c copies the briefing `quango cite` prints: one paragraph, then the sources.
	hs.press("c")
	e2, err := fixture.Open(t).Get(context.Background(), "alpha-authority")
	if err != nil {
		t.Fatal(err)
	}
	if len(hs.clip) != 2 || hs.clip[1] != markdown.CiteText(e2, fixedNow) || !strings.HasPrefix(hs.clip[1], "Alpha Information Authority (AA) was a") {
		t.Fatalf("c copied %q, want the briefing", hs.clip[1:])
	}
	hs.mustSee("Sent a briefing paragraph of AA to the clipboard")
	hs.clip = hs.clip[:1]

	hs.press("e")
	path := filepath.Join(hs.m.opts.Dir, "alpha-authority.md")
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Fatalf("e wrote %q (%v), want the entry's Markdown", got, err)
	}
	hs.mustSee("Wrote")
	// A second export must not touch the file, whatever it now holds.
	if err := os.WriteFile(path, []byte("my notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	hs.press("e")
	// The status wraps between words wherever the temporary folder's name puts the break.
	hs.mustSee("alpha-authority.md", "already")
	if !strings.Contains(hs.m.status, "alpha-authority.md already exists") {
		t.Errorf("status %q", hs.m.status)
	}
	if got, _ := os.ReadFile(path); string(got) != "my notes" {
		t.Fatalf("e overwrote a file: %q", got)
	}

	hs.press("o")
	if len(hs.opened) != 1 || hs.opened[0] != "https://example.org/alpha" {
		t.Fatalf("o opened %q", hs.opened)
	}
	hs.mustSee("Source: https://example.org/alpha") // the opener failed: the address is shown
	hs.press("j")
	hs.mustNotSee("Source: https://") // the status goes at the next key
	if entries, _ := os.ReadDir(hs.m.opts.Dir); len(entries) != 1 {
		t.Errorf("the export folder holds %d files, want 1", len(entries))
	}
}

func TestActionsOnTheOpenEntry(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.typeText("gb")
	hs.press("enter")
	hs.press("y", "enter")
	if len(hs.clip) != 1 || !strings.HasPrefix(hs.clip[0], "# GB — Gamma Board") {
		t.Fatalf("y in an entry copied %q", hs.clip)
	}
	hs.press("e")
	if _, err := os.Stat(filepath.Join(hs.m.opts.Dir, "gamma-board.md")); err != nil {
		t.Fatal(err)
	}
}

func TestMouse(t *testing.T) {
	hs := newHarness(t, newFakeCatalogue(100), 80, 24)
	lay := hs.m.layout()
	hs.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown, Y: lay.listY})
	if hs.m.list.offset != 3 || hs.m.list.cursor != 3 {
		t.Fatalf("wheel: offset %d cursor %d, want 3 and 3 (the selection follows the view)", hs.m.list.offset, hs.m.list.cursor)
	}
	hs.send(tea.MouseWheelMsg{Button: tea.MouseWheelUp, Y: lay.listY})
	if hs.m.list.offset != 0 {
		t.Fatalf("wheel up: offset %d", hs.m.list.offset)
	}
	click := tea.MouseClickMsg{Button: tea.MouseLeft, X: 5, Y: lay.listY + 4}
	hs.send(click)
	if hs.m.list.cursor != 4 || hs.m.inDetail() {
		t.Fatalf("click: cursor %d detail %v, want row 4 selected", hs.m.list.cursor, hs.m.inDetail())
	}
	hs.clock = hs.clock.Add(time.Second)
	hs.send(click) // too late to be a double click
	if hs.m.inDetail() {
		t.Fatal("two slow clicks opened the entry")
	}
	hs.clock = hs.clock.Add(200 * time.Millisecond)
	hs.send(click)
	if !hs.m.inDetail() || hs.m.detail.top().slug != hs.m.list.selected().Slug {
		t.Fatal("a double click did not open the row")
	}
}

func TestMouseFollowsLineage(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.typeText("bic")
	hs.press("enter")
	lay := hs.m.layout()
	second := tea.MouseClickMsg{Button: tea.MouseLeft, X: 4, Y: lay.lineageY + 2}
	hs.send(second)
	if hs.m.detail.top().link != 1 {
		t.Fatalf("click selected link %d, want 1", hs.m.detail.top().link)
	}
	hs.clock = hs.clock.Add(100 * time.Millisecond)
	hs.send(second)
	hs.mustSee("quango › BIC › GB")
}

func TestHelpIsGeneratedFromTheKeymap(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 100, 30)
	hs.press("f1")
	screen := hs.screen()
	for _, b := range hs.m.keysForUnderHelp().full {
		for _, k := range b {
			if !strings.Contains(screen, k.Help().Desc) {
				t.Errorf("help lacks %q (%s)", k.Help().Desc, k.Help().Key)
			}
		}
	}
	hs.press("?")
	if hs.m.showHelp {
		t.Fatal("? did not close the help")
	}
	// The entry screen has its own keys, and its help says so.
	hs.typeText("bic")
	hs.press("enter")
	hs.press("?")
	hs.mustSee("next link", "go to link", "copy… (note, briefing, address)", "write <slug>.md", "open a source…", "open that source")
	hs.press("esc")
	if hs.m.showHelp || !hs.m.inDetail() {
		t.Fatal("esc in help should close the help and stay on the entry")
	}
}

func TestHelpScrollsWhenTallerThanTheScreen(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 40, 12)
	hs.press("f1")
	hs.mustSee("↓ more", "↑↓ scroll")
	hs.mustNotSee("closes this help")
	hs.press("G")
	hs.mustSee("closes this help")
	hs.mustNotSee("↓ more")
	hs.press("g")
	hs.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if hs.m.helpOffset != 3 {
		t.Errorf("the wheel scrolled the help to %d, want 3", hs.m.helpOffset)
	}
	hs.press("esc")
	hs.press("f1")
	if hs.m.helpOffset != 0 {
		t.Error("the help reopened scrolled")
	}
	// A tall screen has room for it all, and says nothing about scrolling.
	hs = newHarness(t, fixture.Open(t), 120, 40)
	hs.press("f1")
	hs.mustSee("closes this help")
	hs.mustNotSee("↓ more", "↑↓ scroll")
}

func TestFooterShowsOnlyKeysThatWork(t *testing.T) {
	// Wide enough for the entry's whole footer, link keys (the last to go) included.
	hs := newHarness(t, fixture.Open(t), 140, 40)
	hs.mustNotSee("esc clear") // nothing to clear yet
	hs.typeText("zeta")
	hs.mustSee("esc clear")
	hs.mustNotSee("q quit") // q types here
	hs.press("enter")
	hs.mustSee("tab link", "enter go", "esc back", "y copy", "e export", "o source")
	// At 80 columns the entry's footer keeps what is read most (copy, export, source) and
	// drops the writes first.
	hs.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	hs.mustSee("? help", "y copy", "e export", "o source")
}

func TestDidYouMean(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.typeText("bci") // nothing matches: the suggestions are the list
	hs.mustSee("no matches", "Nothing matches “bci”. Did you mean:", "› BIC")

	// Weak matches and a suggestion: the suggestion comes first, and the notice says so.
	fake := newFakeCatalogue(20)
	hs = newHarness(t, fake, 80, 24)
	hs.typeText("nmber")
	weak := &store.SearchResult{Query: "nmber", Hits: []store.Hit{{Entry: fake.entries[3]}, {Entry: fake.entries[7]}},
		DidYouMean: []*store.Entry{fake.entries[7], fake.entries[12]}}
	hs.send(searchMsg{query: "nmber", result: weak})
	hs.mustSee("Did you mean E7, E12? (first below)", "3 of 20 entries")
	var got []string
	for _, h := range hs.m.list.hits {
		got = append(got, h.Entry.Acronym)
	}
	if strings.Join(got, " ") != "E7 E12 E3" {
		t.Errorf("rows %v, want the suggestions first and no entry twice", got)
	}
}

func TestTooSmall(t *testing.T) {
	for _, size := range [][2]int{{39, 12}, {40, 11}, {10, 3}} {
		hs := newHarness(t, fixture.Open(t), size[0], size[1])
		if size[0] >= 20 {
			hs.mustSee("Terminal too small", fmt.Sprintf("needs 40×12, has %d×%d", size[0], size[1]))
		} else {
			hs.mustSee("Terminal")
		}
		hs.press("j")
		hs.press("q")
		if !hs.quit {
			t.Errorf("%v: q does not quit on the too-small screen", size)
		}
	}
	hs := newHarness(t, fixture.Open(t), 30, 10)
	hs.send(tea.WindowSizeMsg{Width: 40, Height: 12})
	hs.mustSee("8 entries")
}

// TestEveryLineFits sweeps sizes and screens: no line may be wider than the terminal, and the
// view always fills its height exactly.
func TestEveryLineFits(t *testing.T) {
	cat := fixture.Open(t)
	screens := map[string][]string{
		"list":   nil,
		"search": {"b", "e", "t", "a"},
		"entry":  {"b", "i", "c", "enter"},
		"deeper": {"a", "a", "enter", "enter", "tab"},
		"help":   {"?"},
		"menu":   {"f", "space"},
		// The views, one over another, so the ones underneath are resized too.
		"timeline": {"T"},
		"lineage":  {"T", "l"},
		"numbers":  {"b", "i", "c", "enter", "s"},
		"viewhelp": {"T", "?"},
	}
	for name, keys := range screens {
		hs := newHarness(t, cat, 80, 24)
		hs.press(keys...)
		for w := 40; w <= 130; w += 9 {
			for h := 12; h <= 42; h += 6 {
				hs.send(tea.WindowSizeMsg{Width: w, Height: h})
				lines := strings.Split(hs.m.View().Content, "\n")
				if len(lines) != h {
					t.Errorf("%s at %d×%d: %d lines", name, w, h, len(lines))
				}
				for i, l := range lines {
					if lw := lipgloss.Width(l); lw > w {
						t.Errorf("%s at %d×%d: line %d is %d wide: %q", name, w, h, i, lw, ansi.Strip(l))
					}
				}
			}
		}
	}
}

func TestResizeReRendersTheEntry(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 120, 40)
	hs.typeText("bic")
	hs.press("enter")
	hs.send(tea.WindowSizeMsg{Width: 40, Height: 12})
	for _, l := range hs.m.detail.doc.lines {
		if lipgloss.Width(l) > 40 {
			t.Fatalf("after resizing, the entry still has a %d-wide line", lipgloss.Width(l))
		}
	}
	hs.mustSee("BIC — Beta")
}

func TestHighlightCountsRunes(t *testing.T) {
	plain, bold := lipgloss.NewStyle(), lipgloss.NewStyle().Bold(true)
	b := func(s string) string { return bold.Render(s) }
	cases := []struct {
		text  string
		pos   []int
		width int
		want  string
	}{
		{"Bürgerbüro", []int{1, 7}, 12, "B" + b("ü") + "rgerb" + b("ü") + "ro  "},
		{"e-RS", []int{0, 2, 3}, 4, b("e") + "-" + b("RS")},
		{"日本語", []int{1}, 5, "日" + b("本") + "…"},
		{"Health Education England", []int{0, 7, 17}, 10, b("H") + "ealth " + b("E") + "d…"},
		{"NHS", []int{5, -1}, 3, "NHS"}, // positions outside the text are ignored
	}
	for _, c := range cases {
		got := highlight(c.text, c.pos, c.width, plain, bold)
		if got != c.want {
			t.Errorf("highlight(%q, %v, %d) = %q, want %q", c.text, c.pos, c.width, got, c.want)
		}
		if w := lipgloss.Width(got); w != c.width {
			t.Errorf("highlight(%q) is %d wide, want %d", c.text, w, c.width)
		}
	}
}

func TestRowsHighlightMatchesAndAliases(t *testing.T) {
	fake := newFakeCatalogue(0)
	fake.add(&store.Entry{Slug: "oe", Acronym: "ÖGD", Name: "Öffentlicher Gesundheitsdienst", Kind: "body",
		Start: "1990", Fate: "active", Aliases: []string{"Gesundheitsamt"}})
	hs := newHarness(t, fake, 80, 24)
	hs.typeText("gesund")
	row := hs.m.list.renderRows(hs.m.st, 80, 1, fixedNow)[0]
	if !strings.Contains(row, hs.m.st.matchSel.Render("Gesund")) {
		t.Errorf("the matched runes after a non-ASCII letter are not highlighted: %q", row)
	}
	hit := store.Hit{Entry: fake.entries[0], Field: "alias", Matches: map[string][]int{"alias:0": {0, 1, 2}}}
	line := ansi.Strip(renderRow(hs.m.st, hit, layoutColumns(3, 90), 90, false, fixedNow))
	if !strings.Contains(line, "(Gesundheitsamt)") {
		t.Errorf("a hit on an alias does not show the alias: %q", line)
	}
}

func TestOnlyVisibleRowsAreRendered(t *testing.T) {
	hs := newHarness(t, newFakeCatalogue(5000), 80, 24)
	rows := hs.m.list.renderRows(hs.m.st, 80, hs.m.layout().listH, fixedNow)
	if len(rows) != hs.m.layout().listH {
		t.Fatalf("rendered %d rows for a %d-row list", len(rows), hs.m.layout().listH)
	}
	start := time.Now()
	for range 50 {
		hs.press("pgdown")
		_ = hs.m.View()
	}
	if d := time.Since(start) / 50; d > 20*time.Millisecond {
		t.Errorf("a page of 5,000 entries takes %v to draw", d)
	}
}

func TestNoColour(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.m.setStyles(newTheme(true, false))
	hs.typeText("bic")
	for _, screen := range []func(){func() {}, func() { hs.press("enter") }} {
		screen()
		out := hs.m.View().Content
		if strings.Contains(out, "38;") || strings.Contains(out, "48;") {
			t.Fatalf("colour codes with colour off:\n%q", out)
		}
	}
	if !strings.Contains(hs.m.View().Content, "\x1b[7m") {
		t.Error("without colour the selection should be in reverse video")
	}
}

func TestBackgroundColourSwitchesTheme(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	if !hs.m.st.dark {
		t.Fatal("the theme should assume dark until told")
	}
	hs.typeText("bic")
	hs.press("enter")
	darkLine := hs.m.detail.doc.lines[0]
	hs.send(tea.BackgroundColorMsg{Color: color.White})
	if hs.m.st.dark {
		t.Fatal("a white background did not switch to the light theme")
	}
	if hs.m.detail.doc.lines[0] == darkLine {
		t.Error("the open entry was not re-rendered for the light background")
	}
}
