// Building the search index: reading what it needs of every entry, ordering the entries, and
// laying their fields out in the index's flat arrays, with the word lists of the initials tier.

package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"quango/seed"
)

// stopWords may be left out of initials: "cfh" is NHS Connecting for Health, "hscic" the Health
// and Social Care Information Centre. They may also be kept: "hqcfa" is High Quality Care for All.
var stopWords = map[string]bool{"for": true, "and": true, "of": true, "the": true, "nhs": true,
	"in": true, "a": true, "an": true}

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
