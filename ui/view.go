package ui

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"quango/store"
	"quango/store/markdown"
)

// Preview placements, by terminal size.
const (
	previewNone = iota
	previewSide
	previewBelow
)

// sideWidth and belowHeight are the smallest terminals that get a preview beside or below.
const (
	sideWidth   = 100
	belowHeight = 20
	menuWidth   = 34
	docMaxWidth = 100
)

// layout is where everything goes on a screen of the model's size. View draws from it and the
// mouse handlers read it, so a click lands where the row was drawn.
type layout struct {
	searchY              int
	noticeY              int // -1 without a notice line
	listY, listH, listW  int
	listX                int
	preview              int
	prevX, prevY         int
	prevW, prevH         int
	menuY, menuH, menuW  int
	docY, docH, docW     int
	lineageY, lineageH   int
	bodyY, bodyH, footer int
}

func (m *Model) layout() layout {
	l := layout{searchY: 1, noticeY: -1, bodyY: 2, footer: m.height - 1}
	l.bodyH = max(0, m.height-3)
	if m.detail.open() {
		body := max(0, m.height-2)
		if m.inDetail() {
			l.lineageH = m.detail.lineageHeight(body)
		}
		l.docY, l.docH = 1, body-l.lineageH
		l.lineageY = 1 + l.docH
		l.docW = min(m.width, docMaxWidth)
		return l
	}
	l.listY, l.listH, l.listW = l.bodyY, l.bodyH, m.width
	if m.menu.open {
		l.menuW = min(menuWidth, m.width)
		l.menuY, l.menuH = l.bodyY+1, l.bodyH-1
		l.listX = l.menuW + 1
		l.listW = max(0, m.width-l.listX)
		if l.listW < 30 {
			l.listW = 0
		}
	}
	if m.loaded && (m.suggesting || len(m.list.hits) == 0) {
		l.noticeY = l.listY
		l.listY++
		l.listH--
	}
	switch {
	case m.menu.open:
	case m.width >= sideWidth:
		l.preview = previewSide
		l.listW = max(m.width*11/20, 60) // room for the fate badge
		l.prevX, l.prevY = l.listW, l.bodyY
		l.prevW, l.prevH = m.width-l.listW, l.bodyH
	case m.height >= belowHeight:
		l.preview = previewBelow
		l.prevH = l.bodyH / 2
		l.listH = l.listH - l.prevH
		l.prevX, l.prevY = 0, l.bodyY+l.bodyH-l.prevH
		l.prevW = m.width
	}
	l.listH = max(1, l.listH)
	return l
}

// View draws the screen. It is always the alternate screen with the mouse on, even before the
// first size arrives, so the terminal never flickers between modes.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	// Focus reports let the explorer notice, on coming back to it, what another quango wrote.
	v.ReportFocus = true
	v.WindowTitle = "quango"
	if e := m.currentEntry(); e != nil {
		v.WindowTitle = "quango · " + e.Label()
	} else if m.inChart() {
		v.WindowTitle = "quango · " + m.detail.top().label
	}
	return v
}

func (m *Model) currentEntry() *store.Entry {
	if m.inDetail() && m.detail.doc != nil {
		return m.detail.doc.entry
	}
	if s := m.list.selected(); s != nil && m.loaded && !m.inChart() {
		if w := m.whole[s.Slug]; w != nil {
			return w
		}
		return s
	}
	return nil
}

func (m *Model) render() string {
	if m.width == 0 || m.height == 0 {
		return ""
	}
	if m.tooSmall() {
		// Shortest lines first, so even a sliver of a terminal says what is wrong.
		lines := []string{"Terminal too small", fmt.Sprintf("needs %d×%d, has %d×%d", minWidth, minHeight, m.width, m.height),
			"enlarge it, or q quits"}
		lines = lines[:min(len(lines), m.height)]
		for i, l := range lines {
			lines[i] = ansi.Truncate(l, m.width, "…")
		}
		return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, strings.Join(lines, "\n"))
	}
	lay := m.layout()
	var lines []string
	switch {
	case m.editor != nil:
		lines = m.editorView()
	case m.inChart():
		lines = append(lines, m.detailHeader(lay))
		if m.showHelp {
			lines = append(lines, m.fullHelp(m.helpHeight())...)
		} else {
			w, h := m.chartSize(m.detail.top().kind)
			lines = append(lines, m.renderChart(w, h)...)
		}
	case m.inDetail():
		lines = append(lines, m.detailHeader(lay))
		if m.showHelp {
			lines = append(lines, m.fullHelp(m.helpHeight())...)
		} else if m.chooserOpen() {
			lines = append(lines, m.chooserView(m.width, lay.docH+lay.lineageH)...)
		} else {
			lines = append(lines, m.detail.renderDoc(m.st, m.width, lay.docH, m.markFound)...)
			lines = padLines(lines, 1+lay.docH, m.width)
			lines = append(lines, m.detail.renderLineage(m.st, m.width, lay.lineageH)...)
		}
	default:
		lines = append(lines, m.titleLine(), m.searchLine())
		if m.showHelp {
			lines = append(lines, m.fullHelp(m.helpHeight())...)
		} else {
			lines = append(lines, m.body(lay)...)
		}
	}
	footer := m.footer()
	lines = padLines(lines, m.height-len(footer), m.width)
	lines = append(lines, footer...)
	return strings.Join(lines, "\n")
}

