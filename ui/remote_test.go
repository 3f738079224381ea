package ui

import (
	"context"
	"os"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"quango/store/storetest/fixture"
)

// TestServedReadOnly: the explorer as quango serve shows it to a reader. The write keys open no
// form and say why; e writes no file, o opens no browser and a form runs no editor, on what is
// the server's machine.
func TestServedReadOnly(t *testing.T) {
	s := fixture.Open(t)
	dir := t.TempDir()
	hs := &harness{t: t, clock: fixedNow}
	hs.m = New(context.Background(), s, Options{
		Colour:   true,
		Now:      func() time.Time { return hs.clock },
		Dir:      dir,
		OpenURL:  func(url string) error { hs.opened = append(hs.opened, url); return nil },
		Remote:   true,
		ReadOnly: "Read only: your key is not a writer here",
	})
	hs.run(hs.m.Init())
	hs.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	hs.mustSee("Read only: your key is not a writer here")
	for _, k := range []string{"alt+a", "alt+b", "alt+n", "alt+u"} {
		hs.press(k)
		if hs.m.editor != nil {
			t.Fatalf("%s opened a form for a reader", k)
		}
	}
	hs.press("enter")
	hs.mustSee("quango › AA")
	for _, k := range []string{"a", "b", "n", "u"} {
		hs.press(k)
		if hs.m.editor != nil {
			t.Fatalf("%s opened a form for a reader", k)
		}
	}
	hs.press("e")
	hs.mustSee("writes no file on the server")
	if files, _ := os.ReadDir(dir); len(files) > 0 {
		t.Fatalf("e wrote %s on the server", files[0].Name())
	}
	hs.press("o")
	hs.mustSee("Source: https://")
	if len(hs.opened) > 0 {
		t.Fatalf("o opened %v in the server's browser", hs.opened)
	}
	// A writer's form would offer no external editor: it would run on the server.
	if editor := hs.m.formConfig(nil).Editor; editor != nil {
		t.Fatalf("a served form would run %v", editor)
	}
}
