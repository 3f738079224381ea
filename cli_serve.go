package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"quango/store"
	"quango/ui/serve"
)

func init() { subcommands = append(subcommands, newServeCommand) }

// shutdownGrace is how long sessions have to close after SIGTERM or SIGINT.
const shutdownGrace = 5 * time.Second

func newServeCommand(a *app) *cobra.Command {
	var cfg serve.Config
	var logPath string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the explorer to a team over SSH",
		Long: `Serve quango over SSH: ssh -p 23234 HOST opens the explorer, each session its own over
this one database, sized and coloured for the client's terminal. Without a terminal, a
session runs a read-only command and exits with its code:
  ssh -p 23234 HOST show npfit --json

Public keys only. With --authorized-keys, only the keys in that file (and in --writers)
may connect; without it, any key may read. Only the keys in --writers may add, bury and
note; their notes and burials record the key's comment (else its fingerprint). Both files
are in authorized_keys form and are read again when they change.

The host key is created on first run in quango's data folder (readable by its owner only)
and reused. One JSON log line per session goes to stderr or --log FILE. SIGTERM or SIGINT
stops taking connections, tells the sessions, and exits 0 within a few seconds.

` + exitHelpText,
		Example: `  quango serve
  quango serve --listen 0.0.0.0:23234 --authorized-keys team.keys --writers editors.keys --log serve.log`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd.Context(), a, cfg, logPath)
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Listen, "listen", serve.DefaultListen, "host:port `ADDR` to listen on; loopback unless you choose otherwise")
	f.StringVar(&cfg.HostKey, "host-key", "", "the host's private key `FILE`, created when missing (default: ssh_host_ed25519_key in quango's data folder)")
	f.StringVar(&cfg.AuthorizedKeys, "authorized-keys", "", "only the keys in this authorized_keys `FILE` (and in --writers) may connect")
	f.StringVar(&cfg.Writers, "writers", "", "the keys in this authorized_keys `FILE` may add, bury and note")
	f.StringVar(&logPath, "log", "", "append the JSON log lines to `FILE` instead of stderr")
	f.IntVar(&cfg.MaxSessions, "max-sessions", serve.DefaultMaxSessions, "sessions open at once")
	f.IntVar(&cfg.MaxPerAddress, "max-per-address", serve.DefaultMaxPerAddress, "sessions open at once from one address")
	f.DurationVar(&cfg.Idle, "idle", serve.DefaultIdle, "close an explorer after this long without a key pressed")
	f.DurationVar(&cfg.Handshake, "handshake", serve.DefaultHandshake, "drop a connection that has not finished the SSH handshake by then")
	f.DurationVar(&cfg.MaxSession, "max-session", serve.DefaultMaxSession, "close any session after this long")
	return cmd
}

func runServe(ctx context.Context, a *app, cfg serve.Config, logPath string) error {
	for name, v := range map[string]int{"--max-sessions": cfg.MaxSessions, "--max-per-address": cfg.MaxPerAddress} {
		if v < 1 {
			return usageError("%s must be at least 1", name)
		}
	}
	for name, v := range map[string]time.Duration{"--idle": cfg.Idle, "--handshake": cfg.Handshake, "--max-session": cfg.MaxSession} {
		if v <= 0 {
			return usageError("%s must be a positive duration, such as 15m", name)
		}
	}
	if cfg.HostKey == "" {
		db, err := defaultDatabase(a.env)
		if err != nil {
			return err
		}
		cfg.HostKey = filepath.Join(filepath.Dir(db), "ssh_host_ed25519_key")
	}
	cfg.Log = a.errOut
	if logPath != "" {
		f, err := os.OpenFile(logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return fmt.Errorf("cannot open the log: %w", err)
		}
		defer f.Close()
		cfg.Log = f
	}
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	cfg.Version = version
	cfg.CLI = func(ctx context.Context, args []string, stdout, stderr io.Writer) int {
		return executeRemote(ctx, st, args, stdout, stderr)
	}
	srv, err := serve.New(st, cfg)
	if err != nil {
		return err
	}
	ln, err := srv.Listen()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	stop() // a second signal now kills at once
	shut, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	srv.Shutdown(shut)
	<-served
	return nil
}

// remoteCommands are the commands a session without a terminal may run: they only read.
var remoteCommands = []string{"show", "search", "list", "export", "cite", "lineage", "timeline", "stats", "help"}

// executeRemote runs a command line from an SSH session over the server's database, with the
// session as its output, as quango would run it locally in a pipe; commands that write, and
// flags that would reach the server's files, are refused.
func executeRemote(ctx context.Context, st *store.Store, args []string, stdout, stderr io.Writer) int {
	a := &app{shared: st, in: strings.NewReader(""), out: stdout, errOut: stderr, env: func(string) string { return "" }}
	if err := refuseRemote(a, args); err != nil {
		fmt.Fprintf(stderr, "quango: %s\n", err)
		return exitCode(err)
	}
	return a.execute(ctx, args)
}

func refuseRemote(a *app, args []string) error {
	name := ""
	for _, arg := range args {
		if arg == "--db" || strings.HasPrefix(arg, "--db=") {
			return usageError("--db is not available over SSH: the server chose its database")
		}
		if name == "" && !strings.HasPrefix(arg, "-") {
			name = arg
		}
	}
	if name == "" {
		return nil // the list, as quango prints it in a pipe, or --help or --version
	}
	var offered []string
	for _, c := range newRootCommand(a).Commands() {
		if slices.Contains(remoteCommands, c.Name()) && c.Name() != "help" {
			offered = append(offered, c.Name())
		}
	}
	if !slices.Contains(offered, name) && name != "help" {
		return usageError("%q is not available over SSH, where the command line only reads (%s); writes are made in the explorer, by the keys the server lets write",
			name, strings.Join(offered, ", "))
	}
	if name == "export" {
		for i, arg := range args {
			out := ""
			switch {
			case arg == "--all":
				return usageError("export --all writes files, which is not done over SSH: export one entry to stdout")
			case arg == "-o" || arg == "--output":
				if i+1 < len(args) {
					out = args[i+1]
				}
			case strings.HasPrefix(arg, "--output="):
				out = strings.TrimPrefix(arg, "--output=")
			case strings.HasPrefix(arg, "-o"):
				out = strings.TrimPrefix(arg, "-o")
			default:
				continue
			}
			if out != "-" {
				return usageError("export over SSH writes to stdout only: drop -o")
			}
		}
	}
	return nil
}
