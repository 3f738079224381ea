package chart

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"quango/seed"
	"quango/store"
	"quango/store/markdown"
)

// treeRow is one line of a lineage tree: a section heading, or a node reached over an edge.
type treeRow struct {
	prefix   string // the tree's branches drawn before the node
	heading  string // set on a section heading, which has no node
	slug     string
	parent   string // the node on the row this one hangs from
	relation string
	date     string
	dir      markdown.Direction
	repeat   bool // the node was drawn earlier in its section; not expanded again
}

// lineageRows flattens the family tree: the entry, then its ancestors as a tree growing back in
// time ("came from"), then its descendants growing forward ("led to"). A node reached twice is
// drawn again but not expanded, which also stops any cycle.
func lineageRows(l *store.Lineage) []treeRow {
	rows := []treeRow{{slug: l.Root}}
	section := func(heading string, dir markdown.Direction, next func(string) []store.LineageEdge) {
		if len(next(l.Root)) == 0 {
			return
		}
		rows = append(rows, treeRow{heading: heading})
		seen := map[string]bool{l.Root: true}
		var walk func(slug, prefix string)
		walk = func(slug, prefix string) {
			edges := next(slug)
			for i, e := range edges {
				other := e.To
				if dir == markdown.Reverse {
					other = e.From
				}
				branch, more := "├─ ", "│  "
				if i == len(edges)-1 {
					branch, more = "└─ ", "   "
				}
				rows = append(rows, treeRow{prefix: prefix + branch, slug: other, parent: slug, relation: e.Relation, date: e.Date, dir: dir, repeat: seen[other]})
				if !seen[other] {
					seen[other] = true
					walk(other, prefix+more)
				}
			}
		}
		walk(l.Root, "")
	}
	section("came from", markdown.Reverse, l.In)
	section("led to", markdown.Forward, l.Out)
	return rows
}

// edgeWords say how a row's node relates to the node it hangs from, with the row's node as the
// subject: an ancestor "replaced by" its successor, a descendant "absorbed" its predecessor.
var edgeWords = map[string][2]string{
	"renamed_to":   {"renamed to", "renamed from"},
	"merged_into":  {"merged into", "took in"},
	"replaced_by":  {"replaced by", "replaced"},
	"absorbed_by":  {"absorbed by", "absorbed"},
	"split_into":   {"split into", "split from"},
	"succeeded_by": {"succeeded by", "succeeded"},
}

func edgePhrase(relation string, dir markdown.Direction, other *store.LineageNode) string {
	words, ok := edgeWords[relation]
	phrase := strings.ReplaceAll(relation, "_", " ")
	if ok {
		// Ancestor rows read forward (dir Reverse: we walked back to them); descendant rows
		// read backward to the row above.
		phrase = words[0]
		if dir == markdown.Forward {
			phrase = words[1]
		}
	}
	if other != nil {
		phrase += " " + other.Label()
	}
	return phrase
}

// shortYears is "2005–2013", "2019–" (alive), "2013" (one year), with "c. " on a hedged year.
func shortYears(n *store.LineageNode) string {
	return markdown.ShortSpan(n.Start, n.End, n.Approximate)
}

// LineageOptions shape a rendered lineage tree.
type LineageOptions struct {
	Width  int // cut lines to this many columns; 0 never cuts
	Cursor int // the highlighted row, or -1 for none
	Styles Styles
}

// RenderLineage draws the family tree as text.
func RenderLineage(l *store.Lineage, o LineageOptions) string {
	rows := lineageRows(l)
	lines := make([]string, len(rows))
	for i, r := range rows {
		lines[i] = lineageLine(l, r, o.Styles, i == o.Cursor)
	}
	if !l.HasRelatives() {
		lines = append(lines, o.Styles.render(o.Styles.Muted, "no predecessors or successors are recorded"))
	}
	if o.Width > 0 {
		lines = clampLines(lines, o.Width)
	}
	return strings.Join(lines, "\n") + "\n"
}

func lineageLine(l *store.Lineage, r treeRow, st Styles, selected bool) string {
	if r.heading != "" {
		return st.render(st.Heading, r.heading)
	}
	n := l.Node(r.slug)
	if n == nil {
		return r.prefix + r.slug
	}
	label := st.render(st.Fate(n.Fate).Bold(true), n.Label())
	if selected {
		label = st.render(st.Cursor, n.Label())
		if !st.Colour() {
			label = "[" + n.Label() + "]"
		}
	}
	var b strings.Builder
	b.WriteString(st.render(st.Muted, r.prefix))
	b.WriteString(label)
	b.WriteString(" " + st.render(st.Muted, shortYears(n)) + " " + st.render(st.Fate(n.Fate), n.Fate))
	if n.EndAnnounced != "" {
		b.WriteString(st.render(st.Marker, " ✕ abolition announced "+seed.HumanDate(n.EndAnnounced)))
	}
	if r.relation != "" {
		edge := edgePhrase(r.relation, r.dir, l.Node(r.parent))
		if r.date != "" {
			edge += " " + seed.HumanDate(r.date)
		}
		b.WriteString(st.render(st.Muted, " · "+edge))
	}
	if n.Acronym != "" && n.Acronym != n.Name {
		b.WriteString(" · " + st.render(st.Text, n.Name))
	}
	if r.repeat {
		b.WriteString(st.render(st.Muted, " (shown above)"))
	}
	return b.String()
}

