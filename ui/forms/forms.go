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
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"quango/seed"
	"quango/seed/safetext"
	"quango/store"
)

// Config is what the forms need from their caller: the database's answers and the editor.
type Config struct {
	// Taken reports whether a slug is already in the database (the add form's slug).
	Taken func(slug string) bool
	// Resolve finds the entry a query names and returns its slug (a parent, a relation's
	// target, what a buried entry became); nil accepts anything.
	Resolve func(query string) (string, error)
	// Editor is the command Ctrl+E opens a text box in (FindEditor); empty turns Ctrl+E off.
	Editor []string
}

func (c Config) text() *huh.Text {
	t := huh.NewText()
	if len(c.Editor) == 0 {
		return t.ExternalEditor(false)
	}
	return t.Editor(c.Editor...).EditorExtension("md")
}

// resolves checks, as it is typed, that an optional query names an entry.
func (c Config) resolves(s string) error {
	if strings.TrimSpace(s) == "" || c.Resolve == nil {
		return nil
	}
	_, err := c.Resolve(strings.TrimSpace(s))
	return err
}

// FindEditor is the editor Ctrl+E opens, as quango edit chooses it: $VISUAL, else $EDITOR,
// else vi, with its arguments ("code -w"). It fails, saying why, when that editor is not
// installed: the form then keeps Ctrl+E off rather than leave the screen to a command that
// cannot start.
func FindEditor(getenv func(string) string) ([]string, error) {
	from, words := "", []string{"vi"}
	for _, v := range []string{"VISUAL", "EDITOR"} {
		if w := strings.Fields(getenv(v)); len(w) > 0 {
			from, words = "$"+v, w
			break
		}
	}
	if _, err := exec.LookPath(words[0]); err != nil {
		if from == "" {
			return nil, errors.New("no editor: $VISUAL and $EDITOR are not set and vi is not installed")
		}
		return nil, fmt.Errorf("the editor %q (%s) is not installed", words[0], from)
	}
	return words, nil
}

// Form is a huh form whose checks stop only a move forward. huh checks a field whenever it is
// left, back as well as forward, and will not go back a page while a field on it is wrong: so
// Shift+Tab from an empty required field went nowhere. A Form's checks pass while it moves back;
// what was typed is checked when the user comes forward past it again, and on submitting.
// It runs on its own (Run, as huh's) or inside another Bubble Tea model (Update).
type Form struct {
	*huh.Form
	back *backward
}

// backward is set while the form is moving back a field, for the checks of that form's fields.
type backward struct{ now bool }

// forward makes check pass while the form moves back.
func forward[T any](b *backward, check func(T) error) func(T) error {
	return func(v T) error {
		if b.now {
			return nil
		}
		return check(v)
	}
}

func newForm(b *backward, groups ...*huh.Group) *Form {
	f := &Form{Form: huh.NewForm(groups...), back: b}
	// Run gives messages to huh's own program: the filter sees each one before the form does.
	// These options replace huh's, which are its output alone.
	f.WithProgramOptions(tea.WithOutput(os.Stderr), tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
		msg = typeable(msg)
		f.watch(msg)
		return msg
	}))
	return f
}

// Update gives msg to the form, its checks knowing which way it moves.
func (f *Form) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	if msg = typeable(msg); msg == nil {
		return f, nil
	}
	f.watch(msg)
	_, cmd := f.Form.Update(msg)
	return f, cmd
}

// typeable drops from typed or pasted text what no field may hold (a control or bidi
// character, which the checks would refuse anyway): a field draws what it holds, so such a
// character would otherwise reach the screen before any check saw it. A key left with no text
// is no key (nil).
func typeable(msg tea.Msg) tea.Msg {
	switch m := msg.(type) {
	case tea.PasteMsg:
		m.Content = safetext.Drop(m.Content)
		return m
	case tea.KeyPressMsg:
		if !strings.ContainsFunc(m.Text, safetext.Forbidden) {
			return m
		}
		if m.Text = safetext.Drop(m.Text); m.Text == "" {
			return nil
		}
		return m
	}
	return msg
}

// watch notes whether msg moves the form back: Shift+Tab (a select or a text box checks its
// value on the key itself), or huh's message to go to the field before, which leaves the
// field and so checks it.
func (f *Form) watch(msg tea.Msg) {
	k, isKey := msg.(tea.KeyPressMsg)
	f.back.now = msg == huh.PrevField() || isKey && k.String() == "shift+tab"
}

// AddResult is what the add form collects.
type AddResult struct {
	Name, Acronym, Slug string
	Aliases, Tags       string // comma-separated
	Parent              string // a query naming the parent entry; a slug after Resolve
	Kind, Start         string
	Nation              []string
	Fate, End, FateNote string
	// Relation is a relation type to RelationTo (a query; a slug after Resolve), or "".
	Relation, RelationTo string
	Summary              string
	SourceTitle, Source  string
	Note                 string
}

