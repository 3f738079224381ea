package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// TestSizeLimits: no flag, query or field is so large that quango stalls or runs out of memory;
// each is refused with one short line.
func TestSizeLimits(t *testing.T) {
	t.Parallel()
	db := map[string]string{"QUANGO_DB": filepath.Join(t.TempDir(), "q.db")}
	huge := strings.Repeat("a", 1<<20)
	run(t, db, "timeline", "--width", "9999999999").check(t, 2, "--width must be from 20 to 1000")
	run(t, db, "timeline", "--width", "1001").check(t, 2, "--width")
	for _, args := range [][]string{{"search", huge}, {"show", huge}, {"lineage", huge}} {
		r := run(t, db, args...)
		r.check(t, 1, "at most 200")
		if len(r.stderr) > 200 {
			t.Errorf("%s: the error echoes the query (%d bytes)", args[0], len(r.stderr))
		}
	}
	entry := map[string]any{"slug": "big", "name": "Big", "nation": []string{"england"}, "kind": "body", "start": "2001", "fate": "active",
		"fate_note": "x", "summary": strings.Repeat("word ", 2000), "sources": []map[string]string{{"title": "t", "url": "https://example.org"}}}
	data, _ := json.Marshal([]any{entry})
	runIn(t, db, string(data), "import", "-").check(t, 1, "summary: is 10000 bytes long; at most 8000")
}

