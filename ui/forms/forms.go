// Package forms holds the huh forms that write to the user's catalogue: add an entry, bury one,
// note one. `quango add` runs them on the terminal; the explorer embeds the same forms (a
// *huh.Form is a Bubble Tea model) and, when one completes, hands its result to the store.
//
// Each constructor takes a result to fill and returns the form. Fields check their own values
// as the user types (dates, URLs, slugs, closed vocabularies); the store validates the whole
// entry again when it is written, so a form can never save an invalid catalogue.
package forms

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"charm.land/huh/v2"

	"quango/seed"
	"quango/store"
)

// AddResult is what the add form collects.
type AddResult struct {
	Name, Acronym, Slug string
	Kind, Start         string
	Nation              []string
	Fate, End, FateNote string
	Summary             string
	SourceTitle, Source string
	Note                string
}

// Entry is the result as a catalogue entry; the store validates it when it is written.
func (r *AddResult) Entry() seed.Entry {
	slug := strings.TrimSpace(r.Slug)
	if slug == "" {
		slug = SlugFor(r.Acronym, r.Name)
	}
	e := seed.Entry{
		Slug:     slug,
		Acronym:  strings.TrimSpace(r.Acronym),
		Name:     strings.TrimSpace(r.Name),
		Kind:     r.Kind,
		Nation:   r.Nation,
		Start:    strings.TrimSpace(r.Start),
		Fate:     r.Fate,
		FateNote: oneLine(r.FateNote),
		Summary:  oneLine(r.Summary),
		Sources:  []seed.Source{{Title: strings.TrimSpace(r.SourceTitle), URL: strings.TrimSpace(r.Source)}},
	}
	if r.Fate != "active" {
		e.End = strings.TrimSpace(r.End)
	}
	if e.Sources[0].Title == "" {
		e.Sources[0].Title = e.Name
	}
	return e
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// SlugFor suggests a slug from an entry's name (or its acronym when the name gives none).
func SlugFor(acronym, name string) string {
	for _, s := range []string{name, acronym} {
		if slug := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-"); slug != "" {
			return slug
		}
	}
	return ""
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Add is the form for a new entry. taken reports whether a slug is already in the database.
func Add(r *AddResult, taken func(slug string) bool) *huh.Form {
	if r.Kind == "" {
		r.Kind = "body"
	}
	if r.Fate == "" {
		r.Fate = "active"
	}
	return huh.NewForm(
		huh.NewGroup(
			huh.NewInput().Title("Name").Description("The full official name.").Value(&r.Name).Validate(text(seed.MaxLine, true, true)),
			huh.NewInput().Title("Acronym").Description("The acronym people use; leave empty if none.").Value(&r.Acronym).Validate(text(seed.MaxAcronym, true, false)),
			huh.NewInput().Title("Slug").
				DescriptionFunc(func() string { return "Its id; empty means " + orDash(SlugFor(r.Acronym, r.Name)) + "." }, &r.Name).
				Value(&r.Slug).
				Validate(func(s string) error {
					if s = strings.TrimSpace(s); s == "" {
						s = SlugFor(r.Acronym, r.Name)
					}
					return checkSlug(s, taken)
				}),
			huh.NewSelect[string]().Title("Kind").Options(huh.NewOptions(seed.Kinds...)...).Value(&r.Kind),
			huh.NewMultiSelect[string]().Title("Nation").Description("Where it served: space picks one or more.").
				Options(huh.NewOptions(seed.Nations...)...).Value(&r.Nation).
				Validate(func(ns []string) error {
					if len(ns) == 0 {
						return errors.New("pick at least one nation")
					}
					return nil
				}),
			huh.NewInput().Title("Start").Description("YYYY, YYYY-MM or YYYY-MM-DD.").Value(&r.Start).Validate(date(true)),
		),
		huh.NewGroup(
			huh.NewSelect[string]().Title("Fate").Options(huh.NewOptions(seed.Fates...)...).Value(&r.Fate),
			huh.NewInput().Title("End").Description("When it ended; empty while it is active.").Value(&r.End).
				Validate(func(s string) error {
					if r.Fate == "active" {
						if strings.TrimSpace(s) != "" {
							return errors.New("an active entry has no end")
						}
						return nil
					}
					return date(true)(s)
				}),
			huh.NewInput().Title("Fate note").Description("One line on how it ended, or its present state.").Value(&r.FateNote).Validate(text(seed.MaxNote, false, true)),
		),
		huh.NewGroup(
			huh.NewText().Title("Summary").Description("One paragraph: what it was.").Value(&r.Summary).Validate(text(seed.MaxSummary, false, true)),
			huh.NewInput().Title("Source URL").Description("A page that states its dates or fate.").Value(&r.Source).Validate(seed.CheckURL),
			huh.NewInput().Title("Source title").Description("Empty uses the entry's name.").Value(&r.SourceTitle).Validate(text(seed.MaxTitle, true, false)),
			huh.NewText().Title("Note").Description("Optional: a dated note of your own.").Value(&r.Note).Validate(text(seed.MaxNote, false, false)),
		),
	)
}

// BuryResult is what the bury form collects.
type BuryResult struct {
	End, Fate, Into, Note, Source string
}

// Burial is the result as the store records it.
func (r *BuryResult) Burial() store.Burial {
	return store.Burial{End: strings.TrimSpace(r.End), Fate: r.Fate, Into: strings.TrimSpace(r.Into),
		Note: strings.TrimSpace(r.Note), Source: strings.TrimSpace(r.Source)}
}

// Bury is the form that records how the entry called label ended. into checks that what the
// user names as its successor resolves (the explorer passes the store's Resolve, returning the
// slug); nil accepts anything. BuryResult.Into keeps what the user typed: resolve it again
// before store.Bury, which wants a slug.
func Bury(label string, r *BuryResult, into func(query string) (string, error)) *huh.Form {
	if r.Fate == "" {
		r.Fate = "abolished"
	}
	return huh.NewForm(huh.NewGroup(
		huh.NewNote().Title("Bury "+label),
		huh.NewInput().Title("End").Description("YYYY, YYYY-MM or YYYY-MM-DD.").Value(&r.End).Validate(date(true)),
		huh.NewSelect[string]().Title("Fate").Options(huh.NewOptions(seed.Fates[1:]...)...).Value(&r.Fate),
		huh.NewInput().Title("Into").Description("Optional: what it became or what took over (acronym, name or slug).").
			Value(&r.Into).
			Validate(func(s string) error {
				if strings.TrimSpace(s) == "" || into == nil {
					return nil
				}
				_, err := into(s)
				return err
			}),
		huh.NewInput().Title("Source URL").Description("Optional: a page that states the end.").Value(&r.Source).
			Validate(func(s string) error {
				if strings.TrimSpace(s) == "" {
					return nil
				}
				return seed.CheckURL(strings.TrimSpace(s))
			}),
		huh.NewText().Title("Note").Description("Optional: kept as the fate note and as a dated note.").Value(&r.Note).
			Validate(text(seed.MaxNote, false, false)),
	))
}

// NoteResult is what the note form collects.
type NoteResult struct{ Text string }

// Note is the form for a dated note on the entry called label.
func Note(label string, r *NoteResult) *huh.Form {
	return huh.NewForm(huh.NewGroup(
		huh.NewText().Title("Note on " + label).Description("Dated today; shown in the entry and its export.").
			Value(&r.Text).Validate(text(seed.MaxNote, false, true)),
	))
}

// text checks free text as the store will: no control characters, at most max bytes, one line
// where oneLine says so; needed makes it required.
func text(max int, oneLine, needed bool) func(string) error {
	return func(s string) error {
		s = strings.TrimSpace(s)
		if s == "" {
			if needed {
				return errors.New("required")
			}
			return nil
		}
		return seed.CheckText(s, max, oneLine)
	}
}

func date(needed bool) func(string) error {
	return func(s string) error {
		s = strings.TrimSpace(s)
		if s == "" {
			if needed {
				return errors.New("required")
			}
			return nil
		}
		_, err := seed.ParseDate(s)
		return err
	}
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func checkSlug(s string, taken func(string) bool) error {
	switch {
	case s == "":
		return errors.New("required: give a name or a slug")
	case !slugPattern.MatchString(s):
		return fmt.Errorf("%q: use lower-case letters, digits and single hyphens", s)
	case taken != nil && taken(s):
		return fmt.Errorf("%q is already used", s)
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
