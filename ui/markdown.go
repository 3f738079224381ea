package ui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"
	"github.com/charmbracelet/x/ansi"
)

// RenderMarkdown renders an entry's Markdown (written with markdown.Options.Terminal) for a
// terminal of the given width. With colour off it uses glamour's no-colour style, so NO_COLOR
// and pipes get clean text with the same layout.
//
// A link's title is an OSC 8 hyperlink and its address is not repeated after it; a URL that
// stands alone on a line is printed whole, never wrapped, however narrow the terminal (it is
// held out of glamour's word wrap and put back after).
func RenderMarkdown(md string, width int, dark, colour bool) (string, error) {
	cfg := styles.LightStyleConfig
	switch {
	case !colour:
		cfg = styles.NoTTYStyleConfig
	case dark:
		cfg = styles.DarkStyleConfig
	}
	cfg.Link.Format = `{{ "" }}` // a template that writes nothing: the title carries the link
	if width < 20 {
		width = 20
	}
	md, urls := holdURLs(md)
	r, err := glamour.NewTermRenderer(glamour.WithStyles(cfg), glamour.WithWordWrap(width))
	if err != nil {
		return "", err
	}
	out, err := r.Render(md)
	if err != nil {
		return "", err
	}
	out = putURLs(out, urls, colour)
	if !colour {
		// glamour makes every link an OSC 8 hyperlink whatever the style: without colour, plain
		// text means no escape sequence at all.
		out = ansi.Strip(out)
	}
	return strings.TrimRight(out, "\n") + "\n", nil
}

// A URL alone on a line, as markdown.Options.Terminal writes each source's address (compiled
// on first use, not while every command starts).
var urlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^( *)<(https?://[^\s<>]+)>$`) })

// urlToken stands in for the i-th URL while glamour wraps: private-use characters that no
// word wrap splits and no catalogue text holds around a number.
func urlToken(i int) string { return fmt.Sprintf("\ue000%d\ue001", i) }

// Compiled on first use, not while every command starts.
var urlTokenRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("\ue000([0-9]+)\ue001") })

func holdURLs(md string) (string, []string) {
	var urls []string
	md = urlLine().ReplaceAllStringFunc(md, func(line string) string {
		m := urlLine().FindStringSubmatch(line)
		urls = append(urls, m[2])
		return m[1] + urlToken(len(urls)-1)
	})
	return md, urls
}

// putURLs writes each URL back in place of its token, as a hyperlink with colour, and ends its
// line there: the padding glamour added after the short token would only push a long URL's line
// further past the edge.
func putURLs(out string, urls []string, colour bool) string {
	if len(urls) == 0 {
		return out
	}
	lines := strings.Split(out, "\n")
	for i, line := range lines {
		loc := urlTokenRE().FindStringSubmatchIndex(line)
		if loc == nil {
			continue
		}
		n, _ := strconv.Atoi(line[loc[2]:loc[3]])
		if n >= len(urls) {
			continue
		}
		u := urls[n]
		if colour {
			u = ansi.SetHyperlink(u) + u + ansi.ResetHyperlink()
		}
		lines[i] = line[:loc[0]] + u + "\x1b[m"
	}
	return strings.Join(lines, "\n")
}
