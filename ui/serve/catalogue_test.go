package serve

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"quango/store"
	"quango/store/storetest/fixture"
)

// TestCatalogueWrites: a reader's session cannot write through its catalogue even if the
// explorer asked; a writer's note and burial record the writer's name; each session's Refresh
// sees another's write once.
func TestCatalogueWrites(t *testing.T) {
	ctx := context.Background()
	st := fixture.Open(t)
	srv := &Server{store: st, sessions: map[*session]struct{}{}}
	reader := newCatalogue(ctx, srv, &session{name: "SHA256:reader"})
	writer := newCatalogue(ctx, srv, &session{name: "ann@newsroom", writer: true})
	slug := "beta-centre"
	before, err := st.Get(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	if err := reader.AddNote(ctx, slug, "sneaky"); !errors.Is(err, errReadOnly) {
		t.Fatalf("a reader's note: %v", err)
	}
	if err := reader.Bury(ctx, slug, store.Burial{End: "2024-03-01", Fate: "closed", Note: "sneaky"}); !errors.Is(err, errReadOnly) {
		t.Fatalf("a reader's burial: %v", err)
	}
	if e, _ := st.Get(ctx, slug); len(e.Notes) != 0 || e.FateNote != before.FateNote {
		t.Fatalf("a reader's write reached the store: %+v, %q", e.Notes, e.FateNote)
	}
	if err := writer.AddNote(ctx, slug, "checked the archive"); err != nil {
		t.Fatal(err)
	}
	if changed, _ := writer.Refresh(ctx); changed {
		t.Error("the writer's own note came back to it as news")
	}
	if changed, _ := reader.Refresh(ctx); !changed {
		t.Error("the reader's session did not see the writer's note")
	}
	if changed, _ := reader.Refresh(ctx); changed {
		t.Error("the same write was news twice")
	}
	e, err := st.Get(ctx, slug)
	if err != nil || len(e.Notes) != 1 || e.Notes[0].Author != "ann@newsroom" {
		t.Fatalf("the note: %+v, %v", e.Notes, err)
	}
}

// TestNoEscapeReachesTheClient: an entry whose every field tries to drive the terminal reaches an
// SSH client, through the explorer and through the command line, with none of its sequences.
func TestNoEscapeReachesTheClient(t *testing.T) {
	st, err := store.Open(context.Background(), fixture.HostileDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	show := func(ctx context.Context, args []string, stdout, stderr io.Writer) int {
		e, err := st.Get(ctx, fixture.HostileSlug)
		if err != nil {
			return 1
		}
		io.WriteString(stdout, e.Name+"\n"+e.Summary+"\n")
		return 0
	}
	ts := startServer(t, st, Config{CLI: show})
	key, _ := newKey(t, "")
	c := mustDial(t, ts.addr, key)
	out, _, code := command(t, c, "show evil")
	if code != 0 || strings.ContainsAny(out, "\x1b\x07\x00\u009b\u202e") || !strings.Contains(out, `\x1b]52`) {
		t.Fatalf("the command line sent %q", out)
	}

	term := openTerminal(t, c, 100, 30)
	waitFor(t, 20*time.Second, "the explorer", func() bool { return strings.Contains(ansi.Strip(term.out.String()), "entries") })
	term.typeText(t, "evil")
	waitFor(t, 20*time.Second, "the hostile entry in the list", func() bool { return strings.Contains(term.out.String(), `EV\x1b`) })
	time.Sleep(200 * time.Millisecond) // the search settles: the hostile entry is the top hit
	term.typeText(t, "\r")
	waitFor(t, 20*time.Second, "the hostile entry", func() bool { return strings.Contains(term.out.String(), `\x1b]52`) })
	term.typeText(t, "\x1b")
	time.Sleep(200 * time.Millisecond)
	term.typeText(t, "\x03")
	term.exit(t, 20*time.Second)
	got := term.out.String()
	for _, bad := range []string{"\x1b]52;c;cm0gLXJmIH4=", "\x1b]8;;https://evil.example", "\x1b]0;pwned", "\x1b]2;pwned", "\x1bP1$r", "\u009b", "\u202e", "\x00", "\x1b[5m"} {
		if strings.Contains(got, bad) {
			t.Errorf("the explorer sent %q to the client", bad)
		}
	}
}
