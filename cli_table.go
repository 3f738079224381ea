package main

import (
	"fmt"
	"io"
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
)

// writeFittedTable prints a table for a terminal: columns two spaces apart, the header bold when
// colour is on, and no line wider than width — the widest columns give way first, their cells
// cut with "…" (lipgloss measures cells as the terminal shows them: escape codes take no room,
// wide characters two columns). Cells may carry their own styling. Pipes get TSV instead.
func writeFittedTable(w io.Writer, header []string, rows [][]string, width int, colour bool) error {
	last := len(header) - 1
	t := table.New().
		Border(lipgloss.HiddenBorder()).
		BorderTop(false).BorderBottom(false).BorderLeft(false).BorderRight(false).
		BorderHeader(false).BorderColumn(false).
		Wrap(false).
		StyleFunc(func(row, col int) lipgloss.Style {
			s := lipgloss.NewStyle()
			if col < last {
				s = s.PaddingRight(2)
			}
			if row == table.HeaderRow && colour {
				s = s.Bold(true)
			}
			return s
		}).
		Headers(header...).
		Rows(rows...)
	out := t.Render()
	if lipgloss.Width(out) > width {
		out = t.Width(width).Render()
	}
	for line := range strings.Lines(out) {
		if _, err := fmt.Fprintln(w, strings.TrimRight(line, " \n")); err != nil {
			return err
		}
	}
	return nil
}
