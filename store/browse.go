// Browsing: what the explorer asks of the search. A screen that lists every hit but draws a
// page of them needs every hit in order and little of each: Browse gives the index's lean
// entries, with no entry read whole and no match positions; Highlight dresses a hit as it is
// drawn; FirstPage fills the first screen before the index exists.

package store

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/junegunn/fzf/src/util"
)

// FirstPage returns the first n entries of List(Filter{}), whole, read through the name index
// (migration 7): as quick at a million entries as at a hundred, so a screen can be drawn before
// the search index is built.
func (s *Store) FirstPage(ctx context.Context, n int) ([]*Entry, error) {
	if n <= 0 {
		return []*Entry{}, nil
	}
	return s.List(ctx, Filter{Limit: n})
}

// Browse finds what Search(ctx, query, limit) finds, in the same order (limit ≤ 0: every hit),
// but each hit's Entry is the index's lean entry (see searchIndex.entry: the fields a list row,
// a timeline, facets and sorts read), shared and not to be changed, and Matches is nil:
// Highlight adds it to the hits drawn. DidYouMean holds lean entries too. Field and Score are
// Search's. With a limit, as in Search, the fuzzy and text tiers are asked only when the tiers
// above them leave room: a screen's worth of hits costs a fraction of every hit.
func (s *Store) Browse(ctx context.Context, query string, limit int) (*SearchResult, error) {
	if n := utf8.RuneCountInString(query); n > MaxQuery {
		return nil, fmt.Errorf("the query is %d characters long; at most %d are searched", n, MaxQuery)
	}
	ix, err := s.searchIndex(ctx)
	if err != nil {
		return nil, err
	}
	res := &SearchResult{Query: query}
	q := newSearchQuery(query)
	if q.key == "" {
		entries, err := s.leanEntries(ctx, ix, firstPicks(ix, limit))
		if err != nil {
			return nil, err
		}
		res.Hits = make([]Hit, len(entries))
		for i, e := range entries {
			res.Hits[i] = Hit{Entry: e}
		}
		return res, nil
	}
	cands, picks, best, err := s.candidates(ctx, ix, q, limit)
	if err != nil {
		return nil, err
	}
	entries, err := s.leanEntries(ctx, ix, picks)
	if err != nil {
		return nil, err
	}
	res.Hits = make([]Hit, len(cands))
	for i, c := range cands {
		res.Hits[i] = Hit{Entry: entries[i], Score: int(c.score), Field: kindNames[c.kind]}
	}
	if best < tierInitials {
		if near := ix.didYouMean(q, 3); len(near) > 0 {
			if res.DidYouMean, err = s.leanEntries(ctx, ix, near); err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}

// Highlight returns a hit Browse gave for query with the positions Search would have given it
// in Matches. It reads nothing from the database and builds no index: a hit the index no longer
// holds (the catalogue changed since) comes back with no positions.
func (s *Store) Highlight(query string, h Hit) Hit {
	s.search.mu.Lock()
	ix := s.search.index
	s.search.mu.Unlock()
	q := newSearchQuery(query)
	if q.key == "" || ix == nil || h.Entry == nil {
		return h
	}
	i, ok := ix.find(h.Entry.Slug)
	if !ok {
		h.Matches = map[string][]int{}
		return h
	}
	slab := slabs.Get().(*util.Slab)
	defer slabs.Put(slab)
	dressed := ix.hit(candidate{entry: i, rank: ix.rank[i], score: int32(h.Score), kind: kindOf(h.Field)}, q, slab, h.Entry)
	h.Matches = dressed.Matches
	return h
}

// kindOf is the index's kind of field for a Hit's Field.
func kindOf(field string) uint8 {
	for k, name := range kindNames {
		if name == field {
			return uint8(k)
		}
	}
	return kindText
}
