package store

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/junegunn/fzf/src/util"
)

// Hit is one search result. Matches holds, for each field that matched in the hit's tier, the
// positions to highlight; it is empty for a text hit and nil when the query was empty.
type Hit struct {
	Entry   *Entry
	Score   int              // higher is better; tiers never overlap
	Field   string           // what matched: "acronym", "alias", "initials", "name", "text"
	Matches map[string][]int // rune positions matched, ascending, per field: "acronym", "name", "alias:<index into Entry.Aliases>"
}

// SearchResult is what Search found for one query.
type SearchResult struct {
	Query      string
	Hits       []Hit    // best first, deterministic
	DidYouMean []*Entry // nearest acronyms when nothing better matches (typo tolerance)
}

// What a Hit's Field says matched.
const (
	FieldAcronym  = "acronym"
	FieldAlias    = "alias"
	FieldInitials = "initials"
	FieldName     = "name"
	FieldText     = "text"
)

// MatchKey names a field in Hit.Matches: "acronym", "name", or "alias:<i>" for Entry.Aliases[i].
func MatchKey(field string, alias int) string {
	if field == FieldAlias {
		return "alias:" + strconv.Itoa(alias)
	}
	return field
}

// Field kinds inside the index, and what Hit.Field calls them.
const (
	kindAcronym uint8 = iota
	kindName
	kindAlias
	kindInitials
	kindText
)

var kindNames = [...]string{kindAcronym: FieldAcronym, kindName: FieldName, kindAlias: FieldAlias,
	kindInitials: FieldInitials, kindText: FieldText}

// searchState is a store's search index. It is built from the database on the first Search and
// kept while the store is open: anything that later changes entries must reset it.
type searchState struct {
	mu    sync.Mutex
	index *searchIndex
	text  *sql.Stmt // the text tier's query, prepared once: parsing it cost more than running it

	// The file the index is saved in (see searchCache): opened on first use; noCache when it
	// could not be.
	cacheMu       sync.Mutex
	cache         *sql.DB
	cacheWritable bool
	noCache       bool
}

// MaxQuery is the longest query, in characters, Search takes: longer than any name, short enough
// that scoring it against every entry stays quick.
const MaxQuery = 200

// Search finds entries by acronym, name, alias, initials, a fuzzy spelling or the words of their
// text, best first; limit ≤ 0 means every hit. An empty query (or one of punctuation only)
// returns every entry in List's default order.
//
// Ties inside a tier go to the entry that is alive, then to the one that started most recently,
// then to the lower slug: a researcher typing "nhs" most likely means a body that exists now,
// and among the dead the latest incarnation is the one still cited.
func (s *Store) Search(ctx context.Context, query string, limit int) (*SearchResult, error) {
	if n := utf8.RuneCountInString(query); n > MaxQuery {
		// Not echoed: the query is the problem, and could be a megabyte.
		return nil, fmt.Errorf("the query is %d characters long; at most %d are searched", n, MaxQuery)
	}
	ix, err := s.searchIndex(ctx)
	if err != nil {
		return nil, err
	}
	res := &SearchResult{Query: query, Hits: []Hit{}}
	q := newSearchQuery(query)
	if q.key == "" {
		entries, err := s.fullEntries(ctx, ix, firstPicks(ix, limit))
		if err != nil {
			return nil, err
		}
		res.Hits = make([]Hit, len(entries))
		for i, e := range entries {
			res.Hits[i] = Hit{Entry: e} // nothing matched: Matches is nil
		}
		return res, nil
	}

	cands, picks, best, err := s.candidates(ctx, ix, q, limit)
	if err != nil {
		return nil, err
	}
	entries, err := s.fullEntries(ctx, ix, picks)
	if err != nil {
		return nil, err
	}
	res.Hits = make([]Hit, len(cands))
	// Dressing a hit runs fzf again for its positions: with every hit asked for, that is most
	// of the work, so both cores share it.
	inParallel(len(cands), func(_, lo, hi int, slab *util.Slab) {
		for i := lo; i < hi; i++ {
			res.Hits[i] = ix.hit(cands[i], q, slab, entries[i])
		}
	})
	if best < tierInitials {
		near := ix.didYouMean(q, 3)
		if res.DidYouMean, err = s.fullEntries(ctx, ix, near); err != nil {
			return nil, err
		}
		if len(res.DidYouMean) == 0 {
			res.DidYouMean = nil
		}
	}
	return res, nil
}

// SearchCount is how many hits Search(ctx, query, 0) would return, found without reading or
// dressing any of them.
func (s *Store) SearchCount(ctx context.Context, query string) (int, error) {
	if n := utf8.RuneCountInString(query); n > MaxQuery {
		return 0, fmt.Errorf("the query is %d characters long; at most %d are searched", n, MaxQuery)
	}
	ix, err := s.searchIndex(ctx)
	if err != nil {
		return 0, err
	}
	q := newSearchQuery(query)
	if q.key == "" {
		return ix.size(), nil
	}
	cands, _, err := ix.score(ctx, q, 0)
	if err != nil {
		return 0, err
	}
	more, err := s.searchText(ctx, ix, q, cands, 0)
	return len(cands) + len(more), err
}

