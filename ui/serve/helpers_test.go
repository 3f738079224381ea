package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"quango/store"
)

// lockedBuffer is a bytes.Buffer safe to write from the server's goroutines and read from the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor polls cond for up to d.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type testServer struct {
	srv  *Server
	addr string
	log  *lockedBuffer
}

// echoCLI stands in for quango's command line: it prints its arguments, "fail" exits 3, and
// "block" waits until its session ends.
func echoCLI(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintf(stdout, "args=%q\n", args)
	switch {
	case len(args) > 0 && args[0] == "fail":
		fmt.Fprintln(stderr, "quango: failed")
		return 3
	case len(args) > 0 && args[0] == "block":
		<-ctx.Done()
	}
	return 0
}

// startServer serves st on a free loopback port until the test ends.
func startServer(t testing.TB, st *store.Store, cfg Config) *testServer {
	t.Helper()
	cfg.Listen = "127.0.0.1:0"
	if cfg.HostKey == "" {
		cfg.HostKey = filepath.Join(t.TempDir(), "host_key")
	}
	logs := &lockedBuffer{}
	cfg.Log = logs
	if cfg.CLI == nil {
		cfg.CLI = echoCLI
	}
	srv, err := New(st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := srv.Listen()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return &testServer{srv: srv, addr: ln.Addr().String(), log: logs}
}

// newKey makes a client key and its authorized_keys line with comment.
func newKey(t testing.TB, comment string) (gossh.Signer, string) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(sshPub)))
	if comment != "" {
		line += " " + comment
	}
	return signer, line + "\n"
}

func writeKeys(t testing.TB, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "keys")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func dial(addr string, signer gossh.Signer) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:            "tester",
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), // a test's own server on loopback
		Timeout:         5 * time.Second,
	})
}

func mustDial(t testing.TB, addr string, signer gossh.Signer) *gossh.Client {
	t.Helper()
	c, err := dial(addr, signer)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// command runs cmd without a terminal and returns what it wrote and its exit status.
func command(t testing.TB, c *gossh.Client, cmd string) (stdout, stderr string, code int) {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	var out, errOut bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &errOut
	err = sess.Run(cmd)
	var exit *gossh.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitStatus()
	case err != nil:
		t.Fatalf("%s: %v", cmd, err)
	}
	return out.String(), errOut.String(), code
}

// terminal is an explorer session: a pty, the keys typed and everything the server sent.
type terminal struct {
	sess *gossh.Session
	in   io.WriteCloser
	out  *lockedBuffer
	err  *lockedBuffer
	done chan error
}

func openTerminal(t testing.TB, c *gossh.Client, w, h int) *terminal {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	term := &terminal{sess: sess, out: &lockedBuffer{}, err: &lockedBuffer{}, done: make(chan error, 1)}
	sess.Stdout, sess.Stderr = term.out, term.err
	if term.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { term.done <- sess.Wait() }()
	return term
}

func (term *terminal) typeText(t testing.TB, s string) {
	t.Helper()
	if _, err := io.WriteString(term.in, s); err != nil {
		t.Fatal(err)
	}
}

// exit waits for the session to end and returns its exit status.
func (term *terminal) exit(t testing.TB, d time.Duration) int {
	t.Helper()
	select {
	case err := <-term.done:
		var exit *gossh.ExitError
		if errors.As(err, &exit) {
			return exit.ExitStatus()
		}
		if err != nil {
			t.Fatalf("session: %v", err)
		}
		return 0
	case <-time.After(d):
		t.Fatalf("the session did not end within %s", d)
	}
	return -1
}
