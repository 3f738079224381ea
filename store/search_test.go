package store

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var (
	builtinOnce  sync.Once
	builtinStore *Store
	builtinErr   error
)

// sharedBuiltin is the real embedded catalogue, opened once for every search test: ranking is
// judged on the entries people will actually search.
func sharedBuiltin(t testing.TB) *Store {
	t.Helper()
	builtinOnce.Do(func() { builtinStore, builtinErr = Open(context.Background(), Memory) })
	if builtinErr != nil {
		t.Fatal(builtinErr)
	}
	return builtinStore
}

func search(t testing.TB, s *Store, query string, limit int) *SearchResult {
	t.Helper()
	res, err := s.Search(context.Background(), query, limit)
	if err != nil {
		t.Fatalf("Search(%q): %v", query, err)
	}
	return res
}

func hitSlugs(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Entry.Slug
	}
	return out
}

// TestSearchRanking is the table of what a researcher types and the entry they mean.
func TestSearchRanking(t *testing.T) {
	s := sharedBuiltin(t)
	cases := []struct {
		query, want, field string
		typo               bool // want is the first "did you mean", and nothing spells the query
	}{
		// Acronyms, whatever the case; fzf alone ranks NHS Choices first for "hscic" and Public
		// Health England first for "hee".
		{query: "hscic", want: "hscic", field: FieldAcronym},
		{query: "HSCIC", want: "hscic", field: FieldAcronym},
		{query: "hee", want: "health-education-england", field: FieldAcronym},
		{query: "cfh", want: "nhs-connecting-for-health", field: FieldAcronym},
		{query: "npfit", want: "npfit", field: FieldAcronym},
		{query: "NPfIT", want: "npfit", field: FieldAcronym},
		{query: "phe", want: "public-health-england", field: FieldAcronym},
		{query: "5yfv", want: "five-year-forward-view", field: FieldAcronym},
		{query: "nhsla", want: "nhs-litigation-authority", field: FieldAcronym}, // NHS Resolution's alias loses to the acronym
		{query: "nhse", want: "nhs-england", field: FieldAcronym},
		// Aliases and names, spelt any way.
		{query: "nhs digital", want: "hscic", field: FieldAlias},
		{query: "NHS-Digital!", want: "hscic", field: FieldAlias},
		{query: "nhsd", want: "hscic", field: FieldAlias},
		{query: "fyfv", want: "five-year-forward-view", field: FieldAlias},
		{query: "connecting for health", want: "nhs-connecting-for-health", field: FieldAlias},
		{query: "cab", want: "choose-and-book", field: FieldAlias},
		{query: "ctv3", want: "read-codes", field: FieldAlias},
		{query: "nhs app", want: "nhs-app", field: FieldName},
		{query: "gp 2 gp", want: "gp2gp", field: FieldName},
		// Punctuation and spacing do not matter.
		{query: "care.data", want: "care-data", field: FieldName},
		{query: "caredata", want: "care-data", field: FieldName},
		{query: "Care Data", want: "care-data", field: FieldName},
		{query: "ers", want: "e-referral-service", field: FieldAcronym},
		{query: "e-RS", want: "e-referral-service", field: FieldAcronym},
		{query: "E RS", want: "e-referral-service", field: FieldAcronym},
		{query: "nhs111", want: "nhs-111", field: FieldName},
		{query: "NHS 111", want: "nhs-111", field: FieldName},
		{query: "111", want: "nhs-111", field: FieldAlias},
		{query: "im&t", want: "imt-strategy-1992", field: FieldAcronym},
		{query: "imt", want: "imt-strategy-1992", field: FieldAcronym},
		// Prefixes: the nearest completion, then alive before dead.
		{query: "nhs", want: "nhs-england", field: FieldAcronym},
		{query: "hsc", want: "hscn", field: FieldAcronym}, // HSCN and HSCB are as near; HSCN lives
		{query: "healthed", want: "health-education-england", field: FieldName},
		{query: "palantir", want: "covid-19-data-store", field: FieldAlias},
		{query: "100m nursing", want: "nursing-technology-fund", field: FieldAlias},
		// Initials of the name's words, with or without the little words.
		{query: "hqcfa", want: "high-quality-care-for-all", field: FieldInitials},
		{query: "nsr", want: "high-quality-care-for-all", field: FieldInitials}, // NHS Next Stage Review, skipping NHS
		{query: "ncfh", want: "nhs-connecting-for-health", field: FieldInitials},
		{query: "ifh", want: "information-for-health", field: FieldInitials}, // the title before its colon
		// Fuzzy spellings.
		{query: "hlth edu eng", want: "health-education-england", field: FieldName},
		{query: "summry care", want: "summary-care-record", field: FieldName},
		{query: "connecting health", want: "nhs-connecting-for-health", field: FieldName},
		{query: "nhs dig acad", want: "nhs-digital-academy", field: FieldName},
		// Words of the text only.
		{query: "microsoft", want: "nhs-microsoft-enterprise-wide-agreement", field: FieldAlias},
		{query: "cumberlege", want: "patient-safety-commissioner", field: FieldText},
		// Richard Granger ran NPfIT: the entries that name him come before IGARD, whose long name
		// merely holds g, r, a, n, g, e, r in order.
		{query: "granger", want: "national-programme-office", field: FieldText},
		{query: "nhs estates", want: "nhs-property-services", field: FieldText},
		// Typos in an acronym: a transposed, missing or extra letter.
		{query: "npift", want: "npfit", typo: true},
		{query: "hsicc", want: "hscic", typo: true},
		{query: "heee", want: "health-education-england", typo: true},
		{query: "nhsxx", want: "nhsx", typo: true},
		{query: "gposc", want: "gp-systems-of-choice", typo: true},
	}
	if len(cases) < 30 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		res := search(t, s, c.query, 5)
		if c.typo {
			if len(res.DidYouMean) == 0 || res.DidYouMean[0].Slug != c.want {
				t.Errorf("%q: did you mean %v, want %s first", c.query, slugsOf(res.DidYouMean), c.want)
			}
			if len(res.Hits) > 0 && res.Hits[0].Score >= tierInitials {
				t.Errorf("%q: a typo matched %s by %s", c.query, res.Hits[0].Entry.Slug, res.Hits[0].Field)
			}
			continue
		}
		if len(res.Hits) == 0 {
			t.Errorf("%q: no hits, want %s", c.query, c.want)
			continue
		}
		if got := res.Hits[0]; got.Entry.Slug != c.want || got.Field != c.field {
			t.Errorf("%q: first %s by %s, want %s by %s (all: %v)", c.query, got.Entry.Slug, got.Field, c.want, c.field, hitSlugs(res.Hits))
		}
		if len(res.DidYouMean) > 0 && res.Hits[0].Score >= tierInitials {
			t.Errorf("%q: did you mean %v although it matched", c.query, slugsOf(res.DidYouMean))
		}
		checkPositions(t, c.query, res)
	}
}

