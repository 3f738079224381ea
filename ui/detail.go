package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"quango/seed"
	"quango/store"
	"quango/store/markdown"
)

// doc is an entry rendered for the entry screen: its glamour lines and its lineage links.
type doc struct {
	entry *store.Entry
	md    string
	lines []string
	links []lineLink
}

// lineLink is one predecessor or successor, read from the open entry.
type lineLink struct {
	link store.Link
	dir  markdown.Direction
}

func newDoc(e *store.Entry, md, rendered string) *doc {
	lines := strings.Split(strings.TrimRight(rendered, "\n"), "\n")
	// glamour opens with an empty line; the header already separates the document.
	for len(lines) > 1 && strings.TrimSpace(ansi.Strip(lines[0])) == "" {
		lines = lines[1:]
	}
	d := &doc{entry: e, md: md, lines: lines}
	for _, l := range e.Predecessors {
		d.links = append(d.links, lineLink{link: l, dir: markdown.Reverse})
	}
	for _, l := range e.Successors {
		d.links = append(d.links, lineLink{link: l, dir: markdown.Forward})
	}
	return d
}

// frame is one step of the path walked from the list: an entry, or a chart (timeline, lineage,
// numbers); going back restores where you were.
type frame struct {
	kind   viewKind
	slug   string // the entry, or the entry whose lineage a chart draws
	label  string
	offset int // first visible line of the document
	link   int // selected lineage link

	id    int         // tags the chart's data, so an answer for a screen left behind is dropped
	chart chartScreen // nil while its data loads
	err   error       // the chart's data could not be loaded
	note  string      // the header's right-hand side on a chart: what it covers
}

// detail is the path of screens opened over the list, and the document of the top one when it
// is an entry.
type detail struct {
	path []frame
	doc  *doc // nil while loading
	err  error
}

func (d *detail) open() bool { return len(d.path) > 0 }

func (d *detail) top() *frame {
	if len(d.path) == 0 {
		return nil
	}
	return &d.path[len(d.path)-1]
}

func (d *detail) hasLinks() bool { return d.doc != nil && len(d.doc.links) > 0 }

// lineageHeight is how many rows the lineage panel takes in a body of the given height, with its
// title line; 0 when there is nothing to show.
func (d *detail) lineageHeight(body int) int {
	if !d.hasLinks() {
		return 0
	}
	return min(len(d.doc.links), max(1, body/4)) + 1
}

func (d *detail) scroll(delta, height int) {
	f := d.top()
	if f == nil || d.doc == nil {
		return
	}
	f.offset = max(0, min(f.offset+delta, len(d.doc.lines)-height))
}

func (d *detail) selectLink(delta int) {
	f := d.top()
	if f == nil || !d.hasLinks() {
		return
	}
	n := len(d.doc.links)
	f.link = ((f.link+delta)%n + n) % n
}

// renderDoc draws the visible part of the document, width × height; mark may redraw a line
// (the lines a find picked out).
func (d *detail) renderDoc(st theme, width, height int, mark func(i int, line string, width int) string) []string {
	out := make([]string, 0, height)
	switch {
	case d.err != nil:
		out = append(out, st.errorText.Render(pad("Could not open this entry: "+d.err.Error(), width)))
	case d.doc == nil:
		out = append(out, st.muted.Render(pad("Loading…", width)))
	default:
		f := d.top()
		for i := f.offset; i < len(d.doc.lines) && len(out) < height; i++ {
			out = append(out, mark(i, fit(d.doc.lines[i], width), width))
		}
	}
	return out
}

// renderLineage draws the lineage panel: a title line, then the links around the selected one.
func (d *detail) renderLineage(st theme, width, height int) []string {
	if height <= 0 || !d.hasLinks() {
		return nil
	}
	f := d.top()
	title := "Lineage — tab to choose, enter to go, l for the whole tree"
	if width < 64 {
		title = "Lineage — tab to choose, enter to go"
	}
	if width < 44 {
		title = "Lineage (tab, enter)"
	}
	out := []string{st.heading.Render(pad(title, width))}
	rows := height - 1
	first := max(0, min(f.link-rows/2, len(d.doc.links)-rows))
	for i := first; i < len(d.doc.links) && len(out) < height; i++ {
		out = append(out, renderLink(st, d.doc.links[i], width, i == f.link))
	}
	return out
}

func renderLink(st theme, l lineLink, width int, selected bool) string {
	base := st.row
	if selected {
		base = st.rowSel
	}
	arrow := "→"
	if l.dir == markdown.Reverse {
		arrow = "←"
	}
	mark := "  "
	if selected {
		mark = "› "
	}
	label := l.link.Acronym
	if label == "" {
		label = l.link.Name
	} else if l.link.Name != "" && !strings.HasPrefix(l.link.Name, label) {
		label += " — " + l.link.Name
	} else if l.link.Name != "" {
		label = l.link.Name
	}
	how := markdown.RelationPhrase(l.link.Relation, l.dir)
	if l.link.Date != "" {
		how += ", " + seed.HumanDate(l.link.Date)
	}
	// Read as the Markdown reads: "← AA — Alpha Information Authority (replaced it, 1 Apr 2005)".
	line := base.Render(mark+arrow+" "+label) + st.muted.Inherit(base).Render(" ("+how+")")
	return fit(line, width, base)
}

// fit cuts or pads a styled line to exactly width cells.
func fit(line string, width int, fill ...lipgloss.Style) string {
	w := lipgloss.Width(line)
	if w > width {
		return ansi.Truncate(line, width, "…")
	}
	pad := strings.Repeat(" ", width-w)
	if len(fill) > 0 {
		pad = fill[0].Render(pad)
	}
	return line + pad
}
