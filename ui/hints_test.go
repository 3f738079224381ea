package ui

import (
	"testing"

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
