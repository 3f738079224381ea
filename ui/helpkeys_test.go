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
