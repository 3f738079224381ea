package ui

import (
	"context"
	"errors"
	"os"
	"os/signal"

	tea "charm.land/bubbletea/v2"
)

// Run shows the explorer on the terminal until the user quits. Options beyond the defaults
// (see Options) are rarely needed.
func Run(ctx context.Context, cat Catalogue, opts Options) error {
	m := New(ctx, cat, opts)
	p := tea.NewProgram(m, tea.WithContext(ctx))
	// A write that waits for another quango says so in the status line: nothing else may write
	// to the terminal the explorer owns.
	if w, ok := cat.(interface{ OnWait(func()) }); ok {
		w.OnWait(func() { p.Send(statusMsg{text: "Waiting for another quango to finish writing…"}) })
	}
	// Bubble Tea restores the terminal on SIGINT and SIGTERM; a closed window (SIGHUP) must too,
	// or a terminal multiplexer keeps the alternate screen, a hidden cursor and mouse tracking.
	hangup := make(chan os.Signal, 1)
	if len(hangupSignals) > 0 {
		signal.Notify(hangup, hangupSignals...)
		defer signal.Stop(hangup)
	}
	done := make(chan struct{})
	defer close(done)
	hungUp := make(chan struct{})
	go func() {
		select {
		case <-hangup:
			close(hungUp)
			p.Kill()
		case <-done:
		}
	}()
	_, err := p.Run()
	select {
	case <-hungUp:
		return nil
	default:
	}
	if errors.Is(err, tea.ErrInterrupted) {
		return nil
	}
	if err == nil && m.fatal != nil {
		return m.fatal
	}
	return err
}
