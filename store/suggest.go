package store

import (
	"context"
	"sort"
)

// Suggest returns up to n entries whose acronym, alias or name is within a typo of query: one
// transposed, missing, extra or wrong letter for short keys, two for longer ones. It answers
// "did you mean" when nothing matches.
func (s *Store) Suggest(ctx context.Context, query string, n int) ([]*Entry, error) {
	key := Key(query)
	if key == "" || n <= 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `
		SELECT slug, acronym_key FROM entries WHERE acronym_key != '' AND hidden = 0
		UNION ALL SELECT a.slug, a.key FROM aliases a JOIN entries e ON e.slug = a.slug AND e.hidden = 0
		UNION ALL SELECT slug, name_key FROM entries WHERE hidden = 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	limit := 1
	if len([]rune(key)) > 4 {
		limit = 2
	}
	best := map[string]int{}
	for rows.Next() {
		var slug, candidate string
		if err := rows.Scan(&slug, &candidate); err != nil {
			return nil, err
		}
		d := typoDistance(key, candidate, limit)
		if d > limit {
			continue
		}
		if prev, seen := best[slug]; !seen || d < prev {
			best[slug] = d
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slugs := make([]string, 0, len(best))
	for slug := range best {
		slugs = append(slugs, slug)
	}
	sort.Slice(slugs, func(i, j int) bool {
		if best[slugs[i]] != best[slugs[j]] {
			return best[slugs[i]] < best[slugs[j]]
		}
		return slugs[i] < slugs[j]
	})
	if len(slugs) > n {
		slugs = slugs[:n]
	}
	out := make([]*Entry, 0, len(slugs))
	for _, slug := range slugs {
		e, err := s.Get(ctx, slug)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// typoDistance is the optimal-string-alignment distance (Levenshtein plus adjacent
// transpositions) between a and b, giving up with limit+1 once it must exceed limit.
func typoDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
