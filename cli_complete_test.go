package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestCompletionIgnoresCase: what cobra offers starts with exactly what was typed, whatever its
// case (bash and zsh drop anything else), and value flags and hidden entries complete.
func TestCompletionIgnoresCase(t *testing.T) {
	t.Parallel()
	offers := func(got []string, want string) bool {
		return slices.ContainsFunc(got, func(c string) bool { return strings.SplitN(c, "\t", 2)[0] == want })
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"show", "np"}, "npfit"},
		{[]string{"show", "Np"}, "NpfIT"},
		{[]string{"show", "NP"}, "NPfIT"},
		{[]string{"list", "--kind", "Bo"}, "Body"},
		{[]string{"list", "--fate", "merged,ab"}, "merged,abolished"},
		{[]string{"list", "--tag", "npf"}, "npfit"},
		{[]string{"export", "--tag", "NPF"}, "NPFit"},
		{[]string{"export", "--flavour", ""}, "hugo"},
		{[]string{"bury", "nhs-england", "--into", "dh"}, "dhsc"},
		{[]string{"bury", "nhs-england", "--relation", "Abs"}, "Absorbed_by"},
	} {
		if got := complete(t, c.args...); !offers(got, c.want) {
			t.Errorf("%v<Tab> should offer %q: %q", c.args, c.want, got)
		}
	}
	// Only hidden entries can be unhidden.
	db := filepath.Join(t.TempDir(), "q.db")
	run(t, nil, "--db", db, "rm", "npfit").check(t, 0)
	hidden := func(args ...string) []string { return complete(t, append([]string{"--db", db}, args...)...) }
	if got := hidden("unhide", "n"); len(got) != 1 || !offers(got, "npfit") {
		t.Errorf("unhide n<Tab> should offer the hidden npfit alone: %q", got)
	}
	if got := hidden("rm", "--undo", "NP"); len(got) != 1 || !offers(got, "NPfIT") {
		t.Errorf("rm --undo NP<Tab> should offer the hidden NPfIT alone: %q", got)
	}
	if got := hidden("show", "npf"); offers(got, "npfit") {
		t.Errorf("show npf<Tab> offers the hidden npfit: %q", got)
	}
	if got := hidden("show", "--hidden", "npf"); !offers(got, "npfit") {
		t.Errorf("show --hidden npf<Tab> should offer the hidden npfit: %q", got)
	}
}

// TestBashCompletesForReal loads quango's bash completion into bash with Debian's
// bash-completion, as a shell does, and presses Tab in a few places.
func TestBashCompletesForReal(t *testing.T) {
	t.Parallel()
	const bashCompletion = "/usr/share/bash-completion/bash_completion"
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	if _, err := os.Stat(bashCompletion); err != nil {
		t.Skip("bash-completion is not installed (Debian: bash-completion)")
	}
	// The shell runs "quango": this test binary, which runs quango when childEnv is "-".
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	if err := os.Symlink(self, filepath.Join(bin, "quango")); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(t.TempDir(), "quango.bash")
	writeFile(t, script, run(t, nil, "completion", "bash").stdout)
	tab := func(line string) []string {
		t.Helper()
		words := strings.Fields(line)
		cword := len(words) - 1
		if strings.HasSuffix(line, " ") {
			cword = len(words)
		}
		cmd := exec.Command(bash, "--norc", "--noprofile", "-c", `
source "$1"; source "$2"
COMP_LINE=$3; COMP_POINT=${#COMP_LINE}; COMP_WORDS=($3); COMP_CWORD=$4
[[ $3 == *" " ]] && COMP_WORDS+=("")
__start_quango quango "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"`, "bash", bashCompletion, script, line, strconv.Itoa(cword))
		cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), childEnv+"=-")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("bash: %v\n%s", err, out)
		}
		return strings.Fields(string(out))
	}
	for _, c := range []struct {
		line string
		want string
	}{
		{"quango show np", "npfit"},
		{"quango show NPf", "NPfIT"},
		{"quango show npf", "npfit"},
		{"quango list --kind bo", "body"},
		{"quango list --kind Bo", "Body"},
		{"quango list --tag npf", "npfit"},
		{"quango sh", "show"},
	} {
		got := tab(c.line)
		if !slices.Contains(got, c.want) {
			t.Errorf("%q<Tab> gave %q, want %q among them", c.line, got, c.want)
		}
	}
}

// TestHelpNamesValues: --help shows each value's placeholder and default, the conventional short
// flags, and no line ends in spaces (fang padded every line, which a pipe kept).
func TestHelpNamesValues(t *testing.T) {
	t.Parallel()
	for args, wants := range map[string][]string{
		"search --help": {"-n, --limit N", "(default 20)", "--db FILE"},
		"list --help":   {"--tag TAG", "--from YEAR", "--kind KINDS", `--sort ORDER`, `(default "name")`, "-n, --limit N"},
		"export --help": {"-o, --output PATH", "-f, --force", "--flavour FLAVOUR", `(default "markdown")`},
		"bury --help":   {"--end DATE", "--into QUERY", "--fate FATE"},
		"--help":        {"Exit codes:", "Available Commands:"},
	} {
		r := run(t, nil, strings.Fields(args)...)
		r.check(t, 0)
		for _, want := range wants {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("quango %s lacks %q:\n%s", args, want, r.stdout)
			}
		}
		for line := range strings.Lines(r.stdout) {
			if trimmed := strings.TrimRight(line, "\n"); trimmed != strings.TrimRight(trimmed, " \t") {
				t.Errorf("quango %s: a line ends in spaces: %q", args, line)
			}
		}
	}
}

// TestShowAndSearchFoldAccentsAlike: show, search and completion match through one folding, so
// a name typed without its accents is found by each.
func TestShowAndSearchFoldAccentsAlike(t *testing.T) {
	t.Parallel()
	db := map[string]string{"QUANGO_DB": filepath.Join(t.TempDir(), "q.db")}
	entry := strings.NewReplacer("slug: my-local-programme", "slug: ans", "acronym: MLP", "acronym: ANS",
		"name: My Local Programme", "name: Agence du Numérique en Santé").Replace(userEntryFile)
	runIn(t, db, entry, "add", "--from", "-").check(t, 0)
	for _, q := range []string{"agence du numerique en sante", "Agence du Numérique en Santé", "AGENCE DU NUMERIQUE EN SANTE"} {
		show := run(t, db, "show", q, "--json")
		show.check(t, 0)
		if !strings.Contains(show.stdout, `"slug": "ans"`) {
			t.Errorf("show %q found another entry:\n%.200s", q, show.stdout)
		}
		search := run(t, db, "search", q)
		search.check(t, 0)
		if !strings.HasPrefix(search.stdout, "ans\t") {
			t.Errorf("search %q: %q", q, search.stdout)
		}
	}
}

// TestVersionComesFromTheBuild: a version set at build time wins; otherwise the module version go
// install stamps, and "dev" for a build from a checkout (as this test binary is).
func TestVersionComesFromTheBuild(t *testing.T) {
	if got := buildVersion(); got != "dev" {
		t.Errorf("a checkout's build reports %q, want dev", got)
	}
	old := version
	version = "v1.2.3"
	defer func() { version = old }()
	if got := buildVersion(); got != "v1.2.3" {
		t.Errorf("with -X main.version=v1.2.3: %q", got)
	}
}
