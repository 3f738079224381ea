package chart

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"quango/seed"
	"quango/store"
	"quango/store/markdown"
)

// FirstYear is where the timeline's axis starts by default: the graveyard's modern era.
const FirstYear = 1990

// The glyphs of a timeline bar. Approximate dates are drawn with a lighter shade so nobody reads
// them as exact; the living end in an arrow, their story still open.
const (
	glyphBar       = '█'
	glyphApprox    = '▒'
	glyphAlive     = '▶'
	glyphAnnounced = '✕'
	glyphOffLeft   = '‹'
	glyphOffRight  = '›'
	glyphGrid      = '·'
)

// Legend explains the timeline's glyphs in one line.
const Legend = "█ dated  ▒ approximate  ▶ alive  ✕ abolition announced  ‹ › runs beyond the view"

// DefaultRange is the axis the timeline opens on: 1990 to the start of next year.
func DefaultRange(now time.Time) YearRange {
	return YearRange{From: FirstYear, To: float64(now.Year() + 1)}
}

// TimelineOptions shape a rendered timeline.
type TimelineOptions struct {
	Width  int       // total width in columns
	Range  YearRange // the years across the bars; zero means DefaultRange(Now)
	Now    time.Time // where the living's bars end; zero means time.Now()
	Cursor int       // the highlighted row, or -1 for none (and no cursor column)
	Styles Styles
}

// timelineLayout is how a row's width is shared: a cursor column, the label, the fate, the bars.
type timelineLayout struct {
	cursorW, labelW, fateW, barW int
}

const fateWidth = 10 // "abolished " and "cancelled " are the longest fates, plus a gap

func layoutTimeline(entries []*store.Entry, width int, cursor bool) timelineLayout {
	var l timelineLayout
	if cursor {
		l.cursorW = 2
	}
	longest := 4
	for _, e := range entries {
		longest = max(longest, Width(e.Label()))
	}
	rest := width - l.cursorW
	l.labelW = clamp(longest, 4, max(4, rest/3))
	l.fateW = fateWidth
	// Give up the fate column, then label width, before the bars get too narrow to read.
	if rest-l.labelW-1-l.fateW < 30 {
		l.fateW = 0
	}
	if short := 12 - (rest - l.labelW - 1 - l.fateW); short > 0 {
		l.labelW = max(1, l.labelW-short)
	}
	l.barW = max(0, rest-l.labelW-1-l.fateW)
	return l
}

func yearKeyOf(t time.Time) float64 {
	return float64(t.Year()) + float64(t.YearDay()-1)/365.25
}

// dateKey is a partial date as a fractional year at the middle of its precision, as the store
// measures start and end.
func dateKey(s string) (float64, bool) {
	d, err := seed.ParseDate(s)
	if err != nil {
		return 0, false
	}
	return yearKeyOf(d.Mid()), true
}

// SortByStart returns the entries in the order a timeline reads best: by start date, then slug.
// The slice given is left as it was.
func SortByStart(entries []*store.Entry) []*store.Entry {
	out := slices.Clone(entries)
	slices.SortStableFunc(out, func(a, b *store.Entry) int {
		return cmp.Or(cmp.Compare(a.StartKey, b.StartKey), cmp.Compare(a.Slug, b.Slug))
	})
	return out
}

// RenderTimeline draws every entry as one row: the axis, the rows, and a legend. The CLI prints
// it whole; the Timeline component draws a window of it.
func RenderTimeline(entries []*store.Entry, o TimelineOptions) string {
	o = o.withDefaults()
	l := layoutTimeline(entries, o.Width, o.Cursor >= 0)
	lines := timelineHeader(l, o)
	for i, e := range entries {
		lines = append(lines, timelineRow(e, l, o, i == o.Cursor))
	}
	if len(entries) == 0 {
		lines = append(lines, "(no entries)")
	}
	lines = append(lines, o.Styles.render(o.Styles.Muted, Truncate(Legend, o.Width)))
	return strings.Join(clampLines(lines, o.Width), "\n") + "\n"
}

func (o TimelineOptions) withDefaults() TimelineOptions {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Range.Span() <= 0 {
		o.Range = DefaultRange(o.Now)
	}
	if o.Width <= 0 {
		o.Width = 80
	}
	return o
}

