package store

import (
	"context"
	"encoding/json"
	"maps"
	"math"
	"sort"
	"strconv"
	"testing"
	"time"

	"quango/seed"
)

var fixedStatsNow = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

// fracYear measures a date the way the catalogue promises: at the middle of its precision.
func fracYear(t *testing.T, s string) float64 {
	t.Helper()
	d, err := seed.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	m := d.Mid()
	return float64(m.Year()) + float64(m.YearDay()-1)/365.25
}

// TestStatsAgainstCatalogue recomputes the numbers straight from the seed files, without the
// store, and holds Stats to them.
func TestStatsAgainstCatalogue(t *testing.T) {
	raw, err := seed.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	st, err := openBuiltin(t).Stats(context.Background(), fixedStatsNow)
	if err != nil {
		t.Fatal(err)
	}
	now := float64(fixedStatsNow.Year()) + float64(fixedStatsNow.YearDay()-1)/365.25
	var alive, dead, youngAlive, bodies, youngBodies int
	var spans []float64
	kinds, fates := map[string]int{}, map[string]int{}
	deaths, births := map[int]int{}, map[int]int{}
	renamedTo := map[string]string{}
	renamedFrom := map[string]bool{}
	for _, e := range raw {
		kinds[e.Kind]++
		fates[e.Fate]++
		by, _ := strconv.Atoi(e.Start[:4])
		births[by/10*10]++
		if e.End == "" {
			alive++
			young := now-fracYear(t, e.Start) < 10
			if young {
				youngAlive++
			}
			if e.Kind == "body" {
				bodies++
				if young {
					youngBodies++
				}
			}
		} else {
			dead++
			dy, _ := strconv.Atoi(e.End[:4])
			deaths[dy]++
			spans = append(spans, fracYear(t, e.End)-fracYear(t, e.Start))
		}
		for _, r := range e.Relations {
			if r.Type == "renamed_to" {
				renamedTo[e.Slug] = r.To
				renamedFrom[r.To] = true
			}
		}
	}
	sort.Float64s(spans)
	median := spans[len(spans)/2]
	if len(spans)%2 == 0 {
		median = (spans[len(spans)/2-1] + spans[len(spans)/2]) / 2
	}
	var sum float64
	for _, s := range spans {
		sum += s
	}

	check := func(name string, got, want int) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %d, want %d", name, got, want)
		}
	}
	check("entries", st.Entries, len(raw))
	check("alive", st.Alive, alive)
	check("dead", st.Dead, dead)
	check("alive under ten years", st.AliveUnderTenYears, youngAlive)
	check("alive bodies", st.AliveBodies, bodies)
	check("alive bodies under ten years", st.AliveBodiesUnderTenYears, youngBodies)
	for k, n := range kinds {
		check("by_kind "+k, st.ByKind[k], n)
	}
	for f, n := range fates {
		check("by_fate "+f, st.ByFate[f], n)
	}
	for y, n := range deaths {
		check("deaths_by_year "+strconv.Itoa(y), st.DeathsByYear[y], n)
	}
	check("years with deaths", len(st.DeathsByYear), len(deaths))
	for d, n := range births {
		check("births_by_decade "+strconv.Itoa(d), st.BirthsByDecade[d], n)
	}
	if math.Abs(st.MedianLifespanYears-median) > 0.006 {
		t.Errorf("median lifespan %.3f, want %.3f", st.MedianLifespanYears, median)
	}
	if mean := sum / float64(len(spans)); math.Abs(st.MeanLifespanYears-mean) > 0.006 {
		t.Errorf("mean lifespan %.3f, want %.3f", st.MeanLifespanYears, mean)
	}
	if st.LongestLived[0].Years < spans[len(spans)-1]-0.006 {
		t.Errorf("longest-lived %v lived less than the longest span %.2f", st.LongestLived[0], spans[len(spans)-1])
	}

	// The longest renaming chain, walked from the seed relations.
	longest := 0
	for slug := range renamedTo {
		if renamedFrom[slug] {
			continue
		}
		n, seen := 1, map[string]bool{slug: true}
		for next, ok := renamedTo[slug]; ok && !seen[next]; next, ok = renamedTo[next] {
			seen[next] = true
			n++
		}
		longest = max(longest, n)
	}
	if len(st.RenamingChains) == 0 || len(st.RenamingChains[0]) != longest {
		t.Errorf("longest renaming chain %v, want %d names", st.RenamingChains, longest)
	}
	for _, l := range st.OldestSurvivors {
		if l.End != nil {
			t.Errorf("oldest survivor %s is dead", l.Slug)
		}
	}
}

// TestStatsFixture pins exact values on the made-up catalogue, and the JSON keys scripts use.
func TestStatsFixture(t *testing.T) {
	st, err := openChartFixture(t).Stats(context.Background(), fixedStatsNow)
	if err != nil {
		t.Fatal(err)
	}
	if st.Entries != 8 || st.Alive != 2 || st.Dead != 6 || st.OneOffs != 1 {
		t.Errorf("entries/alive/dead/one-offs = %d/%d/%d/%d, want 8/2/6/1", st.Entries, st.Alive, st.Dead, st.OneOffs)
	}
	// Dead spans: alpha 6.0, beta 17.8, delta 9.2 (2002 is mid-2002), eta 0, zeta-2008 5, zeta 6.25.
	// Sorted: 0, 5, 6.0, 6.25, 9.2, 17.8; the median is between alpha and zeta.
	if math.Abs(st.MedianLifespanYears-6.12) > 0.011 {
		t.Errorf("median %.2f, want 6.12", st.MedianLifespanYears)
	}
	if st.ShortestLived[0].Slug != "zeta-improvement-2008" {
		t.Errorf("shortest-lived %+v; the one-off eta-strategy must be left out", st.ShortestLived[0])
	}
	if st.LongestLived[0].Slug != "beta-centre" {
		t.Errorf("longest-lived %+v", st.LongestLived[0])
	}
	if st.OldestSurvivors[0].Slug != "gamma-board" || st.AliveUnderTenYears != 0 {
		t.Errorf("oldest survivor %+v, alive under ten %d", st.OldestSurvivors[0], st.AliveUnderTenYears)
	}
	if st.DeathsByYear[2023] != 1 || st.BirthsByDecade[2000] != 3 {
		t.Errorf("deaths 2023 = %d, births 2000s = %d", st.DeathsByYear[2023], st.BirthsByDecade[2000])
	}
	// The five spans that are not one-offs, to the nearest year: 5, 6, 6, 9, 18.
	if want := map[int]int{5: 1, 6: 2, 9: 1, 18: 1}; !maps.Equal(st.DeadByLifespan, want) {
		t.Errorf("dead by lifespan %v, want %v", st.DeadByLifespan, want)
	}
	if len(st.RenamingChains) != 0 {
		t.Errorf("renaming chains %v, want none", st.RenamingChains)
	}
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]any
	if err := json.Unmarshal(b, &obj); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"entries", "alive", "dead", "median_lifespan_years", "deaths_by_year"} {
		if _, ok := obj[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if d, ok := obj["deaths_by_year"].(map[string]any); !ok || d["2005"] != float64(1) {
		t.Errorf("deaths_by_year = %v, want an object keyed by year", obj["deaths_by_year"])
	}
}
