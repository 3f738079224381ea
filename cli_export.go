package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"quango/store/atomicfile"
	"quango/store/markdown"
)

func init() { subcommands = append(subcommands, newExportCommand) }

type exportOptions struct {
	list        listOptions
	all         bool
	out         string
	force       bool
	frontMatter bool
	flavour     string
}

func newExportCommand(a *app) *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export [QUERY]",
		Short: "Write entries as Markdown notes, one or all of them",
		Long: `Write one entry as a Markdown note: to stdout, to FILE, or to DIR/<slug>.md when -o names
an existing folder or ends in a slash. With --all, write every entry (the filters of list
apply) into DIR with an index.md that links to each note; links between the notes are
relative, so the folder works on GitHub and in Obsidian.

An existing file is never overwritten without --force: the command stops before writing
anything. Notes are written to a temporary file and renamed into place.

` + exitHelpText,
		Example: `  quango export npfit
  quango export npfit -o notes/
  quango export "NHS Digital" -o nhs-digital.md --front-matter
  quango export --all -o out/
  quango export --all --kind body --dead -o bodies/ --force`,
		Args: func(cmd *cobra.Command, args []string) error {
			if o.all {
				if len(args) > 0 {
					return usageError("export --all writes every entry and takes no QUERY; drop %q or drop --all", args[0])
				}
				return nil
			}
			return exactArgs(1, "export needs one QUERY, such as an acronym (quango export npfit), or --all -o DIR")(cmd, args)
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			if o.all {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return completeQuery(cmd.Context(), a, args, prefix)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.flavour != flavourMarkdown && o.flavour != flavourHugo {
				return usageError("--flavour %q: want %s or %s", o.flavour, flavourMarkdown, flavourHugo)
			}
			if o.all {
				return runExportAll(cmd.Context(), a, o)
			}
			if used := changedFilterFlags(cmd); len(used) > 0 {
				return usageError("--%s only applies with --all; name one entry by QUERY, or add --all -o DIR", used[0])
			}
			return runExportOne(cmd.Context(), a, o, args[0])
		},
	}
	addFilterFlags(cmd, &o.list, a)
	f := cmd.Flags()
	f.BoolVar(&o.all, "all", false, "write every entry that passes the filters, and index.md, into the folder given by -o")
	f.StringVarP(&o.out, "output", "o", "", "write to a file, or to `PATH`/<slug>.md when PATH is a folder or ends in / (none or -: stdout)")
	f.BoolVarP(&o.force, "force", "f", false, "overwrite files that already exist")
	f.BoolVar(&o.frontMatter, "front-matter", false, "add YAML front matter with the structured fields")
	f.StringVar(&o.flavour, "flavour", flavourMarkdown, "`FLAVOUR` of Markdown: "+flavourMarkdown+" (GitHub, Obsidian) or "+flavourHugo+" (with --all, a site the Hugo generator builds)")
	cmd.RegisterFlagCompletionFunc("flavour", fixedCompletions([]string{flavourMarkdown, flavourHugo}))
	return cmd
}

// changedFilterFlags names the list filters given on the command line.
func changedFilterFlags(cmd *cobra.Command) []string {
	// The filter flags are whatever addFilterFlags defines: ask a throwaway command for them.
	probe := &cobra.Command{}
	addFilterFlags(probe, &listOptions{}, nil)
	var used []string
	probe.Flags().VisitAll(func(p *pflag.Flag) {
		if cmd.Flags().Changed(p.Name) {
			used = append(used, p.Name)
		}
	})
	return used
}