// timelineHeader is two lines: year labels over their ticks, and the axis rule.
func timelineHeader(l timelineLayout, o TimelineOptions) []string {
	pad := strings.Repeat(" ", l.cursorW+l.labelW+1+l.fateW)
	labels := []rune(strings.Repeat(" ", l.barW))
	rule := []rune(strings.Repeat("─", l.barW))
	step := TickStep(o.Range, l.barW)
	nextFree := 0
	if step > 0 {
		for y := int(math.Ceil(o.Range.From/float64(step))) * step; float64(y) < o.Range.To; y += step {
			col := o.Range.Column(float64(y), l.barW)
			if col < 0 || col >= l.barW {
				continue
			}
			rule[col] = '┬'
			text := fmt.Sprint(y)
			if col >= nextFree && col+len(text) <= l.barW {
				copy(labels[col:], []rune(text))
				nextFree = col + len(text) + 1
			}
		}
	}
	return []string{
		o.Styles.render(o.Styles.Muted, strings.TrimRight(pad+string(labels), " ")),
		o.Styles.render(o.Styles.Muted, pad+string(rule)),
	}
}

type cellKind uint8

const (
	cellEmpty cellKind = iota
	cellGrid
	cellBar
	cellMarker
)

// timelineBar lays out one entry's bar as glyphs and what each cell is.
func timelineBar(e *store.Entry, barW int, r YearRange, now time.Time) ([]rune, []cellKind) {
	glyphs := []rune(strings.Repeat(" ", barW))
	kinds := make([]cellKind, barW)
	if step := TickStep(r, barW); step > 0 {
		for y := int(math.Ceil(r.From/float64(step))) * step; float64(y) < r.To; y += step {
			if col := r.Column(float64(y), barW); col >= 0 && col < barW {
				glyphs[col], kinds[col] = glyphGrid, cellGrid
			}
		}
	}
	if barW == 0 {
		return glyphs, kinds
	}
	end := e.EndKey
	if e.Alive() {
		end = max(e.StartKey, yearKeyOf(now))
	}
	lo, hi, offLeft, offRight, visible := r.Clip(e.StartKey, end, barW)
	if !visible {
		// Say which way the entry lies, so an empty row is never a mystery.
		if offLeft {
			glyphs[0], kinds[0] = glyphOffLeft, cellBar
		} else {
			glyphs[barW-1], kinds[barW-1] = glyphOffRight, cellBar
		}
		return glyphs, kinds
	}
	fill := glyphBar
	if e.Approximate.Any() {
		fill = glyphApprox
	}
	for c := lo; c <= hi; c++ {
		glyphs[c], kinds[c] = fill, cellBar
	}
	switch {
	case offRight:
		glyphs[hi] = glyphOffRight
	case e.Alive():
		glyphs[hi] = glyphAlive
	}
	if offLeft {
		glyphs[lo] = glyphOffLeft
	}
	if e.EndAnnounced != "" {
		if k, ok := dateKey(e.EndAnnounced); ok {
			if c := r.Column(k, barW); c >= 0 && c < barW {
				glyphs[c], kinds[c] = glyphAnnounced, cellMarker
			}
		}
	}
	return glyphs, kinds
}

func timelineRow(e *store.Entry, l timelineLayout, o TimelineOptions, selected bool) string {
	st := o.Styles
	var b strings.Builder
	if l.cursorW > 0 {
		if selected {
			b.WriteString(st.render(st.Heading, "▸ "))
		} else {
			b.WriteString("  ")
		}
	}
	label := Fit(e.Label(), l.labelW)
	if selected {
		b.WriteString(st.render(st.Cursor, label))
	} else {
		b.WriteString(st.render(st.Text, label))
	}
	b.WriteByte(' ')
	if l.fateW > 0 {
		b.WriteString(st.render(st.Fate(e.Fate), Fit(e.Fate, l.fateW)))
	}
	glyphs, kinds := timelineBar(e, l.barW, o.Range, o.Now)
	// Write runs of one kind at once: fewer escape sequences, and plain text stays plain.
	for i := 0; i < len(glyphs); {
		j := i
		for j < len(glyphs) && kinds[j] == kinds[i] {
			j++
		}
		run := string(glyphs[i:j])
		switch kinds[i] {
		case cellGrid:
			b.WriteString(st.render(st.Muted, run))
		case cellBar:
			b.WriteString(st.render(st.Fate(e.Fate), run))
		case cellMarker:
			b.WriteString(st.render(st.Marker, run))
		default:
			b.WriteString(run)
		}
		i = j
	}
	return strings.TrimRight(b.String(), " ")
}

// Years is an entry's span for a status line: "1 Apr 2005 – 31 Mar 2013", "c. 2002 – 2011",
// "since c. 1972".
func Years(start string, end *string, hedges seed.Hedges) string {
	return markdown.Span(start, end, hedges, seed.HumanDate, " – ")
}

