package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestTimelineCommand: one row per entry the filters let through, within the width, plain in a
// pipe, in start order unless --sort says otherwise.
func TestTimelineCommand(t *testing.T) {
	t.Parallel()
	list := run(t, nil, "list", "--kind", "body", "--dead")
	list.check(t, 0)
	bodies := strings.Count(list.stdout, "\n")

	r := run(t, nil, "timeline", "--kind", "body", "--dead")
	r.check(t, 0)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if got := len(lines) - 3; got != bodies { // the axis is two lines, the legend one
		t.Errorf("timeline --kind body --dead drew %d rows; list has %d", got, bodies)
	}
	for _, l := range lines {
		if w := len([]rune(l)); w > 80 {
			t.Errorf("a line in a pipe is %d wide, want at most 80: %q", w, l)
		}
	}
	if !strings.Contains(lines[0], "1990") || !strings.Contains(lines[1], "┬") {
		t.Errorf("no year axis:\n%s", strings.Join(lines[:2], "\n"))
	}

	wide := run(t, nil, "timeline", "--width", "140", "--tag", "npfit")
	wide.check(t, 0)
	longest := 0
	for l := range strings.Lines(wide.stdout) {
		longest = max(longest, len([]rune(strings.TrimSuffix(l, "\n"))))
	}
	if longest <= 80 || longest > 140 {
		t.Errorf("--width 140: the widest line is %d", longest)
	}

	// Start order by default: NHSnet (1990s) before the 2020s' ICBs.
	all := run(t, nil, "timeline", "--kind", "body")
	all.check(t, 0)
	if a, b := strings.Index(all.stdout, "\nNHSIA "), strings.Index(all.stdout, "\nICBs "); a < 0 || b < 0 || a > b {
		t.Errorf("not in start order (NHSIA at %d, ICBs at %d)", a, b)
	}

	run(t, nil, "timeline", "--width", "5").check(t, 2, "--width")
	run(t, nil, "timeline", "--fate", "zombie").check(t, 2, "zombie")
	run(t, nil, "timeline", "npfit").check(t, 2)
}

func TestLineageCommand(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "lineage", "hscic")
	r.check(t, 0)
	for _, want := range []string{"HSCIC", "came from", "led to", "NHSIA", "CfH", "NHS England"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("lineage hscic lacks %q:\n%s", want, r.stdout)
		}
	}
	m := run(t, nil, "lineage", "Connecting for Health", "--mermaid")
	m.check(t, 0)
	if !strings.HasPrefix(m.stdout, "flowchart TD\n") || !strings.Contains(m.stdout, `-->|"absorbed by`) {
		t.Errorf("--mermaid:\n%s", m.stdout)
	}

	run(t, nil, "lineage").check(t, 2, "QUERY")
	run(t, nil, "lineage", "a", "b").check(t, 2)
	run(t, nil, "lineage", "npfitt").check(t, 1, "did you mean")
}

func TestStatsCommand(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "stats", "--json")
	r.check(t, 0)
	var st map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatalf("stats --json is not a JSON object: %v", err)
	}
	for _, k := range []string{"entries", "alive", "dead", "median_lifespan_years", "deaths_by_year", "by_kind", "by_fate",
		"births_by_decade", "oldest_survivors", "renaming_chains", "alive_bodies_under_ten_years"} {
		if _, ok := st[k]; !ok {
			t.Errorf("stats --json lacks %q", k)
		}
	}
	var list []any
	l := run(t, nil, "list", "--json")
	l.check(t, 0)
	if err := json.Unmarshal([]byte(l.stdout), &list); err != nil {
		t.Fatal(err)
	}
	if st["entries"] != float64(len(list)) || st["alive"].(float64)+st["dead"].(float64) != float64(len(list)) {
		t.Errorf("entries %v, alive %v, dead %v; list has %d", st["entries"], st["alive"], st["dead"], len(list))
	}

	text := run(t, nil, "stats")
	text.check(t, 0)
	for _, want := range []string{"The graveyard in numbers", "Deaths per year", "Oldest survivors", "Longest renaming chains"} {
		if !strings.Contains(text.stdout, want) {
			t.Errorf("stats lacks %q", want)
		}
	}
	run(t, nil, "stats", "extra").check(t, 2)
}

// TestTimelineSortDefault: the timeline's rows come in start order, and its help and manual page
// say so rather than list's default.
func TestTimelineSortDefault(t *testing.T) {
	t.Parallel()
	help := run(t, nil, "timeline", "--help")
	help.check(t, 0)
	if !strings.Contains(help.stdout, `(default "start")`) {
		t.Errorf("timeline --help does not give start as --sort's default:\n%s", help.stdout)
	}
	rows := func(args ...string) string {
		r := run(t, nil, append([]string{"--db", ":memory:", "timeline", "--limit", "1"}, args...)...)
		r.check(t, 0)
		return strings.Split(r.stdout, "\n")[2]
	}
	if got, want := rows(), rows("--sort", "start"); got != want {
		t.Errorf("default first row %q, --sort start gives %q", got, want)
	}
	if got, byName := rows(), rows("--sort", "name"); got == byName {
		t.Errorf("default first row %q is the first by name", got)
	}
}
