package main

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// listDir names the files in dir, sorted.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// markdownLinks parses md as GitHub-flavoured Markdown and returns its link destinations.
func markdownLinks(md []byte) []string {
	doc := goldmark.New(goldmark.WithExtensions(extension.Table)).Parser().Parse(text.NewReader(md))
	var out []string
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.Link); ok && entering {
			out = append(out, string(l.Destination))
		}
		return ast.WalkContinue, nil
	})
	return out
}

// checkFolderLinks asserts that every relative link in every note in dir names a file in dir,
// and returns how many relative links there were.
func checkFolderLinks(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	for _, name := range listDir(t, dir) {
		if strings.HasPrefix(name, ".") {
			t.Errorf("%s: a temporary file was left behind", name)
			continue
		}
		for _, dest := range markdownLinks([]byte(readFile(t, filepath.Join(dir, name)))) {
			if strings.HasPrefix(dest, "https://") || strings.HasPrefix(dest, "http://") {
				continue
			}
			n++
			if strings.ContainsAny(dest, `/\`) || filepath.Base(dest) != dest {
				t.Errorf("%s: link %q leaves the folder", name, dest)
				continue
			}
			if _, err := os.Stat(filepath.Join(dir, dest)); err != nil {
				t.Errorf("%s: link %q points to no file", name, dest)
			}
		}
	}
	return n
}

func TestExportOne(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()

	// To stdout, with and without front matter.
	r := run(t, nil, "export", "npfit")
	r.check(t, 0)
	if !strings.HasPrefix(r.stdout, "# NPfIT — National Programme for IT in the NHS\n") || r.stderr != "" {
		t.Errorf("export to stdout: %q, stderr %q", r.stdout[:min(60, len(r.stdout))], r.stderr)
	}
	if links := markdownLinks([]byte(r.stdout)); slices.ContainsFunc(links, func(l string) bool { return strings.HasSuffix(l, ".md") }) {
		t.Errorf("a single note should not link to notes that were not written: %v", links)
	}
	if dash := run(t, nil, "export", "npfit", "-o", "-"); dash.stdout != r.stdout {
		t.Errorf("-o - should write to stdout as no -o does")
	}
	r = run(t, nil, "export", "care.data", "--front-matter")
	r.check(t, 0)
	if !strings.HasPrefix(r.stdout, "---\nslug: \"care-data\"\n") || !strings.Contains(r.stdout, "\n---\n\n# care.data\n") {
		t.Errorf("--front-matter: %s", r.stdout)
	}

	// To a folder, named or with a trailing slash.
	run(t, nil, "export", "npfit", "-o", dir).check(t, 0)
	run(t, nil, "export", "CfH", "-o", dir+string(filepath.Separator)).check(t, 0)
	if got := listDir(t, dir); strings.Join(got, " ") != "nhs-connecting-for-health.md npfit.md" {
		t.Errorf("folder holds %v", got)
	}

	// To a file; then refused without --force, and the file is untouched.
	file := filepath.Join(dir, "note.md")
	r = run(t, nil, "export", "hscic", "--output", file)
	r.check(t, 0)
	if r.stdout != "" || !strings.Contains(r.stderr, "wrote "+file) {
		t.Errorf("writing a file: stdout %q, stderr %q", r.stdout, r.stderr)
	}
	writeFile(t, file, "my own notes")
	run(t, nil, "export", "npfit", "-o", file).check(t, 1, file, "already exists", "--force")
	run(t, nil, "export", "npfit", "-o", dir).check(t, 1, "npfit.md already exists", "--force")
	if got := readFile(t, file); got != "my own notes" {
		t.Fatalf("a refused export changed the file: %q", got)
	}
	if err := os.Chmod(file, 0o600); err != nil {
		t.Fatal(err)
	}
	run(t, nil, "export", "npfit", "-o", file, "--force").check(t, 0)
	if got := readFile(t, file); !strings.HasPrefix(got, "# NPfIT") {
		t.Errorf("--force did not replace the file: %q", got)
	}
	if info, _ := os.Stat(file); runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("overwriting changed the file's permissions to %v", info.Mode().Perm())
	}
	if got := listDir(t, dir); len(got) != 3 {
		t.Errorf("temporary files left behind? %v", got)
	}
}

func TestExportErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "file.md")
	writeFile(t, file, "x")
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing")
	cases := []struct {
		name    string
		args    []string
		code    int
		wantErr []string
	}{
		{"no query", []string{"export"}, 2, []string{"export needs one QUERY", "--all"}},
		{"two queries", []string{"export", "npfit", "cfh"}, 2, []string{"export needs one QUERY"}},
		{"blank query", []string{"export", ""}, 2, []string{"export needs one QUERY"}},
		{"not found", []string{"export", "npfitt", "-o", dir}, 1, []string{"did you mean", "NPfIT"}},
		{"ambiguous", []string{"export", "NHS Improvement"}, 2, []string{"matches 2 entries", "nhs-improvement-2008"}},
		{"filter without --all", []string{"export", "npfit", "--kind", "body"}, 2, []string{"--kind only applies with --all"}},
		{"unknown flag", []string{"export", "npfit", "--overwrite"}, 2, []string{"unknown flag: --overwrite"}},
		{"-o without value", []string{"export", "npfit", "-o"}, 2, []string{"flag needs an argument"}},
		{"missing folder's parent", []string{"export", "npfit", "-o", missing + "/deeper/"}, 1, []string{"folder " + missing + "/deeper/ does not exist", "mkdir"}},
		{"file in missing folder", []string{"export", "npfit", "-o", filepath.Join(missing, "n.md")}, 1, []string{"does not exist"}},
		{"file as folder", []string{"export", "npfit", "-o", file + "/"}, 1, []string{"is a file, not a folder"}},
		{"--all without -o", []string{"export", "--all"}, 2, []string{"--all needs -o DIR"}},
		{"--all with a query", []string{"export", "--all", "npfit", "-o", dir}, 2, []string{"takes no QUERY"}},
		{"--all into a file", []string{"export", "--all", "-o", file}, 1, []string{"is a file, not a folder"}},
		{"--all into a folder whose parent is missing", []string{"export", "--all", "-o", filepath.Join(missing, "deeper")}, 1, []string{"does not exist"}},
		{"--all unknown kind", []string{"export", "--all", "--kind", "quango", "-o", sub}, 2, []string{`unknown kind "quango"`}},
		{"--all bad years", []string{"export", "--all", "--from", "2010", "--to", "1990", "-o", sub}, 2, []string{"runs backwards"}},
		{"--all alive and dead", []string{"export", "--all", "--alive", "--dead", "-o", sub}, 2, []string{"alive"}},
		{"--all matches nothing", []string{"export", "--all", "--tag", "no-such-tag", "-o", sub}, 1, []string{"no entries pass these filters"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			run(t, nil, c.args...).check(t, c.code, c.wantErr...)
		})
	}
	t.Cleanup(func() {
		if got := listDir(t, sub); len(got) != 0 {
			t.Errorf("failed exports wrote %v", got)
		}
		if got := listDir(t, dir); strings.Join(got, " ") != "file.md sub" {
			t.Errorf("failed exports wrote %v", got)
		}
	})
}

func TestExportUnwritableFolder(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("folder permissions work differently on Windows")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if f, err := os.CreateTemp(dir, "probe"); err == nil {
		f.Close()
		os.Remove(f.Name())
		t.Skip("running with privileges that ignore folder permissions")
	}
	run(t, nil, "export", "npfit", "-o", dir).check(t, 1, "cannot write to folder "+dir, "permission denied")
	run(t, nil, "export", "--all", "-o", dir).check(t, 1, "cannot write to folder "+dir, "permission denied")
}

func TestExportAll(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "out") // not there yet: --all makes the last folder
	r := run(t, nil, "export", "--all", "-o", dir)
	r.check(t, 0)
	entries := run(t, nil, "list")
	n := strings.Count(entries.stdout, "\n")
	names := listDir(t, dir)
	if len(names) != n+1 || !slices.Contains(names, "index.md") || !slices.Contains(names, "npfit.md") {
		t.Fatalf("wrote %d files, want %d notes and index.md", len(names), n)
	}
	if r.stdout != "" || !strings.Contains(r.stderr, "wrote ") || !strings.Contains(r.stderr, " notes and index.md to "+dir) {
		t.Errorf("stdout %q, stderr %q", r.stdout, r.stderr)
	}
	if links := checkFolderLinks(t, dir); links < 2*n {
		t.Errorf("only %d relative links among %d notes", links, n)
	}
	index := readFile(t, filepath.Join(dir, "index.md"))
	if got := len(markdownLinks([]byte(index))); got != n {
		t.Errorf("index.md has %d links, want %d", got, n)
	}
	if !strings.Contains(readFile(t, filepath.Join(dir, "npfit.md")), "[DH — Department of Health](department-of-health.md)") {
		t.Error("npfit.md should link to its parent, the Department of Health")
	}

	// A second run refuses without touching anything, and names what is in the way.
	writeFile(t, filepath.Join(dir, "npfit.md"), "mine")
	run(t, nil, "export", "--all", "-o", dir).check(t, 1, "already exists", "more", "nothing written", "--force")
	if readFile(t, filepath.Join(dir, "npfit.md")) != "mine" {
		t.Fatal("a refused export overwrote a file")
	}
	run(t, nil, "export", "--all", "-o", dir, "--force").check(t, 0)
	if readFile(t, filepath.Join(dir, "npfit.md")) == "mine" {
		t.Fatal("--force did not overwrite")
	}
}

// TestExportAllRefusesBeforeWriting: one file in the way stops the export before any note is
// written, and a folder in the way of a note is refused even with --force.
func TestExportAllRefusesBeforeWriting(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "index.md"), "my index")
	run(t, nil, "export", "--all", "--kind", "system", "-o", dir).check(t, 1, "index.md already exists", "use --force")
	if got := listDir(t, dir); strings.Join(got, " ") != "index.md" {
		t.Fatalf("a refused export wrote %v", got)
	}
	if err := os.Mkdir(filepath.Join(dir, "npfit.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	run(t, nil, "export", "--all", "--tag", "npfit", "-o", dir, "--force").check(t, 1, "npfit.md is a folder")
	if got := listDir(t, dir); strings.Join(got, " ") != "index.md npfit.md" {
		t.Fatalf("a refused export wrote %v", got)
	}
}

// TestExportFiltered: with filters, notes link only to notes in the folder; entries left out are
// named in plain text.
func TestExportFiltered(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	run(t, nil, "export", "--all", "--kind", "body", "--dead", "--front-matter", "-o", dir).check(t, 0)
	names := listDir(t, dir)
	if slices.Contains(names, "npfit.md") || !slices.Contains(names, "hscic.md") {
		t.Fatalf("--kind body --dead wrote %v", names)
	}
	checkFolderLinks(t, dir)
	hscic := readFile(t, filepath.Join(dir, "hscic.md"))
	if !strings.HasPrefix(hscic, "---\nslug: \"hscic\"\n") {
		t.Errorf("--front-matter missing from notes:\n%s", hscic[:200])
	}
	// Connecting for Health is a dead body and is linked; NHS England, alive, is named without one.
	if !strings.Contains(hscic, "](nhs-connecting-for-health.md)") || strings.Contains(hscic, "](nhs-england.md)") ||
		!strings.Contains(hscic, "NHSE — NHS England (merged into") {
		t.Errorf("hscic.md links wrongly:\n%s", hscic)
	}
}
