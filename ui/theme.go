package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"quango/ui/chart"
)

// palette names the few colours the explorer uses; every style below derives from it, so light
// and dark terminals differ in one place only.
type palette struct {
	primary, muted, subtle, text color.Color
	success, warning, danger     color.Color
	info, merge, match           color.Color
	selection, chip              color.Color
}

func newPalette(dark bool) palette {
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	return palette{
		primary:   ld(c("#4B3FC9"), c("#A59CFF")),
		muted:     ld(c("#6C6C6C"), c("#8C8C8C")),
		subtle:    ld(c("#C8C8C8"), c("#444444")),
		text:      ld(c("#1A1A1A"), c("#E4E4E4")),
		success:   ld(c("#1D7A35"), c("#63D482")),
		warning:   ld(c("#8F5F00"), c("#E5B54A")),
		danger:    ld(c("#B3261E"), c("#FF7F78")),
		info:      ld(c("#0A62C9"), c("#6CB2FF")),
		merge:     ld(c("#007A7A"), c("#4FD6D6")),
		match:     ld(c("#C0156A"), c("#FF7AC6")),
		selection: ld(c("#D5D0FF"), c("#332E5C")),
		chip:      ld(c("#E9E9E9"), c("#333333")),
	}
}

// theme is every lipgloss style the explorer draws with. With colour off (NO_COLOR, a dumb
// terminal) the same roles are drawn with bold, underline and reverse only.
type theme struct {
	dark, colour bool

	title, muted, faint, bold, heading, errorText, status lipgloss.Style
	row, rowSel, match, matchSel, cursorMark              lipgloss.Style
	chip, chipLabel, border                               lipgloss.Style
	fates                                                 map[string]lipgloss.Style
	sentenced                                             lipgloss.Style // alive, its end announced
	help                                                  help.Styles
	input                                                 textinput.Styles
	charts                                                chart.Styles
	form                                                  *huh.Styles
}

func newTheme(dark, colour bool) theme {
	p := newPalette(dark)
	s := theme{dark: dark, colour: colour}
	plain := lipgloss.NewStyle()
	fg := func(st lipgloss.Style, c color.Color) lipgloss.Style {
		if colour {
			return st.Foreground(c)
		}
		return st
	}
	bg := func(st lipgloss.Style, c color.Color) lipgloss.Style {
		if colour {
			return st.Background(c)
		}
		return st
	}
	s.title = fg(plain.Bold(true), p.primary)
	s.muted = fg(plain, p.muted)
	s.faint = fg(plain, p.subtle)
	s.bold = plain.Bold(true)
	s.heading = fg(plain.Bold(true), p.primary)
	s.errorText = fg(plain.Bold(true), p.danger)
	s.status = fg(plain, p.info)
	s.row = plain
	s.rowSel = bg(plain.Bold(true), p.selection)
	s.match = fg(plain.Bold(true), p.match)
	s.matchSel = bg(fg(plain.Bold(true), p.match), p.selection)
	if !colour {
		// Without colour, reverse video marks the selection and underline marks matches.
		s.rowSel = plain.Reverse(true)
		s.match = plain.Underline(true).Bold(true)
		s.matchSel = plain.Reverse(true).Underline(true).Bold(true)
	}
	s.cursorMark = fg(plain.Bold(true), p.primary)
	s.chip = bg(fg(plain, p.text), p.chip)
	if !colour {
		s.chip = plain.Reverse(true)
	}
	s.chipLabel = s.muted
	s.border = fg(plain, p.subtle)
	s.fates = map[string]lipgloss.Style{
		"active":    fg(plain.Bold(true), p.success),
		"renamed":   fg(plain, p.info),
		"merged":    fg(plain, p.merge),
		"replaced":  fg(plain, p.warning),
		"abolished": fg(plain, p.danger),
		"closed":    fg(plain, p.muted),
		"cancelled": fg(plain.Bold(true), p.danger),
	}
	s.sentenced = fg(plain.Bold(true), p.warning)

	s.help = help.DefaultStyles(dark)
	s.help.ShortKey = fg(plain.Bold(true), p.text)
	s.help.ShortDesc = s.muted
	s.help.ShortSeparator = s.faint
	s.help.FullKey = fg(plain.Bold(true), p.text)
	s.help.FullDesc = s.muted
	s.help.FullSeparator = s.faint
	s.help.Ellipsis = s.faint
	if !colour {
		s.help = help.Styles{ShortKey: plain.Bold(true), FullKey: plain.Bold(true)}
	}

	s.input = textinput.DefaultStyles(dark)
	s.input.Focused.Prompt = fg(plain.Bold(true), p.primary)
	s.input.Blurred.Prompt = s.muted
	s.input.Focused.Placeholder = s.muted
	s.input.Blurred.Placeholder = s.muted
	s.input.Blurred.Text = plain
	s.input.Cursor.Blink = false
	if colour {
		s.input.Cursor.Color = p.primary
	} else {
		s.input = textinput.Styles{Cursor: textinput.CursorStyle{Blink: false}}
		s.input.Focused.Prompt = plain.Bold(true)
	}

	// The charts draw from the same palette, and a fate looks the same in the list and a chart.
	s.charts = chart.NewStyles(chart.Palette{
		Text: p.text, Muted: p.muted, Accent: p.primary,
		Alive: p.success, Changed: p.info, Ended: p.warning, Failed: p.danger,
	}, colour).WithFateStyles(s.fates)
	s.form = formStyles(p, dark, colour)
	return s
}

