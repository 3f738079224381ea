package ui

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"quango/seed"
	"quango/seed/safetext"
	"quango/store"
	"quango/ui/forms"
)

// Writable is what the explorer needs to change the catalogue: the same writes as `quango add`,
// `bury`, `note` and `reset`, and Refresh to notice another process's writes. *store.Store has them; a
// Catalogue without them is read-only, and the write keys then say so.
type Writable interface {
	Add(ctx context.Context, e seed.Entry, note string) error
	Bury(ctx context.Context, slug string, b store.Burial) error
	AddNote(ctx context.Context, slug, text string) error
	Reset(ctx context.Context, slug string, fields []string) ([]string, error)
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
	writeReset
)

// editor is an open form over the explorer: the huh form (a Bubble Tea model, given every
// message while it is open), the result it fills, and what the store said about the last try.
type editor struct {
	kind        writeKind
	slug, label string // the entry buried or noted
	form        *forms.Form
	add         *forms.AddResult
	bury        *forms.BuryResult
	note        *forms.NoteResult
	reset       *forms.ResetResult
	edited      []string        // the fields the reset form offers
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
		due         string // a burial after today: the date the end is announced for
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
	for _, b := range []*key.Binding{&k.Add, &k.Bury, &k.Note, &k.Reset, &k.ListAdd, &k.ListBury, &k.ListNote, &k.ListReset} {
		b.SetHelp(b.Help().Key, b.Help().Desc+" (off)")
	}
	m.setStatus(m.opts.ReadOnly, false)
}

// startWrite opens the form for kind; bury, note and reset act on the open or selected entry.
func (m *Model) startWrite(kind writeKind) tea.Cmd {
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
	slug, label := m.writeTarget()
	if slug == "" {
		m.setStatus("No entry is selected", true)
		return nil
	}
	e := &editor{kind: kind, slug: slug, label: label}
	switch kind {
	case writeBury:
		e.bury = &forms.BuryResult{}
		if target := m.currentEntry(); target != nil && target.Slug == slug && target.End != nil {
			// Correcting a burial starts from the one recorded, not from a blank grave.
			e.bury.End, e.bury.Fate = *target.End, target.Fate
		}
	case writeNote:
		e.note = &forms.NoteResult{}
	case writeReset:
		target := m.currentEntry()
		switch {
		case target == nil || target.Slug != slug:
			return nil
		case !m.inDetail() && m.whole[slug] == nil:
			// The list's entry is lean: what the user edited is known once it is read whole.
			ctx, cat := m.ctx, m.cat
			return func() tea.Msg {
				e, err := cat.Get(ctx, slug)
				return wholeMsg{slug: slug, entry: e, err: err, reset: true}
			}
		case target.Origin == store.OriginUser:
			m.setStatus(safetext.VisibleLine(label)+" is your own entry: there is no catalogue version to reset it to", true)
			return nil
		case len(target.Edited) == 0:
			m.setStatus(safetext.VisibleLine(label)+" has no edits of yours: it is as the catalogue has it", false)
			return nil
		}
		e.reset, e.edited = &forms.ResetResult{}, target.Edited
	}
	return m.openEditor(e)
}

// formConfig is what the forms ask of the database and the environment. The lookups run in
// Update: huh validates synchronously, and they are quick indexed queries.
func (m *Model) formConfig(taken map[string]bool) forms.Config {
	w, ctx := m.writer(), m.ctx
	var editor []string
	if !m.opts.Remote { // served over SSH, an editor would run on the server
		editor, _ = forms.FindEditor(m.opts.Getenv)
	}
	return forms.Config{
		Taken: func(slug string) bool { return taken[slug] },
		Resolve: func(q string) (string, error) {
			found, err := w.Resolve(ctx, q)
			if err != nil {
				return "", err
			}
			return found.Slug, nil
		},
		Editor: editor,
	}
}

// openEditor builds e's form from its result (so a form re-opened after a refusal keeps what
// was typed) and shows it.
func (m *Model) openEditor(e *editor) tea.Cmd {
	c := m.formConfig(e.taken)
	switch e.kind {
	case writeAdd:
		e.form = forms.Add(e.add, c)
	case writeBury:
		e.form = forms.Bury(e.label, e.bury, c)
	case writeNote:
		e.form = forms.Note(e.label, e.note, c)
	case writeReset:
		e.form = forms.Reset(e.label, e.edited, e.reset)
	}
	e.saving = false
	e.form.WithKeyMap(formKeyMap()).WithShowHelp(false)
	m.editor = e
	m.styleForm()
	m.sizeForm()
	return e.form.Init()
}

// updateEditor gives msg to the open form and, when the form is done, starts the write.
func (m *Model) updateEditor(msg tea.Msg) tea.Cmd {
	e := m.editor
	if e.saving {
		return nil // submitted: the form waits for the store's answer
	}
	_, cmd := e.form.Update(msg) // the form is updated in place
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

// writeCmd writes what the form collected, in a command: the store may wait for another
// process's transaction.
func (m *Model) writeCmd(e *editor) tea.Cmd {
	ctx, w := m.ctx, m.writer()
	done := writtenMsg{kind: e.kind, slug: e.slug, label: e.label}
	switch e.kind {
	case writeAdd:
		r := *e.add // a copy: the form keeps what the user typed if the store refuses
		entry := r.Entry()
		done.slug, done.label = entry.Slug, (&store.Entry{Acronym: entry.Acronym, Name: entry.Name}).Label()
		return func() tea.Msg {
			if done.err = r.Resolve(func(q string) (string, error) {
				found, err := w.Resolve(ctx, q)
				if err != nil {
					return "", err
				}
				return found.Slug, nil
			}); done.err != nil {
				return done
			}
			done.err = w.Add(ctx, r.Entry(), r.Note)
			return done
		}
	case writeReset:
		fields := e.reset.Fields
		if len(fields) == len(e.edited) {
			fields = nil // all of them, and any the catalogue has since come to agree with
		}
		return func() tea.Msg {
			_, done.err = w.Reset(ctx, done.slug, fields)
			return done
		}
	case writeBury:
		b := e.bury.Burial()
		now := m.now()
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		if d, err := seed.ParseDate(b.End); err == nil && d.Earliest().After(today) {
			done.due = b.End // the store records it as announced, as `quango bury` does
		}
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
		if msg.due != "" {
			m.setStatus(safetext.VisibleLine(msg.label)+" is still active; its end is announced for "+msg.due, false)
		} else {
			m.setStatus("Buried "+msg.label, false)
		}
	case writeNote:
		m.setStatus("Noted on "+msg.label, false)
	case writeReset:
		m.setStatus("Reset "+safetext.VisibleLine(msg.label)+" to the catalogue", false)
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
	clear(m.whole)
	m.asked = ""
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