// OpenEntryMsg asks the explorer to open an entry: a chart sends it when Enter is pressed on a
// row or node.
type OpenEntryMsg struct {
	Slug string
}

func openEntry(slug string) tea.Cmd {
	return func() tea.Msg { return OpenEntryMsg{Slug: slug} }
}

// TimelineKeyMap are the timeline's keys.
type TimelineKeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Left, Right, ZoomIn, ZoomOut, Reset     key.Binding
	Open                                    key.Binding
}

// DefaultTimelineKeyMap binds arrows and vi keys, + and - to zoom, Enter to open.
func DefaultTimelineKeyMap() TimelineKeyMap {
	return TimelineKeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "space"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "first")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "last")),
		// Only arrows pan: h and l stay free for the explorer (l opens a lineage).
		Left:    key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "earlier")),
		Right:   key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "later")),
		ZoomIn:  key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "zoom in")),
		ZoomOut: key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("-", "zoom out")),
		Reset:   key.NewBinding(key.WithKeys("0"), key.WithHelp("0", "1990 → now")),
		Open:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
	}
}

// Timeline is the scrollable, zoomable timeline component. It is not a root model: the explorer
// forwards messages to Update and places View in its own frame.
type Timeline struct {
	entries        []*store.Entry
	styles         Styles
	keys           TimelineKeyMap
	now            time.Time
	view           YearRange
	cursor, offset int
	width, height  int
}

// NewTimeline makes a timeline of entries, in the order given, as of now.
func NewTimeline(entries []*store.Entry, styles Styles, now time.Time) Timeline {
	return Timeline{entries: entries, styles: styles, keys: DefaultTimelineKeyMap(), now: now, view: DefaultRange(now)}
}

// SetEntries replaces the rows (a new search or filter), keeping the cursor on the same entry
// when it is still there.
func (t *Timeline) SetEntries(entries []*store.Entry) {
	var keep string
	if e := t.Selected(); e != nil {
		keep = e.Slug
	}
	t.entries, t.cursor = entries, 0
	for i, e := range entries {
		if e.Slug == keep {
			t.cursor = i
		}
	}
	t.scroll()
}

// Select puts the cursor on the entry with this slug, scrolled into view, and reports whether
// it is among the rows; the explorer calls it so the timeline opens on the entry it was showing.
func (t *Timeline) Select(slug string) bool {
	for i, e := range t.entries {
		if e.Slug == slug {
			t.cursor = i
			t.scroll()
			return true
		}
	}
	return false
}

// SetStyles changes the colours (the background became known, or NO_COLOR).
func (t *Timeline) SetStyles(s Styles) { t.styles = s }

// SetSize sets the area the view fills.
func (t *Timeline) SetSize(width, height int) {
	t.width, t.height = max(0, width), max(0, height)
	t.scroll()
}

// Selected is the entry under the cursor, or nil when there are no rows.
func (t Timeline) Selected() *store.Entry {
	if t.cursor < 0 || t.cursor >= len(t.entries) {
		return nil
	}
	return t.entries[t.cursor]
}

// Range is the years on screen.
func (t Timeline) Range() YearRange { return t.view }

// KeyMap returns the timeline's keys, for the explorer's help.
func (t Timeline) KeyMap() TimelineKeyMap { return t.keys }

// ShortHelp is the one-line help.
func (t Timeline) ShortHelp() []key.Binding {
	return []key.Binding{t.keys.Up, t.keys.Down, t.keys.Left, t.keys.Right, t.keys.ZoomIn, t.keys.ZoomOut, t.keys.Open}
}

// FullHelp is the expanded help.
func (t Timeline) FullHelp() [][]key.Binding {
	k := t.keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Left, k.Right, k.ZoomIn, k.ZoomOut, k.Reset}, {k.Open}}
}

// bounds are as far as the view may pan: back to the oldest entry, forward to next year.
func (t Timeline) bounds() YearRange {
	b := DefaultRange(t.now)
	for _, e := range t.entries {
		b.From = min(b.From, math.Floor(e.StartKey))
	}
	return b
}

const minSpan = 4 // years: zooming further shows nothing new at a year's precision

func (t *Timeline) zoom(factor float64) {
	b := t.bounds()
	span := math.Max(minSpan, math.Min(t.view.Span()*factor, b.Span()))
	mid := (t.view.From + t.view.To) / 2
	// Zoom on the part of the selected bar in view, so zooming in never loses the entry.
	if e := t.Selected(); e != nil {
		end := e.EndKey
		if e.Alive() {
			end = max(e.StartKey, yearKeyOf(t.now))
		}
		if lo, hi := max(e.StartKey, t.view.From), min(end, t.view.To); lo <= hi {
			mid = (lo + hi) / 2
		}
	}
	t.view = YearRange{From: mid - span/2, To: mid + span/2}
	t.pan(0)
}

