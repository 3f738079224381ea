package chart

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"quango/seed"
	"quango/store"
	"quango/store/markdown"
)

// StatsOptions shape the rendered numbers.
type StatsOptions struct {
	Width  int // total width in columns; at least 20 is used
	Styles Styles
}

// barItem is one bar of a horizontal bar chart.
type barItem struct {
	label string
	value int
	style lipgloss.Style
}

// hbars draws a horizontal bar chart: label, bar scaled to the largest value, count.
func hbars(items []barItem, width int, st Styles) []string {
	labelW, most := 0, 0
	for _, it := range items {
		labelW = max(labelW, Width(it.label))
		most = max(most, it.value)
	}
	labelW = min(labelW, max(4, width/3))
	countW := len(fmt.Sprint(most))
	barW := max(1, width-2-labelW-1-1-countW)
	lines := make([]string, len(items))
	for i, it := range items {
		n := 0
		if most > 0 {
			n = int(math.Round(float64(it.value) / float64(most) * float64(barW)))
		}
		if it.value > 0 {
			n = max(1, n)
		}
		bar := strings.Repeat("█", n)
		lines[i] = "  " + st.render(st.Text, Fit(it.label, labelW)) + " " + st.render(it.style, bar) +
			strings.Repeat(" ", barW-n+1) + fmt.Sprintf("%*d", countW, it.value)
	}
	return lines
}

var eighths = []rune(" ▁▂▃▄▅▆▇█")

// columns draws counts per year as a column chart height rows high, with the years marked
// every decade underneath. It shows as many of the latest years up to last as the width holds.
func columns(counts map[int]int, first, last, width, height int, style lipgloss.Style, st Styles) []string {
	most := 0
	for _, v := range counts {
		most = max(most, v)
	}
	gutter := len(fmt.Sprint(most)) + 1
	room := width - 2 - gutter
	if room < 1 || last < first {
		return nil
	}
	if n := last - first + 1; n > room {
		first = last - room + 1
	}
	years := last - first + 1
	colW := 1
	if years*2 <= room {
		colW = 2 // a gap between columns reads better when there is room for it
	}
	lines := make([]string, 0, height+1)
	for r := range height {
		var b strings.Builder
		for y := first; y <= last; y++ {
			units := 0
			if v := counts[y]; v > 0 && most > 0 {
				units = max(1, int(math.Round(float64(v)/float64(most)*float64(height*8))))
			}
			fill := clamp(units-(height-1-r)*8, 0, 8)
			b.WriteRune(eighths[fill])
			if colW == 2 {
				b.WriteByte(' ')
			}
		}
		g := strings.Repeat(" ", gutter)
		if r == 0 {
			g = fmt.Sprintf("%*d ", gutter-1, most)
		}
		lines = append(lines, "  "+st.render(st.Muted, g)+st.render(style, strings.TrimRight(b.String(), " ")))
	}
	axis := []rune(strings.Repeat(" ", years*colW))
	for y := first; y <= last; y++ {
		if y%10 == 0 {
			col := (y - first) * colW
			if col+4 <= len(axis) {
				copy(axis[col:], []rune(fmt.Sprint(y)))
			}
		}
	}
	lines = append(lines, "  "+strings.Repeat(" ", gutter)+st.render(st.Muted, strings.TrimRight(string(axis), " ")))
	return lines
}

// RenderStats draws the graveyard in numbers: counts, lifespans, bar charts of births and deaths
// by decade and by year, and the ranked lists.
func RenderStats(s *store.Stats, o StatsOptions) string {
	st, w := o.Styles, max(20, o.Width)
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	heading := func(h string) { add("", st.render(st.Heading, h)) }

	add(st.render(st.Heading, "The graveyard in numbers")+st.render(st.Muted, " · as of "+s.AsOf), "")
	summary := fmt.Sprintf("%d entries: %d alive, %d dead", s.Entries, s.Alive, s.Dead)
	switch s.OneOffs {
	case 0:
	case 1:
		summary += " (one of them a one-off report)"
	default:
		summary += fmt.Sprintf(" (%d of them one-off reports)", s.OneOffs)
	}
	add("  "+summary,
		fmt.Sprintf("  The dead lived %s on the median, %s on average.", yearsText(s.MedianLifespanYears), yearsText(s.MeanLifespanYears)),
		fmt.Sprintf("  Alive today and younger than ten years: %d of %d (bodies: %d of %d).",
			s.AliveUnderTenYears, s.Alive, s.AliveBodiesUnderTenYears, s.AliveBodies))

	heading("Entries by kind")
	var items []barItem
	for _, k := range orderedKeys(s.ByKind, seed.Kinds) {
		items = append(items, barItem{k, s.ByKind[k], st.Heading})
	}
	add(hbars(items, w, st)...)

	heading("Entries by fate")
	items = nil
	for _, f := range orderedKeys(s.ByFate, seed.Fates) {
		items = append(items, barItem{f, s.ByFate[f], st.Fate(f)})
	}
	add(hbars(items, w, st)...)

	heading("Lifespan of the dead, by kind")
	add(fmt.Sprintf("  %-10s %5s %9s %9s", "kind", "dead", "median", "mean"))
	for _, k := range orderedKeys(s.LifespanByKind, seed.Kinds) {
		l := s.LifespanByKind[k]
		add(fmt.Sprintf("  %-10s %5d %7.1f y %7.1f y", k, l.Dead, l.Median, l.Mean))
	}

	heading("Births and deaths by decade")
	items = nil
	for _, d := range unionKeys(s.BirthsByDecade, s.DeathsByDecade) {
		items = append(items,
			barItem{fmt.Sprintf("%ds born", d), s.BirthsByDecade[d], st.Fate("active")},
			barItem{"      died", s.DeathsByDecade[d], st.Fate("abolished")})
	}
	add(hbars(items, w, st)...)

	years := unionKeys(s.BirthsByYear, s.DeathsByYear)
	if len(years) > 0 {
		last := years[len(years)-1]
		if y, ok := yearOfDate(s.AsOf); ok {
			last = max(last, y)
		}
		heading("Births per year")
		add(columns(s.BirthsByYear, years[0], last, w, 4, st.Fate("active"), st)...)
		heading("Deaths per year")
		add(columns(s.DeathsByYear, years[0], last, w, 4, st.Fate("abolished"), st)...)
	}

	ranked := func(title string, list []store.Lived) {
		if len(list) == 0 {
			return
		}
		heading(title)
		labelW := 0
		for _, l := range list {
			labelW = max(labelW, Width(l.Label()))
		}
		labelW = min(labelW, max(6, w/3))
		for _, l := range list {
			span := Years(l.Start, l.End, l.Approximate)
			add("  " + st.render(st.Fate(l.Fate), Fit(l.Label(), labelW)) + fmt.Sprintf(" %6.1f y  ", l.Years) +
				st.render(st.Muted, span+" · "+l.Fate))
		}
	}
	ranked("Shortest-lived (one-off reports left out)", s.ShortestLived)
	ranked("Longest-lived", s.LongestLived)
	ranked("Oldest survivors", s.OldestSurvivors)

	if len(s.RenamingChains) > 0 {
		heading("Longest renaming chains")
		for _, c := range s.RenamingChains {
			parts := make([]string, len(c))
			for i, n := range c {
				parts[i] = n.Label()
				if n.Date != "" {
					parts[i] += " (" + markdown.Year(n.Date) + ")"
				}
			}
			add("  " + strings.Join(parts, " → "))
		}
	}
	return strings.Join(clampLines(lines, w), "\n") + "\n"
}