func runExportOne(ctx context.Context, a *app, o exportOptions, query string) error {
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	e, err := s.Resolve(ctx, query)
	if err != nil {
		return err
	}
	opts := markdownOptions(ctx, s)
	// A single note links nowhere: no other note is written beside it.
	opts.FrontMatter, opts.Hugo = o.frontMatter, o.flavour == flavourHugo
	if opts.Lineage, err = s.Lineage(ctx, e.Slug); err != nil {
		return err
	}
	md := markdown.Entry(e, opts)
	if o.out == "" || o.out == "-" {
		_, err := fmt.Fprint(a.out, md)
		return err
	}
	dir, name := filepath.Dir(o.out), filepath.Base(o.out)
	if endsInSeparator(o.out) || isDir(o.out) {
		if !markdown.ValidSlug(e.Slug) {
			return fmt.Errorf("entry %q has a slug that cannot be a file name; use -o FILE", e.Slug)
		}
		dir, name = o.out, markdown.FileName(e.Slug)
		if err := makeLastFolder(dir); err != nil {
			return err
		}
	}
	if err := checkFolder(dir); err != nil {
		return err
	}
	target := filepath.Join(dir, name)
	if err := checkTarget(target, o.force); err != nil {
		return err
	}
	if err := writeFileAtomic(dir, name, []byte(md), o.force); err != nil {
		return err
	}
	fmt.Fprintf(a.errOut, "quango: wrote %s\n", target)
	return nil
}

func runExportAll(ctx context.Context, a *app, o exportOptions) error {
	if o.out == "" || o.out == "-" {
		return usageError("export --all needs -o DIR, the folder to write the notes into")
	}
	filter, err := o.list.resolvedFilter()
	if err != nil {
		return err
	}
	dir := o.out
	if err := makeLastFolder(dir); err != nil {
		return err
	}
	if err := checkFolder(dir); err != nil {
		return err
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	entries, err := s.List(ctx, filter)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return errors.New("no entries pass these filters; nothing written")
	}

	exported := make(map[string]bool, len(entries))
	for _, e := range entries {
		if !markdown.ValidSlug(e.Slug) {
			return fmt.Errorf("entry %q has a slug that cannot be a file name; nothing written", e.Slug)
		}
		if markdown.FileName(e.Slug) == markdown.IndexFile {
			return fmt.Errorf("entry %q would overwrite %s; nothing written", e.Slug, markdown.IndexFile)
		}
		exported[e.Slug] = true
	}

	// The notes go into dir; for Hugo, into dir/content beside the site's configuration and
	// layouts, with the index as the home page's content.
	notes, index := dir, markdown.IndexFile
	var site []siteFile
	if o.flavour == flavourHugo {
		notes, index, site = filepath.Join(dir, "content"), markdown.HugoIndexFile, hugoSite
		for _, sub := range []string{notes, filepath.Join(dir, "layouts"), filepath.Join(dir, "layouts", "_default")} {
			if err := os.Mkdir(sub, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("cannot create folder %s: %w", sub, pathErrCause(err))
			}
		}
	}

	// Check every target before writing any, so a refusal leaves the folder as it was.
	targets := make([]string, 0, len(entries)+1+len(site))
	for _, e := range entries {
		targets = append(targets, filepath.Join(notes, markdown.FileName(e.Slug)))
	}
	targets = append(targets, filepath.Join(notes, index))
	for _, f := range site {
		targets = append(targets, filepath.Join(dir, f.path))
	}
	var existing []string
	for _, target := range targets {
		err := checkTarget(target, o.force)
		var exists *existsError
		switch {
		case errors.As(err, &exists):
			existing = append(existing, exists.path)
		case err != nil:
			return err
		}
	}
	if len(existing) > 0 {
		more := ""
		if len(existing) > 1 {
			more = fmt.Sprintf(" (and %d more)", len(existing)-1)
		}
		return fmt.Errorf("%s already exists%s; nothing written; use --force to overwrite", existing[0], more)
	}

	opts := markdownOptions(ctx, s)
	opts.Links, opts.Exported, opts.FrontMatter, opts.Hugo = true, exported, o.frontMatter, o.flavour == flavourHugo
	for _, e := range entries {
		if opts.Lineage, err = s.Lineage(ctx, e.Slug); err != nil {
			return err
		}
		if err := writeFileAtomic(notes, markdown.FileName(e.Slug), []byte(markdown.Entry(e, opts)), o.force); err != nil {
			return err
		}
	}
	if err := writeFileAtomic(notes, index, []byte(markdown.Index(entries, opts)), o.force); err != nil {
		return err
	}
	for _, f := range site {
		path := filepath.Join(dir, f.path)
		if err := writeFileAtomic(filepath.Dir(path), filepath.Base(path), []byte(f.text), o.force); err != nil {
			return err
		}
	}
	if o.flavour == flavourHugo {
		fmt.Fprintf(a.errOut, "quango: wrote a Hugo site with %s to %s (build it with hugo -s %s)\n", plural(len(entries), "note"), dir, dir)
		return nil
	}
	fmt.Fprintf(a.errOut, "quango: wrote %s and %s to %s\n", plural(len(entries), "note"), markdown.IndexFile, dir)
	return nil
}

