package svg

import (
	"io"
	"math"
	"strconv"

	"quango/seed"
	"quango/store"
	"quango/store/markdown"
	"quango/ui/chart"
)

// The timeline's rows, in pixels.
const (
	margin = 16
	rowH   = 18
	barH   = 10
	axisH  = 24
)

// Timeline draws entries, in the order given (the text timeline's), as one bar each over a year
// axis: coloured by fate, hatched where the dates are approximate, with an arrow on the living
// and a cross where an abolition is announced; a legend and the caption at the foot.
func Timeline(w io.Writer, entries []*store.Entry, o Options) error {
	o = o.withDefaults()
	labels := make([]string, len(entries))
	labelW := 40
	for i, e := range entries {
		labels[i] = fit(clean(e.Label()), o.Width*3/10, textSize)
		labelW = max(labelW, textWidth(labels[i], textSize))
	}
	years := timelineRange(entries, o)
	x0 := margin + labelW + 8
	x1 := o.Width - margin - 12 // room for the arrow of the living
	x := func(year float64) int {
		return x0 + int(math.Round((year-years.From)/years.Span()*float64(x1-x0)))
	}
	items := timelineLegend()
	pos, legendH := legendLayout(items, margin, o.Width-2*margin)
	axisTop := headerH(o)
	rowsTop := axisTop + axisH
	rowsBottom := rowsTop + max(1, len(entries))*rowH
	// A long chart repeats the years at its foot, so no row is far from an axis.
	bottomAxis := len(entries) > 30
	legendTop := rowsBottom + 12
	if bottomAxis {
		legendTop += axisH - 8
	}
	height := legendTop + legendH + footerH

	c := begin(w, o, o.Width, height)
	// Every other row is shaded, so the eye can follow a label to its bar.
	for i := 1; i < len(entries); i += 2 {
		c.Rect(margin, rowsTop+i*rowH, o.Width-2*margin, rowH, "fill="+quote(c.look.stripe))
	}
	// The axis: a label and a grid line every step years.
	step := tickStep(years, x1-x0)
	for y := int(math.Ceil(years.From/float64(step))) * step; float64(y) <= years.To; y += step {
		gx := x(float64(y))
		c.Line(gx, rowsTop-4, gx, rowsBottom, "stroke="+quote(c.look.grid), `stroke-width="1"`)
		c.Text(gx, axisTop+12, strconv.Itoa(y), c.small(`text-anchor="middle"`)...)
		if bottomAxis {
			c.Text(gx, rowsBottom+14, strconv.Itoa(y), c.small(`text-anchor="middle"`)...)
		}
	}
	c.Line(x0, rowsTop-4, x1, rowsTop-4, "stroke="+quote(c.look.muted), `stroke-width="1"`)
	if len(entries) == 0 {
		c.Text(x0, rowsTop+13, "(no entries)", c.small()...)
	}
	for i, e := range entries {
		y := rowsTop + i*rowH
		c.Group(`class="entry"`)
		c.Title(entryTooltip(e))
		c.Text(x0-8, y+13, labels[i], `text-anchor="end"`, "fill="+quote(c.look.text))
		timelineBar(c, e, x, years, y+4, o)
		c.Gend()
	}
	c.legend(items, pos, legendTop)
	c.finish(legendTop + legendH)
	return nil
}

// timelineBar draws one entry's bar with its top at y.
func timelineBar(c *canvas, e *store.Entry, x func(float64) int, years chart.YearRange, y int, o Options) {
	colour := c.look.fate(e.Fate)
	bx0, bx1 := x(e.StartKey), x(endKey(e, o))
	switch {
	case !e.Alive() && *e.End == e.Start:
		// A one-off (a report published on a day) is a point, not a span.
		cx, cy := bx0, y+barH/2
		c.Polygon([]int{cx, cx + 5, cx, cx - 5}, []int{cy - 5, cy, cy + 5, cy}, "fill="+quote(colour))
	default:
		w := max(3, bx1-bx0)
		c.Rect(bx0, y, w, barH, "fill="+quote(colour))
		// A hedged date hatches its end of the bar: a year's length, at most half the bar, or
		// the whole bar when both ends are hedged.
		part := min(w/2, max(6, x(years.From+1)-x(years.From)))
		hatched := func(px, pw int) {
			c.Rect(px, y, pw, barH, "fill="+quote(c.look.background))
			c.Rect(px, y, pw, barH, "fill="+quote(hatch(e.Fate)), "stroke="+quote(colour), `stroke-width="1"`)
		}
		start, end := e.Approximate.Has("start"), e.Approximate.Has("end") && !e.Alive()
		switch {
		case start && end:
			hatched(bx0, w)
		case start:
			hatched(bx0, part)
		case end:
			hatched(bx0+w-part, part)
		}
	}
	if e.Alive() {
		c.Polygon([]int{bx1, bx1 + 8, bx1}, []int{y - 1, y + barH/2, y + barH + 1}, "fill="+quote(colour))
	}
	if k, ok := announcedKey(e); ok {
		ax := x(k)
		if ax > bx1 {
			// Due after the bar's end: a dotted line leads to it.
			c.Line(bx1, y+barH/2, ax, y+barH/2, "stroke="+quote(c.look.accent), `stroke-width="1"`, `stroke-dasharray="2,2"`)
		}
		cross(c, ax, y+barH/2)
	}
}