// checkPositions checks every hit's positions: ascending, inside the field, and spelling the
// query: exactly for the exact, initials and fuzzy tiers, its start for the prefix tier.
func checkPositions(t *testing.T, query string, res *SearchResult) {
	t.Helper()
	for _, h := range res.Hits {
		if h.Matches == nil {
			t.Errorf("%q: %s: nil Matches", query, h.Entry.Slug)
		}
		if h.Field == FieldText {
			if len(h.Matches) != 0 {
				t.Errorf("%q: %s: a text hit has positions %v", query, h.Entry.Slug, h.Matches)
			}
			continue
		}
		if len(h.Matches) == 0 {
			t.Errorf("%q: %s (%s): no positions", query, h.Entry.Slug, h.Field)
		}
		for field, pos := range h.Matches {
			text := fieldText(t, h.Entry, field)
			runes := []rune(text)
			if !slices.IsSorted(pos) || len(slices.Compact(slices.Clone(pos))) != len(pos) {
				t.Errorf("%q: %s %s: positions %v not ascending", query, h.Entry.Slug, field, pos)
				continue
			}
			var spelt strings.Builder
			for _, p := range pos {
				if p < 0 || p >= len(runes) {
					t.Errorf("%q: %s %s: position %d outside %q", query, h.Entry.Slug, field, p, text)
					continue
				}
				spelt.WriteRune(runes[p])
			}
			if got := Key(spelt.String()); got != Key(query) {
				t.Errorf("%q: %s %s: positions %v spell %q in %q", query, h.Entry.Slug, field, pos, got, text)
			}
		}
	}
}

func fieldText(t *testing.T, e *Entry, field string) string {
	t.Helper()
	switch {
	case field == FieldAcronym:
		return e.Acronym
	case field == FieldName:
		return e.Name
	case strings.HasPrefix(field, "alias:"):
		i, err := strconv.Atoi(strings.TrimPrefix(field, "alias:"))
		if err != nil || i < 0 || i >= len(e.Aliases) {
			t.Fatalf("%s: bad match key %q", e.Slug, field)
		}
		return e.Aliases[i]
	}
	t.Fatalf("%s: unknown match key %q", e.Slug, field)
	return ""
}

