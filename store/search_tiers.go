// The tiers of a search, best first: exact, prefix and initials over the index, then fzf's
// fuzzy match, then the words of the text (SQLite FTS5).

package store

import (
	"context"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/junegunn/fzf/src/algo"
	"github.com/junegunn/fzf/src/util"
)

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
	n := ix.size()
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
			if !ix.holds(i, q) {
				continue
			}
			p.matched = append(p.matched, i)
			if score, kind := ix.strongScore(i, q); score > 0 {
				p.best = max(p.best, score)
				p.strong = append(p.strong, candidate{entry: i, rank: ix.rank[i], score: int32(score), kind: kind})
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
			if score, kind := ix.fuzzyScore(weak[k], q, slab); score > 0 {
				p.best = max(p.best, score)
				p.strong = append(p.strong, candidate{entry: weak[k], rank: ix.rank[weak[k]], score: int32(score), kind: kind})
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

// holds reports whether some field of entry i holds the query's letters in order: what every
// in-memory tier needs, checked on bytes with no allocation.
func (ix *searchIndex) holds(i int32, q *searchQuery) bool {
	if q.mask&^ix.mask[i] != 0 {
		return false
	}
	for f, end := ix.fields(i); f < end; f++ {
		if q.mask&^ix.fmask[f] == 0 && ix.fieldHolds(f, q.norm) {
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
func (ix *searchIndex) strongScore(i int32, q *searchQuery) (int, uint8) {
	best, kind := 0, uint8(0)
	consider := func(score int, k uint8) {
		if score > best {
			best, kind = score, k
		}
	}
	first, end := ix.fields(i)
	for f := first; f < end; f++ {
		prefix, n := ix.keyPrefix(f, q.key)
		k := ix.kind[f]
		switch {
		case prefix && n == len(q.key):
			consider(tierExact+fieldWeight[k], k)
		case prefix:
			// Nearer completions first: "nhs" finds NHSE before NHSBSA.
			consider(tierPrefix+fieldWeight[k]*10_000-min(n-len(q.key), 9_999), k)
		}
	}
	if best > 0 {
		return best, kind
	}
	if len(q.key) >= 2 {
		for f := first; f < end; f++ {
			if !ix.maySpell(f, q) {
				continue
			}
			key := ix.key(f)
			for _, words := range ix.wordLists(f) {
				if leads(key, words, q.key[0]) && spells(q.key, key, words, nil) {
					// Of two spellings, the one of fewer words is nearer what was typed: "npfitnhs" is
					// the National Programme itself before a report whose title starts with its name.
					consider(tierInitials+fieldWeight[ix.kind[f]]*100-min(len(words), 99), kindInitials)
				}
			}
		}
	}
	return best, kind
}

// maySpell reports whether the query, or a start of it, may spell the initials of field f's
// words: whether a spelling can start with its first letter, and use every letter it has.
func (ix *searchIndex) maySpell(f int32, q *searchQuery) bool {
	return ix.lead[f]&letterBit(rune(q.key[0])) != 0 && q.mask&^ix.inits[f] == 0
}

// fuzzyScore is one entry's best fzf score, in the fuzzy tier, and the kind of field that earned it.
func (ix *searchIndex) fuzzyScore(i int32, q *searchQuery, slab *util.Slab) (int, uint8) {
	best, kind := 0, uint8(0)
	first, end := ix.fields(i)
	for f := first; f < end; f++ {
		r, ok := q.fuzzyMatch(ix, f, slab)
		if !ok {
			continue
		}
		score := tierFuzzy + min(max(r.Score, 1), tierSpan-1)
		if r.Score < scatteredPerLetter*len(q.pattern) {
			// Letters scattered over a long name ("granger" in IGARD's) are a weaker clue than
			// the word itself in an entry's text: such a match ranks below the text tier. It is
			// still found, so typing a letter never widens the results.
			score = tierScattered + min(max(r.Score, 1), tierSpan/2-1)
		}
		if score > best {
			best, kind = score, ix.kind[f]
		}
	}
	return best, kind
}

// scatteredPerLetter is the fzf score per letter below which a fuzzy match counts as scattered:
// a run of the query's letters at word starts earns about 25 to 30 a letter, letters picked
// one here and one there across a long name under 23.
const scatteredPerLetter = 23

// fuzzyMatch is fzf's match of the query in field f, and whether the fuzzy tier
// takes it: a match fuzzyOK keeps, as every shorter start of the query's is, or the start of a
// spelling of the field's initials ("er" on the way to "ers", NHS Electronic Review and
// Standards). Either way a longer query can only be taken where a shorter one was, so typing a
// letter never widens the results.
func (q *searchQuery) fuzzyMatch(ix *searchIndex, f int32, slab *util.Slab) (algo.Result, bool) {
	if q.mask&^ix.fmask[f] != 0 {
		return algo.Result{Start: -1}, false // a letter of the query is nowhere in the field
	}
	chars := ix.chars(f)
	r, _ := algo.FuzzyMatchV2(false, true, true, &chars, q.pattern, false, slab)
	if r.Start < 0 {
		return r, false
	}
	if q.fuzzyOK(r, len(q.pattern)) && q.prefixesOK(&chars, slab) {
		return r, true
	}
	if ix.maySpell(f, q) {
		key := ix.key(f)
		for _, words := range ix.wordLists(f) {
			if leads(key, words, q.key[0]) && startsSpelling(q.key, key, words) {
				return r, true
			}
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
func (q *searchQuery) prefixesOK(chars *util.Chars, slab *util.Slab) bool {
	for n := 1; n < len(q.pattern); n++ {
		r, _ := algo.FuzzyMatchV2(false, true, true, chars, q.pattern[:n], false, slab)
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
	seen := make([]bool, ix.size())
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
		i, ok := ix.find(slug)
		if !ok || seen[i] {
			continue
		}
		out = append(out, candidate{entry: i, rank: ix.rank[i], score: int32(tierText + score), kind: kindText})
	}
	return out, rows.Err()
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
	parts := make([][]near, chunks(ix.size()))
	inParallel(ix.size(), func(c, lo, hi int, _ *util.Slab) {
		for i := int32(lo); i < int32(hi); i++ {
			best := allow + 1
			for f, end := ix.fields(i); f < end; f++ {
				if bits.OnesCount32(q.mask&^ix.fmask[f]) > int(allow) {
					continue // typoDistance would say so, after allocating: each letter missing costs an edit
				}
				if n := int32(ix.keyRunes(f)); n == 0 || n-runes > allow || runes-n > allow {
					continue
				}
				best = min(best, int32(typoDistance(q.key, ix.key(f), int(allow))))
			}
			if best <= allow {
				parts[c] = append(parts[c], near{i, ix.rank[i], best})
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
