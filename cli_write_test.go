package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"quango/seed"
	"quango/store"
)

// childEnv, when set, makes the test binary run quango itself with the JSON array of arguments it
// holds: the tests that need a second process, or one to kill, re-execute themselves.
const childEnv = "QUANGO_TEST_CHILD_ARGS"

func childMain() {
	args := os.Args[1:] // childEnv "-": run as quango itself, as a shell calls it, with its own arguments
	if v := os.Getenv(childEnv); v != "-" {
		if err := json.Unmarshal([]byte(v), &args); err != nil {
			fmt.Fprintln(os.Stderr, "bad", childEnv, err)
			os.Exit(3)
		}
	}
	os.Exit(execute(context.Background(), args, os.Stdout, os.Stderr, os.Getenv))
}

// child is a command that runs quango in another process.
func child(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(args)
	c := exec.Command(self)
	c.Env = append(os.Environ(), childEnv+"="+string(b))
	return c
}

const userEntryFile = `---
slug: my-local-programme
acronym: MLP
name: My Local Programme
nation: [england]
kind: programme
start: 2019-04
fate: active
fate_note: Still running in one trust.
parent: nhs-england
relations: []
sources:
  - title: Trust board papers
    url: https://example.org/board
---
A programme one trust ran to share records locally.

It began in 2019.
`

func putFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func showJSON(t *testing.T, db string, args ...string) map[string]any {
	t.Helper()
	r := run(t, nil, append([]string{"--db", db, "show", "--json"}, args...)...)
	r.check(t, 0)
	var e map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &e); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestDefaultDatabaseIsAFile(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	run(t, map[string]string{"XDG_DATA_HOME": data}, "note", "npfit", "kept").check(t, 0)
	path := filepath.Join(data, "quango", "quango.db")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no database at %s: %v", path, err)
	}
	r := run(t, map[string]string{"XDG_DATA_HOME": data}, "show", "npfit")
	if !strings.Contains(r.stdout, "## Notes") || !strings.Contains(r.stdout, "kept") {
		t.Errorf("the note did not persist:\n%s", r.stdout)
	}

	home := t.TempDir()
	run(t, map[string]string{"XDG_DATA_HOME": "", "HOME": home}, "list").check(t, 0)
	if _, err := os.Stat(filepath.Join(home, ".local", "share", "quango", "quango.db")); err != nil {
		t.Errorf("without XDG_DATA_HOME the database should be under ~/.local/share: %v", err)
	}

	empty := t.TempDir()
	run(t, map[string]string{"XDG_DATA_HOME": empty}, "--db", ":memory:", "note", "npfit", "gone").check(t, 0)
	if left, _ := os.ReadDir(empty); len(left) != 0 {
		t.Errorf("--db :memory: wrote %v", left)
	}
	run(t, map[string]string{"XDG_DATA_HOME": empty, "QUANGO_DB": ":memory:"}, "list").check(t, 0)
	if left, _ := os.ReadDir(empty); len(left) != 0 {
		t.Errorf("QUANGO_DB=:memory: wrote %v", left)
	}
}

func TestWriteCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "q.db")
	q := func(args ...string) result { return run(t, nil, append([]string{"--db", db}, args...)...) }

	q("add", "--from", putFile(t, dir, "mine.md", userEntryFile)).check(t, 0)
	e := showJSON(t, db, "mlp")
	if e["origin"] != "user" || e["parent"] != "nhs-england" || len(e["edited"].([]any)) != 0 {
		t.Errorf("added entry: origin %v parent %v edited %v", e["origin"], e["parent"], e["edited"])
	}
	checkEntryKeys(t, e)
	q("add", "--from", filepath.Join(dir, "mine.md")).check(t, 1, "already used")
	q("add").check(t, 2, "--from")

	q("bury", "mlp", "--end", "2025-03", "--fate", "replaced", "--into", "npfit", "--note", "Replaced by the national system.", "--source", "https://example.org/end").check(t, 0)
	e = showJSON(t, db, "mlp")
	if e["end"] != "2025-03" || e["fate"] != "replaced" || len(e["notes"].([]any)) != 1 {
		t.Errorf("buried: %v %v %v", e["end"], e["fate"], e["notes"])
	}
	fateNote := showJSON(t, db, "cfh")["fate_note"]
	q("bury", "cfh", "--end", "2013-04", "--fate", "merged", "--into", "hscic").check(t, 0)
	e = showJSON(t, db, "cfh")
	if e["origin"] != "builtin" || fmt.Sprint(e["edited"]) != "[end fate relations]" || e["fate_note"] != fateNote {
		t.Errorf("buried built-in without --note: origin %v edited %v fate note %q (want the catalogue's %q)", e["origin"], e["edited"], e["fate_note"], fateNote)
	}
	md := q("show", "cfh").stdout
	if !strings.Contains(md, "- **Fate:** merged") || !strings.Contains(md, "*(your edit)*") || !strings.Contains(md, "**Your edits:**") {
		t.Errorf("show does not mark the edit:\n%s", md)
	}
	q("bury", "cfh", "--end", "2013-13", "--fate", "merged").check(t, 2, "--end")
	q("bury", "cfh", "--end", "2013", "--fate", "exploded").check(t, 2, "--fate")
	q("bury", "cfh", "--end", "2013", "--fate", "merged", "--relation", "merged_into").check(t, 2, "--relation goes with --into")
	q("bury", "cfh", "--end", "2013", "--fate", "merged", "--into", "nothing-like-it").check(t, 1, "--into")
	q("bury", "cfh", "--fate", "merged").check(t, 2, "end")

	// An end after today is announced, not done.
	q("bury", "nhs-england", "--end", "2099-04", "--fate", "abolished", "--into", "dhsc").check(t, 0, "still active", "announced for 2099-04")
	e = showJSON(t, db, "nhs-england")
	if e["fate"] != "active" || e["end"] != nil || e["end_announced"] != store.Today() {
		t.Errorf("a future end: fate %v end %v end_announced %v", e["fate"], e["end"], e["end_announced"])
	}
	// reset drops the edits, some fields or all.
	q("reset", "cfh", "fate", "relations").check(t, 0, "reset CfH: fate, relations")
	q("reset", "cfh", "summary").check(t, 1, "not changed summary")
	q("reset", "cfh", "colour").check(t, 2, "not a field")
	q("reset", "cfh").check(t, 0, "reset CfH: end as")
	if e = showJSON(t, db, "cfh"); len(e["edited"].([]any)) != 0 || e["fate"] == "merged" {
		t.Errorf("after reset: edited %v fate %v", e["edited"], e["fate"])
	}
	q("reset", "cfh").check(t, 0, "no edits of yours")
	q("reset", "cfh", "fate").check(t, 0, "no edits of yours") // nothing to reset is what was asked, named field or not
	q("reset", "mlp").check(t, 1, "your own entry")
	q("reset").check(t, 2, "QUERY")

	q("note", "npfit", "Read", "the", "NAO", "report.").check(t, 0)
	export := q("export", "npfit").stdout
	if !strings.Contains(export, "## Notes\n\n- "+seed.HumanDate(store.Today())+" — Read the NAO report.") {
		t.Errorf("export lacks the dated note:\n%s", export)
	}
	q("note", "npfit").check(t, 2, "QUERY and a TEXT")

	q("rm", "npfit").check(t, 0)
	if strings.Contains(q("list").stdout, "\nnpfit\t") {
		t.Error("a hidden entry is listed")
	}
	if !strings.Contains(q("list", "--hidden").stdout, "\nnpfit\t") {
		t.Error("list --hidden leaves the hidden entry out")
	}
	q("show", "npfit").check(t, 1, "NPfIT is hidden", "quango unhide npfit")
	// Every command on one entry says it is hidden, rather than offering other entries.
	for _, args := range [][]string{{"rm", "npfit"}, {"note", "npfit", "x"}, {"cite", "npfit"}, {"lineage", "npfit"}} {
		q(args...).check(t, 1, "NPfIT is hidden", "quango unhide npfit")
	}
	if e := showJSON(t, db, "--hidden", "npfit"); e["hidden"] != true || len(e["notes"].([]any)) != 1 {
		t.Errorf("show --hidden: hidden %v, notes %v", e["hidden"], e["notes"])
	}
	q("rm", "--undo", "npfit").check(t, 0)
	q("show", "npfit").check(t, 0)
	q("rm", "npfit").check(t, 0)
	q("unhide", "npfit").check(t, 0)
	q("unhide", "npfit").check(t, 1, "not hidden")

	q("rm", "mlp").check(t, 0)
	q("show", "mlp").check(t, 1)
	q("rm", "--hidden-nope", "x").check(t, 2)

	backup := filepath.Join(dir, "backup.db")
	q("backup", backup).check(t, 0)
	q("backup", backup).check(t, 1, "--force")
	q("backup", backup, "--force").check(t, 0)
	if e := showJSON(t, backup, "nhs-england"); e["end_announced"] != store.Today() {
		t.Errorf("the backup lacks the announced end: %v", e["end_announced"])
	}
}

