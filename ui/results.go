package ui

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"quango/seed"
	"quango/store"
	"quango/store/markdown"
)

// Orders the list can be sorted in. "match" (best first, as the search ranked them) exists only
// while there is a query; the others come from the store so the CLI and the explorer agree.
const orderMatch = "match"

// orderRecent is the graveyard's order: the newest deaths first.
const orderRecent = "recent"

// listOrders are the orders Ctrl+S cycles through in the list: the store's, the graveyard's among them.
var listOrders = store.SortOrders

// orderLabel names an order for the title line, the way it runs.
func orderLabel(order string, reversed bool) string {
	first := map[bool]string{false: "earliest first", true: "latest first"}[reversed]
	switch order {
	case orderMatch:
		if reversed {
			return "best match last"
		}
		return "best match"
	case "lifespan":
		return "lifespan (" + map[bool]string{false: "shortest first", true: "longest first"}[reversed] + ")"
	case "end", "start":
		return order + " (" + first + ")"
	case orderRecent:
		if reversed {
			return "recently ended, reversed"
		}
		return "recently ended"
	case "name":
		if reversed {
			return "name (Z to A)"
		}
	}
	return order
}

// yearKey turns a time into the fractional year the store's keys use.
func yearKey(t time.Time) float64 {
	return float64(t.Year()) + float64(t.YearDay()-1)/365.25
}

// sortHits orders hits in place. Ties fall back to the slug, so the order never depends on the map
// or goroutine that produced them. Each hit's key is worked out once, not at every comparison:
// at a hundred thousand hits lower-casing names as they were compared took most of the sort.
func sortHits(hits []store.Hit, order string, now time.Time) {
	if order == orderMatch || order == "" {
		return
	}
	today := yearKey(now)
	type keyed struct {
		num  float64 // the order's number: a date, a lifespan; for "recent", -end (the newest first)
		dead bool    // for "recent": the dead come before the living
		name string  // lower-cased, for "name" and for "recent" among the living
		hit  store.Hit
	}
	ks := make([]keyed, len(hits))
	for i, h := range hits {
		e := h.Entry
		k := keyed{hit: h, dead: !e.Alive()}
		end := today
		if k.dead {
			end = e.EndKey
		}
		switch order {
		case "start":
			k.num = e.StartKey
		case "end":
			k.num = end
		case "lifespan":
			k.num = end - e.StartKey
		case orderRecent:
			if k.dead {
				k.num = -e.EndKey
			}
			k.name = strings.ToLower(e.Name)
		default:
			k.name = strings.ToLower(e.Name)
		}
		ks[i] = k
	}
	slices.SortStableFunc(ks, func(x, y keyed) int {
		if order == orderRecent && x.dead != y.dead {
			// The newest deaths first, as in a graveyard; the living after them, by name.
			if x.dead {
				return -1
			}
			return 1
		}
		c := cmp.Compare(x.num, y.num)
		if c == 0 {
			c = strings.Compare(x.name, y.name)
		}
		if c != 0 {
			return c
		}
		return strings.Compare(x.hit.Entry.Slug, y.hit.Entry.Slug)
	})
	for i, k := range ks {
		hits[i] = k.hit
	}
}

// lifespan is an entry's years as the list shows them: "2002–2011", "2012–", or "2002".
func lifespan(e *store.Entry) string {
	start := markdown.Year(e.Start)
	if e.Alive() {
		return start + "–"
	}
	end := markdown.Year(*e.End)
	if end == start {
		return start
	}
	return start + "–" + end
}

// results is the list of hits on screen: the selection and the first visible row.
type results struct {
	hits     []store.Hit
	cursor   int
	offset   int
	acronymW int // the widest acronym, measured once per list rather than once per frame
	dead     int // how many hits have ended, counted once per list for the title line

	// The hits come without match positions: highlight adds them to the rows drawn, and marks
	// keeps them (by slug) for as long as the query stays the same.
	query     string
	highlight func(query string, h store.Hit) store.Hit
	marks     map[string]map[string][]int
}

// setHits replaces the list's hits, found for query; highlight gives a hit its match positions.
func (r *results) setHits(hits []store.Hit, query string, highlight func(string, store.Hit) store.Hit) {
	if query != r.query || r.marks == nil {
		r.marks = map[string]map[string][]int{}
	}
	r.hits, r.query, r.highlight = hits, query, highlight
	r.acronymW, r.dead = 0, 0
	for _, h := range hits {
		// The column is at most maxAcronymW wide, so the measuring stops there.
		if r.acronymW < maxAcronymW {
			r.acronymW = max(r.acronymW, textWidth(h.Entry.Acronym))
		}
		if !h.Entry.Alive() {
			r.dead++
		}
	}
}

