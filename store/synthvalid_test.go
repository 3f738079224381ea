package store

import (
	"testing"

	"quango/seed"
	"quango/store/storetest"
)

// TestSyntheticIsValid keeps the benchmarks' catalogue honest: it must pass the validator, as an
// import of it would have to.
func TestSyntheticIsValid(t *testing.T) {
	entries := storetest.Synthetic(5000)
	if ps := seed.Validate(entries); len(ps) > 0 {
		t.Fatalf("%d problems, first: %v", len(ps), ps[0])
	}
}