// TestImportRoundTrip: what list --json and export --all write, import reads back into a fresh
// database as the same catalogue: user entries, edits, notes and hidden entries included.
func TestImportRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	q := func(db string, args ...string) result { return run(t, nil, append([]string{"--db", db}, args...)...) }
	q(src, "add", "--from", putFile(t, dir, "mine.md", userEntryFile)).check(t, 0)
	q(src, "bury", "cfh", "--end", "2013-04", "--fate", "merged", "--into", "hscic", "--note", "Merged, say.").check(t, 0)
	q(src, "note", "mlp", "A <note> with *Markdown* & [brackets] #1.").check(t, 0)
	q(src, "rm", "care-data").check(t, 0)
	want := q(src, "list", "--json", "--hidden").stdout

	jsonFile := putFile(t, dir, "all.json", want)
	viaJSON := filepath.Join(dir, "json.db")
	r := q(viaJSON, "import", jsonFile)
	r.check(t, 0)
	if got := q(viaJSON, "list", "--json", "--hidden").stdout; got != want {
		t.Errorf("list --json → import differs:\n%s", firstDiff(want, got))
	}
	if !strings.Contains(r.stdout, "my-local-programme\tadd (+1 note)") || !strings.Contains(r.stderr, "1 added, 1 changed") || !strings.Contains(r.stdout, "care-data\tunchanged (hide)") {
		t.Errorf("import report:\n%s%s", r.stdout, r.stderr)
	}
	// Importing again changes nothing.
	r = q(viaJSON, "import", jsonFile)
	r.check(t, 0)
	if !strings.Contains(r.stderr, "0 added, 0 changed") {
		t.Errorf("a second import changed something: %s", r.stderr)
	}

	notes := filepath.Join(dir, "notes")
	q(src, "export", "--all", "--hidden", "--front-matter", "-o", notes).check(t, 0)
	viaMarkdown := filepath.Join(dir, "md.db")
	q(viaMarkdown, "import", notes).check(t, 0)
	if got := q(viaMarkdown, "list", "--json", "--hidden").stdout; got != strings.Replace(want, `"hidden": true,`, "", 1) && !sameButHidden(want, got) {
		t.Errorf("export --all → import differs:\n%s", firstDiff(want, got))
	}
}

// sameButHidden: a Markdown export does not say an entry is hidden, so the imported one shows.
func sameButHidden(want, got string) bool {
	var w, g []map[string]any
	json.Unmarshal([]byte(want), &w)
	json.Unmarshal([]byte(got), &g)
	for _, e := range append(w, g...) {
		delete(e, "hidden")
	}
	a, _ := json.Marshal(w)
	b, _ := json.Marshal(g)
	return bytes.Equal(a, b)
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\nwant %s\ngot  %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(al), len(bl))
}

func TestImportAllOrNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "q.db")
	q := func(args ...string) result { return run(t, nil, append([]string{"--db", db}, args...)...) }
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	putFile(t, in, "good.md", userEntryFile)
	putFile(t, in, "bad.md", strings.NewReplacer("my-local-programme", "bad-one", "2019-04", "2019-13", "MLP", "BAD").Replace(userEntryFile))
	before := q("list", "--json").stdout
	q("import", in).check(t, 1, "nothing was written", "bad.md: start")
	if after := q("list", "--json").stdout; after != before {
		t.Error("a failed import wrote something")
	}
	os.Remove(filepath.Join(in, "bad.md"))
	r := q("import", "--dry-run", in)
	r.check(t, 0)
	if r.stdout != "my-local-programme\tadd\n" || !strings.Contains(r.stderr, "dry run") {
		t.Errorf("dry run printed %q %q", r.stdout, r.stderr)
	}
	q("show", "mlp").check(t, 1)
	q("import", putFile(t, dir, "junk.json", `[{"slug": "x", "colour": "red"}]`)).check(t, 1, "unknown field")
	q("import", putFile(t, dir, "junk.md", "no front matter")).check(t, 1, "front matter")
	q("import", filepath.Join(dir, "missing")).check(t, 1, "missing does not exist")

	// An existing slug is updated as an edit; unchanged fields are not marked.
	edited := strings.Replace(runOK(t, "--db", db, "export", "--front-matter", "cfh"), `fate_note: "`, `fate_note: "Mine: `, 1)
	r = q("import", putFile(t, dir, "cfh.md", edited))
	r.check(t, 0)
	if r.stdout != "nhs-connecting-for-health\tchange fate_note\n" {
		t.Errorf("re-importing an edited export: %q", r.stdout)
	}
}

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	r := run(t, nil, args...)
	r.check(t, 0)
	return r.stdout
}

// TestEditFlow drives quango edit with a fake editor: a shell script that breaks the entry the
// first time and fixes it the second, checking that the problem was put at the top.
func TestEditFlow(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "q.db")
	script := putFile(t, dir, "editor.sh", `#!/bin/sh
n=$(cat "$0.count" 2>/dev/null || echo 0)
n=$((n+1)); echo $n > "$0.count"
cp "$1" "$0.seen$n"
case $n in
1) sed -i 's/^fate: .*/fate: exploded/' "$1" ;;
2) sed -i -e '/^# quango: /d' -e 's/^fate: .*/fate: closed/' -e 's/^fate_note: .*/fate_note: Closed by me./' "$1" ;;
esac
`)
	os.Chmod(script, 0o755)
	env := map[string]string{"EDITOR": script}
	r := run(t, env, "--db", db, "edit", "npfit")
	r.check(t, 0)
	second, _ := os.ReadFile(script + ".seen2")
	if !bytes.HasPrefix(second, []byte("# quango: not saved")) || !bytes.Contains(second, []byte(`fate: "exploded" is not one of`)) {
		t.Errorf("the second round does not show the problem at the top:\n%s", second)
	}
	e := showJSON(t, db, "npfit")
	if e["fate"] != "closed" || e["fate_note"] != "Closed by me." || fmt.Sprint(e["edited"]) != "[fate fate_note]" {
		t.Errorf("after edit: fate %v note %v edited %v", e["fate"], e["fate_note"], e["edited"])
	}

	// An editor that saves nothing new, or empties the file, cancels.
	before := runOK(t, "--db", db, "show", "--json", "cfh")
	run(t, map[string]string{"EDITOR": "true"}, "--db", db, "edit", "cfh").check(t, 1, "cancelled")
	emptier := putFile(t, dir, "empty.sh", "#!/bin/sh\n: > \"$1\"\n")
	os.Chmod(emptier, 0o755)
	run(t, map[string]string{"VISUAL": emptier}, "--db", db, "edit", "cfh").check(t, 1, "emptied")
	// A broken file saved again without a fix cancels too, rather than looping.
	breaker := putFile(t, dir, "break.sh", "#!/bin/sh\ngrep -q '^# quango' \"$1\" || sed -i 's/^start: .*/start: soon/' \"$1\"\n")
	os.Chmod(breaker, 0o755)
	run(t, map[string]string{"EDITOR": breaker}, "--db", db, "edit", "cfh").check(t, 1, "cancelled")
	run(t, map[string]string{"EDITOR": "false"}, "--db", db, "edit", "cfh").check(t, 1, "editor")
	if after := runOK(t, "--db", db, "show", "--json", "cfh"); after != before {
		t.Error("a cancelled edit changed the entry")
	}
}

