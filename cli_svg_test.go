package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"quango/store/storetest/fixture"
)

// TestPictureCommands: each --svg command prints a picture of what its text form shows, writes
// it to -o by the export's rules, and refuses flags that make no sense.
func TestPictureCommands(t *testing.T) {
	t.Parallel()
	timeline := run(t, nil, "timeline", "--tag", "npfit", "--svg", "--theme", "dark", "--width", "600")
	timeline.check(t, 0)
	text := run(t, nil, "timeline", "--tag", "npfit")
	rows := strings.Count(text.stdout, "\n") - 3
	if got := strings.Count(timeline.stdout, `<g class="entry"`); got != rows {
		t.Errorf("the SVG timeline has %d rows, the text one %d", got, rows)
	}
	for _, want := range []string{`<svg width="600"`, "#1c1c22", "catalogue release", ">NPfIT</text>"} {
		if !strings.Contains(timeline.stdout, want) {
			t.Errorf("timeline --svg lacks %q", want)
		}
	}
	lineage := run(t, nil, "lineage", "hscic", "--svg", "--title", "HSCIC & co")
	lineage.check(t, 0)
	if !strings.Contains(lineage.stdout, "HSCIC &amp; co") || !strings.Contains(lineage.stdout, ">absorbed by</text>") {
		t.Errorf("lineage --svg lacks its title or a relation:\n%.2000s", lineage.stdout)
	}
	stats := run(t, nil, "stats", "--svg")
	stats.check(t, 0)
	if !strings.Contains(stats.stdout, "How long the dead lived") {
		t.Errorf("stats --svg lacks the lifespan panel")
	}

	dir := t.TempDir()
	out := filepath.Join(dir, "s.svg")
	run(t, nil, "stats", "--svg", "-o", out).check(t, 0)
	first, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(first), "<?xml") {
		t.Fatalf("-o wrote %q, %v", first, err)
	}
	run(t, nil, "timeline", "--svg", "-o", out).check(t, 1, "already exists", "--force")
	if again, _ := os.ReadFile(out); string(again) != string(first) {
		t.Error("the file was changed without --force")
	}
	run(t, nil, "timeline", "--svg", "-o", out, "--force").check(t, 0)
	if again, _ := os.ReadFile(out); !strings.Contains(string(again), "The quango timeline") {
		t.Error("--force did not replace the file")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
	run(t, nil, "stats", "--svg", "-o", dir+"/").check(t, 2, "folder")
	run(t, nil, "stats", "--svg", "-o", filepath.Join(dir, "missing", "s.svg")).check(t, 1, "does not exist")

	run(t, nil, "timeline", "--svg", "--width", "100").check(t, 2, "480")
	run(t, nil, "stats", "--svg", "--width", "5000").check(t, 2, "2400")
	run(t, nil, "lineage", "cfh", "--svg", "--theme", "sepia").check(t, 2, "sepia")
	run(t, nil, "stats", "--theme", "dark").check(t, 2, "--svg")
	run(t, nil, "lineage", "cfh", "-o", "x.svg").check(t, 2, "--svg")
	run(t, nil, "lineage", "cfh", "--svg", "--mermaid").check(t, 2, "choose one")
	run(t, nil, "stats", "--svg", "--json").check(t, 2, "choose one")
	run(t, nil, "stats", "--width", "900").check(t, 2, "--svg")
}

// TestTimelineMermaid: a Gantt chart of the same rows, in the same order.
func TestTimelineMermaid(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "timeline", "--kind", "body", "--dead", "--mermaid")
	r.check(t, 0)
	if !strings.HasPrefix(r.stdout, "gantt\n") {
		t.Fatalf("not a Gantt chart:\n%.300s", r.stdout)
	}
	text := run(t, nil, "timeline", "--kind", "body", "--dead")
	rows := strings.Count(text.stdout, "\n") - 3
	if got := strings.Count(r.stdout, ", t") - strings.Count(r.stdout, "_end,"); got != rows {
		t.Errorf("%d tasks for %d rows", got, rows)
	}
	run(t, nil, "timeline", "--mermaid", "--svg").check(t, 2, "choose one")
}