// firstPicks is what an empty query returns: the index's first limit entries (every one when
// limit ≤ 0), in List's default order.
func firstPicks(ix *searchIndex, limit int) []int32 {
	n := ix.size()
	if limit > 0 {
		n = min(n, limit)
	}
	picks := make([]int32, n)
	for i := range picks {
		picks[i] = int32(i)
	}
	return picks
}

// candidates runs every tier for q and returns the best limit hits (every hit when limit ≤ 0),
// their positions in the index, and the best score of the in-memory tiers. The text tier is
// asked when the tiers above it leave room, or when a scattered fuzzy match, which ranks below
// it, holds a place.
func (s *Store) candidates(ctx context.Context, ix *searchIndex, q *searchQuery, limit int) ([]candidate, []int32, int, error) {
	cands, best, err := ix.score(ctx, q, limit)
	if err != nil {
		return nil, nil, 0, err
	}
	if limit <= 0 || len(cands) < limit || slices.ContainsFunc(cands, func(c candidate) bool { return c.score < tierText }) {
		more, err := s.searchText(ctx, ix, q, cands, limit)
		if err != nil {
			return nil, nil, 0, err
		}
		cands = append(cands, more...)
	}
	cands = topCandidates(cands, limit)
	picks := make([]int32, len(cands))
	for i, c := range cands {
		picks[i] = c.entry
	}
	return cands, picks, best, nil
}

// fullEntries returns the whole entries at these positions of the index, reading from the
// database, in one query, those not read before. Past a quarter of the catalogue one List is
// cheaper than naming every slug.
func (s *Store) fullEntries(ctx context.Context, ix *searchIndex, picks []int32) ([]*Entry, error) {
	ix.fullMu.Lock()
	defer ix.fullMu.Unlock()
	if ix.full == nil {
		ix.full = make([]*Entry, ix.size())
	}
	var missing []string
	for _, i := range picks {
		if ix.full[i] == nil {
			missing = append(missing, ix.slug(i))
		}
	}
	if len(missing) > 0 {
		var got []*Entry
		var err error
		if len(missing) > ix.size()/4 {
			got, err = s.List(ctx, Filter{})
		} else {
			got, err = s.queryEntries(ctx, "SELECT "+entryColumns+" FROM entries e WHERE e.slug IN (SELECT value FROM json_each(?))", jsonArray(missing))
		}
		if err != nil {
			return nil, fmt.Errorf("read the hits: %w", err)
		}
		for _, e := range got {
			if i, ok := ix.find(e.Slug); ok && ix.full[i] == nil {
				ix.full[i] = e
			}
		}
	}
	out := make([]*Entry, len(picks))
	for k, i := range picks {
		out[k] = ix.full[i]
		if out[k] == nil {
			// Removed by another process since the index was built: what the index knows.
			lean, err := s.leanEntries(ctx, ix, []int32{i})
			if err != nil {
				return nil, fmt.Errorf("read the hits: %w", err)
			}
			out[k] = lean[0]
		}
	}
	return out, nil
}

// inParallel splits n items into one contiguous chunk per core (a single chunk when n is small,
// where starting goroutines would cost more than it saves) and runs work on each, with a slab of
// its own; it returns when every chunk is done. chunk numbers the chunks from 0 in order.
func inParallel(n int, work func(chunk, lo, hi int, slab *util.Slab)) {
	k := chunks(n)
	var wg sync.WaitGroup
	for c := range k {
		lo, hi := c*n/k, (c+1)*n/k
		run := func() {
			slab := slabs.Get().(*util.Slab)
			defer slabs.Put(slab)
			work(c, lo, hi, slab)
		}
		if c == k-1 {
			run()
			continue
		}
		wg.Go(run)
	}
	wg.Wait()
}

// chunks is how many chunks inParallel cuts n items into.
func chunks(n int) int {
	if n < 4096 {
		return 1
	}
	return runtime.GOMAXPROCS(0)
}

// searchQuery is a query prepared once for every entry.
type searchQuery struct {
	key     string // Key(query)
	pattern []rune // key as fzf wants it: lower case, normalised
	norm    string // pattern as a string, to look for in searchField.norm
	mask    uint32 // letterMask(pattern)
	words   []string
}

func newSearchQuery(query string) *searchQuery {
	q := &searchQuery{key: Key(query)}
	q.pattern = []rune(q.key) // Key has folded case and accents already
	q.mask = letterMask(q.pattern)
	q.norm = string(q.pattern)
	q.words = strings.FieldsFunc(strings.ToLower(query), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	return q
}
