package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"quango/store"
	"quango/store/markdown"
	"quango/ui"
)

func init() { subcommands = append(subcommands, newShowCommand) }

func newShowCommand(a *app) *cobra.Command {
	var asJSON, hidden bool
	cmd := &cobra.Command{
		Use:   "show QUERY",
		Short: "Show one entry: what it was, when it lived, how it ended, its lineage and sources",
		Long: `Show one entry, found by its slug, acronym, an alias or its name (case, spaces and
punctuation do not matter: "care.data", "caredata" and "Care Data" are one query).

On a terminal the entry is rendered; in a pipe it is plain Markdown; --json prints one object.
A query that matches several entries equally well lists them and exits 2; one that matches
none suggests the nearest and exits 1.`,
		Example: `  quango show npfit
  quango show "NHS Digital" --json | jq .successors
  quango show cfh > cfh.md`,
		Args: exactArgs(1, "show needs one QUERY, such as an acronym: quango show npfit"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			return completeQuery(cmd.Context(), a, args, prefix)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			resolve := s.Resolve
			if hidden {
				resolve = s.ResolveHidden
			}
			e, err := resolve(ctx, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.out, e)
			}
			opts := markdownOptions(ctx, s)
			if !isTerminal(a.out) {
				// In a pipe, the note is the one export writes, diagram included.
				if opts.Lineage, err = s.Lineage(ctx, e.Slug); err != nil {
					return err
				}
				_, err := fmt.Fprint(a.out, markdown.Entry(e, opts))
				return err
			}
			opts.Terminal = true // dates held together, each URL whole on its own line
			md := markdown.Entry(e, opts)
			width, dark := terminalLook()
			out, err := ui.RenderMarkdown(md, min(width, 100), dark, a.colour(a.out))
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(a.out, out)
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the entry as a JSON object")
	cmd.Flags().BoolVar(&hidden, "hidden", false, "find entries you have hidden with rm too")
	return cmd
}

// terminalLook asks the terminal for its width and background; only called when stdout is one.
func terminalLook() (width int, dark bool) {
	width, _, err := term.GetSize(os.Stdout.Fd())
	if err != nil || width <= 0 {
		width = 80
	}
	return width, lipgloss.HasDarkBackground(os.Stdin, os.Stdout)
}

// exactArgs is cobra.ExactArgs with a message that says what to type; a blank argument counts
// as missing.
func exactArgs(n int, hint string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n || slices.ContainsFunc(args, func(a string) bool { return strings.TrimSpace(a) == "" }) {
			return usageError("%s", hint)
		}
		return nil
	}
}

// completeQuery offers acronyms and slugs that start with what has been typed.
func completeQuery(ctx context.Context, a *app, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	s, err := a.open(ctx)
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	defer s.Close()
	entries, err := s.List(ctx, store.Filter{})
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var out []string
	lower := strings.ToLower(prefix)
	for _, e := range entries {
		for _, candidate := range []string{e.Acronym, e.Slug} {
			if candidate != "" && strings.HasPrefix(strings.ToLower(candidate), lower) {
				out = append(out, candidate+"\t"+e.Name)
				break
			}
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
