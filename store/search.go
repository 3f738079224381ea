package store

import (
	"context"
	"database/sql"
	"fmt"
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
}

type searchEntry struct {
	entry  *Entry
	rank   int32 // position in the tie-break order (see byTieBreak)
	fields []searchField
	words  []wordList
}

type searchField struct {
	kind  uint8 // kindAcronym, kindName or kindAlias
	alias int32 // index into Entry.Aliases when kind is kindAlias
	text  string
	key   string     // Key(text)
	runes int32      // runes in key, for the typo distance's cheap length check
	chars util.Chars // text for fzf
	mask  uint64     // letterMask of the text: fzf is not asked about a query with letters it lacks
}

// wordList is a field's text split into words, for the initials tier.
type wordList struct {
	field int32 // index into searchEntry.fields
	words []initialWord
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

// Search finds entries by acronym, name, alias, initials, a fuzzy spelling or the words of their
// text, best first; limit ≤ 0 means every hit. An empty query (or one of punctuation only)
// returns every entry in List's default order.
//
// Ties inside a tier go to the entry that is alive, then to the one that started most recently,
// then to the lower slug: a researcher typing "nhs" most likely means a body that exists now,
// and among the dead the latest incarnation is the one still cited.
func (s *Store) Search(ctx context.Context, query string, limit int) (*SearchResult, error) {
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
		res.Hits = make([]Hit, n)
		for i := range n {
			res.Hits[i] = Hit{Entry: ix.entries[i].entry} // nothing matched: Matches is nil
		}
		return res, nil
	}

	slab := slabs.Get().(*util.Slab)
	defer slabs.Put(slab)
	cands, best, err := ix.score(ctx, q, slab, limit)
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
	res.Hits = make([]Hit, len(cands))
	for i, c := range cands {
		res.Hits[i] = ix.hit(c, q, slab)
	}
	if best < tierInitials {
		res.DidYouMean = ix.didYouMean(q, 3)
	}
	return res, nil
}

// searchQuery is a query prepared once for every entry.
type searchQuery struct {
	key     string // Key(query)
	pattern []rune // key as fzf wants it: lower case, normalised
	mask    uint64 // letterMask(pattern)
	words   []string
}

func newSearchQuery(query string) *searchQuery {
	q := &searchQuery{key: Key(query)}
	q.pattern = algo.NormalizeRunes([]rune(q.key))
	q.mask = letterMask(q.pattern)
	q.words = strings.FieldsFunc(strings.ToLower(query), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	return q
}

// letterMask has a bit for each of a–z and 0–9 in folded text, and one for anything else.
func letterMask(runes []rune) uint64 {
	var m uint64
	for _, r := range runes {
		switch {
		case r >= 'a' && r <= 'z':
			m |= 1 << (r - 'a')
		case r >= '0' && r <= '9':
			m |= 1 << (26 + r - '0')
		default:
			m |= 1 << 63
		}
	}
	return m
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
	entries, err := s.List(ctx, Filter{})
	if err != nil {
		return nil, fmt.Errorf("build the search index: %w", err)
	}
	ix := &searchIndex{entries: make([]searchEntry, len(entries)), bySlug: make(map[string]int32, len(entries))}
	for i, e := range entries {
		ix.entries[i] = indexEntry(e)
		ix.bySlug[e.Slug] = int32(i)
	}
	order := make([]int32, len(entries))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return byTieBreak(entries[a], entries[b]) })
	for rank, i := range order {
		ix.entries[i].rank = int32(rank)
	}
	s.search.index = ix
	return ix, nil
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
		se.fields = append(se.fields, searchField{kind: kind, alias: int32(alias), text: text, key: key,
			runes: int32(utf8.RuneCountInString(key)), chars: util.ToChars([]byte(text)),
			mask: letterMask(algo.NormalizeRunes([]rune(key)))})
		if kind == kindAcronym {
			return
		}
		f := int32(len(se.fields) - 1)
		se.words = append(se.words, wordList{field: f, words: splitWords(text)})
		// "Information for Health: An Information Strategy…" is also just "Information for
		// Health", and "NHS Choices (the NHS website, nhs.uk)" just "NHS Choices".
		if cut := strings.IndexAny(text, "(:"); cut > 0 {
			if short := splitWords(text[:cut]); len(short) > 0 && len(short) < len(se.words[len(se.words)-1].words) {
				se.words = append(se.words, wordList{field: f, words: short})
			}
		}
	}
	add(kindAcronym, 0, e.Acronym)
	add(kindName, 0, e.Name)
	for i, a := range e.Aliases {
		add(kindAlias, i, a)
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
		offset += int32(utf8.RuneLen(lr))
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

// score runs the tiers held in memory over every entry; best is the best score of all.
// It goes in two passes: the cheap tiers (exact, prefix, initials) first, then fzf only over the
// entries they left, and only when they found fewer than limit, since a fuzzy hit can never
// outrank them.
func (ix *searchIndex) score(ctx context.Context, q *searchQuery, slab *util.Slab, limit int) ([]candidate, int, error) {
	var out []candidate
	best := 0
	pass := func(fuzzy bool) error {
		strong, next := len(out), 0
		for i := range ix.entries {
			if i%4096 == 4095 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if fuzzy && next < strong && out[next].entry == int32(i) {
				next++ // already found by a cheap tier; out is in entry order up to strong
				continue
			}
			se := &ix.entries[i]
			var score int
			var kind uint8
			if fuzzy {
				score, kind = fuzzyScore(se, q, slab)
			} else {
				score, kind = strongScore(se, q)
			}
			if score > 0 {
				best = max(best, score)
				out = append(out, candidate{entry: int32(i), rank: se.rank, score: int32(score), kind: kind})
			}
		}
		return nil
	}
	if err := pass(false); err != nil {
		return nil, 0, err
	}
	if limit <= 0 || len(out) < limit {
		if err := pass(true); err != nil {
			return nil, 0, err
		}
	}
	return out, best, nil
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
		for _, wl := range se.words {
			f := &se.fields[wl.field]
			if spells(q.key, f.key, wl.words, nil) {
				consider(tierInitials+fieldWeight[f.kind], kindInitials)
			}
		}
	}
	return best, kind
}

