package markdown

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"quango/seed"
	"quango/store"
	"quango/store/storetest/fixture"
)

// The statements Gantt emits, and nothing else: the header, and tasks whose text holds none of
// the characters that end it or start a comment, with a tag, an identifier and two dates (or a
// milestone's 0d). These follow the lexer of Mermaid's gantt.jison: taskTxt is [^#:\n;]+, and
// "%%" starts a comment.
var (
	ganttHeader = []string{"gantt", "  title quango timeline", "  dateFormat YYYY-MM-DD", "  axisFormat %Y", "  inclusiveEndDates"}
	ganttDate   = `\d{4}-\d{2}-\d{2}`
	ganttTask   = regexp.MustCompile(`^  ([^#:;\n%]+) :(active|done|crit, done|milestone), (t\d+(?:_end)?), (` + ganttDate + `), (` + ganttDate + `|0d)$`)
)

// checkGantt parses a chart with the grammar above: every line a statement of it, identifiers
// unique, no task text that Mermaid would read as a keyword or a date, end never before start.
func checkGantt(t *testing.T, name, chart string) (tasks []string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(chart, "\n"), "\n")
	if len(lines) < len(ganttHeader) || strings.Join(lines[:len(ganttHeader)], "\n") != strings.Join(ganttHeader, "\n") {
		t.Errorf("%s: the header is not the chart's:\n%s", name, chart)
		return nil
	}
	ids := map[string]bool{}
	for _, line := range lines[len(ganttHeader):] {
		m := ganttTask.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("%s: not a task of the grammar: %q", name, line)
			continue
		}
		text := strings.TrimSpace(m[1])
		lower := strings.ToLower(text)
		for _, k := range ganttKeywords {
			if strings.HasPrefix(lower, k) {
				t.Errorf("%s: task %q begins like the keyword %q", name, text, k)
			}
		}
		if regexp.MustCompile(`^` + ganttDate).MatchString(text) {
			t.Errorf("%s: task %q begins like a date", name, text)
		}
		if ids[m[3]] {
			t.Errorf("%s: identifier %s used twice", name, m[3])
		}
		ids[m[3]] = true
		if m[5] != "0d" && m[5] < m[4] {
			t.Errorf("%s: %q ends before it starts", name, line)
		}
		tasks = append(tasks, text)
	}
	return tasks
}

var ganttNow = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

// TestGanttCatalogue draws the whole real catalogue, in the timeline's order, and parses it:
// one task per entry, in that order, and a milestone per announced abolition.
func TestGanttCatalogue(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, store.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	entries, err := s.List(ctx, store.Filter{Sort: "start"})
	if err != nil {
		t.Fatal(err)
	}
	chart := Gantt(entries, ganttNow)
	tasks := checkGantt(t, "catalogue", chart)
	announced := 0
	for _, e := range entries {
		if e.EndAnnounced != "" {
			announced++
		}
	}
	if len(tasks) != len(entries)+announced {
		t.Errorf("%d tasks for %d entries and %d announced abolitions", len(tasks), len(entries), announced)
	}
	if !strings.Contains(chart, ":crit, done,") || !strings.Contains(chart, ":active,") || !strings.Contains(chart, ":milestone,") {
		t.Errorf("the chart lacks a cancelled, a living or a one-off entry:\n%s", chart)
	}
	at := 0
	for _, e := range entries {
		i := strings.Index(chart[at:], "\n  "+ganttText(e.Label())+" ")
		if i < 0 {
			t.Fatalf("%s is missing or out of the timeline's order", e.Slug)
		}
		at += i + 1
	}
}

// TestGanttHostile feeds names made of Gantt syntax and control characters.
func TestGanttHostile(t *testing.T) {
	end := "2001-06"
	entries := []*store.Entry{
		{Slug: "a", Name: "click a call b(): #x; %% y", Start: "2000", End: &end, Fate: "abolished"},
		{Slug: "b", Acronym: "Section 2", Start: "2001-02-03", Fate: "active", EndAnnounced: "2027"},
		{Slug: "c", Name: "2020-01-01 \x1b]52;c;eA==\x07 \u202e\nnext", Start: "2002", End: &end, Fate: "cancelled"},
		{Slug: "d", Acronym: "title: x", Start: "1999", End: ptr("1999"), Fate: "closed", Approximate: seed.Hedges{"end"}},
		{Slug: "e", Name: " \t", Start: "2003", End: ptr("2004"), Fate: "merged"},
	}
	chart := Gantt(entries, ganttNow)
	tasks := checkGantt(t, "hostile", chart)
	if len(tasks) != 6 {
		t.Errorf("%d tasks, want 6:\n%s", len(tasks), chart)
	}
	for _, bad := range []string{"\x1b", "\u202e", "\x07"} {
		if strings.Contains(chart, bad) {
			t.Errorf("the chart holds %q", bad)
		}
	}
	golden.RequireEqual(t, chart)
}

// TestGanttFixture pins the chart of the made-up catalogue.
func TestGanttFixture(t *testing.T) {
	s := fixture.Open(t)
	entries, err := s.List(context.Background(), store.Filter{Sort: "start"})
	if err != nil {
		t.Fatal(err)
	}
	chart := Gantt(entries, ganttNow)
	checkGantt(t, "fixture", chart)
	golden.RequireEqual(t, chart)
}

func ptr(s string) *string { return &s }
