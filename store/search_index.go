// The search index: every searchable field of every entry, folded once, held in a few flat
// arrays (one string arena of texts and keys, and offsets, masks and ranks beside it) rather than
// in structures of its own per entry, so that it is small, quick to scan, and can be saved in
// the database and loaded whole by the next process (see search_persist.go).

package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/junegunn/fzf/src/algo"
	"github.com/junegunn/fzf/src/util"

	"quango/seed"
)

// stopWords may be left out of initials: "cfh" is NHS Connecting for Health, "hscic" the Health
// and Social Care Information Centre. They may also be kept: "hqcfa" is High Quality Care for All.
var stopWords = map[string]bool{"for": true, "and": true, "of": true, "the": true, "nhs": true,
	"in": true, "a": true, "an": true}

// searchIndex holds every searchable field already folded, so a keystroke costs comparisons and
// fzf scoring only: no SQL (until the text tier) and no per-entry allocation. Entries are in
// List's default order (by name), which is what an empty query returns; each has one or more
// fields (its acronym when it has one, its name, its aliases), numbered across the catalogue.
type searchIndex struct {
	fingerprint string // of the rows the index was built from (see searchFingerprint)

	// Per field f: its text is arena[off[f]:off[f+1]]. Its key (Key of the text) is not kept
	// when the text is ASCII, where it is the text's letters and digits in lower case, read off
	// the text as needed (see keyPrefix); other fields' keys are kept in wideKeys, in order of
	// field: field wide[k]'s key is wideKeys[wideAt[k]:wideAt[k+1]].
	arena    string
	off      []uint32
	wide     []int32
	wideAt   []uint32
	wideKeys string
	fmask    []uint32 // letterMask of the key: fzf is not asked about a query with letters it lacks
	lead     []uint32 // letter bits of the bytes a spelling of the field's initials can start with
	inits    []uint32 // letter bits a spelling of the field's initials can use at all
	kind     []uint8  // kindAcronym, kindName or kindAlias
	alias    []uint8  // index into Entry.Aliases when kind is kindAlias

	// Per entry i: its fields are first[i]:first[i+1].
	first  []uint32
	mask   []uint32 // its fields' masks together: most entries are passed over on this alone
	rank   []int32  // position in the tie-break order (see byTieBreak)
	slugs  string   // every slug, back to back: slug i is slugs[slugAt[i]:slugAt[i+1]]
	slugAt []uint32
	bySlug []int32 // positions ordered by slug, for finding one

	// What a list row shows of an entry beyond its fields: built with the index, or loaded only
	// when first asked for (see Store.leanIndex), since a one-off search never needs it.
	leanMu sync.Mutex
	lean   *leanIndex
	leans  []*Entry // entry(lean, i) by position, made when first handed out (see leanEntries)

	// Whole entries are read from the database when first returned, and kept (see fullEntries).
	fullMu sync.Mutex
	full   []*Entry // by position; nil until read

	// The last query's survivors: the entries in which its pattern appears in order. A query
	// that extends it (the next keystroke) can only match among them, as in fzf.
	lastMu sync.Mutex
	last   *narrowing
}

// leanIndex is the rest of a lean entry (see searchIndex.entry): kind, fate, nations and the
// hedges of its dates as indexes into small tables of the values that occur, dates and the
// fate's note as text, dates as keys, and the events of an entry whose announced end is still
// to come (they date it).
type leanIndex struct {
	names   []string // the distinct kinds, fates, nation lists ("england,wales") and hedges ("start,end")
	kind    []uint16 // per entry, index into names
	fate    []uint16
	nations []uint16
	hedges  []uint16
	ended   []bool
	// Per entry i: start, end, end announced and fate note are texts[textAt[4i+k]:textAt[4i+k+1]],
	// k = 0 to 3.
	texts    string
	textAt   []uint32
	startKey []float64
	endKey   []float64
	// Event k belongs to entry evOwner[k] (ascending); its date is evTexts[evAt[2k]:evAt[2k+1]]
	// and its text evTexts[evAt[2k+1]:evAt[2k+2]].
	evOwner []int32
	evAt    []uint32
	evTexts string
}

