package svg

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"quango/seed"
	"quango/store"
	"quango/store/storetest/fixture"
)

var fixedNow = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

// hostile is catalogue text built to break a picture: markup, an end of CDATA, entity and
// attribute syntax, a terminal escape that sets the clipboard, C1 and bidi controls, NUL,
// invalid UTF-8, a newline and a tab.
const hostile = "<script>alert(1)</script> ]]> &amp; \"q' x=\"y\" \x1b]52;c;cHduZWQ=\x07 \u009b31m \u202eevil\x00\xff\nline\tTab"

func opts(theme string, width int) Options {
	return Options{Width: width, Theme: theme, Title: "Fixture", Caption: Caption(7, "abc123", fixedNow), Now: fixedNow}
}

// pictures are the fixture's three pictures in both themes, and each picture of hostile data.
func pictures(t *testing.T) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	s := fixture.Open(t)
	entries, err := s.List(ctx, store.Filter{Sort: "start"})
	if err != nil {
		t.Fatal(err)
	}
	lin, err := s.Lineage(ctx, "beta-centre")
	if err != nil {
		t.Fatal(err)
	}
	st := store.ComputeStats(entries, fixedNow)
	out := map[string][]byte{}
	draw := func(name string, f func(io.Writer) error) {
		var b bytes.Buffer
		if err := f(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = b.Bytes()
	}
	for _, theme := range Themes {
		o := opts(theme, 800)
		draw("timeline-"+theme, func(w io.Writer) error { return Timeline(w, entries, o) })
		draw("lineage-"+theme, func(w io.Writer) error { return Lineage(w, lin, o) })
		draw("stats-"+theme, func(w io.Writer) error { return Stats(w, st, o) })
	}
	he, hl := hostileData()
	ho := opts("dark", 600)
	ho.Title, ho.Caption = hostile, hostile
	draw("hostile-timeline", func(w io.Writer) error { return Timeline(w, he, ho) })
	draw("hostile-lineage", func(w io.Writer) error { return Lineage(w, hl, ho) })
	draw("hostile-stats", func(w io.Writer) error { return Stats(w, store.ComputeStats(he, fixedNow), ho) })
	return out
}

// hostileData is an entry and a lineage whose every string is hostile, with an unknown fate.
func hostileData() ([]*store.Entry, *store.Lineage) {
	end := "2010-05"
	e := &store.Entry{Slug: "h", Acronym: hostile, Name: hostile, Kind: "body", Start: "2001", End: &end,
		Approximate: seed.Hedges{"start", "end"}, Fate: hostile, EndAnnounced: "2009", StartKey: 2001.5, EndKey: 2010.4}
	alive := &store.Entry{Slug: "h2", Name: hostile, Kind: "body", Start: "2010-05-01", Fate: "active", StartKey: 2010.33}
	l := &store.Lineage{Root: "h", Nodes: []store.LineageNode{
		{Slug: "h", Acronym: hostile, Name: hostile, Start: "2001", End: &end, Fate: hostile},
		{Slug: "h2", Name: hostile, Start: "2010-05-01", Fate: "active", EndAnnounced: hostile},
	}, Edges: []store.LineageEdge{{From: "h", To: "h2", Relation: hostile, Date: hostile}}}
	return []*store.Entry{e, alive}, l
}

// TestGolden pins the SVG text of the fixture's pictures (refresh with -update and review).
func TestGolden(t *testing.T) {
	for name, svg := range pictures(t) {
		if strings.HasPrefix(name, "hostile") {
			continue
		}
		t.Run(name, func(t *testing.T) { golden.RequireEqual(t, svg) })
	}
}

