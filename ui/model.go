// Package ui is quango's terminal explorer: a searchable, filterable list of the catalogue, a
// preview of the selected entry, and each entry in full with its lineage to walk.
package ui

import (
	"context"
	"os"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"quango/seed/safetext"
	"quango/store"
	"quango/ui/forms"
)

// Options adjust the explorer; the zero value is right for a real terminal.
type Options struct {
	// Colour is false under NO_COLOR or a dumb terminal: the explorer then marks things with bold,
	// underline and reverse video only.
	Colour bool
	// Light assumes a light background until the terminal says which it has (most are dark).
	Light bool
	// Now is the clock for lifespans of the living and for double clicks; nil means time.Now.
	Now func() time.Time
	// Dir is where `e` writes <slug>.md; "" means the working directory.
	Dir string
	// OpenURL opens a source in a browser; nil means the system's opener.
	OpenURL func(url string) error
	// Getenv reads the environment ($VISUAL and $EDITOR for Ctrl+E in a form); nil means os.Getenv.
	Getenv func(string) string
	// Remote is set when the explorer is served to another machine (quango serve): nothing runs
	// or is written on this one for it — no file export, no browser, no external editor.
	Remote bool
	// ReadOnly, when set, turns the write keys off and is the one line that says why.
	ReadOnly string
}

// doubleClick is the longest gap between two clicks on one row that opens it.
const doubleClick = 500 * time.Millisecond

// Minimum size the layout is designed for; smaller shows a message instead.
const (
	minWidth  = 40
	minHeight = 12
)

// Model is the explorer's root model; everything on screen is drawn from it.
type Model struct {
	ctx  context.Context
	cat  Catalogue
	opts Options
	keys keyMap
	st   theme
	help help.Model

	width, height int

	total, alive int
	version      string

	input  textinput.Model
	query  string // the query whose results are on screen
	typing bool   // the last key in the list was text: a / now is text too, not a new search

	universe   []*store.Entry // every entry, lean, from the first, empty search
	hits       []store.Hit    // the current query's hits before facets, lean
	didYouMean []*store.Entry
	suggesting bool // the list shows "did you mean" entries, not hits
	loaded     bool
	partial    bool // the list is the catalogue's first page: the whole list is on its way
	counting   bool // the hits are the query's best: every hit is on its way

	cancelSearch context.CancelFunc // stops the last query's work, when a new one replaces it
	fatal        error              // the catalogue cannot be read (its file is damaged): Run returns it
	list         results
	counts       *[facetCount]map[string]int // the filter menu's counts over the hits, once asked for

	// whole holds entries read whole, for the preview: the list's hits are lean. asked is the
	// entry last asked for, so a selection is read once however many frames show it.
	whole map[string]*store.Entry
	asked string

	order, browseOrder string
	reversedOrders     map[string]bool // each order's direction (see reversed)
	facets             facets
	menu               menu

	detail     detail
	find       finder   // a search inside the open entry's text
	choose     *chooser // the source or copy chooser open over the entry
	seq        int      // the last id given to a chart screen
	docs       map[docKey]*doc
	showHelp   bool
	helpOffset int // first line of the help shown, when it is taller than the screen

	status    string
	statusErr bool
	statusURL string // the status names this address

	editor     *editor // the open add, bury or note form
	selectSlug string  // select this entry when the list next shows it (one just added)
	reloading  bool    // the catalogue changed: the next whole-catalogue answer replaces the old

	lastClick struct {
		at  time.Time
		row int
	}
}

type docKey struct {
	slug  string
	width int
	dark  bool
}

// New returns the explorer over cat. ctx bounds every query it makes.
func New(ctx context.Context, cat Catalogue, opts Options) *Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	m := &Model{
		ctx:         ctx,
		cat:         cat,
		opts:        opts,
		keys:        newKeyMap(),
		help:        help.New(),
		input:       textinput.New(),
		order:       "name",
		browseOrder: "name",
		docs:        map[docKey]*doc{},
		whole:       map[string]*store.Entry{},
	}
	m.input.Prompt = "/ "
	m.input.CharLimit = store.MaxQuery
	// The search box has the keys for as long as the list is on screen.
	m.input.Focus()
	m.setStyles(newTheme(!opts.Light, opts.Colour))
	m.markReadOnly()
	return m
}

func (m *Model) now() time.Time { return m.opts.Now() }

func (m *Model) setStyles(st theme) {
	m.st = st
	m.help.Styles = st.help
	m.input.SetStyles(st.input)
	m.restyleCharts()
	m.styleForm()
}

// Init asks for the background colour, the counts, the first page of the catalogue and then
// all of it: the first page is on screen while the search index is built.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.countsCmd(), tea.Sequence(m.firstPageCmd(), m.searchCmd("")))
}

func (m *Model) inDetail() bool { return m.detail.open() }

