package store

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"quango/store/storetest"
)

// TestLeanEntriesAgreeWithList: a lean entry carries what a list row, the explorer's facets and
// its sorts read, and each of those fields must be what List's whole entry says.
func TestLeanEntriesAgreeWithList(t *testing.T) {
	ctx := context.Background()
	for _, s := range []*Store{sharedBuiltin(t), openSynthetic(t, storetest.Synthetic(2000))} {
		list, err := s.List(ctx, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		lean, err := s.searchable(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(lean) != len(list) {
			t.Fatalf("%d lean entries, List has %d", len(lean), len(list))
		}
		ended, nations, hedged, announced := 0, 0, 0, 0
		for i, w := range list {
			g := lean[i]
			got := []any{g.Slug, g.Acronym, g.Name, g.Aliases, g.Kind, g.Fate, g.FateNote, g.Nation, g.Start, g.End,
				g.Approximate, g.EndAnnounced, g.StartKey, g.EndKey}
			want := []any{w.Slug, w.Acronym, w.Name, w.Aliases, w.Kind, w.Fate, w.FateNote, w.Nation, w.Start, w.End,
				w.Approximate, w.EndAnnounced, w.StartKey, w.EndKey}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("lean entry %d:\n got %v\nwant %v", i, got, want)
			}
			// An announced end still to come is dated by the entry's events; other events are
			// not read.
			if w.Alive() && w.EndAnnounced != "" {
				announced++
				if !reflect.DeepEqual(g.Events, w.Events) {
					t.Fatalf("%s: events %v, want %v", w.Slug, g.Events, w.Events)
				}
			} else if g.Events != nil {
				t.Fatalf("%s: lean events read for an entry without an announced end", w.Slug)
			}
			if w.End != nil {
				ended++
			}
			if w.Approximate.Any() {
				hedged++
			}
			nations += len(w.Nation)
		}
		// Each field compared above must have been exercised, or the test proves nothing.
		if ended == 0 || ended == len(list) || nations == 0 {
			t.Fatalf("a catalogue without variety: %d of %d ended, %d nations", ended, len(list), nations)
		}
		if s == sharedBuiltin(t) && (hedged == 0 || announced == 0) {
			t.Fatalf("the built-in catalogue should have hedged dates (%d) and announced ends (%d)", hedged, announced)
		}
	}
}

// browseQueries are queries for every tier: exact and prefix acronyms, initials, fuzzy
// spellings, words of the text only, typos, punctuation, accents, nothing.
func browseQueries(s *Store, t *testing.T) []string {
	qs := []string{"", "w", "we", "wes", "nhs", "nhs digital", "clin rec", "wessex", "npfit", "cfh", "hscic",
		"granger", "nhsxx", "psis", "gp2gp", "111", "santé", "a", "zz", "e-", "c.", "summary care", "reviewed", "qqqq"}
	list, err := s.List(context.Background(), Filter{Limit: 40})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		qs = append(qs, e.Acronym, e.Name, strings.ToLower(e.Name[:min(len(e.Name), 5)]))
	}
	return qs
}

// TestBrowseIsSearch: Browse finds what Search finds, in the same order, with the same tiers
// and suggestions; Highlight gives each hit the positions Search gave it.
func TestBrowseIsSearch(t *testing.T) {
	ctx := context.Background()
	for _, s := range []*Store{sharedBuiltin(t), openSynthetic(t, storetest.Synthetic(3000))} {
		for i, q := range browseQueries(s, t) {
			limit := []int{0, 1, 7, 50}[i%4]
			want := search(t, s, q, limit)
			got, err := s.Browse(ctx, q, limit)
			if err != nil {
				t.Fatalf("Browse(%q, %d): %v", q, limit, err)
			}
			if len(got.Hits) != len(want.Hits) {
				t.Fatalf("Browse(%q): %d hits, Search %d", q, len(got.Hits), len(want.Hits))
			}
			for i, w := range want.Hits {
				g := got.Hits[i]
				if g.Entry.Slug != w.Entry.Slug || g.Score != w.Score || g.Field != w.Field {
					t.Fatalf("Browse(%q) hit %d: %s %d %s, Search: %s %d %s", q, i, g.Entry.Slug, g.Score, g.Field,
						w.Entry.Slug, w.Score, w.Field)
				}
				if g.Matches != nil {
					t.Fatalf("Browse(%q) hit %d came dressed: %v", q, i, g.Matches)
				}
				if d := s.Highlight(q, g); !reflect.DeepEqual(d.Matches, w.Matches) {
					t.Fatalf("Highlight(%q, %s) = %v, Search gave %v", q, g.Entry.Slug, d.Matches, w.Matches)
				}
			}
			if !slices.Equal(entrySlugs(got.DidYouMean), entrySlugs(want.DidYouMean)) {
				t.Fatalf("Browse(%q) suggests %v, Search %v", q, entrySlugs(got.DidYouMean), entrySlugs(want.DidYouMean))
			}
		}
	}
}

