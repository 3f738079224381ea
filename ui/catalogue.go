package ui

import (
	"context"
	"errors"
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"quango/seed/safetext"
	"quango/store"
	"quango/store/markdown"
)

// Catalogue is all the explorer asks of the data. *store.Store satisfies it; tests pass the
// fixture store or a fake, so the explorer never reaches past this boundary. Writes go through
// Writable (write.go), which a read-only Catalogue need not have.
//
// The list holds every hit of a query but draws a page of them: Browse answers with every hit,
// lean (the fields a row, a facet or a sort reads) and without match positions, which Highlight
// adds to the rows drawn; the preview reads the selected entry whole with Get. FirstPage is the
// first screen of the catalogue, there before Browse's first answer.
type Catalogue interface {
	Browse(ctx context.Context, query string) (*store.SearchResult, error)
	Highlight(query string, h store.Hit) store.Hit
	FirstPage(ctx context.Context, n int) ([]*store.Entry, error)
	Get(ctx context.Context, slug string) (*store.Entry, error)
	Count(ctx context.Context) (total, alive int, err error)
	CatalogueVersion(ctx context.Context) (string, error)
	Lineage(ctx context.Context, slug string) (*store.Lineage, error)
	Stats(ctx context.Context, now time.Time) (*store.Stats, error)
}

// firstPage is how many entries are read before the whole list: more rows than a screen holds.
const firstPage = 100

// Messages carry the results of commands back to Update; each names what it answers, so a late
// answer to an old question can be recognised and dropped.
type (
	countsMsg struct {
		total, alive int
		version      string
		err          error
	}
	searchMsg struct {
		query  string
		result *store.SearchResult
		err    error
	}
	// pageMsg is the catalogue's first page, whole, for the screen before the whole list.
	pageMsg struct {
		entries []*store.Entry
		err     error
	}
	// wholeMsg is an entry read whole for the preview, or for a reset (which needs to know what
	// was edited) to go on with.
	wholeMsg struct {
		slug  string
		entry *store.Entry
		err   error
		reset bool
	}
	docMsg struct {
		slug  string
		width int
		dark  bool
		doc   *doc
		err   error
	}
	// copyMsg hands text about an entry (what it is: its Markdown, its briefing) to Update,
	// which sends it to the clipboard.
	copyMsg struct {
		label, what, md string
		err             error
	}
	statusMsg struct {
		text string
		err  bool
		url  string // an address the text shows, made a hyperlink
	}
)

func (m *Model) countsCmd() tea.Cmd {
	ctx, cat := m.ctx, m.cat
	return func() tea.Msg {
		total, alive, err := cat.Count(ctx)
		if err != nil {
			return countsMsg{err: err}
		}
		version, err := cat.CatalogueVersion(ctx)
		return countsMsg{total: total, alive: alive, version: version, err: err}
	}
}

func (m *Model) searchCmd(query string) tea.Cmd {
	ctx, cat := m.ctx, m.cat
	return func() tea.Msg {
		res, err := cat.Browse(ctx, query)
		return searchMsg{query: query, result: res, err: err}
	}
}

func (m *Model) firstPageCmd() tea.Cmd {
	ctx, cat := m.ctx, m.cat
	return func() tea.Msg {
		es, err := cat.FirstPage(ctx, firstPage)
		return pageMsg{entries: es, err: err}
	}
}

// onList reports whether the list is the screen on top.
func (m *Model) onList() bool {
	_, ok := m.active().(listScreen)
	return ok
}

// wholeCmd reads the list's selection whole for the preview, unless it is read already or on
// its way; the answer is kept, whichever entry is selected when it arrives.
func (m *Model) wholeCmd() tea.Cmd {
	e := m.list.selected()
	if e == nil || !m.loaded || m.layout().preview == previewNone || !m.onList() ||
		m.whole[e.Slug] != nil || m.asked == e.Slug {
		return nil
	}
	m.asked = e.Slug
	ctx, cat, slug := m.ctx, m.cat, e.Slug
	return func() tea.Msg {
		e, err := cat.Get(ctx, slug)
		return wholeMsg{slug: slug, entry: e, err: err}
	}
}

// markdownOptions are export's: y, e and the entry screen all show the note export writes.
func (m *Model) markdownOptions() markdown.Options {
	return markdown.Options{Version: m.version, Now: m.now()}
}

