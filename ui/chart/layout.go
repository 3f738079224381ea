package chart

import (
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// YearRange is a span of fractional years [From, To) drawn across a number of columns.
type YearRange struct {
	From, To float64
}

// Span is the length of the range in years.
func (r YearRange) Span() float64 { return r.To - r.From }

// Column is the column (0-based, possibly outside 0..cols-1) of the cell that holds year y when
// the range is drawn across cols columns: each cell covers Span()/cols years.
func (r YearRange) Column(y float64, cols int) int {
	if cols <= 0 || r.Span() <= 0 {
		return 0
	}
	return int(math.Floor((y - r.From) / r.Span() * float64(cols)))
}

// Clip places the years start..end on cols columns: the first and last cells the bar covers,
// and whether it runs off either edge. visible is false when no part of it is on screen. A bar
// always covers at least one cell, so an entry that lived a day still shows.
func (r YearRange) Clip(start, end float64, cols int) (lo, hi int, offLeft, offRight, visible bool) {
	if end < start {
		end = start
	}
	lo, hi = r.Column(start, cols), r.Column(end, cols)
	if hi < 0 || lo >= cols || cols <= 0 {
		return lo, hi, hi < 0, lo >= cols, false
	}
	if lo < 0 {
		lo, offLeft = 0, true
	}
	if hi >= cols {
		hi, offRight = cols-1, true
	}
	return lo, hi, offLeft, offRight, true
}

// TickStep is the smallest round number of years between axis labels that leaves room for a
// four-digit year and a gap at this scale.
func TickStep(r YearRange, cols int) int {
	if cols <= 0 || r.Span() <= 0 {
		return 0
	}
	perYear := float64(cols) / r.Span()
	for _, step := range []int{1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000} {
		if float64(step)*perYear >= 6 {
			return step
		}
	}
	return 0
}

// Fit truncates s to at most w display columns (wide characters count two; a cut ends in
// "…") and pads it with spaces to exactly w.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = Truncate(s, w)
	if pad := w - ansi.StringWidth(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// Truncate cuts s to at most w display columns, ending in "…" when it cuts. It never splits a
// wide character, so the result may be one column short of w.
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// Width is the display width of s, escape sequences excluded.
func Width(s string) int { return ansi.StringWidth(s) }

// clampLines cuts every line of text to w columns, a last guard that no renderer overflows.
func clampLines(lines []string, w int) []string {
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	return lines
}

func clamp(v, lo, hi int) int {
	if hi < lo {
		hi = lo
	}
	return max(lo, min(v, hi))
}
