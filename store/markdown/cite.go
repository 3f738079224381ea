package markdown

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"quango/seed"
	"quango/seed/safetext"
	"quango/store"
)

// CiteFormats are the forms `quango cite` writes.
var CiteFormats = []string{"text", "markdown", "csl-json", "bibtex"}

// Briefing is the paragraph a journalist can paste about an entry: what it was, when it lived,
// how it ended, what came before and after. Plain text; see BriefingMarkdown for the escaped
// form.
func Briefing(e *store.Entry, now time.Time) string {
	var s []string
	what := e.Name
	if e.Acronym != "" && e.Acronym != e.Name {
		what += " (" + e.Acronym + ")"
	}
	kind := e.Kind
	if len(e.Nation) > 0 {
		kind = NationNames(e.Nation) + " " + kind
	}
	span := Span(e.Start, e.End, e.Approximate, seed.HumanDate, " – ")
	if e.Alive() {
		s = append(s, fmt.Sprintf("%s is %s %s of NHS IT, in existence %s.", what, article(kind), kind, span))
	} else {
		s = append(s, fmt.Sprintf("%s was %s %s of NHS IT that lived %s (%s).", what, article(kind), kind, span, Years(e.LifespanYears(now))))
	}
	if !e.Alive() {
		ended := "It was " + e.Fate
		if e.FateNote != "" {
			ended += ": " + strings.TrimSuffix(e.FateNote, ".")
		}
		s = append(s, ended+".")
	} else if e.EndAnnounced != "" {
		s = append(s, "Its abolition was announced for "+seed.HumanDate(e.EndAnnounced)+".")
	}
	s = append(s, relatives(e.Predecessors, true)...)
	s = append(s, relatives(e.Successors, false)...)
	return safetext.VisibleLine(strings.Join(s, " "))
}

// relatives are the sentences about an entry's predecessors ("NHS Connecting for Health (CfH)
// was absorbed by it on 1 Apr 2013.") or successors ("It was split into N3, NHSmail and PACS
// on 22 Sep 2011."), one per relation and date, in the catalogue's order.
func relatives(ls []store.Link, before bool) []string {
	type group struct {
		relation, date string
		names          []string
	}
	var groups []*group
	for _, l := range ls {
		name := l.Name
		if l.Acronym != "" && !strings.Contains(l.Name, l.Acronym) {
			name += " (" + l.Acronym + ")"
		}
		var g *group
		for _, have := range groups {
			if have.relation == l.Relation && have.date == l.Date {
				g = have
			}
		}
		if g == nil {
			g = &group{relation: l.Relation, date: l.Date}
			groups = append(groups, g)
		}
		g.names = append(g.names, name)
	}
	out := make([]string, len(groups))
	for i, g := range groups {
		when := ""
		if d, err := seed.ParseDate(g.date); err == nil {
			when = " in " + d.Human()
			if d.Day > 0 {
				when = " on " + d.Human()
			}
		}
		phrase := RelationPhrase(g.relation, Forward)
		if before {
			verb := "was"
			if len(g.names) > 1 {
				verb = "were"
			}
			out[i] = fmt.Sprintf("%s %s %s it%s.", andList(g.names), verb, phrase, when)
		} else {
			out[i] = fmt.Sprintf("It was %s %s%s.", phrase, andList(g.names), when)
		}
	}
	return out
}

// andList joins names as prose: "A", "A and B", "A, B and C".
func andList(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func article(word string) string {
	if word != "" && strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an"
	}
	return "a"
}

// CiteText is the briefing followed by its numbered sources, as plain text.
func CiteText(e *store.Entry, now time.Time) string {
	var b strings.Builder
	b.WriteString(Briefing(e, now) + "\n\nSources:\n")
	for i, s := range e.Sources {
		fmt.Fprintf(&b, "%d. %s\n", i+1, safetext.VisibleLine(sourceText(s)))
	}
	return b.String()
}

// CiteMarkdown is the briefing and its sources as Markdown, every catalogue string escaped.
func CiteMarkdown(e *store.Entry, now time.Time) string {
	var b strings.Builder
	b.WriteString(Inline(Briefing(e, now)) + "\n\nSources:\n\n")
	for i, s := range e.Sources {
		fmt.Fprintf(&b, "%d. %s\n", i+1, sourceLink(s, Options{}, 0))
	}
	return b.String()
}

