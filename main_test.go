package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"quango/seed"
)

// result is what one run of the CLI printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// sharedData is the XDG_DATA_HOME of every test that does not choose its own: one database that
// read-only tests share, created by the first of them, never in the real home.
var sharedData string

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		childMain() // this binary re-executed as quango by a test
		return
	}
	dir, err := os.MkdirTemp("", "quango-test-")
	if err != nil {
		panic(err)
	}
	sharedData = filepath.Join(dir, "data")
	// Anything that reads the real environment after all finds a throw-away home.
	os.Setenv("HOME", filepath.Join(dir, "home"))
	os.Setenv("XDG_DATA_HOME", sharedData)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// hermetic is env as a lookup function, with XDG_DATA_HOME pointing at the tests' shared data
// folder unless env sets it: a test never writes to the real home.
func hermetic(env map[string]string) func(string) string {
	return func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		if k == "XDG_DATA_HOME" {
			return sharedData
		}
		return ""
	}
}

// run executes quango through the real command tree, with stdout and stderr captured (so neither
// is a terminal) and an environment holding only env (see hermetic).
func run(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	return runIn(t, env, "", args...)
}

// runIn is run with stdin holding input.
func runIn(t *testing.T, env map[string]string, input string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := executeWith(context.Background(), args, strings.NewReader(input), &out, &errOut, hermetic(env))
	return result{code, out.String(), errOut.String()}
}

// check fails the test unless the run exited with code, printed nothing coloured, and (on
// failure) printed exactly one line on stderr that contains every one of wantErr.
func (r result) check(t *testing.T, code int, wantErr ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, "\x1b") {
		t.Errorf("escape sequences in output to a pipe:\nstdout: %q\nstderr: %q", r.stdout, r.stderr)
	}
	if code != 0 {
		if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "quango: ") {
			t.Errorf("want one error line on stderr, got %q", r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("an error printed data on stdout: %q", r.stdout)
		}
	}
	for _, w := range wantErr {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr %q should contain %q", r.stderr, w)
		}
	}
}

