package svg

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"

	"quango/store"
)

// The numbers' panels, in pixels.
const (
	panelH     = 200 // the plot area of one panel
	panelTitle = 34  // a panel's heading and its note
	axisLabels = 30  // the year labels under a panel
)

// Stats draws the graveyard in numbers as two panels: births and deaths per year (births rising
// above the line, deaths hanging below it) and how long the dead lived, by years.
func Stats(w io.Writer, st *store.Stats, o Options) error {
	o = o.withDefaults()
	items := []legendItem{
		{text: "born (started)", draw: func(c *canvas, x, y int) { c.Rect(x, y+1, 14, barH, "fill="+quote(c.look.groups["alive"])) }},
		{text: "died (ended)", draw: func(c *canvas, x, y int) { c.Rect(x, y+1, 14, barH, "fill="+quote(c.look.groups["ended"])) }},
	}
	pos, legendH := legendLayout(items, margin, o.Width-2*margin)
	top := headerH(o)
	second := top + panelTitle + panelH + axisLabels + 16
	legendTop := second + panelTitle + panelH + axisLabels + 12
	c := begin(w, o, o.Width, legendTop+legendH+footerH)

	panelHeading(c, top, "Born and died, per year",
		fmt.Sprintf("%d entries: %d started, %d ended", st.Entries, sum(st.BirthsByYear), sum(st.DeathsByYear)))
	birthsAndDeaths(c, st, top+panelTitle)

	note := fmt.Sprintf("%d dead; median %s, mean %s", st.Dead, yearsText(st.MedianLifespanYears), yearsText(st.MeanLifespanYears))
	if st.OneOffs > 0 {
		note += fmt.Sprintf("; %d one-off publications left out of the bars", st.OneOffs)
	}
	panelHeading(c, second, "How long the dead lived", note)
	lifespans(c, st, second+panelTitle)

	c.legend(items, pos, legendTop)
	c.finish(legendTop + legendH)
	return nil
}

func panelHeading(c *canvas, y int, title, note string) {
	c.Text(margin, y+14, title, `font-weight="bold"`, "fill="+quote(c.look.text))
	c.Text(margin, y+28, clean(note), c.small()...)
}

// birthsAndDeaths draws the per-year panel with its top at y: a column up for each year's
// births and down for its deaths, over every year from the first birth to now.
func birthsAndDeaths(c *canvas, st *store.Stats, y int) {
	years := slices.Sorted(maps.Keys(st.BirthsByYear))
	years = append(years, slices.Sorted(maps.Keys(st.DeathsByYear))...)
	first, last := c.o.Now.Year()-5, c.o.Now.Year()
	for _, yr := range years {
		first, last = min(first, yr), max(last, yr)
	}
	peak := 1
	for yr := first; yr <= last; yr++ {
		peak = max(peak, st.BirthsByYear[yr], st.DeathsByYear[yr])
	}
	x0, x1 := margin+28, c.o.Width-margin
	n := last - first + 1
	colW := float64(x1-x0) / float64(n)
	mid := y + panelH/2
	scale := func(v int) int { return v * (panelH/2 - 4) / peak }
	gridCounts(c, x0, x1, mid, panelH/2-4, peak, true)
	for yr := first; yr <= last; yr++ {
		x := x0 + int(float64(yr-first)*colW)
		w := max(1, int(colW)-1)
		if b := st.BirthsByYear[yr]; b > 0 {
			h := scale(b)
			c.Rect(x, mid-h, w, h, "fill="+quote(c.look.groups["alive"]))
		}
		if d := st.DeathsByYear[yr]; d > 0 {
			c.Rect(x, mid, w, scale(d), "fill="+quote(c.look.groups["ended"]))
		}
	}
	c.Line(x0, mid, x1, mid, "stroke="+quote(c.look.muted), `stroke-width="1"`)
	yearLabels(c, first, last, x0, colW, y+panelH+14, func(yr int) string { return strconv.Itoa(yr) })
}

// lifespans draws the lifespan panel with its top at y: a column for each whole number of
// years, from 0 to the longest.
func lifespans(c *canvas, st *store.Stats, y int) {
	last := 10
	peak := 1
	for years, n := range st.DeadByLifespan {
		last, peak = max(last, years), max(peak, n)
	}
	x0, x1 := margin+28, c.o.Width-margin
	colW := float64(x1-x0) / float64(last+1)
	base := y + panelH
	gridCounts(c, x0, x1, base, panelH-4, peak, false)
	for years := 0; years <= last; years++ {
		if n := st.DeadByLifespan[years]; n > 0 {
			h := n * (panelH - 4) / peak
			c.Rect(x0+int(float64(years)*colW), base-h, max(1, int(colW)-1), h, "fill="+quote(c.look.groups["ended"]))
		}
	}
	c.Line(x0, base, x1, base, "stroke="+quote(c.look.muted), `stroke-width="1"`)
	yearLabels(c, 0, last, x0, colW, base+14, func(n int) string { return strconv.Itoa(n) })
	c.Text(x1, base+28, "years lived", c.small(`text-anchor="end"`)...)
}

// gridCounts draws light lines at round counts, up to peak, over height pixels above the line
// at y, and below it too when mirrored, labelled at the left.
func gridCounts(c *canvas, x0, x1, y, height, peak int, mirrored bool) {
	step := 1
	for _, s := range []int{1, 2, 5, 10, 20, 50, 100, 200, 500} {
		step = s
		if peak/s <= 4 {
			break
		}
	}
	for v := step; v <= peak; v += step {
		dy := v * height / peak
		for _, gy := range []int{y - dy, y + dy} {
			if gy > y && !mirrored {
				continue
			}
			c.Line(x0, gy, x1, gy, "stroke="+quote(c.look.grid), `stroke-width="1"`)
			c.Text(x0-6, gy+4, strconv.Itoa(v), c.small(`text-anchor="end"`)...)
		}
	}
}

// yearLabels labels columns first..last, each colW wide from x0, leaving room between labels.
func yearLabels(c *canvas, first, last, x0 int, colW float64, y int, text func(int) string) {
	every := 1
	for _, s := range []int{1, 2, 5, 10, 20, 50} {
		every = s
		if float64(s)*colW >= 36 {
			break
		}
	}
	for v := first; v <= last; v++ {
		if v%every != 0 {
			continue
		}
		x := x0 + int((float64(v-first)+0.5)*colW)
		c.Text(x, y, text(v), c.small(`text-anchor="middle"`)...)
	}
}

func sum(m map[int]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// yearsText is a lifespan in words: "6.1 years".
func yearsText(y float64) string {
	return strconv.FormatFloat(y, 'f', 1, 64) + " years"
}
