package markdown

import (
	"fmt"
	"strings"

	"quango/store"
)

// IndexFile is the name of the index note an export folder opens with; HugoIndexFile is Hugo's
// name for the same note, the content of the site's home page.
const (
	IndexFile     = "index.md"
	HugoIndexFile = "_index.md"
)

// indexTitle heads the index note.
const indexTitle = "The quango catalogue"

// Cell makes text safe as one GitHub-flavoured Markdown table cell: Inline's escapes include the
// pipe, and a backslash before it is itself escaped, so no text can split or end the cell.
func Cell(s string) string { return Inline(s) }

// ShortLived is an entry's lifespan in years, for tables: "2002–2011", "since 2019", "c. 1998".
func ShortLived(e *store.Entry) string {
	return Span(e.Start, e.End, e.Approximate, Year, "–")
}

// Index renders the note that lists a folder of exported entries, one table row each, every name
// a relative link to the entry's note. Entries whose slugs cannot be file names are not linked.
func Index(entries []*store.Entry, opts Options) string {
	var b strings.Builder
	if opts.Hugo {
		fmt.Fprintf(&b, "---\ntitle: %s\n---\n\n", yamlString(indexTitle))
	}
	b.WriteString("# " + indexTitle + "\n\n")
	switch len(entries) {
	case 1:
		b.WriteString("1 entry.\n\n")
	default:
		fmt.Fprintf(&b, "%d entries.\n\n", len(entries))
	}
	b.WriteString("| Acronym | Name | Kind | Lived | Fate |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, e := range entries {
		name := Cell(e.Name)
		if ValidSlug(e.Slug) {
			name = fmt.Sprintf("[%s](%s)", name, linkTarget(e.Slug, opts))
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n",
			Cell(e.Acronym), name, Cell(e.Kind), Cell(ShortLived(e)), Cell(e.Fate))
	}
	b.WriteString("\n")
	writeVersion(&b, opts)
	return b.String()
}
