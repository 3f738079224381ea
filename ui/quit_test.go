package ui

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"quango/store"
	"quango/store/storetest/fixture"
)

// stuckCatalogue answers as the fixture does until stuck is set; then every search and every
// entry it is asked for waits until the test ends, as work on a huge or busy database would.
type stuckCatalogue struct {
	Catalogue
	stuck   atomic.Bool
	release chan struct{}
}

func (c *stuckCatalogue) wait() { <-c.release }

func (c *stuckCatalogue) Browse(ctx context.Context, q string) (*store.SearchResult, error) {
	if c.stuck.Load() {
		c.wait()
	}
	return c.Catalogue.Browse(ctx, q)
}

func (c *stuckCatalogue) Get(ctx context.Context, slug string) (*store.Entry, error) {
	if c.stuck.Load() {
		c.wait()
	}
	return c.Catalogue.Get(ctx, slug)
}

// TestQuitWhileWorkRuns: Ctrl+C in the list, and q on an entry, end the program at once while
// a search or the entry being opened has not answered.
func TestQuitWhileWorkRuns(t *testing.T) {
	for _, c := range []struct {
		name  string
		setup []string // keys pressed while the catalogue still answers
		stuck []string // keys pressed once it no longer does
		quit  tea.Msg
	}{
		{"ctrl+c while searching", nil, []string{"b", "e"}, keyMsg("ctrl+c")},
		{"q while an entry opens", nil, []string{"enter"}, keyMsg("q")},
	} {
		t.Run(c.name, func(t *testing.T) {
			cat := &stuckCatalogue{Catalogue: fixture.Open(t), release: make(chan struct{})}
			defer close(cat.release)
			m := New(context.Background(), cat, Options{Colour: true, Now: func() time.Time { return fixedNow }, Dir: t.TempDir(),
				OpenURL: func(string) error { return errors.New("no browser") }})
			var out lockedBuffer
			p := tea.NewProgram(m, tea.WithWindowSize(80, 24), tea.WithColorProfile(colorprofile.ANSI256),
				tea.WithEnvironment([]string{"TERM=xterm-256color"}), tea.WithInput(nil), tea.WithOutput(&out))
			done := make(chan error, 1)
			go func() {
				_, err := p.Run()
				done <- err
			}()
			t.Cleanup(p.Kill)
			time.Sleep(300 * time.Millisecond) // the first search answers
			for _, k := range c.setup {
				p.Send(keyMsg(k))
			}
			cat.stuck.Store(true)
			for _, k := range c.stuck {
				p.Send(keyMsg(k))
			}
			time.Sleep(100 * time.Millisecond)
			start := time.Now()
			p.Send(c.quit)
			select {
			case <-done:
				if took := time.Since(start); took > 500*time.Millisecond {
					t.Errorf("quit took %v", took)
				}
			case <-time.After(3 * time.Second):
				t.Fatal("the program did not quit while work was running")
			}
		})
	}
}
