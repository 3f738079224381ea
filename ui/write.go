package ui

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"quango/seed"
	"quango/store"
	"quango/ui/forms"
)

// Writable is what the explorer needs to change the catalogue: the same writes as `quango add`,
// `bury` and `note`, and Refresh to notice another process's writes. *store.Store has them; a
// Catalogue without them is read-only, and the write keys then say so.
type Writable interface {
	Add(ctx context.Context, e seed.Entry, note string) error
	Bury(ctx context.Context, slug string, b store.Burial) error
	AddNote(ctx context.Context, slug, text string) error
	Slugs(ctx context.Context) ([]string, error)
	Resolve(ctx context.Context, query string) (*store.Entry, error)
	// Refresh reports whether the database changed since this process last looked.
	Refresh(ctx context.Context) (changed bool, err error)
}

// writeKind is which form an editor holds.
type writeKind uint8

const (
	writeAdd writeKind = iota
	writeBury
	writeNote
)

// editor is an open form over the explorer: the huh form (a Bubble Tea model, given every
// message while it is open), the result it fills, and what the store said about the last try.
type editor struct {
	kind        writeKind
	slug, label string // the entry buried or noted
	form        *huh.Form
	add         *forms.AddResult
	bury        *forms.BuryResult
	note        *forms.NoteResult
	taken       map[string]bool // slugs in use when the add form opened
	problems    []string        // why the store refused the last submission
	saving      bool            // the write is running
}

type (
	// slugsMsg opens the add form once the slugs in use are known.
	slugsMsg struct {
		slugs []string
		err   error
	}
	// writtenMsg is the store's answer to a submitted form.
	writtenMsg struct {
		kind        writeKind
		slug, label string
		err         error
	}
	// refreshedMsg says whether the database changed under the explorer.
	refreshedMsg struct {
		changed, asked bool // asked: the user pressed r, so say so even when nothing changed
		err            error
	}
)

func (m *Model) writer() Writable {
	w, _ := m.cat.(Writable)
	return w
}

// markReadOnly labels the write keys off and says why, when Options.ReadOnly asks.
func (m *Model) markReadOnly() {
	if m.opts.ReadOnly == "" {
		return
	}
	k := &m.keys
	for _, b := range []*key.Binding{&k.Add, &k.Bury, &k.Note, &k.ListAdd, &k.ListBury, &k.ListNote} {
		b.SetHelp(b.Help().Key, b.Help().Desc+" (off)")
	}
	m.setStatus(m.opts.ReadOnly, false)
}

// startWrite opens the form for kind, on the entry slug (labelled label) for bury and note.
func (m *Model) startWrite(kind writeKind, slug, label string) tea.Cmd {
	if m.opts.ReadOnly != "" {
		m.setStatus(m.opts.ReadOnly, true)
		return nil
	}
	w := m.writer()
	if w == nil {
		m.setStatus("This catalogue is read-only", true)
		return nil
	}
	if kind == writeAdd {
		ctx := m.ctx
		return func() tea.Msg {
			slugs, err := w.Slugs(ctx)
			return slugsMsg{slugs: slugs, err: err}
		}
	}
	if slug == "" {
		m.setStatus("No entry is selected", true)
		return nil
	}
	e := &editor{kind: kind, slug: slug, label: label}
	if kind == writeBury {
		e.bury = &forms.BuryResult{}
	} else {
		e.note = &forms.NoteResult{}
	}
	return m.openEditor(e)
}

// openEditor builds e's form from its result (so a form re-opened after a refusal keeps what
// was typed) and shows it.
func (m *Model) openEditor(e *editor) tea.Cmd {
	switch e.kind {
	case writeAdd:
		e.form = forms.Add(e.add, func(slug string) bool { return e.taken[slug] })
	case writeBury:
		// The successor is checked as it is typed, a quick indexed lookup run in Update: the
		// form asks synchronously, and an answer that came later would come too late.
		w, ctx := m.writer(), m.ctx
		e.form = forms.Bury(e.label, e.bury, func(q string) (string, error) {
			found, err := w.Resolve(ctx, q)
			if err != nil {
				return "", err
			}
			return found.Slug, nil
		})
	case writeNote:
		e.form = forms.Note(e.label, e.note)
	}
	e.saving = false
	e.form.WithKeyMap(formKeyMap()).WithShowHelp(false)
	m.editor = e
	m.styleForm()
	m.sizeForm()
	return e.form.Init()
}

