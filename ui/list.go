package ui

import (
	"context"
	"errors"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"quango/seed/safetext"
	"quango/store"
)

// listScreen is the searchable list, the explorer's first screen. Its search box always has
// the keys: every printable character (any case, digits, the punctuation of acronyms) edits the
// query, whatever happened before, so an acronym typed as it is written (NHSX, BSO, TPP) is
// searched for and never acts. Its commands are on keys that cannot be typed.
type listScreen struct{ *Model }

func (s listScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	m, k := s.Model, s.keys
	h := m.layout().listH
	typing := m.typing
	m.typing = false
	switch {
	case key.Matches(msg, k.ListHelp):
		m.showHelp = true
	case key.Matches(msg, k.Open):
		return m.openSelected()
	case key.Matches(msg, k.Clear):
		switch {
		case m.input.Value() != "":
			m.input.SetValue("")
			return m.searchCmd("")
		case m.facets.any():
			m.facets.clear()
			m.refresh(false)
		}
	case key.Matches(msg, k.Search) && !typing:
		// Not in the middle of typing (at start, after moving, after Esc, back from an entry
		// or a view): / starts a fresh search. In the middle of a word it is text (NHSE/I).
		if m.input.Value() != "" {
			m.input.SetValue("")
			return m.searchCmd("")
		}
	case key.Matches(msg, k.Filter):
		m.menu.open = true
		m.menu.clamp(m.layout().menuH)
	case key.Matches(msg, k.Sort):
		m.cycleOrder()
	case key.Matches(msg, k.Reverse):
		m.setReversed(!m.reversed())
		m.refresh(true)
	case key.Matches(msg, k.ListTimeline):
		return m.openTimeline()
	case key.Matches(msg, k.ListLineage):
		return m.openLineage()
	case key.Matches(msg, k.ListNumbers):
		return m.openNumbers()
	case key.Matches(msg, k.ListAdd):
		return m.startWrite(writeAdd)
	case key.Matches(msg, k.ListBury):
		return m.startWrite(writeBury)
	case key.Matches(msg, k.ListNote):
		return m.startWrite(writeNote)
	case key.Matches(msg, k.ListReset):
		return m.startWrite(writeReset)
	case key.Matches(msg, k.ListRefresh):
		return m.refreshCmd(true)
	case m.moveList(msg, h):
	default:
		// Everything else is the search box's: text, Backspace, ←/→, Ctrl+U, Ctrl+W.
		m.typing = msg.Text != "" || msg.Code == tea.KeyBackspace
		return m.updateInput(msg)
	}
	return nil
}

func (s listScreen) keyHelp() screenKeys {
	k := s.Model.keys
	move := []key.Binding{k.ListUp, k.ListDown, k.PageUp, k.PageDown, k.ListTop, k.ListBottom}
	find := []key.Binding{withHelp(k.Clear, "esc", "clear the search, then the filters"), withHelp(k.Search, "/", "new search, unless mid-word"), k.Filter, k.Sort, k.Reverse}
	// The function keys are named here, for terminals where Alt does not reach (macOS Terminal).
	views := []key.Binding{withHelp(k.ListTimeline, "alt+t/f2", "timeline"), withHelp(k.ListLineage, "alt+l/f3", "lineage"), withHelp(k.ListNumbers, "alt+s/f4", "numbers")}
	writes := []key.Binding{k.ListAdd, k.ListBury, k.ListNote, k.ListReset, withHelp(k.ListRefresh, "alt+r/f5", "reload")}
	general := []key.Binding{k.Open, k.ListHelp, k.ForceQuit}
	// The search line already says ctrl+f and ctrl+s while the search is empty. F1 comes early,
	// so that even a narrow footer shows the way to every other key.
	short := []key.Binding{withHelp(k.ListDown, "↑↓", "move"), k.Open, k.ListHelp, k.ForceQuit}
	if s.input.Value() != "" || s.facets.any() {
		short = append(short, withHelp(k.Clear, "esc", "clear"))
	}
	short = append(short, k.ListTimeline, k.ListLineage, k.ListNumbers,
		withHelp(k.ListAdd, "alt+a/b/n", "add/bury/note"), k.Filter, k.Sort)
	return screenKeys{short: short, full: [][]key.Binding{move, find, views, writes, general}}
}

