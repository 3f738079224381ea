// Package markdown renders a catalogue entry as a Markdown note. It is the one renderer: the TUI
// shows its output through glamour, `show` prints it and `export` writes it.
package markdown

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"quango/seed"
	"quango/store"
)

// Options shape the note.
type Options struct {
	// Links makes lineage and parent names relative links to <slug>.md, for a folder of exports.
	Links bool
	// Exported, when Links is set and Exported is not nil, holds the slugs whose notes are in the
	// folder: only they become links, so an export never links to a file it did not write.
	Exported map[string]bool
	// FrontMatter adds YAML front matter with the structured fields, for static-site generators.
	FrontMatter bool
	// Hugo shapes a note for the Hugo site generator: the front matter gains a title and keeps
	// the other names as also_known_as (Hugo would make a redirect page of each alias), and
	// links go through Hugo's relref, which Hugo checks and turns into the page's address.
	Hugo bool
	// Version names the catalogue in the note's last line.
	Version string
	// Now measures the lifespan of the living; zero means time.Now().
	Now time.Time
	// Terminal shapes the note for a terminal's word wrap (show and the explorer): dates and date
	// ranges are held together with no-break spaces, and each source's URL stands whole on a
	// line of its own, an autolink the terminal renderer keeps from being wrapped.
	Terminal bool
	// Lineage, when set and the entry has relatives, adds a "Lineage" section with a Mermaid
	// flowchart, which GitHub and Obsidian draw. Exports set it; terminal views do not, as a
	// terminal would show the diagram's source.
	Lineage *store.Lineage
}

// Title is the note's heading text: "ACRONYM — Name", or the name alone.
func Title(e *store.Entry) string { return title(e.Acronym, e.Name) }

// title is "ACRONYM — Name", or the name alone where it already opens with the acronym
// ("N3 (New National Network)", not "N3 — N3 (New National Network)") or there is none.
func title(acronym, name string) string {
	if acronym == "" || acronym == name || strings.HasPrefix(name, acronym+" ") {
		return name
	}
	return acronym + " — " + name
}

