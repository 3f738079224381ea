// Package ui is quango's terminal explorer: a searchable, filterable list of the catalogue, a
// preview of the selected entry, and each entry in full with its lineage to walk.
package ui

import (
	"context"
	"time"
	"unicode"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"quango/store"
	"quango/ui/forms"
)

// Options adjust the explorer; the zero value is right for a real terminal.
type Options struct {
	// Colour is false under NO_COLOR or a dumb terminal: the explorer then marks things with bold,
	// underline and reverse video only.
	Colour bool
	// Light assumes a light background until the terminal says which it has (most are dark).
	Light bool
	// Now is the clock for lifespans of the living and for double clicks; nil means time.Now.
	Now func() time.Time
	// Dir is where `e` writes <slug>.md; "" means the working directory.
	Dir string
	// OpenURL opens a source in a browser; nil means the system's opener.
	OpenURL func(url string) error
}

// doubleClick is the longest gap between two clicks on one row that opens it.
const doubleClick = 500 * time.Millisecond

// Minimum size the layout is designed for; smaller shows a message instead.
const (
	minWidth  = 40
	minHeight = 12
)

// Model is the explorer's root model; everything on screen is drawn from it.
type Model struct {
	ctx  context.Context
	cat  Catalogue
	opts Options
	keys keyMap
	st   theme
	help help.Model

	width, height int

	total, alive int
	version      string

	input textinput.Model
	query string // the query whose results are on screen

	universe   []*store.Entry // every entry, from the first, empty search
	hits       []store.Hit    // the current query's hits before facets
	didYouMean []*store.Entry
	suggesting bool // the list shows "did you mean" entries, not hits
	loaded     bool
	list       results

	order, browseOrder string
	facets             facets
	menu               menu

	detail     detail
	seq        int // the last id given to a chart screen
	docs       map[docKey]*doc
	showHelp   bool
	helpOffset int // first line of the help shown, when it is taller than the screen

	status    string
	statusErr bool
	statusURL string // the status names this address

	editor     *editor // the open add, bury or note form
	selectSlug string  // select this entry when the list next shows it (one just added)
	reloading  bool    // the catalogue changed: the next whole-catalogue answer replaces the old

	lastClick struct {
		at  time.Time
		row int
	}
}

type docKey struct {
	slug  string
	width int
	dark  bool
}

// New returns the explorer over cat. ctx bounds every query it makes.
func New(ctx context.Context, cat Catalogue, opts Options) *Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	m := &Model{
		ctx:         ctx,
		cat:         cat,
		opts:        opts,
		keys:        newKeyMap(),
		help:        help.New(),
		input:       textinput.New(),
		order:       "name",
		browseOrder: "name",
		docs:        map[docKey]*doc{},
	}
	m.input.Prompt = "/ "
	m.input.CharLimit = store.MaxQuery
	m.input.Placeholder = "type to search acronyms, names, history"
	m.setStyles(newTheme(!opts.Light, opts.Colour))
	return m
}

func (m *Model) now() time.Time { return m.opts.Now() }

func (m *Model) setStyles(st theme) {
	m.st = st
	m.help.Styles = st.help
	m.input.SetStyles(st.input)
	m.restyleCharts()
	m.styleForm()
}

// Init asks for the background colour, the counts and the whole catalogue.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.countsCmd(), m.searchCmd(""))
}

func (m *Model) inDetail() bool { return m.detail.open() }