// padLines cuts or fills lines to n lines of width cells.
func padLines(lines []string, n, width int) []string {
	if len(lines) > n {
		return lines[:n]
	}
	for len(lines) < n {
		lines = append(lines, strings.Repeat(" ", width))
	}
	return lines
}

// spread puts left and right on one line of width cells, dropping right when both do not fit.
func spread(left, right string, width int) string {
	lw, rw := lipgloss.Width(left), lipgloss.Width(right)
	if right == "" || lw+1+rw > width {
		return fit(left, width)
	}
	return left + strings.Repeat(" ", width-lw-rw) + right
}

func (m *Model) titleLine() string {
	title := m.st.title.Render("quango")
	var counts []string
	shown := len(m.list.hits)
	switch {
	case !m.loaded || (m.partial && m.total == 0):
		counts = []string{"loading…"}
	case m.partial:
		// The first page only: the count is the catalogue's, and the rest is on its way.
		counts = []string{fmt.Sprintf("%d entries · loading the rest…", m.total), fmt.Sprintf("%d · loading…", m.total)}
	case m.suggesting && len(m.hits) == 0:
		counts = []string{"no matches", "no matches"}
	case m.counting:
		// The query's best hits: how many there are in all is on its way.
		counts = []string{fmt.Sprintf("%d+ of %d entries · counting…", shown, m.total), fmt.Sprintf("%d+ of %d", shown, m.total)}
	default:
		dead := m.list.dead
		alive := shown - dead
		if shown == m.total || m.total == 0 {
			counts = []string{
				fmt.Sprintf("%d entries · %d dead · %d alive", shown, dead, alive),
				fmt.Sprintf("%d · %d dead · %d alive", shown, dead, alive),
			}
		} else {
			counts = []string{
				fmt.Sprintf("%d of %d entries · %d dead · %d alive", shown, m.total, dead, alive),
				fmt.Sprintf("%d of %d · %d dead", shown, m.total, dead),
			}
		}
	}
	sorts := []string{"sort: " + orderLabel(m.order, m.reversed()), "sort: " + m.order, ""}
	if m.order == orderMatch {
		sorts[1] = "best match"
	}
	if m.reversed() {
		sorts[1] += " ↑"
	}
	for _, c := range counts {
		for _, s := range sorts {
			left := title + "  " + m.st.muted.Render(c)
			right := m.st.muted.Render(s)
			if lipgloss.Width(left)+2+lipgloss.Width(right) <= m.width || (s == "" && c == counts[len(counts)-1]) {
				return spread(left, right, m.width)
			}
		}
	}
	return fit(title, m.width)
}

func (m *Model) searchLine() string {
	chips := m.facets.chips()
	var right string
	if len(chips) > 0 {
		parts := make([]string, len(chips))
		for i, c := range chips {
			parts[i] = m.st.chip.Render(" " + c + " ")
		}
		right = strings.Join(parts, " ")
		if lipgloss.Width(right) > m.width/2 {
			right = m.st.chip.Render(" " + strconv.Itoa(len(chips)) + " filters ")
		}
	}
	inputW := m.width - lipgloss.Width(right) - 1 - lipgloss.Width(m.input.Prompt)
	in := m.input // a copy: drawing never changes the model
	in.SetWidth(max(1, inputW))
	// Empty, the box says what typing does and where the commands went.
	in.Placeholder = "type to search · ctrl+f filter · ctrl+s sort · f1 help"
	if m.width < 60 {
		in.Placeholder = "type to search · f1 help"
	}
	input := in.View()
	if right != "" && lipgloss.Width(input)+1+lipgloss.Width(right) > m.width {
		// The box draws its cursor a cell past its width: make room rather than drop the chips.
		in.SetWidth(max(1, inputW-(lipgloss.Width(input)+1+lipgloss.Width(right)-m.width)))
		input = in.View()
	}
	return spread(input, right, m.width)
}

