package store

import (
	"context"
	"testing"

	"quango/store/storetest"
)

// fixture is a small made-up catalogue whose every fact the tests can reason about.
func fixture(t testing.TB) Builtins {
	t.Helper()
	entries, version := storetest.Catalogue(t)
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