func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// Update applies one message to the model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		lay := m.layout()
		m.list.clamp(lay.listH)
		m.menu.clamp(lay.menuH)
		m.scrollHelp(0, m.helpHeight())
		m.resizeCharts()
		m.sizeForm()
		return m, m.reRender()

	case tea.BackgroundColorMsg:
		if msg.IsDark() != m.st.dark {
			m.setStyles(newTheme(msg.IsDark(), m.st.colour))
			return m, m.reRender()
		}
		return m, nil

	case countsMsg:
		if msg.err != nil {
			m.setStatus("Could not count the catalogue: "+msg.err.Error(), true)
			return m, nil
		}
		m.total, m.alive, m.version = msg.total, msg.alive, msg.version
		return m, nil

	case searchMsg:
		m.applySearch(msg)
		return m, nil

	case docMsg:
		m.applyDoc(msg)
		return m, nil

	case lineageMsg:
		m.applyLineage(msg)
		return m, nil

	case statsMsg:
		m.applyStats(msg)
		return m, nil

	case chartOpenMsg:
		return m, m.openFromChart(msg)

	case copyMsg:
		if msg.err != nil {
			m.setStatus(msg.err.Error(), true)
			return m, nil
		}
		// OSC 52 has no reply: say what was done and what to do if the terminal ignored it.
		m.setStatus("Sent the Markdown of "+msg.label+" to the clipboard (OSC 52; if it did not arrive, e writes a file)", false)
		return m, tea.SetClipboard(msg.md)

	case statusMsg:
		m.setStatus(msg.text, msg.err)
		m.statusURL = msg.url
		return m, nil

	case slugsMsg:
		if msg.err != nil {
			m.setStatus("Could not read the catalogue: "+msg.err.Error(), true)
			return m, nil
		}
		taken := make(map[string]bool, len(msg.slugs))
		for _, s := range msg.slugs {
			taken[s] = true
		}
		return m, m.openEditor(&editor{kind: writeAdd, add: &forms.AddResult{}, taken: taken})

	case writtenMsg:
		return m, m.applyWritten(msg)

	case refreshedMsg:
		return m, m.applyRefreshed(msg)

	case tea.FocusMsg:
		// Back from another window, perhaps from a quango write there: look again.
		return m, m.refreshCmd(false)

	case tea.KeyPressMsg:
		return m, m.handleKey(msg)

	case tea.MouseWheelMsg:
		if m.editor == nil {
			m.handleWheel(msg)
		}
		return m, nil

	case tea.MouseClickMsg:
		if m.editor != nil {
			return m, nil
		}
		return m, m.handleClick(msg)

	case tea.PasteMsg:
		if m.editor != nil {
			return m, m.updateEditor(msg)
		}
		if !m.detail.open() && !m.menu.open && !m.showHelp {
			if !m.input.Focused() {
				m.input.SetValue("")
				m.input.Focus()
			}
			return m, m.updateInput(msg)
		}
	default:
		// The form's own messages (moving between fields, the cursor's blink).
		if m.editor != nil {
			return m, m.updateEditor(msg)
		}
	}
	return m, nil
}

func (m *Model) setStatus(text string, isErr bool) {
	m.status, m.statusErr, m.statusURL = text, isErr, ""
}

// applySearch shows a search's results, unless the query has changed since it was asked.
func (m *Model) applySearch(msg searchMsg) {
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
	if msg.query != m.input.Value() {
		return // stale: a newer query is on its way
	}
	if msg.err != nil {
		m.setStatus("Search failed: "+msg.err.Error(), true)
		return
	}
	previous := m.query
	m.query = msg.query
	m.hits = msg.result.Hits
	m.didYouMean = msg.result.DidYouMean
	switch {
	case previous == "" && m.query != "":
		m.browseOrder, m.order = m.order, orderMatch
	case m.query == "" && m.order == orderMatch:
		m.order = m.browseOrder
	}
	m.loaded = true
	m.refresh(previous != m.query)
	if m.selectSlug != "" {
		for i, h := range m.list.hits {
			if h.Entry.Slug == m.selectSlug {
				m.list.setCursor(i, m.layout().listH)
			}
		}
		m.selectSlug = ""
	}
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
	// the likeliest reading of a typo beats a weak fuzzy match.
	m.suggesting = len(m.didYouMean) > 0
	rows := make([]store.Hit, 0, len(m.didYouMean)+len(m.hits))
	seen := map[string]bool{}
	add := func(h store.Hit) {
		if !seen[h.Entry.Slug] && m.facets.passes(h.Entry, facetCount, now) {
			seen[h.Entry.Slug] = true
			rows = append(rows, h)
		}
	}
	matched := make(map[string]store.Hit, len(m.hits))
	for _, h := range m.hits {
		matched[h.Entry.Slug] = h
	}
	for _, e := range m.didYouMean {
		if h, ok := matched[e.Slug]; ok {
			add(h) // keep its highlights
		} else {
			add(store.Hit{Entry: e})
		}
	}
	for _, h := range m.hits {
		add(h)
	}
	sortHits(rows, m.order, now)
	m.list.setHits(rows)
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
		return append([]string{orderMatch}, store.SortOrders...)
	}
	return store.SortOrders
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
	m.refresh(false)
}