// TestExitCodes walks every exit path of list and show (export's are in cli_export_test.go).
func TestExitCodes(t *testing.T) {
	t.Parallel()
	notSQLite := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notSQLite, []byte("not a database"), 0o644); err != nil {
		t.Fatal(err)
	}
	emptyFile := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(emptyFile, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		args    []string
		code    int
		wantErr []string
	}{
		{"list", []string{"list"}, 0, nil},
		{"root lists", nil, 0, nil},
		{"show by acronym", []string{"show", "npfit"}, 0, nil},
		{"show by name", []string{"show", "Care Data"}, 0, nil},
		{"not found", []string{"show", "npfitt"}, 1, []string{`no entry matches "npfitt"`, "did you mean", "NPfIT"}},
		{"ambiguous", []string{"show", "NHS Improvement"}, 2, []string{"matches 2 entries", "nhs-improvement", "nhs-improvement-2008", "slug"}},
		{"show without query", []string{"show"}, 2, []string{"show needs one QUERY"}},
		{"show two queries", []string{"show", "npfit", "cfh"}, 2, []string{"show needs one QUERY"}},
		{"show blank query", []string{"show", "  "}, 2, []string{"show needs one QUERY"}},
		{"unknown command", []string{"frobnicate"}, 2, []string{"unknown command"}},
		{"an entry for a command", []string{"NHS", "Digital"}, 2, []string{`unknown command "NHS"`, "to read an entry: quango show 'NHS Digital'"}},
		{"a misspelt command", []string{"shwo", "npfit"}, 2, []string{"did you mean show?"}},
		{"help on nothing known", []string{"help", "nosuch"}, 2, []string{`no help for "nosuch"`}},
		{"help on a command", []string{"help", "show"}, 0, nil},
		{"completion for an unknown shell", []string{"completion", "tcsh"}, 2, []string{`unknown command "tcsh"`}},
		{"unknown flag", []string{"list", "--colour"}, 2, []string{"unknown flag: --colour"}},
		{"unknown shorthand", []string{"show", "-x", "npfit"}, 2, []string{"unknown shorthand flag"}},
		{"flag without value", []string{"list", "--kind"}, 2, []string{"flag needs an argument"}},
		{"bad number", []string{"list", "--from", "nineteen"}, 2, []string{`--from "nineteen": want a year`}},
		{"number too large", []string{"list", "--limit", "99999999999999999999"}, 2, []string{`--limit "99999999999999999999": too large; want a whole number`}},
		{"unknown kind", []string{"list", "--kind", "quango"}, 2, []string{`unknown kind "quango"`, "body, programme"}},
		{"unknown fate", []string{"list", "--fate", "exploded"}, 2, []string{`unknown fate "exploded"`}},
		{"unknown sort", []string{"list", "--sort", "age"}, 2, []string{`unknown sort "age"`}},
		{"backwards years", []string{"list", "--from", "2010", "--to", "2000"}, 2, []string{"runs backwards"}},
		{"negative year", []string{"list", "--from", "-5"}, 2, []string{"a year is positive"}},
		{"negative limit", []string{"list", "--limit", "-1"}, 2, []string{"--limit must be 0 or more"}},
		{"alive and dead", []string{"list", "--alive", "--dead"}, 2, []string{"--alive and --dead cannot be used together"}},
		{"json and csv", []string{"list", "--json", "--csv"}, 2, []string{"--csv and --json cannot be used together"}},
		{"list takes no args", []string{"list", "npfit"}, 2, []string{`list takes no arguments, not "npfit"`}},
		{"timeline takes no args", []string{"timeline", "npfit"}, 2, []string{`timeline takes no arguments, not "npfit"`}},
		{"empty db", []string{"--db", "", "list"}, 2, []string{"--db needs a FILE"}},
		{"blank db", []string{"show", "npfit", "--db", " "}, 2, []string{"--db needs a FILE"}},
		{"db is a folder", []string{"--db", t.TempDir(), "list"}, 1, []string{"is a folder, not a database file"}},
		{"db is not sqlite", []string{"--db", notSQLite, "show", "npfit"}, 1, []string{"not an SQLite file"}},
		{"db in a missing folder", []string{"--db", filepath.Join(t.TempDir(), "missing", "q.db"), "list"}, 1, []string{"folder", "does not exist"}},
		{"db is an empty file", []string{"--db", emptyFile, "show", "npfit"}, 0, nil}, // SQLite's empty database: made a catalogue
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			run(t, nil, c.args...).check(t, c.code, c.wantErr...)
		})
	}
}

func TestListOutputs(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "list", "--dead", "--kind", "body", "--csv")
	r.check(t, 0)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatalf("--csv is not CSV: %v", err)
	}
	if strings.Join(rows[0], ",") != "slug,acronym,name,kind,start,end,fate" || len(rows) < 10 {
		t.Fatalf("unexpected CSV: %v", rows[:min(3, len(rows))])
	}
	for _, row := range rows[1:] {
		if row[3] != "body" || row[5] == "" {
			t.Errorf("--dead --kind body let through %v", row)
		}
	}

	r = run(t, nil, "list", "--tag", "npfit")
	r.check(t, 0)
	for line := range strings.Lines(r.stdout) {
		if n := strings.Count(line, "\t"); n != 6 {
			t.Errorf("a line in a pipe should have 7 tab-separated fields, has %d: %q", n+1, line)
		}
	}

	r = run(t, nil, "list", "--alive", "--json")
	r.check(t, 0)
	var entries []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &entries); err != nil {
		t.Fatalf("list --json is not a JSON array: %v", err)
	}
	for _, e := range entries {
		if e["end"] != nil {
			t.Errorf("--alive listed %v, which ended %v", e["slug"], e["end"])
		}
		checkEntryKeys(t, e)
	}
}

// The keys of show --json that the README promises; history, events and cost may be added.
var stableKeys = []string{"slug", "acronym", "name", "aliases", "nation", "kind", "start", "end", "approximate", "fate",
	"fate_note", "parent", "tags", "summary", "predecessors", "successors", "sources"}

