package serve

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"quango/seed/safetext"
	"quango/ui"
)

// session is one SSH session from admission to its log line.
type session struct {
	sess    ssh.Session
	start   time.Time
	key     string // the key's SHA256 fingerprint
	name    string // the key's comment in the writers' or the allowed list, else its fingerprint
	writer  bool
	program atomic.Pointer[tea.Program] // the explorer, once it runs
	input   atomic.Int64                // when the client last typed (Unix nanoseconds)

	mu     sync.Mutex
	ending string // why the server ended it, said to the client and logged
}

type sessionKey struct{}

func sessionOf(sess ssh.Session) *session {
	s, _ := sess.Context().Value(sessionKey{}).(*session)
	return s
}

// stop ends the session for a reason the client is told: the explorer quits and says why as the
// terminal is given back.
func (ss *session) stop(why string) {
	ss.mu.Lock()
	if ss.ending == "" {
		ss.ending = why
	}
	ss.mu.Unlock()
	if p := ss.program.Load(); p != nil {
		go p.Quit()
	}
}

func (ss *session) endedBy() string {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.ending
}

// limits admits a session or says why not, keeps the count of open ones, and writes the
// session's log line when it ends.
func (s *Server) limits(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		ss := &session{sess: sess, start: time.Now()}
		ss.input.Store(ss.start.UnixNano())
		if key := sess.PublicKey(); key != nil {
			ss.key = gossh.FingerprintSHA256(key)
			ss.name = ss.key
			if s.writers != nil {
				if c, ok := s.writers.find(key); ok {
					ss.writer = true
					ss.name = nameOr(c, ss.key)
				}
			}
			if !ss.writer && s.admit != nil {
				if c, ok := s.admit.find(key); ok {
					ss.name = nameOr(c, ss.key)
				}
			}
		}
		s.refused.Delete(sess.RemoteAddr().String()) // a key refused before this one is no news
		addr := hostOf(sess.RemoteAddr())
		if why := s.admitSession(ss, addr); why != "" {
			fmt.Fprintf(sess.Stderr(), "quango: %s\n", why)
			sess.Exit(1)
			s.logSession(ss, "refused: "+why, 1)
			return
		}
		defer s.leave(ss, addr)
		sess.Context().SetValue(sessionKey{}, ss)
		next(sess)
	}
}

// nameOr is the key's comment from a keys file, else its fingerprint: what a note records as
// its author and the log as the user's name. A comment with control characters, or too long to
// read as a name, is not used.
func nameOr(comment, fingerprint string) string {
	c := strings.TrimSpace(comment)
	if c == "" || safetext.Check(c) != nil || strings.ContainsAny(c, "\n\t") || utf8.RuneCountInString(c) > 64 {
		return fingerprint
	}
	return c
}

func (s *Server) admitSession(ss *session, addr string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closing.Load():
		return "the server is shutting down; try again later"
	case len(s.sessions) >= s.cfg.MaxSessions:
		return fmt.Sprintf("the server is full (%d sessions, its limit); try again later", s.cfg.MaxSessions)
	case s.byAddr[addr] >= s.cfg.MaxPerAddress:
		return fmt.Sprintf("%d sessions from %s are open, this server's limit per address; close one first", s.cfg.MaxPerAddress, addr)
	}
	s.sessions[ss] = struct{}{}
	s.byAddr[addr]++
	return ""
}

func (s *Server) leave(ss *session, addr string) {
	s.mu.Lock()
	delete(s.sessions, ss)
	if s.byAddr[addr]--; s.byAddr[addr] <= 0 {
		delete(s.byAddr, addr)
	}
	s.mu.Unlock()
}