// pan moves the view by years, keeping it inside the bounds and on whole years so the axis
// labels stay put.
func (t *Timeline) pan(years float64) {
	b := t.bounds()
	span := math.Round(t.view.Span())
	from := math.Round(t.view.From + years)
	from = math.Max(b.From, math.Min(from, b.To-span))
	t.view = YearRange{From: from, To: from + span}
}

// rowsHigh is how many entry rows fit: the height less the axis, status and legend lines.
func (t Timeline) rowsHigh() int {
	chrome := 4
	if t.height < 6 {
		chrome = 2
	}
	return max(1, t.height-chrome)
}

func (t *Timeline) scroll() {
	t.cursor = clamp(t.cursor, 0, len(t.entries)-1)
	n := t.rowsHigh()
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+n {
		t.offset = t.cursor - n + 1
	}
	t.offset = clamp(t.offset, 0, len(t.entries)-n)
}

// Update moves the cursor, pans and zooms, and sends OpenEntryMsg on Enter.
func (t Timeline) Update(msg tea.Msg) (Timeline, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		k := t.keys
		switch {
		case key.Matches(msg, k.Up):
			t.cursor--
		case key.Matches(msg, k.Down):
			t.cursor++
		case key.Matches(msg, k.PageUp):
			t.cursor -= t.rowsHigh()
		case key.Matches(msg, k.PageDown):
			t.cursor += t.rowsHigh()
		case key.Matches(msg, k.Top):
			t.cursor = 0
		case key.Matches(msg, k.Bottom):
			t.cursor = len(t.entries) - 1
		case key.Matches(msg, k.Left):
			t.pan(-math.Max(1, math.Round(t.view.Span()/4)))
		case key.Matches(msg, k.Right):
			t.pan(math.Max(1, math.Round(t.view.Span()/4)))
		case key.Matches(msg, k.ZoomIn):
			t.zoom(0.5)
		case key.Matches(msg, k.ZoomOut):
			t.zoom(2)
		case key.Matches(msg, k.Reset):
			t.view = DefaultRange(t.now)
		case key.Matches(msg, k.Open):
			if e := t.Selected(); e != nil {
				return t, openEntry(e.Slug)
			}
		}
		t.scroll()
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			t.cursor--
		case tea.MouseWheelDown:
			t.cursor++
		}
		t.scroll()
	}
	return t, nil
}

// View draws the axis, the rows in view, the entry under the cursor and the legend.
func (t Timeline) View() string {
	if t.width <= 0 || t.height <= 0 {
		return ""
	}
	o := TimelineOptions{Width: t.width, Range: t.view, Now: t.now, Cursor: t.cursor, Styles: t.styles}
	l := layoutTimeline(t.entries, t.width, true)
	lines := timelineHeader(l, o)
	end := min(len(t.entries), t.offset+t.rowsHigh())
	for i := t.offset; i < end; i++ {
		lines = append(lines, timelineRow(t.entries[i], l, o, i == t.cursor))
	}
	if len(t.entries) == 0 {
		lines = append(lines, "  (no entries match)")
	}
	if t.height >= 6 {
		for len(lines) < t.height-2 {
			lines = append(lines, "")
		}
		lines = append(lines, t.status(), t.styles.render(t.styles.Muted, Truncate(Legend, t.width)))
	}
	if len(lines) > t.height {
		lines = lines[:t.height]
	}
	return strings.Join(clampLines(lines, t.width), "\n")
}

// status describes the entry under the cursor, with the years in view and the position.
func (t Timeline) status() string {
	right := fmt.Sprintf("%d–%d  %d/%d", int(math.Round(t.view.From)), int(math.Round(t.view.To)), min(t.cursor+1, len(t.entries)), len(t.entries))
	left := ""
	if e := t.Selected(); e != nil {
		left = e.Label()
		if e.Acronym != "" && e.Acronym != e.Name {
			left += " — " + e.Name
		}
		left += " · " + Years(e.Start, e.End, e.Approximate) + " · " + e.Fate
		if e.EndAnnounced != "" {
			left += " (abolition announced for " + seed.HumanDate(e.EndAnnounced) + ")"
		}
	}
	room := t.width - Width(right) - 1
	if room < 8 {
		return Truncate(right, t.width)
	}
	return t.styles.render(t.styles.Text, Fit(left, room)) + " " + t.styles.render(t.styles.Muted, right)
}
