package store

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"quango/store/storetest"
)

// syntheticStores caches one in-memory store per size: loading a large catalogue is the slow
// part of a benchmark, and every benchmark over that size may share it.
var (
	syntheticMu     sync.Mutex
	syntheticStores = map[int]*Store{}
)

// syntheticStore opens an in-memory store whose built-in catalogue is storetest.Synthetic(n).
// Sizes from 100,000 up are skipped under -short, so CI's one pass over the benchmarks stays quick.
func syntheticStore(tb testing.TB, n int) *Store {
	tb.Helper()
	if testing.Short() && n >= 100_000 {
		tb.Skipf("n=%d is skipped under -short", n)
	}
	syntheticMu.Lock()
	defer syntheticMu.Unlock()
	if s := syntheticStores[n]; s != nil {
		return s
	}
	s, err := OpenWith(context.Background(), Memory, Builtins{Entries: storetest.Synthetic(n), Version: fmt.Sprintf("synthetic-%d", n)})
	if err != nil {
		tb.Fatal(err)
	}
	syntheticStores[n] = s
	return s
}
