package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"quango/store"
)

// TestRemoteCommandLine: the command line a session without a terminal runs prints what quango
// prints locally in a pipe, with the same exit codes, and refuses writes and the server's files.
func TestRemoteCommandLine(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "q.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	remote := func(args ...string) result {
		var out, errOut bytes.Buffer
		code := executeRemote(ctx, st, args, &out, &errOut)
		return result{code, out.String(), errOut.String()}
	}
	for _, args := range [][]string{
		{"show", "npfit", "--json"}, {"show", "nonesuch"}, {"search", "npfit"}, {"list", "--dead", "--json"},
		{"export", "npfit"}, {"export", "npfit", "-o", "-"}, {"lineage", "npfit"}, {"timeline"}, {"stats", "--json"},
		{"show"}, {},
	} {
		local := run(t, nil, append([]string{"--db", db}, args...)...)
		got := remote(args...)
		if got != local {
			t.Errorf("%q over SSH: exit %d\n%s%s\nlocally: exit %d\n%s%s", args, got.code, got.stdout, got.stderr, local.code, local.stdout, local.stderr)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"note", "npfit", "hello"}, `"note" is not available over SSH`},
		{[]string{"bury", "npfit"}, `"bury" is not available over SSH`},
		{[]string{"import", "-"}, `"import" is not available over SSH`},
		{[]string{"serve"}, `"serve" is not available over SSH`},
		{[]string{"--db", "/etc/passwd", "list"}, "--db is not available over SSH"},
		{[]string{"list", "--db=/tmp/x.db"}, "--db is not available over SSH"},
		{[]string{"export", "npfit", "-o", "/tmp/npfit.md"}, "export over SSH writes to stdout only"},
		{[]string{"export", "npfit", "--output=x.md"}, "export over SSH writes to stdout only"},
		{[]string{"export", "--all", "-o", "out/"}, "export --all writes files"},
	} {
		got := remote(c.args...)
		if got.code != exitUsage || got.stdout != "" || !strings.Contains(got.stderr, c.want) || strings.Count(got.stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, got.code, got.stdout, got.stderr, c.want)
		}
	}
	if e, err := st.Get(ctx, "npfit"); err != nil || len(e.Notes) != 0 {
		t.Fatalf("a refused command wrote: %v %v", e, err)
	}
}

// TestImportKeepsNoteAuthors: a note export wrote for someone else's note reads back with its
// author, and the owner's own note with none.
func TestImportKeepsNoteAuthors(t *testing.T) {
	_, _, notes := parseExportBody("Summary.\n\n## Notes\n\n- 2 Jan 2026 — mine\n- 3 Jan 2026 — theirs *(by ann@newsroom)*\n")
	want := []store.Note{{Date: "2026-01-02", Text: "mine"}, {Date: "2026-01-03", Text: "theirs", Author: "ann@newsroom"}}
	if len(notes) != 2 || notes[0] != want[0] || notes[1] != want[1] {
		t.Fatalf("notes %+v, want %+v", notes, want)
	}
}