// TestOddImportFiles: trailing data after the JSON is an error, a named pipe in a folder is
// skipped with a word, a repeated relation is a validation problem, thousands of problems print
// ten lines and a count, and the slug index is reserved.
func TestOddImportFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := map[string]string{"QUANGO_DB": filepath.Join(dir, "q.db")}
	one := func(slug string) string {
		return fmt.Sprintf(`{"slug":%q,"name":"N","nation":["england"],"kind":"body","start":"2001","end":null,"fate":"active","fate_note":"x","parent":null,"tags":[],"aliases":[],"summary":"s","sources":[{"title":"t","url":"https://example.org"}]}`, slug)
	}
	runIn(t, db, "["+one("a")+"]["+one("b")+"]", "import", "-").check(t, 1, "more follows the value")
	runIn(t, db, "["+one("a")+"] garbage", "import", "-").check(t, 1, "more follows the value")
	runIn(t, db, "["+one("index")+"]", "import", "-").check(t, 1, `"index" is reserved`)

	dup := strings.Replace(one("dup"), `"parent":null`, `"parent":null,"successors":[{"slug":"npfit","relation":"renamed_to"},{"slug":"npfit","relation":"renamed_to"}]`, 1)
	r := runIn(t, db, "["+dup+"]", "import", "-")
	r.check(t, 1, "relations[1]: repeats relations[0]")
	if strings.Contains(r.stderr, "UNIQUE") {
		t.Errorf("a raw constraint error: %s", r.stderr)
	}

	folder := filepath.Join(dir, "in")
	os.Mkdir(folder, 0o755)
	os.WriteFile(filepath.Join(folder, "a.json"), []byte(one("fifo-neighbour")), 0o644)
	if err := syscall.Mkfifo(filepath.Join(folder, "pipe.md"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	// A file name is the stranger's too: it is shown, never sent.
	if err := syscall.Mkfifo(filepath.Join(folder, "\x1b]0;pwned\x07.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, db, "import", folder, "--dry-run")
	if !strings.Contains(r.stderr, `\x1b]0;pwned\x07.md: not a regular file`) {
		t.Errorf("a hostile file name: %q", r.stderr)
	}
	if r.code != 0 || !strings.Contains(r.stderr, "skipped "+filepath.Join(folder, "pipe.md")+": not a regular file") {
		t.Errorf("a folder with a named pipe: exit %d, %q", r.code, r.stderr)
	}

	var many []string
	for i := range 5000 {
		many = append(many, strings.Replace(one(fmt.Sprintf("e%d", i)), `"kind":"body",`, "", 1))
	}
	r = runIn(t, db, "["+strings.Join(many, ",")+"]", "import", "-")
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if r.code != 1 || len(lines) != 12 || !strings.Contains(lines[11], "and 4990 more") {
		t.Errorf("5000 problems: exit %d, %d lines, last %q", r.code, len(lines), lines[len(lines)-1])
	}
}

// TestEditSavesOnlyTheChangedField: changing the fate note of an entry whose summary has several
// paragraphs changes the fate note and nothing else.
func TestEditSavesOnlyTheChangedField(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := map[string]string{"QUANGO_DB": filepath.Join(dir, "q.db")}
	entry := `[{"slug":"paras","name":"Paras","nation":["england"],"kind":"body","start":"2001","end":null,"fate":"active","fate_note":"x","parent":null,` +
		`"tags":[],"aliases":[],"summary":"One.\n\nTwo.  ","history":"Three.\n\n\nFour.","sources":[{"title":"t","url":"https://example.org"}]}]`
	runIn(t, db, entry, "import", "-").check(t, 0)
	before := showJSON(t, db["QUANGO_DB"], "paras")
	script := filepath.Join(dir, "editor.sh")
	os.WriteFile(script, []byte("#!/bin/sh\nsed -i 's/^fate_note: .*/fate_note: Changed./' \"$1\"\n"), 0o755)
	r := run(t, map[string]string{"QUANGO_DB": db["QUANGO_DB"], "EDITOR": script}, "edit", "paras")
	r.check(t, 0)
	if !strings.Contains(r.stderr, "saved paras: fate_note\n") {
		t.Errorf("edit saved more than the fate note: %q", r.stderr)
	}
	after := showJSON(t, db["QUANGO_DB"], "paras")
	for _, k := range []string{"summary", "history"} {
		if after[k] != before[k] {
			t.Errorf("%s changed from %q to %q", k, before[k], after[k])
		}
	}
}

// TestDamagedDatabaseNamed: a database damaged where opening does not look says so when a
// command reads the damage, naming the file, and is left as it was.
func TestDamagedDatabaseNamed(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "q.db")
	run(t, nil, "--db", db, "stats").check(t, 0)
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := f.Stat()
	junk := []byte(strings.Repeat("\xa5", 4096))
	for off := int64(8192); off < info.Size(); off += 8192 {
		f.WriteAt(junk[:64], off+16)
	}
	f.Close()
	before, _ := os.ReadFile(db)
	r := run(t, nil, "--db", db, "list", "--json")
	if r.code != 1 || !strings.Contains(r.stderr, db) || !strings.Contains(r.stderr, "damaged") {
		t.Errorf("exit %d, %q", r.code, r.stderr)
	}
	if after, _ := os.ReadFile(db); string(after) != string(before) {
		t.Error("the damaged file changed")
	}
}

// TestWritesRefuseControlCharacters: note, bury and add --from refuse text holding a control
// character or a bidirectional override, naming the field and showing the character.
func TestWritesRefuseControlCharacters(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := map[string]string{"QUANGO_DB": filepath.Join(dir, "q.db")}
	run(t, db, "note", "npfit", "clear\x1b[2J").check(t, 1, `note: control character \x1b`)
	run(t, db, "note", "npfit", "ring\a").check(t, 1, `\x07`)
	run(t, db, "bury", "nhs-england", "--end", "2027-04", "--fate", "abolished", "--note", "gone\u202eenog").
		check(t, 1, `note: control character \u202e`)
	entry := "---\nslug: mine\nname: \"Mine\\e]0;title\\a\"\nnation: [england]\nkind: body\nstart: \"2001\"\nfate: active\nfate_note: x\nsources:\n  - title: t\n    url: https://example.org\n---\nSummary.\n"
	run(t, db, "add", "--from", putFile(t, dir, "mine.md", entry)).check(t, 1, `name: control character \x1b`)
	if notes, _ := showJSON(t, db["QUANGO_DB"], "npfit")["notes"].([]any); len(notes) > 0 {
		t.Errorf("a refused note was written: %v", notes)
	}
}

// TestDatabaseNamesTakenLiterally: a database file whose name holds "#", "%" or "?" is that
// file, not the one SQLite's URI syntax would read into it ("a#b.db" is not "a").
func TestDatabaseNamesTakenLiterally(t *testing.T) {
	t.Parallel()
	names := []string{"a#b.db", "c%41.db", "100%.db"}
	if runtime.GOOS != "windows" {
		names = append(names, "d?e.db")
	}
	for _, name := range names {
		dir := t.TempDir()
		db := filepath.Join(dir, name)
		run(t, nil, "--db", db, "note", "npfit", "Checked.").check(t, 0)
		run(t, nil, "--db", db, "show", "npfit", "--json").check(t, 0)
		files, _ := os.ReadDir(dir)
		var got []string
		for _, f := range files {
			got = append(got, f.Name())
		}
		if len(got) == 0 || got[0] != name {
			t.Errorf("--db %s made %q", name, got)
		}
		for _, g := range got {
			if !strings.HasPrefix(g, name) {
				t.Errorf("--db %s also made %s", name, g)
			}
		}
	}
}
