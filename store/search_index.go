// The search index: every searchable field of every entry, folded once, held in a few flat
// arrays (one string arena of texts and keys, and offsets, masks and ranks beside it) rather than
// in structures of its own per entry, so that it is small, quick to scan, and can be saved in
// the database and loaded whole by the next process (see search_persist.go).

package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/junegunn/fzf/src/algo"
	"github.com/junegunn/fzf/src/util"

	"quango/seed"
)

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
