// Package svg draws quango's timeline, lineage and numbers as standalone SVG pictures for
// briefings and slides: the same data and order as the text charts of package chart, with real
// text labels, a legend, a title and a caption saying which catalogue it came from.
//
// The elements are written with github.com/ajstarks/svgo, which escapes text content; every
// catalogue string also passes through safetext.VisibleLine first, so no control character,
// newline or invalid UTF-8 reaches the file.
package svg

import (
	"fmt"
	"image/color"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	svgo "github.com/ajstarks/svgo"

	"quango/seed/safetext"
	"quango/ui/chart"
)

// Widths a picture may be drawn at, in pixels: narrower leaves no room for the bars, wider is
// a poster, not a figure.
const (
	MinWidth     = 480
	MaxWidth     = 2400
	DefaultWidth = 960
)

// Themes names the looks Options.Theme accepts.
var Themes = []string{"light", "dark"}

// Options shape a picture.
type Options struct {
	Width   int       // in pixels, MinWidth to MaxWidth; zero means DefaultWidth
	Theme   string    // "light" (the default) or "dark"
	Title   string    // the heading; empty draws none
	Caption string    // the line at the foot, naming the catalogue and date
	Now     time.Time // where the living's bars end; zero means time.Now()
}

// Check reports a width or theme the pictures cannot be drawn with.
func (o Options) Check() error {
	if o.Width != 0 && (o.Width < MinWidth || o.Width > MaxWidth) {
		return fmt.Errorf("the width must be from %d to %d pixels, not %d", MinWidth, MaxWidth, o.Width)
	}
	switch o.Theme {
	case "", "light", "dark":
		return nil
	}
	return fmt.Errorf("unknown theme %q (want %s)", safetext.VisibleLine(o.Theme), strings.Join(Themes, " or "))
}

func (o Options) withDefaults() Options {
	if o.Width == 0 {
		o.Width = DefaultWidth
	}
	o.Width = max(MinWidth, min(o.Width, MaxWidth))
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	return o
}

// Caption is the foot line of a picture: where the data came from and when it was drawn.
func Caption(release int, version string, now time.Time) string {
	return fmt.Sprintf("Source: quango catalogue release %d (%s), drawn %s", release, version, now.Format("2 Jan 2006"))
}

// look is a theme's colours as SVG colour strings.
type look struct {
	background, text, muted, grid, stripe, accent string
	groups                                        map[string]string // by groupOf
}

// lookOf derives a picture's colours from the palette the terminal charts use, so a fate has
// the same colour on screen and on paper.
func lookOf(theme string) look {
	dark := theme == "dark"
	p := chart.DefaultPalette(dark)
	l := look{background: "#ffffff", text: hex(p.Text), muted: "#6b6b6b", grid: "#dcdcdc", stripe: "#f4f4f6", accent: hex(p.Accent)}
	if dark {
		l.background, l.muted, l.grid, l.stripe = "#1c1c22", "#a0a0a8", "#3a3a46", "#24242c"
	}
	l.groups = map[string]string{"alive": hex(p.Alive), "changed": hex(p.Changed), "ended": hex(p.Ended), "failed": hex(p.Failed), "other": l.muted}
	return l
}

// fateGroups are the legend's swatches, one colour each, named by the fates they stand for.
var fateGroups = []struct{ key, name string }{
	{"alive", "active"},
	{"changed", "renamed, merged, replaced"},
	{"ended", "abolished, closed"},
	{"failed", "cancelled"},
}

// groupOf is the swatch a fate is drawn with; an unknown fate (a user's database may hold one)
// is "other", drawn in the muted colour.
func groupOf(fate string) string {
	switch fate {
	case "active":
		return "alive"
	case "renamed", "merged", "replaced":
		return "changed"
	case "abolished", "closed":
		return "ended"
	case "cancelled":
		return "failed"
	}
	return "other"
}

// fate is the colour of an entry with this fate.
func (l look) fate(f string) string { return l.groups[groupOf(f)] }

func hex(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}

// The type sizes, in pixels, and the font every picture asks for.
const (
	fontFamily = "DejaVu Sans, Verdana, Arial, sans-serif"
	titleSize  = 18
	textSize   = 12
	smallSize  = 10
)

// textWidth estimates how wide s is set at size px. SVG cannot measure text before it is drawn;
// 0.62 em a character is a little wider than DejaVu Sans's average, so estimates err on the side
// of room.
func textWidth(s string, size int) int {
	return (utf8.RuneCountInString(s)*size*62 + 99) / 100
}

