package main

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"quango/store"
	"quango/store/storetest/fixture"
)

func TestSearchExitCodes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		args    []string
		code    int
		wantErr []string
	}{
		{"found", []string{"search", "hscic"}, 0, nil},
		{"several words", []string{"search", "nhs", "digital"}, 0, nil},
		{"nothing, a typo", []string{"search", "nhsxx"}, 1, []string{`no entry matches "nhsxx"`, "did you mean", "NHSX"}},
		{"nothing at all", []string{"search", "zzzzqqqq"}, 1, []string{`no entry matches "zzzzqqqq"`}},
		{"no query", []string{"search"}, 2, []string{"search needs a QUERY"}},
		{"blank query", []string{"search", " "}, 2, []string{"search needs a QUERY"}},
		{"negative limit", []string{"search", "nhs", "--limit", "-1"}, 2, []string{"--limit must be 0 or more"}},
		{"bad limit", []string{"search", "nhs", "--limit", "ten"}, 2, []string{`--limit "ten": want a whole number`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			run(t, nil, c.args...).check(t, c.code, c.wantErr...)
		})
	}
}

func TestSearchJSON(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "search", "nhs", "digital", "--json", "--limit", "5")
	r.check(t, 0)
	var hits []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &hits); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if len(hits) == 0 || len(hits) > 5 {
		t.Fatalf("%d hits, want 1 to 5", len(hits))
	}
	want := []string{"acronym", "end", "fate", "field", "kind", "name", "score", "slug", "start"}
	for _, h := range hits {
		if got := mapKeys(h); !slices.Equal(got, want) {
			t.Errorf("keys %v, want %v", got, want)
		}
	}
	first := hits[0]
	if first["slug"] != "hscic" || first["field"] != "alias" || first["end"] != "2023-02-01" {
		t.Errorf("first hit %v, want hscic by its alias NHS Digital", first)
	}
	for i := 1; i < len(hits); i++ {
		if hits[i-1]["score"].(float64) < hits[i]["score"].(float64) {
			t.Errorf("scores out of order: %v then %v", hits[i-1]["score"], hits[i]["score"])
		}
	}
	alive := run(t, nil, "search", "nhse", "--json", "--limit", "1")
	if !strings.Contains(alive.stdout, `"end": null`) {
		t.Errorf("a living entry's end should be null: %s", alive.stdout)
	}
}

func TestSearchPlain(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "search", "nhs", "--limit", "3")
	r.check(t, 0)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3:\n%s", len(lines), r.stdout)
	}
	for _, l := range lines {
		if n := len(strings.Split(l, "\t")); n != 6 {
			t.Errorf("%d fields in %q, want slug, acronym, name, lived, fate, field", n, l)
		}
	}
	if lines[0] != "nhs-england\tNHSE\tNHS England\t2012–\tactive\tacronym" {
		t.Errorf("first line %q", lines[0])
	}
	if all := run(t, nil, "search", "nhs", "--limit", "0"); strings.Count(all.stdout, "\n") <= searchLimit {
		t.Errorf("--limit 0 printed %d hits; want every hit", strings.Count(all.stdout, "\n"))
	}
	if r := run(t, nil, "search", "nhs"); strings.Count(r.stdout, "\n") != searchLimit {
		t.Errorf("default limit printed %d hits, want %d", strings.Count(r.stdout, "\n"), searchLimit)
	}
}

// TestSearchLooseHitsSuggest: a mistyped acronym still finds loose matches, and says which
// acronym it may have meant.
func TestSearchLooseHitsSuggest(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "search", "e-referals")
	r.check(t, 0)
	if !strings.HasPrefix(r.stdout, "e-referral-service\t") {
		t.Errorf("stdout %q", r.stdout)
	}
	if r.stderr != "quango: did you mean e-RS?\n" {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestSearchTable(t *testing.T) {
	t.Parallel()
	s := fixture.Open(t)
	var hits []store.Hit
	for _, q := range []string{"beta dig", "info"} {
		res, err := s.Search(context.Background(), q, 2)
		if err != nil {
			t.Fatal(err)
		}
		hits = append(hits, res.Hits...)
	}
	var plain, coloured bytes.Buffer
	if err := writeSearchTable(&plain, hits, 5, 100, false); err != nil {
		t.Fatal(err)
	}
	if err := writeSearchTable(&coloured, hits, 5, 100, true); err != nil {
		t.Fatal(err)
	}
	want := `ACRONYM  NAME                         LIVED      FATE       MATCHED
BIC      Beta Information Centre      2005–2023  merged     alias "Beta Digital"
BIC      Beta Information Centre      2005–2023  merged     name
AA       Alpha Information Authority  1999–2005  abolished  name
3 of 5 hits (--limit 0 shows them all)
`
	if plain.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", plain.String(), want)
	}
	if got := ansi.Strip(coloured.String()); got != want {
		t.Errorf("coloured table, without its colour:\n%s\nwant:\n%s", got, want)
	}
	// The matched letters are marked, and only they: "Beta Dig" of the alias on the first row,
	// "Info" of the name on the second.
	mark := searchMark().Render
	lines := strings.Split(coloured.String(), "\n")
	if !strings.HasPrefix(lines[1], "BIC ") || !strings.Contains(lines[1], `alias "`+mark("B")+mark("e")) ||
		!strings.HasSuffix(lines[1], mark("g")+`ital"`) {
		t.Errorf("alias row: %q", lines[1])
	}
	if !strings.Contains(lines[2], "Beta "+mark("I")+mark("n")+mark("f")+mark("o")+"rmation") {
		t.Errorf("name row: %q", lines[2])
	}
}

func TestHighlight(t *testing.T) {
	t.Parallel()
	mark := searchMark()
	if got := highlight("CfH", nil, mark); got != "CfH" {
		t.Errorf("no positions: %q", got)
	}
	got := highlight("£1m fund", []int{1, 4}, mark)
	if ansi.Strip(got) != "£1m fund" || strings.Count(got, "\x1b[") < 2 {
		t.Errorf("%q", got)
	}
	if !strings.HasPrefix(got, "£\x1b[") {
		t.Errorf("position 1 is the rune after £, not a byte: %q", got)
	}
}