// narrowing is a query's pattern and the entries (positions, ascending) holding it in order.
type narrowing struct {
	pattern string
	matched []int32
}

func (ix *searchIndex) size() int { return len(ix.rank) }
func (ix *searchIndex) fields(i int32) (f, end int32) {
	return int32(ix.first[i]), int32(ix.first[i+1])
}
func (ix *searchIndex) text(f int32) string { return ix.arena[ix.off[f]:ix.off[f+1]] }
func (ix *searchIndex) slug(i int32) string { return ix.slugs[ix.slugAt[i]:ix.slugAt[i+1]] }

// key is field f's key, Key of its text.
func (ix *searchIndex) key(f int32) string {
	if k, ok := slices.BinarySearch(ix.wide, f); ok {
		return ix.wideKeys[ix.wideAt[k]:ix.wideAt[k+1]]
	}
	return Key(ix.text(f)) // ASCII (or, from a damaged index, anything: Key is right for any text)
}

// keyRunes is the length of field f's key in runes, without making the key of an ASCII text.
func (ix *searchIndex) keyRunes(f int32) int {
	if ascii(ix.text(f)) {
		_, n := ix.keyPrefix(f, "")
		return n
	}
	return utf8.RuneCountInString(ix.key(f))
}

// fieldHolds reports whether field f's key holds p in order (see subsequence), reading an
// ASCII text in place.
func (ix *searchIndex) fieldHolds(f int32, p string) bool {
	t := ix.text(f)
	j := 0
	for i := 0; i < len(t) && j < len(p); i++ {
		c := t[i]
		if c >= utf8.RuneSelf {
			// Up to here the key is the text in lower case, less what is neither a letter nor a
			// digit, which p never holds; the rest needs the key.
			return subsequence(p, ix.key(f))
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c == p[j] {
			j++
		}
	}
	return j == len(p)
}

// keyPrefix reports whether field f's key starts with p, and the key's length in bytes when
// it does, reading an ASCII text in place.
func (ix *searchIndex) keyPrefix(f int32, p string) (bool, int) {
	t := ix.text(f)
	j, n := 0, 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= utf8.RuneSelf:
			key := ix.key(f)
			return strings.HasPrefix(key, p), len(key)
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case !('a' <= c && c <= 'z' || '0' <= c && c <= '9'):
			continue
		}
		if j < len(p) {
			if c != p[j] {
				return false, 0
			}
			j++
		}
		n++
	}
	return j == len(p), n
}

// chars is field f's text as fzf takes it: ASCII text is used in place, other text converted.
func (ix *searchIndex) chars(f int32) util.Chars {
	t := ix.text(f)
	if ascii(t) {
		return util.ToChars(unsafeBytes(t))
	}
	return util.RunesToChars([]rune(t))
}

// unsafeBytes is s as bytes without a copy, for fzf, which only reads them.
func unsafeBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// find returns the position of the entry with this slug.
func (ix *searchIndex) find(slug string) (int32, bool) {
	k, ok := slices.BinarySearchFunc(ix.bySlug, slug, func(i int32, s string) int { return strings.Compare(ix.slug(i), s) })
	if !ok {
		return 0, false
	}
	return ix.bySlug[k], true
}

