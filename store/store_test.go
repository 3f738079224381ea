package store

import (
	"context"
	"os"
	"testing"

	"quango/seed"
)

// fixture is a small made-up catalogue whose every fact the tests can reason about.
func fixture(t testing.TB) Builtins {
	t.Helper()
	entries, version, err := seed.Load(os.DirFS("testdata"), "testdata/")
	if err != nil {
		t.Fatal(err)
	}
	return Builtins{Entries: entries, Version: version}
}

func openFixture(t testing.TB, path string) *Store {
	t.Helper()
	s, err := OpenWith(context.Background(), path, fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
