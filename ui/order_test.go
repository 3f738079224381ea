package ui

import (
	"testing"

	"quango/store/storetest/fixture"
)

// TestReverseBelongsToItsOrder: Ctrl+R reverses the order it was pressed on, and each order keeps
// its own direction. A reversed browse order does not turn a new search's best match upside down,
// and clearing the search brings the browse order back the way it was left; a reversed best match
// lasts as long as its search.
func TestReverseBelongsToItsOrder(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 80, 24)
	hs.press("ctrl+s", "ctrl+r")
	hs.mustSee("sort: start (latest first)")

	hs.typeText("zeta")
	hs.mustSee("sort: best match")
	hs.mustNotSee("best match last")
	best := hs.m.hits[0].Entry.Slug
	if got := hs.m.list.selected().Slug; got != best {
		t.Errorf("a new search selects %s, want its best match %s", got, best)
	}

	// Reversing the best match, then going back to browsing: the browse order's own direction.
	hs.press("ctrl+r")
	hs.mustSee("sort: best match last")
	hs.press("esc")
	hs.mustSee("sort: start (latest first)")

	// A new search starts best first again.
	hs.typeText("beta")
	hs.mustSee("sort: best match")
	hs.mustNotSee("best match last")

	// Ctrl+S from the best match to a browse order, and round: each keeps its own direction.
	hs.press("ctrl+r", "ctrl+s")
	hs.mustSee("sort: name")
	hs.mustNotSee("Z to A")
	hs.press("ctrl+r")
	hs.mustSee("sort: name (Z to A)")
	hs.press("ctrl+s")
	hs.mustSee("sort: start (latest first)")
	for range listOrders[1:] {
		hs.press("ctrl+s")
	}
	hs.mustSee("sort: best match last")
	hs.press("ctrl+s")
	hs.mustSee("sort: name (Z to A)")
	hs.press("esc")
	hs.mustSee("sort: name (Z to A)")
}
