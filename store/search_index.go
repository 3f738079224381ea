// The search index: every searchable field of every entry, folded once when the first search
// runs, so that a keystroke costs comparisons and fzf scoring only.

package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/junegunn/fzf/src/algo"
	"github.com/junegunn/fzf/src/util"

	"quango/seed"
)

// stopWords may be left out of initials: "cfh" is NHS Connecting for Health, "hscic" the Health
// and Social Care Information Centre. They may also be kept: "hqcfa" is High Quality Care for All.
var stopWords = map[string]bool{"for": true, "and": true, "of": true, "the": true, "nhs": true,
	"in": true, "a": true, "an": true}

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
			SELECT e.slug, min(?2, max(1, CAST(-bm25(entries_fts, 0.0, 2.0, 1.0) * 1000 AS INTEGER))) AS score
			FROM entries_fts f JOIN entries e ON e.rowid = f.rowid
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

// searchable reads the lean entries of everything List(Filter{}) would return, in the same
// order: what the index searches (slug, acronym, name, aliases) and what a list row, a timeline,
// the explorer's facets and its sorts show (kind, fate and its note, nations, dates, their
// hedges and keys, and for an entry whose announced end is still to come its events, which
// date it), each as List would have it. The rest (summary, history, lineage, sources…) is read
// only for the entries a search returns (see fullEntries): at a million entries, reading
// everything took most of the first search.
func (s *Store) searchable(ctx context.Context) ([]*Entry, error) {
	// Sorted here rather than by SQLite, which took longer than reading the rows.
	rows, err := s.db.QueryContext(ctx, `SELECT slug, acronym, name, kind, start_date, end_date, approximate_dates,
		fate, fate_note, coalesce(end_announced, ''), start_key, end_key
		FROM entries e WHERE e.hidden = 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Entry
	bySlug := map[string]*Entry{}
	for rows.Next() {
		e := &Entry{Aliases: []string{}, Nation: []string{}}
		var end sql.NullString
		var endKey sql.NullFloat64
		var hedges string
		if err := rows.Scan(&e.Slug, &e.Acronym, &e.Name, &e.Kind, &e.Start, &end, &hedges, &e.Fate,
			&e.FateNote, &e.EndAnnounced, &e.StartKey, &endKey); err != nil {
			return nil, err
		}
		e.Approximate = seed.ParseHedges(hedges)
		if end.Valid {
			e.End, e.EndKey = &end.String, endKey.Float64
		}
		out = append(out, e)
		bySlug[e.Slug] = e
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	each := func(query string, add func(e *Entry, value string)) error {
		rows, err := s.db.QueryContext(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var slug, value string
			if err := rows.Scan(&slug, &value); err != nil {
				return err
			}
			if e := bySlug[slug]; e != nil {
				add(e, value)
			}
		}
		return rows.Err()
	}
	if err := each(`SELECT slug, alias FROM aliases ORDER BY slug, pos`,
		func(e *Entry, a string) { e.Aliases = append(e.Aliases, a) }); err != nil {
		return nil, err
	}
	if err := each(`SELECT slug, nation FROM nations ORDER BY slug, pos`,
		func(e *Entry, n string) { e.Nation = append(e.Nation, n) }); err != nil {
		return nil, err
	}
	erows, err := s.db.QueryContext(ctx, `SELECT v.slug, v.date, v.text FROM events v JOIN entries e ON e.slug = v.slug
		WHERE e.end_announced IS NOT NULL AND e.end_date IS NULL ORDER BY v.slug, v.pos`)
	if err != nil {
		return nil, err
	}
	defer erows.Close()
	for erows.Next() {
		var slug string
		var ev seed.Event
		if err := erows.Scan(&slug, &ev.Date, &ev.Text); err != nil {
			return nil, err
		}
		if e := bySlug[slug]; e != nil {
			e.Events = append(e.Events, ev)
		}
	}
	if err := erows.Err(); err != nil {
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
