package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"quango/seed"
	"quango/store"
)

// fakeCatalogue is a second implementation of Catalogue: many generated entries, a naive
// substring search that reports rune positions, and a count of searches made. It shows the
// explorer depends on the interface alone, and lets tests scroll lists longer than the fixture.
type fakeCatalogue struct {
	entries                               []*store.Entry
	searches, highlights, lineages, stats int
	// changed is what the next Refresh reports: another process wrote to the database.
	changed bool
	// refuse makes the next write fail with these problems, as the store's validator would.
	refuse seed.Problems
}

func newFakeCatalogue(n int) *fakeCatalogue {
	f := &fakeCatalogue{}
	kinds := []string{"body", "programme", "strategy", "system"}
	for i := range n {
		e := &store.Entry{
			Slug:     fmt.Sprintf("entry-%05d", i),
			Acronym:  fmt.Sprintf("E%d", i),
			Name:     fmt.Sprintf("Entry number %d", i),
			Kind:     kinds[i%len(kinds)],
			Start:    fmt.Sprintf("%d", 1990+i%30),
			Fate:     "active",
			Summary:  "A generated entry.",
			StartKey: float64(1990 + i%30),
			Sources:  nil,
		}
		if i%3 == 0 {
			end := fmt.Sprintf("%d", 1995+i%30)
			e.End, e.EndKey, e.Fate = &end, float64(1995+i%30), "abolished"
		}
		f.entries = append(f.entries, e)
	}
	return f
}

// add puts a hand-written entry at the front.
func (f *fakeCatalogue) add(e *store.Entry) { f.entries = append([]*store.Entry{e}, f.entries...) }

// Browse finds the entries whose name holds the query, lean as the store's are: the hits carry
// no positions (Highlight finds them) and the rest of each entry only Get gives.
func (f *fakeCatalogue) Browse(_ context.Context, query string) (*store.SearchResult, error) {
	f.searches++
	res := &store.SearchResult{Query: query}
	q := []rune(strings.ToLower(query))
	for _, e := range f.entries {
		h := store.Hit{Entry: lean(e)}
		if len(q) > 0 {
			if indexRunes([]rune(strings.ToLower(e.Name)), q) < 0 {
				continue
			}
			h.Field = "name"
		}
		res.Hits = append(res.Hits, h)
	}
	return res, nil
}

// lean is what the store's Browse gives of an entry: what a row, a facet and a sort read.
func lean(e *store.Entry) *store.Entry {
	l := &store.Entry{Slug: e.Slug, Acronym: e.Acronym, Name: e.Name, Aliases: e.Aliases, Nation: e.Nation,
		Kind: e.Kind, Start: e.Start, End: e.End, Approximate: e.Approximate, Fate: e.Fate, FateNote: e.FateNote,
		EndAnnounced: e.EndAnnounced, StartKey: e.StartKey, EndKey: e.EndKey}
	if e.Alive() && e.EndAnnounced != "" {
		l.Events = e.Events // they date the announced end
	}
	return l
}

func (f *fakeCatalogue) Highlight(query string, h store.Hit) store.Hit {
	f.highlights++
	q := []rune(strings.ToLower(query))
	h.Matches = map[string][]int{}
	if at := indexRunes([]rune(strings.ToLower(h.Entry.Name)), q); at >= 0 && len(q) > 0 {
		for i := range q {
			h.Matches["name"] = append(h.Matches["name"], at+i)
		}
	}
	return h
}

func (f *fakeCatalogue) FirstPage(_ context.Context, n int) ([]*store.Entry, error) {
	return slices.Clone(f.entries[:min(n, len(f.entries))]), nil
}

func indexRunes(s, sub []rune) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if string(s[i:i+len(sub)]) == string(sub) {
			return i
		}
	}
	return -1
}

func (f *fakeCatalogue) Get(_ context.Context, slug string) (*store.Entry, error) {
	for _, e := range f.entries {
		if e.Slug == slug {
			return e, nil
		}
	}
	return nil, &store.NotFoundError{Query: slug}
}

