package chart

import (
	"quango/seed"

	"strings"
	"testing"
	"time"

	"charm.land/lipgloss/v2"

	"quango/store"
)

func TestColumn(t *testing.T) {
	r := YearRange{From: 1990, To: 2030} // 40 years on 40 columns: a year a column
	for _, c := range []struct {
		year float64
		want int
	}{
		{1990, 0}, {1990.99, 0}, {1991, 1}, {2029.99, 39}, {2030, 40}, {1989.5, -1}, {2005.5, 15},
	} {
		if got := r.Column(c.year, 40); got != c.want {
			t.Errorf("Column(%v) = %d, want %d", c.year, got, c.want)
		}
	}
	if got := r.Column(2010, 80); got != 40 {
		t.Errorf("Column(2010) on 80 columns = %d, want 40 (two columns a year)", got)
	}
	if got := (YearRange{From: 2000, To: 2000}).Column(2005, 40); got != 0 {
		t.Errorf("an empty range must not divide by zero; got %d", got)
	}
}

func TestClip(t *testing.T) {
	r := YearRange{From: 1990, To: 2030}
	for _, c := range []struct {
		name                         string
		start, end                   float64
		lo, hi                       int
		offLeft, offRight, isVisible bool
	}{
		{"inside", 2000, 2010, 10, 20, false, false, true},
		{"runs in from the left", 1985, 1995, 0, 5, true, false, true},
		{"runs off the right", 2025, 2040, 35, 39, false, true, true},
		{"both edges", 1980, 2040, 0, 39, true, true, true},
		{"wholly before", 1970, 1980, -20, -10, true, false, false},
		{"wholly after", 2031, 2035, 41, 45, false, true, false},
		{"a single day still shows", 2000.5, 2000.5, 10, 10, false, false, true},
		{"an end before the start is a point", 2000.5, 1999, 10, 10, false, false, true},
	} {
		lo, hi, offLeft, offRight, visible := r.Clip(c.start, c.end, 40)
		if visible != c.isVisible || offLeft != c.offLeft || offRight != c.offRight || (visible && (lo != c.lo || hi != c.hi)) {
			t.Errorf("%s: Clip = %d %d %v %v %v, want %d %d %v %v %v", c.name, lo, hi, offLeft, offRight, visible,
				c.lo, c.hi, c.offLeft, c.offRight, c.isVisible)
		}
	}
}

func TestTickStep(t *testing.T) {
	for _, c := range []struct {
		span float64
		cols int
		want int
	}{
		{40, 40, 10}, {40, 400, 1}, {40, 120, 2}, {37, 60, 5}, {100, 30, 20}, {4, 60, 1},
	} {
		if got := TickStep(YearRange{From: 2000, To: 2000 + c.span}, c.cols); got != c.want {
			t.Errorf("TickStep(%v years on %d columns) = %d, want %d", c.span, c.cols, got, c.want)
		}
	}
}

