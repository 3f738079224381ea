package markdown

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"quango/seed"
	"quango/store"
	"quango/store/storetest/fixture"
)

var fixedNow = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

// TestGolden pins the note for an entry that is alive, one with lineage both ways and a cost,
// one without an acronym, and one with a parent, with and without links and front matter.
func TestGolden(t *testing.T) {
	s := fixture.Open(t)
	for _, c := range []struct {
		slug string
		opts Options
	}{
		{"gamma-board", Options{}},
		{"beta-centre", Options{Links: true}},
		{"eta-strategy", Options{}},
		{"delta-programme", Options{FrontMatter: true, Links: true}},
	} {
		t.Run(c.slug, func(t *testing.T) {
			e, err := s.Get(context.Background(), c.slug)
			if err != nil {
				t.Fatal(err)
			}
			c.opts.Version, c.opts.Now = "test", fixedNow
			md := Entry(e, c.opts)
			golden.RequireEqual(t, md)
			checkStructure(t, md, e)
		})
	}
}

// outline lists the document's block structure: headings with their level, list items, links.
func outline(md string) []string {
	src := []byte(md)
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	var out []string
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			out = append(out, fmt.Sprintf("h%d", n.Level))
		case *ast.ListItem:
			out = append(out, "li")
		case *ast.Link:
			out = append(out, "link:"+string(n.Destination))
		case *ast.AutoLink:
			out = append(out, "autolink")
		case *ast.HTMLBlock, *ast.RawHTML:
			out = append(out, "html")
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.CodeSpan:
			out = append(out, "code")
		case *ast.Emphasis:
			out = append(out, fmt.Sprintf("em%d", n.Level))
		case *ast.Blockquote:
			out = append(out, "quote")
		case *ast.ThematicBreak:
			out = append(out, "hr")
		}
		return ast.WalkContinue, nil
	})
	return out
}

func checkStructure(t *testing.T, md string, e *store.Entry) {
	t.Helper()
	o := strings.Join(outline(stripFrontMatter(md)), " ")
	if !strings.HasPrefix(o, "h1 li em2") {
		t.Errorf("%s: the note should open with a heading and a facts list: %s", e.Slug, o)
	}
	for _, bad := range []string{"html", "code", "quote", "hr"} {
		if strings.Contains(o, bad) {
			t.Errorf("%s: unexpected %s in the note: %s", e.Slug, bad, o)
		}
	}
}

func stripFrontMatter(md string) string {
	if rest, ok := strings.CutPrefix(md, "---\n"); ok {
		if _, body, ok := strings.Cut(rest, "\n---\n"); ok {
			return body
		}
	}
	return md
}

