package seed

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestCatalogueIsValid runs the validator over the embedded catalogue and prints every problem on
// its own line, naming the file and field, so an editor can fix them all in one pass.
func TestCatalogueIsValid(t *testing.T) {
	entries, err := Catalogue()
	if err != nil {
		var ps Problems
		if errors.As(err, &ps) {
			for _, p := range ps {
				t.Error(p.Error())
			}
			return
		}
		t.Fatal(err)
	}
	if len(entries) < 10 {
		t.Fatalf("the catalogue has %d entries; the foundation needs at least 10", len(entries))
	}
	if len(Version()) != 12 {
		t.Errorf("Version() = %q, want 12 hex digits", Version())
	}
}

const validFile = `---
slug: alpha
acronym: ALP
name: Alpha Authority
nation: [england, wales]
kind: body
start: 2002-10
end: 2011
fate: abolished
fate_note: Closed down.
relations:
  - type: replaced_by
    to: beta
    date: 2011-09-22
sources:
  - title: Alpha
    url: https://example.org/alpha
---
Alpha was a body.

It lived and died.
`

func TestParse(t *testing.T) {
	e, err := Parse("catalogue/alpha.md", []byte(validFile))
	if err != nil {
		t.Fatal(err)
	}
	if e.Slug != "alpha" || e.Start != "2002-10" || e.End != "2011" || e.Relations[0].Date != "2011-09-22" {
		t.Errorf("fields read wrong: %+v", e)
	}
	if e.Summary != "Alpha was a body." || e.History != "It lived and died." {
		t.Errorf("body split wrong: summary %q history %q", e.Summary, e.History)
	}
}

func TestParseRejects(t *testing.T) {
	cases := map[string]struct{ data, want string }{
		"no front matter":  {"# hello\n", "must start with"},
		"empty":            {"", "the file is empty"},
		"blank":            {" \n\n", "the file is empty"},
		"unclosed":         {"---\nslug: a\n", "not closed"},
		"unknown field":    {"---\nslug: a\ncolour: red\n---\nx\n", "field colour not found"},
		"broken yaml":      {"---\nslug: [a\n---\nx\n", "front matter"},
		"wrong value type": {"---\naliases: nope\n---\nx\n", "front matter"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("catalogue/a.md", []byte(c.data))
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "catalogue/a.md: ") {
				t.Errorf("error = %v, want one naming the file and containing %q", err, c.want)
			}
		})
	}
}

func validPair(t *testing.T) []Entry {
	t.Helper()
	a, err := Parse("catalogue/alpha.md", []byte(validFile))
	if err != nil {
		t.Fatal(err)
	}
	b := Entry{Slug: "beta", Name: "Beta", Nation: []string{"scotland"}, Kind: "body", Start: "2011", Fate: "active", FateNote: "Alive.",
		Sources: []Source{{Title: "Beta", URL: "http://example.org/beta"}}, Summary: "Beta is.", File: "catalogue/beta.md"}
	if ps := Validate([]Entry{a, b}); len(ps) != 0 {
		t.Fatalf("the valid pair is rejected: %v", ps)
	}
	return []Entry{a, b}
}

