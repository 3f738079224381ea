//go:build linux

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/charmbracelet/x/ansi"
)

// openPTY opens a pseudo-terminal with nothing but the standard library, so that a test can give
// quango a real terminal as stdout. It returns the terminal and everything written to it, which
// is complete once the terminal is closed.
func openPTY(t *testing.T) (tty *os.File, output func() string) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	var unlock int32
	var n uint32
	for _, c := range []struct {
		req uintptr
		arg unsafe.Pointer
	}{{syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)}, {syscall.TIOCGPTN, unsafe.Pointer(&n)}} {
		if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), c.req, uintptr(c.arg)); errno != 0 {
			master.Close()
			t.Skipf("pseudo-terminal ioctl: %v", errno)
		}
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		t.Skipf("open the pseudo-terminal: %v", err)
	}
	// Drain the terminal as it is written, or a long output would fill its buffer and block.
	var buf bytes.Buffer
	done := make(chan struct{})
	go func() {
		io.Copy(&buf, master) // ends with EIO once the terminal side is closed
		close(done)
	}()
	t.Cleanup(func() { tty.Close(); master.Close() })
	return tty, func() string {
		tty.Close()
		<-done
		return buf.String()
	}
}

// TestColourOnlyOnATerminal: on a terminal the table and the rendered entry are styled; with
// NO_COLOR or TERM=dumb nothing is; export always writes plain Markdown.
func TestColourOnlyOnATerminal(t *testing.T) {
	for _, c := range []struct {
		args   []string
		env    map[string]string
		styled bool
	}{
		{[]string{"list", "--tag", "npfit"}, map[string]string{"TERM": "xterm-256color"}, true},
		{[]string{"list", "--tag", "npfit"}, map[string]string{"TERM": "xterm-256color", "NO_COLOR": "1"}, false},
		{[]string{"list", "--tag", "npfit"}, map[string]string{"TERM": "dumb"}, false},
		{[]string{"show", "npfit"}, map[string]string{"TERM": "xterm-256color"}, true},
		{[]string{"show", "npfit"}, map[string]string{"TERM": "xterm-256color", "NO_COLOR": "1"}, false},
		{[]string{"export", "npfit"}, map[string]string{"TERM": "xterm-256color"}, false},
	} {
		t.Run(strings.Join(c.args, " ")+fmt.Sprint(c.env), func(t *testing.T) {
			tty, output := openPTY(t)
			if !isTerminal(tty) {
				t.Fatal("the pseudo-terminal is not seen as a terminal")
			}
			var errOut bytes.Buffer
			code := execute(context.Background(), c.args, tty, &errOut, hermetic(c.env))
			out := output()
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut.String())
			}
			if styled := strings.Contains(out, "\x1b["); styled != c.styled {
				t.Errorf("styled = %v, want %v:\n%q", styled, c.styled, out[:min(300, len(out))])
			}
			if !strings.Contains(out, "NPfIT") {
				t.Errorf("output lacks the entry:\n%s", out)
			}
		})
	}
}

// TestNoStallOnASilentTerminal runs quango in another process whose standard input, output and
// error are a pseudo-terminal that never answers a query (as under script, some IDE and CI
// terminals, or a serial console): every command must finish well under a second, where asking
// for the background colour the way lipgloss does waits 2 s per attempt. Not parallel; a run over
// a second is measured again against the same command under TERM=dumb, which asks nothing, so
// that a busy machine is not taken for a stall.
func TestNoStallOnASilentTerminal(t *testing.T) {
	run(t, nil, "list", "--limit", "1").check(t, 0) // the shared database exists before timing
	for _, c := range []struct {
		args []string
		env  string
	}{
		{[]string{"--help"}, ""},
		{[]string{"show", "--help"}, ""},
		{[]string{"--version"}, ""},
		{[]string{"list"}, ""},
		{[]string{"show", "npfit"}, ""},
		{[]string{"show", "npfit"}, "NO_COLOR=1"},
		{[]string{"show", "npfit", "--json"}, ""},
		{[]string{"show", "no-such-entry"}, ""},
		{[]string{"search", "granger"}, ""},
		{[]string{"stats"}, ""},
		{[]string{"lineage", "cfh"}, ""},
		{[]string{"timeline"}, ""},
		{[]string{"timeline"}, "NO_COLOR=1"},
		{[]string{"export", "npfit"}, ""},
		{[]string{"list", "--kind", "nonsense"}, ""},
		{[]string{"cite", "npfit"}, ""},
		{[]string{"lineage", "cfh", "--mermaid"}, ""},
		{[]string{"stats", "--json"}, ""},
		{[]string{"unhide", "npfit"}, ""},
		{[]string{"man"}, ""},
		{[]string{"completion", "bash"}, ""},
	} {
		t.Run(strings.Join(c.args, " ")+" "+c.env, func(t *testing.T) {
			took, _ := runOnSilentPTY(t, c.args, c.env)
			if took < time.Second {
				return
			}
			// A busy machine (CI, or tests of other packages alongside) can make any process slow:
			// compare with the same command run where nothing could ask the terminal anything.
			base, _ := runOnSilentPTY(t, c.args, "TERM=dumb")
			if took, out := runOnSilentPTY(t, c.args, c.env); took > base+700*time.Millisecond {
				t.Errorf("took %v on a terminal that never answers, %v where nothing is asked (want well under a second):\n%.300s", took, base, out)
			}
		})
	}
}

