package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"quango/seed"
)

// dumpRows is every derived row, in a stable order, as text.
func dumpRows(t *testing.T, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) string {
	t.Helper()
	var lines []string
	for _, table := range []string{"entries", "aliases", "tags", "nations", "relations", "sources", "events", "entries_fts"} {
		rows, err := q.QueryContext(context.Background(), "SELECT * FROM "+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%s %v", table, vals))
		}
		rows.Close()
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// TestWritesDeriveOnlyWhatTheyTouch makes every kind of write, including ones that make an entry
// another links to vanish and come back, and checks after each that the rows it wrote for the
// entries it touched are the rows a derivation of the whole catalogue gives.
func TestWritesDeriveOnlyWhatTheyTouch(t *testing.T) {
	ctx := context.Background()
	s := openFixture(t, Memory)
	parent := userEntry("my-parent")
	child := userEntry("my-child")
	child.Parent = "my-parent"
	child.Relations = []seed.Relation{{Type: "succeeded_by", To: "my-parent"}}
	edited := userEntry("my-parent")
	edited.Name = "User my-parent, renamed"
	edited.Aliases = []string{"MPR"}
	edited.Summary = "A programme the user recorded, with a zanzibarish word."
	steps := []struct {
		name  string
		write func() error
	}{
		{"add", func() error { return s.Add(ctx, parent, "a note") }},
		{"add a child", func() error { return s.Add(ctx, child, "") }},
		{"update", func() error { _, err := s.Update(ctx, edited); return err }},
		{"bury", func() error {
			return s.Bury(ctx, "beta-centre", Burial{End: "2021-04", Fate: "replaced", Into: "my-parent"})
		}},
		{"note", func() error { return s.AddNote(ctx, "my-child", "noted") }},
		{"reset a field", func() error { _, err := s.Reset(ctx, "beta-centre", []string{"relations"}); return err }},
		{"hide a built-in", func() error { _, err := s.Remove(ctx, "gamma-board"); return err }},
		{"unhide", func() error { return s.Unhide(ctx, "gamma-board") }},
		{"remove the parent", func() error { _, err := s.Remove(ctx, "my-parent"); return err }},
		{"import it back", func() error {
			_, err := s.Import(ctx, []Item{{Entry: edited}, {Entry: userEntry("my-third")}}, false)
			return err
		}},
	}
	for _, step := range steps {
		if err := step.write(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		// The full-text index, which holds no text of its own, agrees with the rows.
		if _, err := s.db.ExecContext(ctx, "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)"); err != nil {
			t.Errorf("%s: the text index: %v", step.name, err)
		}
		got := dumpRows(t, s.db)
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.derive(ctx, tx); err != nil {
			t.Fatal(err)
		}
		want := dumpRows(t, tx)
		tx.Rollback()
		if got != want {
			t.Errorf("%s: the rows differ from a whole derivation:\n%s", step.name, lineDiff(got, want))
		}
	}
	// The edited text is found, and the child's lineage came back with its parent.
	if got := hitSlugs(search(t, s, "zanzibarish", 0).Hits); !slices.Equal(got, []string{"my-parent"}) {
		t.Errorf("zanzibarish: %v", got)
	}
	if e := mustGet(t, s, "my-child"); e.Parent == nil || *e.Parent != "my-parent" {
		t.Errorf("my-child's parent: %v", e.Parent)
	}
}

// lineDiff lists the lines only one of a and b has.
func lineDiff(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	ia, ib := in(a), in(b)
	var out strings.Builder
	for l := range ia {
		if !ib[l] {
			fmt.Fprintf(&out, "- %s\n", l)
		}
	}
	for l := range ib {
		if !ia[l] {
			fmt.Fprintf(&out, "+ %s\n", l)
		}
	}
	return out.String()
}
