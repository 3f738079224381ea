package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"quango/store/storetest/fixture"
)

// TestFormGoesBackFromAnEmptyRequiredField: the add form's checks stop only a move forward.
// Shift+Tab leaves an empty required field, within a page and from one page to the one before,
// without a complaint; going forward again the field is checked as before, and the entry saves.
func TestFormGoesBackFromAnEmptyRequiredField(t *testing.T) {
	s := fixture.Open(t)
	hs := newHarness(t, s, 120, 40)
	hs.press("alt+a")
	hs.press("enter")
	hs.mustSee("is required") // the name: forward is checked
	hs.typeText("Theta Data Service")
	hs.press("enter", "enter", "enter", "enter", "enter") // acronym, aliases, slug, kind
	hs.press("space", "enter")                            // nation: England

	// Back from the empty start date to the nation, and forward to it again.
	hs.press("shift+tab")
	hs.mustNotSee("is required")
	hs.press("enter", "enter")
	hs.mustSee("is required")
	hs.typeText("2019")
	hs.press("enter", "enter", "enter") // part of, tags: the next page
	hs.mustSee("Fate note")

	// A fate that ends makes the end required; back from it, empty, to the page before.
	hs.press("down", "enter") // renamed
	hs.press("enter")
	hs.mustSee("is required")
	hs.press("shift+tab", "shift+tab")
	hs.mustSee("Tags")
	hs.mustNotSee("Fate note", "is required")
	hs.press("enter", "enter", "enter") // tags, fate: the end again, still required
	hs.mustSee("Fate note", "is required")
	hs.typeText("2021")
	hs.press("enter")
	hs.typeText("Renamed.")
	hs.press("enter", "enter", "enter") // led to: none; which entry: none

	// The summary, a text box, is required too: back from it, empty, to the page before.
	hs.mustSee("Summary")
	hs.press("shift+tab")
	hs.mustSee("Fate note")
	hs.mustNotSee("is required")
	hs.press("enter")
	hs.mustSee("Summary")
	hs.press("enter")
	hs.mustSee("is required")
	hs.typeText("A made-up data service.")
	hs.press("enter")
	hs.typeText("https://example.org/theta")
	hs.press("enter", "enter", "enter") // source title, note
	if hs.m.editor != nil {
		t.Fatalf("the form is still open:\n%s", hs.screen())
	}
	e := resolve(t, s, "theta-data-service")
	if e.Start != "2019" || e.Fate != "renamed" || e.End == nil || *e.End != "2021" || e.Summary != "A made-up data service." {
		t.Errorf("stored %+v", e)
	}
}

// TestFormTakesNoControlCharacters: a paste holding a bidi override or a C1 control puts only
// its printable text into the field, so neither reaches the screen the field is drawn on.
func TestFormTakesNoControlCharacters(t *testing.T) {
	hs := newHarness(t, fixture.Open(t), 100, 30)
	hs.press("alt+a")
	hs.send(tea.PasteMsg{Content: "Evil\u202eX\u009bY\x07Z"})
	hs.send(tea.KeyPressMsg{Code: 0x2066, Text: "\u2066"})
	if v := hs.m.View().Content; strings.ContainsFunc(v, func(r rune) bool { return r == 0x202e || r == 0x9b || r == 0x07 || r == 0x2066 }) {
		t.Fatalf("a control or bidi character reached the screen: %q", v)
	}
	hs.mustSee("> EvilXYZ")
	hs.press("enter")
	hs.mustNotSee("control character")
	if hs.m.editor.add.Name != "EvilXYZ" {
		t.Errorf("the name is %q, want EvilXYZ", hs.m.editor.add.Name)
	}
}