// TestCiteCommand: a paragraph and sources in text, Markdown, CSL-JSON and BibTeX.
func TestCiteCommand(t *testing.T) {
	t.Parallel()
	text := run(t, nil, "cite", "npfit")
	text.check(t, 0)
	para, sources, ok := strings.Cut(text.stdout, "\n\nSources:\n")
	if !ok || strings.Contains(para, "\n") || !strings.Contains(para, "22 Sep 2011") || !strings.Contains(sources, "https://") {
		t.Errorf("cite npfit:\n%s", text.stdout)
	}
	md := run(t, nil, "cite", "npfit", "--format", "markdown")
	md.check(t, 0)
	if !strings.Contains(md.stdout, "1. [") {
		t.Errorf("cite --format markdown has no linked sources:\n%s", md.stdout)
	}
	csl := run(t, nil, "cite", "npfit", "--format", "csl-json")
	csl.check(t, 0)
	if !strings.HasPrefix(csl.stdout, "[") || !strings.Contains(csl.stdout, `"id": "npfit-1"`) {
		t.Errorf("cite --format csl-json:\n%.500s", csl.stdout)
	}
	bib := run(t, nil, "cite", "npfit", "--format", "bibtex")
	bib.check(t, 0)
	if !strings.HasPrefix(bib.stdout, "@misc{npfit-1,") {
		t.Errorf("cite --format bibtex:\n%.500s", bib.stdout)
	}
	// pandoc --citeproc reads both, citing every key, without a warning.
	if _, err := exec.LookPath("pandoc"); err == nil {
		dir := t.TempDir()
		keys := regexp.MustCompile(`"id": "(npfit-[0-9]+)"`).FindAllStringSubmatch(csl.stdout, -1)
		var cites []string
		for _, k := range keys {
			cites = append(cites, "@"+k[1])
		}
		for name, refs := range map[string]string{"npfit.json": csl.stdout, "npfit.bib": bib.stdout} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(refs), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("pandoc", "--citeproc", "--bibliography", name, "-t", "plain", "--wrap", "none")
			cmd.Dir, cmd.Stdin = dir, strings.NewReader("NPfIT ["+strings.Join(cites, "; ")+"].\n")
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			if err := cmd.Run(); err != nil || errOut.Len() > 0 || len(cites) < 3 {
				t.Errorf("pandoc --citeproc --bibliography %s: %v %s (%d keys)", name, err, errOut.String(), len(cites))
			}
			if !strings.Contains(out.String(), "Computer Weekly") {
				t.Errorf("pandoc's bibliography from %s lacks a source:\n%s", name, out.String())
			}
		}
	}
	run(t, nil, "cite", "npfit", "--format", "rtf").check(t, 2, "rtf")
	run(t, nil, "cite").check(t, 2)
	run(t, nil, "cite", "no-such-thing-at-all").check(t, 1)
}

// TestPicturesOfHostileText draws every picture of a database whose hostile entry tries every
// terminal attack in every field: each is well-formed XML that librsvg renders without a
// warning, holding the attack as visible text.
func TestPicturesOfHostileText(t *testing.T) {
	t.Parallel()
	env := map[string]string{"QUANGO_DB": fixture.HostileDB(t)}
	for _, args := range [][]string{
		{"timeline", "--svg", "--tag", "npfit"}, {"lineage", "evil", "--svg", "--theme", "dark"}, {"stats", "--svg"},
		{"timeline", "--svg", "--tag", "npfit", "--title", fixture.Hostile},
	} {
		r := run(t, env, args...)
		r.check(t, 0)
		dec := xml.NewDecoder(strings.NewReader(r.stdout))
		dec.Strict = true
		for {
			_, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%v: not well-formed XML: %v", args, err)
			}
		}
		if args[0] != "stats" && !strings.Contains(r.stdout, `EV\x1b[31mIL`) {
			t.Errorf("%v: the hostile text is not shown as text", args)
		}
		if _, err := exec.LookPath("rsvg-convert"); err == nil {
			cmd := exec.Command("rsvg-convert", "--format", "png")
			cmd.Stdin = strings.NewReader(r.stdout)
			var errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = io.Discard, &errOut
			if err := cmd.Run(); err != nil || errOut.Len() > 0 {
				t.Errorf("%v: rsvg-convert: %v %s", args, err, errOut.String())
			}
		}
	}
}
