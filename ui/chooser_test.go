package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"quango/seed"
	"quango/store"
	"quango/store/markdown"
)

// sourced is a catalogue of one entry with three sources, the second's title hostile, the third
// without a publisher.
func sourced() *fakeCatalogue {
	end := "2013-03-31"
	fake := newFakeCatalogue(0)
	fake.add(&store.Entry{Slug: "npfit", Acronym: "NPfIT", Name: "National Programme for IT", Kind: "programme",
		Start: "2002-06", End: &end, Fate: "abolished", Summary: "A national programme of IT.",
		Sources: []seed.Source{
			{Title: "The National Programme for IT in the NHS", URL: "https://example.org/nao-2006", Publisher: "National Audit Office", Date: "2006-06-16"},
			{Title: "Dismantling the \x1b[31mNPfIT", URL: "https://example.org/dh-2011", Publisher: "Department of Health", Date: "2011-09-22"},
			{Title: "A later review", URL: "https://example.org/review"},
		}})
	return fake
}

func openSourced(t *testing.T) *harness {
	t.Helper()
	hs := newHarness(t, sourced(), 80, 24)
	hs.typeText("national")
	hs.press("enter")
	hs.mustSee("quango › NPfIT")
	return hs
}

func TestChooseSourceByDigit(t *testing.T) {
	hs := openSourced(t)
	hs.press("o")
	hs.mustSee("Open which source of NPfIT?", "1  The National Programme for IT in the NHS — National Audit Office",
		`2  Dismantling the \x1b[31mNPfIT — Department of Health`, "3  A later review", "1–9/enter open • esc cancel")
	if len(hs.opened) != 0 {
		t.Fatalf("o opened %q before a choice", hs.opened)
	}
	hs.press("2")
	if len(hs.opened) != 1 || hs.opened[0] != "https://example.org/dh-2011" {
		t.Fatalf("o 2 opened %q", hs.opened)
	}
	hs.mustNotSee("Open which source")
	hs.mustSee("Source: https://example.org/dh-2011") // the fake opener fails: the address is shown

	// On the entry a digit opens that source at once; one past the last says how many there are.
	hs.press("3")
	if len(hs.opened) != 2 || hs.opened[1] != "https://example.org/review" {
		t.Fatalf("3 on the entry opened %q", hs.opened)
	}
	hs.press("4")
	hs.mustSee("NPfIT has 3 sources")
	if len(hs.opened) != 2 {
		t.Fatalf("4 opened %q", hs.opened[2:])
	}
}

func TestChooseSourceByArrows(t *testing.T) {
	hs := openSourced(t)
	hs.press("o", "down", "down", "up", "enter")
	if len(hs.opened) != 1 || hs.opened[0] != "https://example.org/dh-2011" {
		t.Fatalf("o ↓ ↓ ↑ enter opened %q", hs.opened)
	}
	// j and k move as they do on the entry; a digit past the end leaves the chooser open.
	hs.press("o", "j", "9")
	hs.mustSee("Open which source of NPfIT?")
	hs.press("enter")
	if len(hs.opened) != 2 || hs.opened[1] != "https://example.org/dh-2011" {
		t.Fatalf("o j enter opened %q", hs.opened[1:])
	}
}

func TestChooserEscCancels(t *testing.T) {
	hs := openSourced(t)
	for _, k := range []string{"o", "y"} {
		before := hs.screen()
		hs.press(k)
		if hs.screen() == before || !hs.m.chooserOpen() {
			t.Fatalf("%s opened no chooser", k)
		}
		hs.press("esc")
		if hs.m.chooserOpen() || !hs.m.inDetail() || hs.screen() != before {
			t.Fatalf("esc after %s did not go back to the entry as it was:\n%s", k, hs.screen())
		}
	}
	if len(hs.opened)+len(hs.clip) != 0 {
		t.Fatalf("a cancelled chooser acted: opened %q, copied %q", hs.opened, hs.clip)
	}
	// The help over a chooser lists its keys, and closing it returns to the chooser.
	hs.press("y", "?")
	hs.mustSee("copy that one", "esc   cancel", "A digit picks its line at once")
	hs.press("esc")
	hs.mustSee("Copy what of NPfIT?")
}

