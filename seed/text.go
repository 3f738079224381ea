package seed

import (
	"fmt"
	"strings"

	"quango/seed/safetext"
)

// Sizes, in bytes, that no field may exceed: a few times the longest in the built-in catalogue,
// small enough that no entry can stall a keystroke in the explorer or fill memory on import.
const (
	MaxAcronym  = 40
	MaxLine     = 300    // a name, an alias, a source's publisher
	MaxTitle    = 500    // a source's title
	MaxURL      = 2000   // a source's address
	MaxNote     = 4000   // a fate note, a relation's note, an event, a dated note
	MaxSummary  = 8000   // the first paragraph
	MaxHistory  = 100000 // the rest of the entry's text
	MaxListSize = 200    // aliases, tags, relations, sources or events of one entry
)

// ReservedSlug names export --all's index note, so no entry may take it.
const ReservedSlug = "index"

// CheckText returns why value may not be stored in a field of at most max bytes, or nil: a
// control character (safetext.Check), a line break where one line is expected, or its size.
func CheckText(value string, max int, oneLine bool) error {
	if err := safetext.Check(value); err != nil {
		return err
	}
	if oneLine && strings.ContainsAny(value, "\n\t") {
		return fmt.Errorf("must be one line")
	}
	if len(value) > max {
		return fmt.Errorf("is %d bytes long; at most %d are allowed", len(value), max)
	}
	return nil
}

// checkLimits applies the rules that keep hostile or careless input out, naming the field of
// each problem: CheckText on every free-text field, list sizes, and no slug that export --all
// needs for a file of its own.
func checkLimits(e Entry, add func(field, format string, args ...any)) {
	if e.Slug == ReservedSlug {
		add("slug", "%q is reserved: export --all writes the index of its notes as %s.md", e.Slug, ReservedSlug)
	}
	text := func(field, value string, max int, oneLine bool) {
		if err := CheckText(value, max, oneLine); err != nil {
			add(field, "%s", err)
		}
	}
	count := func(field string, n int) {
		if n > MaxListSize {
			add(field, "has %d items; at most %d are allowed", n, MaxListSize)
		}
	}
	text("acronym", e.Acronym, MaxAcronym, true)
	text("name", e.Name, MaxLine, true)
	text("fate_note", e.FateNote, MaxNote, false)
	text("summary", e.Summary, MaxSummary, false)
	text("history", e.History, MaxHistory, false)
	count("aliases", len(e.Aliases))
	for i, a := range e.Aliases {
		text(fmt.Sprintf("aliases[%d]", i), a, MaxLine, true)
	}
	count("tags", len(e.Tags))
	count("relations", len(e.Relations))
	for i, r := range e.Relations {
		text(fmt.Sprintf("relations[%d].note", i), r.Note, MaxNote, false)
	}
	count("sources", len(e.Sources))
	for i, s := range e.Sources {
		checkSourceText(text, fmt.Sprintf("sources[%d]", i), s)
	}
	count("events", len(e.Events))
	for i, ev := range e.Events {
		text(fmt.Sprintf("events[%d].text", i), ev.Text, MaxNote, false)
	}
	if e.Cost != nil {
		text("cost.note", e.Cost.Note, MaxNote, false)
		checkSourceText(text, "cost.source", e.Cost.Source)
	}
}

func checkSourceText(text func(string, string, int, bool), field string, s Source) {
	text(field+".title", s.Title, MaxTitle, true)
	text(field+".url", s.URL, MaxURL, true)
	text(field+".publisher", s.Publisher, MaxLine, true)
}