// moveList handles the list's movement keys, none of which can be typed into a query.
func (m *Model) moveList(msg tea.KeyPressMsg, height int) bool {
	k := m.keys
	switch {
	case key.Matches(msg, k.ListUp):
		m.list.move(-1, height)
	case key.Matches(msg, k.ListDown):
		m.list.move(1, height)
	case key.Matches(msg, k.PageUp):
		m.list.move(-max(1, height-1), height)
	case key.Matches(msg, k.PageDown):
		m.list.move(max(1, height-1), height)
	case key.Matches(msg, k.ListTop):
		m.list.setCursor(0, height)
	case key.Matches(msg, k.ListBottom):
		m.list.setCursor(len(m.list.hits)-1, height)
	default:
		return false
	}
	return true
}

// updateInput passes a message to the search box and starts a search when its text changed.
func (m *Model) updateInput(msg tea.Msg) tea.Cmd {
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if v := m.input.Value(); strings.ContainsFunc(v, safetext.Forbidden) {
		// A pasted control or bidi character never reaches the query, and so never the screen.
		m.input.SetValue(strings.Map(func(r rune) rune {
			if safetext.Forbidden(r) {
				return -1
			}
			return r
		}, v))
	}
	if m.input.Value() != before {
		return tea.Batch(cmd, m.searchCmd(m.input.Value()))
	}
	return cmd
}

// applyPage shows the catalogue's first page while the whole list loads, unless something
// else is on screen already: the whole list, or a query's answer.
func (m *Model) applyPage(msg pageMsg) {
	if msg.err != nil {
		m.setStatus("Could not read the catalogue: "+msg.err.Error(), true)
		return
	}
	for _, e := range msg.entries {
		m.keepWhole(e)
	}
	if m.loaded || m.input.Value() != "" {
		return
	}
	m.hits = make([]store.Hit, len(msg.entries))
	for i, e := range msg.entries {
		m.hits[i] = store.Hit{Entry: e}
	}
	m.loaded, m.partial = true, true
	m.refresh(true)
}

// maxWhole bounds the entries kept whole: a preview reads one per selection.
const maxWhole = 1024

// keepWhole keeps an entry read whole, for the preview.
func (m *Model) keepWhole(e *store.Entry) {
	if len(m.whole) >= maxWhole {
		clear(m.whole)
	}
	m.whole[e.Slug] = e
}

// applySearch shows a search's results, unless the query has changed since it was asked, and
// asks for every hit when these are the best of more.
func (m *Model) applySearch(msg searchMsg) tea.Cmd {
	if msg.err == nil && msg.query == "" && (m.universe == nil || m.reloading) {
		// The whole catalogue, even when the user has typed on: the filter menu is built from it.
		first := m.universe == nil
		universe := make([]*store.Entry, 0, len(msg.result.Hits))
		for _, h := range msg.result.Hits {
			universe = append(universe, h.Entry)
		}
		m.universe, m.reloading = universe, false
		m.menu.items = buildMenuItems(m.universe, m.now())
		if first {
			m.menu.first()
		} else {
			m.menu.clamp(m.layout().menuH)
		}
	}
	if msg.query != m.input.Value() || errors.Is(msg.err, context.Canceled) {
		return nil // stale: a newer query is on its way
	}
	if msg.err != nil {
		m.setStatus("Search failed: "+msg.err.Error(), true)
		return nil
	}
	previous := m.query
	m.query = msg.query
	m.hits = msg.result.Hits
	m.didYouMean = msg.result.DidYouMean
	switch {
	case previous == "" && m.query != "":
		m.browseOrder = m.order
		m.order = orderMatch
		m.setReversed(false) // a new search starts best first, whatever the last one did
	case m.query == "" && m.order == orderMatch:
		m.order = m.browseOrder
	}
	m.loaded, m.partial, m.counting = true, false, msg.more
	m.refresh(previous != m.query)
	if m.selectSlug != "" {
		for i, h := range m.list.hits {
			if h.Entry.Slug == m.selectSlug {
				m.list.setCursor(i, m.layout().listH)
				m.selectSlug = ""
			}
		}
		if !msg.more {
			m.selectSlug = "" // not among every hit: nothing to select
		}
	}
	if msg.more {
		return m.restCmd(msg)
	}
	return nil
}