// fuzzyScore is one entry's best fzf score, in the fuzzy tier, and the kind of field that earned it.
func fuzzyScore(se *searchEntry, q *searchQuery, slab *util.Slab) (int, uint8) {
	best, kind := 0, uint8(0)
	for i := range se.fields {
		f := &se.fields[i]
		if q.mask&^f.mask != 0 {
			continue // a letter of the query is nowhere in the field
		}
		r, _ := algo.FuzzyMatchV2(false, true, true, &f.chars, q.pattern, false, slab)
		if score := tierFuzzy + min(r.Score, tierSpan-1); q.fuzzyOK(r) && score > best {
			best, kind = score, f.kind
		}
	}
	return best, kind
}

// fuzzyOK keeps fzf's matches that earn more from word starts and runs of letters than they lose
// to gaps: fzf scores 16 a letter before those, and letters scattered across a long title
// ("granger" in "High Quality Care for All: NHS Next Stage…") are noise, not a match.
func (q *searchQuery) fuzzyOK(r algo.Result) bool {
	return r.Start >= 0 && r.Score > fuzzyLetterScore*len(q.pattern)
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
		// Letters and digits only: nothing to escape. A word of one letter is taken as it is:
		// as a prefix it would match most of the index.
		terms[i] = `"` + w + `"`
		if utf8.RuneCountInString(w) > 1 {
			terms[i] += "*"
		}
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
func (ix *searchIndex) hit(c candidate, q *searchQuery, slab *util.Slab) Hit {
	se := &ix.entries[c.entry]
	h := Hit{Entry: se.entry, Score: int(c.score), Field: kindNames[c.kind], Matches: map[string][]int{}}
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
			r, pos := algo.FuzzyMatchV2(false, true, true, &f.chars, q.pattern, true, slab)
			if q.fuzzyOK(r) && pos != nil {
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
			offset += int32(utf8.RuneLen(lr))
		}
		pos++
	}
	return out
}

// didYouMean returns up to n entries with an acronym, alias or name within a typo of the query
// (see typoDistance; the same allowance as Suggest), nearest first, then in tie-break order.
func (ix *searchIndex) didYouMean(q *searchQuery, n int) []*Entry {
	runes := int32(utf8.RuneCountInString(q.key))
	allow := int32(1)
	if runes > 4 {
		allow = 2
	}
	type near struct{ entry, rank, dist int32 }
	var found []near
	for i := range ix.entries {
		se := &ix.entries[i]
		best := allow + 1
		for j := range se.fields {
			f := &se.fields[j]
			if f.runes-runes > allow || runes-f.runes > allow {
				continue // typoDistance would say so, after allocating
			}
			best = min(best, int32(typoDistance(q.key, f.key, int(allow))))
		}
		if best <= allow {
			found = append(found, near{int32(i), se.rank, best})
		}
	}
	slices.SortFunc(found, func(a, b near) int {
		if a.dist != b.dist {
			return int(a.dist - b.dist)
		}
		return int(a.rank - b.rank)
	})
	var out []*Entry
	for _, f := range found[:min(n, len(found))] {
		out = append(out, ix.entries[f.entry].entry)
	}
	return out
}
