package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

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
			if hidden && len(args) == 0 {
				return completeEntries(cmd.Context(), a, prefix, anyEntries)
			}
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
			var notFound *store.NotFoundError
			if errors.As(err, &notFound) && !hidden {
				// Hidden, not gone: say so, and how to bring it back.
				if h, herr := s.ResolveHidden(ctx, args[0]); herr == nil && h.Hidden {
					return fmt.Errorf("%s is hidden (quango rm hid it): quango unhide %s shows it again, quango show --hidden %s shows it once", h.Label(), h.Slug, h.Slug)
				}
			}
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
			width, dark := a.terminalLook()
			out, err := ui.RenderMarkdown(md, min(width, 100), dark, a.colour(a.out))
			if err != nil {
				return err
			}
			return a.page(out)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the entry as a JSON object")
	cmd.Flags().BoolVar(&hidden, "hidden", false, "find entries you have hidden with rm too")
	return cmd
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
