package ui

import (
	"charm.land/bubbles/v2/key"
)

// keyMap is the explorer's one keymap: every key it answers to is here, the footer and the `?`
// help are generated from it, and bindings are switched off where they do nothing.
type keyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding

	Search, Clear, Filter, Sort    key.Binding
	Open, Back, NextLink, PrevLink key.Binding
	Browse, Toggle, ClearFilters   key.Binding
	Copy, Export, Source           key.Binding
	// The views, from an entry or a chart (lower case or upper case) and from the list (upper
	// case and #: lower-case letters there start a search).
	Timeline, Lineage, Numbers             key.Binding
	ListTimeline, ListLineage, ListNumbers key.Binding
	// Writes, the same split: lower or upper case on an entry, upper case in the list, where
	// B and N act on the selected row. Cancel closes a form.
	Add, Bury, Note, Refresh                 key.Binding
	ListAdd, ListBury, ListNote, ListRefresh key.Binding
	Cancel                                   key.Binding
	Help, Quit, ForceQuit                    key.Binding
}

func newKeyMap() keyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return keyMap{
		Up:       b([]string{"up", "k"}, "↑/k", "up"),
		Down:     b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:   b([]string{"pgup"}, "pgup", "page up"),
		PageDown: b([]string{"pgdown"}, "pgdn", "page down"),
		Top:      b([]string{"g", "home"}, "g/home", "first"),
		Bottom:   b([]string{"G", "end"}, "G/end", "last"),

		Search: b([]string{"/"}, "/", "search"),
		Clear:  b([]string{"esc"}, "esc", "clear"),
		Filter: b([]string{"f"}, "f", "filter"),
		// Upper case: lower-case s begins too many acronyms (SUS, SCR, SHAs) to be a command.
		Sort: b([]string{"S"}, "S", "sort"),

		Open:     b([]string{"enter"}, "enter", "open"),
		Back:     b([]string{"esc", "backspace"}, "esc", "back"),
		NextLink: b([]string{"tab", "right"}, "tab/→", "next link"),
		PrevLink: b([]string{"shift+tab", "left"}, "⇧tab/←", "previous link"),

		Browse: b([]string{"tab"}, "tab", "keep the results, use the list's keys"),

		Toggle:       b([]string{"space", "enter"}, "space", "toggle"),
		ClearFilters: b([]string{"x"}, "x", "clear filters"),

		Copy:   b([]string{"y"}, "y", "copy Markdown"),
		Export: b([]string{"e"}, "e", "write <slug>.md"),
		Source: b([]string{"o"}, "o", "open source"),

		Timeline:     b([]string{"t", "T"}, "t", "timeline"),
		Lineage:      b([]string{"l", "L"}, "l", "lineage"),
		Numbers:      b([]string{"s", "#"}, "s", "numbers"),
		ListTimeline: b([]string{"T"}, "T", "timeline"),
		ListLineage:  b([]string{"L"}, "L", "lineage"),
		ListNumbers:  b([]string{"#"}, "#", "numbers"),

		Add:     b([]string{"a", "A"}, "a", "add an entry"),
		Bury:    b([]string{"b", "B"}, "b", "bury it"),
		Note:    b([]string{"n", "N"}, "n", "add a note"),
		Refresh: b([]string{"r", "R"}, "r", "reload"),
		// Short, so that the list's help keeps one row: B and N act on the selected row.
		ListAdd:     b([]string{"A"}, "A", "add"),
		ListBury:    b([]string{"B"}, "B", "bury"),
		ListNote:    b([]string{"N"}, "N", "note"),
		ListRefresh: b([]string{"R"}, "R", "reload"),
		Cancel:      b([]string{"esc"}, "esc", "cancel"),

		Help:      b([]string{"?"}, "?", "help"),
		Quit:      b([]string{"q"}, "q", "quit"),
		ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit"),
	}
}

// screenKeys is the keymap as one screen sees it: it implements help.KeyMap for the footer and
// the full help.
type screenKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (s screenKeys) ShortHelp() []key.Binding  { return s.short }
func (s screenKeys) FullHelp() [][]key.Binding { return s.full }

// withHelp returns a copy of b with other help text, for a key whose meaning depends on the
// screen (Enter opens an entry in the list and follows a link in an entry).
func withHelp(b key.Binding, k, desc string) key.Binding {
	b.SetHelp(k, desc)
	return b
}

