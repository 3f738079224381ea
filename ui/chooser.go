package ui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"quango/seed"
	"quango/seed/safetext"
)

// chooseKind says what a chooser's pick does.
type chooseKind int

const (
	chooseSource chooseKind = iota // open the source in a browser
	chooseCopy                     // send a text to the clipboard
)

// copyKind is what the copy chooser's choice sends.
type copyKind int

const (
	copyMarkdown copyKind = iota
	copyBriefing
	copyURL
)

// choice is one numbered line of a chooser.
type choice struct {
	label string   // the line, already made safe for the terminal
	url   string   // the source's address, as the catalogue has it ("" when it has none)
	n     int      // the source's number on the entry, for the status line
	copy  copyKind // for the copy chooser
}

// chooser is the small numbered menu that `o` and `y` open over an entry: a digit picks a line
// at once, the arrows and Enter pick the selected one, Esc goes back to the entry.
type chooser struct {
	kind   chooseKind
	slug   string // the entry it belongs to
	label  string // the entry's label, as the catalogue has it
	items  []choice
	cursor int
}

// chooserScreen is an open chooser; it belongs to the entry beneath it and takes every key
// until something is picked or it is cancelled.
type chooserScreen struct{ *Model }

// chooserOpen says whether a chooser is open over the entry on top.
func (m *Model) chooserOpen() bool {
	f := m.detail.top()
	return m.choose != nil && f != nil && f.kind == viewEntry && f.slug == m.choose.slug
}

// sourceLine is a source as a chooser lists it: its title and publisher, or its address when
// it has no title.
func sourceLine(s seed.Source) string {
	line := s.Title
	if line == "" {
		line = s.URL
	}
	if s.Publisher != "" {
		line += " — " + s.Publisher
	}
	if s.URL == "" {
		line += " (no address)"
	}
	return safetext.VisibleLine(line)
}

// openSources opens the source chooser of the entry shown; with one source there is nothing to
// choose, so that one opens at once.
func (m *Model) openSources() tea.Cmd {
	d := m.detail.doc
	if d == nil {
		return nil // still loading
	}
	e := d.entry
	if len(e.Sources) == 0 {
		m.setStatus(safetext.VisibleLine(e.Label())+" has no sources", true)
		return nil
	}
	if len(e.Sources) == 1 {
		return m.openSource(1)
	}
	c := &chooser{kind: chooseSource, slug: m.detail.top().slug, label: e.Label()}
	for i, s := range e.Sources {
		c.items = append(c.items, choice{label: sourceLine(s), url: s.URL, n: i + 1})
	}
	m.choose = c
	return nil
}

// openCopies opens the copy chooser: the Markdown note, the briefing paragraph, then each
// source's address.
func (m *Model) openCopies() tea.Cmd {
	d := m.detail.doc
	if d == nil {
		return nil
	}
	e := d.entry
	c := &chooser{kind: chooseCopy, slug: m.detail.top().slug, label: e.Label(), items: []choice{
		{label: "Markdown note (what e writes)", copy: copyMarkdown},
		{label: "Briefing paragraph and sources (what quango cite prints)", copy: copyBriefing},
	}}
	for i, s := range e.Sources {
		if s.URL != "" {
			c.items = append(c.items, choice{label: "Address of " + sourceLine(s), url: s.URL, n: i + 1, copy: copyURL})
		}
	}
	m.choose = c
	return nil
}

