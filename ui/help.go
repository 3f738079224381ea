package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// helpScreen is the `?` help over any screen: every key of the screen beneath, from the keymap,
// and a few notes on what they do.
type helpScreen struct{ *Model }

func (s helpScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	m, k := s.Model, s.keys
	h := m.helpHeight()
	switch {
	case key.Matches(msg, k.Back, k.Help, k.ListHelp):
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
}

func (s helpScreen) keyHelp() screenKeys {
	k := s.Model.keys
	short := []key.Binding{withHelp(k.Back, "esc", "close help"), k.Quit}
	if len(s.helpLines()) > s.helpHeight() {
		short = append([]key.Binding{withHelp(k.Down, "↑↓", "scroll")}, short...)
	}
	return screenKeys{short: short}
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

// fullHelp is the `?` screen, height lines from the current scroll position; its last line says
// when there is more below.
func (m *Model) fullHelp(height int) []string {
	all := m.helpLines()
	off := max(0, min(m.helpOffset, len(all)-height))
	out := all[off:]
	if len(out) > height {
		out = out[:height]
		out[height-1] = m.st.faint.Render(fit("↓ more (↓/j, pgdn)", m.width))
	}
	return padLines(out, height, m.width)
}

// helpLines is the whole `?` help: every key of the screen underneath, from the keymap.
func (m *Model) helpLines() []string {
	keys := m.keysForUnderHelp()
	h := m.help
	h.SetWidth(0) // measured here: groups that do not fit go on the next row, never cut
	var out []string
	out = append(out, m.st.heading.Render("Keys"), "")
	var row [][]key.Binding
	flush := func() {
		if len(row) == 0 {
			return
		}
		for _, line := range strings.Split(h.FullHelpView(row), "\n") {
			out = append(out, " "+line)
		}
		out = append(out, "")
		row = nil
	}
	for _, group := range keys.full {
		if len(row) > 0 && lipgloss.Width(h.FullHelpView(append(row, group)))+2 > m.width {
			flush()
		}
		row = append(row, group)
	}
	flush()
	var notes []string
	switch f := m.detail.top(); {
	case f == nil:
		notes = []string{
			"In the list every character you type goes into the search, capitals, digits and punctuation too (NHSX, e-RS, A&E, NHSE/I); the commands are on Ctrl, Alt and function keys. / starts a fresh search, except in the middle of a word, where it is text.",
			"alt+t draws the entries listed now on a timeline; alt+l shows the selected entry's family tree; alt+s the numbers.",
			"Open an entry to copy its Markdown, briefing or a source's address (y), write it to ./<slug>.md (e) or open one of its sources (o, or its number).",
			"Search finds acronyms, initials (cfh), aliases, names and history, and suggests near misses.",
			"Mouse: the wheel scrolls, a click selects, a double click opens.",
		}
	case m.chooserOpen():
		notes = []string{
			"A digit picks its line at once; the arrows and enter pick the selected one; esc goes back to the entry.",
			"A source opens in $BROWSER when it is set, else in the system's browser; where none can appear its address is shown instead.",
			"Copies go to the clipboard through the terminal (OSC 52).",
		}
	case f.kind == viewEntry:
		notes = []string{
			"Lineage lists the entries this one came from (←) and led to (→); esc walks back the way you came.",
			"l draws its whole family tree, t the same family on a timeline, s the graveyard in numbers.",
			"y copies the Markdown note, the briefing paragraph or a source's address (OSC 52); e writes the note to ./<slug>.md, never over a file.",
			"o lists the sources to open; a digit 1–9 opens that source at once.",
			"Mouse: the wheel scrolls, a click chooses a link, a double click follows it.",
		}
	case f.kind == viewTimeline:
		notes = []string{
			"One row per entry, by start date: from the list, the entries it showed; from an entry, its family. █ dated, ▒ approximate, ▶ alive, ✕ abolition announced.",
			"enter opens the entry under the cursor; esc walks back the way you came.",
		}
	case f.kind == viewLineage:
		notes = []string{
			"The entries this one came from, then those it led to, each with its years, fate and the relation on the way.",
			"enter opens the entry under the cursor, l draws that entry's own tree; esc walks back the way you came.",
		}
	case f.kind == viewNumbers:
		notes = []string{
			"The whole catalogue in numbers, whatever the search or filters; esc walks back the way you came.",
		}
	}
	notes = append(notes, "esc, f1 or ? closes this help.")
	for _, n := range notes {
		for _, line := range strings.Split(m.st.muted.Width(m.width-2).Render(n), "\n") {
			out = append(out, " "+line)
		}
	}
	return out
}