// Resolve turns the entries the user named (parent, relation) into their slugs.
func (r *AddResult) Resolve(resolve func(query string) (string, error)) error {
	for _, ref := range []*string{&r.Parent, &r.RelationTo} {
		if q := strings.TrimSpace(*ref); q != "" {
			slug, err := resolve(q)
			if err != nil {
				return err
			}
			*ref = slug
		}
	}
	return nil
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
		Aliases:  list(r.Aliases),
		Kind:     r.Kind,
		Nation:   r.Nation,
		Start:    strings.TrimSpace(r.Start),
		Fate:     r.Fate,
		FateNote: oneLine(r.FateNote),
		Parent:   strings.TrimSpace(r.Parent),
		Tags:     list(strings.ToLower(r.Tags)),
		Summary:  oneLine(r.Summary),
		Sources:  []seed.Source{{Title: strings.TrimSpace(r.SourceTitle), URL: strings.TrimSpace(r.Source)}},
	}
	if r.Fate != "active" {
		e.End = strings.TrimSpace(r.End)
	}
	if to := strings.TrimSpace(r.RelationTo); r.Relation != "" && to != "" {
		e.Relations = []seed.Relation{{Type: r.Relation, To: to, Date: e.End}}
	}
	if e.Sources[0].Title == "" {
		e.Sources[0].Title = e.Name
	}
	return e
}