// handleKey routes a key to the screen that has the focus. Ctrl+C always quits; letters type
// while the search has the focus.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	m.setStatus("", false)
	if key.Matches(msg, k.ForceQuit) {
		return tea.Quit
	}
	if m.tooSmall() {
		if key.Matches(msg, k.Quit) {
			return tea.Quit
		}
		return nil
	}
	switch {
	case m.editor != nil:
		return m.handleEditorKey(msg)
	case m.showHelp:
		h := m.helpHeight()
		switch {
		case key.Matches(msg, k.Back, k.Help):
			m.showHelp, m.helpOffset = false, 0
		case key.Matches(msg, k.Quit):
			return tea.Quit
		case key.Matches(msg, k.Up):
			m.scrollHelp(-1, h)
		case key.Matches(msg, k.Down):
			m.scrollHelp(1, h)
		case key.Matches(msg, k.PageUp):
			m.scrollHelp(-max(1, h-1), h)
		case key.Matches(msg, k.PageDown):
			m.scrollHelp(max(1, h-1), h)
		case key.Matches(msg, k.Top):
			m.helpOffset = 0
		case key.Matches(msg, k.Bottom):
			m.scrollHelp(1<<20, h)
		}
		return nil
	case m.menu.open:
		return m.handleMenuKey(msg)
	case m.inChart():
		return m.handleChartKey(msg)
	case m.inDetail():
		return m.handleDetailKey(msg)
	case m.input.Focused():
		return m.handleInputKey(msg)
	}
	return m.handleListKey(msg)
}

func (m *Model) handleListKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	h := m.layout().listH
	if cmd, ok := m.viewKey(msg, true); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp = true
	case key.Matches(msg, k.Search):
		m.input.CursorEnd()
		return m.input.Focus()
	case key.Matches(msg, k.Clear):
		switch {
		case m.query != "":
			m.input.SetValue("")
			return m.searchCmd("")
		case m.facets.any():
			m.facets.clear()
			m.refresh(false)
		}
	case key.Matches(msg, k.Filter):
		m.menu.open = true
		m.menu.clamp(m.layout().menuH)
	case key.Matches(msg, k.Sort):
		m.cycleOrder()
	case key.Matches(msg, k.ListAdd):
		return m.startWrite(writeAdd, "", "")
	case key.Matches(msg, k.ListBury):
		slug, label := m.writeTarget()
		return m.startWrite(writeBury, slug, label)
	case key.Matches(msg, k.ListNote):
		slug, label := m.writeTarget()
		return m.startWrite(writeNote, slug, label)
	case key.Matches(msg, k.ListRefresh):
		return m.refreshCmd(true)
	case key.Matches(msg, k.Open):
		return m.openSelected()
	case msg.String() == "backspace" && m.query != "":
		// Backspace edits the search even when the list has the keys.
		m.input.CursorEnd()
		return tea.Batch(m.input.Focus(), m.updateInput(msg))
	case msg.String() == "g" && m.list.cursor == 0:
		// g ("to the top") does nothing at the top, so there it begins a search: GDE, GPSoC.
		return m.startSearch(msg)
	case m.moveList(msg, h):
	default:
		if startsSearch(msg) {
			return m.startSearch(msg)
		}
	}
	return nil
}

// startSearch begins a new search with a key typed while browsing. Only keys without a
// command do this, which is why y, o and e act on an open entry but not in the list: a word
// typed into the list must never copy, open or write anything.
func (m *Model) startSearch(msg tea.KeyPressMsg) tea.Cmd {
	m.input.SetValue("")
	cmd := m.input.Focus()
	return tea.Batch(cmd, m.updateInput(msg))
}

// startsSearch reports whether a key is text that should begin a search: a printable character
// typed without Ctrl or Alt.
func startsSearch(msg tea.KeyPressMsg) bool {
	if msg.Text == "" || msg.Mod.Contains(tea.ModCtrl) || msg.Mod.Contains(tea.ModAlt) {
		return false
	}
	for _, r := range msg.Text {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// moveList handles the movement keys shared by the list and the search box.
func (m *Model) moveList(msg tea.KeyPressMsg, height int) bool {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		m.list.move(-1, height)
	case key.Matches(msg, k.Down):
		m.list.move(1, height)
	case key.Matches(msg, k.PageUp):
		m.list.move(-max(1, height-1), height)
	case key.Matches(msg, k.PageDown):
		m.list.move(max(1, height-1), height)
	case key.Matches(msg, k.Top):
		m.list.setCursor(0, height)
	case key.Matches(msg, k.Bottom):
		m.list.setCursor(len(m.list.hits)-1, height)
	default:
		return false
	}
	return true
}

func (m *Model) handleInputKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	h := m.layout().listH
	switch msg.String() {
	case "up", "down", "pgup", "pgdown":
		// Arrows move the selection while typing; j and k are letters here.
		m.moveList(msg, h)
		return nil
	case "enter":
		m.input.Blur()
		return m.openSelected()
	}
	if key.Matches(msg, k.Browse) {
		m.input.Blur()
		return nil
	}
	if key.Matches(msg, k.Clear) {
		m.input.Blur()
		if m.input.Value() != "" {
			m.input.SetValue("")
			return m.searchCmd("")
		}
		return nil
	}
	return m.updateInput(msg)
}

