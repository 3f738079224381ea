package store

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func slugsOf(es []*Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Slug
	}
	return out
}

func TestResolve(t *testing.T) {
	s := openFixture(t, Memory)
	ctx := context.Background()
	cases := map[string]string{
		"alpha-authority":              "alpha-authority", // slug
		"AA":                           "alpha-authority", // acronym
		"aa":                           "alpha-authority", // any case
		"bic":                          "beta-centre",
		"Beta Digital":                 "beta-centre", // alias
		"beta-digital":                 "beta-centre", // alias, punctuation differs
		"bd":                           "beta-centre",
		"e-RX":                         "epsilon-service",
		"erx":                          "epsilon-service", // punctuation ignored
		"E RX":                         "epsilon-service",
		"Eta Strategy for Information": "eta-strategy", // name
		"  gamma board ":               "gamma-board",
		"zi":                           "zeta-improvement",
	}
	for q, want := range cases {
		e, err := s.Resolve(ctx, q)
		if err != nil {
			t.Errorf("Resolve(%q): %v", q, err)
			continue
		}
		if e.Slug != want {
			t.Errorf("Resolve(%q) = %s, want %s", q, e.Slug, want)
		}
	}
}

func TestResolveAmbiguous(t *testing.T) {
	s := openFixture(t, Memory)
	_, err := s.Resolve(context.Background(), "Zeta Improvement")
	var amb *AmbiguousError
	if !errors.As(err, &amb) {
		t.Fatalf("want an AmbiguousError, got %v", err)
	}
	if got := slugsOf(amb.Candidates); !reflect.DeepEqual(got, []string{"zeta-improvement-2008", "zeta-improvement"}) {
		t.Errorf("candidates = %v, oldest first", got)
	}
	if !strings.Contains(err.Error(), "zeta-improvement-2008 (Zeta Improvement)") {
		t.Errorf("message does not name the candidates: %v", err)
	}
}

func TestResolveNotFoundSuggests(t *testing.T) {
	s := openFixture(t, Memory)
	ctx := context.Background()
	for q, want := range map[string]string{"bci": "beta-centre", "ba": "", "dpfti": "delta-programme", "gamma bored": "gamma-board"} {
		_, err := s.Resolve(ctx, q)
		var nf *NotFoundError
		if !errors.As(err, &nf) {
			t.Fatalf("Resolve(%q): want NotFoundError, got %v", q, err)
		}
		got := slugsOf(nf.Suggestions)
		if want != "" && (len(got) == 0 || got[0] != want) {
			t.Errorf("Resolve(%q) suggests %v, want %s first", q, got, want)
		}
	}
	if _, err := s.Resolve(ctx, "   "); err == nil || IsNotFound(err) {
		t.Errorf("an empty query should be a usage error, got %v", err)
	}
	_, err := s.Resolve(ctx, "bci")
	if !strings.Contains(err.Error(), `no entry matches "bci"; did you mean BIC`) {
		t.Errorf("message = %v", err)
	}
}

func TestLineage(t *testing.T) {
	s := openFixture(t, Memory)
	e, err := s.Get(context.Background(), "gamma-board")
	if err != nil {
		t.Fatal(err)
	}
	// In the order of the relations' dates: Zeta merged in before Beta did.
	want := []Link{
		{Slug: "zeta-improvement", Acronym: "ZI", Name: "Zeta Improvement", Relation: "merged_into", Date: "2022-07-01"},
		{Slug: "beta-centre", Acronym: "BIC", Name: "Beta Information Centre", Relation: "merged_into", Date: "2023-02-01"},
	}
	if !reflect.DeepEqual(e.Predecessors, want) {
		t.Errorf("predecessors = %+v", e.Predecessors)
	}
	if len(e.Successors) != 0 || e.End != nil || e.EndAnnounced != "2025-03-13" {
		t.Errorf("gamma: successors %v end %v announced %q", e.Successors, e.End, e.EndAnnounced)
	}
	b, _ := s.Get(context.Background(), "beta-centre")
	if len(b.Successors) != 1 || b.Successors[0].Slug != "gamma-board" || b.ParentRef == nil || b.ParentRef.Name != "Gamma Board" {
		t.Errorf("beta: successors %+v parent %+v", b.Successors, b.ParentRef)
	}
	if b.Cost == nil || b.Cost.Amount != 1.2e9 || b.Cost.Source.URL != "https://example.org/beta/accounts" {
		t.Errorf("beta cost = %+v", b.Cost)
	}
	if len(b.Events) != 1 || b.Events[0].Date != "2016" {
		t.Errorf("beta events = %+v", b.Events)
	}
}

