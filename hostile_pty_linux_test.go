//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"quango/seed"
	"quango/seed/safetext"
	"quango/store/storetest/fixture"
)

// sgr is quango's own styling: Select Graphic Rendition sequences; and, with colour, the OSC 8
// hyperlinks glamour makes of a source's address (an http(s) URL, which can hold no escape).
var (
	sgr       = regexp.MustCompile("\x1b\\[[0-9;:]*m")
	hyperlink = regexp.MustCompile("\x1b\\]8;[^;\x1b\x07]*;([^\x1b\x07]*)(?:\x07|\x1b\\\\)")
)

// withoutOwnStyling removes quango's SGR styling and its hyperlinks to http(s) addresses.
func withoutOwnStyling(t *testing.T, out string) string {
	out = sgr.ReplaceAllString(out, "")
	return hyperlink.ReplaceAllStringFunc(out, func(link string) string {
		target := hyperlink.FindStringSubmatch(link)[1]
		if target != "" && seed.CheckURL(target) != nil {
			t.Errorf("a hyperlink to %q", target)
		}
		return ""
	})
}

// rawControl describes the first character in out that could drive a terminal (ESC, BEL, NUL, a C1
// control, a bidirectional override…), or returns "" when there is none. A terminal's own
// carriage return before each newline is allowed.
func rawControl(out string) string {
	for i, r := range out {
		if r != '\r' && (safetext.Forbidden(r) || r == 0x1b) {
			return fmt.Sprintf("%s at byte %d: …%q…", safetext.Name(r), i, out[max(0, i-40):min(len(out), i+40)])
		}
	}
	return ""
}

// TestHostileEntryNeverReachesTheTerminal runs every command over a database holding an entry
// whose every field is an escape-sequence attack, on a pseudo-terminal with and without colour:
// with NO_COLOR not one control character comes out, with colour none once quango's own SGR
// styling is removed. Files that export writes are checked the same way, and importing one
// back is refused.
func TestHostileEntryNeverReachesTheTerminal(t *testing.T) {
	db := fixture.HostileDB(t)
	dir := t.TempDir()
	commands := [][]string{
		{"list"}, {"list", "--csv"}, {"list", "--json"}, {"list", "--tag", "npfit"},
		{"show", "evil"}, {"show", "evil", "--json"}, {"show", "npfit"},
		{"search", "evil"}, {"search", "live", "--json"}, {"search", "evl"},
		{"lineage", "evil"}, {"lineage", "evil", "--mermaid"}, {"lineage", "npfit"},
		{"timeline"}, {"timeline", "--tag", "npfit", "--width", "100"},
		{"stats"}, {"stats", "--json"},
		{"timeline", "--svg"}, {"timeline", "--tag", "npfit", "--mermaid"}, {"lineage", "evil", "--svg"}, {"stats", "--svg"},
		{"cite", "evil"}, {"cite", "evil", "--format", "markdown"}, {"cite", "evil", "--format", "csl-json"}, {"cite", "evil", "--format", "bibtex"},
		{"export", "evil"}, {"export", "evil", "--front-matter"},
		{"export", "--all", "--front-matter", "-o", filepath.Join(dir, "all") + "/"},
		{"note", "evil", "checked"},
		{"show", "EV[31mIL"}, {"show", "\x1b]52;c;cm0=\x07"},
		{"bury", "evil", "--end", "2012", "--fate", "closed"},
		{"backup", filepath.Join(dir, "copy.db")},
	}
	for _, colour := range []bool{false, true} {
		env := map[string]string{"TERM": "xterm-256color", "QUANGO_DB": db}
		if !colour {
			env["NO_COLOR"] = "1"
		}
		for _, args := range commands {
			t.Run(fmt.Sprintf("colour=%v/%s", colour, strings.Join(args, " ")), func(t *testing.T) {
				if colour && args[0] == "export" && len(args) > 3 {
					return // the files are written once
				}
				if args[0] == "backup" {
					os.Remove(args[1])
				}
				tty, output := openPTY(t)
				errOut, errOutput := openPTY(t)
				execute(context.Background(), args, tty, errOut, hermetic(env))
				for name, out := range map[string]string{"stdout": output(), "stderr": errOutput()} {
					if colour {
						out = withoutOwnStyling(t, out)
					}
					if bad := rawControl(out); bad != "" {
						t.Errorf("%s: %s", name, bad)
					}
				}
			})
		}
	}
	// In a pipe: tab-separated lines, plain charts, the exported Markdown.
	for _, args := range [][]string{{"list"}, {"search", "live"}, {"timeline"}, {"lineage", "evil"}, {"show", "evil"}, {"stats"}} {
		var out, errOut bytes.Buffer
		execute(context.Background(), args, &out, &errOut, hermetic(map[string]string{"QUANGO_DB": db}))
		if bad := rawControl(out.String() + errOut.String()); bad != "" {
			t.Errorf("%s in a pipe: %s", strings.Join(args, " "), bad)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "all", "*.md"))
	if len(files) < 100 {
		t.Fatalf("export --all wrote %d files", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bad := rawControl(string(data)); bad != "" {
			t.Errorf("%s: %s", f, bad)
		}
	}
}

// TestImportRefusesHostileText: the same entry brought in by import, as list --json or as an entry
// file, is refused, and the error names the field and shows the character without sending it.
func TestImportRefusesHostileText(t *testing.T) {
	dir := t.TempDir()
	json := `[{"slug":"evil","acronym":"EVIL","name":"EV\u001b]52;c;cm0=\u0007IL","nation":["england"],"kind":"body","start":"2003","end":null,` +
		`"fate":"active","fate_note":"x","parent":null,"tags":[],"aliases":[],"summary":"s\u009b2J","sources":[{"title":"t","url":"https://example.org"}]}]`
	entry := "---\nslug: evil\nname: Evil\nnation: [england]\nkind: body\nstart: \"2003\"\nfate: active\nfate_note: \"\\e[2J\"\nsources:\n  - title: t\n    url: https://example.org\n---\nSummary \u202eevil.\n"
	for name, data := range map[string]string{"list.json": json, "evil.md": entry} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		var out, errOut bytes.Buffer
		code := execute(context.Background(), []string{"--db", filepath.Join(dir, name+".db"), "import", path}, &out, &errOut, hermetic(nil))
		msg := errOut.String()
		if code == 0 || !strings.Contains(msg, "control character") {
			t.Errorf("import %s: exit %d, %q", name, code, msg)
		}
		if bad := rawControl(msg); bad != "" {
			t.Errorf("import %s: the error holds %s", name, bad)
		}
	}
}
