package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"quango/store/storetest/fixture"
)

// logLines decodes the server's JSON log.
func logLines(t testing.TB, ts *testServer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(ts.log.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("a log line is not JSON: %q", line)
		}
		out = append(out, m)
	}
	return out
}

// findLog waits for a log line with msg whose fields include want.
func findLog(t testing.TB, ts *testServer, msg string, want map[string]string) map[string]any {
	t.Helper()
	var found map[string]any
	waitFor(t, 20*time.Second, "a "+msg+" log line with "+fmt.Sprint(want)+" in:\n"+ts.log.String(), func() bool {
		for _, l := range logLines(t, ts) {
			if l["msg"] != msg {
				continue
			}
			ok := true
			for k, v := range want {
				if s, _ := l[k].(string); !strings.Contains(s, v) {
					ok = false
				}
			}
			if ok {
				found = l
				return true
			}
		}
		return false
	})
	return found
}

// TestCommandWithoutTerminal: a session without a pty runs the command line with the session's
// words, its output and its exit status, and logs one line for it.
func TestCommandWithoutTerminal(t *testing.T) {
	ts := startServer(t, fixture.Open(t), Config{})
	key, _ := newKey(t, "")
	c := mustDial(t, ts.addr, key)
	out, _, code := command(t, c, `show npfit --json`)
	if out != `args=["show" "npfit" "--json"]`+"\n" || code != 0 {
		t.Fatalf("got %q, exit %d", out, code)
	}
	_, errOut, code := command(t, c, "fail")
	if code != 3 || errOut != "quango: failed\n" {
		t.Fatalf("fail: exit %d, stderr %q", code, errOut)
	}
	l := findLog(t, ts, "session", map[string]string{"kind": "command", "end": "exit", "key": "SHA256:"})
	for _, k := range []string{"time", "user", "key", "addr", "duration", "end"} {
		if _, ok := l[k]; !ok {
			t.Errorf("the log line lacks %q: %v", k, l)
		}
	}
}

// TestAllowList: with --authorized-keys, a key on neither list is refused at authentication (and
// logged); listed readers and writers get in.
func TestAllowList(t *testing.T) {
	reader, readerLine := newKey(t, "reader@team")
	writer, writerLine := newKey(t, "writer@team")
	stranger, _ := newKey(t, "")
	ts := startServer(t, fixture.Open(t), Config{AuthorizedKeys: writeKeys(t, "# the team\n", readerLine), Writers: writeKeys(t, writerLine)})
	if c, err := dial(ts.addr, stranger); err == nil {
		c.Close()
		t.Fatal("a key on no list was let in")
	} else if !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("refused with %v", err)
	}
	findLog(t, ts, "refused", map[string]string{"end": "no key it offered is allowed", "key": "SHA256:"})
	for name, key := range map[string]gossh.Signer{"reader": reader, "writer": writer} {
		c, err := dial(ts.addr, key)
		if err != nil {
			t.Fatalf("the %s was refused: %v", name, err)
		}
		if _, _, code := command(t, c, "show npfit"); code != 0 {
			t.Errorf("the %s's command: exit %d", name, code)
		}
		c.Close()
	}
	findLog(t, ts, "session", map[string]string{"name": "reader@team"})
	findLog(t, ts, "session", map[string]string{"name": "writer@team"})
}

// TestHostKey: created on first use, private to its owner, the same on the next start; a key
// others can read is refused.
func TestHostKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "ssh_host_ed25519_key")
	first, err := LoadOrCreateHostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %v, %v; want 0600", info.Mode().Perm(), err)
	}
	again, err := LoadOrCreateHostKey(path)
	if err != nil || string(again) != string(first) {
		t.Fatalf("the key changed on the second start (%v)", err)
	}
	os.Chmod(path, 0o644)
	if _, err := LoadOrCreateHostKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("a world-readable key: %v", err)
	}
}

