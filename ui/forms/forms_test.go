package forms

import (
	"errors"
	"io"
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
	taken := func(slug string) bool { return slug == "nhs-england" }
	in := answers(
		"NHS England", "", // name, acronym
		"", "nhs-england-2", // slug: the one made from the name is taken, so another
		"1",                // kind: body
		"0", "1", "3", "0", // nation: none is asked again; England and Wales
		"2026-13", "2026-04", // start: a bad date is asked again
		"2",           // fate: renamed
		"", "2027-04", // end: required once it ended
		"Renamed.",
		"A body.",
		"not a url", "https://example.org/x",
		"", "",
	)
	f := Add(&r, taken).WithAccessible(true).WithInput(in).WithOutput(io.Discard)
	if err := f.Run(); err != nil {
		t.Fatalf("form: %v", err)
	}
	e := r.Entry()
	if e.Slug != "nhs-england-2" || e.Kind != "body" || e.Start != "2026-04" || e.Fate != "renamed" || e.End != "2027-04" || e.Sources[0].URL != "https://example.org/x" ||
		strings.Join(e.Nation, ",") != "england,wales" {
		t.Errorf("entry: %+v", e)
	}
	if ps := seed.Validate([]seed.Entry{e}); len(ps) > 0 {
		t.Errorf("the form's entry is invalid: %v", ps)
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
	if err := Bury("CfH", &b, into).WithAccessible(true).WithInput(in).WithOutput(io.Discard).Run(); err != nil {
		t.Fatal(err)
	}
	got := b.Burial()
	if got.End != "2013-03-31" || got.Fate != "renamed" || got.Into != "hscic" || got.Note != "Gone." {
		t.Errorf("burial: %+v", got)
	}

	var n NoteResult
	if err := Note("CfH", &n).WithAccessible(true).WithInput(answers("", "checked", "")).WithOutput(io.Discard).Run(); err != nil {
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
	if err := Note("CfH", &n).WithAccessible(true).WithInput(in).WithOutput(io.Discard).Run(); err != nil {
		t.Fatal(err)
	}
	if n.Text != "checked" {
		t.Errorf("note %q", n.Text)
	}
	if err := text(seed.MaxLine, true, true)("EV\x1b[31mIL"); err == nil || !strings.Contains(err.Error(), `\x1b`) {
		t.Errorf("a name with ESC: %v", err)
	}
	if err := text(seed.MaxLine, true, true)(strings.Repeat("a", seed.MaxLine+1)); err == nil {
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
