package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"quango/store"
	"quango/ui/chart"
)

// viewKind is what one screen of the path over the list shows: an entry, or one of the charts.
type viewKind uint8

const (
	viewEntry viewKind = iota // the zero value: the path began as a walk through entries
	viewTimeline
	viewLineage
	viewNumbers
)

// chartScreen is a chart component as the explorer holds it: one per screen on the path, so
// walking back finds each chart scrolled and zoomed as it was left.
type chartScreen interface {
	update(tea.Msg) tea.Cmd
	view() string
	setSize(width, height int)
	setStyles(chart.Styles)
	// keys are the chart's own bindings: a few for the footer, all of them for `?`.
	keys() (short []key.Binding, full [][]key.Binding)
	// selected is the entry under the cursor, "" when the chart has none.
	selected() string
}

type timelineScreen struct{ c chart.Timeline }

func (s *timelineScreen) update(msg tea.Msg) (cmd tea.Cmd) {
	s.c, cmd = s.c.Update(msg)
	return cmd
}
func (s *timelineScreen) view() string              { return s.c.View() }
func (s *timelineScreen) setSize(w, h int)          { s.c.SetSize(w, h) }
func (s *timelineScreen) setStyles(st chart.Styles) { s.c.SetStyles(st) }
func (s *timelineScreen) keys() ([]key.Binding, [][]key.Binding) {
	k := s.c.KeyMap()
	return []key.Binding{withHelp(k.ZoomIn, "+/-", "zoom"), withHelp(k.Right, "←→", "pan")}, s.c.FullHelp()
}
func (s *timelineScreen) selected() string {
	if e := s.c.Selected(); e != nil {
		return e.Slug
	}
	return ""
}

type lineageScreen struct{ c chart.Lineage }

func (s *lineageScreen) update(msg tea.Msg) (cmd tea.Cmd) {
	s.c, cmd = s.c.Update(msg)
	return cmd
}
func (s *lineageScreen) view() string              { return s.c.View() }
func (s *lineageScreen) setSize(w, h int)          { s.c.SetSize(w, h) }
func (s *lineageScreen) setStyles(st chart.Styles) { s.c.SetStyles(st) }
func (s *lineageScreen) keys() ([]key.Binding, [][]key.Binding) {
	return []key.Binding{withHelp(chart.DefaultLineageKeyMap().Down, "↑↓", "move")}, s.c.FullHelp()
}
func (s *lineageScreen) selected() string {
	if n := s.c.Selected(); n != nil {
		return n.Slug
	}
	return ""
}

type statsScreen struct{ c chart.Stats }

func (s *statsScreen) update(msg tea.Msg) (cmd tea.Cmd) {
	s.c, cmd = s.c.Update(msg)
	return cmd
}
func (s *statsScreen) view() string              { return s.c.View() }
func (s *statsScreen) setSize(w, h int)          { s.c.SetSize(w, h) }
func (s *statsScreen) setStyles(st chart.Styles) { s.c.SetStyles(st) }
func (s *statsScreen) keys() ([]key.Binding, [][]key.Binding) {
	k := chart.DefaultStatsKeyMap()
	return []key.Binding{withHelp(k.Down, "↑↓", "scroll"), withHelp(k.PageDown, "space", "page")}, s.c.FullHelp()
}
func (s *statsScreen) selected() string { return "" }

// statsMaxWidth keeps the numbers' bar charts readable on a very wide terminal.
const statsMaxWidth = 100

// Chart data arrives in messages tagged with the screen that asked: an answer for a screen the
// user has already left is dropped.
type (
	lineageMsg struct {
		id      int
		lineage *store.Lineage
		err     error
	}
	statsMsg struct {
		id    int
		stats *store.Stats
		err   error
	}
	// chartOpenMsg is a chart's request to open an entry, tagged with the chart's screen: a
	// late one, after the user has moved on, is dropped.
	chartOpenMsg struct {
		id   int
		slug string
	}
)

func (m *Model) lineageCmd(id int, slug string) tea.Cmd {
	ctx, cat := m.ctx, m.cat
	return func() tea.Msg {
		l, err := cat.Lineage(ctx, slug)
		return lineageMsg{id: id, lineage: l, err: err}
	}
}

func (m *Model) statsCmd(id int) tea.Cmd {
	ctx, cat, now := m.ctx, m.cat, m.now()
	return func() tea.Msg {
		s, err := cat.Stats(ctx, now)
		return statsMsg{id: id, stats: s, err: err}
	}
}

func (m *Model) inChart() bool {
	f := m.detail.top()
	return f != nil && f.kind != viewEntry
}

// chartSize is the area a chart fills: the screen less the header and the footer.
func (m *Model) chartSize(kind viewKind) (int, int) {
	w := m.width
	if kind == viewNumbers {
		w = min(w, statsMaxWidth)
	}
	return w, max(0, m.height-2)
}