// makeLastFolder makes dir when only dir itself is missing, as a user of -o out/ expects: a
// mistyped parent is left for checkFolder to report rather than made into a tree of new folders.
func makeLastFolder(dir string) error {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cannot create folder %s: %w", dir, pathErrCause(err))
		}
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func endsInSeparator(path string) bool {
	return strings.HasSuffix(path, "/") || strings.HasSuffix(path, string(filepath.Separator))
}

func isDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

// checkFolder makes sure dir exists, is a folder and takes new files, with an error that says
// what to do when it does not.
func checkFolder(dir string) error {
	info, err := os.Stat(filepath.Clean(dir)) // "file.md/" is a file, not a missing folder
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("folder %s does not exist; create it first (mkdir -p %s)", dir, dir)
	case err != nil:
		return fmt.Errorf("cannot use folder %s: %w", dir, pathErrCause(err))
	case !info.IsDir():
		return fmt.Errorf("%s is a file, not a folder", dir)
	}
	probe, err := os.CreateTemp(dir, ".quango-probe-*")
	if err != nil {
		return fmt.Errorf("cannot write to folder %s: %w", dir, pathErrCause(err))
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

// existsError is a target that is already there and may not be overwritten.
type existsError struct{ path string }

func (e *existsError) Error() string {
	return fmt.Sprintf("%s already exists; use --force to overwrite it", e.path)
}

// checkTarget refuses a path that is a folder, or a file that exists when force is off.
func checkTarget(path string, force bool) error {
	info, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("cannot use %s: %w", path, pathErrCause(err))
	case info.IsDir():
		return fmt.Errorf("%s is a folder; name a file, or give the folder with a trailing /", path)
	case !force:
		return &existsError{path: path}
	}
	return nil
}

// writeFileAtomic writes data to dir/name through a temporary file in the same folder, synced
// before it is renamed into place, so a reader never sees half a note and a failure never damages
// the file that was there. A new file gets 0666 less the umask; an overwritten one keeps its
// permissions. name must be a plain file name. Without force an existing file is left alone, even
// one that appeared after the checks.
func writeFileAtomic(dir, name string, data []byte, force bool) (err error) {
	if name != filepath.Base(name) || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
		return fmt.Errorf("%q is not a plain file name", name)
	}
	target := filepath.Join(dir, name)
	var perm fs.FileMode
	if info, err := os.Stat(target); err == nil && info.Mode().IsRegular() {
		perm = info.Mode().Perm()
	}
	tmp, err := atomicfile.New(target, perm)
	if err != nil {
		return fmt.Errorf("cannot write to folder %s: %w", dir, pathErrCause(err))
	}
	defer tmp.Cleanup()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", target, pathErrCause(err))
	}
	if err := tmp.Commit(force); errors.Is(err, atomicfile.ErrExist) {
		return &existsError{path: target}
	} else if err != nil {
		return fmt.Errorf("write %s: %w", target, pathErrCause(err))
	}
	return nil
}

// pathErrCause drops the operation and path from a *fs.PathError, which the message names
// already, leaving "permission denied" rather than "open out/.x.tmp-123: permission denied".
func pathErrCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
