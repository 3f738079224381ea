package store

import (
	"quango/seed"

	"cmp"
	"context"
	"math"
	"slices"
	"strconv"
	"time"
)

// Stats is the graveyard in numbers. Its JSON form is the shape of `stats --json`; year and
// decade maps have the year (a decade by its first year, 1990 for the 1990s) as the key and only
// hold years with at least one birth or death.
type Stats struct {
	AsOf    string         `json:"as_of"`
	Entries int            `json:"entries"`
	Alive   int            `json:"alive"`
	Dead    int            `json:"dead"`
	ByKind  map[string]int `json:"by_kind"`
	ByFate  map[string]int `json:"by_fate"`

	// Lifespans of dead entries only: the living have not finished theirs.
	MedianLifespanYears float64              `json:"median_lifespan_years"`
	MeanLifespanYears   float64              `json:"mean_lifespan_years"`
	LifespanByKind      map[string]Lifespans `json:"lifespan_by_kind"`
	ShortestLived       []Lived              `json:"shortest_lived"` // one-off publications left out
	OneOffs             int                  `json:"one_offs"`       // dead entries whose end is their start
	LongestLived        []Lived              `json:"longest_lived"`
	// DeadByLifespan counts the dead by how long they lived, to the nearest year, one-offs
	// left out: the lifespan distribution.
	DeadByLifespan map[int]int `json:"dead_by_lifespan_years"`

	BirthsByYear   map[int]int `json:"births_by_year"`
	DeathsByYear   map[int]int `json:"deaths_by_year"`
	BirthsByDecade map[int]int `json:"births_by_decade"`
	DeathsByDecade map[int]int `json:"deaths_by_decade"`

	OldestSurvivors []Lived   `json:"oldest_survivors"`
	RenamingChains  [][]Named `json:"renaming_chains"` // longest first; each is oldest name first

	AliveUnderTenYears       int `json:"alive_under_ten_years"`
	AliveBodies              int `json:"alive_bodies"`
	AliveBodiesUnderTenYears int `json:"alive_bodies_under_ten_years"`
}

// Lifespans summarises how long the dead entries of one kind lived.
type Lifespans struct {
	Dead   int     `json:"dead"`
	Median float64 `json:"median_years"`
	Mean   float64 `json:"mean_years"`
}

// Lived is an entry and how long it lived (or, while alive, has lived so far).
type Lived struct {
	Slug        string      `json:"slug"`
	Acronym     string      `json:"acronym"`
	Name        string      `json:"name"`
	Kind        string      `json:"kind"`
	Start       string      `json:"start"`
	End         *string     `json:"end"`
	Approximate seed.Hedges `json:"approximate"`
	Fate        string      `json:"fate"`
	Years       float64     `json:"years"`
}

// Label is the acronym where there is one, else the name.
func (l Lived) Label() string {
	return label(l.Acronym, l.Name)
}

// Named is one name in a renaming chain, with the date it took the name (empty for the first).
type Named struct {
	Slug    string `json:"slug"`
	Acronym string `json:"acronym"`
	Name    string `json:"name"`
	Date    string `json:"date"`
}

// Label is the acronym where there is one, else the name.
func (n Named) Label() string {
	return label(n.Acronym, n.Name)
}

// TopN is how many entries each ranked list of Stats holds.
const TopN = 5

// Stats computes the numbers of the whole catalogue as of now.
func (s *Store) Stats(ctx context.Context, now time.Time) (*Stats, error) {
	entries, err := s.List(ctx, Filter{})
	if err != nil {
		return nil, err
	}
	return ComputeStats(entries, now), nil
}