func TestSearchPositions(t *testing.T) {
	s := sharedBuiltin(t)
	cases := []struct {
		query, slug string
		want        map[string][]int
	}{
		{"cfh", "nhs-connecting-for-health", map[string][]int{"acronym": {0, 1, 2}, "alias:2": {0, 1, 2}}},
		{"e-RS", "e-referral-service", map[string][]int{"acronym": {0, 2, 3}}},
		{"care.data", "care-data", map[string][]int{"name": {0, 1, 2, 3, 5, 6, 7, 8}, "alias:1": {0, 1, 2, 3, 5, 6, 7, 8}, "alias:2": {0, 1, 2, 3, 4, 5, 6, 7}}},
		// NHS Connecting for Health and NHS CFH: N, C, f, H.
		{"ncfh", "nhs-connecting-for-health", map[string][]int{"name": {0, 4, 15, 19}, "alias:0": {0, 4, 5, 6}}},
		// IT gives both its letters.
		{"npfitnhs", "npfit", map[string][]int{"name": {0, 9, 19, 23, 24, 33, 34, 35}}},
		{"hlth edu eng", "health-education-england", map[string][]int{"name": {0, 3, 4, 5, 7, 8, 9, 17, 18, 19}}},
		// "£100m Nursing Technology Fund": positions count runes, not bytes.
		{"100m nursing", "nursing-technology-fund", map[string][]int{"alias:2": {1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12}}},
	}
	for _, c := range cases {
		res := search(t, s, c.query, 1)
		if len(res.Hits) == 0 || res.Hits[0].Entry.Slug != c.slug {
			t.Errorf("%q: hits %v, want %s first", c.query, hitSlugs(res.Hits), c.slug)
			continue
		}
		if got := res.Hits[0].Matches; !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: matches %v, want %v", c.query, got, c.want)
		}
	}
}

// TestSearchDeterministic checks that equal scores fall in the documented order (alive, newer
// start, slug), that the same query always gives the same answer, even from another store,
// and that a limit cuts the full answer rather than changing it.
func TestSearchDeterministic(t *testing.T) {
	s := sharedBuiltin(t)
	other, err := Open(context.Background(), Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	for _, q := range []string{"nhs", "caldicott", "health", "x", "dept health", "care", "granger"} {
		all := search(t, s, q, 0)
		for i := 1; i < len(all.Hits); i++ {
			a, b := all.Hits[i-1], all.Hits[i]
			if a.Score < b.Score || a.Score == b.Score && byTieBreak(a.Entry, b.Entry) > 0 {
				t.Errorf("%q: %s (%d) before %s (%d)", q, a.Entry.Slug, a.Score, b.Entry.Slug, b.Score)
			}
		}
		again := search(t, other, q, 0)
		if !reflect.DeepEqual(summary(all.Hits), summary(again.Hits)) {
			t.Errorf("%q: another store answers differently", q)
		}
		for _, limit := range []int{1, 3, 10} {
			cut := search(t, s, q, limit)
			want := all.Hits[:min(limit, len(all.Hits))]
			if !reflect.DeepEqual(summary(cut.Hits), summary(want)) {
				t.Errorf("%q limit %d: %v, want %v", q, limit, summary(cut.Hits), summary(want))
			}
		}
	}
	// Three reviews share the alias "Caldicott …": the newest first.
	if got := hitSlugs(search(t, s, "caldicott", 3).Hits); !reflect.DeepEqual(got, []string{"caldicott-review-2016", "caldicott-review-2013", "caldicott-report-1997"}) {
		t.Errorf("caldicott: %v", got)
	}
}

func summary(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = fmt.Sprintf("%s %d %s %v", h.Entry.Slug, h.Score, h.Field, h.Matches)
	}
	return out
}

func TestSearchEmptyQueryListsAll(t *testing.T) {
	s := sharedBuiltin(t)
	ctx := context.Background()
	all, err := s.List(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"", "  ", "-.-"} {
		res := search(t, s, q, 0)
		if got := hitSlugs(res.Hits); !reflect.DeepEqual(got, slugsOf(all)) {
			t.Errorf("%q: %d hits, want every entry in List's order", q, len(got))
		}
		if len(res.DidYouMean) != 0 {
			t.Errorf("%q: did you mean %v", q, slugsOf(res.DidYouMean))
		}
	}
	if got := len(search(t, s, "", 7).Hits); got != 7 {
		t.Errorf("limit 7: %d hits", got)
	}
}

func TestSearchNothing(t *testing.T) {
	s := sharedBuiltin(t)
	res := search(t, s, "zzzzqqqq", 10)
	if res.Hits == nil || len(res.Hits) != 0 || len(res.DidYouMean) != 0 {
		t.Errorf("hits %v, did you mean %v; want none, as an empty slice", hitSlugs(res.Hits), slugsOf(res.DidYouMean))
	}
	if res.Query != "zzzzqqqq" {
		t.Errorf("Query = %q", res.Query)
	}
}