// TestFitWide: labels are cut and padded by display width, so wide characters count two and
// are never split.
func TestFitWide(t *testing.T) {
	for _, c := range []struct {
		in   string
		w    int
		want string
	}{
		{"NHS", 5, "NHS  "},
		{"NHSX", 4, "NHSX"},
		{"NHS Digital", 6, "NHS D…"},
		{"医療情報", 8, "医療情報"},
		{"医療情報", 7, "医療情…"},
		{"医療情報", 6, "医療… "}, // "医療情…" would be 7 wide: cut one more, pad one space
		{"医療情報", 5, "医療…"},
		{"é-RS ünïcödé", 6, "é-RS …"},
		{"anything", 0, ""},
		{"x", 1, "x"},
		{"xy", 1, "…"},
	} {
		got := Fit(c.in, c.w)
		if Width(got) != max(0, c.w) {
			t.Errorf("Fit(%q, %d) = %q is %d wide", c.in, c.w, got, Width(got))
		}
		if got != c.want {
			t.Errorf("Fit(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
		}
		if strings.ContainsRune(got, '\uFFFD') {
			t.Errorf("Fit(%q, %d) split a character: %q", c.in, c.w, got)
		}
	}
	if got := Truncate("医療情報", 5); Width(got) > 5 || !strings.HasSuffix(got, "…") || !strings.HasPrefix(got, "医療") {
		t.Errorf("Truncate(医療情報, 5) = %q", got)
	}
}

func endPtr(s string) *string { return &s }

// TestBarGlyphs: each kind of bar is drawn with its own glyphs.
func TestBarGlyphs(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	r := YearRange{From: 1990, To: 2030}
	bar := func(e *store.Entry) string {
		g, _ := timelineBar(e, 40, r, now)
		return string(g)
	}
	dead := &store.Entry{Start: "2000", End: endPtr("2010"), StartKey: 2000.5, EndKey: 2010.5}
	if got := bar(dead); strings.Count(got, "█") != 11 || strings.ContainsAny(got, "▶▒‹›") {
		t.Errorf("dead bar %q", got)
	}
	approx := &store.Entry{Start: "2000", End: endPtr("2010"), StartKey: 2000.5, EndKey: 2010.5, Approximate: seed.Hedges{"start", "end"}}
	if got := bar(approx); strings.Count(got, "▒") != 11 || strings.Contains(got, "█") {
		t.Errorf("approximate bar %q", got)
	}
	alive := &store.Entry{Start: "2020", StartKey: 2020.5, EndAnnounced: "2025-03-13"}
	got := []rune(bar(alive))
	if got[36] != '▶' || got[35] != '✕' || got[30] != '█' || got[37] == '█' {
		t.Errorf("living bar %q: want █ from 2020, ✕ in 2025, ▶ at now (2026)", string(got))
	}
	old := &store.Entry{Start: "1980", End: endPtr("1995"), StartKey: 1980.5, EndKey: 1995.5}
	if got := []rune(bar(old)); got[0] != '‹' || got[5] != '█' {
		t.Errorf("bar from before the axis %q", string(got))
	}
	gone := &store.Entry{Start: "1970", End: endPtr("1975"), StartKey: 1970.5, EndKey: 1975.5}
	if got := []rune(bar(gone)); got[0] != '‹' || strings.Contains(string(got), "█") {
		t.Errorf("bar wholly before the axis %q", string(got))
	}
	later := YearRange{From: 1990, To: 2010}
	g, _ := timelineBar(alive, 40, later, now)
	if g[39] != '›' {
		t.Errorf("a living bar after the view ends in ›: %q", string(g))
	}
}

func TestSortByStartAndFateStyles(t *testing.T) {
	a := &store.Entry{Slug: "a", StartKey: 2005}
	b := &store.Entry{Slug: "b", StartKey: 1999}
	c := &store.Entry{Slug: "c", StartKey: 1999}
	in := []*store.Entry{a, c, b}
	out := SortByStart(in)
	if out[0] != b || out[1] != c || out[2] != a || in[0] != a {
		t.Errorf("SortByStart = %v %v %v; input changed: %v", out[0].Slug, out[1].Slug, out[2].Slug, in[0].Slug != "a")
	}
	red := lipgloss.NewStyle().Foreground(lipgloss.Color("#ff0000"))
	s := NewStyles(DefaultPalette(true), true).WithFateStyles(map[string]lipgloss.Style{"merged": red})
	if s.Fate("merged").Render("x") != red.Render("x") || s.Fate("active").Render("x") == red.Render("x") {
		t.Error("WithFateStyles did not override just the fates given")
	}
	if plain := (Styles{}).WithFateStyles(map[string]lipgloss.Style{"merged": red}); plain.Colour() || plain.render(plain.Fate("merged"), "x") != "x" {
		t.Error("plain styles took colour")
	}
}
