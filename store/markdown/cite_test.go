package markdown

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"quango/seed"
	"quango/seed/safetext"
	"quango/store"
	"quango/store/storetest/fixture"
)

// citeEntry is the fixture's Beta Centre with a hostile source added: TeX, JSON and Markdown
// syntax and control characters in every field.
func citeEntry(t *testing.T) *store.Entry {
	t.Helper()
	s := fixture.Open(t)
	e, err := s.Resolve(context.Background(), "beta-centre")
	if err != nil {
		t.Fatal(err)
	}
	e.Sources = append(e.Sources, seed.Source{
		Title:     `Costs of 100% \& {over} $x_1^2 ~ #1 @misc{evil, "quoted" [link](x) *em*` + "\x1b[2J",
		URL:       "https://example.org/a%20b?q={x}&r=\\y",
		Publisher: "Pub } lisher",
		Date:      "2013-04",
	})
	return e
}

func TestBriefing(t *testing.T) {
	e := citeEntry(t)
	b := Briefing(e, ganttNow)
	for _, want := range []string{"Beta Information Centre (BIC) was a", "Apr 2005 – 1 Feb 2023", "It was merged", "was replaced by it", "It was merged into"} {
		if !strings.Contains(b, want) {
			t.Errorf("briefing lacks %q:\n%s", want, b)
		}
	}
	if strings.Contains(b, "\n") {
		t.Errorf("the briefing is not one paragraph: %q", b)
	}
	text := CiteText(e, ganttNow)
	if strings.ContainsRune(text, 0x1b) || !strings.Contains(text, `\x1b[2J`) {
		t.Errorf("a control character is not spelled out:\n%s", text)
	}
	if n := strings.Count(text, "\n"); n != 3+len(e.Sources) {
		t.Errorf("%d lines, want the paragraph, a blank, Sources: and one per source:\n%s", n, text)
	}
}

// TestCitePandoc hands the CSL-JSON and the BibTeX to pandoc --citeproc, citing every key: each
// source must come out in the bibliography, with no warning.
func TestCitePandoc(t *testing.T) {
	if _, err := exec.LookPath("pandoc"); err != nil {
		t.Skip("pandoc is not installed (Debian: pandoc)")
	}
	e := citeEntry(t)
	csl, err := CiteCSL(e)
	if err != nil {
		t.Fatal(err)
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(csl), &items); err != nil || len(items) != len(e.Sources) {
		t.Fatalf("CSL-JSON: %v, %d items", err, len(items))
	}
	var cites []string
	for i := range e.Sources {
		cites = append(cites, "@"+CiteKey(e.Slug, i+1))
	}
	doc := "Text [" + strings.Join(cites, "; ") + "].\n"
	for name, bib := range map[string]string{"refs.json": csl, "refs.bib": CiteBibTeX(e)} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, name), []byte(bib), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("pandoc", "--citeproc", "--bibliography", name, "-f", "markdown", "-t", "plain", "--wrap", "none")
			cmd.Dir, cmd.Stdin = dir, strings.NewReader(doc)
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			if err := cmd.Run(); err != nil {
				t.Fatalf("pandoc: %v: %s", err, errOut.String())
			}
			if errOut.Len() > 0 {
				t.Errorf("pandoc warned: %s", errOut.String())
			}
			// The default style title-cases: compare without case. The hostile title comes
			// back whole, its TeX and JSON syntax read as text.
			got := strings.ToLower(out.String())
			for _, s := range e.Sources {
				if want := strings.ToLower(safeTitle(s.Title)); !strings.Contains(got, want) {
					t.Errorf("the bibliography lacks %q:\n%s", want, out.String())
				}
			}
		})
	}
}

// safeTitle is a title as the bibliography prints it: control characters spelled out, and the
// straight double quotes that the CSL style may curl left out of the comparison.
func safeTitle(s string) string {
	s, _, _ = strings.Cut(safetext.VisibleLine(s), `"`)
	return s
}
