// Command quango explores the graveyard of NHS IT bodies, programmes, strategies and systems.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"quango/seed"
	"quango/seed/safetext"
	"quango/store"
	"quango/ui"
)

// version may be set at build time with -ldflags "-X main.version=…"; otherwise it is the module
// version go install stamps into the binary (see buildVersion).
var version = ""

// buildVersion is the version set at build time, else the module version of a go install build
// ("v1.2.0", or a pseudo-version), else "dev" for a build from a checkout.
func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

// Exit codes, documented in the README and in --help.
const (
	exitOK       = 0
	exitError    = 1 // not found, or anything that went wrong
	exitUsage    = 2 // bad usage, or a query that matches several entries
	exitHelpText = `Exit codes: 0 ok; 1 not found or error; 2 usage error or ambiguous query.`
)

// exitCodeError carries a process exit code with an error.
type exitCodeError struct {
	code int
	err  error
}

func (e *exitCodeError) Error() string { return e.err.Error() }
func (e *exitCodeError) Unwrap() error { return e.err }

func usageError(format string, args ...any) error {
	return &exitCodeError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// exitCode maps an error to the process exit code.
func exitCode(err error) int {
	var coded *exitCodeError
	var ambiguous *store.AmbiguousError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &coded):
		return coded.code
	case errors.As(err, &ambiguous):
		return exitUsage
	case isCobraUsageError(err):
		return exitUsage
	}
	return exitError
}

// isCobraUsageError recognises cobra's own argument and flag errors, which it does not type.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument",
		"invalid argument", "accepts ", "requires at least", "requires at most", "if any flags in the group"} {
		if strings.HasPrefix(msg, p) || strings.Contains(msg, " "+p) {
			return true
		}
	}
	return false
}

// app is what every command shares: where output goes and how the database is opened.
type app struct {
	dbPath string
	shared *store.Store // the database quango serve opened for every session; nil opens one

	in     io.Reader
	out    io.Writer
	errOut io.Writer
	env    func(string) string
	opened string // the database file open chose, for messages
}

// warn prints a one-line notice on stderr; it may quote a file name, so it passes the same gate
// as errors.
func (a *app) warn(msg string) { fmt.Fprintf(a.errOut, "quango: %s\n", oneLine(msg)) }

// explain names the database in an error that found it damaged after it opened (a damaged page
// shows only when read), so the message says which file and what to do.
func (a *app) explain(err error) error {
	if store.IsDamaged(err) && a.opened != "" && !strings.Contains(err.Error(), a.opened) {
		return fmt.Errorf("%s is damaged (%w): it was left as it was; restore a backup, or choose another file with --db", a.opened, err)
	}
	return err
}

// open opens the database chosen by --db or QUANGO_DB, else the user's own database file,
// which the first run creates from the built-in catalogue. ":memory:" keeps nothing.
func (a *app) open(ctx context.Context) (*store.Store, error) {
	if a.shared != nil {
		return a.shared.Retain(), nil // the caller's Close leaves it open for the others
	}
	path := a.dbPath
	if path == "" {
		path = a.env("QUANGO_DB")
	}
	if path == "" {
		var err error
		if path, err = defaultDatabase(a.env); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("cannot create the folder for quango's database: %w (choose a file with --db)", err)
		}
	}
	a.opened = path
	s, err := store.Open(ctx, path)
	if errors.Is(err, store.ErrNotQuango) {
		return nil, fmt.Errorf("%w; it was left untouched: choose another file with --db or QUANGO_DB", err)
	}
	if err == nil && isTerminal(a.errOut) {
		s.OnWait(func() {
			fmt.Fprintln(a.errOut, "quango: waiting for another quango to finish writing… (Ctrl+C gives up)")
		})
	}
	return s, err
}

// defaultDatabase is $XDG_DATA_HOME/quango/quango.db, else the platform's folder for user data:
// ~/.local/share on Linux and other Unix systems, the application-support or roaming folder on
// macOS and Windows.
func defaultDatabase(env func(string) string) (string, error) {
	if dir := env("XDG_DATA_HOME"); filepath.IsAbs(dir) { // the spec says to ignore a relative one
		return filepath.Join(dir, "quango", "quango.db"), nil
	}
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "plan9":
		dir, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("no folder for quango's database: %w (choose a file with --db)", err)
		}
		return filepath.Join(dir, "quango", "quango.db"), nil
	}
	home := env("HOME")
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return "", fmt.Errorf("no folder for quango's database: %w (choose a file with --db)", err)
		}
	}
	return filepath.Join(home, ".local", "share", "quango", "quango.db"), nil
}

