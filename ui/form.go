package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"quango/ui/forms"
)

// formScreen is an open add, bury, note or reset form over the screen it came from: huh's form
// has every key but Esc, which cancels, and Ctrl+E where no editor can start, which says so.
type formScreen struct{ *Model }

func (s formScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	m := s.Model
	switch {
	case key.Matches(msg, m.keys.Cancel):
		if !m.editor.saving {
			m.editor = nil
			m.setStatus("Cancelled; nothing was written", false)
		}
		return nil
	case msg.String() == "ctrl+e" && m.inTextBox():
		if _, err := forms.FindEditor(m.opts.Getenv); err != nil {
			// huh would start nothing, or a command that fails; the form stays as it was.
			m.setStatus("Ctrl+E: "+err.Error()+"; type here, or set $EDITOR", true)
			return nil
		}
	}
	return m.updateEditor(msg)
}

// keyHelp is the footer under a form: Esc, then the focused field's own keys from huh.
func (s formScreen) keyHelp() screenKeys {
	short := append([]key.Binding{s.keys.Cancel}, s.editor.form.KeyBinds()...)
	return screenKeys{short: short}
}

// inTextBox reports whether the form's focused field is a text box, where Ctrl+E opens an editor.
func (m *Model) inTextBox() bool {
	_, ok := m.editor.form.GetFocusedField().(*huh.Text)
	return ok
}

// formKeyMap is huh's, less the select's type-to-filter: Esc closes the form here, so it must
// not also mean "clear the filter", and the lists of kinds and fates are short.
func formKeyMap() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	km.Select.Filter.SetEnabled(false)
	km.Select.SetFilter.SetEnabled(false)
	km.Select.ClearFilter.SetEnabled(false)
	km.MultiSelect.Filter.SetEnabled(false)
	km.MultiSelect.SetFilter.SetEnabled(false)
	km.MultiSelect.ClearFilter.SetEnabled(false)
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
	case writeReset:
		title = e.label + " › reset"
	}
	lines := []string{fit(m.st.title.Render("quango")+m.st.muted.Render(" › ")+m.st.bold.Render(title), m.width)}
	lines = append(lines, m.problemLines()...)
	for _, l := range strings.Split(e.form.View(), "\n") {
		lines = append(lines, fit(" "+l, m.width))
	}
	return lines
}
