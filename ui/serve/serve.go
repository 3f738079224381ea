// Package serve serves quango over SSH (quango serve): every session with a terminal gets its own
// explorer over one shared store; a session without one runs a read-only command. It is built
// on charm.land/wish and its Bubble Tea middleware.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	charmlog "charm.land/log/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"quango/store"
)

// DefaultListen is loopback only: a server reachable from elsewhere is a choice made with --listen.
const DefaultListen = "127.0.0.1:23234"

// Config is how a server runs. Zero limits take the defaults below.
type Config struct {
	Listen         string // host:port; DefaultListen if empty
	HostKey        string // the host's private key file, created (mode 0600) when missing
	AuthorizedKeys string // an authorized_keys file: only these keys (and the writers) connect; "" admits any key
	Writers        string // an authorized_keys file of the keys that may write; "" means nobody writes

	MaxSessions   int           // sessions open at once
	MaxPerAddress int           // sessions open at once from one source address
	Idle          time.Duration // an explorer with no key pressed this long is closed
	Handshake     time.Duration // a connection must finish the SSH handshake within this
	MaxSession    time.Duration // no session lasts longer

	// Log receives one JSON line per session and per refused connection; never a client.
	Log io.Writer
	// CLI runs a read-only command line for a session without a terminal and returns its exit
	// code. It must refuse every command that writes.
	CLI func(ctx context.Context, args []string, stdout, stderr io.Writer) int
	// Version names the server in the SSH greeting.
	Version string
}

// Defaults for the limits.
const (
	DefaultMaxSessions   = 100
	DefaultMaxPerAddress = 10
	DefaultIdle          = 15 * time.Minute
	DefaultHandshake     = 10 * time.Second
	DefaultMaxSession    = 4 * time.Hour
)

func (c *Config) fill() {
	if c.Listen == "" {
		c.Listen = DefaultListen
	}
	set := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	setD := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	set(&c.MaxSessions, DefaultMaxSessions)
	set(&c.MaxPerAddress, DefaultMaxPerAddress)
	setD(&c.Idle, DefaultIdle)
	setD(&c.Handshake, DefaultHandshake)
	setD(&c.MaxSession, DefaultMaxSession)
	if c.Log == nil {
		c.Log = io.Discard
	}
}

// Server is a running quango SSH server.
type Server struct {
	cfg     Config
	store   *store.Store
	ssh     *ssh.Server
	log     *slog.Logger
	admit   *keyList // nil: any key
	writers *keyList // nil: nobody writes

	mu       sync.Mutex
	sessions map[*session]struct{}
	byAddr   map[string]int // open sessions by source address
	conns    map[string]int // open connections by source address, authenticated or not
	nconns   int
	closing  atomic.Bool

	refused sync.Map // address → the fingerprint of the last key refused from it, for the log

	gen    atomic.Int64 // the store's write generation when last announced
	done   chan struct{}
	stopMu sync.Once
}

// New prepares a server over st, which it shares with every session and never closes.
func New(st *store.Store, cfg Config) (*Server, error) {
	cfg.fill()
	s := &Server{
		cfg: cfg, store: st,
		log:      slog.New(slog.NewJSONHandler(cfg.Log, nil)),
		sessions: map[*session]struct{}{},
		byAddr:   map[string]int{},
		conns:    map[string]int{},
		done:     make(chan struct{}),
	}
	var err error
	if cfg.AuthorizedKeys != "" {
		if s.admit, err = loadKeyList(cfg.AuthorizedKeys); err != nil {
			return nil, err
		}
	}
	if cfg.Writers != "" {
		if s.writers, err = loadKeyList(cfg.Writers); err != nil {
			return nil, err
		}
	}
	// The Bubble Tea middleware reports each explorer a client hung up on as an error, in
	// charm's own log on stderr, which is the session log's place: the session's one log line
	// says how it ended.
	charmlog.SetOutput(io.Discard)
	hostKey, err := LoadOrCreateHostKey(cfg.HostKey)
	if err != nil {
		return nil, err
	}
	version := "quango"
	if cfg.Version != "" {
		version += "_" + cfg.Version
	}
	s.ssh, err = wish.NewServer(
		wish.WithAddress(cfg.Listen),
		wish.WithVersion(sshVersion(version)),
		wish.WithHostKeyPEM(hostKey),
		wish.WithPublicKeyAuth(s.publicKey),
		// Never admits anyone: it only tells a refused key why, where the client shows it.
		wish.WithKeyboardInteractiveAuth(s.explainRefusal),
		func(srv *ssh.Server) error {
			srv.HandshakeTimeout = cfg.Handshake
			// Backstops under the per-session limits, which say why they close a session:
			// these catch a connection that opens no session at all.
			srv.IdleTimeout = cfg.Idle + time.Minute
			srv.MaxTimeout = cfg.MaxSession + time.Minute
			srv.ConnCallback = s.connect
			srv.ConnectionFailedCallback = s.failed
			return nil
		},
		wish.WithMiddleware(
			s.commandLine,
			bubbletea.MiddlewareWithProgramHandler(s.program),
			s.limits,
		),
	)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// sshVersion keeps the greeting to the characters SSH allows in a version.
func sshVersion(v string) string {
	b := []byte(v)
	for i, c := range b {
		if c <= ' ' || c > '~' || c == '-' {
			b[i] = '_'
		}
	}
	return string(b)
}

// Serve accepts connections on ln until Shutdown; it then returns nil.
func (s *Server) Serve(ln net.Listener) error {
	go s.watch()
	err := s.ssh.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Listen opens the configured address.
func (s *Server) Listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s: %w", s.cfg.Listen, err)
	}
	return ln, nil
}