func yearsText(y float64) string {
	if math.Abs(y-1) < 0.05 {
		return "1 year"
	}
	return fmt.Sprintf("%.1f years", y)
}

func yearOfDate(s string) (int, bool) {
	var y int
	if _, err := fmt.Sscanf(markdown.Year(s), "%d", &y); err != nil {
		return 0, false
	}
	return y, true
}

// orderedKeys lists the keys of m in the order of known, then any others alphabetically (a
// user's database may hold values this version does not know).
func orderedKeys[V any](m map[string]V, known []string) []string {
	var out []string
	for _, k := range known {
		if _, ok := m[k]; ok {
			out = append(out, k)
		}
	}
	var rest []string
	for k := range m {
		if !slices.Contains(known, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

func unionKeys(a, b map[int]int) []int {
	var out []int
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// StatsKeyMap are the stats view's keys.
type StatsKeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

// DefaultStatsKeyMap binds arrows, vi keys and paging.
func DefaultStatsKeyMap() StatsKeyMap {
	return StatsKeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "space"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "bottom")),
	}
}

// Stats is the scrollable numbers component.
type Stats struct {
	stats         *store.Stats
	styles        Styles
	keys          StatsKeyMap
	lines         []string
	offset        int
	width, height int
}

// NewStats makes the component for these numbers.
func NewStats(s *store.Stats, styles Styles) Stats {
	m := Stats{stats: s, styles: styles, keys: DefaultStatsKeyMap()}
	m.render()
	return m
}

// SetStats shows other numbers (the catalogue changed).
func (m *Stats) SetStats(s *store.Stats) {
	m.stats = s
	m.render()
}

// SetStyles changes the colours.
func (m *Stats) SetStyles(s Styles) {
	m.styles = s
	m.render()
}

// SetSize sets the area the view fills; the charts are redrawn to the new width.
func (m *Stats) SetSize(width, height int) {
	m.width, m.height = max(0, width), max(0, height)
	m.render()
}

func (m *Stats) render() {
	m.lines = nil
	if m.stats != nil && m.width > 0 {
		m.lines = strings.Split(strings.TrimSuffix(RenderStats(m.stats, StatsOptions{Width: m.width, Styles: m.styles}), "\n"), "\n")
	}
	m.offset = clamp(m.offset, 0, len(m.lines)-m.height)
}

// ShortHelp is the one-line help.
func (m Stats) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Up, m.keys.Down, m.keys.PageDown}
}

// FullHelp is the expanded help.
func (m Stats) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}}
}

// Update scrolls.
func (m Stats) Update(msg tea.Msg) (Stats, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		k := m.keys
		switch {
		case key.Matches(msg, k.Up):
			m.offset--
		case key.Matches(msg, k.Down):
			m.offset++
		case key.Matches(msg, k.PageUp):
			m.offset -= max(1, m.height-1)
		case key.Matches(msg, k.PageDown):
			m.offset += max(1, m.height-1)
		case key.Matches(msg, k.Top):
			m.offset = 0
		case key.Matches(msg, k.Bottom):
			m.offset = len(m.lines)
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.offset -= 3
		case tea.MouseWheelDown:
			m.offset += 3
		}
	}
	m.offset = clamp(m.offset, 0, len(m.lines)-m.height)
	return m, nil
}

// View draws the lines in view.
func (m Stats) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	end := min(len(m.lines), m.offset+m.height)
	return strings.Join(m.lines[m.offset:end], "\n")
}
