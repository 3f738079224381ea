package markdown

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"gopkg.in/yaml.v3"

	"quango/seed"
	"quango/store"
	"quango/store/storetest/fixture"
)

// openCatalogue opens the real built-in catalogue.
func openCatalogue(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), store.Memory)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// links returns every link destination in md, parsed as GitHub-flavoured Markdown.
func links(md string) []string {
	src := []byte(md)
	doc := goldmark.New(goldmark.WithExtensions(extension.Table)).Parser().Parse(text.NewReader(src))
	var out []string
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if l, ok := n.(*ast.Link); ok {
				out = append(out, string(l.Destination))
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// TestGoldenCatalogue pins notes for real entries: NHS England (alive), NPfIT (the longest
// lineage, with links), the London LSP (a cost and eight sources) and care.data (no acronym, with
// front matter). Every link must be an http(s) source or a note of an entry that exists. When
// the catalogue text of these entries changes, refresh with -update and read the diff.
func TestGoldenCatalogue(t *testing.T) {
	s := openCatalogue(t)
	ctx := context.Background()
	for _, c := range []struct {
		slug  string
		opts  Options
		check func(t *testing.T, e *store.Entry)
	}{
		{"nhs-england", Options{}, func(t *testing.T, e *store.Entry) {
			if !e.Alive() {
				t.Error("nhs-england should be alive")
			}
		}},
		{"npfit", Options{Links: true}, func(t *testing.T, e *store.Entry) {
			if n := len(e.Predecessors) + len(e.Successors); n < 8 {
				t.Errorf("npfit has %d lineage links, want a long lineage", n)
			}
		}},
		{"n3", Options{}, func(t *testing.T, e *store.Entry) {
			if e.Cost == nil || len(e.Sources) < 3 {
				t.Error("n3 should have a cost and several sources")
			}
		}},
		{"care-data", Options{FrontMatter: true}, func(t *testing.T, e *store.Entry) {
			if e.Acronym != "" {
				t.Errorf("care-data has acronym %q, want none", e.Acronym)
			}
		}},
	} {
		t.Run(c.slug, func(t *testing.T) {
			e, err := s.Get(ctx, c.slug)
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, e)
			c.opts.Version, c.opts.Now = "test", fixedNow
			md := Entry(e, c.opts)
			golden.RequireEqual(t, md)
			checkStructure(t, md, e)
			if !strings.HasPrefix(md, "# "+Inline(Title(e))+"\n") && !c.opts.FrontMatter {
				t.Errorf("the note should open with its title")
			}
			relative := 0
			for _, dest := range links(stripFrontMatter(md)) {
				if strings.HasPrefix(dest, "http://") || strings.HasPrefix(dest, "https://") {
					if err := seed.CheckURL(dest); err != nil {
						t.Errorf("source link: %v", err)
					}
					continue
				}
				relative++
				slug, ok := strings.CutSuffix(dest, ".md")
				if !ok || !ValidSlug(slug) {
					t.Errorf("relative link %q is not <slug>.md", dest)
					continue
				}
				if _, err := s.Get(ctx, slug); err != nil {
					t.Errorf("link %q: %v", dest, err)
				}
			}
			if c.opts.Links && relative == 0 {
				t.Error("a note with links on should link its lineage")
			}
			if !c.opts.Links && relative != 0 {
				t.Errorf("a note without links has %d relative links", relative)
			}
			if c.opts.FrontMatter {
				checkFrontMatter(t, md, e)
			}
		})
	}
}

// checkFrontMatter parses the note's front matter as YAML and compares its fields with e.
func checkFrontMatter(t *testing.T, md string, e *store.Entry) {
	t.Helper()
	rest, ok := strings.CutPrefix(md, "---\n")
	if !ok {
		t.Fatal("no front matter")
	}
	head, _, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		t.Fatal("front matter is not closed")
	}
	var fm struct {
		Slug    string   `yaml:"slug"`
		Name    string   `yaml:"name"`
		Acronym string   `yaml:"acronym"`
		Aliases []string `yaml:"aliases"`
		Kind    string   `yaml:"kind"`
		Start   string   `yaml:"start"`
		Fate    string   `yaml:"fate"`
		Sources []struct {
			URL string `yaml:"url"`
		} `yaml:"sources"`
	}
	if err := yaml.Unmarshal([]byte(head), &fm); err != nil {
		t.Fatalf("front matter is not YAML: %v\n%s", err, head)
	}
	if fm.Slug != e.Slug || fm.Name != e.Name || fm.Acronym != e.Acronym || fm.Kind != e.Kind ||
		fm.Start != e.Start || fm.Fate != e.Fate || len(fm.Sources) != len(e.Sources) ||
		strings.Join(fm.Aliases, "\x00") != strings.Join(e.Aliases, "\x00") {
		t.Errorf("front matter does not match the entry: %+v", fm)
	}
}

