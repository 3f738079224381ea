package markdown

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"quango/store"
	"quango/store/storetest/fixture"
)

// The statements Mermaid emits, and nothing else: a header, quoted node labels, quoted edge
// labels between identifiers, and the root's class. A label is quoted and holds no raw quote,
// pipe, angle bracket (except our own <br/>), backtick or newline.
var (
	mermaidIdent = `n_[A-Za-z0-9_]+`
	mermaidLabel = `"(?:[^"|<>` + "`" + `\n]|<br/>)*"`
	mermaidNode  = regexp.MustCompile(`^  (` + mermaidIdent + `)\[` + mermaidLabel + `\]$`)
	mermaidEdge  = regexp.MustCompile(`^  (` + mermaidIdent + `) -->\|` + mermaidLabel + `\| (` + mermaidIdent + `)$`)
	mermaidClass = regexp.MustCompile(`^  class (` + mermaidIdent + `) root$`)
	// An entity is "#name;" or "#123;"; any other "#" would be read as the start of one.
	mermaidBadHash = regexp.MustCompile(`#(?:[a-z]+|[0-9]+);|#`)
)

// checkMermaid parses a diagram with the grammar above and reports every problem: a line of
// another form, an edge to an undefined node, a node defined twice, a stray "#".
func checkMermaid(t *testing.T, name, diagram string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(diagram, "\n"), "\n")
	if len(lines) == 0 || lines[0] != "flowchart TD" {
		t.Errorf("%s: first line %q, want flowchart TD", name, lines[0])
		return
	}
	defined := map[string]bool{}
	var used []string
	for _, line := range lines[1:] {
		for _, m := range mermaidBadHash.FindAllString(line, -1) {
			if m == "#" {
				t.Errorf("%s: a raw # in %q", name, line)
			}
		}
		switch {
		case mermaidNode.MatchString(line):
			id := mermaidNode.FindStringSubmatch(line)[1]
			if defined[id] {
				t.Errorf("%s: node %s defined twice", name, id)
			}
			defined[id] = true
		case mermaidEdge.MatchString(line):
			m := mermaidEdge.FindStringSubmatch(line)
			used = append(used, m[1], m[2])
		case mermaidClass.MatchString(line):
			used = append(used, mermaidClass.FindStringSubmatch(line)[1])
		case line == "  classDef root stroke-width:3px":
		default:
			t.Errorf("%s: not a statement of the grammar: %q", name, line)
		}
	}
	for _, id := range used {
		if !defined[id] {
			t.Errorf("%s: %s is used but never defined", name, id)
		}
	}
}

// TestMermaidEveryEntry draws the family tree of every entry of the real catalogue and parses
// each diagram.
func TestMermaidEveryEntry(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, store.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	entries, err := s.List(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	withEdges := 0
	for _, e := range entries {
		l, err := s.Lineage(ctx, e.Slug)
		if err != nil {
			t.Fatal(err)
		}
		d := Mermaid(l)
		checkMermaid(t, e.Slug, d)
		if got := strings.Count(d, " -->|"); got != len(l.Edges) {
			t.Errorf("%s: %d edges drawn, %d in the lineage", e.Slug, got, len(l.Edges))
		}
		if len(l.Edges) > 0 {
			withEdges++
		}
	}
	if withEdges < 20 {
		t.Errorf("only %d entries have relatives; the check would prove little", withEdges)
	}
}

// TestMermaidHostile feeds labels and slugs made of Mermaid syntax.
func TestMermaidHostile(t *testing.T) {
	end := "2001"
	l := &store.Lineage{
		Root: "end",
		Nodes: []store.LineageNode{
			{Slug: "end", Acronym: `A"B`, Name: "x]|y --> z", Start: "2000", End: &end, Fate: "abolished"},
			{Slug: "o-x_y.z", Name: "<script>alert(1)</script> & `code` #quot; %% comment\nnext line", Start: "2001", Fate: "active"},
		},
		Edges: []store.LineageEdge{{From: "end", To: "o-x_y.z", Relation: "renamed_to", Date: `2001"|`}},
	}
	d := Mermaid(l)
	checkMermaid(t, "hostile", d)
	for _, bad := range []string{"<script>", "`", `A"B`} {
		if strings.Contains(d, bad) {
			t.Errorf("diagram holds %q unescaped:\n%s", bad, d)
		}
	}
	if MermaidID("a-b") == MermaidID("a_b") || MermaidID("a-b") == MermaidID("a_2db") {
		t.Error("MermaidID maps two slugs to one identifier")
	}
	golden.RequireEqual(t, d)
}

// TestMermaidFixture pins the diagram of the fixture's Beta Centre.
func TestMermaidFixture(t *testing.T) {
	s := fixture.Open(t)
	l, err := s.Lineage(context.Background(), "beta-centre")
	if err != nil {
		t.Fatal(err)
	}
	d := Mermaid(l)
	checkMermaid(t, "beta-centre", d)
	golden.RequireEqual(t, d)
	if b := MermaidBlock(l); b != "```mermaid\n"+d+"```\n" {
		t.Errorf("MermaidBlock = %q", b)
	}
	alone, err := s.Lineage(context.Background(), "eta-strategy")
	if err != nil {
		t.Fatal(err)
	}
	if b := MermaidBlock(alone); b != "" {
		t.Errorf("an entry without relatives gets a block: %q", b)
	}
	// The block is one fenced code block in CommonMark: nothing of the diagram leaks out.
	if got := outline(MermaidBlock(l)); strings.Join(got, " ") != "code" {
		t.Errorf("MermaidBlock parses as %v, want one code block", got)
	}
}