func TestSearchCancelled(t *testing.T) {
	s := openFixture(t, Memory)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Search(ctx, "beta", 10); err == nil {
		t.Error("a cancelled search succeeded")
	}
	// The failed first build left nothing half-made behind.
	if got := hitSlugs(search(t, s, "beta", 1).Hits); !reflect.DeepEqual(got, []string{"beta-centre"}) {
		t.Errorf("beta: %v", got)
	}
}

// TestSearchTextIndex checks the text tier on a database that is migrated from schema 1 (its
// entries indexed by the migration) and then reloaded with a new catalogue version (its rows
// replaced, not doubled).
func TestSearchTextIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	s, err := OpenWith(ctx, path, fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	// Back to schema 1: migrations 2 to 7 undone.
	if _, err := s.db.Exec(`DROP VIEW readme; DROP VIEW catalogue; DROP VIEW catalogue_relations; DROP VIEW catalogue_sources;
		DROP TRIGGER entries_rebuilt; DROP TRIGGER aliases_rebuilt; DROP TRIGGER tags_rebuilt; DROP TRIGGER relations_rebuilt;
		DROP TRIGGER sources_rebuilt; DROP TRIGGER events_rebuilt; DROP TRIGGER nations_rebuilt;
		DROP TABLE entries_fts; DROP TABLE user_entries; DROP TABLE notes; DROP INDEX entries_parent; DROP INDEX entries_by_name;
		ALTER TABLE entries DROP COLUMN hidden; ALTER TABLE entries DROP COLUMN edited;
		DROP TABLE nations; ALTER TABLE entries DROP COLUMN approximate_dates; PRAGMA user_version = 1`); err != nil {
		t.Fatal(err)
	}
	s.Close()

	for _, version := range []string{"", "next"} {
		b := fixture(t)
		b.Version += version
		s, err := OpenWith(ctx, path, b)
		if err != nil {
			t.Fatal(err)
		}
		res := search(t, s, "collected", 0)
		if got := hitSlugs(res.Hits); !reflect.DeepEqual(got, []string{"beta-centre"}) || res.Hits[0].Field != FieldText {
			t.Errorf("version %q: collected: %v", b.Version, summary(res.Hits))
		}
		var rows, entries int
		s.db.QueryRow("SELECT count(*) FROM entries_fts").Scan(&rows)
		s.db.QueryRow("SELECT count(*) FROM entries").Scan(&entries)
		if rows != entries {
			t.Errorf("version %q: %d text rows for %d entries", b.Version, rows, entries)
		}
		s.Close()
	}
}

// TestSearchConcurrent runs searches side by side, as the explorer does while the user types;
// the race detector (CI runs it over store) checks the index and the fzf slabs.
func TestSearchConcurrent(t *testing.T) {
	s := openFixture(t, Memory)
	var wg sync.WaitGroup
	for _, q := range []string{"beta", "aa", "zeta", "erx", "strategy", "bic"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if _, err := s.Search(context.Background(), q, 5); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkSearch is the baseline for the performance issue: a spread of queries over the real
// catalogue, one per tier, after the index is built.
func BenchmarkSearch(b *testing.B) {
	s := sharedBuiltin(b)
	queries := []string{"hscic", "nhs", "cfh", "hlth edu eng", "microsoft", "npift", "e"}
	search(b, s, "", 0) // build the index outside the timing
	b.Run("n=builtin", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := s.Search(context.Background(), queries[i%len(queries)], 50); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Synthetic catalogues of the sizes the performance issue names, one keystroke at a time
	// (see keystrokes), a screenful of hits each.
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) { benchKeystrokes(b, syntheticStore(b, size.n), 50) })
	}
}

// TestSearchNarrows types queries one letter at a time, over the built-in catalogue and a
// synthetic one, and checks that every letter can only narrow the hits: a longer query finding
// an entry the shorter one missed ("w" found fewer entries than "we") is a defect of a tier.
func TestSearchNarrows(t *testing.T) {
	queries := append(slices.Clone(typed), "west midlands", "summary care", "npfit", "choose and book",
		"hlth edu eng", "gp2gp", "nhs 111", "e-rs")
	for name, s := range map[string]*Store{"built-in": sharedBuiltin(t), "synthetic": syntheticStore(t, 3000)} {
		for _, q := range queries {
			var prev map[string]bool
			for i := 1; i <= len(q); i++ {
				cur := map[string]bool{}
				for _, h := range search(t, s, q[:i], 0).Hits {
					cur[h.Entry.Slug] = true
				}
				var wider []string
				for slug := range cur {
					if prev != nil && !prev[slug] {
						wider = append(wider, slug)
					}
				}
				if len(wider) > 0 {
					slices.Sort(wider)
					t.Errorf("%s: %q finds %d entries %q did not, such as %v", name, q[:i], len(wider), q[:i-1], wider[:min(3, len(wider))])
				}
				prev = cur
			}
		}
	}
}
