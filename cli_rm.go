package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"quango/store"
)

func init() { subcommands = append(subcommands, newRmCommand, newUnhideCommand) }

func newRmCommand(a *app) *cobra.Command {
	var undo bool
	cmd := &cobra.Command{
		Use:   "rm QUERY",
		Short: "Delete an entry you added, or hide a built-in one",
		Long: `Delete an entry you added, with its notes. A built-in entry cannot be deleted: it is
hidden instead (left out of list, search and show unless --hidden), keeping your notes and
edits, and rm --undo (or unhide) shows it again.`,
		Example: `  quango rm my-test-entry
  quango rm npfit && quango rm --undo npfit`,
		Args: exactArgs(1, "rm needs one QUERY: quango rm my-entry"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			if undo && len(args) == 0 {
				return completeEntries(cmd.Context(), a, prefix, hiddenEntries)
			}
			return completeQuery(cmd.Context(), a, args, prefix)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if undo {
				return runUnhide(cmd, a, args[0])
			}
			ctx := cmd.Context()
			return a.withEntry(ctx, args[0], func(s *store.Store, e *store.Entry) error {
				hidden, err := s.Remove(ctx, e.Slug)
				if err != nil {
					return err
				}
				if hidden {
					fmt.Fprintf(a.errOut, "quango: hid %s (built in); quango rm --undo %s shows it again\n", e.Label(), e.Slug)
				} else {
					fmt.Fprintf(a.errOut, "quango: deleted your entry %s\n", e.Label())
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&undo, "undo", false, "show a hidden entry again")
	return cmd
}

func newUnhideCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "unhide QUERY",
		Short:   "Show a hidden built-in entry again (same as rm --undo)",
		Example: `  quango unhide npfit`,
		Args:    exactArgs(1, "unhide needs one QUERY: quango unhide npfit"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return completeEntries(cmd.Context(), a, prefix, hiddenEntries)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUnhide(cmd, a, args[0])
		},
	}
}

func runUnhide(cmd *cobra.Command, a *app, query string) error {
	ctx := cmd.Context()
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	e, err := s.ResolveHidden(ctx, query)
	if err != nil {
		return err
	}
	if err := s.Unhide(ctx, e.Slug); err != nil {
		return err
	}
	fmt.Fprintf(a.errOut, "quango: %s is shown again\n", e.Label())
	return nil
}
