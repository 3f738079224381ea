package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestHTMLStripped pins go.mod's stand-in for bluemonday (internal/bluemondayless): HTML in
// Markdown prints as its text, with no tag and without what a script, a style or a title holds.
func TestHTMLStripped(t *testing.T) {
	md := "<div>\n<p>Block &amp; <a href=\"https://example.org/\">link</a> <b>bold</b></p>\n" +
		"<script>\nalert(2)\n</script>\n<style>p { color: red }</style><title>Untitled</title>\n</div>\n\nAfter.\n"
	for _, colour := range []bool{true, false} {
		out, err := RenderMarkdown(md, 60, true, colour)
		if err != nil {
			t.Fatal(err)
		}
		plain := ansi.Strip(out)
		if !strings.Contains(plain, "Block & link bold") || !strings.Contains(plain, "After.") {
			t.Errorf("colour %v: the text is lost:\n%s", colour, plain)
		}
		for _, bad := range []string{"<", ">", "alert", "color", "Untitled", "href"} {
			if strings.Contains(plain, bad) {
				t.Errorf("colour %v: %q is left in:\n%s", colour, bad, plain)
			}
		}
	}
}
