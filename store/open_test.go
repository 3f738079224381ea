package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"quango/seed"
)

func TestFileDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	s := openFixture(t, path)
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := s.db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
	}
	v, err := s.CatalogueVersion(ctx)
	if err != nil || v != fixture(t).Version {
		t.Errorf("catalogue version = %q, %v", v, err)
	}
	s.Close()

	again := openFixture(t, path)
	if total, _, err := again.Count(ctx); err != nil || total != 8 {
		t.Errorf("reopened: %d entries, %v", total, err)
	}
}

func TestCatalogueUpdateReplacesBuiltins(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	old := fixture(t)
	old.Entries = slices.DeleteFunc(old.Entries, func(e seed.Entry) bool { return e.Slug != "eta-strategy" })
	old.Version = "old"
	s, err := OpenWith(ctx, path, old)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openFixture(t, path)
	if total, _, _ := s.Count(ctx); total != 8 {
		t.Errorf("after the update: %d entries, want 8", total)
	}
}

func TestRefusesForeignFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	notSQLite := filepath.Join(dir, "notes.txt")
	os.WriteFile(notSQLite, []byte("my precious research notes\n"), 0o644)

	foreign := filepath.Join(dir, "foreign.db")
	db, err := sql.Open("sqlite", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE photos (id INTEGER); INSERT INTO photos VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	newer := filepath.Join(dir, "newer.db")
	s, err := OpenWith(ctx, newer, fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	s.db.Exec("PRAGMA user_version = 999")
	s.Close()

	truncated := filepath.Join(dir, "truncated.db")
	whole, _ := os.ReadFile(newer)
	os.WriteFile(truncated, whole[:100], 0o644)

	cases := []struct {
		path string
		want error
	}{
		{notSQLite, ErrNotQuango},
		{foreign, ErrNotQuango},
		{newer, ErrNewerSchema},
		{truncated, nil}, // some error; it must not matter which
		{dir, nil},
	}
	for _, c := range cases {
		before, _ := os.ReadFile(c.path)
		s, err := OpenWith(ctx, c.path, fixture(t))
		if err == nil {
			s.Close()
			t.Errorf("%s: opened; want it refused", filepath.Base(c.path))
			continue
		}
		if c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: error %v, want %v", filepath.Base(c.path), err, c.want)
		}
		after, _ := os.ReadFile(c.path)
		if !bytes.Equal(before, after) {
			t.Errorf("%s: the file changed although it was refused", filepath.Base(c.path))
		}
		for _, side := range []string{"-wal", "-shm"} {
			if _, err := os.Stat(c.path + side); err == nil && c.path != dir {
				t.Errorf("%s: refused, yet %s was created beside it", filepath.Base(c.path), side)
			}
		}
	}
}

// TestRefusesNewerCatalogue: a database holding a newer catalogue release than this quango's is
// refused and left as it was, so an old binary never swaps a newer catalogue out.
func TestRefusesNewerCatalogue(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	newer := fixture(t)
	newer.Release, newer.Version = 7, "newer"
	s, err := OpenWith(ctx, path, newer)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(path)

	older := fixture(t)
	older.Release = 6
	if s, err := OpenWith(ctx, path, older); !errors.Is(err, ErrNewerSchema) {
		if err == nil {
			s.Close()
		}
		t.Fatalf("an older catalogue opened a newer one's database: %v", err)
	} else if !strings.Contains(err.Error(), "release 7") || !strings.Contains(err.Error(), "upgrade quango") {
		t.Errorf("message = %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the refused database changed")
	}

	same := fixture(t)
	same.Release = 7 // the same release with other files (a development build) takes over
	s = openWith(t, path, same)
	if v, _ := s.CatalogueVersion(ctx); v != same.Version {
		t.Errorf("catalogue version = %q, want %q", v, same.Version)
	}
}

func openWith(t *testing.T, path string, b Builtins) *Store {
	t.Helper()
	s, err := OpenWith(context.Background(), path, b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestOpenInMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "q.db")
	_, err := OpenWith(context.Background(), path, fixture(t))
	if err == nil || !strings.Contains(err.Error(), "does not exist") || errors.Is(err, ErrNotQuango) {
		t.Errorf("err = %v; want one naming the missing folder", err)
	}
}

// TestCurrentDatabaseSkipsParsing: reopening a database whose catalogue is current never reads
// the built-in entries, which is most of a short command's start-up.
func TestCurrentDatabaseSkipsParsing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	f := fixture(t)
	loads := 0
	lazy := Builtins{Version: f.Version, Release: f.Release, Load: func() ([]seed.Entry, error) {
		loads++
		return f.Entries, nil
	}}
	for i, want := range []int{1, 1} { // the first open loads the catalogue; the second does not
		s, err := OpenWith(ctx, path, lazy)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Resolve(ctx, "bic"); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if loads != want {
			t.Errorf("open %d: the catalogue was read %d times, want %d", i+1, loads, want)
		}
	}
}

func TestOpenUnderAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(file, []byte("mine\n"), 0o644)
	_, err := OpenWith(context.Background(), filepath.Join(file, "q.db"), fixture(t))
	if err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("err = %v; want one saying the path runs through a file", err)
	}
	if b, _ := os.ReadFile(file); string(b) != "mine\n" {
		t.Error("the file in the way changed")
	}
}
