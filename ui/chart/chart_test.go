package chart

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"quango/store"
	"quango/store/storetest/fixture"
)

var fixedNow = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

func fixtureEntries(t testing.TB) []*store.Entry {
	t.Helper()
	es, err := fixture.Open(t).List(context.Background(), store.Filter{Sort: "start"})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func fixtureLineage(t testing.TB, slug string) *store.Lineage {
	t.Helper()
	l, err := fixture.Open(t).Lineage(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

var colourStyles = NewStyles(DefaultPalette(true), true)

// assertFits fails for any line wider than w.
func assertFits(t *testing.T, what string, out string, w int) {
	t.Helper()
	for i, line := range strings.Split(out, "\n") {
		if Width(line) > w {
			t.Errorf("%s: line %d is %d wide, more than %d: %q", what, i+1, Width(line), w, line)
		}
	}
}

func TestTimelineGolden(t *testing.T) {
	entries := fixtureEntries(t)
	t.Run("cli-80", func(t *testing.T) {
		golden.RequireEqual(t, RenderTimeline(entries, TimelineOptions{Width: 80, Now: fixedNow, Cursor: -1}))
	})
	t.Run("cli-44", func(t *testing.T) {
		golden.RequireEqual(t, RenderTimeline(entries, TimelineOptions{Width: 44, Now: fixedNow, Cursor: -1}))
	})
	t.Run("view-80x12", func(t *testing.T) {
		tl := NewTimeline(entries, Styles{}, fixedNow)
		tl.SetSize(80, 12)
		tl, _ = tl.Update(press("down"))
		tl, _ = tl.Update(press("down"))
		golden.RequireEqual(t, tl.View())
	})
	t.Run("view-zoomed-70x10", func(t *testing.T) {
		tl := NewTimeline(entries, Styles{}, fixedNow)
		tl.SetSize(70, 10)
		tl, _ = tl.Update(press("+"))
		tl, _ = tl.Update(press("right"))
		golden.RequireEqual(t, tl.View())
	})
	t.Run("view-colour-80x12", func(t *testing.T) {
		tl := NewTimeline(entries, colourStyles, fixedNow)
		tl.SetSize(80, 12)
		golden.RequireEqual(t, tl.View())
	})
}

func TestLineageGolden(t *testing.T) {
	t.Run("cli-gamma", func(t *testing.T) {
		golden.RequireEqual(t, RenderLineage(fixtureLineage(t, "gamma-board"), LineageOptions{Cursor: -1}))
	})
	t.Run("cli-beta-50", func(t *testing.T) {
		golden.RequireEqual(t, RenderLineage(fixtureLineage(t, "beta-centre"), LineageOptions{Width: 50, Cursor: -1}))
	})
	t.Run("cli-eta-alone", func(t *testing.T) {
		golden.RequireEqual(t, RenderLineage(fixtureLineage(t, "eta-strategy"), LineageOptions{Cursor: -1}))
	})
	t.Run("view-beta-70x6", func(t *testing.T) {
		m := NewLineage(fixtureLineage(t, "beta-centre"), Styles{})
		m.SetSize(70, 6)
		m, _ = m.Update(press("down"))
		golden.RequireEqual(t, m.View())
	})
	t.Run("view-colour-beta-70x6", func(t *testing.T) {
		m := NewLineage(fixtureLineage(t, "beta-centre"), colourStyles)
		m.SetSize(70, 6)
		golden.RequireEqual(t, m.View())
	})
}

func TestStatsGolden(t *testing.T) {
	st := store.ComputeStats(fixtureEntries(t), fixedNow)
	t.Run("cli-80", func(t *testing.T) {
		golden.RequireEqual(t, RenderStats(st, StatsOptions{Width: 80}))
	})
	t.Run("view-60x14", func(t *testing.T) {
		m := NewStats(st, Styles{})
		m.SetSize(60, 14)
		m, _ = m.Update(press("j"))
		golden.RequireEqual(t, m.View())
	})
}

// TestNothingOverflows sweeps widths, with and without colour, and a label of wide characters.
func TestNothingOverflows(t *testing.T) {
	entries := fixtureEntries(t)
	wide := *entries[0]
	wide.Slug, wide.Acronym, wide.Name = "wide", "医療情報システム管理局", "医療情報システム管理局"
	entries = append(entries, &wide)
	st := store.ComputeStats(entries, fixedNow)
	l := fixtureLineage(t, "gamma-board")
	for _, styles := range []Styles{{}, colourStyles} {
		for w := 8; w <= 140; w += 3 {
			assertFits(t, fmt.Sprintf("timeline %d", w), RenderTimeline(entries, TimelineOptions{Width: w, Now: fixedNow, Cursor: -1, Styles: styles}), w)
			tl := NewTimeline(entries, styles, fixedNow)
			tl.SetSize(w, 12)
			assertFits(t, fmt.Sprintf("timeline view %d", w), tl.View(), w)
			if n := len(strings.Split(tl.View(), "\n")); n > 12 {
				t.Errorf("timeline view at height 12 has %d lines", n)
			}
			assertFits(t, fmt.Sprintf("lineage %d", w), RenderLineage(l, LineageOptions{Width: w, Cursor: 0, Styles: styles}), w)
			if w >= 20 {
				assertFits(t, fmt.Sprintf("stats %d", w), RenderStats(st, StatsOptions{Width: w, Styles: styles}), w)
			}
		}
	}
	// The wide label is cut on a character boundary, and the bars after it stay aligned.
	out := RenderTimeline(entries, TimelineOptions{Width: 60, Now: fixedNow, Cursor: -1})
	var cols []int
	for _, line := range strings.Split(out, "\n") {
		for _, fate := range []string{"abolished", "merged", "active", "closed", "cancelled"} {
			if i := strings.Index(line, " "+fate+" "); i >= 0 {
				cols = append(cols, Width(line[:i]))
				break
			}
		}
	}
	for _, c := range cols {
		if c != cols[0] {
			t.Errorf("fate column starts at %v: not aligned\n%s", cols, out)
			break
		}
	}
	if !strings.Contains(out, "医療") || strings.ContainsRune(out, '\uFFFD') {
		t.Errorf("the wide label is missing or split:\n%s", out)
	}
}

// TestPlainHasNoEscapes: with colour off nothing but text is written.
func TestPlainHasNoEscapes(t *testing.T) {
	entries := fixtureEntries(t)
	for name, out := range map[string]string{
		"timeline": RenderTimeline(entries, TimelineOptions{Width: 80, Now: fixedNow, Cursor: 1}),
		"lineage":  RenderLineage(fixtureLineage(t, "beta-centre"), LineageOptions{Cursor: 1}),
		"stats":    RenderStats(store.ComputeStats(entries, fixedNow), StatsOptions{Width: 80}),
	} {
		if strings.Contains(out, "\x1b") {
			t.Errorf("%s: plain output holds an escape sequence", name)
		}
	}
	if out := RenderTimeline(entries, TimelineOptions{Width: 80, Now: fixedNow, Cursor: -1, Styles: colourStyles}); !strings.Contains(out, "\x1b[") {
		t.Error("coloured timeline has no colour")
	}
}

func openedSlug(t *testing.T, cmd tea.Cmd) string {
	t.Helper()
	if cmd == nil {
		t.Fatal("Enter sent no command")
	}
	msg, ok := cmd().(OpenEntryMsg)
	if !ok {
		t.Fatalf("Enter sent %T, want OpenEntryMsg", cmd())
	}
	return msg.Slug
}

func TestTimelineKeys(t *testing.T) {
	entries := fixtureEntries(t)
	tl := NewTimeline(entries, Styles{}, fixedNow)
	if tl.View() != "" {
		t.Error("View before SetSize must be empty")
	}
	tl.SetSize(80, 8) // four rows of entries
	if got := tl.Selected().Slug; got != entries[0].Slug {
		t.Errorf("starts on %s", got)
	}
	for range 5 {
		tl, _ = tl.Update(press("j"))
	}
	if got := tl.Selected().Slug; got != entries[5].Slug {
		t.Errorf("after five downs: %s, want %s", got, entries[5].Slug)
	}
	if !strings.Contains(tl.View(), "▸ "+entries[5].Label()) {
		t.Errorf("the cursor row scrolled out of view:\n%s", tl.View())
	}
	_, cmd := tl.Update(press("enter"))
	if got := openedSlug(t, cmd); got != entries[5].Slug {
		t.Errorf("Enter opened %s, want %s", got, entries[5].Slug)
	}
	tl, _ = tl.Update(press("G"))
	tl, _ = tl.Update(press("down"))
	if tl.Selected() != entries[len(entries)-1] {
		t.Error("down at the end must stay on the last row")
	}

	full := tl.Range()
	if full != (YearRange{From: 1990, To: 2027}) {
		t.Errorf("default range %v, want 1990–2027", full)
	}
	tl, _ = tl.Update(press("+"))
	if got := tl.Range().Span(); got != 18 && got != 19 {
		t.Errorf("zoomed in: span %v, want about half of 37", got)
	}
	before := tl.Range()
	tl, _ = tl.Update(press("left"))
	if tl.Range().From >= before.From || tl.Range().Span() != before.Span() {
		t.Errorf("pan left: %v → %v", before, tl.Range())
	}
	for range 20 {
		tl, _ = tl.Update(press("left"))
	}
	if tl.Range().From != 1998 {
		// The fixture's oldest entry starts in 1998, inside the default range: the view stops at 1990.
		if tl.Range().From != 1990 {
			t.Errorf("panned past the oldest year: %v", tl.Range())
		}
	}
	for range 10 {
		tl, _ = tl.Update(press("-"))
	}
	if tl.Range() != full {
		t.Errorf("zoomed all the way out: %v, want %v", tl.Range(), full)
	}
	for range 10 {
		tl, _ = tl.Update(press("+"))
	}
	if tl.Range().Span() < minSpan {
		t.Errorf("zoomed in past %d years: %v", minSpan, tl.Range())
	}
	tl, _ = tl.Update(press("0"))
	if tl.Range() != full {
		t.Errorf("0 resets the range; got %v", tl.Range())
	}

	if !tl.Select("zeta-improvement") || tl.Selected().Slug != "zeta-improvement" || tl.Select("nope") {
		t.Error("Select did not move to the entry, or claimed one that is not there")
	}
	if !strings.Contains(tl.View(), "▸ ZI") {
		t.Errorf("the selected row is not in view:\n%s", tl.View())
	}

	// A new filter keeps the cursor on the same entry when it is still there.
	keep := tl.Selected()
	tl.SetEntries(append([]*store.Entry{entries[len(entries)-1]}, entries[:len(entries)-1]...))
	if tl.Selected() != keep {
		t.Errorf("SetEntries moved the cursor from %s to %s", keep.Slug, tl.Selected().Slug)
	}
	tl.SetEntries(nil)
	if tl.Selected() != nil || !strings.Contains(tl.View(), "no entries") {
		t.Errorf("an empty timeline: %v\n%s", tl.Selected(), tl.View())
	}
	if _, cmd := tl.Update(press("enter")); cmd != nil {
		t.Error("Enter on an empty timeline must do nothing")
	}
}

func TestLineageKeys(t *testing.T) {
	m := NewLineage(fixtureLineage(t, "gamma-board"), Styles{})
	m.SetSize(60, 3)
	if m.Selected().Slug != "gamma-board" || m.Root() != "gamma-board" {
		t.Errorf("starts on %v", m.Selected())
	}
	// Rows: gamma, "came from", beta, alpha, zeta. Down skips the heading.
	m, _ = m.Update(press("down"))
	if m.Selected().Slug != "beta-centre" {
		t.Errorf("down from the root: %s, want beta-centre", m.Selected().Slug)
	}
	m, _ = m.Update(press("j"))
	m, _ = m.Update(press("j"))
	m, _ = m.Update(press("j"))
	if m.Selected().Slug != "zeta-improvement" {
		t.Errorf("at the bottom: %s", m.Selected().Slug)
	}
	if !strings.Contains(m.View(), "[ZI]") {
		t.Errorf("the cursor scrolled out of view:\n%s", m.View())
	}
	_, cmd := m.Update(press("enter"))
	if got := openedSlug(t, cmd); got != "zeta-improvement" {
		t.Errorf("Enter opened %s", got)
	}
	m, _ = m.Update(press("up"))
	m, _ = m.Update(press("up"))
	m, _ = m.Update(press("up"))
	m, _ = m.Update(press("up"))
	if m.Selected().Slug != "gamma-board" {
		t.Errorf("back at the top: %s", m.Selected().Slug)
	}
}

func TestStatsScroll(t *testing.T) {
	m := NewStats(store.ComputeStats(fixtureEntries(t), fixedNow), Styles{})
	if m.View() != "" {
		t.Error("View before SetSize must be empty")
	}
	m.SetSize(60, 5)
	top := m.View()
	m, _ = m.Update(press("down"))
	if m.View() == top {
		t.Error("down did not scroll")
	}
	m, _ = m.Update(press("G"))
	last := strings.Split(m.View(), "\n")
	if len(last) != 5 {
		t.Errorf("the last page has %d lines, want 5", len(last))
	}
	m, _ = m.Update(press("g"))
	if m.View() != top {
		t.Error("g did not return to the top")
	}
}

// TestEmptyInputs: nothing to draw is never a panic.
func TestEmptyInputs(t *testing.T) {
	if out := RenderTimeline(nil, TimelineOptions{Width: 60, Now: fixedNow, Cursor: -1}); !strings.Contains(out, "(no entries)") {
		t.Errorf("empty timeline:\n%s", out)
	}
	st := store.ComputeStats(nil, fixedNow)
	if out := RenderStats(st, StatsOptions{Width: 60}); !strings.Contains(out, "0 entries") {
		t.Errorf("empty stats:\n%s", out)
	}
	m := NewLineage(nil, Styles{})
	m.SetSize(40, 5)
	for _, k := range []string{"down", "up", "G", "g", "enter"} {
		var cmd tea.Cmd
		if m, cmd = m.Update(press(k)); cmd != nil {
			t.Errorf("%s on an empty lineage sent a command", k)
		}
	}
	if m.View() != "" || m.Selected() != nil {
		t.Error("an empty lineage draws something")
	}
	tl := NewTimeline(nil, Styles{}, fixedNow)
	tl.SetSize(40, 1)
	for _, k := range []string{"down", "+", "-", "left", "right", "G", "enter"} {
		tl, _ = tl.Update(press(k))
	}
	if n := strings.Count(tl.View(), "\n"); n != 0 {
		t.Errorf("a timeline one line high drew %d lines", n+1)
	}
}
