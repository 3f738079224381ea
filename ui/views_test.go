package ui

import (
	"context"
	"image/color"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"quango/store/storetest/fixture"
	"quango/ui/chart"
)

// top is the kind of screen on top of the path, and whether there is one.
func (hs *harness) top() (viewKind, bool) {
	f := hs.m.detail.top()
	if f == nil {
		return 0, false
	}
	return f.kind, true
}

func (hs *harness) mustBeOn(kind viewKind) {
	hs.t.Helper()
	if got, ok := hs.top(); !ok || got != kind {
		hs.t.Fatalf("on screen %v (open %v), want %v:\n%s", got, ok, kind, hs.screen())
	}
}

func (hs *harness) mustBeOnList() {
	hs.t.Helper()
	if k, ok := hs.top(); ok {
		hs.t.Fatalf("on screen %v, want the list:\n%s", k, hs.screen())
	}
}

func TestViewsFromTheListAndBack(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.press("down") // BIC, second by name
	hs.press("alt+t")
	hs.mustBeOn(viewTimeline)
	hs.mustSee("quango › timeline", "all 8 entries", "1990", "2020", "▸ BIC", "Beta Information Centre · Apr 2005 – 1 Feb 2023")
	hs.press("esc")
	hs.mustBeOnList()
	if hs.m.list.selected().Slug != "beta-centre" || !hs.m.input.Focused() {
		t.Fatalf("back on the list: selected %s, focused %v", hs.m.list.selected().Slug, hs.m.input.Focused())
	}

	hs.press("alt+l")
	hs.mustBeOn(viewLineage)
	hs.mustSee("quango › lineage of BIC", "came from", "└─ AA 1999–2005", "led to", "└─ GB 2012–")
	hs.press("backspace")
	hs.mustBeOnList()

	hs.press("alt+s")
	hs.mustBeOn(viewNumbers)
	hs.mustSee("quango › numbers", "The graveyard in numbers", "8 entries: 2 alive, 6 dead")
	hs.press("esc")
	hs.mustBeOnList()
	hs.mustSee("8 entries · 6 dead · 2 alive", "sort: name")
}

// Lower-case t, l and s begin too many acronyms (TPP, LSP, SUS) to be commands in the list.
func TestLowerCaseLettersStillSearchInTheList(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.typeText("tls")
	hs.mustBeOnList()
	if hs.m.input.Value() != "tls" {
		t.Fatalf("typing tls: search %q", hs.m.input.Value())
	}
	// While typing, the upper-case view keys and # are text too.
	hs.typeText("TL#")
	hs.mustBeOnList()
	if hs.m.input.Value() != "tlsTL#" {
		t.Errorf("typing TL# in the search box: %q", hs.m.input.Value())
	}
}

