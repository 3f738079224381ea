package ui

import (
	"context"
	"errors"
	"go/token"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// fixedNow is the clock of every test, so lifespans of the living never change.
var fixedNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// harness drives a model the way the program would, running its commands synchronously.
type harness struct {
	t      testing.TB
	m      *Model
	clock  time.Time
	opened []string // URLs passed to the browser opener
	sent   []tea.Msg
	quit   bool
	clip   []string
}

func newHarness(t testing.TB, cat Catalogue, w, h int) *harness {
	t.Helper()
	hs := &harness{t: t, clock: fixedNow}
	hs.m = New(context.Background(), cat, Options{
		Colour: true,
		Now:    func() time.Time { return hs.clock },
		Dir:    t.TempDir(),
		OpenURL: func(url string) error {
			hs.opened = append(hs.opened, url)
			return errors.New("no browser here")
		},
	})
	hs.run(hs.m.Init())
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

// send delivers msg and runs the commands it returns until none are left.
func (hs *harness) send(msg tea.Msg) {
	hs.t.Helper()
	_, cmd := hs.m.Update(msg)
	hs.run(cmd)
}

func (hs *harness) run(cmd tea.Cmd) {
	hs.t.Helper()
	if cmd == nil || isBlink(cmd) {
		return
	}
	msg := cmd()
	if cmds, ok := sequence(msg); ok {
		for _, c := range cmds {
			hs.run(c)
		}
		return
	}
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			hs.run(c)
		}
	case tea.QuitMsg:
		hs.quit = true
	default:
		hs.sent = append(hs.sent, msg)
		if clip, ok := clipboardText(msg); ok {
			hs.clip = append(hs.clip, clip)
			return
		}
		if isInternal(msg) {
			return // terminal requests (background colour…) go to the terminal, not the model
		}
		hs.send(msg)
	}
}

// press sends each key: a name such as "enter" or "ctrl+c", or a string of typed characters.
func (hs *harness) press(keys ...string) {
	hs.t.Helper()
	for _, k := range keys {
		hs.send(keyMsg(k))
	}
}

func (hs *harness) typeText(s string) {
	hs.t.Helper()
	for _, r := range s {
		hs.send(keyMsg(string(r)))
	}
}

// screen is the view as plain text, trailing spaces trimmed.
func (hs *harness) screen() string {
	lines := strings.Split(ansi.Strip(hs.m.View().Content), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

func (hs *harness) mustSee(want ...string) {
	hs.t.Helper()
	s := hs.screen()
	for _, w := range want {
		if !strings.Contains(s, w) {
			hs.t.Fatalf("screen lacks %q:\n%s", w, s)
		}
	}
}

func (hs *harness) mustNotSee(unwanted ...string) {
	hs.t.Helper()
	s := hs.screen()
	for _, w := range unwanted {
		if strings.Contains(s, w) {
			hs.t.Fatalf("screen shows %q:\n%s", w, s)
		}
	}
}

// keyMsg builds the key press a terminal would send: named keys get their code, and typed
// characters get both code and text, as Bubble Tea needs.
func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]tea.Key{
		"enter":     {Code: tea.KeyEnter},
		"esc":       {Code: tea.KeyEscape},
		"backspace": {Code: tea.KeyBackspace},
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"left":      {Code: tea.KeyLeft},
		"right":     {Code: tea.KeyRight},
		"pgup":      {Code: tea.KeyPgUp},
		"pgdown":    {Code: tea.KeyPgDown},
		"home":      {Code: tea.KeyHome},
		"end":       {Code: tea.KeyEnd},
		"space":     {Code: tea.KeySpace, Text: " "},
		"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
	}
	if key, ok := named[k]; ok {
		return tea.KeyPressMsg(key)
	}
	// Keys that cannot be typed: function keys, and Ctrl or Alt with a character (no text).
	if n, err := strconv.Atoi(strings.TrimPrefix(k, "f")); err == nil && strings.HasPrefix(k, "f") {
		return tea.KeyPressMsg{Code: tea.KeyF1 + rune(n-1)}
	}
	for prefix, mod := range map[string]tea.KeyMod{"ctrl+": tea.ModCtrl, "alt+": tea.ModAlt} {
		if rest, ok := strings.CutPrefix(k, prefix); ok && len([]rune(rest)) == 1 {
			return tea.KeyPressMsg{Code: []rune(rest)[0], Mod: mod}
		}
	}
	r := []rune(k)
	if len(r) != 1 {
		panic("keyMsg: unknown key " + k)
	}
	key := tea.Key{Code: r[0], Text: k}
	if r[0] >= 'A' && r[0] <= 'Z' {
		key.Code, key.Mod, key.ShiftedCode = r[0]+('a'-'A'), tea.ModShift, r[0]
	}
	return tea.KeyPressMsg(key)
}

// isBlink recognises a text cursor's blink timer (the forms' inputs blink): run synchronously
// it would wait half a second and then ask for the next blink, for ever.
func isBlink(cmd tea.Cmd) bool {
	fn := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer())
	return fn != nil && strings.HasPrefix(fn.Name(), "charm.land/bubbles/v2/cursor.(*Model).Blink")
}

// sequence opens tea.Sequence's message (unexported), whose commands run in order.
func sequence(msg tea.Msg) ([]tea.Cmd, bool) {
	if msg == nil {
		return nil, false
	}
	t := reflect.TypeOf(msg)
	if t.PkgPath() != teaPkg || t.Name() != "sequenceMsg" {
		return nil, false
	}
	v := reflect.ValueOf(msg)
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i], _ = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

// clipboardText recognises Bubble Tea's request to set the clipboard (an unexported type).
func clipboardText(msg tea.Msg) (string, bool) {
	t := reflect.TypeOf(msg)
	if t.PkgPath() == teaPkg && t.Name() == "setClipboardMsg" {
		return reflect.ValueOf(msg).String(), true
	}
	return "", false
}

const teaPkg = "charm.land/bubbletea/v2"

// isInternal recognises Bubble Tea's own requests to the terminal, which a model never sees back.
func isInternal(msg tea.Msg) bool {
	t := reflect.TypeOf(msg)
	return t.PkgPath() == teaPkg && !token.IsExported(t.Name())
}

// menuCounts checks the count the filter menu shows beside each value.
func (hs *harness) menuCounts(want map[string]string) {
	hs.t.Helper()
	for _, line := range strings.Split(hs.screen(), "\n") {
		menu, _, _ := strings.Cut(line, "│")
		f := strings.Fields(menu)
		if len(f) < 2 {
			continue
		}
		value, count := f[len(f)-2], f[len(f)-1]
		if w, ok := want[value]; ok {
			if count != w {
				hs.t.Errorf("menu: %s has %s, want %s", value, count, w)
			}
			delete(want, value)
		}
	}
	for v := range want {
		hs.t.Errorf("menu: no line for %s:\n%s", v, hs.screen())
	}
}
