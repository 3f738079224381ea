package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// entryScreen is an open entry: its Markdown, scrolled, and its lineage to walk. Nothing is
// typed here, so single letters are its commands.
type entryScreen struct{ *Model }

func (s entryScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	m, k := s.Model, s.keys
	h := m.layout().docH
	f := m.detail.top()
	if m.find.typing {
		return m.handleFindKey(msg)
	}
	if m.find.active(f.slug) {
		switch msg.String() {
		case "n":
			m.nextFound(1)
			return nil
		case "N":
			m.nextFound(-1)
			return nil
		case "esc":
			m.find = finder{}
			return nil
		}
	}
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp = true
	case key.Matches(msg, k.Back):
		return m.back()
	case key.Matches(msg, k.Search):
		return m.startFind()
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
		return m.openCopies()
	case key.Matches(msg, k.Cite):
		return m.citeCmd(f.slug)
	case key.Matches(msg, k.Export):
		return m.exportCmd(f.slug)
	case key.Matches(msg, k.Source):
		return m.openSources()
	case key.Matches(msg, k.Digit):
		return m.openSource(digit(msg))
	case key.Matches(msg, k.Timeline):
		return m.openFamilyTimeline()
	case key.Matches(msg, k.Lineage):
		return m.openLineage()
	case key.Matches(msg, k.Numbers):
		return m.openNumbers()
	case key.Matches(msg, k.Add):
		return m.startWrite(writeAdd)
	case key.Matches(msg, k.Bury):
		return m.startWrite(writeBury)
	case key.Matches(msg, k.Note):
		return m.startWrite(writeNote)
	case key.Matches(msg, k.Reset):
		return m.startWrite(writeReset)
	case key.Matches(msg, k.Refresh):
		return m.refreshCmd(true)
	}
	return nil
}

func (s entryScreen) keyHelp() screenKeys {
	k := s.Model.keys
	move := []key.Binding{
		withHelp(k.Up, "↑/k", "scroll up"), withHelp(k.Down, "↓/j", "scroll down"),
		k.PageUp, k.PageDown, withHelp(k.Top, "g/home", "top"), withHelp(k.Bottom, "G/end", "bottom"),
	}
	follow := withHelp(k.Open, "enter", "go to link")
	back := withHelp(k.Back, "esc/⌫", "back")
	entry := []key.Binding{k.NextLink, k.PrevLink, follow, back}
	acts := []key.Binding{k.Copy, k.Cite, k.Export, k.Source, k.Digit}
	views := []key.Binding{withHelp(k.Lineage, "l", "its whole lineage"), withHelp(k.Timeline, "t", "its family on a timeline"), k.Numbers}
	writes := []key.Binding{withHelp(k.Note, "n", "add a note"), k.Bury, k.Add, k.Reset, k.Refresh}
	general := []key.Binding{withHelp(k.Search, "/", "find in this entry (then n/N)"), k.Help, k.Quit, k.ForceQuit}
	// Scrolling goes without saying; the footer keeps room for what is particular here, and
	// what is read most (copy, export, source) comes before the writes, which drop first on a
	// narrow terminal. ? comes early so that even a narrow footer shows the way to every key.
	if s.find.active(s.detail.top().slug) {
		found := s.findKeys()
		return screenKeys{short: append(found, k.Help, k.Quit), full: [][]key.Binding{found, move, entry, acts, views, writes, general}}
	}
	short := []key.Binding{withHelp(k.Back, "esc", "back"), k.Help,
		withHelp(k.Copy, "y", "copy"), withHelp(k.Export, "e", "export"), withHelp(k.Source, "o", "source"), withHelp(k.Cite, "c", "cite"),
		k.Lineage, k.Timeline, k.Numbers, withHelp(k.Note, "n/b/a", "note/bury/add")}
	if s.detail.hasLinks() {
		short = append(short, withHelp(k.NextLink, "tab", "link"), withHelp(k.Open, "enter", "go"))
	}
	short = append(short, k.Quit)
	return screenKeys{short: short, full: [][]key.Binding{move, entry, acts, views, writes, general}}
}

// newSearch leaves whatever is open for the list, with an empty search.
func (m *Model) newSearch() tea.Cmd {
	m.detail = detail{}
	m.list.clamp(m.layout().listH)
	if m.input.Value() == "" {
		return nil
	}
	m.input.SetValue("")
	return m.searchCmd("")
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
	m.find = finder{}
	m.detail.path = append(m.detail.path, frame{slug: slug, label: label})
	return m.loadDoc()
}

// back walks one step back along the path, to the list after the first screen.
func (m *Model) back() tea.Cmd {
	m.find = finder{}
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