// Entry renders e as a Markdown document. Every piece of catalogue or user text is escaped, so no
// field can add a heading, a list item, a link or HTML of its own.
func Entry(e *store.Entry, opts Options) string {
	var b strings.Builder
	if opts.FrontMatter || opts.Hugo {
		b.WriteString(frontMatter(e, opts.Hugo))
	}
	fmt.Fprintf(&b, "# %s\n\n", Inline(Title(e)))

	// Kind, fate and dates are checked when the catalogue loads, but a --db file could hold
	// anything: they are escaped like the rest.
	// A field the user changed on a built-in entry is marked on its line.
	mine := func(fields ...string) string {
		for _, f := range fields {
			if slices.Contains(e.Edited, f) {
				return " " + YourEdit
			}
		}
		return ""
	}
	fmt.Fprintf(&b, "- **Kind:** %s%s\n", Inline(e.Kind), mine("kind"))
	if len(e.Nation) > 0 {
		fmt.Fprintf(&b, "- **Nation:** %s%s\n", Inline(NationNames(e.Nation)), mine("nation"))
	}
	fmt.Fprintf(&b, "- **Lived:** %s%s\n", Inline(lived(e, opts)), mine("start", "end", "approximate"))
	fate := Inline(e.Fate)
	if e.FateNote != "" {
		fate += " — " + Inline(e.FateNote)
	}
	fmt.Fprintf(&b, "- **Fate:** %s%s\n", fate, mine("fate", "fate_note"))
	if e.EndAnnounced != "" {
		fmt.Fprintf(&b, "- **End announced:** %s%s\n", Inline(opts.date(e.EndAnnounced)), mine("end_announced"))
	}
	if e.ParentRef != nil {
		fmt.Fprintf(&b, "- **Parent:** %s%s\n", linkTo(*e.ParentRef, opts), mine("parent"))
	} else if e.Parent != nil {
		fmt.Fprintf(&b, "- **Parent:** %s%s\n", Inline(*e.Parent), mine("parent"))
	}
	if len(e.Aliases) > 0 {
		names := make([]string, len(e.Aliases))
		for i, a := range e.Aliases {
			names[i] = Inline(a)
		}
		fmt.Fprintf(&b, "- **Also known as:** %s%s\n", strings.Join(names, ", "), mine("aliases"))
	}
	lineage(&b, "Came from", e.Predecessors, opts, Reverse)
	lineage(&b, "Led to", e.Successors, opts, Forward)
	if len(e.Tags) > 0 {
		fmt.Fprintf(&b, "- **Tags:** %s%s\n", Inline(strings.Join(e.Tags, ", ")), mine("tags"))
	}
	switch {
	case e.Origin == store.OriginUser:
		b.WriteString("- **Origin:** added by you, not part of the built-in catalogue\n")
	case len(e.Edited) > 0:
		fmt.Fprintf(&b, "- **Your edits:** %s (the rest is the built-in catalogue's)\n", Inline(strings.Join(e.Edited, ", ")))
	}
	b.WriteString("\n")

	for _, para := range paragraphs(e.Summary + "\n\n" + e.History) {
		b.WriteString(para + "\n\n")
	}
	if len(e.Events) > 0 {
		b.WriteString("## Events\n\n")
		for _, ev := range e.Events {
			fmt.Fprintf(&b, "- %s — %s\n", Inline(opts.date(ev.Date)), Inline(ev.Text))
		}
		b.WriteString("\n")
	}
	if c := e.Cost; c != nil {
		b.WriteString("## Cost\n\n")
		line := fmt.Sprintf("%s (as stated in %d)", Inline(Money(c.Amount, c.Currency)), c.Year)
		if c.Note != "" {
			line += " — " + Inline(c.Note)
		}
		fmt.Fprintf(&b, "%s. Source: %s\n\n", strings.TrimSuffix(line, "."), sourceLink(c.Source, opts, 0))
	}
	if block := MermaidBlock(opts.Lineage); block != "" {
		b.WriteString("## Lineage\n\n" + block + "\n")
	}
	if len(e.Sources) > 0 {
		b.WriteString("## Sources\n\n")
		for i, s := range e.Sources {
			fmt.Fprintf(&b, "%d. %s\n", i+1, sourceLink(s, opts, len(fmt.Sprint(i+1))+2))
		}
		b.WriteString("\n")
	}
	if len(e.Notes) > 0 {
		b.WriteString("## Notes\n\n")
		for _, n := range e.Notes {
			fmt.Fprintf(&b, "- %s — %s", Inline(opts.date(n.Date)), Inline(n.Text))
			if n.Author != "" {
				fmt.Fprintf(&b, " "+byAuthor, Inline(n.Author))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	if e.Origin == store.OriginUser {
		// Not the catalogue's: an entry the user added.
		b.WriteString("*" + OwnEntry + "*\n")
	} else {
		writeVersion(&b, opts)
	}
	return b.String()
}

// byAuthor ends a note written by someone other than the database's owner (over quango serve);
// import reads it back as the note's author.
const byAuthor = "*(by %s)*"

// NoteAuthor splits a note's line as Entry writes it into its text and its author (or "").
func NoteAuthor(line string) (text, author string) {
	open := strings.LastIndex(line, " *(by ")
	if open < 0 || !strings.HasSuffix(line, ")*") {
		return line, ""
	}
	return line[:open], line[open+len(" *(by ") : len(line)-len(")*")]
}

// YourEdit marks a line whose field the user changed on a built-in entry.
const YourEdit = "*(your edit)*"

// OwnEntry ends the note of an entry the user added, in place of the catalogue's version.
const OwnEntry = "Your own entry, from your quango database."

// writeVersion ends a note with the catalogue version it came from.
func writeVersion(b *strings.Builder, opts Options) {
	version := opts.Version
	if version == "" {
		version = "unknown"
	}
	fmt.Fprintf(b, "*From the quango catalogue, version %s.*\n", Inline(version))
}

// Direction says which way a lineage edge is read.
type Direction int

// The two directions of a relation.
const (
	Forward Direction = iota // this entry → the other
	Reverse                  // the other → this entry
)

var relationWords = map[string][2]string{
	"renamed_to":   {"renamed to", "renamed from"},
	"merged_into":  {"merged into", "merged in"},
	"replaced_by":  {"replaced by", "replaced it"},
	"absorbed_by":  {"absorbed by", "absorbed it"},
	"split_into":   {"split into", "split from"},
	"succeeded_by": {"succeeded by", "succeeded it"},
}

// RelationPhrase is a relation in words, read in the given direction ("renamed from").
func RelationPhrase(relation string, d Direction) string {
	if w, ok := relationWords[relation]; ok {
		return w[d]
	}
	return strings.ReplaceAll(relation, "_", " ")
}

func lineage(b *strings.Builder, label string, links []store.Link, opts Options, d Direction) {
	if len(links) == 0 {
		return
	}
	parts := make([]string, len(links))
	for i, l := range links {
		detail := RelationPhrase(l.Relation, d)
		if l.Date != "" {
			detail += ", " + opts.date(l.Date)
		}
		if l.Note != "" {
			detail += ": " + l.Note
		}
		parts[i] = fmt.Sprintf("%s (%s)", linkTo(l, opts), Inline(detail))
	}
	fmt.Fprintf(b, "- **%s:** %s\n", label, strings.Join(parts, "; "))
}

func linkTo(l store.Link, opts Options) string {
	text := title(l.Acronym, l.Name)
	if !opts.Links || !ValidSlug(l.Slug) || (opts.Exported != nil && !opts.Exported[l.Slug]) {
		return Inline(text)
	}
	return fmt.Sprintf("[%s](%s)", Inline(text), linkTarget(l.Slug, opts))
}

// linkTarget is where a link to slug's note points: the file beside it, or for Hugo the page.
func linkTarget(slug string, opts Options) string {
	if opts.Hugo {
		return fmt.Sprintf(`{{< relref "%s" >}}`, FileName(slug))
	}
	return FileName(slug)
}

// FileName is where an entry's note lives in an export folder.
func FileName(slug string) string { return slug + ".md" }

// ValidSlug reports whether slug has the catalogue's slug form (lower-case letters, digits and
// single hyphens), which makes FileName(slug) a plain file name: no separators, no dots, nothing
// that could leave a folder or need escaping in a link.
func ValidSlug(slug string) bool {
	if slug == "" || slug[0] == '-' || slug[len(slug)-1] == '-' || strings.Contains(slug, "--") {
		return false
	}
	for _, r := range slug {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

// sourceLink is a source as a link with its publisher and date. For a terminal the URL follows
// on a line of its own, indented by indent, as an autolink.
func sourceLink(s seed.Source, opts Options, indent int) string {
	text := Inline(s.Title)
	if seed.CheckURL(s.URL) == nil {
		text = fmt.Sprintf("[%s](<%s>)", text, s.URL)
	}
	var extra []string
	if s.Publisher != "" {
		extra = append(extra, Inline(s.Publisher))
	}
	if s.Date != "" {
		extra = append(extra, Inline(opts.date(s.Date)))
	}
	switch {
	case len(extra) > 0 && opts.Terminal && seed.CheckURL(s.URL) == nil:
		// The terminal renderer hides a link's address behind its title (an OSC 8 hyperlink)
		// but keeps the space before it.
		text += "— " + strings.Join(extra, ", ")
	case len(extra) > 0:
		text += " — " + strings.Join(extra, ", ")
	}
	if opts.Terminal && seed.CheckURL(s.URL) == nil {
		text += "\\\n" + strings.Repeat(" ", indent) + "<" + s.URL + ">"
	}
	return text
}

// Lived is an entry's lifespan in words: "1 Apr 2013 – 31 Jan 2023 (10 years)", "since Apr 2019
// (7 years)".
func Lived(e *store.Entry, now time.Time) string { return lived(e, Options{Now: now}) }

func lived(e *store.Entry, opts Options) string {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	years := e.LifespanYears(now)
	return Span(e.Start, e.End, e.Approximate, opts.date, opts.rangeSep()) + " (" + Years(years) + ")"
}

// nbsp is a no-break space: a terminal's word wrap (ansi.Wrap) never breaks a line at one.
const nbsp = "\u00a0"

// date is the one way a note writes a date: "1 Apr 2013", "Apr 2013", "2013", held together
// on a terminal.
func (o Options) date(s string) string {
	d := seed.HumanDate(s)
	if o.Terminal {
		d = strings.ReplaceAll(d, " ", nbsp)
	}
	return d
}

// rangeSep goes between the two dates of a range.
func (o Options) rangeSep() string {
	if o.Terminal {
		return nbsp + "–" + nbsp
	}
	return " – "
}

// Years is a duration in whole years, in words.
func Years(years float64) string {
	n := int(math.Round(years))
	switch {
	case years < 0.5:
		return "under a year"
	case n == 1:
		return "1 year"
	}
	return fmt.Sprintf("%d years", n)
}

// Money writes an amount the way a briefing would: £9.8 billion, £240 million.
func Money(amount float64, currency string) string {
	symbol := map[string]string{"GBP": "£", "USD": "$", "EUR": "€"}[currency]
	prefix, suffix := symbol, ""
	if symbol == "" {
		prefix, suffix = "", " "+currency
	}
	var n string
	switch {
	case amount >= 1e9:
		n = trimZero(amount/1e9) + " billion"
	case amount >= 1e6:
		n = trimZero(amount/1e6) + " million"
	default:
		n = trimZero(amount)
	}
	return prefix + n + suffix
}

func trimZero(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// paragraphs splits text on blank lines and escapes each paragraph as one line of plain text.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = Prose(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Prose is Inline for the catalogue's running text, except that italics written as *Title* (a
// report's or a white paper's name) stay emphasis: the words inside are escaped like the rest, so
// only the pair of asterisks is markup.
func Prose(s string) string {
	s = strings.Join(fields(s), " ")
	var b strings.Builder
	for {
		open, end := emphasis(s)
		if open < 0 {
			b.WriteString(Inline(s))
			return b.String()
		}
		b.WriteString(Inline(s[:open]))
		if open > 0 && s[open-1] == ' ' {
			b.WriteByte(' ') // Inline trims the space before the span
		}
		b.WriteString("*" + Inline(s[open+1:end]) + "*")
		s = s[end+1:]
		if strings.HasPrefix(s, " ") {
			b.WriteByte(' ')
		}
	}
}

// emphasis finds the first *span* in s that CommonMark reads as emphasis and nothing else: the
// opening star after a space, an opening bracket or quote (or at the start), the closing one
// before a space, punctuation or the end, no star or space just inside either. It returns the
// two stars' byte offsets, or -1.
func emphasis(s string) (open, end int) {
	for i := 0; i < len(s); i++ {
		if s[i] != '*' || (i > 0 && !strings.ContainsRune(" (\"'‘“", rune(s[i-1]))) {
			continue
		}
		if i+1 >= len(s) || s[i+1] == ' ' || s[i+1] == '*' {
			continue
		}
		j := strings.IndexByte(s[i+1:], '*')
		if j < 0 {
			return -1, -1
		}
		j += i + 1
		if s[j-1] == ' ' || (j+1 < len(s) && !strings.ContainsRune(" .,;:)!?'\"’”-", rune(s[j+1]))) {
			i = j - 1
			continue
		}
		return i, j
	}
	return -1, -1
}

// fields splits s at white space, but not at a no-break space, which the writer put there to
// hold two words together.
func fields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) && r != 0xa0 })
}

// Inline makes text safe to place anywhere in a line of Markdown: line breaks fold to spaces,
// and every character that could start a heading, list, quote, code span, emphasis, link, table
// cell or HTML is escaped with a backslash, which CommonMark renders as the character itself.
func Inline(s string) string {
	s = strings.Join(fields(s), " ")
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&', '!':
			b.WriteByte('\\')
		case '#', '+', '-', '=':
			if i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			// "1." or "1)" at the start of a line would begin an ordered list.
			if i > 0 && isDigits(s[:i]) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func frontMatter(e *store.Entry, hugo bool) string {
	var b strings.Builder
	b.WriteString("---\n")
	if hugo {
		fmt.Fprintf(&b, "title: %s\n", yamlString(Title(e)))
	}
	field := func(k, v string) { fmt.Fprintf(&b, "%s: %s\n", k, yamlString(v)) }
	list := func(k string, vs []string) {
		quoted := make([]string, len(vs))
		for i, v := range vs {
			quoted[i] = yamlString(v)
		}
		fmt.Fprintf(&b, "%s: [%s]\n", k, strings.Join(quoted, ", "))
	}
	field("slug", e.Slug)
	field("acronym", e.Acronym)
	field("name", e.Name)
	if hugo {
		list("also_known_as", e.Aliases)
	} else {
		list("aliases", e.Aliases) // Obsidian finds a note by these names
	}
	list("nation", e.Nation)
	field("kind", e.Kind)
	field("start", e.Start)
	if e.End != nil {
		field("end", *e.End)
	}
	if e.Approximate.Any() {
		list("approximate", e.Approximate)
	}
	field("fate", e.Fate)
	field("fate_note", e.FateNote)
	if e.EndAnnounced != "" {
		field("end_announced", e.EndAnnounced)
	}
	if e.Parent != nil {
		field("parent", *e.Parent)
	}
	list("tags", e.Tags)
	if len(e.Successors) > 0 {
		b.WriteString("relations:\n")
		for _, l := range e.Successors {
			fmt.Fprintf(&b, "  - type: %s\n    to: %s\n", yamlString(l.Relation), yamlString(l.Slug))
			if l.Date != "" {
				fmt.Fprintf(&b, "    date: %s\n", yamlString(l.Date))
			}
			if l.Note != "" {
				fmt.Fprintf(&b, "    note: %s\n", yamlString(l.Note))
			}
		}
	}
	b.WriteString("sources:\n")
	for _, s := range e.Sources {
		fmt.Fprintf(&b, "  - title: %s\n    url: %s\n", yamlString(s.Title), yamlString(s.URL))
		if s.Publisher != "" {
			fmt.Fprintf(&b, "    publisher: %s\n", yamlString(s.Publisher))
		}
		if s.Date != "" {
			fmt.Fprintf(&b, "    date: %s\n", yamlString(s.Date))
		}
	}
	if len(e.Events) > 0 {
		b.WriteString("events:\n")
		for _, ev := range e.Events {
			fmt.Fprintf(&b, "  - date: %s\n    text: %s\n", yamlString(ev.Date), yamlString(ev.Text))
		}
	}
	if c := e.Cost; c != nil {
		fmt.Fprintf(&b, "cost:\n  amount: %s\n  currency: %s\n  year: %d\n", strconv.FormatFloat(c.Amount, 'f', -1, 64), yamlString(c.Currency), c.Year)
		if c.Note != "" {
			fmt.Fprintf(&b, "  note: %s\n", yamlString(c.Note))
		}
		fmt.Fprintf(&b, "  source:\n    title: %s\n    url: %s\n", yamlString(c.Source.Title), yamlString(c.Source.URL))
		if c.Source.Publisher != "" {
			fmt.Fprintf(&b, "    publisher: %s\n", yamlString(c.Source.Publisher))
		}
		if c.Source.Date != "" {
			fmt.Fprintf(&b, "    date: %s\n", yamlString(c.Source.Date))
		}
	}
	b.WriteString("---\n\n")
	return b.String()
}

// yamlString quotes any value as a YAML double-quoted scalar, which escapes like JSON.
func yamlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || (r >= 0x7f && r <= 0x9f):
			fmt.Fprintf(&b, `\x%02x`, r)
		case r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff || (r >= 0xd800 && r <= 0xdfff):
			// Not printable in YAML, or read as a line break or byte-order mark.
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