func (f *fakeCatalogue) Count(context.Context) (total, alive int, err error) {
	for _, e := range f.entries {
		if e.Alive() {
			alive++
		}
	}
	return len(f.entries), alive, nil
}

func (f *fakeCatalogue) CatalogueVersion(context.Context) (string, error) { return "fake", nil }

// Lineage gives every fake entry a family of one: the fake has no relations, and store.Lineage
// can only be built by the store. Tests of real trees use the fixture store.
func (f *fakeCatalogue) Lineage(ctx context.Context, slug string) (*store.Lineage, error) {
	f.lineages++
	if _, err := f.Get(ctx, slug); err != nil {
		return nil, err
	}
	return &store.Lineage{Root: slug}, nil
}

// Stats computes the fake's numbers as the store computes any set's.
func (f *fakeCatalogue) Stats(_ context.Context, now time.Time) (*store.Stats, error) {
	f.stats++
	return store.ComputeStats(f.entries, now), nil
}

// The writes change the fake's entries as the store changes its rows; Refresh reports what the
// test says another process did.

func (f *fakeCatalogue) refused() error {
	if ps := f.refuse; ps != nil {
		f.refuse = nil
		return ps
	}
	return nil
}

func (f *fakeCatalogue) Add(_ context.Context, e seed.Entry, note string) error {
	if err := f.refused(); err != nil {
		return err
	}
	if _, err := f.Get(context.Background(), e.Slug); err == nil {
		return &store.SlugTakenError{Slug: e.Slug}
	}
	se := &store.Entry{Slug: e.Slug, Acronym: e.Acronym, Name: e.Name, Kind: e.Kind, Start: e.Start,
		Fate: e.Fate, FateNote: e.FateNote, Summary: e.Summary, Origin: store.OriginUser}
	if note != "" {
		se.Notes = []store.Note{{Text: note}}
	}
	f.add(se)
	return nil
}

func (f *fakeCatalogue) Bury(ctx context.Context, slug string, b store.Burial) error {
	if err := f.refused(); err != nil {
		return err
	}
	e, err := f.Get(ctx, slug)
	if err != nil {
		return err
	}
	end := b.End
	e.End, e.Fate, e.FateNote = &end, b.Fate, b.Note
	return nil
}

func (f *fakeCatalogue) AddNote(ctx context.Context, slug, text string) error {
	if err := f.refused(); err != nil {
		return err
	}
	e, err := f.Get(ctx, slug)
	if err != nil {
		return err
	}
	e.Notes = append(e.Notes, store.Note{Text: text})
	return nil
}

func (f *fakeCatalogue) Slugs(context.Context) ([]string, error) {
	out := make([]string, len(f.entries))
	for i, e := range f.entries {
		out[i] = e.Slug
	}
	return out, nil
}

func (f *fakeCatalogue) Resolve(ctx context.Context, query string) (*store.Entry, error) {
	for _, e := range f.entries {
		if strings.EqualFold(e.Acronym, query) || e.Slug == query {
			return e, nil
		}
	}
	return nil, &store.NotFoundError{Query: query}
}

func (f *fakeCatalogue) Refresh(context.Context) (bool, error) {
	changed := f.changed
	f.changed = false
	return changed, nil
}

// Reset gives the fields back as they were before the test's writes: the fake keeps no
// catalogue version, so it only forgets that they were edited.
func (f *fakeCatalogue) Reset(ctx context.Context, slug string, fields []string) ([]string, error) {
	if err := f.refused(); err != nil {
		return nil, err
	}
	e, err := f.Get(ctx, slug)
	if err != nil {
		return nil, err
	}
	if len(fields) == 0 {
		fields = e.Edited
	}
	e.Edited = slices.DeleteFunc(e.Edited, func(x string) bool { return slices.Contains(fields, x) })
	return fields, nil
}