func checkEntryKeys(t *testing.T, e map[string]any) {
	t.Helper()
	for _, k := range stableKeys {
		if _, ok := e[k]; !ok {
			t.Errorf("%v: JSON lacks %q", e["slug"], k)
		}
	}
	for k := range e {
		if !slices.Contains(stableKeys, k) && !slices.Contains([]string{"history", "events", "cost", "end_announced", "origin", "edited", "hidden", "notes"}, k) {
			t.Errorf("%v: unexpected JSON key %q", e["slug"], k)
		}
	}
	for _, side := range []string{"predecessors", "successors"} {
		links, ok := e[side].([]any)
		if !ok {
			t.Errorf("%v: %s is %T, want an array (never null)", e["slug"], side, e[side])
		}
		for _, l := range links {
			keys := mapKeys(l.(map[string]any))
			if strings.Join(keys, ",") != "acronym,date,name,note,relation,slug" {
				t.Errorf("%v: a %s link has keys %v", e["slug"], side, keys)
			}
		}
	}
	for _, s := range e["sources"].([]any) {
		for _, k := range mapKeys(s.(map[string]any)) {
			if !slices.Contains([]string{"title", "url", "publisher", "date"}, k) {
				t.Errorf("%v: a source has key %q", e["slug"], k)
			}
		}
	}
}

func mapKeys(m map[string]any) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func TestShowOutputs(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "show", "hscic", "--json")
	r.check(t, 0)
	var e map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &e); err != nil {
		t.Fatalf("show --json is not one JSON object: %v\n%s", err, r.stdout)
	}
	checkEntryKeys(t, e)
	if e["slug"] != "hscic" || len(e["successors"].([]any)) == 0 {
		t.Errorf("show hscic --json: slug %v, successors %v", e["slug"], e["successors"])
	}

	// In a pipe, show prints the same Markdown that export writes.
	show := run(t, nil, "show", "npfit")
	show.check(t, 0)
	export := run(t, nil, "export", "npfit")
	export.check(t, 0)
	if !strings.HasPrefix(show.stdout, "# NPfIT — National Programme for IT in the NHS\n") || show.stdout != export.stdout {
		t.Errorf("show in a pipe should print the note export writes:\n%s", show.stdout)
	}
}

// TestNoColourInPipes: help, version, data and errors carry no escape sequences when stdout is
// not a terminal, whatever the environment says (run checks every output for ESC).
func TestNoColourInPipes(t *testing.T) {
	t.Parallel()
	for _, env := range []map[string]string{nil, {"NO_COLOR": "1"}, {"TERM": "xterm-256color", "COLORTERM": "truecolor", "CLICOLOR_FORCE": "1"}} {
		for _, args := range [][]string{{"list"}, {"show", "npfit"}, {"export", "cfh"}, {"--help"}, {"export", "--help"}, {"--version"}} {
			run(t, env, args...).check(t, 0)
		}
		run(t, env, "show", "nope-nope").check(t, 1)
	}
}

func TestHelpDocumentsExitCodes(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"export", "--help"}} {
		r := run(t, nil, args...)
		r.check(t, 0)
		if !strings.Contains(oneLine(r.stdout), oneLine(exitHelpText)) {
			t.Errorf("%v should document the exit codes:\n%s", args, r.stdout)
		}
	}
	r := run(t, nil, "--help")
	for _, cmd := range []string{"list", "show", "export"} {
		if !strings.Contains(r.stdout, cmd) {
			t.Errorf("--help does not mention %s", cmd)
		}
	}
}

// complete asks cobra's hidden completion command what it would offer after args.
func complete(t *testing.T, args ...string) []string {
	t.Helper()
	r := run(t, nil, append([]string{"__complete"}, args...)...)
	if r.code != 0 {
		t.Fatalf("__complete %v: exit %d: %s", args, r.code, r.stderr)
	}
	var out []string
	for line := range strings.Lines(r.stdout) {
		line = strings.TrimSuffix(line, "\n")
		if !strings.HasPrefix(line, ":") { // the last line is the directive
			out = append(out, line)
		}
	}
	return out
}