// TestLinksOnlyToExported: with a set of exported slugs, only those become links.
func TestLinksOnlyToExported(t *testing.T) {
	s := fixture.Open(t)
	e, err := s.Get(context.Background(), "beta-centre")
	if err != nil {
		t.Fatal(err)
	}
	md := Entry(e, Options{Links: true, Exported: map[string]bool{"beta-centre": true, "gamma-board": true}})
	got := strings.Join(links(md), " ")
	// gamma-board is both parent and successor; alpha-authority was not exported.
	if want := "gamma-board.md gamma-board.md https://example.org/beta/accounts https://example.org/beta"; got != want {
		t.Errorf("links = %s, want %s", got, want)
	}
	if !strings.Contains(md, "AA — Alpha Information Authority (replaced it") {
		t.Errorf("an entry left out of the export should be named without a link:\n%s", md)
	}
	if md := Entry(e, Options{Exported: map[string]bool{"gamma-board": true}}); len(links(md)) != 2 {
		t.Errorf("without Links only the sources are links:\n%s", md)
	}
}

func TestValidSlug(t *testing.T) {
	for slug, want := range map[string]bool{
		"npfit": true, "nhs-111": true, "a": true,
		"": false, "../etc": false, "a/b": false, "a\\b": false, "-a": false, "a-": false, "a--b": false,
		"A": false, "a.md": false, ".": false, "..": false, "a b": false, "é": false,
	} {
		if got := ValidSlug(slug); got != want {
			t.Errorf("ValidSlug(%q) = %v, want %v", slug, got, want)
		}
	}
}

// tableRows parses md as GitHub-flavoured Markdown and returns each table row's cell texts.
func tableRows(t testing.TB, md string) [][]string {
	t.Helper()
	src := []byte(md)
	doc := goldmark.New(goldmark.WithExtensions(extension.Table)).Parser().Parse(text.NewReader(src))
	var rows [][]string
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case extast.KindTableRow, extast.KindTableHeader:
			var cells []string
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				cells = append(cells, plainText(c, src))
			}
			rows = append(rows, cells)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return rows
}

// plainText is the text a reader sees in n, with escapes resolved.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering {
			b.Write(util.UnescapePunctuations(t.Value(src)))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		}
		if s, ok := n.(*ast.String); ok && entering {
			b.Write(s.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

func TestIndex(t *testing.T) {
	s := fixture.Open(t)
	entries, err := s.List(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	md := Index(entries, Options{Version: "test"})
	golden.RequireEqual(t, md)
	rows := tableRows(t, md)
	if len(rows) != len(entries)+1 {
		t.Fatalf("%d table rows, want a header and %d entries", len(rows), len(entries))
	}
	for i, e := range entries {
		want := []string{e.Acronym, e.Name, e.Kind, ShortLived(e), e.Fate}
		if got := rows[i+1]; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("row %d = %q, want %q", i+1, got, want)
		}
	}
	dests := links(md)
	if len(dests) != len(entries) {
		t.Fatalf("%d links, want one per entry: %v", len(dests), dests)
	}
	for i, e := range entries {
		if dests[i] != e.Slug+".md" {
			t.Errorf("link %d = %q, want %s.md", i, dests[i], e.Slug)
		}
	}
}

// FuzzIndex puts arbitrary text in every cell: the table keeps its rows and columns, and each
// cell reads back as the text put in (folded to one line).
func FuzzIndex(f *testing.F) {
	for _, s := range []string{"plain", "a | b", `a \| b`, `\`, "x\\", "|", "---", ":-:", "`|`", "[a|b](c)", "<td>", "\n| x |\n"} {
		f.Add(s)
	}
	s := fixture.Open(f)
	entries, err := s.List(context.Background(), store.Filter{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		es := make([]*store.Entry, len(entries))
		for i, e := range entries {
			c := *e
			c.Acronym, c.Name, c.Kind, c.Fate = s, s, s, s
			es[i] = &c
		}
		md := Index(es, Options{Version: s})
		rows := tableRows(t, md)
		if len(rows) != len(es)+1 {
			t.Fatalf("text %q: %d rows, want %d\n%s", s, len(rows), len(es)+1, md)
		}
		for _, row := range rows[1:] {
			if len(row) != 5 {
				t.Fatalf("text %q: row %q has %d cells, want 5\n%s", s, row, len(row), md)
			}
		}
		if !strings.ContainsRune(s, '\uFFFD') && strings.ToValidUTF8(s, "") == s {
			if got, want := rows[1][1], strings.Join(strings.Fields(s), " "); got != want {
				t.Errorf("name cell reads %q, want %q\n%s", got, want, md)
			}
		}
	})
}