func TestCopyChooser(t *testing.T) {
	fake := sourced()
	e, err := fake.Get(context.Background(), "npfit")
	if err != nil {
		t.Fatal(err)
	}
	hs := openSourced(t)
	hs.press("y")
	hs.mustSee("Copy what of NPfIT?", "1  Markdown note", "2  Briefing paragraph and sources", "3  Address of The National Programme",
		"5  Address of A later review")

	hs.press("1")
	want := markdown.Entry(e, hs.m.markdownOptions())
	if len(hs.clip) != 1 || hs.clip[0] != want {
		t.Fatalf("y 1 copied %q, want the Markdown note", hs.clip)
	}
	hs.mustSee("Sent the Markdown of NPfIT")

	hs.press("y", "down", "enter")
	if len(hs.clip) != 2 || hs.clip[1] != markdown.CiteText(e, fixedNow) {
		t.Fatalf("y ↓ enter copied %q, want the briefing", hs.clip[1:])
	}
	hs.mustSee("Sent a briefing paragraph of NPfIT")

	hs.press("y", "4")
	if len(hs.clip) != 3 || hs.clip[2] != "https://example.org/dh-2011" {
		t.Fatalf("y 4 copied %q, want the second source's address", hs.clip[2:])
	}
	hs.mustSee("Sent the address of source 2 of NPfIT")
	if len(hs.opened) != 0 {
		t.Fatalf("copying opened %q", hs.opened)
	}
}

// TestGoldenChooser pins the source chooser at 80×24, the second line selected.
func TestGoldenChooser(t *testing.T) {
	hs := openSourced(t)
	hs.press("o", "down")
	var buf bytes.Buffer
	w := &colorprofile.Writer{Forward: &buf, Profile: colorprofile.ANSI256}
	if _, err := w.WriteString(hs.m.View().Content); err != nil {
		t.Fatal(err)
	}
	golden.RequireEqual(t, buf.String())
	if bad := rawControl(ownHyperlink.ReplaceAllString(ownSGR.ReplaceAllString(hs.m.View().Content, ""), "")); bad != "" {
		t.Errorf("the chooser shows %s", bad)
	}
}

// TestChooserOnASmallTerminal: at 40×12 the copy chooser's five lines, its title and its
// frame all fit, and the selected line stays in sight.
func TestChooserOnASmallTerminal(t *testing.T) {
	hs := newHarness(t, sourced(), 40, 12)
	hs.typeText("national")
	hs.press("enter", "y", "down", "down", "down", "down")
	hs.mustSee("Copy what of NPfIT?", "5  Address of A later", "╰", "1–9/enter copy • esc cancel")
	for i, l := range strings.Split(hs.m.View().Content, "\n") {
		if w := ansi.StringWidth(l); w > 40 {
			t.Errorf("line %d is %d wide", i, w)
		}
	}
	hs.press("enter")
	if len(hs.clip) != 1 || hs.clip[0] != "https://example.org/review" {
		t.Fatalf("the fifth line copied %q", hs.clip)
	}
}

// TestSourceWithoutAddress: a source the catalogue gives no address is listed to open but
// says so when picked, and is not offered to copy.
func TestSourceWithoutAddress(t *testing.T) {
	fake := newFakeCatalogue(0)
	fake.add(&store.Entry{Slug: "x", Acronym: "XB", Name: "Example Body", Kind: "body", Start: "2001", Fate: "active",
		Sources: []seed.Source{{Title: "Its website", URL: "https://example.org/x"}, {Title: "Annual report 2004", Publisher: "XB"}}})
	hs := newHarness(t, fake, 80, 24)
	hs.typeText("example")
	hs.press("enter", "o")
	hs.mustSee("2  Annual report 2004 — XB (no address)")
	hs.press("2")
	hs.mustSee("Source 2 of XB has no address")
	hs.press("y")
	hs.mustSee("3  Address of Its website")
	hs.mustNotSee("Annual report")
	if len(hs.opened) != 0 {
		t.Fatalf("opened %q", hs.opened)
	}
}
