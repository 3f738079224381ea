package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// menuScreen is the filter menu, open beside the list: the keys move through its values and
// toggle them; nothing is typed while it is open.
type menuScreen struct{ *Model }

func (s menuScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	m, k := s.Model, s.keys
	defer func() {
		if m.menu.open {
			m.menu.clamp(m.layout().menuH)
		}
	}()
	switch {
	case key.Matches(msg, k.CloseMenu):
		m.menu.open = false
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help, k.ListHelp):
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

func (s menuScreen) keyHelp() screenKeys {
	k := s.Model.keys
	closeMenu := withHelp(k.CloseMenu, "esc/ctrl+f", "close")
	return screenKeys{
		short: []key.Binding{k.Up, k.Down, k.Toggle, k.ClearFilters, closeMenu},
		full:  [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.Toggle, k.ClearFilters, closeMenu, k.Quit}},
	}
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