// docCmd loads an entry and renders it for the entry screen at the given width and background.
func (m *Model) docCmd(slug string, width int) tea.Cmd {
	ctx, cat, dark, colour := m.ctx, m.cat, m.st.dark, m.st.colour
	opts := m.markdownOptions()
	opts.Terminal = true
	return func() tea.Msg {
		msg := docMsg{slug: slug, width: width, dark: dark}
		e, err := cat.Get(ctx, slug)
		if err != nil {
			msg.err = err
			return msg
		}
		md := markdown.Entry(e, opts)
		// Always glamour's styled rendering: without colour, the colours are taken out but bold,
		// italics and the layout stay (its no-colour style is raw Markdown, meant for pipes).
		out, err := RenderMarkdown(md, width, dark, true)
		if err != nil {
			msg.err = err
			return msg
		}
		if !colour {
			var b strings.Builder
			w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.Ascii}
			if _, err := w.WriteString(out); err == nil {
				out = b.String()
			}
		}
		msg.doc = newDoc(e, md, cutWide(out, width))
		return msg
	}
}

// cutWide cuts a line wider than the screen (a long URL, which RenderMarkdown never wraps) at the
// edge with "…": the screen shows one line per line, and the URL's hyperlink still holds the
// whole address.
func cutWide(out string, width int) string {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > width {
			lines[i] = ansi.Truncate(l, width, "…")
		}
	}
	return strings.Join(lines, "\n")
}

func (m *Model) copyCmd(slug string) tea.Cmd {
	ctx, cat := m.ctx, m.cat
	opts := m.markdownOptions()
	return func() tea.Msg {
		e, err := cat.Get(ctx, slug)
		if err != nil {
			return copyMsg{err: err}
		}
		return copyMsg{label: e.Label(), what: "the Markdown", md: markdown.Entry(e, opts)}
	}
}

// citeCmd loads the briefing paragraph of `quango cite` and its sources, for the clipboard.
func (m *Model) citeCmd(slug string) tea.Cmd {
	ctx, cat, now := m.ctx, m.cat, m.now()
	return func() tea.Msg {
		e, err := cat.Get(ctx, slug)
		if err != nil {
			return copyMsg{err: err}
		}
		return copyMsg{label: e.Label(), what: "a briefing paragraph", md: markdown.CiteText(e, now)}
	}
}

// exportCmd writes the entry's Markdown to <dir>/<slug>.md, never over an existing file.
func (m *Model) exportCmd(slug string) tea.Cmd {
	ctx, cat, dir := m.ctx, m.cat, m.opts.Dir
	opts := m.markdownOptions()
	if m.opts.Remote {
		return func() tea.Msg {
			return statusMsg{text: "Served over SSH, quango writes no file on the server: y copies the Markdown to your clipboard", err: true}
		}
	}
	return func() tea.Msg {
		e, err := cat.Get(ctx, slug)
		if err != nil {
			return statusMsg{text: err.Error(), err: true}
		}
		name := markdown.FileName(e.Slug)
		shown := "./" + name
		if dir != "" && dir != "." {
			shown = filepath.Join(dir, name)
		}
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			return statusMsg{text: shown + " already exists; left it as it was", err: true}
		}
		if err != nil {
			return statusMsg{text: "could not write " + shown + ": " + err.Error(), err: true}
		}
		_, werr := f.WriteString(markdown.Entry(e, opts))
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return statusMsg{text: "could not write " + shown + ": " + werr.Error(), err: true}
		}
		return statusMsg{text: "Wrote " + shown}
	}
}

// openURLCmd opens source n of the entry labelled label in a browser, or shows its address when
// it cannot. The address is shown made safe, and is a hyperlink only when it needed no mending.
func (m *Model) openURLCmd(label, url string, n int) tea.Cmd {
	open, remote := m.opts.OpenURL, m.opts.Remote
	if open == nil {
		open = openBrowser
	}
	return func() tea.Msg {
		if url == "" {
			return statusMsg{text: fmt.Sprintf("Source %d of %s has no address", n, safetext.VisibleLine(label)), err: true}
		}
		shown, link := safetext.VisibleLine(url), url
		if shown != url {
			link = ""
		}
		if remote { // a browser here would open on the server
			return statusMsg{text: "Source: " + shown, url: link}
		}
		if err := open(url); err != nil {
			return statusMsg{text: "Source: " + shown, url: link}
		}
		return statusMsg{text: "Opened " + shown, url: link}
	}
}