func entrySlugs(es []*Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Slug
	}
	return out
}

// TestBrowseTooLong: Browse refuses what Search refuses.
func TestBrowseTooLong(t *testing.T) {
	if _, err := sharedBuiltin(t).Browse(context.Background(), strings.Repeat("a", MaxQuery+1), 0); err == nil {
		t.Fatal("a query over MaxQuery was searched")
	}
}

// TestHighlightNeedsNoIndex: Highlight never builds the index (it runs as a row is drawn), and
// says nothing about a hit the index does not hold.
func TestHighlightNeedsNoIndex(t *testing.T) {
	s := openSynthetic(t, storetest.Synthetic(50))
	e := &Entry{Slug: "gone", Name: "Gone"}
	if h := s.Highlight("gone", Hit{Entry: e, Score: tierExact, Field: FieldName}); h.Matches != nil || s.search.index != nil {
		t.Fatalf("Highlight before any search: %v, index built: %v", h.Matches, s.search.index != nil)
	}
	if _, err := s.Browse(context.Background(), "x", 0); err != nil {
		t.Fatal(err)
	}
	if h := s.Highlight("gone", Hit{Entry: e, Score: tierExact, Field: FieldName}); h.Matches == nil || len(h.Matches) != 0 {
		t.Fatalf("Highlight of an entry the index lacks: %v", h.Matches)
	}
}

// TestFirstPage: the first page is List's first entries, whole, and is read from the top of the
// name index rather than by sorting the catalogue.
func TestFirstPage(t *testing.T) {
	ctx := context.Background()
	s := openSynthetic(t, storetest.Synthetic(500))
	all, err := s.List(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 1, 30, 600} {
		page, err := s.FirstPage(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		if want := all[:min(n, len(all))]; !reflect.DeepEqual(page, want) {
			t.Fatalf("FirstPage(%d): %d entries differ from List's first", n, len(page))
		}
	}
	// The query List runs for its default order with a limit.
	if p := queryPlan(t, s, "SELECT "+entryColumns+" FROM entries e WHERE e.hidden = 0 ORDER BY lower(e.name) ASC, e.slug ASC LIMIT 30"); !strings.Contains(p, "entries_by_name") || strings.Contains(p, "TEMP B-TREE") {
		t.Fatalf("the first page sorts the catalogue: %s", p)
	}
}

// TestCountReadsAnIndex: the explorer's first frame counts the catalogue, which must not read
// every row (a scan of the name index, looking up each row's end, took 0.46 s at 100k).
func TestCountReadsAnIndex(t *testing.T) {
	s := openSynthetic(t, storetest.Synthetic(300))
	total, alive, err := s.Count(context.Background())
	if err != nil || total != 300 || alive == 0 || alive == total {
		t.Fatalf("Count: %d, %d alive, %v", total, alive, err)
	}
	if p := queryPlan(t, s, "SELECT count(*), count(*) FILTER (WHERE end_date IS NULL) FROM entries WHERE hidden = 0"); !strings.Contains(p, "COVERING INDEX") {
		t.Fatalf("Count reads every row: %s", p)
	}
}

// queryPlan is SQLite's plan for query, its steps joined by "; ".
func queryPlan(t *testing.T, s *Store, query string) string {
	t.Helper()
	rows, err := s.db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; ")
}

// searchable is every lean entry, in List's order, of an index built afresh from the rows: what
// the tests hold a loaded index and List to.
func (s *Store) searchable(ctx context.Context) ([]*Entry, error) {
	ix, err := s.buildSearchIndex(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*Entry, ix.size())
	for i := range out {
		out[i] = ix.entry(ix.lean, int32(i))
	}
	return out, nil
}
