package markdown

import (
	"context"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"quango/seed"
	"quango/store"
)

// TestTerminalNoteHasNoCodeBlock holds up the trade-off in internal/chromaless: the note shown on
// a terminal never holds a code block, so glamour never has code to colour. Fences and indented
// code in every free-text field, and the whole built-in catalogue, parse without one.
func TestTerminalNoteHasNoCodeBlock(t *testing.T) {
	const code = "```go\nfunc main() {}\n```\n\n    indented code\n\n~~~\ntilde\n~~~"
	end := "2001"
	hostile := &store.Entry{
		Slug: "code", Acronym: "```", Name: code, Aliases: []string{code}, Kind: "body",
		Start: "2000", End: &end, Fate: "abolished", FateNote: code, Tags: []string{code},
		Summary: code, History: code + "\n\n" + code,
		Events:  []seed.Event{{Date: "2000-01-01", Text: code}},
		Sources: []seed.Source{{Title: code, URL: "https://example.org/", Publisher: code}},
		Notes:   []store.Note{{Date: "2001-01-01", Text: code, Author: code}},
	}
	all, err := openCatalogue(t).List(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range append(all, hostile) {
		md := Entry(e, Options{Now: fixedNow, Terminal: true})
		doc := goldmark.New().Parser().Parse(text.NewReader([]byte(md)))
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			switch n.(type) {
			case *ast.FencedCodeBlock, *ast.CodeBlock:
				if entering {
					t.Errorf("%s: the terminal note holds a code block:\n%s", e.Slug, md)
				}
			}
			return ast.WalkContinue, nil
		})
	}
	if !strings.Contains(Entry(hostile, Options{Now: fixedNow, Terminal: true}), "func main() {}") {
		t.Error("the hostile entry's text is missing from its note")
	}
}