// formStyles dresses the add, bury and note forms in the explorer's palette rather than huh's
// own, so a form looks like part of the explorer. Without colour, huh's base theme (borders and
// markers only) is right as it is.
func formStyles(p palette, dark, colour bool) *huh.Styles {
	t := huh.ThemeBase(dark)
	if !colour {
		t.Focused.TextInput.Placeholder = lipgloss.NewStyle()
		t.Blurred = t.Focused
		t.Blurred.Base = t.Blurred.Base.BorderStyle(lipgloss.HiddenBorder())
		t.Blurred.Card = t.Blurred.Base
		return t
	}
	plain := lipgloss.NewStyle()
	f := &t.Focused
	f.Base = f.Base.BorderForeground(p.primary)
	f.Card = f.Base
	f.Title = plain.Foreground(p.primary).Bold(true)
	f.NoteTitle = plain.Foreground(p.primary).Bold(true).MarginBottom(1)
	f.Description = plain.Foreground(p.muted)
	f.ErrorIndicator = f.ErrorIndicator.Foreground(p.danger)
	f.ErrorMessage = f.ErrorMessage.Foreground(p.danger)
	f.SelectSelector = f.SelectSelector.Foreground(p.primary)
	f.NextIndicator = f.NextIndicator.Foreground(p.primary)
	f.PrevIndicator = f.PrevIndicator.Foreground(p.primary)
	f.Option = plain.Foreground(p.text)
	f.SelectedOption = plain.Foreground(p.primary).Bold(true)
	f.TextInput.Cursor = plain.Foreground(p.primary)
	f.TextInput.Placeholder = plain.Foreground(p.muted)
	f.TextInput.Prompt = plain.Foreground(p.primary)
	f.TextInput.Text = plain.Foreground(p.text)
	t.Blurred = t.Focused
	t.Blurred.Base = t.Focused.Base.BorderStyle(lipgloss.HiddenBorder())
	t.Blurred.Card = t.Blurred.Base
	t.Blurred.Title = plain.Foreground(p.muted).Bold(true)
	t.Blurred.NextIndicator = plain
	t.Blurred.PrevIndicator = plain
	t.Group.Title = f.Title
	t.Group.Description = f.Description
	return t
}

// fate theme a fate's name; unknown fates are plain.
func (s theme) fate(name string) lipgloss.Style {
	if st, ok := s.fates[name]; ok {
		return st
	}
	return lipgloss.NewStyle()
}