// formKeyMap is huh's, less the select's type-to-filter: Esc closes the form here, so it must
// not also mean "clear the filter", and the lists of kinds and fates are short.
func formKeyMap() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	km.Select.Filter.SetEnabled(false)
	km.Select.SetFilter.SetEnabled(false)
	km.Select.ClearFilter.SetEnabled(false)
	return km
}

func (m *Model) styleForm() {
	if m.editor == nil {
		return
	}
	st := m.st.form
	m.editor.form.WithTheme(huh.ThemeFunc(func(bool) *huh.Styles { return st }))
}

// formWidth keeps a form's descriptions readable on a wide terminal.
const formWidth = 80

// sizeForm fits the form under the header and any problems, above the footer.
func (m *Model) sizeForm() {
	if m.editor == nil || m.width == 0 {
		return
	}
	h := m.formHeight()
	if len(m.editor.form.Errors()) > 0 {
		h-- // huh puts a blank line above the errors and does not count it
	}
	m.editor.form.WithWidth(min(m.width, formWidth) - 1).WithHeight(max(1, h))
}

func (m *Model) formHeight() int {
	return m.height - 2 - len(m.problemLines())
}

// problemLines are the store's objections, wrapped to the screen, with a blank line after.
func (m *Model) problemLines() []string {
	e := m.editor
	if e == nil || len(e.problems) == 0 || m.width == 0 {
		return nil
	}
	var out []string
	for _, p := range e.problems {
		wrapped := lipgloss.NewStyle().Width(max(1, m.width-2)).Render(p)
		for _, l := range strings.Split(wrapped, "\n") {
			out = append(out, " "+m.st.errorText.Render(l))
		}
	}
	// Never more than a third of the screen: the form must stay usable.
	if limit := max(1, m.height/3); len(out) > limit {
		out = append(out[:limit-1], " "+m.st.errorText.Render("…"))
	}
	return append(out, "")
}

// updateEditor gives msg to the open form and, when the form is done, starts the write.
func (m *Model) updateEditor(msg tea.Msg) tea.Cmd {
	e := m.editor
	if e.saving {
		return nil // submitted: the form waits for the store's answer
	}
	model, cmd := e.form.Update(msg)
	if f, ok := model.(*huh.Form); ok {
		e.form = f
	}
	switch e.form.State {
	case huh.StateCompleted:
		e.saving = true
		return m.writeCmd(e)
	case huh.StateAborted:
		m.editor = nil
		return nil
	}
	// A field's error grows the form's footer; fit the form to the screen again.
	m.sizeForm()
	return cmd
}

// handleEditorKey: Esc cancels the form (unless it is saving); every other key is the form's.
func (m *Model) handleEditorKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.keys.Cancel) {
		if !m.editor.saving {
			m.editor = nil
			m.setStatus("Cancelled; nothing was written", false)
		}
		return nil
	}
	return m.updateEditor(msg)
}

// writeCmd writes what the form collected, in a command: the store may wait for another
// process's transaction.
func (m *Model) writeCmd(e *editor) tea.Cmd {
	ctx, w := m.ctx, m.writer()
	done := writtenMsg{kind: e.kind, slug: e.slug, label: e.label}
	switch e.kind {
	case writeAdd:
		entry := e.add.Entry()
		note := e.add.Note
		done.slug, done.label = entry.Slug, (&store.Entry{Acronym: entry.Acronym, Name: entry.Name}).Label()
		return func() tea.Msg {
			done.err = w.Add(ctx, entry, note)
			return done
		}
	case writeBury:
		b := e.bury.Burial()
		return func() tea.Msg {
			if b.Into != "" {
				into, err := w.Resolve(ctx, b.Into)
				if err != nil {
					done.err = err
					return done
				}
				b.Into = into.Slug
			}
			done.err = w.Bury(ctx, done.slug, b)
			return done
		}
	default:
		text := e.note.Text
		return func() tea.Msg {
			done.err = w.AddNote(ctx, done.slug, text)
			return done
		}
	}
}