// refresh rebuilds the visible list from the hits, the facets and the order. With reset the
// selection goes to the top (a new query: the best match); otherwise it stays on its entry.
func (m *Model) refresh(reset bool) {
	var keep string
	if e := m.list.selected(); e != nil {
		keep = e.Slug
	}
	now := m.now()
	// "Did you mean" entries come first: the search offers them when nothing matched well, and
	// the likeliest reading of a typo beats a weak fuzzy match. They are few: only they are
	// looked up among the hits, which may be the whole catalogue.
	m.suggesting = len(m.didYouMean) > 0
	rows := make([]store.Hit, 0, len(m.didYouMean)+len(m.hits))
	suggested := make(map[string]bool, len(m.didYouMean))
	for _, e := range m.didYouMean {
		if suggested[e.Slug] || !m.facets.passes(e, facetCount, now) {
			continue
		}
		suggested[e.Slug] = true
		h := store.Hit{Entry: e}
		if i := slices.IndexFunc(m.hits, func(h store.Hit) bool { return h.Entry.Slug == e.Slug }); i >= 0 {
			h = m.hits[i] // keep its highlights
		}
		rows = append(rows, h)
	}
	for _, h := range m.hits {
		if !suggested[h.Entry.Slug] && m.facets.passes(h.Entry, facetCount, now) {
			rows = append(rows, h)
		}
	}
	sortHits(rows, m.order, now)
	if m.reversed() {
		slices.Reverse(rows)
	}
	m.list.setHits(rows, m.query, m.cat.Highlight)
	m.counts = nil
	height := m.layout().listH
	if reset || keep == "" {
		m.list.cursor, m.list.offset = 0, 0
		return
	}
	for i, h := range rows {
		if h.Entry.Slug == keep {
			m.list.setCursor(i, height)
			return
		}
	}
	m.list.setCursor(0, height)
}

func (m *Model) orders() []string {
	if m.query != "" {
		return append([]string{orderMatch}, listOrders...)
	}
	return listOrders
}

func (m *Model) cycleOrder() {
	orders := m.orders()
	next := orders[0]
	for i, o := range orders {
		if o == m.order {
			next = orders[(i+1)%len(orders)]
		}
	}
	m.order = next
	if next != orderMatch {
		m.browseOrder = next
	}
	// A new order is read from its top: the newest death, the earliest start.
	m.refresh(true)
}

// reversed reports whether the order on screen runs backwards. Ctrl+R's direction belongs to the
// order it was pressed on, not to whatever order comes next, so it is kept per order.
func (m *Model) reversed() bool { return m.reversedOrders[m.order] }

// setReversed sets the direction of the order on screen.
func (m *Model) setReversed(on bool) {
	if m.reversedOrders == nil {
		m.reversedOrders = map[string]bool{}
	}
	m.reversedOrders[m.order] = on
}

// openSelected opens the selected entry on the entry screen, as the first step of a path.
func (m *Model) openSelected() tea.Cmd {
	e := m.list.selected()
	if e == nil {
		return nil
	}
	m.detail = detail{}
	return m.push(e.Slug, e.Label())
}