func (m *Model) body(lay layout) []string {
	out := make([]string, 0, lay.bodyH)
	if !m.loaded {
		return append(out, m.st.muted.Render("Loading the catalogue…"))
	}
	if m.menu.open {
		return m.menuBody(lay)
	}
	if lay.noticeY >= 0 {
		out = append(out, fit(m.notice(), m.width))
	}
	rowW := lay.listW
	if lay.preview == previewSide {
		rowW-- // a space before the bar, so that the fate column never runs into it
	}
	rows := m.list.renderRows(m.st, rowW, lay.listH, m.now())
	switch lay.preview {
	case previewSide:
		prev := m.preview(lay.prevW-2, lay.prevH)
		bar := m.st.border.Render("│")
		for i := range lay.listH {
			left := strings.Repeat(" ", lay.listW)
			if i < len(rows) {
				left = rows[i] + " "
			}
			right := ""
			if i < len(prev) {
				right = prev[i]
			}
			out = append(out, left+bar+" "+fit(right, lay.prevW-2))
		}
		// The preview runs on below the list when a notice line shortened it.
		for i := lay.listH; i < lay.prevH && len(out) < lay.bodyH; i++ {
			right := ""
			if i < len(prev) {
				right = prev[i]
			}
			out = append(out, strings.Repeat(" ", lay.listW)+bar+" "+fit(right, lay.prevW-2))
		}
	case previewBelow:
		out = append(out, padLines(rows, lay.listH, m.width)...)
		out = append(out, m.st.border.Render(strings.Repeat("─", m.width)))
		for _, line := range padLines(m.preview(m.width-2, lay.prevH-1), lay.prevH-1, m.width-2) {
			out = append(out, " "+fit(line, m.width-1))
		}
	default:
		out = append(out, rows...)
	}
	return out
}

// notice is the line above the list when the search found nothing, or only suggestions.
func (m *Model) notice() string {
	q := "“" + m.query + "”"
	switch {
	case m.suggesting && len(m.hits) == 0:
		return m.st.status.Render("Nothing matches " + q + ". Did you mean:")
	case m.suggesting:
		labels := make([]string, len(m.didYouMean))
		for i, e := range m.didYouMean {
			labels[i] = e.Label()
		}
		where := ""
		if m.order == orderMatch {
			where = " (first below)"
		}
		return m.st.status.Render("Did you mean " + strings.Join(labels, ", ") + "?" + where)
	case m.query != "" && len(m.hits) > 0:
		return m.st.muted.Render(fmt.Sprintf("The filters hide all %d matches for %s; esc clears, ctrl+f changes them.", len(m.hits), q))
	case m.query != "":
		return m.st.muted.Render("Nothing matches " + q + ". Try fewer letters; esc clears.")
	case m.facets.any():
		return m.st.muted.Render("No entry passes these filters; esc clears, ctrl+f changes them.")
	}
	return m.st.muted.Render("The catalogue is empty.")
}

func (m *Model) menuBody(lay layout) []string {
	hint := m.st.muted.Render(menuHint(&m.facets))
	out := []string{fit(hint, m.width)}
	if m.counts == nil {
		// Counted once per list and choice of filters, not once a frame: at a hundred thousand
		// hits counting takes longer than drawing.
		c := facetCounts(m.hits, &m.facets, m.now())
		m.counts = &c
	}
	items := m.menu.render(m.st, &m.facets, *m.counts, lay.menuW, lay.menuH)
	var rows []string
	if lay.listW > 0 {
		list := m.list // a copy, scrolled for the shorter list beside the menu
		list.clamp(lay.menuH)
		rows = list.renderRows(m.st, lay.listW, lay.menuH, m.now())
	}
	bar := m.st.border.Render("│")
	for i := range lay.menuH {
		left := strings.Repeat(" ", lay.menuW)
		if i < len(items) {
			left = items[i]
		}
		if lay.listW == 0 {
			out = append(out, left)
			continue
		}
		right := ""
		if i < len(rows) {
			right = rows[i]
		}
		out = append(out, left+bar+fit(right, lay.listW))
	}
	return out
}