// updateInput passes a message to the search box and starts a search when its text changed.
func (m *Model) updateInput(msg tea.Msg) tea.Cmd {
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() != before {
		return tea.Batch(cmd, m.searchCmd(m.input.Value()))
	}
	return cmd
}

func (m *Model) handleMenuKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	defer func() {
		if m.menu.open {
			m.menu.clamp(m.layout().menuH)
		}
	}()
	switch {
	case key.Matches(msg, k.Back, k.Filter):
		m.menu.open = false
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp = true
	case key.Matches(msg, k.Up):
		m.menu.moveCursor(-1)
	case key.Matches(msg, k.Down):
		m.menu.moveCursor(1)
	case key.Matches(msg, k.PageUp):
		m.menu.moveCursor(-5)
	case key.Matches(msg, k.PageDown):
		m.menu.moveCursor(5)
	case key.Matches(msg, k.Top):
		m.menu.first()
	case key.Matches(msg, k.Bottom):
		m.menu.last()
	case key.Matches(msg, k.Toggle):
		m.toggleMenuItem()
	case key.Matches(msg, k.ClearFilters):
		m.facets.clear()
		m.refresh(false)
	}
	return nil
}

func (m *Model) toggleMenuItem() {
	if m.menu.cursor < 0 || m.menu.cursor >= len(m.menu.items) {
		return
	}
	it := m.menu.items[m.menu.cursor]
	if it.heading {
		return
	}
	m.facets.toggle(it.facet, it.value)
	m.refresh(false)
}

func (m *Model) handleDetailKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	lay := m.layout()
	h := lay.docH
	f := m.detail.top()
	if cmd, ok := m.viewKey(msg, false); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp = true
	case key.Matches(msg, k.Back):
		return m.back()
	case key.Matches(msg, k.Search):
		m.detail = detail{}
		m.input.CursorEnd()
		return m.input.Focus()
	case key.Matches(msg, k.Up):
		m.detail.scroll(-1, h)
	case key.Matches(msg, k.Down):
		m.detail.scroll(1, h)
	case key.Matches(msg, k.PageUp):
		m.detail.scroll(-max(1, h-1), h)
	case key.Matches(msg, k.PageDown):
		m.detail.scroll(max(1, h-1), h)
	case key.Matches(msg, k.Top):
		f.offset = 0
	case key.Matches(msg, k.Bottom):
		m.detail.scroll(1<<20, h)
	case key.Matches(msg, k.NextLink):
		m.detail.selectLink(1)
	case key.Matches(msg, k.PrevLink):
		m.detail.selectLink(-1)
	case key.Matches(msg, k.Open):
		return m.followLink()
	case key.Matches(msg, k.Copy):
		return m.copyCmd(f.slug)
	case key.Matches(msg, k.Export):
		return m.exportCmd(f.slug)
	case key.Matches(msg, k.Source):
		return m.sourceCmd(f.slug)
	case key.Matches(msg, k.Add):
		return m.startWrite(writeAdd, "", "")
	case key.Matches(msg, k.Bury):
		slug, label := m.writeTarget()
		return m.startWrite(writeBury, slug, label)
	case key.Matches(msg, k.Note):
		slug, label := m.writeTarget()
		return m.startWrite(writeNote, slug, label)
	case key.Matches(msg, k.Refresh):
		return m.refreshCmd(true)
	}
	return nil
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

func (m *Model) followLink() tea.Cmd {
	f := m.detail.top()
	if f == nil || !m.detail.hasLinks() {
		return nil
	}
	l := m.detail.doc.links[f.link].link
	label := l.Acronym
	if label == "" {
		label = l.Name
	}
	return m.push(l.Slug, label)
}

func (m *Model) push(slug, label string) tea.Cmd {
	m.detail.path = append(m.detail.path, frame{slug: slug, label: label})
	return m.loadDoc()
}

// back walks one step back along the path, to the list after the first screen.
func (m *Model) back() tea.Cmd {
	m.detail.path = m.detail.path[:len(m.detail.path)-1]
	if !m.detail.open() {
		m.detail = detail{}
		m.list.clamp(m.layout().listH)
		return nil
	}
	if m.inChart() {
		return nil // the chart kept its state, and its size through any resize
	}
	return m.loadDoc()
}

// loadDoc shows the top of the path, from the cache when it was rendered at this width and
// background, else by rendering it in a command.
func (m *Model) loadDoc() tea.Cmd {
	f := m.detail.top()
	w := m.layout().docW
	if d, ok := m.docs[docKey{f.slug, w, m.st.dark}]; ok {
		m.detail.doc, m.detail.err = d, nil
		return nil
	}
	m.detail.doc, m.detail.err = nil, nil
	return m.docCmd(f.slug, w)
}