// cross draws the mark of an announced abolition centred on (x, y), on a disc of the background
// so it stands out from the bar it may sit on.
func cross(c *canvas, x, y int) {
	c.Circle(x, y, 7, "fill="+quote(c.look.background))
	st := []string{"stroke=" + quote(c.look.accent), `stroke-width="2"`}
	c.Line(x-4, y-4, x+4, y+4, st...)
	c.Line(x-4, y+4, x+4, y-4, st...)
}

// entryTooltip is the text a viewer shows when the pointer rests on a row.
func entryTooltip(e *store.Entry) string {
	t := e.Label()
	if e.Acronym != "" && e.Acronym != e.Name {
		t += " — " + e.Name
	}
	t += " · " + markdown.Span(e.Start, e.End, e.Approximate, seed.HumanDate, " – ") + " · " + e.Fate
	if e.EndAnnounced != "" {
		t += " (abolition announced for " + seed.HumanDate(e.EndAnnounced) + ")"
	}
	return clean(t)
}

// timelineLegend explains the colours and marks.
func timelineLegend() []legendItem {
	return append(fateLegend(),
		legendItem{text: "approximate dates", draw: func(c *canvas, x, y int) {
			c.Rect(x, y+1, 14, barH, "fill="+quote(hatch("abolished")), "stroke="+quote(c.look.groups["ended"]), `stroke-width="1"`)
		}},
		legendItem{text: "still alive", draw: func(c *canvas, x, y int) {
			c.Rect(x, y+1, 8, barH, "fill="+quote(c.look.groups["alive"]))
			c.Polygon([]int{x + 8, x + 14, x + 8}, []int{y, y + 1 + barH/2, y + 2 + barH}, "fill="+quote(c.look.groups["alive"]))
		}},
		legendItem{text: "abolition announced", draw: func(c *canvas, x, y int) { cross(c, x+7, y+1+barH/2) }},
		legendItem{text: "one-off", draw: func(c *canvas, x, y int) {
			c.Polygon([]int{x + 7, x + 12, x + 7, x + 2}, []int{y + 1, y + 6, y + 11, y + 6}, "fill="+quote(c.look.groups["ended"]))
		}},
	)
}

// timelineRange is the years the axis spans: from the five years of the oldest start to the start
// of next year, so every bar fits and a short list is not lost in empty decades. With no entries
// it is the text timeline's, 1990 to next year.
func timelineRange(entries []*store.Entry, o Options) chart.YearRange {
	r := chart.DefaultRange(o.Now)
	if len(entries) == 0 {
		return r
	}
	r.From = r.To - 5
	for _, e := range entries {
		r.From = min(r.From, math.Floor(e.StartKey/5)*5)
	}
	return r
}

// tickStep is the years between axis labels: the smallest round step that leaves a label
// room at this scale.
func tickStep(r chart.YearRange, px int) int {
	perYear := float64(px) / r.Span()
	for _, step := range []int{1, 2, 5, 10, 20, 50, 100} {
		if float64(step)*perYear >= 40 {
			return step
		}
	}
	return 100
}

// endKey is where an entry's bar ends: its end, or now for the living.
func endKey(e *store.Entry, o Options) float64 {
	if e.Alive() {
		return max(e.StartKey, float64(o.Now.Year())+float64(o.Now.YearDay()-1)/365.25)
	}
	return e.EndKey
}

// announcedKey is the date an abolition was announced for, as a fractional year.
func announcedKey(e *store.Entry) (float64, bool) {
	if e.EndAnnounced == "" {
		return 0, false
	}
	d, err := seed.ParseDate(e.EndAnnounced)
	if err != nil {
		return 0, false
	}
	m := d.Mid()
	return float64(m.Year()) + float64(m.YearDay()-1)/365.25, true
}
