package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"quango/store/storetest/fixture"
)

// TestListHelpNamesTheFunctionKeys: where Alt does not reach (macOS Terminal sends Option as a
// character), the list's views and reload are on F2–F5; the help says so, and they work.
func TestListHelpNamesTheFunctionKeys(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 100, 30)
	hs.press("f1")
	hs.mustSee("alt+t/f2 timeline", "alt+l/f3 lineage", "alt+s/f4 numbers", "alt+r/f5 reload")
	hs.press("esc", "f2")
	hs.mustSee("quango › timeline")
}

// TestEmptyListHintsTypeableKeys: when the filters hide everything, the hint names the key that
// changes them in the list, Ctrl+F; a bare f would only be typed into the search.
func TestEmptyListHintsTypeableKeys(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 100, 30)
	hs.press("ctrl+f")
	for i, it := range hs.m.menu.items {
		if it.facet == facetLife && it.value == "alive" {
			hs.m.menu.cursor = i
		}
	}
	hs.press("space", "esc")
	hs.typeText("zeta") // both Zeta Improvements are dead
	hs.mustSee("The filters hide all 2 matches for “zeta”; esc clears, ctrl+f changes them.")
	hs.press("esc") // the search goes; the filters stay
	hs.press("ctrl+f")
	for i, it := range hs.m.menu.items {
		if it.facet == facetDecade && it.value == "1990s" { // and alive: nothing
			hs.m.menu.cursor = i
		}
	}
	hs.press("space", "esc")
	hs.mustSee("No entry passes these filters; esc clears, ctrl+f changes them.")
}

// TestFindTakesAPaste: a word pasted into the entry's find prompt is found, as one typed is,
// without the control or bidi characters a paste can carry, typed or pasted.
func TestFindTakesAPaste(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.typeText("bic")
	hs.press("enter", "/")
	hs.send(tea.PasteMsg{Content: "gam\u202em\x1b"})
	hs.send(tea.KeyPressMsg{Code: 0x2066, Text: "\u2066"})
	hs.typeText("a")
	if v := hs.m.View().Content; strings.ContainsFunc(v, func(r rune) bool { return r == 0x202e || r == 0x2066 }) {
		t.Fatalf("a bidi character reached the screen: %q", ansi.Strip(v))
	}
	hs.press("enter")
	hs.mustSee(`“gamma” 1/`)
}

// TestListRowsStandClearOfThePreview: beside the preview, a row's last column (a fate such as
// "abolished") is followed by a space before the bar, not run into it.
func TestListRowsStandClearOfThePreview(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 120, 40)
	hs.mustSee("abolished", "cancelled")
	bars := 0
	for _, line := range strings.Split(hs.screen(), "\n")[2:10] {
		if i := strings.Index(line, "│"); i > 0 {
			bars++
			if line[i-1] != ' ' {
				t.Errorf("a row runs into the preview's bar: %q", line)
			}
		}
	}
	if bars == 0 {
		t.Fatalf("no preview beside the list at 120×40:\n%s", hs.screen())
	}
}
