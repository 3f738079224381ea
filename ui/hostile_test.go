package ui

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"quango/seed/safetext"
	"quango/store"
	"quango/store/storetest/fixture"
)

var (
	ownSGR       = regexp.MustCompile("\x1b\\[[0-9;:]*m")
	ownHyperlink = regexp.MustCompile("\x1b\\]8;[^;\x1b\x07]*;(?:https?://[^\x1b\x07]*)?(?:\x07|\x1b\\\\)")
)

// rawControl describes the first character of s that could drive a terminal, or returns "".
func rawControl(s string) string {
	for i, r := range s {
		if safetext.Forbidden(r) || r == 0x1b {
			return fmt.Sprintf("%s at byte %d: …%q…", safetext.Name(r), i, s[max(0, i-40):min(len(s), i+40)])
		}
	}
	return ""
}

// TestHostileEntryOnEveryScreen opens the explorer on a database holding an entry whose every
// field is an escape-sequence attack and visits every screen and window: once quango's own
// styling (SGR, and hyperlinks to http(s) addresses) is removed, no control character is left,
// and the window title holds none at all.
func TestHostileEntryOnEveryScreen(t *testing.T) {
	s, err := store.Open(context.Background(), fixture.HostileDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hs := newHarness(t, s, 120, 40)
	check := func(screen string) {
		t.Helper()
		v := hs.m.View()
		content := ownHyperlink.ReplaceAllString(ownSGR.ReplaceAllString(v.Content, ""), "")
		if bad := rawControl(content); bad != "" {
			t.Errorf("%s: %s", screen, bad)
		}
		if bad := rawControl(v.WindowTitle); bad != "" {
			t.Errorf("%s: window title: %s", screen, bad)
		}
	}
	check("list")
	hs.typeText("live")
	check("list, searching")
	hs.press("esc", "esc")
	hs.typeText(`EV\x1b[31mIL`) // as the sanitised acronym reads
	hs.mustSee(`EV\x1b[31mIL`)
	check("list, found")
	// Each view and form over the list, then over the entry, and back.
	for _, key := range []string{"f2", "f3", "f4", "f1", "ctrl+f", "ctrl+s", "alt+a", "alt+b", "alt+n"} {
		before := hs.screen()
		hs.press(key)
		if hs.screen() == before {
			t.Errorf("list: %s opened nothing", key)
		}
		check("list then " + key)
		hs.press("esc")
	}
	hs.press("esc", "esc")
	hs.typeText(`EV\x1b[31mIL`)
	hs.press("enter")
	hs.mustSee(`\x1b]52;c;`)
	check("entry")
	for _, key := range []string{"pgdown", "home", "t", "l", "s", "?", "a", "b", "n", "y", "o"} {
		before := hs.screen()
		hs.press(key)
		if hs.screen() == before {
			t.Errorf("entry: %s changed nothing", key)
		}
		check("entry then " + key)
		if key != "pgdown" && key != "home" && key != "o" { // o opened its one source, and stays
			hs.press("esc")
		}
	}
	// What the choosers' picks report: a copy and an opened source name the entry and address.
	for _, keys := range [][]string{{"y", "1"}, {"y", "3"}, {"1"}} {
		hs.press(keys...)
		if hs.m.status == "" {
			t.Errorf("entry: %v reported nothing", keys)
		}
		check(fmt.Sprintf("entry then %v", keys))
	}
	hs.press("tab", "enter")
	check("the entry it led to")
}
