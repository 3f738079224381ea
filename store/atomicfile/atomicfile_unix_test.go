//go:build unix

package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestUmaskAndNoClobber: a new file gets 0666 less the umask (not a fixed mode), a given mode is
// kept, Commit without replace never overwrites, and nothing temporary is left behind.
func TestUmaskAndNoClobber(t *testing.T) {
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	dir := t.TempDir()
	target := filepath.Join(dir, "note.md")

	write := func(perm fs.FileMode, data string, replace bool) error {
		p, err := New(target, perm)
		if err != nil {
			t.Fatal(err)
		}
		defer p.Cleanup()
		if _, err := p.WriteString(data); err != nil {
			t.Fatal(err)
		}
		return p.Commit(replace)
	}
	if err := write(0, "one", false); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(target); info.Mode().Perm() != 0o640 {
		t.Errorf("new file mode %v, want 0640 under umask 027", info.Mode().Perm())
	}
	if err := write(0, "two", false); !errors.Is(err, ErrExist) {
		t.Errorf("Commit without replace over a file: %v, want ErrExist", err)
	}
	if err := write(0o600, "three", true); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(target)
	info, _ := os.Stat(target)
	if string(data) != "three" || info.Mode().Perm() != 0o600 {
		t.Errorf("after replace: %q mode %v, want three, 0600", data, info.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}