// fit cuts s to at most px pixels at size, ending in "…" when it cuts.
func fit(s string, px, size int) string {
	if textWidth(s, size) <= px {
		return s
	}
	runes := []rune(s)
	n := max(0, px*100/(size*62)-1)
	if n >= len(runes) {
		return s
	}
	return strings.TrimRight(string(runes[:n]), " ") + "…"
}

// clean is what every catalogue string goes through before it is drawn: control characters
// spelled out, one line.
func clean(s string) string { return safetext.VisibleLine(s) }

// canvas is an SVG being written, with the look it is drawn in.
type canvas struct {
	*svgo.SVG
	look look
	o    Options
}

// headerH is the height of the title band: where the content starts.
func headerH(o Options) int {
	if o.Title == "" {
		return 16
	}
	return 16 + titleSize + 16
}

// footerH is the height of the caption band below the content.
const footerH = 28

// begin starts a picture o.Width pixels wide drawn in a viewBox of vw by vh user units, with its
// background, shared definitions and title.
func begin(w io.Writer, o Options, vw, vh int) *canvas {
	title := o.Title
	c := &canvas{SVG: svgo.New(w), look: lookOf(o.Theme), o: o}
	h := vh * o.Width / max(1, vw)
	c.Start(o.Width, h, fmt.Sprintf(`viewBox="0 0 %d %d"`, vw, vh),
		fmt.Sprintf(`font-family="%s"`, fontFamily), fmt.Sprintf(`font-size="%d"`, textSize))
	c.Title(clean(title))
	c.Def()
	// Approximate dates are hatched in their bar's colour, so nobody reads them as exact.
	for _, g := range []string{"alive", "changed", "ended", "failed", "other"} {
		c.Pattern("approx-"+g, 0, 0, 6, 6, "user", `patternTransform="rotate(45)"`)
		c.Rect(0, 0, 3, 6, "fill="+quote(c.look.groups[g]))
		c.PatternEnd()
	}
	c.Marker("arrow", 8, 4, 8, 8, `orient="auto"`, `markerUnits="userSpaceOnUse"`)
	c.Path("M0,0 L8,4 L0,8 z", "fill="+quote(c.look.muted))
	c.MarkerEnd()
	c.DefEnd()
	c.Rect(0, 0, vw, vh, "fill="+quote(c.look.background))
	if title != "" {
		c.Text(margin, 16+titleSize, clean(title), fmt.Sprintf(`font-size="%d"`, titleSize), `font-weight="bold"`, "fill="+quote(c.look.text))
	}
	return c
}

// finish writes the caption in the footer band, whose top is at y, and closes the picture.
func (c *canvas) finish(y int) {
	if c.o.Caption != "" {
		c.Text(margin, y+16, clean(c.o.Caption), c.small()...)
	}
	c.End()
}

// legendItem is one entry of a legend: a swatch drawn by draw at (x, y), its top left corner
// in a 14×12 box, and what it means.
type legendItem struct {
	draw func(c *canvas, x, y int)
	text string
}

// legendLayout flows items left to right from x, wrapping within width; it returns where each
// swatch goes (relative to the legend's top) and the legend's height.
func legendLayout(items []legendItem, x, width int) (pos [][2]int, height int) {
	cx, cy := x, 0
	for _, it := range items {
		w := 14 + 6 + textWidth(it.text, smallSize) + 16
		if cx > x && cx+w > x+width {
			cx, cy = x, cy+18
		}
		pos = append(pos, [2]int{cx, cy})
		cx += w
	}
	return pos, cy + 18
}

// legend draws items at the positions legendLayout gave, below top.
func (c *canvas) legend(items []legendItem, pos [][2]int, top int) {
	for i, it := range items {
		x, y := pos[i][0], top+pos[i][1]
		it.draw(c, x, y)
		c.Text(x+20, y+10, it.text, c.small()...)
	}
}

// fateLegend is a swatch for each colour of fate.
func fateLegend() []legendItem {
	var items []legendItem
	for _, g := range fateGroups {
		items = append(items, legendItem{text: g.name, draw: func(c *canvas, x, y int) {
			c.Rect(x, y+1, 14, barH, "fill="+quote(c.look.groups[g.key]))
		}})
	}
	return items
}

// hatch is the fill of an approximate bar with this fate.
func hatch(fate string) string { return "url(#approx-" + groupOf(fate) + ")" }

// quote wraps one of our own attribute values (a colour, a number) in quotes. Catalogue text
// never goes into an attribute.
func quote(v string) string { return `"` + v + `"` }

// small is the attribute list of small muted text.
func (c *canvas) small(extra ...string) []string {
	return append([]string{fmt.Sprintf(`font-size="%d"`, smallSize), "fill=" + quote(c.look.muted)}, extra...)
}