func sourceText(s seed.Source) string {
	t := s.Title
	var extra []string
	if s.Publisher != "" {
		extra = append(extra, s.Publisher)
	}
	if s.Date != "" {
		extra = append(extra, seed.HumanDate(s.Date))
	}
	if len(extra) > 0 {
		t += ". " + strings.Join(extra, ", ")
	}
	return t + ". " + s.URL
}

// CiteKey is the citation key of an entry's source number i (from 1): "npfit-1".
func CiteKey(slug string, i int) string { return fmt.Sprintf("%s-%d", slug, i) }

// cslItem is one source in CSL-JSON, the form citeproc and reference managers read.
type cslItem struct {
	ID        string   `json:"id"`
	Type      string   `json:"type"`
	Title     string   `json:"title"`
	URL       string   `json:"URL,omitempty"`
	Publisher string   `json:"publisher,omitempty"`
	Issued    *cslDate `json:"issued,omitempty"`
	Note      string   `json:"note,omitempty"`
}

type cslDate struct {
	DateParts [][]int `json:"date-parts"`
}

// CiteCSL is the entry's sources as a CSL-JSON array.
func CiteCSL(e *store.Entry) (string, error) {
	items := make([]cslItem, len(e.Sources))
	for i, s := range e.Sources {
		items[i] = cslItem{ID: CiteKey(e.Slug, i+1), Type: "webpage", Title: safetext.VisibleLine(s.Title),
			URL: safetext.VisibleLine(s.URL), Publisher: safetext.VisibleLine(s.Publisher),
			Note: safetext.VisibleLine("On " + Title(e))}
		if d, err := seed.ParseDate(s.Date); err == nil {
			parts := []int{d.Year}
			if d.Month > 0 {
				parts = append(parts, d.Month)
				if d.Day > 0 {
					parts = append(parts, d.Day)
				}
			}
			items[i].Issued = &cslDate{DateParts: [][]int{parts}}
		}
	}
	out, err := json.MarshalIndent(items, "", "  ")
	if err != nil {
		return "", err
	}
	return string(out) + "\n", nil
}

// CiteBibTeX is the entry's sources as BibTeX @misc entries, every field escaped.
func CiteBibTeX(e *store.Entry) string {
	var b strings.Builder
	for i, s := range e.Sources {
		fmt.Fprintf(&b, "@misc{%s,\n", CiteKey(e.Slug, i+1))
		fmt.Fprintf(&b, "  title = {%s},\n", bibText(s.Title))
		if s.Publisher != "" {
			fmt.Fprintf(&b, "  publisher = {%s},\n", bibText(s.Publisher))
		}
		if d, err := seed.ParseDate(s.Date); err == nil {
			fmt.Fprintf(&b, "  year = {%d},\n", d.Year)
			if d.Month > 0 {
				fmt.Fprintf(&b, "  month = {%d},\n", d.Month)
			}
		}
		if seed.CheckURL(s.URL) == nil {
			fmt.Fprintf(&b, "  url = {%s},\n", bibURL(s.URL))
		}
		fmt.Fprintf(&b, "  note = {%s}\n}\n\n", bibText("On "+Title(e)))
	}
	return b.String()
}

// bibText escapes text for a braced BibTeX field: the characters TeX gives meaning to become
// their commands, so a title can neither close the field nor run TeX.
func bibText(s string) string {
	var b strings.Builder
	for _, r := range safetext.VisibleLine(s) {
		switch r {
		case '\\':
			b.WriteString(`\textbackslash{}`)
		case '{', '}', '%', '&', '$', '#', '_':
			b.WriteString(`\` + string(r))
		case '^':
			b.WriteString(`\^{}`)
		case '~':
			b.WriteString(`\~{}`)
		case '@':
			b.WriteString(`{@}`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// bibURL keeps a URL as it is, as BibTeX's url field wants (verbatim, percent signs and all),
// but percent-encodes the braces, backslashes and spaces that would end the field.
func bibURL(u string) string {
	return strings.NewReplacer("{", "%7B", "}", "%7D", `\`, "%5C", " ", "%20").Replace(safetext.VisibleLine(u))
}