// entry is what the index knows of entry i: a lean Entry whose searchable fields, kind, fate,
// nations and dates are as List would give them, and nothing else. l is the index's lean part
// (see Store.leanIndex).
func (ix *searchIndex) entry(l *leanIndex, i int32) *Entry {
	e := &Entry{Slug: ix.slug(i), Aliases: []string{}, Nation: []string{}, Kind: l.names[l.kind[i]],
		Fate: l.names[l.fate[i]], Approximate: seed.ParseHedges(l.names[l.hedges[i]]), StartKey: l.startKey[i], EndKey: l.endKey[i]}
	if n := l.names[l.nations[i]]; n != "" {
		e.Nation = strings.Split(n, ",")
	}
	text := func(k int32) string { return l.texts[l.textAt[4*i+k]:l.textAt[4*i+k+1]] }
	e.Start, e.EndAnnounced, e.FateNote = text(0), text(2), text(3)
	if l.ended[i] {
		end := text(1)
		e.End = &end
	}
	k, _ := slices.BinarySearch(l.evOwner, i)
	for ; k < len(l.evOwner) && l.evOwner[k] == i; k++ {
		e.Events = append(e.Events, seed.Event{Date: l.evTexts[l.evAt[2*k]:l.evAt[2*k+1]], Text: l.evTexts[l.evAt[2*k+1]:l.evAt[2*k+2]]})
	}
	for f, end := ix.fields(i); f < end; f++ {
		switch ix.kind[f] {
		case kindAcronym:
			e.Acronym = ix.text(f)
		case kindName:
			e.Name = ix.text(f)
		default:
			e.Aliases = append(e.Aliases, ix.text(f))
		}
	}
	return e
}

var (
	initFzf sync.Once
	slabs   = sync.Pool{New: func() any { return util.MakeSlab(100*1024, 2048) }}
)

// letterMask has a bit for each of a–z in folded text, one for each pair of digits (0 or 1, 2 or
// 3…) and one for anything else: a filter, which may let through what cannot match but never
// holds back what can.
func letterMask(runes []rune) uint32 {
	var m uint32
	for _, r := range runes {
		m |= letterBit(r)
	}
	return m
}

// letterBit is a rune's bit in a letterMask.
func letterBit(r rune) uint32 {
	switch {
	case r >= 'a' && r <= 'z':
		return 1 << (r - 'a')
	case r >= '0' && r <= '9':
		return 1 << (26 + (r-'0')/2)
	}
	return 1 << 31
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// searchIndex returns the store's index: the one in memory, else the one saved in the database
// when it was built from the rows the database holds now, else one built from the rows (and
// saved, when the database can be written).
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
	gen, err := s.searchFingerprint(ctx)
	if err != nil {
		return nil, fmt.Errorf("build the search index: %w", err)
	}
	ix, err := s.loadSearchIndex(ctx, gen)
	if err != nil {
		return nil, fmt.Errorf("load the search index: %w", err)
	}
	if ix == nil {
		if ix, err = s.buildSearchIndex(ctx); err != nil {
			return nil, fmt.Errorf("build the search index: %w", err)
		}
		// Saved only if no write came between the fingerprint read above and the rows read:
		// the index would otherwise claim rows it does not reflect.
		if after, err := s.searchFingerprint(ctx); err == nil && after == gen {
			ix.fingerprint = gen
			s.saveSearchIndex(ctx, ix)
		}
	}
	s.search.index = ix
	return ix, nil
}

// searchRow is one entry as the index is built from it.
type searchRow struct {
	slug, acronym, name, kind, start, end, hedges, fate, fateNote, endAnnounced string
	ended                                                                       bool
	startKey, endKey                                                            float64
	aliases, nations                                                            []string
	events                                                                      []seed.Event
}