// TestWellFormed parses every picture as XML: one svg root in the SVG namespace, a title, the
// caption as text; no control character but newline anywhere in the file, and nothing of the
// hostile text acting as markup.
func TestWellFormed(t *testing.T) {
	for name, data := range pictures(t) {
		t.Run(name, func(t *testing.T) {
			for i, c := range data {
				if c < 0x20 && c != '\n' || c == 0x7f {
					t.Fatalf("control byte %#x at %d", c, i)
				}
			}
			for _, bad := range []string{"\u202e", "\u009b", "\ufffd"} {
				if bytes.Contains(data, []byte(bad)) {
					t.Errorf("the file holds %q", bad)
				}
			}
			elements, texts := parse(t, data)
			if elements[0] != "svg" {
				t.Errorf("root element %q", elements[0])
			}
			for _, el := range elements {
				if el == "script" || el == "foreignObject" {
					t.Errorf("element %q in the picture", el)
				}
			}
			all := strings.Join(texts, "\n")
			if !strings.Contains(all, "abc123") && !strings.HasPrefix(name, "hostile") {
				t.Errorf("no caption naming the catalogue version")
			}
			if strings.HasPrefix(name, "hostile") {
				// The hostile text is there, as visible text: its escapes spelled out.
				for _, want := range []string{"<script>alert(1)</script>", `\x1b]52`, `\u202e`, `\x00`, `\xff`, "line Tab"} {
					if !strings.Contains(all, want) {
						t.Errorf("hostile text does not show %q as text", want)
					}
				}
			}
		})
	}
}

// parse reads an SVG strictly and returns its element names in document order and its text.
func parse(t *testing.T, data []byte) (elements, texts []string) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if len(elements) == 0 && tok.Name.Space != "http://www.w3.org/2000/svg" {
				t.Errorf("root namespace %q", tok.Name.Space)
			}
			elements = append(elements, tok.Name.Local)
		case xml.CharData:
			if s := strings.TrimSpace(string(tok)); s != "" {
				texts = append(texts, s)
			}
		}
	}
	if len(elements) == 0 {
		t.Fatal("no elements")
	}
	return elements, texts
}

// TestRender draws every picture with librsvg's rsvg-convert, a real renderer: it must print
// no warning and make a PNG as wide as asked.
func TestRender(t *testing.T) {
	if _, err := exec.LookPath("rsvg-convert"); err != nil {
		t.Skip("rsvg-convert is not installed (Debian: librsvg2-bin)")
	}
	for name, data := range pictures(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command("rsvg-convert", "--format", "png")
			cmd.Stdin = bytes.NewReader(data)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("rsvg-convert: %v: %s", err, stderr.String())
			}
			if stderr.Len() > 0 {
				t.Errorf("rsvg-convert warned: %s", stderr.String())
			}
			png := stdout.Bytes()
			if len(png) < 24 || string(png[1:4]) != "PNG" {
				t.Fatalf("not a PNG (%d bytes)", len(png))
			}
			want := 800
			if strings.HasPrefix(name, "hostile") {
				want = 600
			}
			if w := binary.BigEndian.Uint32(png[16:20]); int(w) != want {
				t.Errorf("PNG is %d pixels wide, want %d", w, want)
			}
		})
	}
}

func TestOptionsCheck(t *testing.T) {
	for _, o := range []Options{{}, {Width: MinWidth, Theme: "dark"}, {Width: MaxWidth, Theme: "light"}} {
		if err := o.Check(); err != nil {
			t.Errorf("%+v: %v", o, err)
		}
	}
	for _, o := range []Options{{Width: MinWidth - 1}, {Width: MaxWidth + 1}, {Width: -5}, {Theme: "sepia"}, {Theme: "\x1b[2J"}} {
		err := o.Check()
		if err == nil {
			t.Errorf("%+v accepted", o)
			continue
		}
		if strings.ContainsRune(err.Error(), 0x1b) {
			t.Errorf("the error holds a raw escape: %q", err)
		}
	}
}

// TestTimelineOrder: the rows come in the order given, one per entry, and the legend names
// every mark.
func TestTimelineOrder(t *testing.T) {
	s := fixture.Open(t)
	entries, err := s.List(context.Background(), store.Filter{Sort: "start", Reverse: true})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Timeline(&b, entries, opts("light", 800)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	last := -1
	for _, e := range entries {
		i := strings.Index(out, ">"+e.Label()+"</text>")
		if i < 0 || i < last {
			t.Fatalf("%s is not drawn after the row before it", e.Label())
		}
		last = i
	}
	if got := strings.Count(out, `<g class="entry"`); got != len(entries) {
		t.Errorf("%d rows for %d entries", got, len(entries))
	}
	for _, want := range []string{"approximate dates", "still alive", "abolition announced", "cancelled", "one-off"} {
		if !strings.Contains(out, ">"+want+"</text>") {
			t.Errorf("the legend lacks %q", want)
		}
	}
}