// textWidth is ansi.StringWidth, without its cost for plain ASCII.
func textWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] >= 0x7f {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// row is hit i with its match positions: a hit the search found by a field of its own (not a
// "did you mean" entry, which has no Field) is highlighted once per query.
func (r *results) row(i int) store.Hit {
	h := r.hits[i]
	if h.Matches != nil || h.Field == "" || r.query == "" || r.highlight == nil {
		return h
	}
	marks, ok := r.marks[h.Entry.Slug]
	if !ok {
		marks = r.highlight(r.query, h).Matches
		r.marks[h.Entry.Slug] = marks
	}
	h.Matches = marks
	return h
}

func (r *results) selected() *store.Entry {
	if r.cursor < 0 || r.cursor >= len(r.hits) {
		return nil
	}
	return r.hits[r.cursor].Entry
}

// move shifts the selection by delta, clamped, and scrolls to keep it in a view of height rows.
func (r *results) move(delta, height int) {
	r.setCursor(r.cursor+delta, height)
}

func (r *results) setCursor(i, height int) {
	if len(r.hits) == 0 {
		r.cursor, r.offset = 0, 0
		return
	}
	r.cursor = max(0, min(i, len(r.hits)-1))
	r.clamp(height)
}

// clamp keeps the selection visible in a view of height rows and the view inside the list.
func (r *results) clamp(height int) {
	height = max(1, height)
	if r.cursor < r.offset {
		r.offset = r.cursor
	}
	if r.cursor >= r.offset+height {
		r.offset = r.cursor - height + 1
	}
	r.offset = max(0, min(r.offset, len(r.hits)-height))
}

// scroll moves the view by delta rows, dragging the selection along when it would leave it.
func (r *results) scroll(delta, height int) {
	if len(r.hits) == 0 {
		return
	}
	r.offset = max(0, min(r.offset+delta, len(r.hits)-max(1, height)))
	r.cursor = max(r.offset, min(r.cursor, r.offset+height-1))
	r.cursor = min(r.cursor, len(r.hits)-1)
}

// columns is how a list of a given width is divided.
type columns struct {
	acronym, name, lifespan, aged, fate, epitaph int
}

const (
	maxAcronymW   = 7  // the acronym column's widest
	markWidth     = 2  // "› " before the selected row
	lifespanWidth = 9  // "2002–2011"
	agedWidth     = 7  // "aged 12"
	fateWidth     = 9  // "abolished", "cancelled", "sentenced"
	nameRoom      = 44 // a name column wider than this gives the rest to the epitaph
)

func layoutColumns(acronymW, width int) columns {
	c := columns{lifespan: lifespanWidth, fate: fateWidth}
	// Only SNOMED CT is longer than 7; a wider column would leave a gap beside every name
	// that has no acronym.
	c.acronym = max(4, min(acronymW, maxAcronymW))
	if width < 56 {
		// Narrow: the name matters more than a fate badge the preview or entry also shows.
		c.fate = 0
	}
	if width >= 72 {
		c.aged = agedWidth
	}
	c.name = width - markWidth - c.acronym - 1 - 1 - c.lifespan
	for _, w := range []int{c.aged, c.fate} {
		if w > 0 {
			c.name -= 1 + w
		}
	}
	// Room to spare: the fate note, as an epitaph.
	if c.name > nameRoom+20 {
		c.epitaph = c.name - nameRoom - 1
		c.name = nameRoom
	}
	c.name = max(c.name, 4)
	return c
}

// renderRows draws the visible rows of r, width columns each, height rows in all; now dates
// the announced ends still to come.
func (r *results) renderRows(st theme, width, height int, now time.Time) []string {
	cols := layoutColumns(r.acronymW, width)
	lines := make([]string, 0, height)
	for i := r.offset; i < len(r.hits) && len(lines) < height; i++ {
		lines = append(lines, renderRow(st, r.row(i), cols, width, i == r.cursor, now))
	}
	return lines
}

// aged is a dead entry's age at its end, "aged 8", measured between the middles of its dates
// as the lifespans elsewhere are; "" for the living.
func aged(e *store.Entry) string {
	if e.Alive() {
		return ""
	}
	start, err1 := seed.ParseDate(e.Start)
	end, err2 := seed.ParseDate(*e.End)
	if err1 != nil || err2 != nil {
		return ""
	}
	// Rounded as the entry's "(N years)" is, so the list and the entry never disagree.
	years := end.Mid().Sub(start.Mid()).Hours() / 24 / 365.25
	if years < 0.5 {
		return "aged <1"
	}
	return "aged " + strconv.Itoa(int(math.Round(years)))
}

// sentence is what a living entry whose end is announced shows in place of an epitaph: when
// it was announced and, where an event dates it, when the end is due.
func sentence(e *store.Entry, now time.Time) string {
	if !e.Alive() || e.EndAnnounced == "" {
		return ""
	}
	s := "abolition announced " + seed.HumanDate(e.EndAnnounced)
	due := ""
	for _, ev := range e.Events {
		if d, err := seed.ParseDate(ev.Date); err == nil && d.Earliest().After(now) && ev.Date > due {
			due = ev.Date
		}
	}
	if due != "" {
		s += ", due " + seed.HumanDate(due)
	}
	return s
}

func renderRow(st theme, h store.Hit, c columns, width int, selected bool, now time.Time) string {
	base, match := st.row, st.match
	if selected {
		base, match = st.rowSel, st.matchSel
	}
	e := h.Entry
	var b strings.Builder
	if selected {
		b.WriteString(st.cursorMark.Inherit(base).Render("›") + base.Render(" "))
	} else {
		b.WriteString(base.Render("  "))
	}
	nameWidth := c.name
	// An entry without an acronym leaves its column empty, so a name is never read as one.
	b.WriteString(highlight(e.Acronym, h.Matches["acronym"], c.acronym, base.Bold(true), match))
	b.WriteString(base.Render(" "))
	name := highlight(e.Name, h.Matches["name"], nameWidth, base, match)
	if alias, pos := matchedAlias(h); alias != "" && ansi.StringWidth(e.Name)+3 < nameWidth {
		// Say which alias matched, when the name alone would not explain the hit.
		used := ansi.StringWidth(e.Name)
		aka := base.Render(" (") + highlight(alias, pos, min(ansi.StringWidth(alias), nameWidth-used-3), base, match) + base.Render(")")
		name = highlight(e.Name, h.Matches["name"], used, base, match) + aka
		name += base.Render(strings.Repeat(" ", max(0, nameWidth-lipgloss.Width(name))))
	}
	b.WriteString(name)
	b.WriteString(base.Render(" "))
	life := lifespan(e)
	b.WriteString(base.Render(pad(life, c.lifespan)))
	if c.aged > 0 {
		b.WriteString(base.Render(" " + pad(aged(e), c.aged)))
	}
	sentenced := sentence(e, now)
	if c.fate > 0 {
		b.WriteString(base.Render(" "))
		if sentenced != "" {
			b.WriteString(st.sentenced.Inherit(base).Render(pad("sentenced", c.fate)))
		} else {
			b.WriteString(st.fate(e.Fate).Inherit(base).Render(pad(e.Fate, c.fate)))
		}
	}
	if c.epitaph > 0 {
		epitaph := sentenced
		if epitaph == "" && !e.Alive() {
			epitaph = e.FateNote
		}
		b.WriteString(base.Render(" ") + st.muted.Inherit(base).Render(ansi.Truncate(oneLine(epitaph), c.epitaph, "…")))
	}
	line := b.String()
	if w := lipgloss.Width(line); w < width {
		line += base.Render(strings.Repeat(" ", width-w))
	}
	return line
}

// matchedAlias returns the alias a hit matched on and its matched positions, if any.
func matchedAlias(h store.Hit) (string, []int) {
	if h.Field != "alias" {
		return "", nil
	}
	for i, a := range h.Entry.Aliases {
		if pos, ok := h.Matches["alias:"+strconv.Itoa(i)]; ok {
			return a, pos
		}
	}
	return "", nil
}

// highlight draws text in exactly width cells, styling the runes at the given positions with
// match. Positions count runes, not bytes, so accented and wide characters light up correctly;
// positions past the end are ignored. Text that does not fit ends in "…".
func highlight(text string, positions []int, width int, base, match lipgloss.Style) string {
	if width <= 0 {
		return ""
	}
	text = strings.Join(strings.Fields(text), " ")
	hit := make(map[int]bool, len(positions))
	for _, p := range positions {
		hit[p] = true
	}
	runes := []rune(text)
	total := ansi.StringWidth(text)
	limit := width
	if total > width {
		limit = width - 1 // room for the ellipsis
	}
	var b strings.Builder
	var run strings.Builder
	runMatch, used := false, 0
	flush := func() {
		if run.Len() == 0 {
			return
		}
		if runMatch {
			b.WriteString(match.Render(run.String()))
		} else {
			b.WriteString(base.Render(run.String()))
		}
		run.Reset()
	}
	for i, r := range runes {
		w := ansi.StringWidth(string(r))
		if used+w > limit {
			break
		}
		if hit[i] != runMatch {
			flush()
			runMatch = hit[i]
		}
		run.WriteRune(r)
		used += w
	}
	flush()
	if total > width {
		b.WriteString(base.Render("…"))
		used++
	}
	if used < width {
		b.WriteString(base.Render(strings.Repeat(" ", width-used)))
	}
	return b.String()
}

// pad left-aligns s in width cells, cutting it with "…" if it is too long.
func pad(s string, width int) string {
	if ansi.StringWidth(s) > width {
		return ansi.Truncate(s, width, "…")
	}
	return s + strings.Repeat(" ", width-ansi.StringWidth(s))
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
