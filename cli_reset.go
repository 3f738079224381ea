package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"quango/seed/safetext"
	"quango/store"
)

func init() { subcommands = append(subcommands, newResetCommand) }

func newResetCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "reset QUERY [FIELD…]",
		Short: "Drop your edits to a built-in entry, or to some of its fields",
		Long: `Put a built-in entry back as the catalogue has it: all your edits to it, or only the
FIELDs named (their JSON names, as "show --json" lists them under "edited": end, fate, fate_note…).
Your notes on it and whether it is hidden are not edits and stay. An entry you added yourself has
no catalogue version: quango rm deletes it.`,
		Example: `  quango reset nhs-england            # every edit of yours
  quango reset cfh fate end fate_note  # only these fields`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 || strings.TrimSpace(args[0]) == "" {
				return usageError("reset needs a QUERY: quango reset nhs-england [FIELD…]")
			}
			for _, f := range args[1:] {
				if !slices.Contains(store.EntryFields, fieldName(f)) {
					return usageError("%q is not a field; fields are %s", f, strings.Join(store.EntryFields, ", "))
				}
			}
			return nil
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return store.EntryFields, cobra.ShellCompDirectiveNoFileComp
			}
			return completeQuery(cmd.Context(), a, args, prefix)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var only []string
			for _, f := range args[1:] {
				only = append(only, fieldName(f))
			}
			return a.withEntry(ctx, args[0], func(s *store.Store, e *store.Entry) error {
				reset, err := s.Reset(ctx, e.Slug, only)
				var none *store.NoEditsError
				if errors.As(err, &none) && len(none.Edited) == 0 {
					// An entry with no edits at all is already what reset asks for: say so, and succeed.
					fmt.Fprintf(a.errOut, "quango: %s has no edits of yours\n", safetext.VisibleLine(e.Label()))
					return nil
				}
				if err != nil {
					return problemsError(err)
				}
				fmt.Fprintf(a.errOut, "quango: reset %s: %s as the catalogue has it\n", safetext.VisibleLine(e.Label()), strings.Join(reset, ", "))
				return nil
			})
		},
	}
}

// fieldName accepts a field as typed: fate-note and FATE_NOTE mean fate_note.
func fieldName(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_")
}