// focusSlug is the entry the user is looking at: the open entry, the one under a chart's
// cursor, or, on a screen without one (the numbers), the one beneath it, down to the list's
// selection. The views open on it.
func (m *Model) focusSlug() string {
	for i := len(m.detail.path) - 1; i >= 0; i-- {
		f := m.detail.path[i]
		switch {
		case f.kind == viewEntry:
			return f.slug
		case f.chart != nil && f.chart.selected() != "":
			return f.chart.selected()
		}
	}
	if e := m.list.selected(); e != nil && m.loaded {
		return e.Slug
	}
	return ""
}

// labelOf is an entry's acronym or name for the path shown in the header.
func (m *Model) labelOf(slug string) string {
	for _, e := range m.universe {
		if e.Slug == slug {
			return e.Label()
		}
	}
	for _, h := range m.list.hits {
		if h.Entry.Slug == slug {
			return h.Entry.Label()
		}
	}
	return slug
}

// pushChart puts a chart screen on the path with a fresh id, sized to the screen; the entry
// beneath it is reloaded from the cache when the user comes back.
func (m *Model) pushChart(f frame) {
	m.seq++
	f.id = m.seq
	if f.chart != nil {
		f.chart.setSize(m.chartSize(f.kind))
	}
	m.detail.path = append(m.detail.path, f)
	m.detail.doc, m.detail.err = nil, nil
}

// openTimeline draws the entries the list shows now, by start date, with the cursor on the
// entry the user was looking at.
func (m *Model) openTimeline() tea.Cmd {
	if f := m.detail.top(); f != nil && f.kind == viewTimeline {
		return nil
	}
	focus := m.focusSlug()
	entries := make([]*store.Entry, len(m.list.hits))
	for i, h := range m.list.hits {
		entries[i] = h.Entry
	}
	tl := chart.NewTimeline(chart.SortByStart(entries), m.st.charts, m.now())
	s := &timelineScreen{c: tl}
	s.setSize(m.chartSize(viewTimeline)) // before Select, which scrolls to the row
	if focus != "" {
		s.c.Select(focus)
	}
	m.pushChart(frame{kind: viewTimeline, label: "timeline", note: m.scope(len(entries)), chart: s})
	return nil
}

// familyMsg is an entry's family tree, asked for to draw its timeline.
type familyMsg struct {
	id      int
	lineage *store.Lineage
	err     error
}

// openFamilyTimeline draws the open entry's family (its lineage: ancestors and descendants) on
// a timeline, whatever the list's last search left: the entry's story, not the search's.
func (m *Model) openFamilyTimeline() tea.Cmd {
	f := m.detail.top()
	slug, label := f.slug, f.label
	m.pushChart(frame{kind: viewTimeline, slug: slug, label: "timeline", note: "the family of " + label})
	id, ctx, cat := m.seq, m.ctx, m.cat
	return func() tea.Msg {
		l, err := cat.Lineage(ctx, slug)
		return familyMsg{id: id, lineage: l, err: err}
	}
}

func (m *Model) applyFamily(msg familyMsg) {
	f := m.chartFrame(msg.id, msg.err)
	if f == nil {
		return
	}
	in := make(map[string]bool, len(msg.lineage.Nodes))
	for _, n := range msg.lineage.Nodes {
		in[n.Slug] = true
	}
	var entries []*store.Entry
	for _, e := range m.universe {
		if in[e.Slug] {
			entries = append(entries, e)
		}
	}
	f.note = fmt.Sprintf("the family of %s · %d entries", m.labelOf(f.slug), len(entries))
	s := &timelineScreen{c: chart.NewTimeline(chart.SortByStart(entries), m.st.charts, m.now())}
	s.setSize(m.chartSize(f.kind))
	s.c.Select(f.slug)
	f.chart = s
}

// scope says which entries the timeline draws, for its header.
func (m *Model) scope(n int) string {
	if m.query == "" && !m.facets.any() {
		return fmt.Sprintf("all %d entries", n)
	}
	s := fmt.Sprintf("%d of %d entries", n, len(m.universe))
	if m.query != "" {
		s += " · “" + m.query + "”"
	}
	if m.facets.any() {
		s += " · filtered"
	}
	return s
}

// openLineage shows the family tree of the entry in focus, loaded in a command.
func (m *Model) openLineage() tea.Cmd {
	slug := m.focusSlug()
	if slug == "" {
		m.setStatus("Choose an entry first: its lineage is its predecessors and successors", true)
		return nil
	}
	if f := m.detail.top(); f != nil && f.kind == viewLineage && f.slug == slug {
		return nil
	}
	m.pushChart(frame{kind: viewLineage, slug: slug, label: "lineage of " + m.labelOf(slug)})
	return m.lineageCmd(m.seq, slug)
}

// openNumbers shows the whole catalogue in numbers, computed in a command.
func (m *Model) openNumbers() tea.Cmd {
	if f := m.detail.top(); f != nil && f.kind == viewNumbers {
		return nil
	}
	m.pushChart(frame{kind: viewNumbers, label: "numbers"})
	return m.statsCmd(m.seq)
}

// chartFrame finds the screen a chart's data was asked for, ready to take the data: nil when the
// screen has been left, or when loading failed (the frame then shows err).
func (m *Model) chartFrame(id int, err error) *frame {
	for i := range m.detail.path {
		if f := &m.detail.path[i]; f.id == id && f.kind != viewEntry {
			if err != nil {
				f.err = err
				return nil
			}
			return f
		}
	}
	return nil
}