// LineageKeyMap are the lineage tree's keys.
type LineageKeyMap struct {
	Up, Down, Top, Bottom, Open key.Binding
}

// DefaultLineageKeyMap binds arrows and vi keys, Enter to open.
func DefaultLineageKeyMap() LineageKeyMap {
	return LineageKeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Top:    key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "top")),
		Bottom: key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "bottom")),
		Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
	}
}

// Lineage is the navigable family-tree component: the cursor moves over the nodes (headings are
// skipped) and Enter sends OpenEntryMsg for the node under it.
type Lineage struct {
	lineage        *store.Lineage
	rows           []treeRow
	styles         Styles
	keys           LineageKeyMap
	cursor, offset int
	width, height  int
}

// NewLineage makes the component for one family tree, with the cursor on the entry itself.
func NewLineage(l *store.Lineage, styles Styles) Lineage {
	m := Lineage{styles: styles, keys: DefaultLineageKeyMap()}
	m.SetLineage(l)
	return m
}

// SetLineage shows another family tree.
func (m *Lineage) SetLineage(l *store.Lineage) {
	m.lineage, m.rows, m.cursor, m.offset = l, nil, 0, 0
	if l != nil {
		m.rows = lineageRows(l)
	}
}

// SetStyles changes the colours.
func (m *Lineage) SetStyles(s Styles) { m.styles = s }

// SetSize sets the area the view fills.
func (m *Lineage) SetSize(width, height int) {
	m.width, m.height = max(0, width), max(0, height)
	m.scroll()
}

// Selected is the node under the cursor, or nil.
func (m Lineage) Selected() *store.LineageNode {
	if m.lineage == nil || m.cursor < 0 || m.cursor >= len(m.rows) {
		return nil
	}
	return m.lineage.Node(m.rows[m.cursor].slug)
}

// Root is the entry whose family this is, or "" before one is set.
func (m Lineage) Root() string {
	if m.lineage == nil {
		return ""
	}
	return m.lineage.Root
}

// ShortHelp is the one-line help.
func (m Lineage) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Up, m.keys.Down, m.keys.Open}
}

// FullHelp is the expanded help.
func (m Lineage) FullHelp() [][]key.Binding {
	return [][]key.Binding{{m.keys.Up, m.keys.Down, m.keys.Top, m.keys.Bottom}, {m.keys.Open}}
}

// move steps the cursor by dir until it lands on a node, staying put at either end.
func (m *Lineage) move(dir int) {
	for i := m.cursor + dir; i >= 0 && i < len(m.rows); i += dir {
		if m.rows[i].heading == "" {
			m.cursor = i
			return
		}
	}
}

func (m *Lineage) scroll() {
	n := max(1, m.height)
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+n {
		m.offset = m.cursor - n + 1
	}
	// A heading just above the cursor's node scrolls into view with it.
	if m.offset > 0 && m.offset == m.cursor && m.rows[m.offset-1].heading != "" {
		m.offset--
	}
	m.offset = clamp(m.offset, 0, len(m.rows)-n)
}

// Update moves the cursor and sends OpenEntryMsg on Enter.
func (m Lineage) Update(msg tea.Msg) (Lineage, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Up):
			m.move(-1)
		case key.Matches(msg, m.keys.Down):
			m.move(1)
		case key.Matches(msg, m.keys.Top):
			m.cursor = 0
		case key.Matches(msg, m.keys.Bottom):
			m.cursor = len(m.rows) - 1
		case key.Matches(msg, m.keys.Open):
			if n := m.Selected(); n != nil {
				return m, openEntry(n.Slug)
			}
		}
		m.scroll()
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.move(-1)
		case tea.MouseWheelDown:
			m.move(1)
		}
		m.scroll()
	}
	return m, nil
}

// View draws the rows in view.
func (m Lineage) View() string {
	if m.width <= 0 || m.height <= 0 || m.lineage == nil {
		return ""
	}
	lines := strings.Split(strings.TrimSuffix(RenderLineage(m.lineage, LineageOptions{Width: m.width, Cursor: m.cursor, Styles: m.styles}), "\n"), "\n")
	lines = lines[min(m.offset, len(lines)):]
	if len(lines) > m.height {
		lines = lines[:m.height]
	}
	return strings.Join(lines, "\n")
}
