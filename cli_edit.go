package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"quango/seed"
	"quango/store"
	"quango/ui/forms"
)

func init() { subcommands = append(subcommands, newEditCommand) }

func newEditCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "edit QUERY",
		Short: "Edit an entry in $EDITOR, in the catalogue's entry format",
		Long: `Open the entry in $VISUAL or $EDITOR, in the catalogue's entry format (seed/FORMAT.md).
When the editor closes the entry is checked; if something is wrong the editor opens again with
the problems at the top, and nothing is saved until the entry is valid. Saving the file
unchanged, or emptying it, cancels. A built-in entry's changed fields become your edits: they
stay in force through catalogue updates and are marked as yours.`,
		Example: `  quango edit npfit
  EDITOR="code -w" quango edit care-data`,
		Args: exactArgs(1, "edit needs one QUERY: quango edit npfit"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			return completeQuery(cmd.Context(), a, args, prefix)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withEntry(ctx, args[0], func(s *store.Store, e *store.Entry) error {
				src, err := s.Source(ctx, e.Slug)
				if err != nil {
					return err
				}
				return editLoop(a, s, src, cmd)
			})
		},
	}
}

// editLoop opens the editor until the entry is valid and saved, or the user cancels.
func editLoop(a *app, s *store.Store, src seed.Entry, cmd *cobra.Command) error {
	dir, err := os.MkdirTemp("", "quango-edit-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, src.Slug+".md")
	original := FormatEntry(src)
	shown := original
	for {
		if err := os.WriteFile(path, shown, 0o600); err != nil {
			return err
		}
		if err := runEditor(a, path); err != nil {
			return err
		}
		saved, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := stripProblems(saved)
		switch {
		case len(bytes.TrimSpace(text)) == 0:
			return errors.New("edit cancelled (the file was emptied); nothing saved")
		case bytes.Equal(saved, shown) || bytes.Equal(text, original):
			return errors.New("edit cancelled (the file was not changed); nothing saved")
		}
		// A parse error, a changed slug or a validation problem is the user's to fix in the
		// editor; anything else ends the edit.
		e, problem := seed.Parse(src.Slug+".md", text)
		if problem == nil && e.Slug != src.Slug {
			problem = fmt.Errorf("slug: the slug cannot change here (it was %q); add a new entry instead", src.Slug)
		}
		if problem == nil && bytes.Equal(bytes.TrimSpace(entryBody(text)), bytes.TrimSpace(entryBody(original))) {
			// The text was not touched: keep it as stored. Read back from the file, a summary of
			// several paragraphs would split into summary and history, and spacing would change.
			e.Summary, e.History = src.Summary, src.History
		}
		if problem == nil {
			e.File = src.Slug + ".md"
			changed, err := s.Update(cmd.Context(), e)
			var ps seed.Problems
			switch {
			case errors.Is(err, store.ErrNoChange):
				return errors.New("edit cancelled (nothing changed); nothing saved")
			case err == nil:
				fmt.Fprintf(a.errOut, "quango: saved %s: %s\n", src.Slug, strings.Join(changed, ", "))
				return nil
			case !errors.As(err, &ps):
				return err
			}
			problem = err
		}
		shown = withProblems(text, problem)
	}
}

// entryBody is the text after an entry file's front matter, or nil when it has none.
func entryBody(data []byte) []byte {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil
	}
	_, body, ok := bytes.Cut(data[4:], []byte("\n---\n"))
	if !ok {
		return nil
	}
	return body
}

// problemMark starts each line of problems put above the entry; they are removed on save.
const problemMark = "# quango: "

func withProblems(text []byte, err error) []byte {
	var b bytes.Buffer
	b.WriteString(problemMark + "not saved: fix these lines, or save an empty file to cancel\n")
	for _, line := range strings.Split(err.Error(), "\n") {
		b.WriteString(problemMark + line + "\n")
	}
	b.Write(text)
	return b.Bytes()
}

func stripProblems(data []byte) []byte {
	for bytes.HasPrefix(data, []byte(problemMark)) {
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			data = data[i+1:]
		} else {
			data = nil
		}
	}
	return data
}

// runEditor runs the editor quango chooses everywhere (forms.FindEditor: $VISUAL, $EDITOR or vi,
// with its arguments, like "code -w") on path.
func runEditor(a *app, path string) error {
	words, err := forms.FindEditor(a.env)
	if err != nil {
		return fmt.Errorf("%w; nothing saved", err)
	}
	c := exec.Command(words[0], append(words[1:], path)...)
	c.Stdin, c.Stdout, c.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := c.Run(); err != nil {
		return fmt.Errorf("the editor %q failed: %w; nothing saved", strings.Join(words, " "), err)
	}
	return nil
}

// FormatEntry writes an entry in the catalogue's file format: YAML front matter, then its text.
func FormatEntry(e seed.Entry) []byte {
	var front bytes.Buffer
	enc := yaml.NewEncoder(&front)
	enc.SetIndent(2)
	enc.Encode(e) // a seed.Entry is plain data: it always encodes
	enc.Close()
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(front.Bytes())
	b.WriteString("---\n")
	b.WriteString(e.Summary + "\n")
	if e.History != "" {
		b.WriteString("\n" + e.History + "\n")
	}
	return b.Bytes()
}
