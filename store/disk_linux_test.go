//go:build linux

package store

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tmpfs mounts a small file system of its own for a test (root only; skipped elsewhere), so a
// test can fill it or make it read-only, which permissions alone cannot do to root.
func tmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if os.Geteuid() != 0 {
		t.Skip("mounting a file system needs root")
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// TestReadOnlyDatabase: on a read-only file system, reading works and leaves no -wal or -shm
// behind; a write says the file is read-only and what to do.
func TestReadOnlyDatabase(t *testing.T) {
	ctx := context.Background()
	dir := tmpfs(t, "16m")
	path := filepath.Join(dir, "q.db")
	s := openFixture(t, path)
	s.Close()
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}
	s, err := OpenWith(ctx, path, fixture(t))
	if err != nil {
		t.Fatalf("a read-only database does not open for reading: %v", err)
	}
	defer s.Close()
	if total, _, err := s.Count(ctx); err != nil || total != 8 {
		t.Errorf("count on a read-only database: %d, %v", total, err)
	}
	if _, err := s.Search(ctx, "alpha-authority", 5); err != nil {
		t.Errorf("search on a read-only database: %v", err)
	}
	err = s.AddNote(ctx, "alpha-authority", "a note")
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "writable") {
		t.Errorf("a write to a read-only database: %v", err)
	}
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + side); err == nil {
			t.Errorf("reading left %s behind", side)
		}
	}
}

// TestFullDisk: a write that finds the disk full says so, names the file, and writes nothing.
func TestFullDisk(t *testing.T) {
	ctx := context.Background()
	dir := tmpfs(t, "2m")
	path := filepath.Join(dir, "q.db")
	s := openFixture(t, path)
	filler, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	for err == nil {
		_, err = filler.Write(make([]byte, 4<<10))
	}
	filler.Close()
	err = nil
	long := strings.Repeat("a note that fills the disk. ", 100)
	for i := 0; i < 200 && err == nil; i++ {
		err = s.AddNote(ctx, "alpha-authority", long+time.Now().String())
	}
	if err == nil || !strings.Contains(err.Error(), "disk is full") || !strings.Contains(err.Error(), path) {
		t.Fatalf("a write to a full disk: %v", err)
	}
	if strings.Contains(err.Error(), "not a quango database") {
		t.Errorf("a full disk reported as a foreign file: %v", err)
	}
}