func TestViewsFromAnEntryAndWalkingBack(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.typeText("bic")
	hs.press("enter")
	hs.mustSee("quango › BIC")

	// t: the timeline of the entry's family (AA before it, GB after), not of the search,
	// which lists BIC alone.
	hs.press("t")
	hs.mustBeOn(viewTimeline)
	hs.mustSee("quango › BIC › timeline", "the family of BIC · 3 entries", "▸ BIC", "AA", "GB")
	tl := hs.m.detail.top().chart.(*timelineScreen)
	if got := tl.c.Selected(); got == nil || got.Slug != "beta-centre" {
		t.Errorf("the family timeline opens on %v, want BIC", got)
	}
	hs.press("enter") // the row under the cursor opens as the next step
	hs.mustBeOn(viewEntry)
	hs.mustSee("quango › BIC › timeline › BIC", "BIC — Beta Information Centre")
	hs.press("esc")
	hs.mustBeOn(viewTimeline)
	hs.press("esc")
	hs.mustBeOn(viewEntry)
	hs.mustSee("quango › BIC ", "BIC — Beta Information Centre")

	// l: the whole family tree; Enter on a node opens it; l on a node draws its own tree.
	hs.press("l")
	hs.mustBeOn(viewLineage)
	hs.mustSee("quango › BIC › lineage of BIC", "└─ AA", "└─ GB")
	hs.press("down")
	hs.press("enter")
	hs.mustBeOn(viewEntry)
	hs.mustSee("quango › BIC › lineage of BIC › AA", "AA — Alpha Information Authority")
	hs.press("esc")
	hs.mustBeOn(viewLineage)
	if got := hs.m.detail.top().chart.selected(); got != "alpha-authority" {
		t.Errorf("walking back lost the lineage's cursor: on %q, want alpha-authority", got)
	}
	hs.press("l")
	hs.mustSee("lineage of BIC › lineage of AA")
	hs.press("esc")
	hs.press("esc")
	hs.mustBeOn(viewEntry)

	// s: the numbers; t from there, and back through both.
	hs.press("s")
	hs.mustBeOn(viewNumbers)
	hs.mustSee("quango › BIC › numbers", "The graveyard in numbers")
	hs.press("s") // already here: nothing new on the path
	hs.press("t")
	hs.mustSee("quango › BIC › numbers › timeline")
	hs.press("esc")
	hs.mustBeOn(viewNumbers)
	hs.press("esc")
	hs.mustBeOn(viewEntry)
	hs.press("esc")
	hs.mustBeOnList()
	if hs.m.query != "bic" {
		t.Errorf("back on the list the search is %q, want bic", hs.m.query)
	}
}

func TestTimelineDrawsTheFilteredList(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.press("ctrl+f")
	// The menu's first value is a kind; toggling it keeps only that kind.
	hs.press("down", "space", "esc")
	shown := len(hs.m.list.hits)
	if shown == 0 || shown == 8 {
		t.Fatalf("the filter left %d entries", shown)
	}
	hs.press("alt+t")
	tl := hs.m.detail.top().chart.(*timelineScreen)
	hs.mustSee("of 8 entries · filtered")
	// Every row is an entry of the list, by start date.
	rows := 0
	for tl.c.Selected() != nil && rows < 20 {
		e := tl.c.Selected()
		found := false
		for _, h := range hs.m.list.hits {
			found = found || h.Entry.Slug == e.Slug
		}
		if !found {
			t.Errorf("the timeline draws %s, which the list does not show", e.Slug)
		}
		rows++
		before := e.Slug
		hs.press("down")
		if tl.c.Selected().Slug == before {
			break
		}
	}
	if rows != shown {
		t.Errorf("the timeline has %d rows, the list %d", rows, shown)
	}
}

func TestTimelineKeysReachTheChart(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.press("alt+t")
	tl := hs.m.detail.top().chart.(*timelineScreen)
	span := tl.c.Range().Span()
	hs.press("+")
	if got := tl.c.Range().Span(); got >= span {
		t.Errorf("+ did not zoom in: %v years, was %v", got, span)
	}
	from := tl.c.Range().From
	hs.press("left")
	if tl.c.Range().From >= from {
		t.Errorf("← did not pan earlier: from %v, was %v", tl.c.Range().From, from)
	}
	hs.press("0")
	if tl.c.Range() != chart.DefaultRange(fixedNow) {
		t.Errorf("0 did not reset the range: %v", tl.c.Range())
	}
	first := tl.selected()
	hs.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if tl.selected() == first {
		t.Error("the wheel did not move the timeline's cursor")
	}
	// The chart's keys are in the footer and the help, with the ways on and back.
	hs.mustSee("enter open", "esc back", "+/- zoom", "←→ pan", "l lineage")
	hs.press("?")
	hs.mustSee("zoom in", "zoom out", "earlier", "later", "1990 → now", "lineage of the chosen entry", "numbers", "new search")
	hs.press("esc")
	hs.mustBeOn(viewTimeline)
	// / leaves the views for a new search.
	hs.press("/")
	hs.mustBeOnList()
	if !hs.m.input.Focused() {
		t.Error("/ on the timeline did not focus the search")
	}
}