// buildSearchIndex reads what the index needs of every entry List(Filter{}) would return, in the
// same order: the searchable fields and what a list row, a timeline, the explorer's facets and
// its sorts show (kind, fate and its note, nations, dates, their hedges and keys, and for an
// entry whose announced end is still to come its events, which date it), each as List would
// have it. The rest (summary, history, lineage, sources…) is read only for the entries a search
// returns (see fullEntries).
func (s *Store) buildSearchIndex(ctx context.Context) (*searchIndex, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT slug, acronym, name, kind, start_date, end_date, approximate_dates,
		fate, fate_note, coalesce(end_announced, ''), start_key, coalesce(end_key, 0)
		FROM entries e WHERE e.hidden = 0 ORDER BY slug`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []searchRow
	for rows.Next() {
		var r searchRow
		var end sql.NullString
		if err := rows.Scan(&r.slug, &r.acronym, &r.name, &r.kind, &r.start, &end, &r.hedges, &r.fate, &r.fateNote,
			&r.endAnnounced, &r.startKey, &r.endKey); err != nil {
			return nil, err
		}
		r.end, r.ended = end.String, end.Valid
		all = append(all, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	// The lists come ordered by slug, as the entries do: merged, with no map of a million slugs.
	each := func(query string, add func(r *searchRow, value, more string)) error {
		rows, err := s.db.QueryContext(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		k := 0
		for rows.Next() {
			var slug, value, more string
			if err := rows.Scan(&slug, &value, &more); err != nil {
				return err
			}
			for k < len(all) && all[k].slug < slug {
				k++
			}
			if k < len(all) && all[k].slug == slug {
				add(&all[k], value, more)
			}
		}
		return rows.Err()
	}
	if err := each(`SELECT slug, alias, '' FROM aliases ORDER BY slug, pos`,
		func(r *searchRow, a, _ string) { r.aliases = append(r.aliases, a) }); err != nil {
		return nil, err
	}
	if err := each(`SELECT slug, nation, '' FROM nations ORDER BY slug, pos`,
		func(r *searchRow, n, _ string) { r.nations = append(r.nations, n) }); err != nil {
		return nil, err
	}
	if err := each(`SELECT v.slug, v.date, v.text FROM events v JOIN entries e ON e.slug = v.slug
		WHERE e.end_announced IS NOT NULL AND e.end_date IS NULL ORDER BY v.slug, v.pos`,
		func(r *searchRow, date, text string) { r.events = append(r.events, seed.Event{Date: date, Text: text}) }); err != nil {
		return nil, err
	}
	return newSearchIndex(all), nil
}

// newSearchIndex indexes rows, which it reorders.
func newSearchIndex(all []searchRow) *searchIndex {
	n := len(all)
	// Sorted here rather than by SQLite, which took longer than reading the rows.
	byPos := make([]int32, n)
	for i := range byPos {
		byPos[i] = int32(i)
	}
	byPos = sortInParallel(byPos, func(a, b int32) int { return rowsByName(&all[a], &all[b]) })
	ix := &searchIndex{first: make([]uint32, 1, n+1), mask: make([]uint32, n), rank: make([]int32, n),
		slugAt: make([]uint32, 1, n+1), bySlug: make([]int32, n)}
	l := &leanIndex{kind: make([]uint16, n), fate: make([]uint16, n), nations: make([]uint16, n), hedges: make([]uint16, n),
		ended: make([]bool, n), textAt: make([]uint32, 1, 4*n+1), startKey: make([]float64, n), endKey: make([]float64, n),
		evAt: []uint32{0}}
	names := map[string]uint16{}
	name := func(s string) uint16 {
		k, ok := names[s]
		if !ok {
			k = uint16(len(l.names))
			names[s] = k
			l.names = append(l.names, s)
		}
		return k
	}
	var arena, wideKeys, slugs, texts, evTexts strings.Builder
	ix.off, ix.wideAt = []uint32{0}, []uint32{0}
	for pos, from := range byPos {
		r := &all[from]
		ix.bySlug[from] = int32(pos) // rows came ordered by slug: this is the positions in slug order
		add := func(kind uint8, alias int, text string) {
			key := Key(text)
			if key == "" && kind == kindAcronym {
				return // most entries without an acronym: a field that matches nothing need not be kept
			}
			if !ascii(text) {
				ix.wide = append(ix.wide, int32(len(ix.kind)))
				wideKeys.WriteString(key)
				ix.wideAt = append(ix.wideAt, uint32(wideKeys.Len()))
			}
			arena.WriteString(text)
			ix.off = append(ix.off, uint32(arena.Len()))
			mask := keyMask(key)
			lead, inits := initialsMasks(kind, text)
			ix.fmask = append(ix.fmask, mask)
			ix.lead = append(ix.lead, lead)
			ix.inits = append(ix.inits, inits)
			ix.kind = append(ix.kind, kind)
			ix.alias = append(ix.alias, uint8(alias))
			ix.mask[pos] |= mask
		}
		add(kindAcronym, 0, r.acronym)
		add(kindName, 0, r.name)
		for k, a := range r.aliases {
			add(kindAlias, k, a)
		}
		ix.first = append(ix.first, uint32(len(ix.kind)))
		slugs.WriteString(r.slug)
		ix.slugAt = append(ix.slugAt, uint32(slugs.Len()))
		l.kind[pos], l.fate[pos], l.nations[pos] = name(r.kind), name(r.fate), name(strings.Join(r.nations, ","))
		l.hedges[pos], l.ended[pos], l.startKey[pos], l.endKey[pos] = name(r.hedges), r.ended, r.startKey, r.endKey
		for _, t := range []string{r.start, r.end, r.endAnnounced, r.fateNote} {
			texts.WriteString(t)
			l.textAt = append(l.textAt, uint32(texts.Len()))
		}
		for _, ev := range r.events {
			l.evOwner = append(l.evOwner, int32(pos))
			evTexts.WriteString(ev.Date)
			l.evAt = append(l.evAt, uint32(evTexts.Len()))
			evTexts.WriteString(ev.Text)
			l.evAt = append(l.evAt, uint32(evTexts.Len()))
		}
	}
	ix.arena, ix.wideKeys, ix.slugs = arena.String(), wideKeys.String(), slugs.String()
	l.texts, l.evTexts = texts.String(), evTexts.String()
	ix.lean = l
	byTie := sortInParallel(byPos, func(a, b int32) int { return rowsByTieBreak(&all[a], &all[b]) })
	for rank, from := range byTie {
		ix.rank[ix.bySlug[from]] = int32(rank)
	}
	return ix
}

// keyMask is letterMask of a key, which is letters and digits folded: ASCII ones need no runes.
func keyMask(key string) uint32 {
	if !ascii(key) {
		return letterMask([]rune(key))
	}
	var mask uint32
	for i := 0; i < len(key); i++ {
		mask |= letterBit(rune(key[i]))
	}
	return mask
}

// initialsMasks are the letter bits a spelling of the initials of the field's words can start
// with, and those it can use at all (see spells): most fields fail on these, so their words are
// split only for the few that pass. An acronym is not spelt.
func initialsMasks(kind uint8, text string) (lead, inits uint32) {
	if kind == kindAcronym {
		return 0, 0
	}
	key := Key(text)
	words := splitWords(text)
	for _, w := range words {
		lead |= letterBit(rune(key[w.start]))
		if !w.stop {
			break
		}
	}
	for _, w := range words {
		word := key[w.start:w.end]
		if w.digits || w.whole {
			inits |= keyMask(word)
		} else {
			r, _ := utf8.DecodeRuneInString(word)
			inits |= letterBit(r)
		}
	}
	return lead, inits
}

// wordLists are field f's word lists for the initials tier: all its words, and, when the text
// has a colon or a bracket, the words before it ("Information for Health: An Information
// Strategy…" is also just "Information for Health", and "NHS Choices (the NHS website, nhs.uk)"
// just "NHS Choices").
func (ix *searchIndex) wordLists(f int32) [][]initialWord {
	text := ix.text(f)
	lists := [][]initialWord{splitWords(text)}
	if cut := strings.IndexAny(text, "(:"); cut > 0 {
		if short := splitWords(text[:cut]); len(short) > 0 && len(short) < len(lists[0]) {
			lists = append(lists, short)
		}
	}
	return lists
}

// leads reports whether a spelling of initials can start with byte b in a list of words: b is
// the first byte of a word up to and including the first that may not be skipped.
func leads(key string, words []initialWord, b byte) bool {
	for _, w := range words {
		if key[w.start] == b {
			return true
		}
		if !w.stop {
			return false
		}
	}
	return false
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

// rowsByName is List's default order, ORDER BY lower(name), slug: SQLite's lower() folds ASCII
// letters only, and its text compares byte by byte.
func rowsByName(a, b *searchRow) int {
	x, y := a.name, b.name
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
	return strings.Compare(a.slug, b.slug)
}

// rowsByTieBreak is byTieBreak over rows.
func rowsByTieBreak(a, b *searchRow) int {
	if a.ended != b.ended {
		if !a.ended {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(b.startKey, a.startKey); c != 0 {
		return c
	}
	return strings.Compare(a.slug, b.slug)
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