// logSession writes the session's one log line.
func (s *Server) logSession(ss *session, end string, code int) {
	kind := "command"
	if _, _, ok := ss.sess.Pty(); ok {
		kind = "explorer"
	}
	attrs := []any{
		"user", ss.sess.User(), "key", ss.key, "name", ss.name, "addr", ss.sess.RemoteAddr().String(),
		"kind", kind, "writer", ss.writer,
		"duration", time.Since(ss.start).Round(time.Millisecond).String(), "end", end, "exit", code,
	}
	if kind == "command" {
		attrs = append(attrs, "command", ss.sess.Command())
	}
	s.log.Info("session", attrs...)
}

// program builds the explorer for a session with a terminal: its own model over the shared
// store, sized and coloured for the client's terminal. Without a terminal it returns nil and
// the command line runs instead.
func (s *Server) program(sess ssh.Session) *tea.Program {
	pty, _, ok := sess.Pty()
	ss := sessionOf(sess)
	if !ok || ss == nil {
		return nil
	}
	env := append(slices.Clone(sess.Environ()), "TERM="+pty.Term)
	colour := pty.Term != "dumb" && !slices.ContainsFunc(env, func(v string) bool {
		return strings.HasPrefix(v, "NO_COLOR=") && v != "NO_COLOR="
	})
	opts := ui.Options{Colour: colour, Remote: true}
	if !ss.writer {
		opts.ReadOnly = "Read only: your key (" + ss.name + ") is not one of this server's writers"
		if s.writers == nil {
			opts.ReadOnly = "Read only: this server takes no writes"
		}
	}
	cat := newCatalogue(sess.Context(), s, ss)
	m := ui.New(sess.Context(), cat, opts)
	p := tea.NewProgram(m, append(bubbletea.MakeOptions(sess),
		tea.WithInput(&typing{r: sess, ss: ss}),
		tea.WithContext(sess.Context()),
		// The server handles its own signals; one Ctrl+C must not quit every session.
		tea.WithoutSignalHandler(),
	)...)
	ss.program.Store(p)
	go s.expire(ss)
	return p
}

// typing passes the client's keys to the explorer and notes when it last typed.
type typing struct {
	r  io.Reader
	ss *session
}

func (t *typing) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		t.ss.input.Store(time.Now().UnixNano())
	}
	return n, err
}

// expire closes an explorer that has been idle too long or open too long.
func (s *Server) expire(ss *session) {
	every := min(s.cfg.Idle, s.cfg.MaxSession) / 4
	every = max(50*time.Millisecond, min(every, 5*time.Second))
	tick := time.NewTicker(every)
	defer tick.Stop()
	ctx := ss.sess.Context()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			switch {
			case now.Sub(ss.start) >= s.cfg.MaxSession:
				ss.stop("sessions last at most " + s.cfg.MaxSession.String() + " here; connect again to go on")
				return
			case now.Sub(time.Unix(0, ss.input.Load())) >= s.cfg.Idle:
				ss.stop("closed after " + s.cfg.Idle.String() + " without a key pressed")
				return
			}
		}
	}
}

// commandLine runs a session without a terminal as a read-only quango command; after an
// explorer it says why the server ended it, if it did, and logs the session.
func (s *Server) commandLine(_ ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		ss := sessionOf(sess)
		if ss == nil {
			return
		}
		if _, _, ok := sess.Pty(); ok {
			code, end := 0, "quit"
			if why := ss.endedBy(); why != "" {
				fmt.Fprintf(sess.Stderr(), "quango: %s\n", why)
				code, end = 1, why
			} else if sess.Context().Err() != nil {
				end = "client closed"
			}
			sess.Exit(code)
			s.logSession(ss, end, code)
			return
		}
		ctx, cancel := context.WithTimeout(sess.Context(), s.cfg.MaxSession)
		defer cancel()
		code := s.cfg.CLI(ctx, sess.Command(), sess, sess.Stderr())
		end := "exit"
		if ctx.Err() == context.DeadlineExceeded {
			fmt.Fprintf(sess.Stderr(), "quango: commands last at most %s here\n", s.cfg.MaxSession)
			end, code = "max session length", 1
		}
		sess.Exit(code)
		s.logSession(ss, end, code)
	}
}
