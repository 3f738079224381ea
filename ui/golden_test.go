package ui

import (
	"bytes"
	"fmt"
	"image/color"
	"quango/store/storetest/fixture"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
)

// TestGolden pins what people see, at the three sizes the layout changes at: preview below
// (80×24), beside (120×40) and hidden (40×12), and the timeline, lineage and numbers views, and a form. Colours go through a fixed 256-colour profile, so
// the files do not depend on the terminal the tests run in. Refresh with
// `go test ./ui/ -update` and read the diff before committing.
func TestGolden(t *testing.T) {
	cat := fixture.Open(t)
	sizes := [][2]int{{80, 24}, {120, 40}, {40, 12}}
	screens := []struct {
		name   string
		keys   []string
		sizes  [][2]int
		colour bool
		light  bool
	}{
		{name: "list", sizes: sizes, colour: true},
		{name: "entry", keys: []string{"/", "b", "i", "c", "enter", "tab"}, sizes: sizes, colour: true},
		{name: "search", keys: []string{"/", "z", "e", "t", "a"}, sizes: sizes[:1], colour: true},
		{name: "didyoumean", keys: []string{"/", "b", "c", "i"}, sizes: sizes[:1], colour: true},
		{name: "menu", keys: []string{"ctrl+f", "down", "space"}, sizes: sizes[:1], colour: true},
		{name: "help", keys: []string{"f1"}, sizes: sizes[:1], colour: true},
		{name: "nocolour", keys: []string{"down"}, sizes: sizes[:1], colour: false},
		{name: "light", keys: []string{"/", "z", "e", "t", "a"}, sizes: sizes[:1], colour: true, light: true},
		// The views of issue 6, reached with one key each from the list or an entry.
		{name: "timeline", keys: []string{"alt+t"}, sizes: [][2]int{{80, 24}, {40, 12}}, colour: true},
		{name: "lineage", keys: []string{"/", "b", "i", "c", "enter", "l"}, sizes: sizes[:1], colour: true},
		{name: "numbers", keys: []string{"alt+s"}, sizes: sizes[:1], colour: true},
		{name: "lineage_nocolour", keys: []string{"/", "b", "i", "c", "enter", "l", "down"}, sizes: sizes[:1], colour: false},
		// Issue 7's forms over the explorer: burying the selected entry, a value typed.
		// Issue 12: the add form's new fields, and the reset form.
		{name: "form_add", keys: []string{"alt+a"}, sizes: sizes[:1], colour: true},
		// Issue 13's graveyard order: the newest deaths first, their age and epitaph.
		{name: "graveyard", keys: []string{"ctrl+s", "ctrl+s", "ctrl+s", "ctrl+s"}, sizes: [][2]int{{200, 60}, {80, 24}}, colour: true},
		{name: "form_bury", keys: []string{"alt+b", "ctrl+u", "2", "0", "2", "4"}, sizes: sizes[:1], colour: true},
	}
	for _, sc := range screens {
		for _, size := range sc.sizes {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				hs := newHarness(t, cat, size[0], size[1])
				profile := colorprofile.ANSI256
				if !sc.colour {
					hs.m.setStyles(newTheme(true, false))
					profile = colorprofile.Ascii
				}
				if sc.light {
					hs.send(tea.BackgroundColorMsg{Color: color.White})
				}
				hs.press(sc.keys...)
				var buf bytes.Buffer
				w := &colorprofile.Writer{Forward: &buf, Profile: profile}
				if _, err := w.WriteString(hs.m.View().Content); err != nil {
					t.Fatal(err)
				}
				golden.RequireEqual(t, buf.String())
			})
		}
	}
}
