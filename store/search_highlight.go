// Highlighting: the positions a hit's matched letters hold in its fields.

package store

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/junegunn/fzf/src/algo"
	"github.com/junegunn/fzf/src/util"
)

// hit dresses a candidate for the caller, with the positions matched in every field that
// matched at the candidate's tier.
func (ix *searchIndex) hit(c candidate, q *searchQuery, slab *util.Slab, e *Entry) Hit {
	h := Hit{Entry: e, Score: int(c.score), Field: kindNames[c.kind], Matches: map[string][]int{}}
	key := func(f int32) string { return MatchKey(kindNames[ix.kind[f]], int(ix.alias[f])) }
	first, end := ix.fields(c.entry)
	switch int(c.score) / tierSpan * tierSpan {
	case tierExact, tierPrefix:
		for f := first; f < end; f++ {
			if prefix, n := ix.keyPrefix(f, q.key); prefix && (n == len(q.key)) == (c.score >= tierExact) {
				h.Matches[key(f)] = keyRunePositions(ix.text(f), [][2]int32{{0, int32(len(q.key))}})
			}
		}
	case tierInitials:
		for f := first; f < end; f++ {
			if ix.kind[f] == kindAcronym {
				continue // an acronym is not spelt
			}
			for _, words := range ix.wordLists(f) {
				if _, done := h.Matches[key(f)]; done {
					continue
				}
				path := make([]int32, len(words))
				if !spells(q.key, ix.key(f), words, path) {
					continue
				}
				var spans [][2]int32
				for j, n := range path {
					if n > 0 {
						spans = append(spans, [2]int32{words[j].start, words[j].start + n})
					}
				}
				h.Matches[key(f)] = keyRunePositions(ix.text(f), spans)
			}
		}
	case tierFuzzy, 0: // 0: the scattered band, under tierText
		for f := first; f < end; f++ {
			if _, ok := q.fuzzyMatch(ix, f, slab); !ok {
				continue
			}
			chars := ix.chars(f)
			if _, pos := algo.FuzzyMatchV2(false, true, true, &chars, q.pattern, true, slab); pos != nil {
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