// runOnSilentPTY runs quango with a pseudo-terminal for stdin, stdout and stderr whose other end
// reads everything and answers nothing.
func runOnSilentPTY(t *testing.T, args []string, env string) (time.Duration, string) {
	t.Helper()
	tty, output := openPTY(t)
	cmd := child(t, args...)
	cmd.Env = append(cmd.Env, "TERM=xterm-256color", "COLORFGBG=", "NO_COLOR=")
	if env != "" {
		cmd.Env = append(cmd.Env, env)
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	out := output()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return took, out
}

// TestTablesFitTheTerminal: on a terminal 40, 80 or 200 columns wide no line of list's or
// search's table is wider than the terminal, long names are cut with "…", and the columns stay
// aligned (every row's FATE starts where the header's does).
func TestTablesFitTheTerminal(t *testing.T) {
	t.Parallel()
	for _, cols := range []uint16{40, 80, 200} {
		for _, args := range [][]string{{"list"}, {"search", "nhs", "-n", "0"}} {
			tty, output := openPTY(t)
			ws := struct{ rows, cols, x, y uint16 }{24, cols, 0, 0}
			if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, tty.Fd(), syscall.TIOCSWINSZ, uintptr(unsafe.Pointer(&ws))); errno != 0 {
				t.Skipf("set the terminal's size: %v", errno)
			}
			var errOut bytes.Buffer
			if code := execute(context.Background(), args, tty, &errOut, hermetic(map[string]string{"TERM": "xterm-256color"})); code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, errOut.String())
			}
			lines := strings.Split(strings.TrimRight(ansi.Strip(strings.ReplaceAll(output(), "\r\n", "\n")), "\n"), "\n")
			cut := false
			for _, line := range lines {
				if w := ansi.StringWidth(line); w > int(cols) {
					t.Errorf("%v at %d columns: a line is %d wide: %q", args, cols, w, line)
				}
				cut = cut || strings.Contains(line, "…")
			}
			if cols < 200 && !cut {
				t.Errorf("%v at %d columns: no name was cut", args, cols)
			}
			fate := strings.Index(lines[0], "FATE")
			for _, line := range lines[1 : len(lines)-1] {
				if fate < 0 || len([]rune(line)) < fate {
					t.Errorf("%v at %d columns: row shorter than the header's FATE column: %q", args, cols, line)
					break
				}
			}
		}
	}
}

// TestListSummarySaysWhatWasLeftOut: list's and search's tables end with a count of the rows
// shown and, when --limit cut them short, of what they were cut from; the filters narrow both.
func TestListSummarySaysWhatWasLeftOut(t *testing.T) {
	t.Parallel()
	list := func(args ...string) []struct{ Tags []string } {
		var es []struct{ Tags []string }
		r := run(t, nil, append(args, "--json")...)
		r.check(t, 0)
		if err := json.Unmarshal([]byte(r.stdout), &es); err != nil {
			t.Fatal(err)
		}
		return es
	}
	entries := list("list")
	all, npfit := len(entries), len(list("list", "--tag", "npfit"))
	nhs := len(list("search", "nhs", "-n", "0"))
	if nhs <= 20 {
		t.Fatalf("the test needs more than search's 20 hits for nhs, not %d", nhs)
	}
	if npfit < 4 {
		t.Fatalf("the test needs npfit to have at least 4 entries, not %d", npfit)
	}
	tagged := map[string]int{}
	for _, e := range entries {
		for _, tag := range e.Tags {
			tagged[tag]++
		}
	}
	lone := ""
	for tag, n := range tagged {
		if n == 1 {
			lone = tag
			break
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"list", "--limit", "5"}, fmt.Sprintf("5 of %d entries", all)},
		{[]string{"list", "--tag", "npfit", "-n", "3", "--sort", "start"}, fmt.Sprintf("3 of %d entries", npfit)},
		{[]string{"list", "--tag", "npfit", "--limit", strconv.Itoa(npfit)}, fmt.Sprintf("%d entries", npfit)},
		{[]string{"list", "--tag", "npfit", "--limit", "100000"}, fmt.Sprintf("%d entries", npfit)},
		{[]string{"list", "--tag", "npfit"}, fmt.Sprintf("%d entries", npfit)},
		{[]string{"list", "--limit", "1"}, fmt.Sprintf("1 of %d entries", all)},
		{[]string{"list", "--tag", lone}, "1 entry"},
		{[]string{"list", "--tag", "no-such-tag"}, "0 entries"},
		// search cuts at 20 hits unless told otherwise: the table says so.
		{[]string{"search", "nhs"}, fmt.Sprintf("20 of %d hits (--limit 0 shows them all)", nhs)},
		{[]string{"search", "nhs", "-n", "3"}, fmt.Sprintf("3 of %d hits (--limit 0 shows them all)", nhs)},
		{[]string{"search", "nhs", "-n", "0"}, fmt.Sprintf("%d hits", nhs)},
		{[]string{"search", "nhs", "-n", strconv.Itoa(nhs)}, fmt.Sprintf("%d hits", nhs)},
	} {
		tty, output := openPTY(t)
		var errOut bytes.Buffer
		if code := execute(context.Background(), c.args, tty, &errOut, hermetic(map[string]string{"TERM": "dumb"})); code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, errOut.String())
		}
		lines := strings.Split(strings.TrimRight(strings.ReplaceAll(output(), "\r\n", "\n"), "\n"), "\n")
		if last := lines[len(lines)-1]; last != c.want {
			t.Errorf("%v: the summary is %q, want %q", c.args, last, c.want)
		}
	}
}