// TestConcurrentWriters runs writing quango processes side by side on one database: each waits
// its turn, none fails, nothing is lost.
func TestConcurrentWriters(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "q.db")
	runOK(t, "--db", db, "list") // created once; the race on first creation is its own case below
	const procs, notes = 4, 3
	var wg sync.WaitGroup
	for p := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range notes {
				out, err := child(t, "--db", db, "note", "npfit", fmt.Sprintf("p%d n%d", p, n)).CombinedOutput()
				if err != nil {
					t.Errorf("writer %d: %v: %s", p, err, out)
				}
			}
		}()
	}
	wg.Wait()
	if e := showJSON(t, db, "npfit"); len(e["notes"].([]any)) != procs*notes {
		t.Errorf("%d notes, want %d", len(e["notes"].([]any)), procs*notes)
	}

	// Several first runs at once create the database once.
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	var cmds []*exec.Cmd
	stderrs := make([]*bytes.Buffer, 3)
	for i := range stderrs {
		c := child(t, "--db", fresh, "note", "cfh", "first")
		stderrs[i] = new(bytes.Buffer)
		c.Stderr = stderrs[i]
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, c)
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("a first run failed: %v: %s", err, stderrs[i])
		}
	}
	if e := showJSON(t, fresh, "cfh"); len(e["notes"].([]any)) != 3 {
		t.Errorf("three first runs, one note each: got %v", e["notes"])
	}
}

// TestImportKilled kills a quango process in the middle of a large import: the database must be
// exactly as it was.
func TestImportKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "q.db")
	runOK(t, "--db", db, "note", "npfit", "before")
	before := runOK(t, "--db", db, "list", "--json", "--hidden")

	var b strings.Builder
	b.WriteString("[")
	for i := range 4000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"slug":"bulk-%d","acronym":"","name":"Bulk %d","aliases":[],"nation":["england"],"kind":"system","start":"2001","end":null,
			"approximate":false,"fate":"active","fate_note":"Running.","parent":null,"tags":["bulk"],"summary":"%s",
			"history":"","predecessors":[],"successors":[],"sources":[{"title":"t","url":"https://example.org/%d","publisher":"","date":""}],
			"events":[],"origin":"user","edited":[],"notes":[{"date":"2020-01-01","text":"n"}]}`, i, i, strings.Repeat("Words of a long summary. ", 20), i)
	}
	b.WriteString("]")
	big := putFile(t, dir, "big.json", b.String())

	for attempt := 0; ; attempt++ {
		c := child(t, "--db", db, "import", big)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		// The transaction's pages reach the write-ahead log before it commits: kill the
		// process once they do.
		killed := false
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			if info, err := os.Stat(db + "-wal"); err == nil && info.Size() > 4<<20 {
				c.Process.Signal(syscall.SIGKILL)
				killed = true
				break
			}
			time.Sleep(2 * time.Millisecond)
		}
		err := c.Wait()
		if !killed || err == nil {
			if attempt < 2 {
				// The import finished before the kill: undo it and try again.
				t.Logf("attempt %d: the import finished first (%v)", attempt, err)
				os.Remove(db)
				os.Remove(db + "-wal")
				os.Remove(db + "-shm")
				runOK(t, "--db", db, "note", "npfit", "before")
				continue
			}
			t.Fatalf("could not kill the import in its middle: %v", err)
		}
		break
	}
	after := runOK(t, "--db", db, "list", "--json", "--hidden")
	if after != before {
		t.Errorf("a killed import changed the database:\n%s", firstDiff(before, after))
	}
	runOK(t, "--db", db, "note", "npfit", "after") // and it is still writable
}

// TestWritesRefuseForeignFiles: a write command pointed at a file that is not a quango database
// fails with one clear line and leaves every byte of it as it was.
func TestWritesRefuseForeignFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	notes := putFile(t, dir, "notes.txt", "my precious research notes\n")
	truncated := filepath.Join(dir, "half.db")
	runOK(t, "--db", truncated, "note", "npfit", "x")
	whole, _ := os.ReadFile(truncated)
	os.Remove(truncated + "-wal")
	os.Remove(truncated + "-shm")
	os.WriteFile(truncated, whole[:len(whole)/3], 0o644)
	in := putFile(t, dir, "mine.md", userEntryFile)
	for _, path := range []string{notes, truncated} {
		before, _ := os.ReadFile(path)
		for _, args := range [][]string{{"note", "npfit", "x"}, {"import", in}, {"add", "--from", in}, {"backup", filepath.Join(dir, "b.db")}} {
			r := run(t, nil, append([]string{"--db", path}, args...)...)
			r.check(t, 1)
			if path == notes && !strings.Contains(r.stderr, "left untouched: choose another file with --db") {
				t.Errorf("the error does not say what to do: %s", r.stderr)
			}
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Errorf("%s changed", filepath.Base(path))
		}
	}
}