func TestValidateRejects(t *testing.T) {
	cases := []struct {
		name, field, want string
		spoil             func(es []Entry)
	}{
		{"missing name", "name", "is required", func(es []Entry) { es[0].Name = "" }},
		{"missing kind", "kind", "is required", func(es []Entry) { es[0].Kind = "" }},
		{"missing start", "start", "is required", func(es []Entry) { es[0].Start = "" }},
		{"missing fate note", "fate_note", "is required", func(es []Entry) { es[0].FateNote = " " }},
		{"missing summary", "summary", "is required", func(es []Entry) { es[0].Summary = "" }},
		{"missing sources", "sources", "at least one source", func(es []Entry) { es[0].Sources = nil }},
		{"bad slug", "slug", "lower-case", func(es []Entry) { es[0].Slug = "Alpha_1" }},
		{"slug not file name", "slug", "does not match the file name", func(es []Entry) { es[0].File = "catalogue/other.md" }},
		{"bad start date", "start", "is not a date", func(es []Entry) { es[0].Start = "2002-13" }},
		{"impossible day", "end", "is not a date", func(es []Entry) { es[0].End = "2011-02-30" }},
		{"bad relation date", "relations[0].date", "is not a date", func(es []Entry) { es[0].Relations[0].Date = "22/09/2011" }},
		{"end before start", "end", "is before start", func(es []Entry) { es[0].End = "2001" }},
		{"unknown kind", "kind", "is not one of", func(es []Entry) { es[0].Kind = "quango" }},
		{"unknown fate", "fate", "is not one of", func(es []Entry) { es[0].Fate = "vanished" }},
		{"unknown relation", "relations[0].type", "is not one of", func(es []Entry) { es[0].Relations[0].Type = "became" }},
		{"relation to missing slug", "relations[0].to", `no entry has the slug "gamma"`, func(es []Entry) { es[0].Relations[0].To = "gamma" }},
		{"parent missing", "parent", "no entry has the slug", func(es []Entry) { es[1].Parent = "nowhere" }},
		{"lineage cycle", "relations", "lineage cycle: alpha → beta → alpha", func(es []Entry) {
			es[1].Relations = []Relation{{Type: "merged_into", To: "alpha"}}
		}},
		{"duplicate slug", "slug", "is already used by catalogue/alpha.md", func(es []Entry) {
			es[1].Slug, es[1].File = "alpha", "catalogue/alpha.md"
		}},
		{"source without http url", "sources[0].url", "is not an http(s) URL", func(es []Entry) { es[0].Sources[0].URL = "ftp://example.org/x" }},
		{"source url missing", "sources[0].url", "is required", func(es []Entry) { es[0].Sources[0].URL = "" }},
		{"javascript url", "sources[0].url", "is not an http(s) URL", func(es []Entry) { es[0].Sources[0].URL = "javascript:alert(1)" }},
		{"active with end", "end", "an active entry has no end", func(es []Entry) { es[1].End = "2020" }},
		{"dead without end", "end", "is required when fate is abolished", func(es []Entry) { es[0].End = "" }},
		{"announced end on a dead entry", "end_announced", "only for active", func(es []Entry) { es[0].EndAnnounced = "2010" }},
		{"missing nation", "nation", "is required", func(es []Entry) { es[0].Nation = nil }},
		{"unknown nation", "nation[1]", `"cornwall" is not one of`, func(es []Entry) { es[0].Nation = []string{"england", "cornwall"} }},
		{"nation twice", "nation[1]", "listed twice", func(es []Entry) { es[0].Nation = []string{"wales", "wales"} }},
		{"unknown hedged date", "approximate", `"birth" is not one of`, func(es []Entry) { es[0].Approximate = Hedges{"birth"} }},
		{"hedged date that is absent", "approximate", "has no end", func(es []Entry) { es[1].Approximate = Hedges{"end"} }},
		{"end the day before the change", "end", "is not the day of the replaced_by relation to beta (2011-09-22)", func(es []Entry) { es[0].End = "2011-09-21" }},
		{"two-entry parent cycle", "parent", "parent cycle: alpha → beta → alpha", func(es []Entry) { es[0].Parent, es[1].Parent = "beta", "alpha" }},
		{"repeated relation", "relations[1]", "repeats relations[0]", func(es []Entry) { es[0].Relations = append(es[0].Relations, es[0].Relations[0]) }},
		{"bad cost", "cost.currency", "three-letter", func(es []Entry) {
			es[0].Cost = &Cost{Amount: 1, Currency: "pounds", Year: 2011, Source: Source{Title: "t", URL: "https://x.org"}}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			es := validPair(t)
			c.spoil(es)
			ps := Validate(es)
			for _, p := range ps {
				if p.Field == c.field && strings.Contains(p.Msg, c.want) && strings.HasPrefix(p.File, "catalogue/") {
					return
				}
			}
			t.Errorf("want a problem on %s containing %q; got %v", c.field, c.want, ps)
		})
	}
}

// The date rule holds however precise the relation is: a day-precise end equal to the change's
// day passes, and a month-precise relation date never contradicts a day-precise end.
func TestEndOnTheDayOfTheChange(t *testing.T) {
	es := validPair(t)
	es[0].End = "2011-09-22"
	if ps := Validate(es); len(ps) != 0 {
		t.Errorf("end on the relation's day rejected: %v", ps)
	}
	es[0].End, es[0].Relations[0].Date = "2011-09-21", "2011-09"
	if ps := Validate(es); len(ps) != 0 {
		t.Errorf("a month-precise relation date rejected a day-precise end: %v", ps)
	}
}

func TestHedgesReadBothForms(t *testing.T) {
	for in, want := range map[string]string{"approximate: [end]": "end", "approximate: [end, start]": "start,end", "approximate: true": "start,end", "approximate: false": ""} {
		e, err := Parse("catalogue/alpha.md", []byte(strings.Replace(validFile, "kind: body", in+"\nkind: body", 1)))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got := e.Approximate.String(); got != want {
			t.Errorf("%s reads as %q, want %q", in, got, want)
		}
	}
	var h Hedges
	if err := json.Unmarshal([]byte("true"), &h); err != nil || h.String() != "start,end" {
		t.Errorf("JSON true reads as %q, %v", h, err)
	}
	if b, _ := json.Marshal(Hedges(nil)); string(b) != "[]" {
		t.Errorf("no hedges marshal as %s, want []", b)
	}
}

func TestParseDate(t *testing.T) {
	good := map[string]string{"2002": "2002", "2002-10": "2002-10", "2024-02-29": "2024-02-29"}
	for in, want := range good {
		d, err := ParseDate(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDate(%q) = %v, %v", in, d, err)
		}
	}
	for _, in := range []string{"", "02", "2002-1", "2002-00", "2023-02-29", "2002/10", "20O2", "-200", "2002-10-1x", "２００２"} {
		if _, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) accepted a bad date", in)
		}
	}
	d, _ := ParseDate("2005")
	if d.Earliest().Format("2006-01-02") != "2005-01-01" || d.Latest().Format("2006-01-02") != "2005-12-31" {
		t.Errorf("2005 spans %v to %v", d.Earliest(), d.Latest())
	}
}

// TestVersionMatchesLoad: the cheap digest and the full load name the same catalogue.
func TestVersionMatchesLoad(t *testing.T) {
	_, v, err := Load(files, "seed/")
	if err != nil {
		t.Fatal(err)
	}
	if v != Version() {
		t.Errorf("Load's version %s differs from Version() %s", v, Version())
	}
}
