package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHugoSiteBuilds exports every entry as a Hugo site and builds it with Hugo (Debian's, where
// installed): one page per entry titled with its name, every link on every page leading to a page
// that exists, and no redirect pages made from aliases. The default flavour keeps what Obsidian
// reads (aliases and tags in the front matter, .md links).
func TestHugoSiteBuilds(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "site")
	run(t, nil, "export", "--all", "--flavour", "hugo", "-o", dir).check(t, 0)
	note, err := os.ReadFile(filepath.Join(dir, "content", "npfit.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"title: \"NPfIT — National Programme for IT in the NHS\"\n", "also_known_as: [", `({{< relref "spine-1.md" >}})`} {
		if !strings.Contains(string(note), want) {
			t.Errorf("the Hugo note lacks %q", want)
		}
	}
	if strings.Contains(string(note), "\naliases:") {
		t.Error("the Hugo note has aliases, which Hugo turns into redirect pages")
	}
	obsidian := t.TempDir()
	run(t, nil, "export", "--all", "--front-matter", "-o", obsidian).check(t, 0)
	plain, _ := os.ReadFile(filepath.Join(obsidian, "npfit.md"))
	for _, want := range []string{"\naliases: [", "\ntags: [", "](spine-1.md)"} {
		if !strings.Contains(string(plain), want) {
			t.Errorf("the default flavour lost %q, which Obsidian reads", want)
		}
	}

	hugo, err := exec.LookPath("hugo")
	if err != nil {
		t.Skip("hugo is not installed (Debian: hugo)")
	}
	cmd := exec.Command(hugo, "--quiet", "-s", dir)
	cmd.Env = append(os.Environ(), "HUGO_CACHEDIR="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Fatalf("hugo: %v\n%s", err, out)
	}
	public := filepath.Join(dir, "public")
	page, err := os.ReadFile(filepath.Join(public, "npfit", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "<title>NPfIT — National Programme for IT in the NHS ·") {
		t.Errorf("the NPfIT page's title:\n%.500s", page)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "content"))
	href := regexp.MustCompile(`href="([^"#]*)"`)
	pages := 0
	filepath.WalkDir(public, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		pages++
		html, _ := os.ReadFile(path)
		if strings.Contains(string(html), `http-equiv="refresh"`) {
			t.Errorf("%s is a redirect page", path)
		}
		if !strings.Contains(string(html), "<title>") || strings.Contains(string(html), "<title> ·") {
			t.Errorf("%s has no title", path)
		}
		for _, m := range href.FindAllStringSubmatch(string(html), -1) {
			if strings.Contains(m[1], "://") {
				continue // a source's address
			}
			target := filepath.Join(filepath.Dir(path), m[1])
			if info, err := os.Stat(target); err == nil && info.IsDir() {
				target = filepath.Join(target, "index.html")
			}
			if _, err := os.Stat(target); err != nil {
				t.Errorf("%s links to %q, which the site lacks", path, m[1])
			}
		}
		return nil
	})
	for _, e := range entries {
		slug := strings.TrimSuffix(e.Name(), ".md")
		if slug == "_index" {
			continue
		}
		if _, err := os.Stat(filepath.Join(public, slug, "index.html")); err != nil {
			t.Errorf("no page for %s", slug)
		}
	}
	if pages < len(entries) {
		t.Errorf("%d pages for %d notes", pages, len(entries))
	}
}
