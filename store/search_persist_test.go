package store

import (
	"context"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
)

// persistQueries reach every tier of the search.
var persistQueries = []string{"", "nhs", "hscic", "cfh", "hqcfa", "hlth edu eng", "granger", "npift", "caldicott", "100m nursing"}

// answers is every hit of each query, as summary gives it, with the first did-you-mean.
func answers(t *testing.T, s *Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, q := range persistQueries {
		res := search(t, s, q, 0)
		out[q] = append(summary(res.Hits), slugsOf(res.DidYouMean)...)
	}
	return out
}

// savedGeneration is the generation the index saved in s's database was built from (-1: none).
func savedGeneration(t *testing.T, s *Store) int64 {
	t.Helper()
	var g int64 = -1
	s.db.QueryRow("SELECT generation FROM search_index WHERE part = 'head'").Scan(&g)
	return g
}

// TestSearchIndexSaved: the first search saves the index; another process on the same file
// loads it rather than building it, and answers exactly as a store that built its own; a write
// makes the saved index stale, and the next search builds and saves it again.
func TestSearchIndexSaved(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	first := openFixture(t, path)
	built := answers(t, first)
	gen, err := first.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := savedGeneration(t, first); got != gen {
		t.Fatalf("saved index from generation %d, want %d", got, gen)
	}

	second := openFixture(t, path)
	ix, err := second.loadSearchIndex(ctx, gen)
	if err != nil || ix == nil {
		t.Fatalf("the saved index did not load: %v", err)
	}
	if got := answers(t, second); !reflect.DeepEqual(got, built) {
		t.Errorf("the loaded index answers differently:\n%v\nwant\n%v", got, built)
	}

	e := fixture(t).Entries[0]
	e.Aliases = append(e.Aliases, "Zyzzyva Quango Board")
	if _, err := first.Update(ctx, e); err != nil {
		t.Fatal(err)
	}
	if ix, _ := second.loadSearchIndex(ctx, gen+1); ix != nil {
		t.Error("an index saved before a write loaded after it")
	}
	third := openFixture(t, path)
	res := search(t, third, "zyzzyva quango", 1)
	if len(res.Hits) == 0 || res.Hits[0].Entry.Slug != e.Slug {
		t.Errorf("after the write: %v, want %s", hitSlugs(res.Hits), e.Slug)
	}
	now, _ := third.Generation(ctx)
	if got := savedGeneration(t, third); got != now || now == gen {
		t.Errorf("after the write the saved index is from generation %d; the database is at %d (was %d)", got, now, gen)
	}
}

// TestSearchIndexReadOnly: a store that cannot write searches with an index it built itself, and
// saves nothing.
func TestSearchIndexReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "q.db")
	s := openFixture(t, path)
	s.readOnly = true
	if got := hitSlugs(search(t, s, "beta", 1).Hits); !reflect.DeepEqual(got, []string{"beta-centre"}) {
		t.Errorf("beta: %v", got)
	}
	if got := savedGeneration(t, s); got != -1 {
		t.Errorf("a read-only store saved an index (generation %d)", got)
	}
}

// TestSearchIndexDamaged: a saved index that does not hold together (a chunk cut short, a part
// missing, offsets past the end, text the driver's gate would not pass) is built again, never
// trusted.
func TestSearchIndexDamaged(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	s := openFixture(t, path)
	want := answers(t, s)
	gen, _ := s.Generation(ctx)
	for _, damage := range []string{
		"UPDATE search_index SET data = substr(data, 1, length(data) - 3) WHERE part = 'off'",
		"DELETE FROM search_index WHERE part = 'rank'",
		"UPDATE search_index SET data = zeroblob(length(data)) WHERE part = 'first'",
		"UPDATE search_index SET data = randomblob(length(data)) WHERE part = 'off'",
		"UPDATE search_index SET data = json_set(data, '$.parts', json('{}')) WHERE part = 'head'",
		// Same length, so only the text check can tell: an escape character no terminal may see.
		"UPDATE search_index SET data = CAST(replace(CAST(data AS TEXT), 'e', char(27)) AS BLOB) WHERE part = 'arena'",
	} {
		s.resetSearch()
		search(t, s, "", 1) // saves a sound index again
		if _, err := s.db.Exec(damage); err != nil {
			t.Fatal(err)
		}
		if ix, _ := s.loadSearchIndex(ctx, gen); ix != nil {
			t.Errorf("%s: the damaged index loaded", damage)
		}
		s.resetSearch()
		if got := answers(t, s); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: answers differ", damage)
		}
	}
}

// BenchmarkSearchIndexBuild is building the index from the rows, as the first search after a
// write does.
func BenchmarkSearchIndexBuild(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			s := syntheticStore(b, size.n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.buildSearchIndex(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSearchIndexSave is saving a built index in the database.
func BenchmarkSearchIndexSave(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			s := syntheticStore(b, size.n)
			ix, err := s.buildSearchIndex(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			ix.generation, _ = s.Generation(context.Background())
			b.ReportAllocs()
			for b.Loop() {
				s.saveSearchIndex(context.Background(), ix)
			}
		})
	}
}

// BenchmarkSearchIndexLoad is loading the saved index, as a process's first search does when the
// database has not been written since; it reports the heap the index holds.
func BenchmarkSearchIndexLoad(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			ctx := context.Background()
			s := syntheticStore(b, size.n)
			search(b, s, "", 1) // built and saved
			gen, _ := s.Generation(ctx)
			b.ReportAllocs()
			var held uint64
			for b.Loop() {
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				ix, err := s.loadSearchIndex(ctx, gen)
				if err != nil || ix == nil {
					b.Fatalf("not loaded: %v", err)
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				held = after.HeapInuse - before.HeapInuse
				runtime.KeepAlive(ix)
			}
			b.ReportMetric(float64(held)/(1<<20), "MiB-held")
		})
	}
}

// TestSearchIndexLean: the lean entries of a loaded index (its lean part loaded when first asked
// for, or built again when that part is damaged) are those of an index built from the rows,
// which TestLeanEntriesAgreeWithList holds to List's.
func TestSearchIndexLean(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	s := openFixture(t, path)
	search(t, s, "", 1) // built and saved
	want, err := s.searchable(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gen, _ := s.Generation(ctx)
	for _, damage := range []string{"", "DELETE FROM search_index WHERE part = 'lean.textAt'"} {
		if damage != "" {
			if _, err := s.db.Exec(damage); err != nil {
				t.Fatal(err)
			}
		}
		ix, err := s.loadSearchIndex(ctx, gen)
		if err != nil || ix == nil {
			t.Fatalf("not loaded: %v", err)
		}
		picks := make([]int32, ix.size())
		for i := range picks {
			picks[i] = int32(i)
		}
		got, err := s.leanEntries(ctx, ix, picks)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%d entries loaded, %d built", len(got), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("damage %q: entry %d:\n%+v\nwant\n%+v", damage, i, got[i], want[i])
				break
			}
		}
	}
}
