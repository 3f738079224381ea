package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOpenBrowserHonoursBROWSER: $BROWSER's commands are tried in turn, with %s replaced by the
// address (or the address added), before any system opener.
func TestOpenBrowserHonoursBROWSER(t *testing.T) {
	dir := t.TempDir()
	got := filepath.Join(dir, "opened")
	script := filepath.Join(dir, "fake-browser")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"$@\" > "+got+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ browser, want string }{
		{"no-such-browser-here:" + script, "https://example.org/a\n"},
		{script + " --new-window %s", "--new-window https://example.org/a\n"},
	} {
		os.Remove(got)
		t.Setenv("BROWSER", c.browser)
		t.Setenv("DISPLAY", "") // $BROWSER is honoured without a display
		if err := openBrowser("https://example.org/a"); err != nil {
			t.Fatalf("BROWSER=%q: %v", c.browser, err)
		}
		var data []byte
		for range 100 {
			if data, _ = os.ReadFile(got); strings.HasSuffix(string(data), "\n") {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if string(data) != c.want {
			t.Errorf("BROWSER=%q ran with %q, want %q", c.browser, data, c.want)
		}
	}
	t.Setenv("BROWSER", "no-such-browser-here")
	if err := openBrowser("https://example.org/a"); err == nil {
		t.Error("a $BROWSER that cannot start reported success")
	}
}