// openSource opens source n (from 1) of the entry shown, as a digit on the entry asks.
func (m *Model) openSource(n int) tea.Cmd {
	d := m.detail.doc
	if d == nil {
		return nil
	}
	e := d.entry
	if n < 1 || n > len(e.Sources) {
		m.setStatus(fmt.Sprintf("%s has %s", safetext.VisibleLine(e.Label()), plural(len(e.Sources), "source")), true)
		return nil
	}
	return m.openURLCmd(e.Label(), e.Sources[n-1].URL, n)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if n == 0 {
		return "no " + word + "s"
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// pick acts on line i of the chooser and closes it.
func (m *Model) pick(i int) tea.Cmd {
	c := m.choose
	if i < 0 || i >= len(c.items) {
		return nil // a digit past the end: the chooser stays for a better one
	}
	m.choose = nil
	it := c.items[i]
	if c.kind == chooseSource {
		return m.openURLCmd(c.label, it.url, it.n)
	}
	switch it.copy {
	case copyMarkdown:
		return m.copyCmd(c.slug)
	case copyBriefing:
		return m.citeCmd(c.slug)
	}
	label, url, what := c.label, it.url, fmt.Sprintf("the address of source %d", it.n)
	return func() tea.Msg { return copyMsg{label: label, what: what, md: url} }
}

// digit is the 1–9 a key stands for, or 0.
func digit(msg tea.KeyPressMsg) int {
	s := msg.String()
	if len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
		return int(s[0] - '0')
	}
	return 0
}

func (s chooserScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	m, k := s.Model, s.keys
	c := m.choose
	switch {
	case key.Matches(msg, k.Digit):
		return m.pick(digit(msg) - 1)
	case key.Matches(msg, k.Cancel):
		m.choose = nil
	case key.Matches(msg, k.Open):
		return m.pick(c.cursor)
	case key.Matches(msg, k.Up):
		c.cursor = max(0, c.cursor-1)
	case key.Matches(msg, k.Down):
		c.cursor = min(len(c.items)-1, c.cursor+1)
	case key.Matches(msg, k.Top):
		c.cursor = 0
	case key.Matches(msg, k.Bottom):
		c.cursor = len(c.items) - 1
	case key.Matches(msg, k.Help):
		m.showHelp = true
	case key.Matches(msg, k.Quit):
		return tea.Quit
	}
	return nil
}

func (s chooserScreen) keyHelp() screenKeys {
	k := s.Model.keys
	verb := "open"
	if s.choose.kind == chooseCopy {
		verb = "copy"
	}
	pick := withHelp(k.Digit, "1–9", verb+" that one")
	enter := withHelp(k.Open, "enter", verb)
	cancel := withHelp(k.Cancel, "esc", "cancel")
	move := []key.Binding{k.Up, k.Down, k.Top, k.Bottom}
	return screenKeys{
		// The footer says the keys that act before those that move, so a narrow one keeps them.
		short: []key.Binding{withHelp(k.Digit, "1–9/enter", verb), cancel, withHelp(k.Up, "↑/↓", "move"), k.Help, k.Quit},
		full:  [][]key.Binding{{pick, enter, cancel}, move, {k.Help, k.Quit, k.ForceQuit}},
	}
}

// chooserView draws the chooser as a box in the middle of the entry's body of width × height.
func (m *Model) chooserView(width, height int) []string {
	c := m.choose
	title := "Open which source of " + safetext.VisibleLine(c.label) + "?"
	if c.kind == chooseCopy {
		title = "Copy what of " + safetext.VisibleLine(c.label) + "?"
	}
	inner := max(10, min(width-4, 68))
	// On a short terminal the spacing and the address go first, then lines far from the cursor.
	url := c.items[c.cursor].url
	spaced := len(c.items)+6 <= height
	if !spaced {
		url = ""
	}
	room := max(1, height-3)
	if spaced {
		room = len(c.items)
	}
	first := min(max(0, c.cursor-room+1), max(0, len(c.items)-room))
	rows := []string{fit(m.st.bold.Render(title), inner)}
	if spaced {
		rows = append(rows, "")
	}
	for i := first; i < min(len(c.items), first+room); i++ {
		it := c.items[i]
		num := "  "
		if i < 9 {
			num = strconv.Itoa(i+1) + " "
		}
		line := fit(" "+num+" "+it.label, inner)
		if i == c.cursor {
			line = fit(m.st.rowSel.Render(" "+num+" "+it.label), inner, m.st.rowSel)
		}
		rows = append(rows, line)
	}
	if url != "" {
		rows = append(rows, "", fit(m.st.muted.Render(safetext.VisibleLine(url)), inner))
	}
	box := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(m.st.border.GetForeground()).
		Padding(0, 1).Render(strings.Join(rows, "\n"))
	return strings.Split(lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, box), "\n")
}
