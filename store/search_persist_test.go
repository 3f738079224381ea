package store

import (
	"context"
	"os"
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

// savedFingerprint is the fingerprint of the rows the index saved for s was built from ("": none).
func savedFingerprint(t *testing.T, s *Store) string {
	t.Helper()
	var f string
	if cache, _ := s.searchCache(context.Background()); cache != nil {
		cache.QueryRow("SELECT fingerprint FROM search_index WHERE part = 'head'").Scan(&f)
	}
	return f
}

// execCache runs a statement on the file s saves its index in.
func execCache(t *testing.T, s *Store, stmt string) {
	t.Helper()
	cache, _ := s.searchCache(context.Background())
	if cache == nil {
		t.Fatal("no cache")
	}
	if _, err := cache.Exec(stmt); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

// TestSearchIndexSaved: the first search saves the index, beside the database, which it leaves
// byte for byte as it was; another process on the same file loads it rather than building it,
// and answers exactly as a store that built its own; a write makes the saved index stale, and
// the next search builds and saves it again.
func TestSearchIndexSaved(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	first := openFixture(t, path)
	before := fileSums(t, path)
	built := answers(t, first)
	if after := fileSums(t, path); after != before {
		t.Errorf("searching changed the database: %v, was %v", after, before)
	}
	gen, err := first.searchFingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := savedFingerprint(t, first); got != gen {
		t.Fatalf("saved index from rows %q, want %q", got, gen)
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
	now, _ := second.searchFingerprint(ctx)
	if ix, _ := second.loadSearchIndex(ctx, now); ix != nil || now == gen {
		t.Error("an index saved before a write loaded after it")
	}
	third := openFixture(t, path)
	res := search(t, third, "zyzzyva quango", 1)
	if len(res.Hits) == 0 || res.Hits[0].Entry.Slug != e.Slug {
		t.Errorf("after the write: %v, want %s", hitSlugs(res.Hits), e.Slug)
	}
	if got := savedFingerprint(t, third); got != now {
		t.Errorf("after the write the saved index is from rows %q, want %q", got, now)
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
	if _, err := os.Stat(path + "-search"); err == nil {
		t.Error("a read-only store saved an index")
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
	gen, _ := s.searchFingerprint(ctx)
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
		execCache(t, s, damage)
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
			ix.fingerprint, _ = s.searchFingerprint(context.Background())
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
			gen, _ := s.searchFingerprint(ctx)
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
	gen, _ := s.searchFingerprint(ctx)
	for _, damage := range []string{"", "DELETE FROM search_index WHERE part = 'lean.textAt'"} {
		if damage != "" {
			execCache(t, s, damage)
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

// TestSearchCount: SearchCount counts what Search finds with no limit.
func TestSearchCount(t *testing.T) {
	s := sharedBuiltin(t)
	for _, q := range append(persistQueries, "w", "zzzzqqqq", "-.-") {
		n, err := s.SearchCount(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if want := len(search(t, s, q, 0).Hits); n != want {
			t.Errorf("%q: counted %d, Search found %d", q, n, want)
		}
	}
}

// TestSearchIndexNotAnothers: a database made again at the same path, with as many writes
// behind it as the one whose index was saved there, is not given that index.
func TestSearchIndexNotAnothers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	entries := fixture(t).Entries
	for k, alias := range []string{"Zyzzyva Quango Board", "Qwyjibo Quango Board"} {
		s, err := OpenWith(ctx, path, fixture(t))
		if err != nil {
			t.Fatal(err)
		}
		e := entries[k]
		e.Aliases = append(e.Aliases, alias)
		if _, err := s.Update(ctx, e); err != nil {
			t.Fatal(err)
		}
		res := search(t, s, alias, 1)
		if len(res.Hits) == 0 || res.Hits[0].Entry.Slug != e.Slug || res.Hits[0].Score < tierExact {
			t.Errorf("database %d: %q finds %v, want %s", k, alias, summary(res.Hits), e.Slug)
		}
		if k == 1 {
			if res := search(t, s, "zyzzyva quango board", 1); len(res.Hits) > 0 && res.Hits[0].Score >= tierExact {
				t.Errorf("the new database found the old one's alias: %v", summary(res.Hits))
			}
		}
		s.Close()
		for _, side := range []string{"", "-wal", "-shm"} {
			os.Remove(path + side) // the index saved beside it stays
		}
	}
}
