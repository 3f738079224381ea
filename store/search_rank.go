// Ranking: how candidates from every tier are ordered and cut to the limit.

package store

import (
	"slices"
	"strings"
)

// Scores come in tiers, each a band of tierSpan, so a hit in a better tier always outranks one in
// a worse tier whatever its score inside the band:
//
//	exact     the query is an acronym, name or alias (compared as Key folds them)
//	prefix    the query starts an acronym, name or alias
//	initials  the query spells the initials of the name's (or an alias's) words
//	fuzzy     fzf's FuzzyMatchV2 over acronym, name and aliases
//	text      words of the summary and history (SQLite FTS5, bm25)
//	scattered a fuzzy match whose letters lie far apart (see scatteredPerLetter)
const (
	tierSpan      = 1_000_000
	tierScattered = tierSpan / 2 // fuzzy matches whose letters lie scattered: below the text tier
	tierText      = 1 * tierSpan
	tierFuzzy     = 2 * tierSpan
	tierInitials  = 3 * tierSpan
	tierPrefix    = 4 * tierSpan
	tierExact     = 5 * tierSpan
)

// Inside the exact, prefix and initials tiers an acronym beats a name, which beats an alias:
// "NHSLA" is one body's acronym and its successor's alias.
var fieldWeight = [...]int{kindAcronym: 3, kindName: 2, kindAlias: 1}

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