func TestCompletion(t *testing.T) {
	t.Parallel()
	has := func(got []string, want string) bool {
		return slices.ContainsFunc(got, func(c string) bool { return strings.HasPrefix(c, want+"\t") || c == want })
	}
	for _, cmd := range []string{"show", "export"} {
		got := complete(t, cmd, "NP")
		if !has(got, "NPfIT") {
			t.Errorf("%s NP<tab> should offer the acronym NPfIT: %q", cmd, got)
		}
		if got := complete(t, cmd, "care"); !has(got, "care-data") {
			t.Errorf("%s care<tab> should offer the slug care-data: %q", cmd, got)
		}
		if got := complete(t, cmd, "npfit", ""); len(got) != 0 {
			t.Errorf("%s takes one QUERY, yet a second was offered: %q", cmd, got)
		}
	}
	if got := complete(t, "export", "--all", ""); len(got) != 0 {
		t.Errorf("export --all takes no QUERY, yet %q were offered", got)
	}
	if got := complete(t, "export", "--kind", ""); !has(got, "body") || !has(got, "system") {
		t.Errorf("export --kind should offer kinds: %q", got)
	}
	if got := complete(t, "list", "--sort", ""); !has(got, "lifespan") {
		t.Errorf("list --sort should offer orders: %q", got)
	}

	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		r := run(t, nil, "completion", shell)
		r.check(t, 0)
		if !strings.Contains(r.stdout, "quango") {
			t.Errorf("completion %s does not mention quango", shell)
		}
	}
}

// TestManPage: quango man is a page groff formats without a warning, with the sections a Unix
// reader looks for and every command and option, each option written as the reader types it.
func TestManPage(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "man")
	r.check(t, 0)
	for _, want := range []string{".TH QUANGO 1", ".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS",
		`.SH "EXIT STATUS"`, ".SH ENVIRONMENT", ".SH FILES", ".SH EXAMPLES", `.SS "quango list"`, `.SS "quango export [QUERY]"`,
		`\fB\-o\fR, \fB\-\-output\fR \fIPATH\fR`, `\fB\-\-front\-matter\fR`, `\fB\-\-db\fR \fIFILE\fR`,
		"Print at most N hits (0: all) (default 20)"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the man page lacks %q", want)
		}
	}
	groff, err := exec.LookPath("groff")
	if err != nil {
		t.Skip("groff is not installed (Debian: groff)")
	}
	cmd := exec.Command(groff, "-ww", "-z", "-man", "-Tutf8")
	cmd.Stdin = strings.NewReader(r.stdout)
	out, err := cmd.CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Errorf("groff -ww warns about the man page (%v):\n%s", err, out)
	}
	cmd = exec.Command(groff, "-man", "-Tutf8", "-P-cbou")
	cmd.Stdin = strings.NewReader(r.stdout)
	page, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	// man-db, as a reader opens the page, with groff's warnings on.
	if man, err := exec.LookPath("man"); err == nil {
		file := filepath.Join(t.TempDir(), "quango.1")
		writeFile(t, file, r.stdout)
		cmd := exec.Command(man, "--warnings", "-l", file)
		cmd.Env = append(os.Environ(), "MANPAGER=cat", "MANWIDTH=80")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if out, err := cmd.Output(); err != nil || stderr.Len() > 0 || !bytes.Contains(out, []byte("EXIT STATUS")) {
			t.Errorf("man --warnings -l: %v\n%s", err, stderr.String())
		}
	}
	// Each option is one paragraph: a wrapped line of the source never starts a paragraph of its own.
	if !regexp.MustCompile(`(?m)^ +-n, --limit N$`).Match(page) || !strings.Contains(string(page), "EXIT STATUS") {
		t.Errorf("the formatted page does not show -n, --limit N on a line of its own:\n%.2000s", page)
	}
}

func TestVersion(t *testing.T) {
	r := run(t, nil, "--version")
	r.check(t, 0)
	want := fmt.Sprintf("(catalogue release %d, %s)", seed.Release(), seed.Version())
	if !strings.HasPrefix(r.stdout, "quango version ") || !strings.Contains(r.stdout, want) {
		t.Errorf("--version printed %q, want the catalogue's release and version %s", r.stdout, want)
	}
}
