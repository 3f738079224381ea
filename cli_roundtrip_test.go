package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"quango/seed"
	"quango/store"
	"quango/store/storetest/fixture"
)

// oddEntries are entries whose text tests the export format's escaping and layout: Markdown and
// YAML syntax, quotes, wide and combining characters, a multi-paragraph history, relation notes.
func oddEntries() []seed.Entry {
	src := []seed.Source{{Title: `A "quoted" title: with # and | and \ and *stars*`, URL: "https://example.org/a?b=c&d=e#f", Publisher: "Pub: lisher", Date: "2001-02"}}
	return []seed.Entry{{
		Slug: "odd-one", Acronym: "O|D*D", Name: "Odd [one] <b>not bold</b> & `code`", Aliases: []string{"- a list?", "# a heading?", "1. numbered", "x: y"},
		Nation: []string{"england", "wales"}, Kind: "body", Start: "2001", End: "2005-06-30", Approximate: seed.Hedges{"end"},
		Fate: "merged", FateNote: "Merged — \"quietly\"; see *the* note\\.", Tags: []string{"odd"},
		Relations: []seed.Relation{{Type: "merged_into", To: "odd-two", Date: "2005-06", Note: "A note on the link: \"yes\" # not a comment"}},
		Sources:   src, Events: []seed.Event{{Date: "2003", Text: "> not a quote\n- not a list"}},
		Cost:    &seed.Cost{Amount: 12.5e6, Currency: "GBP", Year: 2004, Note: "About £12.5m: *estimated*", Source: src[0]},
		Summary: "Summary with *stars*, _underscores_, [brackets](not a link), <tags>, 漢字, e\u0301, 🎉 and a trailing backslash \\",
		History: "First paragraph of the history.\nA second line in it.\n\n## Not a heading\n\n- not a list\n\n| not | a table |",
	}, {
		Slug: "odd-two", Name: "Odd two", Nation: []string{"uk"}, Kind: "programme", Start: "2005-06", Fate: "active",
		FateNote: "Still here.", Sources: src, Summary: "Two.",
	}}
}

// canonical is an entry as the catalogue means it: tags are a set (the database keeps them
// sorted), and text is its paragraphs, each with its white space folded (export wraps lines,
// as Markdown allows). A paragraph break, a character or a field that changes still shows.
func canonical(e seed.Entry) seed.Entry {
	e.Tags = slices.Sorted(slices.Values(e.Tags))
	// An empty list and none are the same.
	if len(e.Aliases) == 0 {
		e.Aliases = nil
	}
	if len(e.Tags) == 0 {
		e.Tags = nil
	}
	if len(e.Approximate) == 0 {
		e.Approximate = nil
	}
	for _, f := range []*string{&e.Name, &e.FateNote, &e.Summary, &e.History} {
		var paras []string
		for _, p := range strings.Split(strings.ReplaceAll(*f, "\r\n", "\n"), "\n\n") {
			if p = strings.Join(strings.Fields(p), " "); p != "" {
				paras = append(paras, p)
			}
		}
		*f = strings.Join(paras, "\n\n")
	}
	return e
}

// TestExportImportRoundTripExact: every entry of the built-in catalogue, and odd ones, written by
// export --all --front-matter or by list --json and imported into a database with no built-in
// catalogue, come back field for field as they were: text, dates, sources, relation notes.
func TestExportImportRoundTripExact(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "src.db")
	builtins, err := seed.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	odd, _ := json.Marshal(oddEntries())
	var oddItems []map[string]any
	json.Unmarshal(odd, &oddItems)
	for _, e := range oddItems {
		// Import reads list --json's form: relations are successors.
		var succ []map[string]any
		rels, _ := e["relations"].([]any)
		for _, r := range rels {
			r := r.(map[string]any)
			succ = append(succ, map[string]any{"slug": r["to"], "relation": r["type"], "date": r["date"], "note": r["note"]})
		}
		delete(e, "relations")
		e["successors"] = succ
	}
	oddJSON, _ := json.Marshal(oddItems)
	run(t, nil, "--db", db, "import", putFile(t, dir, "odd.json", string(oddJSON))).check(t, 0)
	out := filepath.Join(dir, "out")
	run(t, nil, "--db", db, "export", "--all", "--front-matter", "-o", out).check(t, 0)
	listed := putFile(t, dir, "list.json", run(t, nil, "--db", db, "list", "--json").stdout)

	want := append(builtins, oddEntries()...)
	for _, via := range []string{out, listed} {
		items, err := readItems(via, nil, func(string) {})
		if err != nil {
			t.Fatal(err)
		}
		s, err := store.OpenWith(ctx, store.Memory, store.Builtins{Version: "none"})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.Import(ctx, items, false); err != nil {
			t.Fatalf("import of %s: %v", filepath.Base(via), problemsError(err))
		}
		differ := 0
		for _, w := range want {
			got, err := s.Source(ctx, w.Slug)
			if err != nil {
				t.Errorf("%s: %v", w.Slug, err)
				continue
			}
			w.File, got.File = "", ""
			if !reflect.DeepEqual(canonical(got), canonical(w)) {
				differ++
				g, _ := json.MarshalIndent(got, "", " ")
				x, _ := json.MarshalIndent(w, "", " ")
				if differ <= 3 {
					t.Errorf("%s differs after %s and import:\n%s", w.Slug, filepath.Base(via), firstDiff(string(x), string(g)))
				}
			}
		}
		if differ > 0 {
			t.Errorf("via %s: %d of %d entries differ", filepath.Base(via), differ, len(want))
		}
	}
}

// TestHostileExportRoundTrip: a database holding escape sequences exports them spelled out; that
// export imports as plain text and exports again unchanged, so sharing it spreads no attack.
func TestHostileExportRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := fixture.HostileDB(t)
	first := run(t, nil, "--db", src, "export", "evil", "--front-matter").stdout
	path := putFile(t, dir, "evil.md", first)
	fresh := filepath.Join(dir, "fresh.db")
	run(t, nil, "--db", fresh, "import", path).check(t, 0)
	again := run(t, nil, "--db", fresh, "export", "evil", "--front-matter").stdout
	if again != first {
		t.Errorf("the hostile entry changed on its way round:\n%s", firstDiff(first, again))
	}
}
