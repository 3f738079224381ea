package store

import (
	"context"
	"testing"
)

// openBuiltin opens the real embedded catalogue in memory.
func openBuiltin(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), Memory)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestCatalogueInvariants holds the built-in catalogue to what users rely on: its size and spread,
// sources on every entry, and lineage that is complete wherever a fate implies a successor.
func TestCatalogueInvariants(t *testing.T) {
	s := openBuiltin(t)
	entries, err := s.List(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 340 {
		t.Errorf("the catalogue has %d entries; it promises at least 340", len(entries))
	}
	byKind, byNation := map[string]int{}, map[string]int{}
	nineties, recent := 0, 0
	for _, e := range entries {
		byKind[e.Kind]++
		if len(e.Nation) == 0 {
			t.Errorf("%s names no nation", e.Slug)
		}
		for _, n := range e.Nation {
			byNation[n]++
		}
		start, end := year(t, e.Start), 9999
		if e.End != nil {
			end = year(t, *e.End)
		}
		if start <= 1999 && end >= 1990 {
			nineties++
		}
		if start >= 2024 || (end >= 2024 && end != 9999) || (e.EndAnnounced != "" && year(t, e.EndAnnounced) >= 2024) {
			recent++
		}
		endsOnTheDayOfItsChange(t, e)
		if len(e.Sources) == 0 {
			t.Errorf("%s has no source", e.Slug)
		}
		switch e.Fate {
		case "renamed", "merged", "replaced":
			// A renamed, merged or replaced entry became something: the catalogue must say what.
			if len(e.Successors) == 0 {
				t.Errorf("%s is %s but links to no successor", e.Slug, e.Fate)
			}
		}
		for _, l := range append(e.Predecessors, e.Successors...) {
			if l.Name == "" {
				t.Errorf("%s: relation to %s does not resolve", e.Slug, l.Slug)
			}
		}
		if e.ParentRef == nil && e.Parent != nil {
			t.Errorf("%s: parent %s does not resolve", e.Slug, *e.Parent)
		}
	}
	for kind, least := range map[string]int{"body": 40, "programme": 20, "strategy": 20, "system": 30} {
		if byKind[kind] < least {
			t.Errorf("%d entries of kind %s; want at least %d", byKind[kind], kind, least)
		}
	}
	for nation, least := range map[string]int{"england": 100, "scotland": 30, "wales": 30, "northern-ireland": 20} {
		if byNation[nation] < least {
			t.Errorf("%d entries for %s; want at least %d", byNation[nation], nation, least)
		}
	}
	if nineties < 45 {
		t.Errorf("%d entries alive at some time in the 1990s; want at least 45", nineties)
	}
	if recent < 15 {
		t.Errorf("%d entries born, ended or sentenced in 2024–2026; want at least 15", recent)
	}
}

// endsOnTheDayOfItsChange is the date rule seen from the store: a dead entry whose end and
// whose ending relation (the latest that is not a mere succession) are both day-precise ends on
// that relation's day, never the day before.
func endsOnTheDayOfItsChange(t *testing.T, e *Entry) {
	t.Helper()
	if e.End == nil || len(*e.End) != len("2006-01-02") {
		return
	}
	var last *Link
	for i, l := range e.Successors {
		if l.Relation == "succeeded_by" || l.Date == "" {
			continue
		}
		if last == nil || l.Date > last.Date {
			last = &e.Successors[i]
		}
	}
	if last != nil && len(last.Date) == len("2006-01-02") && last.Date != *e.End {
		t.Errorf("%s ends %s but its %s %s is dated %s", e.Slug, *e.End, last.Relation, last.Slug, last.Date)
	}
}

func year(t *testing.T, date string) int {
	t.Helper()
	y, ok := yearOf(date)
	if !ok {
		t.Fatalf("%q has no year", date)
	}
	return y
}