// keysFor returns the bindings that work on the screen the model is showing now.
func (m *Model) keysFor() screenKeys {
	k := m.keys
	switch {
	case m.editor != nil:
		return m.editorKeys()
	case m.showHelp:
		back := withHelp(k.Back, "esc/?", "close help")
		short := []key.Binding{back, k.Quit}
		if len(m.helpLines()) > m.helpHeight() {
			short = append([]key.Binding{withHelp(k.Down, "↑↓", "scroll")}, short...)
		}
		return screenKeys{short: short}
	case m.menu.open:
		closeMenu := withHelp(k.Back, "esc/f", "close")
		return screenKeys{
			short: []key.Binding{k.Up, k.Down, k.Toggle, k.ClearFilters, closeMenu},
			full:  [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.Toggle, k.ClearFilters, closeMenu}},
		}
	case m.inChart():
		return m.chartKeys()
	case m.inDetail():
		move := []key.Binding{
			withHelp(k.Up, "↑/k", "scroll up"), withHelp(k.Down, "↓/j", "scroll down"),
			k.PageUp, k.PageDown, withHelp(k.Top, "g/home", "top"), withHelp(k.Bottom, "G/end", "bottom"),
		}
		follow := withHelp(k.Open, "enter", "go to link")
		back := withHelp(k.Back, "esc/⌫", "back")
		entry := []key.Binding{k.NextLink, k.PrevLink, follow, back}
		acts := []key.Binding{k.Copy, k.Export, k.Source}
		views := []key.Binding{withHelp(k.Lineage, "l", "its whole lineage"), k.Timeline, k.Numbers}
		writes := []key.Binding{withHelp(k.Note, "n", "add a note"), k.Bury, k.Add, k.Refresh}
		general := []key.Binding{withHelp(k.Search, "/", "new search"), k.Help, k.Quit, k.ForceQuit}
		// Scrolling goes without saying; the footer keeps room for what is particular here. ?
		// comes early so that even a narrow footer shows the way to every other key, and the
		// lineage panel's title already says tab and enter, so they come last.
		short := []key.Binding{withHelp(k.Back, "esc", "back"), k.Help, withHelp(k.Note, "n/b/a", "note/bury/add"),
			k.Lineage, k.Timeline, k.Numbers,
			withHelp(k.Copy, "y", "copy"), withHelp(k.Export, "e", "export"), withHelp(k.Source, "o", "source")}
		if m.detail.hasLinks() {
			short = append(short, withHelp(k.NextLink, "tab", "link"), withHelp(k.Open, "enter", "go"))
		}
		short = append(short, k.Quit)
		return screenKeys{short: short, full: [][]key.Binding{move, entry, acts, views, writes, general}}
	case m.input.Focused():
		up := withHelp(k.Up, "↑", "up")
		up.SetKeys("up")
		down := withHelp(k.Down, "↓", "down")
		down.SetKeys("down")
		clear := withHelp(k.Clear, "esc", "clear")
		return screenKeys{
			short: []key.Binding{withHelp(down, "↑↓", "move"), k.Open, withHelp(k.Browse, "tab", "browse"), clear, k.ForceQuit},
			full:  [][]key.Binding{{up, down, k.PageUp, k.PageDown}, {k.Open, k.Browse, clear, k.ForceQuit}},
		}
	}
	move := []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
	find := []key.Binding{k.Search, k.Filter, k.Sort, k.Clear}
	views := []key.Binding{k.ListTimeline, k.ListLineage, k.ListNumbers}
	writes := []key.Binding{k.ListAdd, k.ListBury, k.ListNote, k.ListRefresh}
	general := []key.Binding{k.Open, k.Help, k.Quit, k.ForceQuit}
	// The search line already says / f S when the search is empty, so the views come first.
	short := []key.Binding{withHelp(k.Down, "↑↓", "move"), k.Open, k.Help}
	if m.query != "" || m.facets.any() {
		short = append(short, withHelp(k.Clear, "esc", "clear"))
	}
	short = append(short, withHelp(k.ListAdd, "A/B/N", "add/bury/note"), k.ListTimeline, k.ListLineage, k.ListNumbers,
		k.ListRefresh, k.Filter, k.Sort, k.Search, k.Quit)
	return screenKeys{short: short, full: [][]key.Binding{move, find, views, writes, general}}
}

// keysForUnderHelp is the keymap of the screen beneath the `?` help, which the help lists.
func (m *Model) keysForUnderHelp() screenKeys {
	shown := m.showHelp
	m.showHelp = false
	defer func() { m.showHelp = shown }()
	return m.keysFor()
}