// list splits a comma-separated field, dropping empty items.
func list(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = oneLine(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// Compiled on first use, not while every command starts.
var nonSlug = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^a-z0-9]+`) })

// SlugFor suggests a slug from an entry's name (or its acronym when the name gives none).
func SlugFor(acronym, name string) string {
	for _, s := range []string{name, acronym} {
		if slug := strings.Trim(nonSlug().ReplaceAllString(strings.ToLower(s), "-"), "-"); slug != "" {
			return slug
		}
	}
	return ""
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Add is the form for a new entry.
func Add(r *AddResult, c Config) *Form {
	b := &backward{}
	if r.Kind == "" {
		r.Kind = "body"
	}
	if r.Fate == "" {
		r.Fate = "active"
	}
	relations := []huh.Option[string]{huh.NewOption("none", "")}
	relations = append(relations, huh.NewOptions(seed.RelationTypes...)...)
	return newForm(b,
		huh.NewGroup(
			huh.NewInput().Title("Name").Description("The full official name.").Value(&r.Name).Validate(forward(b, checkText(seed.MaxLine, true, true))),
			huh.NewInput().Title("Acronym").Description("The acronym people use; leave empty if none.").Value(&r.Acronym).Validate(forward(b, checkText(seed.MaxAcronym, true, false))),
			huh.NewInput().Title("Aliases").Description("Optional: other names and acronyms, separated by commas.").Value(&r.Aliases).
				Validate(forward(b, checkText(seed.MaxListSize*seed.MaxLine, true, false))),
			huh.NewInput().Title("Slug").
				DescriptionFunc(func() string { return "Its id; empty means " + orDash(SlugFor(r.Acronym, r.Name)) + "." }, &r.Name).
				Value(&r.Slug).
				Validate(forward(b, func(s string) error {
					if s = strings.TrimSpace(s); s == "" {
						s = SlugFor(r.Acronym, r.Name)
					}
					return checkSlug(s, c.Taken)
				})),
			huh.NewSelect[string]().Title("Kind").Options(huh.NewOptions(seed.Kinds...)...).Value(&r.Kind),
			huh.NewMultiSelect[string]().Title("Nation").Description("Where it served: space picks one or more.").
				Options(huh.NewOptions(seed.Nations...)...).Value(&r.Nation).
				Validate(forward(b, func(ns []string) error {
					if len(ns) == 0 {
						return errors.New("pick at least one nation")
					}
					return nil
				})),
			huh.NewInput().Title("Start").Description("YYYY, YYYY-MM or YYYY-MM-DD.").Value(&r.Start).Validate(forward(b, date(true))),
			huh.NewInput().Title("Part of").Description("Optional: the entry it belongs to (acronym, name or slug).").
				Value(&r.Parent).Validate(forward(b, c.resolves)),
			huh.NewInput().Title("Tags").Description("Optional: lower-case words, separated by commas.").Value(&r.Tags).
				Validate(forward(b, func(s string) error {
					for _, t := range list(strings.ToLower(s)) {
						if !slugPattern().MatchString(t) {
							return fmt.Errorf("tag %q: use letters, digits and single hyphens", t)
						}
					}
					return nil
				})),
		),
		huh.NewGroup(
			huh.NewSelect[string]().Title("Fate").Options(huh.NewOptions(seed.Fates...)...).Value(&r.Fate),
			huh.NewInput().Title("End").Description("When it ended; empty while it is active.").Value(&r.End).
				Validate(forward(b, func(s string) error {
					if r.Fate == "active" {
						if strings.TrimSpace(s) != "" {
							return errors.New("an active entry has no end")
						}
						return nil
					}
					return date(true)(s)
				})),
			huh.NewInput().Title("Fate note").Description("One line on how it ended, or its present state.").Value(&r.FateNote).Validate(forward(b, checkText(seed.MaxNote, false, true))),
			huh.NewSelect[string]().Title("Led to").Description("Optional: how it led to another entry.").Options(relations...).Value(&r.Relation),
			huh.NewInput().Title("Led to which entry").Description("Acronym, name or slug; empty when none.").Value(&r.RelationTo).
				Validate(forward(b, func(s string) error {
					if r.Relation != "" && strings.TrimSpace(s) == "" {
						return errors.New("required when it led somewhere; or choose none above")
					}
					return c.resolves(s)
				})),
		),
		huh.NewGroup(
			c.text().Title("Summary").Description("One paragraph: what it was.").Value(&r.Summary).Validate(forward(b, checkText(seed.MaxSummary, false, true))),
			huh.NewInput().Title("Source URL").Description("A page that states its dates or fate.").Value(&r.Source).Validate(forward(b, seed.CheckURL)),
			huh.NewInput().Title("Source title").Description("Empty uses the entry's name.").Value(&r.SourceTitle).Validate(forward(b, checkText(seed.MaxTitle, true, false))),
			c.text().Title("Note").Description("Optional: a dated note of your own.").Value(&r.Note).Validate(forward(b, checkText(seed.MaxNote, false, false))),
		),
	)
}

// ResetResult is what the reset form collects: the fields to give back to the catalogue.
type ResetResult struct{ Fields []string }

// Reset is the form that drops the user's edits to the entry called label: it offers the fields
// edited, all chosen at first.
func Reset(label string, edited []string, r *ResetResult) *Form {
	b := &backward{}
	if r.Fields == nil {
		r.Fields = slices.Clone(edited)
	}
	return newForm(b, huh.NewGroup(
		huh.NewMultiSelect[string]().Title("Reset "+label+" to the catalogue").
			Description("Your edits to the chosen fields go (space toggles); notes stay.").
			Options(huh.NewOptions(edited...)...).Value(&r.Fields).
			Height(len(edited)+3). // the title, the description, and a line to spare: huh counts them out of the options
			Validate(forward(b, func(fs []string) error {
				if len(fs) == 0 {
					return errors.New("choose a field, or esc to cancel")
				}
				return nil
			})),
	))
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
func Bury(label string, r *BuryResult, c Config) *Form {
	b := &backward{}
	if r.Fate == "" {
		r.Fate = "abolished"
	}
	return newForm(b, huh.NewGroup(
		huh.NewNote().Title("Bury "+label),
		huh.NewInput().Title("End").Description("YYYY, YYYY-MM or YYYY-MM-DD; a date after today records an announced end.").
			Value(&r.End).Validate(forward(b, date(true))),
		huh.NewSelect[string]().Title("Fate").Options(huh.NewOptions(seed.Fates[1:]...)...).Value(&r.Fate),
		huh.NewInput().Title("Into").Description("Optional: what it became or what took over (acronym, name or slug).").
			Value(&r.Into).Validate(forward(b, c.resolves)),
		huh.NewInput().Title("Source URL").Description("Optional: a page that states the end.").Value(&r.Source).
			Validate(forward(b, func(s string) error {
				if strings.TrimSpace(s) == "" {
					return nil
				}
				return seed.CheckURL(strings.TrimSpace(s))
			})),
		c.text().Title("Note").Description("Optional: kept as the fate note and as a dated note; empty keeps the fate note it has.").Value(&r.Note).
			Validate(forward(b, checkText(seed.MaxNote, false, false))),
	))
}

// NoteResult is what the note form collects.
type NoteResult struct{ Text string }

// Note is the form for a dated note on the entry called label.
func Note(label string, r *NoteResult, c Config) *Form {
	b := &backward{}
	return newForm(b, huh.NewGroup(
		c.text().Title("Note on "+label).Description("Dated today; shown in the entry and its export.").
			Value(&r.Text).Validate(forward(b, checkText(seed.MaxNote, false, true))),
	))
}

// checkText checks free text as the store will: no control characters, at most max bytes, one line
// where oneLine says so; needed makes it required.
func checkText(max int, oneLine, needed bool) func(string) error {
	return func(s string) error {
		s = strings.TrimSpace(s)
		if s == "" {
			if needed {
				return errors.New("is required")
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
				return errors.New("is required")
			}
			return nil
		}
		_, err := seed.ParseDate(s)
		return err
	}
}

// Compiled on first use, not while every command starts.
var slugPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`) })

func checkSlug(s string, taken func(string) bool) error {
	switch {
	case s == "":
		return errors.New("required: give a name or a slug")
	case !slugPattern().MatchString(s):
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
