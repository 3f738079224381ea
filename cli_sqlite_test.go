package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSQLiteToolsReadTheDatabase opens a fresh quango.db with Debian's sqlite3 and sqlite-utils,
// as a reader of the README would: the catalogue view answers "abolished in 2013" with integer
// years, hidden entries stay out of it, sqlite-utils finds the full-text index by itself, and an
// UPDATE of a rebuilt table is refused with a message saying where changes go.
func TestSQLiteToolsReadTheDatabase(t *testing.T) {
	t.Parallel()
	sqlite3, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("sqlite3 is not installed (Debian: sqlite3)")
	}
	db := filepath.Join(t.TempDir(), "quango.db")
	run(t, nil, "--db", db, "rm", "care-data").check(t, 0)
	query := func(sql string) (string, error) {
		out, err := exec.Command(sqlite3, "-readonly", "-batch", db, sql).CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	got, err := query(`SELECT acronym FROM catalogue WHERE end_year = 2013 AND fate = 'abolished' AND kind = 'body' ORDER BY start_year, slug`)
	if err != nil || !strings.Contains(got, "CfH") || !strings.Contains(got, "NIGB") {
		t.Errorf("bodies abolished in 2013: %v\n%s", err, got)
	}
	if got, err := query(`SELECT count(*) FROM catalogue WHERE slug = 'care-data'`); err != nil || got != "0" {
		t.Errorf("a hidden entry is in the catalogue view: %v %s", err, got)
	}
	if got, err := query(`SELECT typeof(start_year), typeof(end_year), alive FROM catalogue WHERE slug = 'nhs-england'`); err != nil || got != "integer|null|1" {
		t.Errorf("year columns of a living entry: %v %s", err, got)
	}
	if got, err := query(`SELECT c.slug FROM catalogue c JOIN entries_fts f ON f.rowid = c.rowid WHERE entries_fts MATCH 'granger' ORDER BY c.slug LIMIT 1`); err != nil || got == "" {
		t.Errorf("the README's full-text join found nothing: %v %s", err, got)
	}
	out, err := exec.Command(sqlite3, db, `UPDATE entries SET name = 'x' WHERE slug = 'npfit'`).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "rebuilt by quango") || !strings.Contains(string(out), "quango edit") {
		t.Errorf("an UPDATE of entries was not refused with advice: %v %s", err, out)
	}
	if got, _ := query(`SELECT about FROM readme WHERE name = 'catalogue'`); !strings.Contains(got, "stable") && !strings.Contains(got, "Read-only") {
		t.Errorf("the readme view does not describe catalogue: %q", got)
	}

	sqliteUtils, err := exec.LookPath("sqlite-utils")
	if err != nil {
		t.Skip("sqlite-utils is not installed (Debian: sqlite-utils)")
	}
	out, err = exec.Command(sqliteUtils, "search", db, "entries", "granger", "-c", "slug", "--csv").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "nhs-connecting-for-health") {
		t.Errorf("sqlite-utils search quango.db entries granger: %v\n%s", err, out)
	}
	out, err = exec.Command(sqliteUtils, "tables", db, "--fts5").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "entries_fts") {
		t.Errorf("sqlite-utils tables --fts5: %v\n%s", err, out)
	}
}
