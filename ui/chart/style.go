// Package chart draws quango's timeline, lineage tree and numbers as text: pure, width-aware
// renderers used by the CLI, and small components (Update, View, SetSize) that the explorer
// embeds. Nothing here does I/O; the caller loads the data and passes it in.
package chart

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Palette is the handful of semantic colours every chart is drawn with. The explorer passes its
// theme's colours; DefaultPalette is a sensible one for the CLI.
type Palette struct {
	Text    color.Color // labels
	Muted   color.Color // axes, grid, secondary text
	Accent  color.Color // headings, the cursor, announced abolitions
	Alive   color.Color // fate active
	Changed color.Color // renamed, merged, replaced: it lived on as something else
	Ended   color.Color // abolished, closed
	Failed  color.Color // cancelled
}

// DefaultPalette picks colours that read on a dark or a light background.
func DefaultPalette(dark bool) Palette {
	ld := lipgloss.LightDark(dark)
	return Palette{
		Text:    ld(lipgloss.Color("#1f1f1f"), lipgloss.Color("#e4e4e4")),
		Muted:   ld(lipgloss.Color("#8a8a8a"), lipgloss.Color("#6c6c6c")),
		Accent:  ld(lipgloss.Color("#5f00d7"), lipgloss.Color("#af87ff")),
		Alive:   ld(lipgloss.Color("#008700"), lipgloss.Color("#5fd75f")),
		Changed: ld(lipgloss.Color("#005fd7"), lipgloss.Color("#5fafff")),
		Ended:   ld(lipgloss.Color("#875f00"), lipgloss.Color("#d7af5f")),
		Failed:  ld(lipgloss.Color("#d70000"), lipgloss.Color("#ff5f5f")),
	}
}

// Styles are the lipgloss styles derived from a palette. The zero value draws plain text: no
// escape sequences at all, for pipes and NO_COLOR.
type Styles struct {
	colour  bool
	Text    lipgloss.Style
	Muted   lipgloss.Style
	Heading lipgloss.Style
	Cursor  lipgloss.Style // the label of the row under the cursor
	Marker  lipgloss.Style // announced abolitions
	fates   map[string]lipgloss.Style
}

// NewStyles derives the chart styles from p; with colour false they are plain.
func NewStyles(p Palette, colour bool) Styles {
	if !colour {
		return Styles{}
	}
	fg := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	s := Styles{
		colour:  true,
		Text:    fg(p.Text),
		Muted:   fg(p.Muted),
		Heading: fg(p.Accent).Bold(true),
		Cursor:  fg(p.Accent).Bold(true).Reverse(true),
		Marker:  fg(p.Failed).Bold(true),
		fates:   map[string]lipgloss.Style{},
	}
	for fate, c := range map[string]color.Color{
		"active": p.Alive, "renamed": p.Changed, "merged": p.Changed, "replaced": p.Changed,
		"abolished": p.Ended, "closed": p.Ended, "cancelled": p.Failed,
	} {
		s.fates[fate] = fg(c)
	}
	return s
}

// WithFateStyles uses the explorer's own style for each fate it names, so a fate looks the same
// in the list and in the charts. Plain styles stay plain.
func (s Styles) WithFateStyles(fates map[string]lipgloss.Style) Styles {
	if !s.colour {
		return s
	}
	merged := make(map[string]lipgloss.Style, len(s.fates)+len(fates))
	for k, v := range s.fates {
		merged[k] = v
	}
	for k, v := range fates {
		merged[k] = v
	}
	s.fates = merged
	return s
}

// Colour reports whether the styles draw colour.
func (s Styles) Colour() bool { return s.colour }

// Fate is the style of a bar or label for an entry with this fate.
func (s Styles) Fate(fate string) lipgloss.Style {
	if st, ok := s.fates[fate]; ok {
		return st
	}
	return s.Text
}

// render applies st only when the styles are coloured, so plain output has no escapes at all
// (even a zero lipgloss.Style may emit resets).
func (s Styles) render(st lipgloss.Style, text string) string {
	if !s.colour || text == "" {
		return text
	}
	return st.Render(text)
}