// TestShowPagesLongEntries: on a terminal shorter than the entry, show goes through $PAGER; on
// one tall enough, it prints straight out.
func TestShowPagesLongEntries(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	paged := filepath.Join(dir, "paged")
	pager := filepath.Join(dir, "pager")
	if err := os.WriteFile(pager, []byte("#!/bin/sh\ncat > "+paged+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, rows := range []uint16{12, 500} {
		os.Remove(paged)
		tty, output := openPTY(t)
		ws := struct{ rows, cols, x, y uint16 }{rows, 80, 0, 0}
		if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, tty.Fd(), syscall.TIOCSWINSZ, uintptr(unsafe.Pointer(&ws))); errno != 0 {
			t.Skipf("set the terminal's size: %v", errno)
		}
		var errOut bytes.Buffer
		if code := execute(context.Background(), []string{"show", "npfit"}, tty, &errOut, hermetic(map[string]string{"TERM": "xterm-256color", "NO_COLOR": "1", "PAGER": pager})); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
		out := output()
		got, err := os.ReadFile(paged)
		if rows == 12 && (err != nil || !strings.Contains(string(got), "NPfIT") || strings.Contains(out, "NPfIT")) {
			t.Errorf("at 12 rows the entry did not go through $PAGER: %v, %d bytes paged, %d printed", err, len(got), len(out))
		}
		if rows == 500 && (err == nil || !strings.Contains(out, "NPfIT")) {
			t.Errorf("at 500 rows the entry was paged (%v) or not printed", err)
		}
	}
}

// TestExplorerRefusesDamagedDatabase: on a terminal, quango with no command meets a database
// damaged where opening does not look with the one-line error every command gives, and exit 1,
// rather than an explorer that shows "Loading" for ever.
func TestExplorerRefusesDamagedDatabase(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "q.db")
	run(t, nil, "--db", db, "stats").check(t, 0)
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Fifty pages of noise in the middle of the file, past what opening checks.
	junk := make([]byte, 50*4096)
	rand.NewChaCha8([32]byte{1}).Read(junk)
	if _, err := f.WriteAt(junk, 100*4096); err != nil {
		t.Fatal(err)
	}
	f.Close()
	tty, output := openPTY(t)
	cmd := child(t, "--db", db)
	cmd.Env = append(cmd.Env, "TERM=xterm-256color", "NO_COLOR=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("the explorer opened on a damaged database:\n%.500s", ansi.Strip(output()))
	}
	out := ansi.Strip(output())
	if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(out, "damaged") || !strings.Contains(out, db) {
		t.Errorf("exit %d (%v), output:\n%.500s", code, err, out)
	}
}

// TestDatabaseNotAFile: a named pipe or a device as the database is refused at once with one
// line and exit 1 (opening the pipe would otherwise wait for a writer for ever).
func TestDatabaseNotAFile(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "pipe.db")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for path, want := range map[string]string{fifo: "is a named pipe", os.DevNull: "is a device"} {
		// In another process, which a test that fails can kill.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		cmd := child(t, "--db", path, "list")
		cmd = exec.CommandContext(ctx, cmd.Path, cmd.Args[1:]...)
		cmd.Env = append(os.Environ(), childEnv+`=["--db",`+strconv.Quote(path)+`,"list"]`)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		cmd.Run()
		timedOut := ctx.Err() != nil
		cancel()
		if timedOut {
			t.Fatalf("--db %s: still waiting after 10s", path)
		}
		result{cmd.ProcessState.ExitCode(), out.String(), errOut.String()}.check(t, 1, path, want)
	}
}