// applyWritten closes the form after a write, or re-opens it with the store's objections.
func (m *Model) applyWritten(msg writtenMsg) tea.Cmd {
	e := m.editor
	if msg.err != nil {
		if e == nil || e.kind != msg.kind {
			m.setStatus(msg.err.Error(), true)
			return nil
		}
		e.problems = describeProblems(msg.err)
		return m.openEditor(e)
	}
	m.editor = nil
	switch msg.kind {
	case writeAdd:
		m.setStatus("Added "+msg.label+" to your catalogue", false)
		m.selectSlug = msg.slug
	case writeBury:
		m.setStatus("Buried "+msg.label, false)
	case writeNote:
		m.setStatus("Noted on "+msg.label, false)
	}
	return m.reload()
}

// describeProblems turns a refused write into lines for the form: one per problem the
// validator found ("fate_note: required"), or the error itself.
func describeProblems(err error) []string {
	var ps seed.Problems
	if errors.As(err, &ps) {
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = p.Field + ": " + p.Msg
		}
		return out
	}
	return []string{err.Error()}
}

// refreshCmd asks the store whether another process wrote to the database.
func (m *Model) refreshCmd(asked bool) tea.Cmd {
	w := m.writer()
	if w == nil {
		if asked {
			m.setStatus("This catalogue is read-only: nothing else writes to it", false)
		}
		return nil
	}
	ctx := m.ctx
	return func() tea.Msg {
		changed, err := w.Refresh(ctx)
		return refreshedMsg{changed: changed, asked: asked, err: err}
	}
}

func (m *Model) applyRefreshed(msg refreshedMsg) tea.Cmd {
	switch {
	case msg.err != nil:
		m.setStatus("Could not check the database: "+msg.err.Error(), true)
	case msg.changed:
		m.setStatus("The catalogue changed; reloaded", false)
		return m.reload()
	case msg.asked:
		m.setStatus("Up to date", false)
	}
	return nil
}

// reload asks again for everything drawn from the catalogue after it changed: the counts, the
// whole catalogue (for the filter menu), the current search, and the open entry.
func (m *Model) reload() tea.Cmd {
	clear(m.docs)
	m.reloading = true
	cmds := []tea.Cmd{m.countsCmd(), m.searchCmd("")}
	if q := m.input.Value(); q != "" {
		cmds = append(cmds, m.searchCmd(q))
	}
	if m.inDetail() {
		f := m.detail.top()
		cmds = append(cmds, m.docCmd(f.slug, m.layout().docW))
	}
	return tea.Batch(cmds...)
}

// writeTarget is the entry b and n act on: the open entry, or the list's selection.
func (m *Model) writeTarget() (slug, label string) {
	if m.inDetail() {
		f := m.detail.top()
		if m.detail.doc != nil {
			return f.slug, m.detail.doc.entry.Label()
		}
		return f.slug, f.label
	}
	if e := m.list.selected(); e != nil && m.loaded {
		return e.Slug, e.Label()
	}
	return "", ""
}

// editorView draws the open form: a header naming it, the store's objections, the form.
func (m *Model) editorView() []string {
	e := m.editor
	var title string
	switch e.kind {
	case writeAdd:
		title = "add an entry"
	case writeBury:
		title = e.label + " › bury"
	case writeNote:
		title = e.label + " › note"
	}
	lines := []string{fit(m.st.title.Render("quango")+m.st.muted.Render(" › ")+m.st.bold.Render(title), m.width)}
	lines = append(lines, m.problemLines()...)
	for _, l := range strings.Split(e.form.View(), "\n") {
		lines = append(lines, fit(" "+l, m.width))
	}
	return lines
}

// editorKeys is the footer under a form: Esc, then the focused field's own keys from huh.
func (m *Model) editorKeys() screenKeys {
	short := append([]key.Binding{m.keys.Cancel}, m.editor.form.KeyBinds()...)
	return screenKeys{short: short}
}
