package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/junegunn/fzf/src/algo"
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

// Scores come in tiers, each a band of tierSpan, so a hit in a better tier always outranks one in
// a worse tier whatever its score inside the band:
//
//	exact     the query is an acronym, name or alias (compared as Key folds them)
//	prefix    the query starts an acronym, name or alias
//	initials  the query spells the initials of the name's (or an alias's) words
//	fuzzy     fzf's FuzzyMatchV2 over acronym, name and aliases
//	text      words of the summary and history (SQLite FTS5, bm25)
const (
	tierSpan     = 1_000_000
	tierText     = 1 * tierSpan
	tierFuzzy    = 2 * tierSpan
	tierInitials = 3 * tierSpan
	tierPrefix   = 4 * tierSpan
	tierExact    = 5 * tierSpan
)

// Inside the exact, prefix and initials tiers an acronym beats a name, which beats an alias:
// "NHSLA" is one body's acronym and its successor's alias.
var fieldWeight = [...]int{kindAcronym: 3, kindName: 2, kindAlias: 1}

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

// stopWords may be left out of initials: "cfh" is NHS Connecting for Health, "hscic" the Health
// and Social Care Information Centre. They may also be kept: "hqcfa" is High Quality Care for All.
var stopWords = map[string]bool{"for": true, "and": true, "of": true, "the": true, "nhs": true,
	"in": true, "a": true, "an": true}

// searchState is a store's search index. It is built from the database on the first Search and
// kept while the store is open: anything that later changes entries must reset it.
type searchState struct {
	mu    sync.Mutex
	index *searchIndex
	text  *sql.Stmt // the text tier's query, prepared once: parsing it cost more than running it
}

// searchIndex holds every searchable field already folded and converted, so a keystroke costs
// comparisons and fzf scoring only: no SQL (until the text tier) and no per-entry allocation.
type searchIndex struct {
	entries []searchEntry    // in List's default order (by name): what an empty query returns
	bySlug  map[string]int32 // slug → position in entries

	// The index is built from a lean read of the searchable columns only; the entries handed
	// to callers are read whole, when first returned, and kept (see full).
	fullMu sync.Mutex
	full   []*Entry // by position in entries; nil until read

	// The last query's survivors: the entries in which its pattern appears in order. A query
	// that extends it (the next keystroke) can only match among them, as in fzf.
	lastMu sync.Mutex
	last   *narrowing
}

// narrowing is a query's pattern and the entries (positions, ascending) holding it in order.
type narrowing struct {
	pattern string
	matched []int32
}

type searchEntry struct {
	entry  *Entry
	rank   int32  // position in the tie-break order (see byTieBreak)
	mask   uint64 // the fields' letter masks together: most entries are passed over on this alone
	fields []searchField
	words  []wordList
}

type searchField struct {
	kind  uint8 // kindAcronym, kindName or kindAlias
	alias int32 // index into Entry.Aliases when kind is kindAlias
	text  string
	key   string     // Key(text)
	norm  string     // key with accents taken off as fzf does: the query's pattern is a subsequence of it when anything matches
	runes int32      // runes in key, for the typo distance's cheap length check
	chars util.Chars // text for fzf
	mask  uint64     // letterMask of the text: fzf is not asked about a query with letters it lacks
}

// wordList is a field's text split into words, for the initials tier.
type wordList struct {
	field int32 // index into searchEntry.fields
	words []initialWord
	// lead has a bit for each first byte a spelling can start with: the first byte of each
	// word up to and including the first that may not be skipped. Most lists fail on it.
	lead [4]uint64
}

// newWordList is a wordList over words of the key of the field at f.
func newWordList(f int32, key string, words []initialWord) wordList {
	wl := wordList{field: f, words: words}
	for _, w := range words {
		b := key[w.start]
		wl.lead[b>>6] |= 1 << (b & 63)
		if !w.stop {
			break
		}
	}
	return wl
}

// initialWord is a word of a field as a byte range of the field's key.
type initialWord struct {
	start, end int32
	stop       bool // may be skipped
	whole      bool // may give all its letters (IT in NPfIT, GP): short capitals
	digits     bool // gives all its digits (NHS 111 is "n111")
	// Over this word and those after it: the fewest and most bytes of query they can spell;
	// checked first, so a hopeless branch ends at once.
	minRest, maxRest int32
}

