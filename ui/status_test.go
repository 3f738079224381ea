package ui

import (
	"strings"
	"testing"
)

// TestLongStatusWrapsBetweenWords: a status too long for one line wraps between its words, not
// in the middle of one ("e write" / "s a file").
func TestLongStatusWrapsBetweenWords(t *testing.T) {
	hs := newHarness(t, sourced(), 60, 20)
	hs.typeText("national")
	hs.press("enter", "y", "1")
	screen := hs.screen()
	at := strings.Index(screen, "Sent the Markdown")
	if at < 0 {
		t.Fatalf("no status on the screen:\n%s", screen)
	}
	status := screen[at:]
	if !strings.Contains(status, "\n") {
		t.Fatalf("the status fits one line at 60 columns; the test needs it to wrap:\n%s", status)
	}
	for _, word := range strings.Fields(hs.m.status) {
		if !strings.Contains(status, word) {
			t.Errorf("the word %q is broken across lines:\n%s", word, status)
		}
	}
}