// withEntry opens the database, resolves query to one entry and runs fn with both: the start of
// every command that acts on one entry.
func (a *app) withEntry(ctx context.Context, query string, fn func(*store.Store, *store.Entry) error) error {
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	e, err := s.Resolve(ctx, query)
	var notFound *store.NotFoundError
	if errors.As(err, &notFound) {
		// Hidden, not gone: say so rather than suggest other entries.
		if h, herr := s.ResolveHidden(ctx, query); herr == nil && h.Hidden {
			return fmt.Errorf("%s is hidden (quango rm hid it): quango unhide %s shows it again", h.Label(), h.Slug)
		}
	}
	if err != nil {
		return err
	}
	return fn(s, e)
}

// list opens the database and returns the entries that pass filter.
func (a *app) list(ctx context.Context, filter store.Filter) ([]*store.Entry, error) {
	s, err := a.open(ctx)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return s.List(ctx, filter)
}

// isTerminal reports whether w is a terminal, so pipes get plain text.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// colour reports whether styled output may go to w.
func (a *app) colour(w io.Writer) bool {
	return isTerminal(w) && a.env("NO_COLOR") == "" && a.env("TERM") != "dumb"
}

// subcommands build quango's commands; each command's file adds itself in an init function, so
// adding a command touches only its own file.
var subcommands []func(*app) *cobra.Command

func newRootCommand(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "quango",
		Short: "Explore the graveyard of NHS IT bodies, programmes, strategies and systems",
		Long: `quango is an explorer for the NHS's IT acronyms and quangos: the bodies, programmes,
strategies and national systems that were launched, renamed, merged and abolished.
Ask what X was, when it lived, how it ended, what came before and after, and where the
source is — and take a Markdown note of it.

` + exitHelpText,
		Args: unknownCommand,
		// An empty --db (an unset variable in a script) would otherwise quietly mean the user's own
		// database.
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("db") && strings.TrimSpace(a.dbPath) == "" {
				return usageError("--db needs a FILE (or :memory:); to use your own database, leave --db out")
			}
			return nil
		},
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// On a terminal, the explorer; in a pipe or a script, the list.
			if !isTerminal(a.out) || !isTerminal(os.Stdin) {
				return runList(cmd.Context(), a, listOptions{})
			}
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close()
			// Damage shows only when a page is read: count the entries (a cheap scan of their
			// table) so a damaged file gets the one-line error the other commands give, not an
			// explorer stuck on "Loading".
			if _, _, err := s.Count(cmd.Context()); err != nil {
				return err
			}
			return ui.Run(cmd.Context(), s, ui.Options{Colour: a.colour(a.out)})
		},
	}
	root.SetOut(a.out)
	root.SetErr(a.errOut)
	root.SuggestionsMinimumDistance = 2 // cobra's own default, which SuggestionsFor does not apply
	// The catalogue's version is a digest of its files: worked out when --version is asked for,
	// not by every command that builds this tree.
	root.Version = buildVersion()
	cobra.AddTemplateFunc("catalogue", func() string {
		return fmt.Sprintf("catalogue release %d, %s", seed.Release(), seed.Version())
	})
	root.SetVersionTemplate("{{.DisplayName}} version {{.Version}} ({{catalogue}})\n")
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "database `FILE` to use instead of $XDG_DATA_HOME/quango/quango.db; :memory: keeps nothing (env QUANGO_DB)")
	for _, newCommand := range subcommands {
		root.AddCommand(newCommand(a))
	}
	// cobra's help and completion commands print help and exit 0 for a word they do not know:
	// make them refuse it, as every other command does.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			help := c.Run
			c.Run = nil
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if target, _, err := root.Find(args); len(args) > 0 && (err != nil || target == root) {
					return usageError("no help for %q (quango --help lists the commands)", strings.Join(args, " "))
				}
				help(cmd, args)
				return nil
			}
		case "completion":
			c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
		}
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &exitCodeError{code: exitUsage, err: flagErrorInWords(err)}
	})
	return root
}

// unknownCommand refuses words after quango that name no command, suggesting the nearest ones
// (cobra suggests only for a root that takes no Args function).
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q", args[0])
	if near := cmd.SuggestionsFor(args[0]); len(near) > 0 {
		msg += "; did you mean " + strings.Join(near, " or ") + "?"
	} else if !strings.HasPrefix(args[0], "-") {
		// Most likely an entry asked for by name, as "quango npfit".
		msg += fmt.Sprintf("; to read an entry: quango show %s", quoteArg(strings.Join(args, " ")))
	}
	return usageError("%s (quango --help lists the commands)", msg)
}

