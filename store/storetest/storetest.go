// Package storetest holds a small made-up catalogue for tests across quango: every fact in it is
// invented, so tests can assert exact values that never change when the real catalogue grows.
package storetest

import (
	"embed"
	"testing"

	"quango/seed"
)

//go:embed catalogue/*.md
var files embed.FS

// Catalogue returns the fixture entries and their version, failing the test if they are invalid.
func Catalogue(t testing.TB) ([]seed.Entry, string) {
	t.Helper()
	entries, version, err := seed.Load(files, "storetest/")
	if err != nil {
		t.Fatal(err)
	}
	return entries, version
}