var (
	initFzf sync.Once
	slabs   = sync.Pool{New: func() any { return util.MakeSlab(100*1024, 2048) }}
)

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
		n := len(ix.entries)
		if limit > 0 {
			n = min(n, limit)
		}
		picks := make([]int32, n)
		for i := range picks {
			picks[i] = int32(i)
		}
		entries, err := s.fullEntries(ctx, ix, picks)
		if err != nil {
			return nil, err
		}
		res.Hits = make([]Hit, n)
		for i := range n {
			res.Hits[i] = Hit{Entry: entries[i]} // nothing matched: Matches is nil
		}
		return res, nil
	}

	cands, best, err := ix.score(ctx, q, limit)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || len(cands) < limit {
		more, err := s.searchText(ctx, ix, q, cands, limit)
		if err != nil {
			return nil, err
		}
		cands = append(cands, more...)
	}
	cands = topCandidates(cands, limit)
	picks := make([]int32, len(cands))
	for i, c := range cands {
		picks[i] = c.entry
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

// fullEntries returns the whole entries at these positions of the index, reading from the
// database, in one query, those not read before. Past a quarter of the catalogue one List is
// cheaper than naming every slug.
func (s *Store) fullEntries(ctx context.Context, ix *searchIndex, picks []int32) ([]*Entry, error) {
	ix.fullMu.Lock()
	defer ix.fullMu.Unlock()
	if ix.full == nil {
		ix.full = make([]*Entry, len(ix.entries))
	}
	var missing []string
	for _, i := range picks {
		if ix.full[i] == nil {
			missing = append(missing, ix.entries[i].entry.Slug)
		}
	}
	if len(missing) > 0 {
		var got []*Entry
		var err error
		if len(missing) > len(ix.entries)/4 {
			got, err = s.List(ctx, Filter{})
		} else {
			got, err = s.queryEntries(ctx, "SELECT "+entryColumns+" FROM entries e WHERE e.slug IN (SELECT value FROM json_each(?))", jsonArray(missing))
		}
		if err != nil {
			return nil, fmt.Errorf("read the hits: %w", err)
		}
		for _, e := range got {
			if i, ok := ix.bySlug[e.Slug]; ok && ix.full[i] == nil {
				ix.full[i] = e
			}
		}
	}
	out := make([]*Entry, len(picks))
	for k, i := range picks {
		out[k] = ix.full[i]
		if out[k] == nil {
			// Removed by another process since the index was built: what the index knows.
			out[k] = ix.entries[i].entry
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
	mask    uint64 // letterMask(pattern)
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

// letterMask has a bit for each of a–z and 0–9 in folded text, and one for anything else.
func letterMask(runes []rune) uint64 {
	var m uint64
	for _, r := range runes {
		m |= letterBit(r)
	}
	return m
}

// letterBit is a rune's bit in a letterMask.
func letterBit(r rune) uint64 {
	switch {
	case r >= 'a' && r <= 'z':
		return 1 << (r - 'a')
	case r >= '0' && r <= '9':
		return 1 << (26 + r - '0')
	}
	return 1 << 63
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// candidate is a hit before it is dressed for the caller.
type candidate struct {
	entry int32
	rank  int32
	score int32
	kind  uint8
}

// better orders candidates: higher score, then the tie-break rank.
func better(a, b candidate) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.rank < b.rank
}

func (s *Store) searchIndex(ctx context.Context) (*searchIndex, error) {
	s.search.mu.Lock()
	defer s.search.mu.Unlock()
	if s.search.index != nil {
		return s.search.index, nil
	}
	initFzf.Do(func() { algo.Init("default") })
	if s.search.text == nil {
		// Ordered like the final sort, so a LIMIT cuts where the caller's limit would.
		stmt, err := s.db.PrepareContext(ctx, `
			SELECT f.slug, min(?2, max(1, CAST(-bm25(entries_fts, 0.0, 2.0, 1.0) * 1000 AS INTEGER))) AS score
			FROM entries_fts f JOIN entries e ON e.slug = f.slug
			WHERE entries_fts MATCH ?1
			ORDER BY score DESC, e.end_date IS NOT NULL, e.start_key DESC, e.slug
			LIMIT ?3`)
		if err != nil {
			return nil, fmt.Errorf("prepare the text search: %w", err)
		}
		s.search.text = stmt
	}
	entries, err := s.searchable(ctx)
	if err != nil {
		return nil, fmt.Errorf("build the search index: %w", err)
	}
	ix := &searchIndex{entries: make([]searchEntry, len(entries)), bySlug: make(map[string]int32, len(entries))}
	inParallel(len(entries), func(_, lo, hi int, _ *util.Slab) {
		for i := lo; i < hi; i++ {
			ix.entries[i] = indexEntry(entries[i])
		}
	})
	for i, e := range entries {
		ix.bySlug[e.Slug] = int32(i)
	}
	order := make([]int32, len(entries))
	for i := range order {
		order[i] = int32(i)
	}
	order = sortInParallel(order, func(a, b int32) int { return byTieBreak(entries[a], entries[b]) })
	for rank, i := range order {
		ix.entries[i].rank = int32(rank)
	}
	s.search.index = ix
	return ix, nil
}

// searchable reads what the index needs of every entry List(Filter{}) would return, in the same
// order: slug, acronym, name, aliases, start and whether it ended. The rest is read only for
// the entries a search returns (see fullEntries): at a million entries, reading everything
// took most of the first search.
func (s *Store) searchable(ctx context.Context) ([]*Entry, error) {
	// Sorted here rather than by SQLite, which took longer than reading the rows.
	rows, err := s.db.QueryContext(ctx, `SELECT slug, acronym, name, end_date IS NOT NULL, start_key
		FROM entries e WHERE e.hidden = 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Entry
	bySlug := map[string]*Entry{}
	ended := new(string) // a lean entry's End says only that it ended
	for rows.Next() {
		e := &Entry{Aliases: []string{}}
		var dead bool
		if err := rows.Scan(&e.Slug, &e.Acronym, &e.Name, &dead, &e.StartKey); err != nil {
			return nil, err
		}
		if dead {
			e.End = ended
		}
		out = append(out, e)
		bySlug[e.Slug] = e
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	arows, err := s.db.QueryContext(ctx, `SELECT slug, alias FROM aliases ORDER BY slug, pos`)
	if err != nil {
		return nil, err
	}
	defer arows.Close()
	for arows.Next() {
		var slug, alias string
		if err := arows.Scan(&slug, &alias); err != nil {
			return nil, err
		}
		if e := bySlug[slug]; e != nil {
			e.Aliases = append(e.Aliases, alias)
		}
	}
	if err := arows.Err(); err != nil {
		return nil, err
	}
	return sortInParallel(out, byName), nil
}

// byName is List's default order, ORDER BY lower(name), slug: SQLite's lower() folds ASCII
// letters only, and its text compares byte by byte.
func byName(a, b *Entry) int {
	x, y := a.Name, b.Name
	for i := 0; i < len(x) && i < len(y); i++ {
		cx, cy := x[i], y[i]
		if 'A' <= cx && cx <= 'Z' {
			cx += 'a' - 'A'
		}
		if 'A' <= cy && cy <= 'Z' {
			cy += 'a' - 'A'
		}
		if cx != cy {
			return int(cx) - int(cy)
		}
	}
	if len(x) != len(y) {
		return len(x) - len(y)
	}
	return strings.Compare(a.Slug, b.Slug)
}

// sortInParallel sorts s by cmp, each half on its own core, then merges the halves into a new
// slice (s itself is left in an unspecified order). cmp must be a total order, so the result is
// the one slices.SortFunc would give.
func sortInParallel[T any](s []T, cmp func(a, b T) int) []T {
	if chunks(len(s)) == 1 {
		slices.SortFunc(s, cmp)
		return s
	}
	lo, hi := s[:len(s)/2], s[len(s)/2:]
	var wg sync.WaitGroup
	wg.Go(func() { slices.SortFunc(lo, cmp) })
	slices.SortFunc(hi, cmp)
	wg.Wait()
	out := make([]T, 0, len(s))
	i, j := 0, 0
	for i < len(lo) && j < len(hi) {
		if cmp(hi[j], lo[i]) < 0 {
			out = append(out, hi[j])
			j++
		} else {
			out = append(out, lo[i])
			i++
		}
	}
	out = append(out, lo[i:]...)
	return append(out, hi[j:]...)
}

// byTieBreak is the order of equally good hits: alive before dead, newer start first, then slug.
func byTieBreak(a, b *Entry) int {
	if a.Alive() != b.Alive() {
		if a.Alive() {
			return -1
		}
		return 1
	}
	if a.StartKey != b.StartKey {
		if a.StartKey > b.StartKey {
			return -1
		}
		return 1
	}
	return strings.Compare(a.Slug, b.Slug)
}

func indexEntry(e *Entry) searchEntry {
	se := searchEntry{entry: e}
	add := func(kind uint8, alias int, text string) {
		key := Key(text)
		if key == "" {
			return
		}
		// A key is letters and digits folded: ASCII ones need no runes.
		mask, runes := uint64(0), int32(len(key))
		if ascii(key) {
			for i := 0; i < len(key); i++ {
				mask |= letterBit(rune(key[i]))
			}
		} else {
			runeKey := []rune(key)
			mask, runes = letterMask(runeKey), int32(len(runeKey))
		}
		se.fields = append(se.fields, searchField{kind: kind, alias: int32(alias), text: text, key: key, norm: key,
			runes: runes, chars: util.ToChars([]byte(text)), mask: mask})
		if kind == kindAcronym {
			return
		}
		f := int32(len(se.fields) - 1)
		se.words = append(se.words, newWordList(f, key, splitWords(text)))
		// "Information for Health: An Information Strategy…" is also just "Information for
		// Health", and "NHS Choices (the NHS website, nhs.uk)" just "NHS Choices".
		if cut := strings.IndexAny(text, "(:"); cut > 0 {
			if short := splitWords(text[:cut]); len(short) > 0 && len(short) < len(se.words[len(se.words)-1].words) {
				se.words = append(se.words, newWordList(f, key, short))
			}
		}
	}
	add(kindAcronym, 0, e.Acronym)
	add(kindName, 0, e.Name)
	for i, a := range e.Aliases {
		add(kindAlias, i, a)
	}
	for _, f := range se.fields {
		se.mask |= f.mask
	}
	return se
}

// splitWords splits text into runs of letters and digits (an apostrophe joins: "Accenture's" is
// one word), each a byte range of Key(text).
func splitWords(text string) []initialWord {
	var words []initialWord
	var cur *initialWord
	upper, letters := true, 0
	offset := int32(0) // bytes of Key(text) so far
	finish := func() {
		if cur != nil {
			cur.whole = !cur.digits && upper && letters >= 2 && letters <= 5
			cur = nil
		}
	}
	prevApostrophe := false
	for _, r := range text {
		lr := unicode.ToLower(r)
		if !unicode.IsLetter(lr) && !unicode.IsDigit(lr) {
			if (r == '\'' || r == '’') && cur != nil && !prevApostrophe {
				prevApostrophe = true
				continue
			}
			prevApostrophe = false
			finish()
			continue
		}
		prevApostrophe = false
		isDigit := unicode.IsDigit(lr)
		if cur != nil && cur.digits != isDigit {
			finish() // "GP2GP": letters and digits are separate words
		}
		if cur == nil {
			words = append(words, initialWord{start: offset, digits: isDigit})
			cur = &words[len(words)-1]
			upper, letters = true, 0
		}
		if !isDigit {
			letters++
			upper = upper && unicode.IsUpper(r)
		}
		offset += int32(utf8.RuneLen(Fold(r)))
		cur.end = offset
	}
	finish()
	key := Key(text)
	var lo, hi int32
	for i := len(words) - 1; i >= 0; i-- {
		w := &words[i]
		word := key[w.start:w.end]
		_, first := utf8.DecodeRuneInString(word)
		w.stop = !w.digits && stopWords[word]
		switch {
		case w.digits:
			lo += int32(len(word))
			hi += int32(len(word))
		case w.whole:
			hi += int32(len(word))
		default:
			hi += int32(first)
		}
		if !w.stop && !w.digits {
			lo += int32(first)
		}
		w.minRest, w.maxRest = lo, hi
	}
	return words
}

// spells reports whether q spells the initials of words (bytes of key), leaving out stop words
// where that helps. When path is not nil it records how many bytes each word gave (0: skipped).
func spells(q, key string, words []initialWord, path []int32) bool {
	if len(words) == 0 {
		return q == ""
	}
	w := &words[0]
	if int32(len(q)) < w.minRest || int32(len(q)) > w.maxRest {
		return false
	}
	word := key[w.start:w.end]
	var rest []int32
	if path != nil {
		rest = path[1:]
	}
	try := func(n int) bool {
		if n > len(q) || q[:n] != word[:n] || !spells(q[n:], key, words[1:], rest) {
			return false
		}
		if path != nil {
			path[0] = int32(n)
		}
		return true
	}
	if w.digits {
		if try(len(word)) {
			return true
		}
	} else {
		// A whole word first, so NPfIT's IT lights up both letters.
		_, first := utf8.DecodeRuneInString(word)
		if (w.whole && len(word) > first && try(len(word))) || try(first) {
			return true
		}
	}
	if w.stop && spells(q, key, words[1:], rest) {
		if path != nil {
			path[0] = 0
		}
		return true
	}
	return false
}

// score runs the tiers held in memory over the entries that can match; best is the best score
// of all. Only entries holding the query's letters in order can match in any of these tiers;
// when the query extends the last one, those are among the last one's (see narrowing), so a
// keystroke usually looks at far fewer entries than the catalogue holds. It goes in two passes,
// each shared between the cores: the cheap tiers (exact, prefix, initials) first, then fzf only
// over the entries they left, and only when they found fewer than limit, since a fuzzy hit can
// never outrank them.
func (ix *searchIndex) score(ctx context.Context, q *searchQuery, limit int) ([]candidate, int, error) {
	ix.lastMu.Lock()
	var scan []int32 // nil: every entry
	if ix.last != nil && strings.HasPrefix(q.norm, ix.last.pattern) {
		scan = ix.last.matched
	}
	ix.lastMu.Unlock()
	n := len(ix.entries)
	if scan != nil {
		n = len(scan)
	}

	type part struct {
		matched, weak []int32 // weak: matched by no cheap tier
		strong        []candidate
		best          int
		err           error
	}
	parts := make([]part, chunks(n))
	inParallel(n, func(c, lo, hi int, _ *util.Slab) {
		p := &parts[c]
		for k := lo; k < hi; k++ {
			if (k-lo)%4096 == 4095 {
				if p.err = ctx.Err(); p.err != nil {
					return
				}
			}
			i := int32(k)
			if scan != nil {
				i = scan[k]
			}
			se := &ix.entries[i]
			if !se.holds(q) {
				continue
			}
			p.matched = append(p.matched, i)
			if score, kind := strongScore(se, q); score > 0 {
				p.best = max(p.best, score)
				p.strong = append(p.strong, candidate{entry: i, rank: se.rank, score: int32(score), kind: kind})
			} else {
				p.weak = append(p.weak, i)
			}
		}
	})
	var out []candidate
	var matched, weak []int32
	best := 0
	for _, p := range parts {
		if p.err != nil {
			return nil, 0, p.err
		}
		out = append(out, p.strong...)
		matched = append(matched, p.matched...)
		weak = append(weak, p.weak...)
		best = max(best, p.best)
	}
	ix.lastMu.Lock()
	ix.last = &narrowing{pattern: q.norm, matched: matched}
	ix.lastMu.Unlock()
	if limit > 0 && len(out) >= limit {
		return out, best, nil
	}

	fparts := make([]part, chunks(len(weak)))
	inParallel(len(weak), func(c, lo, hi int, slab *util.Slab) {
		p := &fparts[c]
		for k := lo; k < hi; k++ {
			if (k-lo)%4096 == 4095 {
				if p.err = ctx.Err(); p.err != nil {
					return
				}
			}
			se := &ix.entries[weak[k]]
			if score, kind := fuzzyScore(se, q, slab); score > 0 {
				p.best = max(p.best, score)
				p.strong = append(p.strong, candidate{entry: weak[k], rank: se.rank, score: int32(score), kind: kind})
			}
		}
	})
	for _, p := range fparts {
		if p.err != nil {
			return nil, 0, p.err
		}
		out = append(out, p.strong...)
		best = max(best, p.best)
	}
	return out, best, nil
}

// holds reports whether some field of the entry holds the query's letters in order: what every
// in-memory tier needs, checked on bytes with no allocation.
func (se *searchEntry) holds(q *searchQuery) bool {
	if q.mask&^se.mask != 0 {
		return false
	}
	for i := range se.fields {
		f := &se.fields[i]
		if q.mask&^f.mask == 0 && subsequence(q.norm, f.norm) {
			return true
		}
	}
	return false
}

// subsequence reports whether the bytes of p appear in s in order. On UTF-8 it can only err
// towards yes, which is safe for a filter.
func subsequence(p, s string) bool {
	j := 0
	for i := 0; i < len(s) && j < len(p); i++ {
		if s[i] == p[j] {
			j++
		}
	}
	return j == len(p)
}

// strongScore is one entry's best score in the exact, prefix and initials tiers, and the kind of
// field that earned it. Fields are visited acronym, name, aliases, and only a strictly better
// score replaces one, so that order breaks ties between an entry's own fields.
func strongScore(se *searchEntry, q *searchQuery) (int, uint8) {
	best, kind := 0, uint8(0)
	consider := func(score int, k uint8) {
		if score > best {
			best, kind = score, k
		}
	}
	for i := range se.fields {
		f := &se.fields[i]
		switch {
		case f.key == q.key:
			consider(tierExact+fieldWeight[f.kind], f.kind)
		case strings.HasPrefix(f.key, q.key):
			// Nearer completions first: "nhs" finds NHSE before NHSBSA.
			consider(tierPrefix+fieldWeight[f.kind]*10_000-min(len(f.key)-len(q.key), 9_999), f.kind)
		}
	}
	if best > 0 {
		return best, kind
	}
	if len(q.key) >= 2 {
		b := q.key[0]
		for i := range se.words {
			wl := &se.words[i]
			if wl.lead[b>>6]&(1<<(b&63)) == 0 {
				continue // no word a spelling could start with begins with the query's first letter
			}
			f := &se.fields[wl.field]
			if spells(q.key, f.key, wl.words, nil) {
				// Of two spellings, the one of fewer words is nearer what was typed: "npfitnhs" is
				// the National Programme itself before a report whose title starts with its name.
				consider(tierInitials+fieldWeight[f.kind]*100-min(len(wl.words), 99), kindInitials)
			}
		}
	}
	return best, kind
}

// fuzzyScore is one entry's best fzf score, in the fuzzy tier, and the kind of field that earned it.
func fuzzyScore(se *searchEntry, q *searchQuery, slab *util.Slab) (int, uint8) {
	best, kind := 0, uint8(0)
	for i := range se.fields {
		r, ok := q.fuzzyMatch(se, i, slab)
		if score := tierFuzzy + min(max(r.Score, 1), tierSpan-1); ok && score > best {
			best, kind = score, se.fields[i].kind
		}
	}
	return best, kind
}

// fuzzyMatch is fzf's match of the query in the entry's field i, and whether the fuzzy tier
// takes it: a match fuzzyOK keeps, as every shorter start of the query's is, or the start of a
// spelling of the field's initials ("er" on the way to "ers", NHS Electronic Review and
// Standards). Either way a longer query can only be taken where a shorter one was, so typing a
// letter never widens the results.
func (q *searchQuery) fuzzyMatch(se *searchEntry, i int, slab *util.Slab) (algo.Result, bool) {
	f := &se.fields[i]
	if q.mask&^f.mask != 0 {
		return algo.Result{Start: -1}, false // a letter of the query is nowhere in the field
	}
	r, _ := algo.FuzzyMatchV2(false, true, true, &f.chars, q.pattern, false, slab)
	if r.Start < 0 {
		return r, false
	}
	if q.fuzzyOK(r, len(q.pattern)) && q.prefixesOK(f, slab) {
		return r, true
	}
	b := q.key[0]
	for _, wl := range se.words {
		if int(wl.field) == i && wl.lead[b>>6]&(1<<(b&63)) != 0 && startsSpelling(q.key, f.key, wl.words) {
			return r, true
		}
	}
	return r, false
}

// startsSpelling reports whether q is the start of a spelling of the initials of words (see
// spells): the words after it is used up are not needed.
func startsSpelling(q, key string, words []initialWord) bool {
	if q == "" {
		return true
	}
	if len(words) == 0 || int32(len(q)) > words[0].maxRest {
		return false
	}
	w := &words[0]
	word := key[w.start:w.end]
	_, first := utf8.DecodeRuneInString(word)
	takes := []int{first}
	switch {
	case w.digits:
		takes = []int{len(word)}
	case w.whole && len(word) > first:
		takes = append(takes, len(word))
	}
	for _, n := range takes {
		if m := min(n, len(q)); q[:m] == word[:m] && (m < n || startsSpelling(q[n:], key, words[1:])) {
			return true
		}
	}
	return w.stop && startsSpelling(q, key, words[1:])
}

// fuzzyOK keeps fzf's matches of the query's first n letters that earn more from word starts
// and runs of letters than they lose to gaps: fzf scores 16 a letter before those, and letters
// scattered across a long title ("granger" in "High Quality Care for All: NHS Next Stage…")
// are noise, not a match.
func (q *searchQuery) fuzzyOK(r algo.Result, n int) bool {
	return r.Start >= 0 && r.Score > fuzzyLetterScore*n
}

// prefixesOK reports whether fzf's match of every shorter start of the query in the field passes
// fuzzyOK too. Without it a longer query could match where a shorter one did not ("we" in
// "Lower" earns a bonus for the run of two letters that "w" alone does not), and typing a
// letter would widen the results. Shortest first: a lone letter inside a word fails at once.
func (q *searchQuery) prefixesOK(f *searchField, slab *util.Slab) bool {
	for n := 1; n < len(q.pattern); n++ {
		r, _ := algo.FuzzyMatchV2(false, true, true, &f.chars, q.pattern[:n], false, slab)
		if !q.fuzzyOK(r, n) {
			return false
		}
	}
	return true
}

// fuzzyLetterScore is what fzf's algorithm gives each matched letter before bonuses and gaps.
const fuzzyLetterScore = 16

// searchText is the last tier: entries, not already found, whose summary or history holds every
// word of the query (as a word or the start of one), ranked by bm25 with the summary counting double.
func (s *Store) searchText(ctx context.Context, ix *searchIndex, q *searchQuery, found []candidate, limit int) ([]candidate, error) {
	if len(q.words) == 0 {
		return nil, nil
	}
	terms := make([]string, len(q.words))
	for i, w := range q.words {
		// Letters and digits only: nothing to escape. Every word is a prefix, one letter too,
		// so that typing another letter can only narrow what the text tier finds.
		terms[i] = `"` + w + `"*`
	}
	// Fetch enough to fill the limit even if every entry already found is among them.
	fetch := -1
	if limit > 0 {
		fetch = limit + len(found)
	}
	rows, err := s.search.text.QueryContext(ctx, strings.Join(terms, " "), tierSpan-1, fetch)
	if err != nil {
		return nil, fmt.Errorf("search the text: %w", err)
	}
	defer rows.Close()
	seen := make([]bool, len(ix.entries))
	for _, c := range found {
		seen[c.entry] = true
	}
	var out []candidate
	for rows.Next() {
		var slug string
		var score int
		if err := rows.Scan(&slug, &score); err != nil {
			return nil, err
		}
		i, ok := ix.bySlug[slug]
		if !ok || seen[i] {
			continue
		}
		out = append(out, candidate{entry: i, rank: ix.entries[i].rank, score: int32(tierText + score), kind: kindText})
	}
	return out, rows.Err()
}

// topCandidates returns the best limit candidates (all when limit ≤ 0), best first. With a limit
// it keeps a heap of the best so far rather than sorting every fuzzy hit of a large catalogue.
func topCandidates(cands []candidate, limit int) []candidate {
	if limit <= 0 || len(cands) <= limit {
		slices.SortFunc(cands, compareCandidates)
		return cands
	}
	// heap[0] is the worst of the best limit seen so far.
	heap := slices.Clone(cands[:limit])
	worse := func(i, j int) bool { return better(heap[j], heap[i]) }
	down := func(i int) {
		for {
			w, l, r := i, 2*i+1, 2*i+2
			if l < len(heap) && worse(l, w) {
				w = l
			}
			if r < len(heap) && worse(r, w) {
				w = r
			}
			if w == i {
				return
			}
			heap[i], heap[w] = heap[w], heap[i]
			i = w
		}
	}
	for i := len(heap)/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, c := range cands[limit:] {
		if better(c, heap[0]) {
			heap[0] = c
			down(0)
		}
	}
	slices.SortFunc(heap, compareCandidates)
	return heap
}

func compareCandidates(a, b candidate) int {
	switch {
	case better(a, b):
		return -1
	case better(b, a):
		return 1
	}
	return 0
}

// hit dresses a candidate for the caller, with the positions matched in every field that
// matched at the candidate's tier.
func (ix *searchIndex) hit(c candidate, q *searchQuery, slab *util.Slab, e *Entry) Hit {
	se := &ix.entries[c.entry]
	h := Hit{Entry: e, Score: int(c.score), Field: kindNames[c.kind], Matches: map[string][]int{}}
	key := func(f *searchField) string { return MatchKey(kindNames[f.kind], int(f.alias)) }
	switch int(c.score) / tierSpan * tierSpan {
	case tierExact, tierPrefix:
		for i := range se.fields {
			f := &se.fields[i]
			if strings.HasPrefix(f.key, q.key) && (f.key == q.key) == (c.score >= tierExact) {
				h.Matches[key(f)] = keyRunePositions(f.text, [][2]int32{{0, int32(len(q.key))}})
			}
		}
	case tierInitials:
		for _, wl := range se.words {
			f := &se.fields[wl.field]
			if _, done := h.Matches[key(f)]; done {
				continue
			}
			path := make([]int32, len(wl.words))
			if !spells(q.key, f.key, wl.words, path) {
				continue
			}
			var spans [][2]int32
			for j, n := range path {
				if n > 0 {
					spans = append(spans, [2]int32{wl.words[j].start, wl.words[j].start + n})
				}
			}
			h.Matches[key(f)] = keyRunePositions(f.text, spans)
		}
	case tierFuzzy:
		for i := range se.fields {
			f := &se.fields[i]
			if _, ok := q.fuzzyMatch(se, i, slab); !ok {
				continue
			}
			if _, pos := algo.FuzzyMatchV2(false, true, true, &f.chars, q.pattern, true, slab); pos != nil {
				p := slices.Clone(*pos)
				slices.Sort(p) // fzf gives them last first
				h.Matches[key(f)] = p
			}
		}
	}
	return h
}

// keyRunePositions maps byte ranges of Key(text) back to the positions, in runes, of the
// characters of text they came from.
func keyRunePositions(text string, spans [][2]int32) []int {
	var out []int
	offset, pos := int32(0), 0
	for _, r := range text {
		lr := unicode.ToLower(r)
		if unicode.IsLetter(lr) || unicode.IsDigit(lr) {
			for _, s := range spans {
				if offset >= s[0] && offset < s[1] {
					out = append(out, pos)
					break
				}
			}
			offset += int32(utf8.RuneLen(Fold(r)))
		}
		pos++
	}
	return out
}

// didYouMean returns the positions of up to n entries with an acronym, alias or name within a
// typo of the query (see typoDistance; the same allowance as Suggest), nearest first, then in
// tie-break order.
func (ix *searchIndex) didYouMean(q *searchQuery, n int) []int32 {
	runes := int32(utf8.RuneCountInString(q.key))
	allow := int32(1)
	if runes > 4 {
		allow = 2
	}
	type near struct{ entry, rank, dist int32 }
	parts := make([][]near, chunks(len(ix.entries)))
	inParallel(len(ix.entries), func(c, lo, hi int, _ *util.Slab) {
		for i := lo; i < hi; i++ {
			se := &ix.entries[i]
			best := allow + 1
			for j := range se.fields {
				f := &se.fields[j]
				if f.runes-runes > allow || runes-f.runes > allow || bits.OnesCount64(q.mask&^f.mask) > int(allow) {
					continue // typoDistance would say so, after allocating: each letter missing costs an edit
				}
				best = min(best, int32(typoDistance(q.key, f.key, int(allow))))
			}
			if best <= allow {
				parts[c] = append(parts[c], near{int32(i), se.rank, best})
			}
		}
	})
	found := slices.Concat(parts...)
	slices.SortFunc(found, func(a, b near) int {
		if a.dist != b.dist {
			return int(a.dist - b.dist)
		}
		return int(a.rank - b.rank)
	})
	out := []int32{}
	for _, f := range found[:min(n, len(found))] {
		out = append(out, f.entry)
	}
	return out
}
