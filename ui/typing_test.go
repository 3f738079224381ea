package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"quango/seed"
	"quango/store"
)

// quickSearch is the real store with a search that answers at once: the whole catalogue for
// the empty query (the list to move in, open and draw views from) and its first three entries
// for any other. The typing test presses over a hundred thousand keys, and what it checks is
// where each key goes, not what the search finds. Every write still reaches the real database.
type quickSearch struct {
	*store.Store
	all, some *store.SearchResult
	stats     *store.Stats
	lineages  map[string]*store.Lineage
}

// Stats and Lineage are asked again each time a view opens; the answers never change here.
func (q *quickSearch) Stats(ctx context.Context, now time.Time) (*store.Stats, error) {
	if q.stats == nil {
		st, err := q.Store.Stats(ctx, now)
		if err != nil {
			return nil, err
		}
		q.stats = st
	}
	return q.stats, nil
}

func (q *quickSearch) Lineage(ctx context.Context, slug string) (*store.Lineage, error) {
	if l, ok := q.lineages[slug]; ok {
		return l, nil
	}
	l, err := q.Store.Lineage(ctx, slug)
	if err == nil {
		q.lineages[slug] = l
	}
	return l, err
}

func (q *quickSearch) Browse(ctx context.Context, query string, _ int) (*store.SearchResult, error) {
	if q.all == nil {
		all, err := q.Store.Browse(ctx, "", 0)
		if err != nil {
			return nil, err
		}
		q.all, q.some = all, &store.SearchResult{Hits: all.Hits[:3]}
	}
	if query == "" {
		return q.all, nil
	}
	return q.some, nil
}

// TestTypingEveryAcronymAndAlias types every acronym and alias of the catalogue, as written,
// in upper case and in lower case, from each state the list can be in: at start, after moving,
// after Esc, after coming back from an entry, from each view and from the filter menu. Each
// time the query must be exactly what was typed, with no form, view, menu or help open, the
// order unchanged, nothing copied, opened or written, and the database byte-for-byte the same.
func TestTypingEveryAcronymAndAlias(t *testing.T) {
	entries, err := seed.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, e := range entries {
		for _, w := range append([]string{e.Acronym}, e.Aliases...) {
			for _, c := range []string{strings.ToUpper(w), strings.ToLower(w)} {
				if strings.TrimSpace(c) != "" && !slices.Contains(words, c) {
					words = append(words, c)
				}
			}
		}
	}
	if len(words) < 500 {
		t.Fatalf("only %d acronyms and aliases: the catalogue was not read", len(words))
	}

	path := filepath.Join(t.TempDir(), "q.db")
	ctx := context.Background()
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close() // created and checkpointed: what is on disk now must stay so
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if s, err = store.Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	cat := &quickSearch{Store: s, lineages: map[string]*store.Lineage{}}

	states := []struct {
		name string
		keys []string
	}{
		{"at start", nil},
		{"after moving", []string{"down", "down", "ctrl+n", "end", "up", "pgup", "ctrl+p", "home", "down"}},
		{"after esc", []string{"x", "esc"}},
		{"after an entry", []string{"down", "enter", "tab", "esc"}},
		{"after the timeline", []string{"alt+t", "esc"}},
		{"after the lineage", []string{"alt+l", "esc"}},
		{"after the numbers", []string{"alt+s", "esc"}},
		{"after the filter menu", []string{"ctrl+f", "esc"}},
		{"after the help", []string{"f1", "esc"}},
	}
	for _, st := range states {
		hs := newHarness(t, cat, 80, 24)
		for _, w := range words {
			hs.press(st.keys...)
			hs.typeText(w)
			m := hs.m
			if got := m.input.Value(); got != w {
				t.Fatalf("%s, typing %q: the query is %q", st.name, w, got)
			}
			if m.editor != nil || m.detail.open() || m.menu.open || m.showHelp || hs.quit {
				t.Fatalf("%s, typing %q: form %v, view %v, menu %v, help %v, quit %v",
					st.name, w, m.editor != nil, m.detail.open(), m.menu.open, m.showHelp, hs.quit)
			}
			if m.order != orderMatch || m.browseOrder != "name" || m.reversed() {
				t.Fatalf("%s, typing %q: the order became %q (browsing %q, reversed %v)", st.name, w, m.order, m.browseOrder, m.reversed())
			}
			hs.press("esc")
			if m.input.Value() != "" || m.order != "name" {
				t.Fatalf("%s, esc after %q: query %q, order %q", st.name, w, m.input.Value(), m.order)
			}
		}
		if len(hs.clip)+len(hs.opened) > 0 {
			t.Errorf("%s: typing copied %d and opened %d", st.name, len(hs.clip), len(hs.opened))
		}
		if files, _ := os.ReadDir(hs.m.opts.Dir); len(files) > 0 {
			t.Errorf("%s: typing wrote %d files", st.name, len(files))
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("typing changed the database")
	}
}
