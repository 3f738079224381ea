package svg

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"quango/seed"
	"quango/store"
	"quango/store/markdown"
)

// The lineage's boxes, in pixels.
const (
	boxH    = 40
	boxGapY = 28
	minBoxW = 110
	maxBoxW = 250
)

// Lineage draws a family tree left to right, oldest first: each entry a box (its name, years and
// fate, edged in its fate's colour; the entry asked for drawn bolder) in a column one step
// right of everything it came from, and each link an arrow labelled with its relation and date.
// A link that skips columns runs through a gap of its own in each, never behind a box. A tree
// too wide for the width is scaled down to fit.
func Lineage(w io.Writer, l *store.Lineage, o Options) error {
	o = o.withDefaults()
	cols := lineageColumns(l)
	boxW := minBoxW
	for _, n := range l.Nodes {
		boxW = max(boxW, textWidth(clean(n.Label()), textSize)+24, textWidth(nodeDetail(&n), smallSize)+20)
	}
	boxW = min(boxW, maxBoxW)
	outs, ins, fans := linkCounts(l)
	gapX := 64
	for _, e := range l.Edges {
		rel, date := edgeLabel(e)
		labelW := max(textWidth(rel, smallSize), textWidth(date, smallSize))
		gapX = max(gapX, labelW+28)
		if fans[e.From] {
			gapX = max(gapX, 2*labelW+40) // the label sits on the trunk, half the gap
		}
	}
	tallest := 1
	for _, col := range cols {
		tallest = max(tallest, len(col))
	}
	items := append(fateLegend(), legendItem{text: "the entry asked for", draw: func(c *canvas, x, y int) {
		c.Rect(x+1, y+1, 12, barH, "fill="+quote(c.look.background), "stroke="+quote(c.look.text), `stroke-width="3"`)
	}})
	natural := 2*margin + len(cols)*boxW + max(0, len(cols)-1)*gapX
	vw := max(natural, o.Width)
	pos, legendH := legendLayout(items, margin, vw-2*margin)
	top := headerH(o) + 8
	treeH := tallest*boxH + (tallest-1)*boxGapY
	legendTop := top + treeH + 24
	if !l.HasRelatives() {
		legendTop += 20
	}
	vh := legendTop + legendH + footerH
	// The viewBox scales a tree wider than o.Width down to it, however many generations it has.
	c := begin(w, o, vw, vh)

	at := map[slot][2]int{} // a slot's box, top left
	left := margin + (vw-natural)/2
	for i, col := range cols {
		colH := len(col)*boxH + (len(col)-1)*boxGapY
		y := top + (treeH-colH)/2
		for _, s := range col {
			at[s] = [2]int{left + i*(boxW+gapX), y}
			y += boxH + boxGapY
		}
	}
	// Links first, so the boxes sit on top of their ends. A label goes in the gap at the end of
	// the link that is not shared: by the arrowhead, unless several links arrive there, when it
	// goes by the start. Links that fan out from one box with the same words share a trunk that
	// carries them once.
	trunk := map[string]bool{}
	for i, e := range l.Edges {
		from, ok1 := at[slot{slug: e.From, edge: -1}]
		to, ok2 := at[slot{slug: e.To, edge: -1}]
		if !ok1 || !ok2 {
			continue
		}
		rel, date := edgeLabel(e)
		// The points the link passes: out of its box, across the gap of each column it skips,
		// into the next box.
		xs, ys := []int{from[0] + boxW}, []int{from[1] + boxH/2}
		if fans[e.From] {
			xs, ys = append(xs, from[0]+boxW+gapX/2), append(ys, from[1]+boxH/2)
		}
		for k := 1; ; k++ {
			p, ok := at[slot{slug: e.From, edge: i, layer: k}]
			if !ok {
				break
			}
			xs, ys = append(xs, p[0], p[0]+boxW), append(ys, p[1]+boxH/2, p[1]+boxH/2)
		}
		xs, ys = append(xs, to[0]), append(ys, to[1]+boxH/2)
		path(c, xs, ys)
		n := len(xs)
		half := max(textWidth(rel, smallSize), textWidth(date, smallSize)) / 2
		switch {
		case fans[e.From]:
			if !trunk[e.From] {
				trunk[e.From] = true
				linkLabel(c, (xs[0]+xs[1])/2, ys[0]-4, rel, date)
			}
		case ins[e.To] > 1 && outs[e.From] == 1:
			lx := xs[0] + half + 8
			linkLabel(c, lx, bezierY(xs[0], ys[0], xs[1], ys[1], lx)-4, rel, date)
		default:
			lx := xs[n-1] - half - 14 // clear of the arrowhead
			linkLabel(c, lx, bezierY(xs[n-2], ys[n-2], xs[n-1], ys[n-1], lx)-4, rel, date)
		}
	}
	for _, n := range l.Nodes {
		p := at[slot{slug: n.Slug, edge: -1}]
		box(c, &n, p[0], p[1], boxW, n.Slug == l.Root)
	}
	if !l.HasRelatives() {
		c.Text(margin, top+treeH+20, "No predecessors or successors are recorded.", c.small()...)
	}
	c.legend(items, pos, legendTop)
	c.finish(legendTop + legendH)
	return nil
}

