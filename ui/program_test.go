package ui

import (
	"bytes"
	"context"
	"errors"
	"quango/store/storetest/fixture"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// lockedBuffer is the program's output, written by its renderer and read by the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// probe is a message the model ignores; sending it makes the program show the test its screen.
type probe struct{}

// TestProgramFlow runs the whole program in memory, no terminal, and drives one visit: search,
// open, follow the lineage, walk back, the timeline, help, a resize, quit. A filter sees every
// message before the model does and records the screen, so the test reads what the user would see.
func TestProgramFlow(t *testing.T) {
	var (
		mu     sync.Mutex
		screen string
	)
	record := func(m tea.Model, msg tea.Msg) tea.Msg {
		s := ansi.Strip(m.(*Model).View().Content)
		mu.Lock()
		screen = s
		mu.Unlock()
		return msg
	}
	m := New(context.Background(), fixture.Open(t), Options{
		Colour:  true,
		Now:     func() time.Time { return fixedNow },
		Dir:     t.TempDir(),
		OpenURL: func(string) error { return errors.New("no browser") },
	})
	var out lockedBuffer
	p := tea.NewProgram(m,
		tea.WithWindowSize(80, 24),
		tea.WithColorProfile(colorprofile.ANSI256),
		tea.WithEnvironment([]string{"TERM=xterm-256color"}),
		tea.WithInput(nil),
		tea.WithOutput(&out),
		tea.WithFilter(record),
	)
	done := make(chan error, 1)
	go func() {
		_, err := p.Run()
		done <- err
	}()
	t.Cleanup(p.Kill)

	wait := func(step string, ok func(string) bool) string {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			p.Send(probe{})
			time.Sleep(5 * time.Millisecond)
			mu.Lock()
			s := screen
			mu.Unlock()
			if ok(s) {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: gave up waiting; the screen is:\n%s", step, s)
			}
		}
	}
	see := func(step string, want ...string) string {
		t.Helper()
		return wait(step, func(s string) bool {
			for _, w := range want {
				if !strings.Contains(s, w) {
					return false
				}
			}
			return true
		})
	}
	keys := func(ks ...string) {
		for _, k := range ks {
			p.Send(keyMsg(k))
		}
	}

	see("start", "8 entries · 6 dead · 2 alive", "Alpha Information Authority")
	keys("/", "b", "e", "t", "a")
	see("search", "1 of 8 entries", "/ beta", "Beta Information Centre")
	keys("enter")
	see("open", "quango › BIC", "Apr\u00a02005\u00a0–\u00a01\u00a0Feb\u00a02023")
	keys("tab", "enter")
	see("follow", "quango › BIC › GB", "GB — Gamma Board")
	keys("esc")
	wait("back", func(s string) bool {
		return strings.HasPrefix(s, "quango › BIC ") && !strings.Contains(s, "› GB ")
	})
	keys("esc")
	see("list", "/ beta", "sort: best match")
	// The timeline of the search, an entry opened from it, and back to the list.
	keys("alt+t")
	see("timeline", "quango › timeline", "1 of 8 entries", "▸ BIC")
	keys("enter")
	see("open from the timeline", "quango › timeline › BIC", "Apr\u00a02005\u00a0–\u00a01\u00a0Feb\u00a02023")
	keys("esc")
	see("back to the timeline", "▸ BIC", "+/- zoom")
	keys("esc")
	see("list again", "/ beta", "sort: best match")
	keys("f1")
	see("help", "Keys", "reverse order", "close help")
	keys("esc")
	p.Send(tea.WindowSizeMsg{Width: 40, Height: 12})
	small := see("resize", "1 of 8 · 1 dead", "2005–2023")
	for i, l := range strings.Split(small, "\n") {
		if lipgloss.Width(l) > 40 {
			t.Errorf("line %d is wider than 40 after resizing: %q", i, l)
		}
	}
	keys("ctrl+c")
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the program ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ctrl+c did not quit")
	}
	// The terminal is given back: alternate screen and mouse reporting switched off again.
	raw := out.String()
	for _, seq := range []string{ansi.SetModeAltScreenSaveCursor, ansi.ResetModeAltScreenSaveCursor,
		ansi.SetModeMouseButtonEvent, ansi.ResetModeMouseButtonEvent} {
		if !strings.Contains(raw, seq) {
			t.Errorf("the output lacks %q", seq)
		}
	}
	if strings.LastIndex(raw, ansi.ResetModeAltScreenSaveCursor) < strings.LastIndex(raw, ansi.SetModeAltScreenSaveCursor) {
		t.Error("the program left the terminal in the alternate screen")
	}
}