// reRender asks for the open entry again after the width or background changed.
func (m *Model) reRender() tea.Cmd {
	if !m.inDetail() || m.tooSmall() {
		return nil
	}
	f := m.detail.top()
	w := m.layout().docW
	if d, ok := m.docs[docKey{f.slug, w, m.st.dark}]; ok {
		m.detail.doc = d
		m.detail.scroll(0, m.layout().docH)
		return nil
	}
	// Keep showing the old rendering until the new one arrives.
	return m.docCmd(f.slug, w)
}

func (m *Model) applyDoc(msg docMsg) {
	if msg.doc != nil {
		m.docs[docKey{msg.slug, msg.width, msg.dark}] = msg.doc
	}
	f := m.detail.top()
	if f == nil || f.kind != viewEntry || f.slug != msg.slug || msg.width != m.layout().docW || msg.dark != m.st.dark {
		return // the user has moved on, or the screen changed since it was asked
	}
	m.detail.doc, m.detail.err = msg.doc, msg.err
	if msg.doc != nil {
		f.link = min(f.link, max(0, len(msg.doc.links)-1))
		m.detail.scroll(0, m.layout().docH)
	}
}

// handleWheel scrolls whatever is under the pointer's screen.
func (m *Model) handleWheel(msg tea.MouseWheelMsg) {
	if m.tooSmall() {
		return
	}
	delta := 0
	switch msg.Button {
	case tea.MouseWheelUp:
		delta = -3
	case tea.MouseWheelDown:
		delta = 3
	default:
		return
	}
	lay := m.layout()
	switch {
	case m.showHelp:
		m.scrollHelp(delta, m.helpHeight())
	case m.menu.open:
		m.menu.moveCursor(delta / 3)
		m.menu.clamp(lay.menuH)
	case m.inChart():
		if f := m.detail.top(); f.chart != nil {
			f.chart.update(msg)
		}
	case m.inDetail():
		m.detail.scroll(delta, lay.docH)
	default:
		m.list.scroll(delta, lay.listH)
	}
}

// handleClick selects what was clicked; a second click on the same row soon after opens it.
func (m *Model) handleClick(msg tea.MouseClickMsg) tea.Cmd {
	if m.tooSmall() || m.showHelp || msg.Button != tea.MouseLeft {
		return nil
	}
	lay := m.layout()
	now := m.now()
	double := func(row int) bool {
		d := row == m.lastClick.row && now.Sub(m.lastClick.at) < doubleClick && !m.lastClick.at.IsZero()
		m.lastClick.row, m.lastClick.at = row, now
		if d {
			m.lastClick.at = time.Time{} // a third click starts over
		}
		return d
	}
	switch {
	case m.inChart():
		return nil // the charts take keys and the wheel
	case m.menu.open:
		i := m.menu.offset + msg.Y - lay.menuY
		if msg.X < lay.menuW && msg.Y >= lay.menuY && i >= 0 && i < len(m.menu.items) && !m.menu.items[i].heading {
			m.menu.cursor = i
			m.toggleMenuItem()
		}
	case m.inDetail():
		if !m.detail.hasLinks() || msg.Y <= lay.lineageY || msg.Y >= lay.lineageY+lay.lineageH {
			return nil
		}
		f := m.detail.top()
		rows := lay.lineageH - 1
		first := max(0, min(f.link-rows/2, len(m.detail.doc.links)-rows))
		i := first + msg.Y - lay.lineageY - 1
		if i < 0 || i >= len(m.detail.doc.links) {
			return nil
		}
		f.link = i
		if double(-1 - i) {
			return m.followLink()
		}
	default:
		if msg.Y == lay.searchY {
			m.input.CursorEnd()
			return m.input.Focus()
		}
		i := m.list.offset + msg.Y - lay.listY
		if msg.Y < lay.listY || msg.Y >= lay.listY+lay.listH || msg.X >= lay.listW || i >= len(m.list.hits) {
			return nil
		}
		m.input.Blur()
		m.list.setCursor(i, lay.listH)
		if double(i) {
			return m.openSelected()
		}
	}
	return nil
}

// helpHeight is how many lines the help has on the current screen.
func (m *Model) helpHeight() int {
	if m.detail.open() {
		return m.height - 2
	}
	return m.layout().bodyH
}

func (m *Model) scrollHelp(delta, height int) {
	m.helpOffset = max(0, min(m.helpOffset+delta, len(m.helpLines())-height))
}