// linkCounts counts each node's links out and in, and says which nodes fan out: two or more
// links leave them, all with the same relation and date.
func linkCounts(l *store.Lineage) (outs, ins map[string]int, fans map[string]bool) {
	outs, ins, fans = map[string]int{}, map[string]int{}, map[string]bool{}
	first := map[string][2]string{}
	same := map[string]bool{}
	for _, e := range l.Edges {
		rel, date := edgeLabel(e)
		if outs[e.From] == 0 {
			first[e.From], same[e.From] = [2]string{rel, date}, true
		} else if first[e.From] != [2]string{rel, date} {
			same[e.From] = false
		}
		outs[e.From]++
		ins[e.To]++
	}
	for slug, n := range outs {
		fans[slug] = n > 1 && same[slug]
	}
	return outs, ins, fans
}

// slot is a place in a column: a node (edge -1), or where link number edge crosses the column
// layer steps after its start.
type slot struct {
	slug        string
	edge, layer int
}

// lineageColumns puts each node in the column after the furthest of its predecessors (the
// longest path from an origin), gives a link that skips columns a slot in each, then orders
// each column by where its neighbours sit, sweeping forward and back, so links cross as little
// as a few sweeps can manage. Ties keep the lineage's order: by start date.
func lineageColumns(l *store.Lineage) [][]slot {
	order := map[string]int{}
	for i, n := range l.Nodes {
		order[n.Slug] = i
	}
	layer := map[string]int{}
	// Relaxing every edge once per node settles the longest paths of an acyclic tree; the
	// bound keeps a cycle (which the store refuses) from looping.
	for range l.Nodes {
		changed := false
		for _, e := range l.Edges {
			if _, ok := order[e.From]; !ok {
				continue
			}
			if layer[e.To] < layer[e.From]+1 {
				layer[e.To], changed = layer[e.From]+1, true
			}
		}
		if !changed {
			break
		}
	}
	var cols [][]slot
	add := func(k int, s slot) {
		for len(cols) <= k {
			cols = append(cols, nil)
		}
		cols[k] = append(cols[k], s)
	}
	for _, n := range l.Nodes {
		add(min(layer[n.Slug], len(l.Nodes)-1), slot{slug: n.Slug, edge: -1})
	}
	// A link's neighbours, for ordering: the slots on either side of each of its steps.
	prev, next := map[slot][]slot{}, map[slot][]slot{}
	for i, e := range l.Edges {
		if _, ok := order[e.To]; !ok {
			continue
		}
		at := slot{slug: e.From, edge: -1}
		for k := layer[e.From] + 1; k < layer[e.To]; k++ {
			s := slot{slug: e.From, edge: i, layer: k - layer[e.From]}
			add(k, s)
			prev[s], next[at] = append(prev[s], at), append(next[at], s)
			at = s
		}
		to := slot{slug: e.To, edge: -1}
		prev[to], next[at] = append(prev[to], at), append(next[at], to)
	}
	pos := map[slot]float64{}
	place := func(col []slot) {
		for i, s := range col {
			pos[s] = float64(i) - float64(len(col)-1)/2
		}
	}
	for _, col := range cols {
		place(col)
	}
	rank := func(s slot) int { return order[s.slug]*1000 + s.edge + 1 }
	sweep := func(k int, neighbours map[slot][]slot) {
		bary := map[slot]float64{}
		for _, s := range cols[k] {
			ns := neighbours[s]
			bary[s] = pos[s]
			if len(ns) > 0 {
				sum := 0.0
				for _, m := range ns {
					sum += pos[m]
				}
				bary[s] = sum / float64(len(ns))
			}
		}
		slices.SortStableFunc(cols[k], func(a, b slot) int {
			return cmp.Or(cmp.Compare(bary[a], bary[b]), cmp.Compare(rank(a), rank(b)))
		})
		place(cols[k])
	}
	for range 2 {
		for k := 1; k < len(cols); k++ {
			sweep(k, prev)
		}
		for k := len(cols) - 2; k >= 0; k-- {
			sweep(k, next)
		}
	}
	return cols
}

