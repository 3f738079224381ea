package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"quango/store"
)

// TestServeOverOpenSSH runs quango serve and uses it with OpenSSH's own client, two explorers in
// tmux: the reader searches, opens an entry and is resized; the writer notes it and the reader
// sees the note; the reader's write keys are off; a command without a terminal prints what the
// local command prints; a key on no list is refused; SIGTERM ends the server with status 0.
func TestServeOverOpenSSH(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	tools := map[string]string{}
	for _, name := range []string{"ssh", "ssh-keygen", "tmux"} {
		path, err := exec.LookPath(name)
		if err != nil {
			t.Skipf("%s is not installed (apt-get install openssh-client tmux)", name)
		}
		tools[name] = path
	}
	dir := t.TempDir()
	key := func(name string) string {
		path := filepath.Join(dir, name)
		if out, err := exec.Command(tools["ssh-keygen"], "-q", "-t", "ed25519", "-N", "", "-C", name+"@team", "-f", path).CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen: %v\n%s", err, out)
		}
		return path
	}
	reader, writer, stranger := key("reader"), key("writer"), key("stranger")
	pub := func(path string) string {
		b, err := os.ReadFile(path + ".pub")
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	allowed, writers := filepath.Join(dir, "allowed"), filepath.Join(dir, "writers")
	os.WriteFile(allowed, []byte(pub(reader)), 0o600)
	os.WriteFile(writers, []byte(pub(writer)), 0o600)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	db, logFile := filepath.Join(dir, "q.db"), filepath.Join(dir, "serve.log")
	server := child(t, "serve", "--db", db, "--listen", "127.0.0.1:"+port, "--authorized-keys", allowed, "--writers", writers,
		"--log", logFile)
	server.Env = append(server.Env, "XDG_DATA_HOME="+filepath.Join(dir, "data"), "HOME="+dir)
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	defer server.Process.Kill()
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", "127.0.0.1:"+port); err == nil {
			c.Close()
			break
		}
		if time.Since(start) > 20*time.Second {
			t.Fatal("the server did not start listening")
		}
	}
	if info, err := os.Stat(filepath.Join(dir, "data", "quango", "ssh_host_ed25519_key")); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("host key: %v %v", info, err)
	}

	sshArgs := func(key string) []string {
		return []string{"-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
			"-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-i", key, "-p", port}
	}
	remote := func(key string, args ...string) result {
		cmd := exec.Command(tools["ssh"], append(append(sshArgs(key), "127.0.0.1"), args...)...)
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		code := 0
		if exit, ok := err.(*exec.ExitError); ok {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return result{code, out.String(), errOut.String()}
	}

	// Without a terminal: the same output and exit status as quango run here.
	for _, args := range [][]string{{"show", "npfit", "--json"}, {"show", "nonesuch"}} {
		local := run(t, nil, append([]string{"--db", db}, args...)...)
		if got := remote(reader, args...); got != local {
			t.Errorf("ssh … %s: %+v\nlocally: %+v", strings.Join(args, " "), got, local)
		}
	}
	if got := remote(reader, "note", "npfit", "hi"); got.code != 2 || !strings.Contains(got.stderr, `"note" is not available over SSH`) {
		t.Errorf("a reader's note on the command line: %+v", got)
	}
	if got := remote(stranger, "show", "npfit"); got.code != 255 || !strings.Contains(got.stderr, "Permission denied") {
		t.Errorf("a key on no list: %+v", got)
	}

	// Two explorers in tmux.
	conf := filepath.Join(dir, "tmux.conf")
	os.WriteFile(conf, []byte("set -s escape-time 0\n"), 0o644)
	sock := filepath.Join(dir, "tmux.sock")
	tmux := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(tools["tmux"], append([]string{"-S", sock, "-f", conf}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	explorer := func(name, key string) {
		shell := "TERM=xterm-256color " + tools["ssh"] + " -t " + strings.Join(sshArgs(key), " ") + " 127.0.0.1; echo exit=$?; sleep 60"
		tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", "sh", "-c", shell)
	}
	explorer("reader", reader)
	t.Cleanup(func() { exec.Command(tools["tmux"], "-S", sock, "kill-server").Run() })
	explorer("writer", writer)
	see := func(session string, want ...string) string {
		t.Helper()
		var s string
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			s = tmux("capture-pane", "-p", "-t", session)
			ok := true
			for _, w := range want {
				ok = ok && strings.Contains(s, w)
			}
			if ok {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: waited for %q; the screen is:\n%s", session, want, s)
			}
		}
	}
	keys := func(session string, k ...string) { tmux(append([]string{"send-keys", "-t", session}, k...)...) }

	see("reader", "entries", "Read only: your key (reader@team) is not one of this server's writers")
	keys("reader", "npfit")
	see("reader", "National Programme for IT")
	keys("reader", "Enter")
	see("reader", "quango › NPfIT", "Lived")
	keys("reader", "n")
	if s := see("reader", "Read only: your key"); strings.Contains(s, "› note") {
		t.Fatalf("a reader's n opened the note form:\n%s", s)
	}

	see("writer", "entries")
	keys("writer", "npfit")
	see("writer", "National Programme for IT")
	keys("writer", "Enter")
	see("writer", "quango › NPfIT")
	keys("writer", "n")
	see("writer", "NPfIT › note")
	keys("writer", "-l", "Checked against the 2011 announcement.")
	keys("writer", "Enter")
	see("writer", "Noted on NPfIT")

	// The reader's open entry reloads with the note and its author, at its bottom.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		keys("reader", "G")
		s := tmux("capture-pane", "-p", "-t", "reader")
		if strings.Contains(s, "Checked against the 2011 announcement.") && strings.Contains(s, "writer@team") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the reader never saw the writer's note:\n%s", s)
		}
	}

	tmux("resize-window", "-t", "reader", "-x", "60", "-y", "20")
	s := see("reader", "quango › NPfIT")
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if len([]rune(line)) > 60 {
			t.Fatalf("after the resize a line is %d wide:\n%s", len([]rune(line)), s)
		}
	}
	keys("reader", "C-c")
	see("reader", "exit=0")

	// SIGTERM: the writer's open explorer is told, and the server exits 0.
	if err := server.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- server.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the server ended with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not stop within 10s of SIGTERM")
	}
	see("writer", "quango: the server is shutting down", "exit=1")

	// One JSON line per session, none refused by mistake, the writer's note attributed.
	f, err := os.Open(logFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ends := map[string]int{}
	for sc := bufio.NewScanner(f); sc.Scan(); {
		var l map[string]any
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		end, _ := l["end"].(string)
		ends[l["msg"].(string)+": "+end]++
	}
	for line, n := range map[string]int{"session: exit": 3, "session: quit": 1, "session: the server is shutting down": 1} {
		if ends[line] != n {
			t.Errorf("%d log lines %q, want %d (all: %v)", ends[line], line, n, ends)
		}
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e, err := st.Resolve(context.Background(), "npfit")
	if err != nil || len(e.Notes) != 1 || e.Notes[0].Author != "writer@team" {
		t.Fatalf("npfit's notes: %+v (%v)", e, err)
	}
}