// TestChartLoadsAreTaggedAndStaleOnesDropped holds the commands back, as a slow store would, and
// delivers their answers late.
func TestChartLoadsAreTaggedAndStaleOnesDropped(t *testing.T) {
	cat := fixture.Open(t)
	m := New(context.Background(), cat, Options{Colour: true, Now: func() time.Time { return fixedNow }})
	deliver := func(cmd tea.Cmd) {
		t.Helper()
		if cmd == nil {
			t.Fatal("no command")
		}
		m.Update(cmd())
	}
	for _, c := range []tea.Cmd{m.countsCmd(), m.searchCmd("")} {
		deliver(c)
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})

	_, first := m.Update(keyMsg("alt+l")) // AA's lineage, first by name
	if !strings.Contains(m.View().Content, "Loading…") {
		t.Fatalf("the lineage screen does not say it is loading:\n%s", m.View().Content)
	}
	m.Update(keyMsg("esc"))
	m.Update(keyMsg("down"))
	_, second := m.Update(keyMsg("alt+l")) // BIC's
	deliver(first)                         // AA's answer, for a screen already left
	if f := m.detail.top(); f.chart != nil || f.slug != "beta-centre" {
		t.Fatalf("a stale lineage was shown: top is %s with chart %v", f.slug, f.chart)
	}
	deliver(second)
	if got := m.detail.top().chart; got == nil || got.(*lineageScreen).c.Root() != "beta-centre" {
		t.Fatalf("BIC's lineage did not arrive: %v", got)
	}

	_, numbers := m.Update(keyMsg("alt+s"))
	m.Update(keyMsg("esc"))
	deliver(numbers) // the numbers screen was left before they came
	if f := m.detail.top(); f.kind != viewLineage {
		t.Fatalf("a stale answer changed the screen to %v", f.kind)
	}
}

func TestChartDataIsLoadedInCommands(t *testing.T) {
	fake := newFakeCatalogue(20)
	hs := newHarness(t, fake, 80, 24)
	_, cmd := hs.m.Update(keyMsg("alt+l"))
	if fake.lineages != 0 || cmd == nil {
		t.Fatalf("Update loaded the lineage itself (%d loads, command %v)", fake.lineages, cmd != nil)
	}
	hs.run(cmd)
	hs.mustSee("lineage of E0", "no predecessors or successors are recorded")
	hs.press("esc")
	_, cmd = hs.m.Update(keyMsg("alt+s"))
	if fake.stats != 0 || cmd == nil {
		t.Fatalf("Update computed the numbers itself (%d, command %v)", fake.stats, cmd != nil)
	}
	hs.run(cmd)
	hs.mustSee("20 entries: 13 alive, 7 dead")
}

func TestLineageNeedsAnEntry(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.typeText("zzzzqqq")
	hs.press("tab")
	if len(hs.m.list.hits) != 0 {
		t.Skipf("the search still lists %d entries", len(hs.m.list.hits))
	}
	hs.press("alt+l")
	hs.mustBeOnList()
	hs.mustSee("Choose an entry first")
	hs.press("alt+t") // an empty timeline is still a timeline, and says why it is empty
	hs.mustSee("(no entries match)")
}

// sgrColour finds a colour in an SGR sequence: 30–49 or 90–107 as a parameter.
var sgrColour = regexp.MustCompile(`\x1b\[(?:[0-9]*;)*(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])[;m]`)

func TestChartsWithoutColour(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.m.setStyles(newTheme(true, false))
	for _, keys := range [][]string{{"alt+t"}, {"alt+l"}, {"alt+s"}} {
		hs.press(keys...)
		if loc := sgrColour.FindStringIndex(hs.m.View().Content); loc != nil {
			t.Errorf("%v without colour draws a colour: %q", keys, hs.m.View().Content[loc[0]:loc[1]])
		}
		hs.press("esc")
	}
}

