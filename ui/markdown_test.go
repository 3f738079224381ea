package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"quango/seed"
	"quango/store"
	"quango/store/markdown"
)

// TestNothingBreaksAcrossLines renders real entries for a terminal at every width from 40 to 200,
// with and without colour: every source's URL stands whole on one line, every date and date range
// of the note sits on one line, and no line but a URL's is wider than asked.
func TestNothingBreaksAcrossLines(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, store.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	for _, slug := range []string{"npfit", "hscic", "nhs-england"} {
		e, err := s.Get(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		md := markdown.Entry(e, markdown.Options{Now: now, Terminal: true})
		var dates []string
		for _, d := range []string{e.Start, e.EndAnnounced} {
			if d != "" {
				dates = append(dates, seed.HumanDate(d))
			}
		}
		for _, src := range e.Sources {
			if src.Date != "" {
				dates = append(dates, seed.HumanDate(src.Date))
			}
		}
		span := markdown.Span(e.Start, e.End, e.Approximate, seed.HumanDate, " – ")
		for width := 40; width <= 200; width += 10 {
			for _, colour := range []bool{true, false} {
				out, err := RenderMarkdown(md, width, true, colour)
				if err != nil {
					t.Fatal(err)
				}
				var lines []string
				for l := range strings.Lines(ansi.Strip(out)) {
					l = strings.ReplaceAll(strings.TrimRight(l, "\n"), "\u00a0", " ")
					lines = append(lines, l)
				}
				text := strings.Join(lines, "\n")
				for _, src := range e.Sources {
					if !strings.Contains(text, src.URL) {
						t.Errorf("%s at %d (colour %v): the URL %s is not whole on a line", slug, width, colour, src.URL)
					}
				}
				for _, d := range append(dates, span) {
					if !strings.Contains(text, d) {
						t.Errorf("%s at %d (colour %v): %q is broken across lines", slug, width, colour, d)
					}
				}
				for _, l := range lines {
					if ansi.StringWidth(l) > width && !strings.Contains(l, "https://") && !strings.Contains(l, "http://") {
						t.Errorf("%s at %d: a %d-wide line: %q", slug, width, ansi.StringWidth(l), l)
					}
				}
			}
		}
	}
}
