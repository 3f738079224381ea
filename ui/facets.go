package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"quango/seed"
	"quango/store"
	"quango/store/markdown"
)

// facet is one dimension the list can be narrowed by.
type facet int

const (
	facetKind facet = iota
	facetFate
	facetNation
	facetLife
	facetDecade
	facetCount
)

var facetTitles = [facetCount]string{"Kind", "Fate", "Nation", "Alive or dead", "Decade (alive during)"}

// facetValues is the value or values an entry has for f. An entry counts in every decade it was
// alive in, so "1990s" finds what existed then, not only what began then.
func facetValues(e *store.Entry, f facet, now time.Time) []string {
	switch f {
	case facetKind:
		return []string{e.Kind}
	case facetFate:
		return []string{e.Fate}
	case facetNation:
		return e.Nation
	case facetLife:
		if e.Alive() {
			return []string{"alive"}
		}
		return []string{"dead"}
	}
	from := startYear(e)
	to := now.Year()
	if !e.Alive() {
		to = yearOf(*e.End, to)
	}
	var out []string
	for d := from / 10 * 10; d <= to; d += 10 {
		out = append(out, decadeName(d))
	}
	return out
}

func startYear(e *store.Entry) int { return yearOf(e.Start, 0) }

func yearOf(date string, fallback int) int {
	if y, err := strconv.Atoi(markdown.Year(date)); err == nil {
		return y
	}
	return fallback
}

func decadeName(d int) string { return strconv.Itoa(d) + "s" }

// facets holds the chosen values of each facet. Values within a facet widen the list (either
// kind); facets narrow it (this kind and that fate).
type facets struct {
	chosen [facetCount][]string
}

func (fs *facets) any() bool {
	for _, c := range fs.chosen {
		if len(c) > 0 {
			return true
		}
	}
	return false
}

func (fs *facets) has(f facet, v string) bool { return slices.Contains(fs.chosen[f], v) }

func (fs *facets) toggle(f facet, v string) {
	if i := slices.Index(fs.chosen[f], v); i >= 0 {
		fs.chosen[f] = slices.Delete(fs.chosen[f], i, i+1)
		return
	}
	fs.chosen[f] = append(fs.chosen[f], v)
}

func (fs *facets) clear() { fs.chosen = [facetCount][]string{} }

// passes reports whether e has a chosen value in every facet, skipping one facet (or none, with
// facetCount): counts for a facet's values are taken with the other facets applied.
func (fs *facets) passes(e *store.Entry, skip facet, now time.Time) bool {
	for f := range facetCount {
		if f == skip || len(fs.chosen[f]) == 0 {
			continue
		}
		ok := false
		for _, v := range facetValues(e, f, now) {
			if fs.has(f, v) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// chips are the chosen values, in facet order, for the header.
func (fs *facets) chips() []string {
	var out []string
	for _, c := range fs.chosen {
		out = append(out, c...)
	}
	return out
}

// menuItem is one line of the filter menu: a heading, or a value to toggle.
type menuItem struct {
	facet   facet
	value   string
	heading bool
}

// menu is the small filter menu.
type menu struct {
	open   bool
	cursor int // index into items; always on a value, never a heading
	offset int
	items  []menuItem
}

// buildMenuItems lists every value of every facet, so lines do not move as counts change. Decades
// run over those the catalogue spans.
func buildMenuItems(universe []*store.Entry, now time.Time) []menuItem {
	var items []menuItem
	add := func(f facet, values []string) {
		items = append(items, menuItem{facet: f, heading: true})
		for _, v := range values {
			items = append(items, menuItem{facet: f, value: v})
		}
	}
	add(facetKind, seed.Kinds)
	add(facetFate, seed.Fates)
	add(facetNation, seed.Nations)
	add(facetLife, []string{"alive", "dead"})
	lo, hi := now.Year()/10*10, now.Year()/10*10
	for _, e := range universe {
		if y := startYear(e); y > 0 {
			lo = min(lo, y/10*10)
		}
	}
	var decades []string
	for d := lo; d <= hi; d += 10 {
		decades = append(decades, decadeName(d))
	}
	add(facetDecade, decades)
	return items
}

// facetCounts returns, for every value of every facet, how many hits have it with the other facets
// applied: what the list would hold after choosing it.
func facetCounts(hits []store.Hit, fs *facets, now time.Time) [facetCount]map[string]int {
	var out [facetCount]map[string]int
	for f := range facetCount {
		out[f] = map[string]int{}
		for _, h := range hits {
			if !fs.passes(h.Entry, f, now) {
				continue
			}
			for _, v := range facetValues(h.Entry, f, now) {
				out[f][v]++
			}
		}
	}
	return out
}

// moveCursor moves delta value lines up or down, skipping headings.
func (mn *menu) moveCursor(delta int) {
	if len(mn.items) == 0 {
		return
	}
	step := 1
	if delta < 0 {
		step, delta = -1, -delta
	}
	i := mn.cursor
	for ; delta > 0; delta-- {
		j := i + step
		for j >= 0 && j < len(mn.items) && mn.items[j].heading {
			j += step
		}
		if j < 0 || j >= len(mn.items) {
			break
		}
		i = j
	}
	mn.cursor = i
}

func (mn *menu) first() {
	mn.cursor = 0
	mn.moveCursor(1)
	mn.offset = 0
}

func (mn *menu) last() {
	mn.cursor = len(mn.items) - 1
	for mn.cursor > 0 && mn.items[mn.cursor].heading {
		mn.cursor--
	}
}

// clamp keeps the cursor visible, showing its heading when it is the first value of a facet.
func (mn *menu) clamp(height int) {
	height = max(1, height)
	top := mn.cursor
	if top > 0 && mn.items[top-1].heading {
		top--
	}
	if top < mn.offset {
		mn.offset = top
	}
	if mn.cursor >= mn.offset+height {
		mn.offset = mn.cursor - height + 1
	}
	mn.offset = max(0, min(mn.offset, len(mn.items)-height))
}

// render draws the menu in a box of width × height.
func (mn *menu) render(st theme, fs *facets, counts [facetCount]map[string]int, width, height int) []string {
	lines := make([]string, 0, height)
	for i := mn.offset; i < len(mn.items) && len(lines) < height; i++ {
		it := mn.items[i]
		if it.heading {
			lines = append(lines, st.heading.Render(pad(facetTitles[it.facet], width)))
			continue
		}
		box := "[ ]"
		if fs.has(it.facet, it.value) {
			box = "[x]"
		}
		n := counts[it.facet][it.value]
		count := fmt.Sprintf("%5d", n)
		label := pad(it.value, max(1, width-4-len(box)-len(count)))
		mark := "  "
		if i == mn.cursor {
			mark = "› "
		}
		line := mark + box + " " + label + count
		style := lipgloss.NewStyle()
		if n == 0 && !fs.has(it.facet, it.value) {
			style = st.muted
		}
		if i == mn.cursor {
			style = st.rowSel
		}
		lines = append(lines, style.Render(pad(line, width)))
	}
	return lines
}

// menuHint is the line above the menu.
func menuHint(fs *facets) string {
	if !fs.any() {
		return "Choose what to show; counts are what the list would hold."
	}
	return "Showing: " + strings.Join(fs.chips(), " · ")
}
