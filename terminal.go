package main

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	"github.com/muesli/cancelreader"
)

// backgroundWait is how long quango waits for a terminal to say what its background is. A local
// terminal answers in a few milliseconds and a remote one in well under this; one that never
// answers (script, some IDE and CI terminals, serial consoles) then costs only this much.
const backgroundWait = 200 * time.Millisecond

// terminalWidth is the width of the terminal that output goes to, 80 when it is not one. It
// asks the terminal nothing.
func (a *app) terminalWidth() int {
	if out, ok := a.out.(*os.File); ok {
		if w, _, err := term.GetSize(out.Fd()); err == nil && w > 0 {
			return w
		}
	}
	return 80
}

// page prints text to the terminal, through $PAGER ("less -R" when unset) when it is longer
// than the screen, as git and gh do. A pager that cannot start leaves the text printed as is.
func (a *app) page(text string) error {
	out, ok := a.out.(*os.File)
	rows := 0
	if ok {
		_, rows, _ = term.GetSize(out.Fd())
	}
	if rows <= 0 || strings.Count(text, "\n") < rows {
		_, err := fmt.Fprint(a.out, text)
		return err
	}
	pager := strings.Fields(a.env("PAGER"))
	if len(pager) == 0 {
		pager = []string{"less", "-R"}
	}
	if pager[0] == "cat" {
		_, err := fmt.Fprint(a.out, text)
		return err
	}
	cmd := exec.Command(pager[0], pager[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(text), out, a.errOut
	if err := cmd.Start(); err != nil {
		_, err := fmt.Fprint(a.out, text)
		return err
	}
	return cmd.Wait()
}

// terminalLook is the width of the terminal that output goes to and whether its background is
// dark. The background is asked for only when output is coloured, the one case where the answer
// changes what is printed; COLORFGBG, where a terminal sets it, saves asking at all.
func (a *app) terminalLook() (width int, dark bool) {
	width, dark = 80, true
	out, ok := a.out.(*os.File)
	if !ok || !term.IsTerminal(out.Fd()) {
		return width, dark
	}
	if w, _, err := term.GetSize(out.Fd()); err == nil && w > 0 {
		width = w
	}
	if !a.colour(a.out) {
		return width, dark
	}
	if d, ok := darkFromCOLORFGBG(a.env("COLORFGBG")); ok {
		return width, d
	}
	in, ok := a.in.(*os.File)
	if !ok || !term.IsTerminal(in.Fd()) {
		return width, dark // no way to read an answer
	}
	if bg, ok := queryBackground(in, out, backgroundWait); ok {
		dark = isDark(bg)
	}
	return width, dark
}

// darkFromCOLORFGBG reads rxvt's "fg;bg" (or "fg;default;bg"): colours 7 and 9–15 are light.
func darkFromCOLORFGBG(v string) (dark, ok bool) {
	if v == "" {
		return false, false
	}
	bg, err := strconv.Atoi(v[strings.LastIndexByte(v, ';')+1:])
	if err != nil || bg < 0 || bg > 15 {
		return false, false
	}
	return bg != 7 && bg < 9, true
}

// queryBackground asks the terminal for its background colour (OSC 11), followed by a request
// for its device attributes (DA1), which every terminal answers: a DA1 answer with no colour
// before it means the terminal does not say, and silence past wait means it never will.
func queryBackground(in, out *os.File, wait time.Duration) (color.Color, bool) {
	state, err := term.MakeRaw(in.Fd())
	if err != nil {
		return nil, false
	}
	defer term.Restore(in.Fd(), state)
	r, err := cancelreader.NewReader(in)
	if err != nil {
		return nil, false
	}
	defer r.Close()
	if _, err := io.WriteString(out, ansi.RequestBackgroundColor+ansi.RequestPrimaryDeviceAttributes); err != nil {
		return nil, false
	}
	timer := time.AfterFunc(wait, func() { r.Cancel() })
	defer timer.Stop()
	var got []byte
	buf := make([]byte, 256)
	for len(got) < 4096 {
		n, err := r.Read(buf)
		got = append(got, buf[:n]...)
		if bg, done := parseBackgroundReply(got); done {
			return bg, bg != nil
		}
		if err != nil {
			return nil, false
		}
	}
	return nil, false
}

// parseBackgroundReply finds the colour in "ESC ] 11 ; rgb:RRRR/GGGG/BBBB" ended by BEL or ST,
// and reports done once the colour or the DA1 answer ("ESC [ ? … c") has arrived.
func parseBackgroundReply(b []byte) (bg color.Color, done bool) {
	if i := bytes.Index(b, []byte("\x1b]11;")); i >= 0 {
		rest := b[i+5:]
		if end := bytes.IndexAny(rest, "\x07\x1b"); end >= 0 {
			return ansi.XParseColor(string(rest[:end])), true
		}
	}
	if i := bytes.Index(b, []byte("\x1b[?")); i >= 0 && bytes.IndexByte(b[i:], 'c') >= 0 {
		return nil, true
	}
	return nil, false
}

// isDark reports whether a colour's lightness (HSL) is under a half.
func isDark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return (max(r, g, b)+min(r, g, b))/2 < 0x8000
}