// preview is the selected entry in brief: what it was, when, how it ended, where it led.
func (m *Model) preview(width, height int) []string {
	e := m.list.selected()
	if e == nil || width < 10 || height <= 0 {
		return nil
	}
	// The list's entries are lean: what the preview adds to a row (the summary, the lineage,
	// the history) is there once the entry has been read whole (see wholeCmd).
	if w := m.whole[e.Slug]; w != nil {
		e = w
	}
	wrap := func(st lipgloss.Style, text string) []string {
		return strings.Split(st.Width(width).Render(strings.Join(strings.Fields(text), " ")), "\n")
	}
	var out []string
	title := e.Name
	if e.Acronym != "" && e.Acronym != e.Name {
		out = append(out, m.st.title.Render(fit(e.Acronym, width)))
	}
	out = append(out, wrap(m.st.bold, title)...)
	out = append(out, wrap(lipgloss.NewStyle(), e.Kind+" · "+markdown.Lived(e, m.now()))...)
	fate := m.st.fate(e.Fate).Render(e.Fate)
	if e.FateNote != "" {
		fate += m.st.muted.Render(" — " + strings.Join(strings.Fields(e.FateNote), " "))
	}
	out = append(out, strings.Split(lipgloss.NewStyle().Width(width).Render(fate), "\n")...)
	if len(e.Aliases) > 0 {
		out = append(out, wrap(m.st.muted, "Also known as "+strings.Join(e.Aliases, ", "))...)
	}
	if e.ParentRef != nil {
		out = append(out, wrap(m.st.muted, "Part of "+linkLabel(e.ParentRef.Acronym, e.ParentRef.Name))...)
	}
	if e.Summary != "" {
		out = append(out, "")
		out = append(out, wrap(lipgloss.NewStyle(), e.Summary)...)
	}
	var lineage []string
	for _, l := range e.Predecessors {
		lineage = append(lineage, "← "+linkLabel(l.Acronym, l.Name)+" ("+markdown.RelationPhrase(l.Relation, markdown.Reverse)+")")
	}
	for _, l := range e.Successors {
		lineage = append(lineage, "→ "+linkLabel(l.Acronym, l.Name)+" ("+markdown.RelationPhrase(l.Relation, markdown.Forward)+")")
	}
	if len(lineage) > 0 {
		out = append(out, "")
		for _, l := range lineage {
			out = append(out, m.st.muted.Render(fit(l, width)))
		}
	}
	for _, para := range strings.Split(e.History, "\n\n") {
		if strings.TrimSpace(para) != "" {
			out = append(out, "")
			out = append(out, wrap(lipgloss.NewStyle(), para)...)
		}
	}
	if len(out) > height {
		out = out[:height]
		if height > 1 {
			out[height-1] = m.st.faint.Render(fit("… enter opens it in full", width))
		}
	}
	return out
}

func linkLabel(acronym, name string) string {
	if acronym != "" {
		return acronym
	}
	return name
}

func (m *Model) detailHeader(lay layout) string {
	labels := make([]string, len(m.detail.path))
	for i, f := range m.detail.path {
		labels[i] = f.label
	}
	crumbs := strings.Join(labels, " › ")
	// Keep the end of a long path: the current entry matters most.
	room := m.width - 8 - 10
	for ansi.StringWidth(crumbs) > room && len(labels) > 1 {
		labels = labels[1:]
		crumbs = "… › " + strings.Join(labels, " › ")
	}
	left := m.st.title.Render("quango") + m.st.muted.Render(" › ") + m.st.bold.Render(crumbs)
	right := ""
	if f := m.detail.top(); f.kind != viewEntry && f.note != "" {
		right = m.st.muted.Render(f.note)
	}
	if f := m.detail.top(); m.inDetail() && m.find.active(f.slug) && !m.find.typing {
		right = m.st.muted.Render(m.findNote())
	} else if d := m.detail.doc; d != nil && m.inDetail() && len(d.lines) > lay.docH {
		f := m.detail.top()
		switch {
		case f.offset == 0:
			right = "top"
		case f.offset >= len(d.lines)-lay.docH:
			right = "end"
		default:
			right = fmt.Sprintf("%d%%", 100*f.offset/(len(d.lines)-lay.docH))
		}
		right = m.st.muted.Render(right)
	}
	return spread(left, right, m.width)
}

// footer is the short help, or a status message in its place until the next key. A long
// status (an address to copy) wraps onto up to three lines over the bottom of the body, and an
// address is a hyperlink where the terminal supports them.
func (m *Model) footer() []string {
	if m.editor != nil && m.editor.saving {
		return []string{fit(m.st.status.Render("Saving…"), m.width)}
	}
	if m.find.typing && m.inDetail() && m.editor == nil && !m.showHelp {
		in := m.find.input
		in.SetWidth(max(1, m.width-2))
		return []string{fit(in.View(), m.width)}
	}
	if m.status == "" {
		return []string{fit(m.help.ShortHelpView(m.keysFor().short), m.width)}
	}
	st := m.st.status
	if m.statusErr {
		st = m.st.errorText
	}
	if m.statusURL != "" {
		st = st.Hyperlink(m.statusURL)
	}
	// Break between words, and inside one only where it cannot fit: an address has no spaces.
	lines := strings.Split(ansi.Wrap(m.status, m.width, ""), "\n")
	if len(lines) > 3 {
		lines = lines[:3]
	}
	for i, l := range lines {
		lines[i] = fit(st.Render(l), m.width)
	}
	return lines
}
