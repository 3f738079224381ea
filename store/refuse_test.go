package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fileSums is the sha256 of a database file and of its -wal ("none" when there is none).
func fileSums(t *testing.T, path string) [2]string {
	t.Helper()
	var sums [2]string
	for i, p := range []string{path, path + "-wal"} {
		data, err := os.ReadFile(p)
		if os.IsNotExist(err) {
			sums[i] = "none"
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		sums[i] = fmt.Sprintf("%x", sha256.Sum256(data))[:16]
	}
	return sums
}

// execPlain runs statements on path through SQLite alone, as another program would.
func execPlain(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// refusedFile makes a file of the given kind (foreign, newer schema, newer release, damaged) in
// the given state: WAL with its log checkpointed, WAL with a pending log, a rollback journal, or
// a copy made as quango backup makes one.
func refusedFile(t *testing.T, dir, kind, mode string) string {
	t.Helper()
	src := filepath.Join(dir, kind+"-"+mode+"-src.db")
	path := filepath.Join(dir, kind+"-"+mode+".db")
	if kind == "foreign" {
		db, _ := sql.Open("sqlite", src)
		execPlain(t, db, "CREATE TABLE photos (id INTEGER, taken TEXT)", "INSERT INTO photos VALUES (1, '2020')")
		db.Close()
	} else {
		s := openFixture(t, src)
		s.Close()
	}
	db, err := sql.Open("sqlite", src)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	journal := map[string]string{"wal": "WAL", "pending": "WAL", "rollback": "DELETE", "backup": "WAL"}[mode]
	execPlain(t, db, "PRAGMA journal_mode="+journal, "PRAGMA wal_autocheckpoint=0")
	change := map[string][]string{
		"foreign": {"INSERT INTO photos VALUES (2, '2021')"},
		"schema":  {"PRAGMA user_version = 99"},
		"release": {"UPDATE meta SET value = '99' WHERE key = 'catalogue_release'", "INSERT OR IGNORE INTO meta VALUES ('catalogue_release', '99')"},
		"damaged": {"INSERT INTO notes (slug, created, text) VALUES ('alpha', '2020-01-01', 'x')"},
	}[kind]
	execPlain(t, db, change...)
	switch mode {
	case "pending":
		// A copy taken while the writer is open keeps its log pending, as after a crash.
		for _, side := range []string{"", "-wal"} {
			data, err := os.ReadFile(src + side)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(path+side, data, 0o644)
		}
		db.Close()
	case "backup":
		execPlain(t, db, fmt.Sprintf("VACUUM INTO '%s'", path))
		db.Close()
	default:
		db.Close()
		data, _ := os.ReadFile(src)
		os.WriteFile(path, data, 0o644)
	}
	if kind == "damaged" {
		// Garble the schema page's b-tree header and a page in the middle.
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		info, _ := f.Stat()
		junk := []byte(strings.Repeat("\xa5", 64))
		f.WriteAt(junk, 100)
		f.WriteAt(junk, info.Size()/2)
		f.Close()
	}
	return path
}

// TestRefusedFilesLeftExactlyAsTheyWere is the matrix of issue 14: every kind of file quango
// refuses, in every journal state, keeps the same bytes in the file and its -wal, and the
// message names the file.
func TestRefusedFilesLeftExactlyAsTheyWere(t *testing.T) {
	dir := t.TempDir()
	for _, kind := range []string{"foreign", "schema", "release", "damaged"} {
		for _, mode := range []string{"wal", "pending", "rollback", "backup"} {
			t.Run(kind+"/"+mode, func(t *testing.T) {
				path := refusedFile(t, dir, kind, mode)
				before := fileSums(t, path)
				if mode == "pending" && before[1] == "none" {
					t.Fatal("the test made no pending log")
				}
				s, err := OpenWith(context.Background(), path, fixture(t))
				if err == nil {
					// A damaged page may only show when read: it must not be written either.
					_, err = s.List(context.Background(), Filter{})
					s.Close()
				}
				if err == nil {
					t.Fatal("opened and read; want it refused")
				}
				if !strings.Contains(err.Error(), path) {
					t.Errorf("the message does not name the file: %v", err)
				}
				if after := fileSums(t, path); after != before {
					t.Errorf("refused, yet changed: file and -wal %v → %v", before, after)
				}
				t.Logf("%-8s %-8s sha256 file %s -wal %s, unchanged: %v", kind, mode, before[0], before[1], err)
			})
		}
	}
}
