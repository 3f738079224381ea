package ui

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"
)

// Run shows the explorer on the terminal until the user quits. Options beyond the defaults
// (see Options) are rarely needed.
func Run(ctx context.Context, cat Catalogue, opts Options) error {
	p := tea.NewProgram(New(ctx, cat, opts), tea.WithContext(ctx))
	_, err := p.Run()
	if errors.Is(err, tea.ErrInterrupted) {
		return nil
	}
	return err
}
