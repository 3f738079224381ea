//go:build linux

package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHangupRestoresTheTerminal: a closed terminal window sends SIGHUP; the explorer then gives
// the terminal back as it found it (main screen, cursor shown, no mouse tracking), as it does
// on SIGINT and SIGTERM. tmux keeps the pane, so its modes can be read afterwards.
func TestHangupRestoresTheTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed (apt-get install tmux)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "quango")
	build := exec.Command("go", "build", "-o", bin, "quango")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	sock := filepath.Join(dir, "tmux.sock")
	tm := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(tmux, append([]string{"-S", sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	status := filepath.Join(dir, "status")
	shell := "env HOME=" + dir + " TERM=xterm-256color " + bin + " --db " + filepath.Join(dir, "q.db") + "; echo $? > " + status + "; sleep 60"
	tm("new-session", "-d", "-s", "hup", "-x", "80", "-y", "24", "sh", "-c", shell)
	t.Cleanup(func() { exec.Command(tmux, "-S", sock, "kill-server").Run() })
	modes := func() string {
		return tm("display", "-p", "-t", "hup", "#{alternate_on} #{cursor_flag} #{mouse_any_flag}")
	}

	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(tm("capture-pane", "-p", "-t", "hup"), "f1 help") {
		if time.Now().After(deadline) {
			t.Fatalf("the explorer did not start:\n%s", tm("capture-pane", "-p", "-t", "hup"))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if m := modes(); !strings.HasPrefix(m, "1 ") {
		t.Fatalf("the explorer is not on the alternate screen: %q", m)
	}
	shellPID := tm("display", "-p", "-t", "hup", "#{pane_pid}")
	children, err := os.ReadFile("/proc/" + shellPID + "/task/" + shellPID + "/children")
	if err != nil || len(strings.Fields(string(children))) != 1 {
		t.Skipf("cannot find quango's process: %v %q", err, children)
	}
	var pid int
	for _, c := range strings.TrimSpace(string(children)) {
		pid = pid*10 + int(c-'0')
	}
	if err := syscall.Kill(pid, syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(status); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("quango did not end on SIGHUP")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if m := modes(); m != "0 1 0" {
		t.Errorf("after SIGHUP: alternate screen, cursor shown, mouse tracking = %q, want \"0 1 0\"", m)
	}
}