func TestChartsFollowTheBackground(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.press("alt+t")
	dark := hs.m.View().Content
	hs.send(tea.BackgroundColorMsg{Color: color.White})
	light := hs.m.View().Content
	if dark == light {
		t.Fatal("the timeline kept its dark colours on a light background")
	}
	// The same screen drawn fresh on a light background: the restyled chart matches it.
	fresh := newHarness(t, fixture.Open(t), 80, 24)
	fresh.send(tea.BackgroundColorMsg{Color: color.White})
	fresh.press("alt+t")
	if fresh.m.View().Content != light {
		t.Error("the restyled timeline differs from one opened on a light background")
	}
}

func TestChartsResizeWithTheWindow(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 120, 40)
	hs.press("alt+t")
	hs.press("alt+l") // the lineage of the row under the cursor, over the timeline
	hs.mustSee("timeline › lineage of")
	hs.send(tea.WindowSizeMsg{Width: 40, Height: 12})
	hs.press("esc")
	hs.mustBeOn(viewTimeline)
	for i, l := range strings.Split(hs.screen(), "\n") {
		if w := len([]rune(l)); w > 40 {
			t.Errorf("line %d is %d wide after resizing under the lineage: %q", i, w, l)
		}
	}
	if n := strings.Count(hs.m.View().Content, "\n") + 1; n != 12 {
		t.Errorf("%d lines at 40×12", n)
	}
}

// Zooming in keeps the entry under the cursor on screen: a user zooms to look closer at it.
func TestTimelineZoomKeepsTheChosenEntryInView(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.press("alt+t", "G") // the last to start: ZI, 2016–2022
	tl := hs.m.detail.top().chart.(*timelineScreen)
	e := tl.c.Selected()
	for range 3 {
		hs.press("+")
		r := tl.c.Range()
		if e.EndKey < r.From || e.StartKey > r.To {
			t.Fatalf("zoomed to %v, which loses %s (%v–%v)", r, e.Label(), e.StartKey, e.EndKey)
		}
	}
	hs.mustSee("▸ ZI")
}

func TestLateOpenFromALeftChartIsDropped(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.press("alt+t")
	_, open := hs.m.Update(keyMsg("enter")) // held back, as a busy program would
	hs.press("esc")
	hs.press("alt+l") // another chart is on top when the old request arrives
	hs.run(open)
	hs.mustBeOn(viewLineage)
}

// The numbers have no cursor: from them, l and t go by the entry beneath.
func TestViewsFromTheNumbersUseTheEntryBeneath(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.typeText("gb")
	hs.press("enter", "s", "l")
	hs.mustSee("quango › GB › numbers › lineage of GB")
}

// TestFindInTheEntry: / on an open entry finds a word in its text, n and N walk its lines, esc
// ends the find and the next esc goes back; n is a note again once the find has ended.
func TestFindInTheEntry(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.typeText("bic")
	hs.press("enter", "/")
	if !hs.m.find.typing {
		t.Fatal("/ on an entry did not open the find prompt")
	}
	hs.typeText("gamma")
	hs.press("enter")
	n := len(hs.m.find.lines)
	if n < 2 {
		t.Fatalf("found gamma on %d lines, want several", n)
	}
	hs.mustSee(`“gamma” 1/`, "n/N next/previous match")
	first := hs.m.find.lines[hs.m.find.cur]
	hs.press("n")
	if hs.m.find.cur != 1 {
		t.Errorf("n went to match %d", hs.m.find.cur)
	}
	hs.press("N", "N")
	if hs.m.find.cur != n-1 {
		t.Errorf("N twice from the second went to %d, want the last (%d)", hs.m.find.cur, n-1)
	}
	hs.press("n")
	if hs.m.find.lines[hs.m.find.cur] != first {
		t.Error("n from the last did not go round to the first")
	}
	if hs.m.editor != nil {
		t.Fatal("n during a find opened the note form")
	}
	hs.press("esc")
	if hs.m.find.active("beta-centre") || !hs.m.inDetail() {
		t.Fatalf("esc: find %v, on the entry %v", hs.m.find.active("beta-centre"), hs.m.inDetail())
	}
	hs.press("/")
	hs.typeText("zzzz")
	hs.press("enter")
	hs.mustSee("“zzzz” is not in this entry")
	hs.press("esc")
	hs.mustBeOnList()
}
