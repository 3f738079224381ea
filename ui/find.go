package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"quango/seed/safetext"
)

// finder is a search inside the open entry's text, as in less: / and a word, Enter, then n and
// N go to the next and previous line that has it.
type finder struct {
	input  textinput.Model
	typing bool   // the word is being typed at the foot of the screen
	slug   string // the entry it searched; another entry drops it
	query  string
	lines  []int // the document lines that hold the query
	cur    int   // the one shown
}

func (f *finder) active(slug string) bool { return f.query != "" && f.slug == slug }

// startFind opens the prompt at the foot of the entry.
func (m *Model) startFind() tea.Cmd {
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = "find in this entry"
	in.CharLimit = 200
	in.SetStyles(m.st.input)
	m.find = finder{input: in, typing: true, slug: m.detail.top().slug}
	return m.find.input.Focus()
}

// handleFindKey takes the keys while the word is typed: Enter finds it, Esc gives up.
func (m *Model) handleFindKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		m.find = finder{}
		return nil
	case "enter":
		m.find.typing = false
		m.find.query = strings.TrimSpace(m.find.input.Value())
		m.runFind()
		return nil
	}
	return m.updateFind(msg)
}

// updateFind gives a key or a paste to the prompt, dropping what no text may hold before the
// prompt draws it.
func (m *Model) updateFind(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	m.find.input, cmd = m.find.input.Update(msg)
	if v := m.find.input.Value(); strings.ContainsFunc(v, safetext.Forbidden) {
		m.find.input.SetValue(safetext.Drop(v))
	}
	return cmd
}

// runFind lists the lines that hold the query, case aside, and shows the first at or after the
// top of the screen.
func (m *Model) runFind() {
	f := &m.find
	f.lines, f.cur = nil, 0
	if f.query == "" || m.detail.doc == nil {
		m.find = finder{}
		return
	}
	q := strings.ToLower(f.query)
	top := m.detail.top().offset
	first := -1
	for i, l := range m.detail.doc.lines {
		if strings.Contains(strings.ToLower(ansi.Strip(l)), q) {
			if first < 0 && i >= top {
				first = len(f.lines)
			}
			f.lines = append(f.lines, i)
		}
	}
	if len(f.lines) == 0 {
		m.setStatus("“"+safetext.VisibleLine(f.query)+"” is not in this entry", true)
		m.find = finder{}
		return
	}
	f.cur = max(0, first)
	m.showFound()
}

// nextFound moves to the next (delta 1) or previous (-1) line found, round the end.
func (m *Model) nextFound(delta int) {
	n := len(m.find.lines)
	m.find.cur = ((m.find.cur+delta)%n + n) % n
	m.showFound()
}

// showFound scrolls the line found to a third of the way down the screen.
func (m *Model) showFound() {
	h := m.layout().docH
	f := m.detail.top()
	f.offset = m.find.lines[m.find.cur] - h/3
	m.detail.scroll(0, h)
}

// findNote is the header's note on a find: which match of how many.
func (m *Model) findNote() string {
	return fmt.Sprintf("“%s” %d/%d", safetext.VisibleLine(m.find.query), m.find.cur+1, len(m.find.lines))
}

// markFound draws a line that holds the query plain, with the query picked out: the current
// line's in the selection colours.
func (m *Model) markFound(i int, line string, width int) string {
	if !m.find.active(m.detail.top().slug) || m.find.typing {
		return line
	}
	found := -1
	for j, l := range m.find.lines {
		if l == i {
			found = j
		}
	}
	if found < 0 {
		return line
	}
	base, match := m.st.row, m.st.match
	if found == m.find.cur {
		base, match = m.st.rowSel, m.st.matchSel
	}
	plain := []rune(ansi.Strip(line))
	lower := []rune(strings.ToLower(string(plain)))
	q := []rune(strings.ToLower(m.find.query))
	if len(lower) != len(plain) {
		return line // a letter whose lower case is longer: leave the line as it was
	}
	at := func(k int) bool { return k+len(q) <= len(lower) && string(lower[k:k+len(q)]) == string(q) }
	var b strings.Builder
	for k := 0; k < len(plain); {
		if at(k) {
			b.WriteString(match.Render(string(plain[k : k+len(q)])))
			k += len(q)
			continue
		}
		start := k
		for k++; k < len(plain) && !at(k); k++ {
		}
		b.WriteString(base.Render(string(plain[start:k])))
	}
	return fit(b.String(), width, base)
}

// findKeys are the keys of a find, for the entry's footer and help.
func (m *Model) findKeys() []key.Binding {
	next := key.NewBinding(key.WithKeys("n"), key.WithHelp("n/N", "next/previous match"))
	clear := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "end the find"))
	return []key.Binding{next, clear}
}