func (m *Model) applyLineage(msg lineageMsg) {
	f := m.chartFrame(msg.id, msg.err)
	if f == nil {
		return
	}
	s := &lineageScreen{c: chart.NewLineage(msg.lineage, m.st.charts)}
	s.setSize(m.chartSize(f.kind))
	f.chart = s
}

func (m *Model) applyStats(msg statsMsg) {
	f := m.chartFrame(msg.id, msg.err)
	if f == nil {
		return
	}
	s := &statsScreen{c: chart.NewStats(msg.stats, m.st.charts)}
	s.setSize(m.chartSize(f.kind))
	f.chart = s
}

// openFromChart opens the entry Enter chose on a chart, as the next step of the path, if that
// chart is still on screen.
func (m *Model) openFromChart(msg chartOpenMsg) tea.Cmd {
	if f := m.detail.top(); f == nil || f.id != msg.id || f.kind == viewEntry || msg.slug == "" {
		return nil
	}
	return m.push(msg.slug, m.labelOf(msg.slug))
}

// tagOpen marks a chart's OpenEntryMsg with the screen it came from.
func tagOpen(id int, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		msg := cmd()
		if o, ok := msg.(chart.OpenEntryMsg); ok {
			return chartOpenMsg{id: id, slug: o.Slug}
		}
		return msg
	}
}

// eachChart calls fn for every chart on the path, shown or waiting to be walked back to.
func (m *Model) eachChart(fn func(kind viewKind, c chartScreen)) {
	for _, f := range m.detail.path {
		if f.chart != nil {
			fn(f.kind, f.chart)
		}
	}
}

func (m *Model) resizeCharts() {
	m.eachChart(func(kind viewKind, c chartScreen) { c.setSize(m.chartSize(kind)) })
}

func (m *Model) restyleCharts() {
	m.eachChart(func(_ viewKind, c chartScreen) { c.setStyles(m.st.charts) })
}

// chartsScreen is a chart on the path (a timeline, a lineage, the numbers): the chart takes the
// keys it knows, and the view keys open the other views on top.
type chartsScreen struct{ *Model }

func (s chartsScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	m, k := s.Model, s.keys
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp = true
		return nil
	case key.Matches(msg, k.Back):
		return m.back()
	case key.Matches(msg, k.Search):
		return m.newSearch()
	case key.Matches(msg, k.Timeline):
		return m.openTimeline()
	case key.Matches(msg, k.Lineage):
		return m.openLineage()
	case key.Matches(msg, k.Numbers):
		return m.openNumbers()
	}
	if f := m.detail.top(); f.chart != nil {
		return tagOpen(f.id, f.chart.update(msg))
	}
	return nil
}

// keys are the keys of the chart on screen, then the ways to the other views and back.
func (s chartsScreen) keyHelp() screenKeys {
	k := s.Model.keys
	f := s.detail.top()
	back := withHelp(k.Back, "esc", "back")
	general := []key.Binding{withHelp(k.Back, "esc/⌫", "back"), k.Search, k.Help, k.Quit, k.ForceQuit}
	var views []key.Binding
	if f.kind != viewTimeline {
		views = append(views, k.Timeline)
	}
	switch f.kind {
	case viewLineage, viewTimeline:
		views = append(views, withHelp(k.Lineage, "l", "lineage of the chosen entry"))
	default:
		views = append(views, withHelp(k.Lineage, "l", "lineage of the entry beneath"))
	}
	if f.kind != viewNumbers {
		views = append(views, k.Numbers)
	}
	if f.chart == nil {
		return screenKeys{short: []key.Binding{back, k.Help, k.Quit}, full: [][]key.Binding{views, general}}
	}
	own, full := f.chart.keys()
	var short []key.Binding
	if f.kind != viewNumbers {
		short = append(short, withHelp(k.Open, "enter", "open"))
	}
	short = append(short, back, k.Help)
	short = append(short, own...)
	for _, v := range views {
		short = append(short, withHelp(v, v.Help().Key, shortDesc(v)))
	}
	short = append(short, k.Quit)
	return screenKeys{short: short, full: append(full, views, general)}
}

// shortDesc is a view key's name in the footer, where "lineage of the chosen entry" is too long.
func shortDesc(b key.Binding) string {
	switch b.Help().Key {
	case "l", "L":
		return "lineage"
	}
	return b.Help().Desc
}

// renderChart draws the chart on screen, or what is keeping it.
func (m *Model) renderChart(width, height int) []string {
	f := m.detail.top()
	switch {
	case f.err != nil:
		what := map[viewKind]string{viewLineage: "the lineage", viewNumbers: "the numbers"}[f.kind]
		return []string{m.st.errorText.Render(fit("Could not load "+what+": "+f.err.Error(), width))}
	case f.chart == nil:
		return []string{m.st.muted.Render(fit("Loading…", width))}
	}
	lines := strings.Split(f.chart.view(), "\n")
	for i, l := range lines {
		lines[i] = fit(l, width)
	}
	return padLines(lines, height, width)
}
