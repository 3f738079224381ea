package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// TestWriterWaitsItsTurn: a write that finds another writer holding the lock waits for as long
// as that write takes (here longer than SQLite's own wait), says once that it waits, and then
// succeeds.
func TestWriterWaitsItsTurn(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	s := openFixture(t, path)
	other, err := sql.Open("sqlite", "file:"+path+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT INTO notes (slug, created, text) VALUES ('alpha-authority', '2020-01-01', 'first')"); err != nil {
		t.Fatal(err)
	}
	var waited atomic.Int32
	s.OnWait(func() { waited.Add(1) })
	hold := 2500 * time.Millisecond
	start := time.Now()
	go func() {
		time.Sleep(hold)
		tx.Commit()
	}()
	if err := s.AddNote(ctx, "alpha-authority", "second"); err != nil {
		t.Fatalf("the second writer failed instead of waiting: %v", err)
	}
	if took := time.Since(start); took < hold {
		t.Errorf("wrote after %v, while the other write held the lock for %v", took, hold)
	}
	if waited.Load() != 1 {
		t.Errorf("said it was waiting %d times, want once", waited.Load())
	}
}