// ComputeStats computes the numbers of any set of entries (a filtered list too) as of now.
// Renaming chains only follow renamed_to links between entries of the set.
func ComputeStats(entries []*Entry, now time.Time) *Stats {
	st := &Stats{
		AsOf:           now.Format(time.DateOnly),
		Entries:        len(entries),
		ByKind:         map[string]int{},
		ByFate:         map[string]int{},
		LifespanByKind: map[string]Lifespans{},
		BirthsByYear:   map[int]int{},
		DeathsByYear:   map[int]int{},
		BirthsByDecade: map[int]int{},
		DeathsByDecade: map[int]int{},
		DeadByLifespan: map[int]int{},
	}
	var deadSpans []float64
	spansByKind := map[string][]float64{}
	var dead, alive, shortest []Lived
	for _, e := range entries {
		st.ByKind[e.Kind]++
		st.ByFate[e.Fate]++
		if y, ok := yearOf(e.Start); ok {
			st.BirthsByYear[y]++
			st.BirthsByDecade[y/10*10]++
		}
		lived := livedOf(e, now)
		if e.Alive() {
			st.Alive++
			alive = append(alive, lived)
			if lived.Years < 10 {
				st.AliveUnderTenYears++
			}
			if e.Kind == "body" {
				st.AliveBodies++
				if lived.Years < 10 {
					st.AliveBodiesUnderTenYears++
				}
			}
			continue
		}
		st.Dead++
		if y, ok := yearOf(*e.End); ok {
			st.DeathsByYear[y]++
			st.DeathsByDecade[y/10*10]++
		}
		span := e.EndKey - e.StartKey
		deadSpans = append(deadSpans, span)
		spansByKind[e.Kind] = append(spansByKind[e.Kind], span)
		if *e.End == e.Start {
			// A one-off report "lives" for a day by convention: ranking it shortest-lived
			// would say nothing about how long bodies and programmes last.
			st.OneOffs++
		} else {
			shortest = append(shortest, lived)
			st.DeadByLifespan[int(math.Round(max(0, span)))]++
		}
		dead = append(dead, lived)
	}
	st.MedianLifespanYears = round2(median(deadSpans))
	st.MeanLifespanYears = round2(mean(deadSpans))
	for kind, spans := range spansByKind {
		st.LifespanByKind[kind] = Lifespans{Dead: len(spans), Median: round2(median(spans)), Mean: round2(mean(spans))}
	}

	bySpan := func(a, b Lived) int { return cmp.Or(cmp.Compare(a.Years, b.Years), cmp.Compare(a.Slug, b.Slug)) }
	slices.SortFunc(shortest, bySpan)
	st.ShortestLived = first(shortest, TopN)
	slices.SortFunc(dead, func(a, b Lived) int { return cmp.Or(cmp.Compare(b.Years, a.Years), cmp.Compare(a.Slug, b.Slug)) })
	st.LongestLived = first(dead, TopN)
	// The oldest survivors have lived longest; the sort by years ranks them by start date.
	slices.SortFunc(alive, func(a, b Lived) int { return cmp.Or(cmp.Compare(b.Years, a.Years), cmp.Compare(a.Slug, b.Slug)) })
	st.OldestSurvivors = first(alive, TopN)
	for _, list := range [][]Lived{st.ShortestLived, st.LongestLived, st.OldestSurvivors} {
		for i := range list {
			list[i].Years = round2(list[i].Years)
		}
	}
	st.RenamingChains = renamingChains(entries)
	return st
}

func livedOf(e *Entry, now time.Time) Lived {
	return Lived{Slug: e.Slug, Acronym: e.Acronym, Name: e.Name, Kind: e.Kind, Start: e.Start, End: e.End,
		Approximate: e.Approximate, Fate: e.Fate, Years: e.LifespanYears(now)}
}

// renamingChains follows renamed_to links from every entry that was not itself renamed from
// another, and keeps the longest path from each; a path never visits an entry twice, so a
// cycle in a user's database cannot loop.
func renamingChains(entries []*Entry) [][]Named {
	bySlug := make(map[string]*Entry, len(entries))
	for _, e := range entries {
		bySlug[e.Slug] = e
	}
	renamedFrom := map[string]bool{}
	for _, e := range entries {
		for _, l := range e.Successors {
			if l.Relation == "renamed_to" && bySlug[l.Slug] != nil {
				renamedFrom[l.Slug] = true
			}
		}
	}
	var longest func(e *Entry, onPath map[string]bool) []Named
	longest = func(e *Entry, onPath map[string]bool) []Named {
		onPath[e.Slug] = true
		defer delete(onPath, e.Slug)
		var best []Named
		for _, l := range e.Successors {
			next := bySlug[l.Slug]
			if l.Relation != "renamed_to" || next == nil || onPath[next.Slug] {
				continue
			}
			tail := longest(next, onPath)
			tail[0].Date = l.Date
			if len(tail) > len(best) {
				best = tail
			}
		}
		return append([]Named{{Slug: e.Slug, Acronym: e.Acronym, Name: e.Name}}, best...)
	}
	var chains [][]Named
	startKey := map[string]float64{}
	for _, e := range entries {
		startKey[e.Slug] = e.StartKey
		if renamedFrom[e.Slug] {
			continue
		}
		if c := longest(e, map[string]bool{}); len(c) > 1 {
			chains = append(chains, c)
		}
	}
	slices.SortFunc(chains, func(a, b []Named) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), cmp.Compare(startKey[a[0].Slug], startKey[b[0].Slug]), cmp.Compare(a[0].Slug, b[0].Slug))
	})
	if chains == nil {
		chains = [][]Named{}
	}
	return first(chains, TopN)
}

// yearOf reads the year of a partial ISO date.
func yearOf(date string) (int, bool) {
	if len(date) < 4 {
		return 0, false
	}
	y, err := strconv.Atoi(date[:4])
	return y, err == nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func first[T any](xs []T, n int) []T {
	if len(xs) > n {
		xs = xs[:n]
	}
	out := make([]T, len(xs)) // never nil: JSON shows an empty list as []
	copy(out, xs)
	return out
}
