package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// TestEndToEndInTmux builds quango and uses it in a real terminal (tmux) as a person would:
// start, search npfit, open it, read its dates, add a note to it, open its timeline and lineage
// and come back, go back, open the help, shrink the window to 40×12, quit. The exit status must
// be 0, the terminal given back as it was, and the note in the database for the CLI to show.
func TestEndToEndInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed (apt-get install tmux)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "quango")
	// Built with the test's own settings, so the packages it already compiled are reused.
	build := exec.Command("go", "build", "-o", bin, "quango")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	conf := filepath.Join(dir, "tmux.conf")
	// A lone Escape must reach quango at once, not after tmux's 500 ms wait for a sequence.
	if err := os.WriteFile(conf, []byte("set -s escape-time 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "tmux.sock")
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(tmux, append([]string{"-S", sock, "-f", conf}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	status := filepath.Join(dir, "status")
	// A fresh user: its own home and data folder, so nothing outside the test is read or written.
	env := "HOME=" + dir + " XDG_DATA_HOME=" + filepath.Join(dir, "data") + " QUANGO_DB= TERM=xterm-256color"
	db := filepath.Join(dir, "e2e.db")
	shell := "cd " + dir + " && env " + env + " " + bin + " --db " + db + "; echo $? > " + status + "; echo after-quango; sleep 60"
	run("new-session", "-d", "-s", "e2e", "-x", "80", "-y", "24", "sh", "-c", shell)
	t.Cleanup(func() { exec.Command(tmux, "-S", sock, "kill-server").Run() })

	screen := func() string { return run("capture-pane", "-p", "-t", "e2e") }
	wait := func(step string, ok func(string) bool) string {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			s := screen()
			if ok(s) {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: gave up waiting; the screen is:\n%s", step, s)
			}
			time.Sleep(30 * time.Millisecond)
		}
	}
	see := func(step string, want ...string) string {
		t.Helper()
		return wait(step, func(s string) bool {
			for _, w := range want {
				if !strings.Contains(s, w) {
					return false
				}
			}
			return true
		})
	}
	keys := func(ks ...string) { run(append([]string{"send-keys", "-t", "e2e"}, ks...)...) }

	see("start", "entries ·", "dead ·", "alive", "sort: name")
	keys("/")
	see("focus", "/ ")
	keys("-l", "npfit")
	see("search", "/ npfit", "National Programme for IT in the NHS", "sort: best match")
	keys("Enter")
	see("open", "quango › NPfIT", "Lived: 2002\u00a0–\u00a022\u00a0Sep\u00a02011", "Lineage")
	// A note from the entry screen. Keys go one step at a time: the form moves between fields
	// in a command, and keys sent in one burst could overtake it.
	keys("n")
	see("note form", "quango › NPfIT › note", "Note on NPfIT", "esc cancel")
	keys("-l", "Checked against the NAO report.")
	see("typed", "Checked against the NAO report.")
	keys("Enter")
	see("noted", "Noted on NPfIT", "quango › NPfIT")
	// The entry is drawn again with its note in a command: G may land before the longer text
	// does, so press it until the bottom shows.
	wait("the note on the entry", func(s string) bool {
		if strings.Contains(s, "Notes") && strings.Contains(s, "Checked against the NAO report.") {
			return true
		}
		keys("G")
		time.Sleep(100 * time.Millisecond)
		return false
	})
	keys("g")
	see("top again", "Lived: 2002\u00a0–\u00a022\u00a0Sep\u00a02011")
	// The views from the entry: the timeline of what the search lists, the family tree, and
	// back the way we came.
	keys("t")
	see("timeline", "quango › NPfIT › timeline", "“npfit”", "2000", "▸ NPfIT", "abolition announced")
	keys("Escape")
	see("back from the timeline", "quango › NPfIT", "Lived: 2002\u00a0–\u00a022\u00a0Sep\u00a02011")
	keys("l")
	see("lineage", "quango › NPfIT › lineage of NPfIT", "came from", "led to", "split from NPfIT 22 Sep 2011")
	keys("Down", "Enter")
	see("open from the lineage", "quango › … › Delivering 21st Century IT Support for the NHS", "Lived: Jun\u00a02002\u00a0–\u00a0May\u00a02012")
	keys("Escape")
	see("back to the lineage", "came from", "led to")
	keys("Escape")
	see("back from the lineage", "Lived: 2002\u00a0–\u00a022\u00a0Sep\u00a02011")
	keys("Escape")
	wait("back", func(s string) bool { return strings.Contains(s, "/ npfit") && !strings.Contains(s, "quango ›") })
	// From the list: the upper-case view keys, while lower-case letters would search.
	keys("Tab", "T")
	see("timeline from the list", "quango › timeline", "NPfIT")
	keys("Escape")
	wait("back from the list's timeline", func(s string) bool { return strings.Contains(s, "/ npfit") && !strings.Contains(s, "quango ›") })
	keys("?")
	see("help", "Keys", "esc or ? closes this help")
	keys("Escape")
	wait("help closed", func(s string) bool { return !strings.Contains(s, "esc or ? closes") })
	run("resize-window", "-t", "e2e", "-x", "40", "-y", "12")
	small := see("resize", "NPfIT", "2002–2011")
	for i, l := range strings.Split(strings.TrimRight(small, "\n"), "\n") {
		if w := ansi.StringWidth(l); w > 40 {
			t.Errorf("line %d is %d wide at 40×12: %q", i, w, l)
		}
	}
	keys("q")
	see("quit", "after-quango")
	code, err := os.ReadFile(status)
	if err != nil || strings.TrimSpace(string(code)) != "0" {
		t.Fatalf("exit status %q (%v), want 0", code, err)
	}
	// Restored: off the alternate screen, cursor shown, mouse reporting off.
	flags := strings.TrimSpace(run("display-message", "-p", "-t", "e2e", "#{alternate_on} #{cursor_flag} #{mouse_any_flag}"))
	if flags != "0 1 0" {
		t.Errorf("terminal not restored: alternate_on cursor_flag mouse_any_flag = %s, want 0 1 0", flags)
	}
	if strings.Contains(screen(), "quango ›") || strings.Contains(screen(), "sort:") {
		t.Errorf("the explorer is still on screen after quitting:\n%s", screen())
	}
	// The note is in the database, where the CLI finds it.
	show := exec.Command(bin, "--db", db, "show", "npfit")
	show.Env = append(os.Environ(), "HOME="+dir, "XDG_DATA_HOME="+filepath.Join(dir, "data"), "QUANGO_DB=", "NO_COLOR=1")
	out, err := show.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Checked against the NAO report.") {
		t.Errorf("quango show npfit after the explorer's note: %v\n%s", err, out)
	}
}
