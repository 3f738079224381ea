package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

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
		i := m.list.offset + msg.Y - lay.listY
		if msg.Y < lay.listY || msg.Y >= lay.listY+lay.listH || msg.X >= lay.listW || i >= len(m.list.hits) {
			return nil
		}
		m.list.setCursor(i, lay.listH)
		if double(i) {
			return m.openSelected()
		}
	}
	return nil
}
