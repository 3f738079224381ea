package ui

import (
	"charm.land/bubbles/v2/key"
)

// keyMap is the explorer's one keymap: every key it answers to is here, and the footer and the
// `?` help are generated from it by the screen on top (each screen's keys()).
//
// The list has a search box that every printable character types into, so its commands sit on
// keys that cannot be typed, as in fzf and gh-dash: Ctrl for finding (filter, sort), Alt plus the
// letter an open entry uses for the rest (Alt+T timeline, Alt+B bury…), function keys as
// fallbacks. On an entry, a chart or the help, where nothing is typed, single letters work.
type keyMap struct {
	// Moving where letters are not typed (an entry, a chart, the help, the filter menu).
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	// Moving in the list: arrows and Ctrl keys only.
	ListUp, ListDown, ListTop, ListBottom key.Binding

	Search, Clear, Filter, Sort, Reverse key.Binding
	Open, Back, NextLink, PrevLink       key.Binding
	Toggle, ClearFilters, CloseMenu      key.Binding
	Copy, Cite, Export, Source           key.Binding
	// A digit picks source 1–9 on an entry, and line 1–9 of a chooser.
	Digit key.Binding
	// The views and the writes: a letter on an entry (Alt+letter works there too), Alt+letter
	// in the list, where the selected row is the entry they act on.
	Timeline, Lineage, Numbers             key.Binding
	ListTimeline, ListLineage, ListNumbers key.Binding
	Add, Bury, Note, Reset, Refresh        key.Binding
	ListAdd, ListBury, ListNote, ListReset key.Binding
	ListRefresh                            key.Binding
	Cancel                                 key.Binding
	Help, ListHelp, Quit, ForceQuit        key.Binding
}

func newKeyMap() keyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return keyMap{
		Up:       b([]string{"up", "k", "ctrl+p"}, "↑/k", "up"),
		Down:     b([]string{"down", "j", "ctrl+n"}, "↓/j", "down"),
		PageUp:   b([]string{"pgup"}, "pgup", "page up"),
		PageDown: b([]string{"pgdown"}, "pgdn", "page down"),
		Top:      b([]string{"g", "home"}, "g/home", "first"),
		Bottom:   b([]string{"G", "end"}, "G/end", "last"),

		ListUp:     b([]string{"up", "ctrl+p", "ctrl+k"}, "↑/ctrl+p", "up"),
		ListDown:   b([]string{"down", "ctrl+n", "ctrl+j"}, "↓/ctrl+n", "down"),
		ListTop:    b([]string{"home"}, "home", "first"),
		ListBottom: b([]string{"end"}, "end", "last"),

		Search:  b([]string{"/"}, "/", "new search"),
		Clear:   b([]string{"esc"}, "esc", "clear"),
		Filter:  b([]string{"ctrl+f", "alt+f"}, "ctrl+f", "filter"),
		Sort:    b([]string{"ctrl+s", "alt+o"}, "ctrl+s", "sort"),
		Reverse: b([]string{"ctrl+r"}, "ctrl+r", "reverse order"),

		Open:     b([]string{"enter"}, "enter", "open"),
		Back:     b([]string{"esc", "backspace"}, "esc", "back"),
		NextLink: b([]string{"tab", "right"}, "tab/→", "next link"),
		PrevLink: b([]string{"shift+tab", "left"}, "⇧tab/←", "previous link"),

		Toggle:       b([]string{"space", "enter"}, "space", "toggle"),
		ClearFilters: b([]string{"x"}, "x", "clear filters"),
		CloseMenu:    b([]string{"esc", "ctrl+f", "alt+f"}, "esc", "close"),

		Copy:   b([]string{"y"}, "y", "copy… (note, briefing, address)"),
		Cite:   b([]string{"c"}, "c", "copy a briefing paragraph with its sources"),
		Export: b([]string{"e"}, "e", "write <slug>.md"),
		Source: b([]string{"o"}, "o", "open a source…"),
		Digit:  b([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1–9", "open that source"),

		Timeline:     b([]string{"t", "T", "alt+t"}, "t", "timeline"),
		Lineage:      b([]string{"l", "L", "alt+l"}, "l", "lineage"),
		Numbers:      b([]string{"s", "#", "alt+s"}, "s", "numbers"),
		ListTimeline: b([]string{"alt+t", "f2"}, "alt+t", "timeline"),
		ListLineage:  b([]string{"alt+l", "f3"}, "alt+l", "lineage"),
		ListNumbers:  b([]string{"alt+s", "f4"}, "alt+s", "numbers"),

		Add:         b([]string{"a", "A", "alt+a"}, "a", "add an entry"),
		Bury:        b([]string{"b", "B", "alt+b"}, "b", "bury it"),
		Note:        b([]string{"n", "N", "alt+n"}, "n", "add a note"),
		Reset:       b([]string{"u", "U", "alt+u"}, "u", "reset your edits"),
		Refresh:     b([]string{"r", "R", "alt+r", "f5"}, "r", "reload"),
		ListAdd:     b([]string{"alt+a"}, "alt+a", "add"),
		ListBury:    b([]string{"alt+b"}, "alt+b", "bury"),
		ListNote:    b([]string{"alt+n"}, "alt+n", "note"),
		ListReset:   b([]string{"alt+u"}, "alt+u", "reset edits"),
		ListRefresh: b([]string{"alt+r", "f5"}, "alt+r", "reload"),
		Cancel:      b([]string{"esc"}, "esc", "cancel"),

		Help:      b([]string{"?", "f1"}, "?", "help"),
		ListHelp:  b([]string{"f1", "alt+?", "alt+h"}, "f1", "help"),
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
func (m *Model) keysFor() screenKeys { return m.active().keyHelp() }

// keysForUnderHelp is the keymap of the screen beneath the `?` help, which the help lists.
func (m *Model) keysForUnderHelp() screenKeys {
	shown := m.showHelp
	m.showHelp = false
	defer func() { m.showHelp = shown }()
	return m.keysFor()
}
