package ui

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// tmuxSession is quango running in a real terminal (tmux), as a person would use it.
type tmuxSession struct {
	t        *testing.T
	tmux     string
	dir, bin string
	sock     string
	conf     string
	db       string
	status   string
}

// builtQuango is the quango binary, built once for every end-to-end test.
var builtQuango = struct {
	once sync.Once
	path string
	err  error
	out  []byte
}{}

// startTmux builds quango and starts it, on a database of its own, in a tmux window of w×h.
// prepare runs before, on that database (the CLI creating it, say).
func startTmux(t *testing.T, w, h int, prepare func(s *tmuxSession)) *tmuxSession {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed (apt-get install tmux)")
	}
	builtQuango.once.Do(func() {
		dir, err := os.MkdirTemp("", "quango-e2e")
		if err != nil {
			builtQuango.err = err
			return
		}
		builtQuango.path = filepath.Join(dir, "quango")
		// Built with the test's own settings, so the packages it already compiled are reused.
		build := exec.Command("go", "build", "-o", builtQuango.path, "quango")
		build.Dir = ".."
		builtQuango.out, builtQuango.err = build.CombinedOutput()
	})
	if builtQuango.err != nil {
		t.Fatalf("go build: %v\n%s", builtQuango.err, builtQuango.out)
	}
	dir := t.TempDir()
	s := &tmuxSession{t: t, tmux: tmux, dir: dir, bin: builtQuango.path, sock: filepath.Join(dir, "tmux.sock"),
		conf: filepath.Join(dir, "tmux.conf"), db: filepath.Join(dir, "e2e.db"), status: filepath.Join(dir, "status")}
	// A lone Escape must reach quango at once, not after tmux's 500 ms wait for a sequence.
	if err := os.WriteFile(s.conf, []byte("set -s escape-time 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if prepare != nil {
		prepare(s)
	}
	// A fresh user: its own home and data folder, so nothing outside the test is read or written.
	env := "HOME=" + dir + " XDG_DATA_HOME=" + filepath.Join(dir, "data") + " QUANGO_DB= TERM=xterm-256color"
	shell := "cd " + dir + " && env " + env + " " + s.bin + " --db " + s.db + "; echo $? > " + s.status + "; echo after-quango; sleep 60"
	s.run("new-session", "-d", "-s", "e2e", "-x", strconv.Itoa(w), "-y", strconv.Itoa(h), "sh", "-c", shell)
	t.Cleanup(func() { exec.Command(tmux, "-S", s.sock, "kill-server").Run() })
	return s
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	cmd := exec.Command(s.tmux, append([]string{"-S", s.sock, "-f", s.conf}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// cli runs the same quango binary on the same database, outside tmux.
func (s *tmuxSession) cli(args ...string) string {
	s.t.Helper()
	cmd := exec.Command(s.bin, append([]string{"--db", s.db}, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+s.dir, "XDG_DATA_HOME="+filepath.Join(s.dir, "data"), "QUANGO_DB=", "NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		s.t.Fatalf("quango %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.run("capture-pane", "-p", "-t", "e2e") }

func (s *tmuxSession) wait(step string, ok func(string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		sc := s.screen()
		if ok(sc) {
			return sc
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s: gave up waiting; the screen is:\n%s", step, sc)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

func (s *tmuxSession) see(step string, want ...string) string {
	s.t.Helper()
	return s.wait(step, func(sc string) bool {
		for _, w := range want {
			if !strings.Contains(sc, w) {
				return false
			}
		}
		return true
	})
}

func (s *tmuxSession) keys(ks ...string) { s.run(append([]string{"send-keys", "-t", "e2e"}, ks...)...) }

// quit leaves with Ctrl+C and checks the exit status and the terminal given back.
func (s *tmuxSession) quit() {
	s.t.Helper()
	s.keys("C-c")
	s.see("quit", "after-quango")
	code, err := os.ReadFile(s.status)
	if err != nil || strings.TrimSpace(string(code)) != "0" {
		s.t.Fatalf("exit status %q (%v), want 0", code, err)
	}
	// Restored: off the alternate screen, cursor shown, mouse reporting off.
	flags := strings.TrimSpace(s.run("display-message", "-p", "-t", "e2e", "#{alternate_on} #{cursor_flag} #{mouse_any_flag}"))
	if flags != "0 1 0" {
		s.t.Errorf("terminal not restored: alternate_on cursor_flag mouse_any_flag = %s, want 0 1 0", flags)
	}
}

// TestEndToEndInTmux uses quango in a real terminal (tmux) as a person would: start, search
// npfit, open it, read its dates, add a note to it, open its timeline and lineage and come
// back, go back, open the help, shrink the window to 40×12, quit. The exit status must be 0,
// the terminal given back as it was, and the note in the database for the CLI to show.
func TestEndToEndInTmux(t *testing.T) {
	s := startTmux(t, 80, 24, nil)
	s.see("start", "entries ·", "dead ·", "alive", "sort: name")
	s.keys("-l", "npfit")
	s.see("search", "/ npfit", "National Programme for IT in the NHS", "sort: best match")
	s.keys("Enter")
	s.see("open", "quango › NPfIT", "Lived: 2002\u00a0–\u00a022\u00a0Sep\u00a02011", "Lineage")
	// A note from the entry screen. Keys go one step at a time: the form moves between fields
	// in a command, and keys sent in one burst could overtake it.
	s.keys("n")
	s.see("note form", "quango › NPfIT › note", "Note on NPfIT", "esc cancel")
	s.keys("-l", "Checked against the NAO report.")
	s.see("typed", "Checked against the NAO report.")
	s.keys("Enter")
	s.see("noted", "Noted on NPfIT", "quango › NPfIT")
	// The entry is drawn again with its note in a command: G may land before the longer text
	// does, so press it until the bottom shows.
	s.wait("the note on the entry", func(sc string) bool {
		if strings.Contains(sc, "Notes") && strings.Contains(sc, "Checked against the NAO report.") {
			return true
		}
		s.keys("G")
		time.Sleep(100 * time.Millisecond)
		return false
	})
	s.keys("g")
	s.see("top again", "Lived: 2002\u00a0–\u00a022\u00a0Sep\u00a02011")
	// The views from the entry: the timeline of what the search lists, the family tree, and
	// back the way we came.
	s.keys("t")
	s.see("timeline", "quango › NPfIT › timeline", "2000", "▸ NPfIT")
	s.keys("Escape")
	s.see("back from the timeline", "quango › NPfIT", "Lived: 2002\u00a0–\u00a022\u00a0Sep\u00a02011")
	s.keys("l")
	s.see("lineage", "quango › NPfIT › lineage of NPfIT", "came from", "led to", "split from NPfIT 22 Sep 2011")
	s.keys("Down", "Enter")
	s.see("open from the lineage", "quango › … › Delivering 21st Century IT Support for the NHS", "Lived: Jun\u00a02002\u00a0–\u00a0May\u00a02012")
	s.keys("Escape")
	s.see("back to the lineage", "came from", "led to")
	s.keys("Escape")
	s.see("back from the lineage", "Lived: 2002\u00a0–\u00a022\u00a0Sep\u00a02011")
	s.keys("Escape")
	s.wait("back", func(sc string) bool { return strings.Contains(sc, "/ npfit") && !strings.Contains(sc, "quango ›") })
	// From the list: Alt+T, which cannot be typed into the search.
	s.keys("M-t")
	s.see("timeline from the list", "quango › timeline", "NPfIT")
	s.keys("Escape")
	s.wait("back from the list's timeline", func(sc string) bool { return strings.Contains(sc, "/ npfit") && !strings.Contains(sc, "quango ›") })
	s.keys("F1")
	s.see("help", "Keys", "reverse order", "close help")
	s.keys("Escape")
	s.wait("help closed", func(sc string) bool { return !strings.Contains(sc, "close help") })
	s.run("resize-window", "-t", "e2e", "-x", "40", "-y", "12")
	small := s.see("resize", "NPfIT", "2002–2011")
	for i, l := range strings.Split(strings.TrimRight(small, "\n"), "\n") {
		if w := ansi.StringWidth(l); w > 40 {
			t.Errorf("line %d is %d wide at 40×12: %q", i, w, l)
		}
	}
	s.quit()
	if strings.Contains(s.screen(), "quango ›") || strings.Contains(s.screen(), "sort:") {
		t.Errorf("the explorer is still on screen after quitting:\n%s", s.screen())
	}
	// The note is in the database, where the CLI finds it.
	if out := s.cli("show", "npfit"); !strings.Contains(out, "Checked against the NAO report.") {
		t.Errorf("quango show npfit after the explorer's note:\n%s", out)
	}
}

// TestAcronymsTypedInCapitalsSearch types acronyms that used to be commands (NHSX saved a
// note, BSO opened the bury form, AHSN the add form, TPP the timeline, SUS changed the sort),
// from a fresh start and after moving, at 80×24, 40×12 and 200×60: each is searched for, its
// entry (or the search's best match) is first, and the database is byte-for-byte unchanged.
func TestAcronymsTypedInCapitalsSearch(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {40, 12}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			var before []byte
			s := startTmux(t, size[0], size[1], func(s *tmuxSession) {
				s.cli("list") // creates the database, then closes it
				before = fileSum(t, s.db)
			})
			s.see("start", "dead ·", "type to search")
			for _, q := range []string{"NHSX", "BSO", "AHSN", "TPP", "SUS"} {
				// What the search ranks first, as the CLI has it: the row that must be selected.
				first := strings.Split(strings.SplitN(s.cli("search", q), "\n", 2)[0], "\t")
				label := first[1]
				if label == "" {
					label = first[2]
				}
				label = ansi.Truncate(label, 12, "")
				for _, moved := range []bool{false, true} {
					if moved {
						s.keys("Down", "Down", "End", "Up")
					}
					s.keys("-l", q)
					// Forms and views say where they are: "quango › add an entry", "quango › timeline".
					if sc := s.see(q, "/ "+q); strings.Contains(sc, "quango ›") {
						t.Fatalf("%s opened a screen:\n%s", q, sc)
					}
					s.wait(q+" first", func(sc string) bool {
						for _, l := range strings.Split(sc, "\n") {
							if strings.HasPrefix(l, "› ") {
								return strings.Contains(l, label)
							}
						}
						return false
					})
					s.keys("Escape")
					s.see(q+" cleared", "type to search")
				}
			}
			s.quit()
			if after := fileSum(t, s.db); !bytes.Equal(before, after) {
				t.Error("typing acronyms changed the database")
			}
		})
	}
}

// fileSum is the SHA-256 of a file.
func fileSum(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return sum[:]
}