func TestListFiltersAndSorts(t *testing.T) {
	s := openFixture(t, Memory)
	ctx := context.Background()
	yes, no := true, false
	cases := []struct {
		name string
		f    Filter
		want []string
	}{
		{"all by name", Filter{}, []string{"alpha-authority", "beta-centre", "delta-programme", "epsilon-service", "eta-strategy", "gamma-board", "zeta-improvement", "zeta-improvement-2008"}},
		{"kind", Filter{Kinds: []string{"programme", "system"}}, []string{"delta-programme", "epsilon-service"}},
		{"fate", Filter{Fates: []string{"merged"}}, []string{"beta-centre", "zeta-improvement"}},
		{"alive", Filter{Alive: &yes}, []string{"epsilon-service", "gamma-board"}},
		{"dead bodies", Filter{Alive: &no, Kinds: []string{"body"}}, []string{"alpha-authority", "beta-centre", "zeta-improvement", "zeta-improvement-2008"}},
		{"lived in 2000s", Filter{From: 2000, To: 2004}, []string{"alpha-authority", "delta-programme"}},
		{"lived from 2023", Filter{From: 2023}, []string{"beta-centre", "epsilon-service", "gamma-board"}},
		{"tag", Filter{Tag: "NPfIT"}, []string{"delta-programme", "epsilon-service"}},
		{"start", Filter{Sort: "start"}, []string{"eta-strategy", "alpha-authority", "delta-programme", "beta-centre", "zeta-improvement-2008", "gamma-board", "epsilon-service", "zeta-improvement"}},
		{"end, living last", Filter{Sort: "end", Kinds: []string{"body"}}, []string{"alpha-authority", "zeta-improvement-2008", "zeta-improvement", "beta-centre", "gamma-board"}},
		{"recently ended, living last", Filter{Sort: "recent", Kinds: []string{"body"}}, []string{"beta-centre", "zeta-improvement", "zeta-improvement-2008", "alpha-authority", "gamma-board"}},
		{"recently ended reversed", Filter{Sort: "recent", Reverse: true, Kinds: []string{"body"}}, []string{"gamma-board", "alpha-authority", "zeta-improvement-2008", "zeta-improvement", "beta-centre"}},
		{"lifespan reversed", Filter{Sort: "lifespan", Reverse: true, Alive: &no}, []string{"beta-centre", "delta-programme", "zeta-improvement", "alpha-authority", "zeta-improvement-2008", "eta-strategy"}},
		{"limit", Filter{Sort: "start", Limit: 2}, []string{"eta-strategy", "alpha-authority"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			es, err := s.List(ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := slugsOf(es); !slices.Equal(got, c.want) {
				t.Errorf("got  %v\nwant %v", got, c.want)
			}
			// CountList counts what passes the filter before any limit.
			unlimited := c.f
			unlimited.Limit = 0
			all, err := s.List(ctx, unlimited)
			if err != nil {
				t.Fatal(err)
			}
			if n, err := s.CountList(ctx, c.f); err != nil || n != len(all) {
				t.Errorf("CountList = %d, %v; want %d", n, err, len(all))
			}
		})
	}
	for _, bad := range []Filter{{Kinds: []string{"quango"}}, {Fates: []string{"dead"}}, {Sort: "age"}, {From: 2010, To: 2000}} {
		if _, err := s.List(ctx, bad); err == nil {
			t.Errorf("List(%+v) accepted a bad filter", bad)
		}
		if _, err := s.CountList(ctx, bad); err == nil {
			t.Errorf("CountList(%+v) accepted a bad filter", bad)
		}
	}
}

func TestCount(t *testing.T) {
	s := openFixture(t, Memory)
	total, alive, err := s.Count(context.Background())
	if err != nil || total != 8 || alive != 2 {
		t.Errorf("Count = %d, %d, %v; want 8, 2", total, alive, err)
	}
}

// TestJSONShape pins the keys scripts rely on for show --json and list --json.
func TestJSONShape(t *testing.T) {
	s := openFixture(t, Memory)
	ctx := context.Background()
	for slug, wantEnd := range map[string]any{"beta-centre": "2023-02-01", "gamma-board": nil} {
		e, err := s.Get(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"slug", "acronym", "name", "aliases", "kind", "start", "end", "approximate", "fate",
			"fate_note", "parent", "tags", "summary", "predecessors", "successors", "sources"} {
			if _, ok := m[k]; !ok {
				t.Errorf("%s: JSON lacks %q: %s", slug, k, b)
			}
		}
		if m["end"] != wantEnd {
			t.Errorf("%s: end = %v, want %v", slug, m["end"], wantEnd)
		}
		for _, k := range []string{"aliases", "tags", "predecessors", "successors", "sources"} {
			if _, isArray := m[k].([]any); !isArray {
				t.Errorf("%s: %s is %T, want an array (never null)", slug, k, m[k])
			}
		}
	}
	e, _ := s.Get(ctx, "beta-centre")
	b, _ := json.Marshal(e.Successors[0])
	if string(b) != `{"slug":"gamma-board","acronym":"GB","name":"Gamma Board","relation":"merged_into","date":"2023-02-01","note":""}` {
		t.Errorf("link JSON = %s", b)
	}
	b, _ = json.Marshal(e.Sources[0])
	if string(b) != `{"title":"Beta report","url":"https://example.org/beta","publisher":"","date":""}` {
		t.Errorf("source JSON = %s", b)
	}
}

func TestTypoDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"hscic", "hscic", 0}, {"hsicc", "hscic", 1}, {"hscc", "hscic", 1}, {"hsccic", "hscic", 1},
		{"npift", "npfit", 1}, {"abc", "xyz", 3}, {"", "ab", 2},
	}
	for _, c := range cases {
		if got := typoDistance(c.a, c.b, 2); got != c.want {
			t.Errorf("typoDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	if got := typoDistance("abcdef", "a", 2); got != 3 {
		t.Errorf("a far pair should stop at limit+1, got %d", got)
	}
}

func TestKey(t *testing.T) {
	for in, want := range map[string]string{"care.data": "caredata", "e-RS": "ers", "NHS 111": "nhs111", "Café Ω": "cafeω"} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}