// Shutdown stops accepting connections, tells every session the server is going, closes the
// explorers and waits for the sessions to end; when ctx ends first, it cuts what is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.closing.Store(true)
	s.stopMu.Do(func() { close(s.done) })
	s.mu.Lock()
	open := make([]*session, 0, len(s.sessions))
	for sess := range s.sessions {
		open = append(open, sess)
	}
	s.mu.Unlock()
	for _, sess := range open {
		sess.stop("the server is shutting down")
	}
	if err := s.ssh.Shutdown(ctx); err != nil {
		s.ssh.Close()
		return nil // the deadline passed: what was left is cut, which is what was asked
	}
	return nil
}

// watch announces writes to every open explorer: a session's own (see changed) at once, and
// another process's (the owner's quango note, say) within a second.
func (s *Server) watch() {
	if g, err := s.store.Generation(context.Background()); err == nil {
		s.gen.Store(g)
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-s.done:
			return
		case <-tick.C:
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			// Refresh drops the shared search index when another process wrote.
			s.store.Refresh(ctx)
			g, err := s.store.Generation(ctx)
			cancel()
			if err == nil && s.gen.Swap(g) != g {
				s.announce()
			}
		}
	}
}

// announce tells every explorer to look at the store again, as it does when its terminal
// regains focus; each asks its own catalogue whether anything changed for it.
func (s *Server) announce() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for sess := range s.sessions {
		if p := sess.program.Load(); p != nil {
			go p.Send(tea.FocusMsg{}) // Send waits for the program's loop; the writer must not
		}
	}
}

// changed is called after a session's write.
func (s *Server) changed() {
	if g, err := s.store.Generation(context.Background()); err == nil {
		s.gen.Store(g)
	}
	s.announce()
}

// publicKey admits a key when no allow-list is set or the key is on it (or on the writers').
func (s *Server) publicKey(ctx ssh.Context, key ssh.PublicKey) bool {
	if s.admit == nil {
		return true
	}
	if _, ok := s.admit.find(key); ok {
		return true
	}
	if s.writers != nil {
		if _, ok := s.writers.find(key); ok {
			return true
		}
	}
	fp := gossh.FingerprintSHA256(key)
	ctx.SetValue(refusedKey{}, fp)
	s.refused.Store(ctx.RemoteAddr().String(), fp)
	return false
}

type refusedKey struct{}

// explainRefusal sends a refused client, as a keyboard-interactive instruction, why it was
// refused; it admits nobody.
func (s *Server) explainRefusal(ctx ssh.Context, challenge gossh.KeyboardInteractiveChallenge) bool {
	why := "quango: this server admits SSH public keys only: make one with ssh-keygen"
	if s.admit != nil {
		why = "quango: this server admits only the SSH keys on its list"
		if fp, ok := ctx.Value(refusedKey{}).(string); ok {
			why += "; yours (" + fp + ") is not on it: ask the server's keeper to add it"
		} else {
			why += ": offer yours with ssh -i KEY"
		}
	}
	if ctx.Value(explained{}) == nil { // clients ask again; once is enough
		ctx.SetValue(explained{}, true)
		challenge("", why, nil, nil)
	}
	return false
}

type explained struct{}

// connect bounds connections, authenticated or not, so a flood of handshakes cannot starve the
// sessions: twice the session limits, overall and per address.
func (s *Server) connect(_ ssh.Context, conn net.Conn) net.Conn {
	addr := hostOf(conn.RemoteAddr())
	s.mu.Lock()
	defer s.mu.Unlock()
	reason := ""
	switch {
	case s.closing.Load():
		reason = "the server is shutting down"
	case s.nconns >= 2*s.cfg.MaxSessions:
		reason = fmt.Sprintf("too many connections (%d)", s.nconns)
	case s.conns[addr] >= 2*s.cfg.MaxPerAddress:
		reason = fmt.Sprintf("too many connections from %s (%d)", addr, s.conns[addr])
	}
	if reason != "" {
		s.log.Info("refused", "addr", conn.RemoteAddr().String(), "end", reason)
		return nil
	}
	s.nconns++
	s.conns[addr]++
	return &countedConn{Conn: conn, release: func() {
		s.mu.Lock()
		s.nconns--
		if s.conns[addr]--; s.conns[addr] <= 0 {
			delete(s.conns, addr)
		}
		s.mu.Unlock()
	}}
}

// failed logs a connection that never became a session: a refused key, a handshake that did
// not finish in time, a client that hung up.
func (s *Server) failed(conn net.Conn, err error) {
	addr := conn.RemoteAddr().String()
	why := err.Error()
	var nerr net.Error
	var auth *gossh.ServerAuthError
	switch {
	case errors.As(err, &nerr) && nerr.Timeout():
		why = "the handshake did not finish within " + s.cfg.Handshake.String()
	case errors.As(err, &auth):
		why = "no key it offered is allowed"
	}
	attrs := []any{"addr", addr, "end", why}
	if fp, ok := s.refused.LoadAndDelete(addr); ok {
		attrs = append(attrs, "key", fp)
	}
	s.log.Info("refused", attrs...)
}

// countedConn calls release once, when the connection closes.
type countedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *countedConn) Close() error {
	c.once.Do(c.release)
	return c.Conn.Close()
}

func hostOf(a net.Addr) string {
	if host, _, err := net.SplitHostPort(a.String()); err == nil {
		return host
	}
	return a.String()
}