// quoteArg quotes a shell argument that needs it, for a command line to copy.
func quoteArg(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// flagValueWanted says in words what a flag's placeholder stands for.
var flagValueWanted = map[string]string{
	"YEAR":   "a year, like 2010",
	"N":      "a whole number, like 20",
	"PIXELS": "a width in pixels, like 800",
}

// flagErrorInWords says what a flag wanted when its value did not parse, where pflag passes on
// strconv's message (strconv.ParseInt: parsing "2010-05": invalid syntax).
func flagErrorInWords(err error) error {
	var invalid *pflag.InvalidValueError
	if !errors.As(err, &invalid) {
		return err
	}
	f := invalid.GetFlag()
	placeholder, _ := pflag.UnquoteUsage(f)
	want, ok := flagValueWanted[placeholder]
	if !ok {
		return err
	}
	if errors.Is(err, strconv.ErrRange) {
		// A number, but more digits than any count: saying "want a whole number" would puzzle.
		return fmt.Errorf("--%s %q: too large; want %s", f.Name, invalid.GetValue(), want)
	}
	return fmt.Errorf("--%s %q: want %s", f.Name, invalid.GetValue(), want)
}

// exclusiveFlags and strayArgument match cobra's untyped messages for two flags that cannot go
// together and for an argument to a command that takes none; compiled on first use, not while
// every command starts.
var (
	exclusiveFlags = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^if any flags in the group \[[^\]]*\] are set none of the others can be; \[([^\]]*)\] were all set$`)
	})
	strayArgument = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^unknown command ("(?:[^"\\]|\\.)*") for "quango ([a-z]+)"$`)
	})
)

// cobraErrorInWords rewords cobra's messages for misused flags and arguments, which name its
// internals ("the group [alive dead]") or call a stray argument a command.
func cobraErrorInWords(root *cobra.Command, err error) error {
	msg := err.Error()
	if m := exclusiveFlags().FindStringSubmatch(msg); m != nil {
		names := strings.Fields(m[1])
		for i, n := range names {
			names[i] = "--" + n
		}
		last := len(names) - 1
		return usageError("%s and %s cannot be used together", strings.Join(names[:last], ", "), names[last])
	}
	if m := strayArgument().FindStringSubmatch(msg); m != nil {
		if cmd, _, ferr := root.Find([]string{m[2]}); ferr == nil && !cmd.HasSubCommands() {
			return usageError("%s takes no arguments, not %s (see quango %s --help)", m[2], m[1], m[2])
		}
	}
	return err
}

// execute runs the CLI with args and returns the exit code.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer, env func(string) string) int {
	return executeWith(ctx, args, os.Stdin, stdout, stderr, env)
}

// executeWith is execute with stdin given, for commands that read it.
func executeWith(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env func(string) string) int {
	return (&app{in: stdin, out: stdout, errOut: stderr, env: env}).execute(ctx, args)
}

// execute runs the CLI with args as a and returns the exit code.
func (a *app) execute(ctx context.Context, args []string) int {
	root := newRootCommand(a)
	root.SetArgs(args)
	// Plain cobra rather than a themed help: a theme asks the terminal for its background, which a
	// terminal that never answers turns into a wait of seconds on every --help and every error.
	if err := root.ExecuteContext(ctx); err != nil {
		err = cobraErrorInWords(root, err)
		printError(a.errOut, a.explain(err))
		return exitCode(err)
	}
	return exitOK
}

// printError prints err as one line, whatever the terminal: scripts and people both read it. A
// list of problems gets one line each, the first few only, and how many more there are. Nothing
// in it can drive the terminal: an error may quote a file, an argument or a database.
func printError(w io.Writer, err error) {
	var le *linesError
	if !errors.As(err, &le) || len(le.lines) == 1 {
		fmt.Fprintf(w, "quango: %s\n", oneLine(err.Error()))
		return
	}
	fmt.Fprintf(w, "quango: %s:\n", oneLine(le.head))
	for i, line := range le.lines {
		if i == maxErrorLines {
			fmt.Fprintf(w, "  … and %d more\n", len(le.lines)-i)
			break
		}
		fmt.Fprintf(w, "  %s\n", oneLine(line))
	}
}

// maxErrorLines is how many problems an error lists before it only counts the rest.
const maxErrorLines = 10

// linesError is an error made of several problems, each one line.
type linesError struct {
	head  string
	lines []string
}

func (e *linesError) Error() string { return e.head + ": " + strings.Join(e.lines, "; ") }

func oneLine(s string) string {
	return strings.Join(strings.Fields(safetext.VisibleLine(s)), " ")
}

func main() {
	os.Exit(execute(context.Background(), os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}
