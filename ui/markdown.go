package ui

import (
	"strings"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"
	"github.com/charmbracelet/x/ansi"
)

// RenderMarkdown renders an entry's Markdown for a terminal of the given width. With colour off
// it uses glamour's no-colour style, so NO_COLOR and pipes get clean text with the same layout.
func RenderMarkdown(md string, width int, dark, colour bool) (string, error) {
	style := styles.LightStyle
	switch {
	case !colour:
		style = styles.NoTTYStyle
	case dark:
		style = styles.DarkStyle
	}
	if width < 20 {
		width = 20
	}
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(width))
	if err != nil {
		return "", err
	}
	out, err := r.Render(md)
	if err != nil {
		return "", err
	}
	if !colour {
		// glamour makes every link an OSC 8 hyperlink whatever the style: without colour, plain
		// text means no escape sequence at all.
		out = ansi.Strip(out)
	}
	return strings.TrimRight(out, "\n") + "\n", nil
}