func TestInlineEscapes(t *testing.T) {
	cases := map[string]string{
		"# not a heading":      `\# not a heading`,
		"- not a list":         `\- not a list`,
		"1. not a list":        `1\. not a list`,
		"a | b":                `a \| b`,
		"*em* _em_ `code`":     "\\*em\\* \\_em\\_ \\`code\\`",
		"<script>x</script>":   `\<script\>x\</script\>`,
		"[link](javascript:x)": `\[link\](javascript:x)`,
		"line\nbreak":          "line break",
		"NHS 111 & e-RS":       `NHS 111 \& e-RS`,
	}
	for in, want := range cases {
		if got := Inline(in); got != want {
			t.Errorf("Inline(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLivedAndMoney(t *testing.T) {
	s := fixture.Open(t)
	ctx := context.Background()
	for slug, want := range map[string]string{
		"alpha-authority": "1 Apr 1999 – 1 Apr 2005 (6 years)",
		"gamma-board":     "since 1 Oct 2012 (14 years)",
		"eta-strategy":    "Sep 1998 (under a year)", // a one-off reads as one date
	} {
		e, _ := s.Get(ctx, slug)
		if got := Lived(e, fixedNow); got != want {
			t.Errorf("Lived(%s) = %q, want %q", slug, got, want)
		}
	}
	for _, c := range []struct {
		amount   float64
		currency string
		want     string
	}{{9.8e9, "GBP", "£9.8 billion"}, {240e6, "GBP", "£240 million"}, {1500, "USD", "$1500"}, {3e6, "CHF", "3 million CHF"}} {
		if got := Money(c.amount, c.currency); got != c.want {
			t.Errorf("Money(%v, %s) = %q, want %q", c.amount, c.currency, got, c.want)
		}
	}
}

// FuzzEntry feeds arbitrary text to every text field: the renderer must never panic, and the
// note's structure must be that of the same entry with plain text.
func FuzzEntry(f *testing.F) {
	for _, text := range []string{"plain", "# heading", "- item\n* item", "a | b", "<b>x</b>", "[x](y)", "`x`", "1. one", "\n\n\n", "> quote", "---", "    code", "***", "\\", "é 漢字 🎉"} {
		f.Add(text)
	}
	s := fixture.Open(f)
	base, err := s.Get(context.Background(), "beta-centre")
	if err != nil {
		f.Fatal(err)
	}
	plain := *base
	fill(&plain, "plain text")
	opts := Options{Version: "v", Now: fixedNow, Links: true, FrontMatter: true}
	want := strings.Join(outline(stripFrontMatter(Entry(&plain, opts))), " ")
	f.Fuzz(func(t *testing.T, s string) {
		e := *base
		fill(&e, s)
		opts.Version = s
		md := Entry(&e, opts)
		if got := strings.Join(outline(stripFrontMatter(md)), " "); got != want {
			t.Errorf("text %q changed the structure:\n got %s\nwant %s\n%s", s, got, want, md)
		}
		if utf8.ValidString(s) {
			checkFrontMatter(t, md, &e)
		}
	})
}

// fill puts s in every text field of e (a copy: slices are replaced, not written through).
func fill(e *store.Entry, s string) {
	e.Acronym, e.Name, e.FateNote, e.Summary, e.History = s, s, s, s, s
	// Fields the catalogue validates get arbitrary text too: a --db file could hold anything.
	// End announced gets a trailing space so that it is never empty, which would drop its line.
	e.Kind, e.Fate, e.Start, e.EndAnnounced = s, s, s, s+" "
	if e.End != nil {
		e.End = &s
	}
	if e.ParentRef != nil {
		p := *e.ParentRef
		p.Name, p.Acronym = s, s
		e.ParentRef = &p
	}
	e.Aliases, e.Tags = []string{s, s}, []string{s}
	preds := make([]store.Link, len(e.Predecessors))
	for i, l := range e.Predecessors {
		l.Name, l.Acronym, l.Date, l.Relation = s, s, s, s
		preds[i] = l
	}
	e.Predecessors = preds
	succs := make([]store.Link, len(e.Successors))
	for i, l := range e.Successors {
		l.Name, l.Acronym, l.Date, l.Relation = s, s, s, s
		succs[i] = l
	}
	e.Successors = succs
	sources := make([]seed.Source, len(e.Sources))
	for i, src := range e.Sources {
		src.Title, src.Publisher, src.Date = s, s, s
		sources[i] = src
	}
	e.Sources = sources
	events := make([]seed.Event, len(e.Events))
	for i, ev := range e.Events {
		ev.Date, ev.Text = s, s
		events[i] = ev
	}
	e.Events = events
	if e.Cost != nil {
		c := *e.Cost
		c.Note, c.Source.Title, c.Currency = s, s, s
		e.Cost = &c
	}
}

// TestLineageSection: an export with lineage embeds the Mermaid flowchart; an entry without
// relatives gets no empty section.
func TestLineageSection(t *testing.T) {
	s := fixture.Open(t)
	ctx := context.Background()
	for slug, want := range map[string]bool{"beta-centre": true, "eta-strategy": false} {
		e, err := s.Get(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		l, err := s.Lineage(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		md := Entry(e, Options{Version: "test", Now: fixedNow, Lineage: l})
		has := strings.Contains(md, "## Lineage\n\n```mermaid\nflowchart")
		if has != want {
			t.Errorf("%s: lineage section present = %v, want %v\n%s", slug, has, want, md)
		}
		if want && !strings.Contains(md, MermaidID("alpha-authority")) {
			t.Errorf("%s: the diagram lacks its ancestor", slug)
		}
	}
}