func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// Update applies one message to the model, then asks for the list's selection whole if the
// preview shows it and it has not been read.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := m.update(msg)
	return m, tea.Batch(cmd, m.wholeCmd())
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.find = finder{} // its lines are numbered at the old width
		m.help.SetWidth(msg.Width)
		lay := m.layout()
		m.list.clamp(lay.listH)
		m.menu.clamp(lay.menuH)
		m.scrollHelp(0, m.helpHeight())
		m.resizeCharts()
		m.sizeForm()
		return m, m.reRender()

	case tea.BackgroundColorMsg:
		if msg.IsDark() != m.st.dark {
			m.setStyles(newTheme(msg.IsDark(), m.st.colour))
			return m, m.reRender()
		}
		return m, nil

	case countsMsg:
		if msg.err != nil {
			m.setStatus("Could not count the catalogue: "+msg.err.Error(), true)
			return m, nil
		}
		m.total, m.alive, m.version = msg.total, msg.alive, msg.version
		return m, nil

	case searchMsg:
		if msg.query == "" && store.IsDamaged(msg.err) {
			return m, m.quitDamaged(msg.err)
		}
		return m, m.applySearch(msg)

	case pageMsg:
		if store.IsDamaged(msg.err) {
			return m, m.quitDamaged(msg.err)
		}
		m.applyPage(msg)
		return m, nil

	case wholeMsg:
		switch {
		case msg.err != nil && msg.reset:
			m.setStatus(msg.err.Error(), true)
		case msg.err != nil:
			// The preview goes on showing what the list knows.
		default:
			m.keepWhole(msg.entry)
			if e := m.list.selected(); msg.reset && e != nil && e.Slug == msg.slug && m.onList() {
				return m, m.startWrite(writeReset)
			}
		}
		return m, nil

	case docMsg:
		m.applyDoc(msg)
		return m, nil

	case lineageMsg:
		m.applyLineage(msg)
		return m, nil

	case statsMsg:
		m.applyStats(msg)
		return m, nil

	case familyMsg:
		m.applyFamily(msg)
		return m, nil

	case chartOpenMsg:
		return m, m.openFromChart(msg)

	case copyMsg:
		if msg.err != nil {
			m.setStatus(msg.err.Error(), true)
			return m, nil
		}
		// OSC 52 has no reply: say what was done and what to do if the terminal ignored it.
		m.setStatus("Sent "+msg.what+" of "+safetext.VisibleLine(msg.label)+" to the clipboard (OSC 52; if it did not arrive, e writes a file)", false)
		return m, tea.SetClipboard(msg.md)

	case statusMsg:
		m.setStatus(msg.text, msg.err)
		m.statusURL = msg.url
		return m, nil

	case slugsMsg:
		if msg.err != nil {
			m.setStatus("Could not read the catalogue: "+msg.err.Error(), true)
			return m, nil
		}
		taken := make(map[string]bool, len(msg.slugs))
		for _, s := range msg.slugs {
			taken[s] = true
		}
		return m, m.openEditor(&editor{kind: writeAdd, add: &forms.AddResult{}, taken: taken})

	case writtenMsg:
		return m, m.applyWritten(msg)

	case refreshedMsg:
		return m, m.applyRefreshed(msg)

	case tea.FocusMsg:
		// Back from another window, perhaps from a quango write there: look again.
		return m, m.refreshCmd(false)

	case tea.KeyPressMsg:
		return m, m.handleKey(msg)

	case tea.MouseWheelMsg:
		if m.editor == nil && !m.chooserOpen() {
			m.handleWheel(msg)
		}
		return m, nil

	case tea.MouseClickMsg:
		if m.editor != nil || m.chooserOpen() {
			return m, nil
		}
		return m, m.handleClick(msg)

	case tea.PasteMsg:
		switch m.active().(type) {
		case formScreen:
			return m, m.updateEditor(msg)
		case listScreen:
			m.typing = true
			return m, m.updateInput(msg)
		case entryScreen:
			if m.find.typing {
				return m, m.updateFind(msg)
			}
		}
	default:
		// The form's own messages (moving between fields, the cursor's blink).
		if m.editor != nil {
			return m, m.updateEditor(msg)
		}
	}
	return m, nil
}

// quitDamaged ends the explorer over a catalogue whose file is damaged, where a page read after
// opening found it (opening checks only a file it is about to write): Run returns the error, so
// it is the one line every command gives, not a list stuck loading.
func (m *Model) quitDamaged(err error) tea.Cmd {
	m.fatal = err
	return tea.Quit
}

func (m *Model) setStatus(text string, isErr bool) {
	m.status, m.statusErr, m.statusURL = text, isErr, ""
}

// screen is one of the explorer's screens as the root sees it (the soft-serve component
// pattern): while it is on top it answers the keys, and it says which keys those are, for the
// footer and `?`. Each shares the model's state through the embedded pointer; the root only
// picks the screen, routes, and draws the frame.
type screen interface {
	handleKey(tea.KeyPressMsg) tea.Cmd
	keyHelp() screenKeys
}

// active is the screen on top: a form over everything, then the help, the filter menu, a chart,
// a chooser over an entry or an entry on the path, else the list.
func (m *Model) active() screen {
	switch {
	case m.editor != nil:
		return formScreen{m}
	case m.showHelp:
		return helpScreen{m}
	case m.menu.open:
		return menuScreen{m}
	case m.inChart():
		return chartsScreen{m}
	case m.chooserOpen():
		return chooserScreen{m}
	case m.inDetail():
		return entryScreen{m}
	}
	return listScreen{m}
}

// handleKey routes a key to the screen on top. Ctrl+C always quits.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	m.setStatus("", false)
	if key.Matches(msg, m.keys.ForceQuit) {
		return tea.Quit
	}
	if m.tooSmall() {
		if key.Matches(msg, m.keys.Quit) {
			return tea.Quit
		}
		return nil
	}
	return m.active().handleKey(msg)
}
