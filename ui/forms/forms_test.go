package forms

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"quango/seed"
)

// answers feeds a form in huh's accessible mode, which reads one answer per line, a byte at a
// time (each field reads through its own buffer): the fields, their order and their checks are
// exercised as a user at a screen reader would meet them.
func answers(lines ...string) io.Reader {
	return iotest.OneByteReader(strings.NewReader(strings.Join(lines, "\n") + "\n"))
}

func TestAddFormFillsAValidEntry(t *testing.T) {
	var r AddResult
	c := Config{
		Taken: func(slug string) bool { return slug == "nhs-england" },
		Resolve: func(q string) (string, error) {
			if q == "dhsc" || q == "cfh" {
				return map[string]string{"dhsc": "department-of-health-and-social-care", "cfh": "connecting-for-health"}[q], nil
			}
			return "", errors.New("no entry matches")
		},
	}
	in := answers(
		"NHS England", "", // name, acronym
		"NHSE, NHS CB,",     // aliases
		"", "nhs-england-2", // slug: the one made from the name is taken, so another
		"1",                // kind: body
		"0", "1", "3", "0", // nation: none is asked again; England and Wales
		"2026-13", "2026-04", // start: a bad date is asked again
		"nowhere", "dhsc", // parent: one that exists
		"Structure, bad tag!", "structure, commissioning", // tags: each a slug
		"2",           // fate: renamed
		"", "2027-04", // end: required once it ended
		"Renamed.",
		"2",       // led to: renamed_to
		"", "cfh", // which entry: required once a relation is chosen
		"A body.",
		"not a url", "https://example.org/x",
		"", "",
	)
	f := Add(&r, c).WithAccessible(true).WithInput(in).WithOutput(io.Discard)
	if err := f.Run(); err != nil {
		t.Fatalf("form: %v", err)
	}
	if err := r.Resolve(c.Resolve); err != nil {
		t.Fatal(err)
	}
	e := r.Entry()
	if e.Slug != "nhs-england-2" || e.Kind != "body" || e.Start != "2026-04" || e.Fate != "renamed" || e.End != "2027-04" || e.Sources[0].URL != "https://example.org/x" ||
		strings.Join(e.Nation, ",") != "england,wales" {
		t.Errorf("entry: %+v", e)
	}
	if !reflect.DeepEqual(e.Aliases, []string{"NHSE", "NHS CB"}) || !reflect.DeepEqual(e.Tags, []string{"structure", "commissioning"}) ||
		e.Parent != "department-of-health-and-social-care" ||
		!reflect.DeepEqual(e.Relations, []seed.Relation{{Type: "renamed_to", To: "connecting-for-health", Date: "2027-04"}}) {
		t.Errorf("aliases %q tags %q parent %q relations %+v", e.Aliases, e.Tags, e.Parent, e.Relations)
	}
	// Alone, the entry's references lead nowhere; the rest must be valid.
	e.Parent, e.Relations = "", nil
	if ps := seed.Validate([]seed.Entry{e}); len(ps) > 0 {
		t.Errorf("the form's entry is invalid: %v", ps)
	}
}

func TestFindEditor(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	if got, err := FindEditor(env("VISUAL", "sh -c true", "EDITOR", "ed")); err != nil || !reflect.DeepEqual(got, []string{"sh", "-c", "true"}) {
		t.Errorf("$VISUAL first: %q, %v", got, err)
	}
	if got, err := FindEditor(env("EDITOR", "sh")); err != nil || !reflect.DeepEqual(got, []string{"sh"}) {
		t.Errorf("then $EDITOR: %q, %v", got, err)
	}
	if _, err := FindEditor(env("EDITOR", "no-such-editor-anywhere")); err == nil || !strings.Contains(err.Error(), "$EDITOR") {
		t.Errorf("a missing editor: %v", err)
	}
	t.Setenv("PATH", t.TempDir())
	if _, err := FindEditor(env()); err == nil || !strings.Contains(err.Error(), "vi is not installed") {
		t.Errorf("no editor at all: %v", err)
	}
}

func TestBuryAndNoteForms(t *testing.T) {
	var b BuryResult
	into := func(q string) (string, error) {
		if q == "hscic" {
			return "health-and-social-care-information-centre", nil
		}
		return "", errors.New("no entry matches")
	}
	in := answers("2013-03-31", "1", "nowhere", "hscic", "", "Gone.", "")
	if err := Bury("CfH", &b, Config{Resolve: into}).WithAccessible(true).WithInput(in).WithOutput(io.Discard).Run(); err != nil {
		t.Fatal(err)
	}
	got := b.Burial()
	if got.End != "2013-03-31" || got.Fate != "renamed" || got.Into != "hscic" || got.Note != "Gone." {
		t.Errorf("burial: %+v", got)
	}

	var n NoteResult
	if err := Note("CfH", &n, Config{}).WithAccessible(true).WithInput(answers("", "checked", "")).WithOutput(io.Discard).Run(); err != nil {
		t.Fatal(err)
	}
	if n.Text != "checked" {
		t.Errorf("note %q", n.Text)
	}
}

// TestFormsRefuseControlCharacters: text with an escape sequence is asked for again, as a bad
// date is, so it never reaches the store.
func TestFormsRefuseControlCharacters(t *testing.T) {
	var n NoteResult
	in := answers("EV\x1b]52;c;cm0gLXJmIH4=\x07IL", "bidi \u202e", "checked", "")
	if err := Note("CfH", &n, Config{}).WithAccessible(true).WithInput(in).WithOutput(io.Discard).Run(); err != nil {
		t.Fatal(err)
	}
	if n.Text != "checked" {
		t.Errorf("note %q", n.Text)
	}
	if err := checkText(seed.MaxLine, true, true)("EV\x1b[31mIL"); err == nil || !strings.Contains(err.Error(), `\x1b`) {
		t.Errorf("a name with ESC: %v", err)
	}
	if err := checkText(seed.MaxLine, true, true)(strings.Repeat("a", seed.MaxLine+1)); err == nil {
		t.Error("an overlong name passed")
	}
}

func TestSlugFor(t *testing.T) {
	for _, c := range [][3]string{{"NHSX", "NHSX", "nhsx"}, {"", "Care Quality Commission", "care-quality-commission"}, {"e-RS", "", "e-rs"}, {"", "", ""}} {
		if got := SlugFor(c[0], c[1]); got != c[2] {
			t.Errorf("SlugFor(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}
