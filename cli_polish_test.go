package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quango/store/markdown"
)

// TestErrorsSayWhatToDo (issue 13 §5): a flag value in words, the nearest command, a query of
// nothing matchable, a hidden entry, and export -o into a folder not yet made.
func TestErrorsSayWhatToDo(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "q.db")
	run(t, nil, "--db", db, "rm", "care-data").check(t, 0)
	for _, c := range []struct {
		args    []string
		code    int
		wantErr []string
	}{
		{[]string{"list", "--from", "2010-05"}, 2, []string{`--from "2010-05": want a year, like 2010`}},
		{[]string{"search", "nhs", "-n", "ten"}, 2, []string{`--limit "ten": want a whole number`}},
		{[]string{"lsit"}, 2, []string{`unknown command "lsit"`, "did you mean", "list"}},
		{[]string{"shwo", "npfit"}, 2, []string{"did you mean show?"}},
		{[]string{"search", "%"}, 1, []string{`no entry matches "%"`}},
		{[]string{"search", "..."}, 1, []string{"no entry matches"}},
		{[]string{"show", "."}, 1, []string{"no entry matches"}},
		{[]string{"--db", db, "show", "care-data"}, 1, []string{"care.data is hidden", "quango unhide care-data"}},
	} {
		run(t, nil, c.args...).check(t, c.code, c.wantErr...)
	}
	notes := filepath.Join(t.TempDir(), "notes") + string(os.PathSeparator)
	run(t, nil, "export", "npfit", "-o", notes).check(t, 0)
	if _, err := os.Stat(filepath.Join(notes, "npfit.md")); err != nil {
		t.Errorf("export npfit -o notes/ did not make the folder: %v", err)
	}
	deeper := filepath.Join(t.TempDir(), "a", "b") + string(os.PathSeparator)
	run(t, nil, "export", "npfit", "-o", deeper).check(t, 1, "does not exist")
}

// TestSmallThings (issue 13 §5): a user's own entry does not claim to come from the catalogue,
// and a backup into a missing folder names the folder, not a temporary file.
func TestSmallThings(t *testing.T) {
	t.Parallel()
	db := map[string]string{"QUANGO_DB": filepath.Join(t.TempDir(), "q.db")}
	runIn(t, db, userEntryFile, "add", "--from", "-").check(t, 0)
	note := run(t, db, "export", "my-local-programme")
	note.check(t, 0)
	if strings.Contains(note.stdout, "From the quango catalogue") || !strings.HasSuffix(note.stdout, "*"+markdown.OwnEntry+"*\n") {
		t.Errorf("a user's own entry ends:\n%s", note.stdout[max(0, len(note.stdout)-200):])
	}
	missing := filepath.Join(t.TempDir(), "no", "such")
	r := run(t, db, "backup", filepath.Join(missing, "b.db"))
	r.check(t, 1, "folder "+missing, "no such file")
	if strings.Contains(r.stderr, ".tmp-") {
		t.Errorf("the error names a temporary file: %s", r.stderr)
	}
}
