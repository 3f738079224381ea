package markdown

import (
	"fmt"
	"strings"

	"quango/seed"
	"quango/store"
)

// Mermaid draws a family tree as a Mermaid flowchart, oldest at the top, which GitHub and
// Obsidian render from a ```mermaid block. Node identifiers are escaped slugs and every label is
// quoted with its special characters written as Mermaid entity codes, so no catalogue text can
// break the diagram, end the code block or inject markup.
func Mermaid(l *store.Lineage) string {
	var b strings.Builder
	b.WriteString("flowchart TD\n")
	for _, n := range l.Nodes {
		title := n.Name
		if n.Acronym != "" && n.Acronym != n.Name {
			title = n.Acronym + " — " + n.Name
		}
		detail := mermaidYears(n) + " · " + n.Fate
		if n.EndAnnounced != "" {
			detail += " · abolition announced " + seed.HumanDate(n.EndAnnounced)
		}
		// <br/> is our own markup; everything around it is escaped.
		fmt.Fprintf(&b, "  %s[\"%s<br/>%s\"]\n", MermaidID(n.Slug), mermaidText(title), mermaidText(detail))
	}
	for _, e := range l.Edges {
		label := RelationPhrase(e.Relation, Forward)
		if e.Date != "" {
			label += " " + seed.HumanDate(e.Date)
		}
		fmt.Fprintf(&b, "  %s -->|\"%s\"| %s\n", MermaidID(e.From), mermaidText(label), MermaidID(e.To))
	}
	fmt.Fprintf(&b, "  classDef root stroke-width:3px\n  class %s root\n", MermaidID(l.Root))
	return b.String()
}

// MermaidBlock is the diagram as a fenced ```mermaid block for a note, or "" when the entry has
// no recorded relatives (a diagram of one box says nothing).
func MermaidBlock(l *store.Lineage) string {
	if l == nil || !l.HasRelatives() {
		return ""
	}
	return "```mermaid\n" + Mermaid(l) + "```\n"
}

// MermaidID turns a slug into a node identifier: "n_" then the slug with letters and digits
// kept and every other byte written as "_" and two hex digits. The mapping is one-to-one, the
// prefix keeps clear of keywords such as "end", and nothing in it is Mermaid syntax.
func MermaidID(slug string) string {
	var b strings.Builder
	b.WriteString("n_")
	for i := 0; i < len(slug); i++ {
		c := slug[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "_%02x", c)
		}
	}
	return b.String()
}

// mermaidText makes text safe inside a quoted Mermaid label: one line, and the characters that
// end a label or start markup (quotes, pipes, angle brackets, ampersands, backticks, and "#"
// that starts an entity) written as entity codes.
func mermaidText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '#':
			b.WriteString("#35;")
		case '&':
			b.WriteString("#amp;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '|':
			b.WriteString("#124;")
		case '`':
			b.WriteString("#96;")
		default:
			if r < 0x20 || r == 0x7f {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mermaidYears is "2005–2013", "since 2019" or "1997", with "c. " before each hedged year.
func mermaidYears(n store.LineageNode) string {
	return Span(n.Start, n.End, n.Approximate, Year, "–")
}