// TestHandshakeDeadline: a client that connects and never finishes the handshake is dropped at
// the deadline, and the log says why.
func TestHandshakeDeadline(t *testing.T) {
	ts := startServer(t, fixture.Open(t), Config{Handshake: 300 * time.Millisecond})
	conn, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	// The server's greeting arrives; then nothing more is sent, and the server must hang up.
	_, err = io.Copy(io.Discard, conn)
	if err != nil {
		t.Fatalf("the connection was not closed by the server: %v", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Fatalf("dropped after %s, want about 300ms", took)
	}
	findLog(t, ts, "refused", map[string]string{"end": "handshake did not finish within 300ms"})
}

// TestSessionLimits: past the limit a session is refused with the reason, overall and per address,
// and a refused session leaves room for the next.
func TestSessionLimits(t *testing.T) {
	ts := startServer(t, fixture.Open(t), Config{MaxSessions: 2, MaxPerAddress: 5})
	key, _ := newKey(t, "")
	c := mustDial(t, ts.addr, key)
	var blocking []func()
	for range 2 {
		// A connection each: a session's context is its connection's, so closing a channel
		// alone would not end the waiting command.
		bc := mustDial(t, ts.addr, key)
		sess, err := bc.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		if err := sess.Start("block"); err != nil {
			t.Fatal(err)
		}
		blocking = append(blocking, func() { bc.Close() })
	}
	waitFor(t, 20*time.Second, "two open sessions", func() bool {
		ts.srv.mu.Lock()
		defer ts.srv.mu.Unlock()
		return len(ts.srv.sessions) == 2
	})
	_, errOut, code := command(t, c, "show npfit")
	if code != 1 || !strings.Contains(errOut, "the server is full (2 sessions, its limit)") {
		t.Fatalf("a third session: exit %d, %q", code, errOut)
	}
	blocking[0]()
	waitFor(t, 20*time.Second, "a session to close", func() bool {
		ts.srv.mu.Lock()
		defer ts.srv.mu.Unlock()
		return len(ts.srv.sessions) == 1
	})
	if _, _, code := command(t, c, "show npfit"); code != 0 {
		t.Fatalf("after one closed, a session was refused (exit %d)", code)
	}
	blocking[1]()

	per := startServer(t, fixture.Open(t), Config{MaxSessions: 10, MaxPerAddress: 1})
	c = mustDial(t, per.addr, key)
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := sess.Start("block"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 20*time.Second, "one open session", func() bool {
		per.srv.mu.Lock()
		defer per.srv.mu.Unlock()
		return len(per.srv.sessions) == 1
	})
	_, errOut, code = command(t, c, "show npfit")
	if code != 1 || !strings.Contains(errOut, "1 sessions from 127.0.0.1 are open") {
		t.Fatalf("a second session from one address: exit %d, %q", code, errOut)
	}
	findLog(t, per, "session", map[string]string{"end": "refused: 1 sessions from 127.0.0.1"})
}

// TestIdleAndLength: an explorer nobody types in is closed at the idle limit, one in use at the
// session limit; each is told why on its terminal and exits 1.
func TestIdleAndLength(t *testing.T) {
	key, _ := newKey(t, "")
	ts := startServer(t, fixture.Open(t), Config{Idle: 400 * time.Millisecond})
	term := openTerminal(t, mustDial(t, ts.addr, key), 80, 24)
	if code := term.exit(t, 20*time.Second); code != 1 {
		t.Fatalf("idle: exit %d", code)
	}
	if !strings.Contains(term.err.String(), "closed after 400ms without a key pressed") {
		t.Fatalf("idle: stderr %q", term.err.String())
	}

	ts = startServer(t, fixture.Open(t), Config{MaxSession: 600 * time.Millisecond, Idle: time.Minute})
	term = openTerminal(t, mustDial(t, ts.addr, key), 80, 24)
	stop := make(chan struct{})
	go func() { // keep typing: length, not idleness, must end it
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
				io.WriteString(term.in, "a")
			}
		}
	}()
	code := term.exit(t, 20*time.Second)
	close(stop)
	if code != 1 || !strings.Contains(term.err.String(), "sessions last at most 600ms here") {
		t.Fatalf("length: exit %d, stderr %q", code, term.err.String())
	}
}

// TestShutdown: Shutdown tells an open explorer why it closes, ends it, refuses new
// connections and returns within its deadline.
func TestShutdown(t *testing.T) {
	key, _ := newKey(t, "")
	ts := startServer(t, fixture.Open(t), Config{})
	term := openTerminal(t, mustDial(t, ts.addr, key), 80, 24)
	waitFor(t, 20*time.Second, "the explorer", func() bool { return strings.Contains(term.out.String(), "quango") })
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	start := time.Now()
	if err := ts.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 3500*time.Millisecond {
		t.Fatalf("shutdown took %s", took)
	}
	if code := term.exit(t, 20*time.Second); code != 1 || !strings.Contains(term.err.String(), "the server is shutting down") {
		t.Fatalf("exit %d, stderr %q", code, term.err.String())
	}
	if _, err := net.DialTimeout("tcp", ts.addr, time.Second); err == nil {
		t.Fatal("the server still accepts connections")
	}
	findLog(t, ts, "session", map[string]string{"kind": "explorer", "end": "the server is shutting down"})
}