// nodeDetail is a box's second line: years and fate.
func nodeDetail(n *store.LineageNode) string {
	d := markdown.ShortSpan(n.Start, n.End, n.Approximate) + " · " + n.Fate
	if n.EndAnnounced != "" {
		d += ", to be abolished"
	}
	return clean(d)
}

// edgeLabel is a link's two lines of text: its relation read forward, and its date.
func edgeLabel(e store.LineageEdge) (relation, date string) {
	return clean(markdown.RelationPhrase(e.Relation, markdown.Forward)), clean(seed.HumanDate(e.Date))
}

// box draws one entry at (x, y).
func box(c *canvas, n *store.LineageNode, x, y, w int, root bool) {
	colour := c.look.fate(n.Fate)
	c.Group(`class="entry"`)
	title := n.Label()
	if n.Acronym != "" && n.Acronym != n.Name {
		title += " — " + n.Name
	}
	c.Title(clean(title + " · " + markdown.Span(n.Start, n.End, n.Approximate, seed.HumanDate, " – ") + " · " + n.Fate))
	stroke := []string{"fill=" + quote(c.look.background), "stroke=" + quote(colour), `stroke-width="1.5"`, `rx="4"`}
	if root {
		stroke = []string{"fill=" + quote(c.look.background), "stroke=" + quote(c.look.text), `stroke-width="3"`, `rx="4"`}
	}
	c.Rect(x, y, w, boxH, stroke...)
	c.Rect(x, y, 6, boxH, "fill="+quote(colour))
	weight := `font-weight="normal"`
	if root {
		weight = `font-weight="bold"`
	}
	c.Text(x+12, y+17, fit(clean(n.Label()), w-18, textSize), "fill="+quote(c.look.text), weight)
	c.Text(x+12, y+32, fit(nodeDetail(n), w-18, smallSize), c.small()...)
	c.Gend()
}

// path draws a link through the points (xs[i], ys[i]) as one arrow: an S-curve from each point
// to the next, level at both ends, so it leaves and meets the boxes square.
func path(c *canvas, xs, ys []int) {
	var d strings.Builder
	fmt.Fprintf(&d, "M%d,%d", xs[0], ys[0])
	for i := 1; i < len(xs); i++ {
		mx := (xs[i-1] + xs[i]) / 2
		fmt.Fprintf(&d, " C%d,%d %d,%d %d,%d", mx, ys[i-1], mx, ys[i], xs[i], ys[i])
	}
	c.Path(d.String(), `fill="none"`, "stroke="+quote(c.look.muted), `stroke-width="1.5"`, `marker-end="url(#arrow)"`)
}

// linkLabel writes a link's relation with its date below, centred on x, the date's baseline
// (or the relation's, without a date) at y; a halo of the background keeps it legible over any
// line it crosses.
func linkLabel(c *canvas, x, y int, relation, date string) {
	halo := c.small(`text-anchor="middle"`, `paint-order="stroke"`, "stroke="+quote(c.look.background), `stroke-width="4"`, `stroke-linejoin="round"`)
	if date != "" {
		c.Text(x, y, date, halo...)
		y -= 12
	}
	c.Text(x, y, relation, halo...)
}

// bezierY is the height of the curve at x: the curve's x grows with its parameter, so a
// bisection finds it.
func bezierY(x1, y1, x2, y2, x int) int {
	mx := (x1 + x2) / 2
	at := func(t float64) (float64, float64) {
		u := 1 - t
		bx := u*u*u*float64(x1) + 3*u*u*t*float64(mx) + 3*u*t*t*float64(mx) + t*t*t*float64(x2)
		by := u*u*u*float64(y1) + 3*u*u*t*float64(y1) + 3*u*t*t*float64(y2) + t*t*t*float64(y2)
		return bx, by
	}
	lo, hi := 0.0, 1.0
	for range 30 {
		mid := (lo + hi) / 2
		if bx, _ := at(mid); bx < float64(x) {
			lo = mid
		} else {
			hi = mid
		}
	}
	_, by := at(lo)
	return int(by + 0.5)
}
