package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"quango/seed"
	"quango/seed/safetext"
	"quango/store"
)

func init() { subcommands = append(subcommands, newBuryCommand, newNoteCommand) }

func newBuryCommand(a *app) *cobra.Command {
	var b store.Burial
	cmd := &cobra.Command{
		Use:   "bury QUERY --end DATE --fate FATE",
		Short: "Record that an entry has ended: when, how, and what came next",
		Long: `Record an entry's end in your database: its end date, its fate, optionally what it
became or what took over (--into, any entry), a note and a source. It is kept as your edit:
catalogue updates never undo it, show marks the fields as yours, and quango reset undoes it.

Without --note the entry keeps its fate note. An end after today is an announced end, not a
death: the entry stays active with its end announced today and an event on the date it is due.`,
		Example: `  quango bury nhs-england --end 2027-04 --fate abolished --into dhsc --note "Folded into the department."
  quango bury care-data --end 2016-07-06 --fate closed --source https://example.org/closure`,
		Args: exactArgs(1, "bury needs one QUERY: quango bury npfit --end 2011 --fate cancelled"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			return completeQuery(cmd.Context(), a, args, prefix)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if b.End == "" || b.Fate == "" {
				return usageError("bury needs --end DATE and --fate FATE: quango bury npfit --end 2011 --fate cancelled")
			}
			if _, err := seed.ParseDate(b.End); err != nil {
				return usageError("--end: %v", err)
			}
			if !slices.Contains(seed.Fates[1:], b.Fate) {
				return usageError("--fate %q: want one of %s", b.Fate, strings.Join(seed.Fates[1:], ", "))
			}
			if b.Relation != "" && strings.TrimSpace(b.Into) == "" {
				return usageError("--relation goes with --into, the entry it relates to: --into dhsc --relation absorbed_by")
			}
			if b.Relation != "" && !slices.Contains(seed.RelationTypes, b.Relation) {
				return usageError("--relation %q: want one of %s", b.Relation, strings.Join(seed.RelationTypes, ", "))
			}
			if b.Source != "" {
				if err := seed.CheckURL(b.Source); err != nil {
					return usageError("--source: %v", err)
				}
			}
			ctx := cmd.Context()
			return a.withEntry(ctx, args[0], func(s *store.Store, e *store.Entry) error {
				if b.Into != "" {
					into, err := s.Resolve(ctx, b.Into)
					if err != nil {
						return fmt.Errorf("--into: %w", err)
					}
					b.Into = into.Slug
				}
				if err := s.Bury(ctx, e.Slug, b); err != nil {
					return problemsError(err)
				}
				if after, err := s.Get(ctx, e.Slug); err == nil && after.Fate == "active" {
					fmt.Fprintf(a.errOut, "quango: %s is still active; its end (%s) is announced for %s\n", safetext.VisibleLine(e.Label()), b.Fate, b.End)
					return nil
				}
				fmt.Fprintf(a.errOut, "quango: buried %s: %s %s\n", e.Label(), b.Fate, b.End)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&b.End, "end", "", "when it ended, or is due to end: `DATE` as YYYY, YYYY-MM or YYYY-MM-DD (required)")
	f.StringVar(&b.Fate, "fate", "", "how it ended, a `FATE`: "+strings.Join(seed.Fates[1:], ", ")+" (required)")
	f.StringVar(&b.Into, "into", "", "what it became or what took over: a `QUERY` naming any entry")
	f.StringVar(&b.Relation, "relation", "", "the `RELATION` to --into (by default, from the fate): "+strings.Join(seed.RelationTypes, ", "))
	f.StringVar(&b.Note, "note", "", "a note: `TEXT` kept as the fate note (else the entry keeps its own) and as a dated note")
	f.StringVar(&b.Source, "source", "", "the `URL` of a page that states the end")
	cmd.RegisterFlagCompletionFunc("fate", fixedCompletions(seed.Fates[1:]))
	cmd.RegisterFlagCompletionFunc("relation", fixedCompletions(seed.RelationTypes))
	cmd.RegisterFlagCompletionFunc("into", completeEntryFlag(a))
	for _, name := range []string{"end", "note", "source"} {
		cmd.RegisterFlagCompletionFunc(name, cobra.NoFileCompletions)
	}
	return cmd
}

func newNoteCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "note QUERY TEXT",
		Short: "Attach a dated note of your own to an entry",
		Long: `Attach a note, dated today, to an entry. Notes show in the entry's view and in a
"Notes" section of its Markdown export; catalogue updates never touch them.`,
		Example: `  quango note npfit "Checked against the NAO's 2011 report."`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 || strings.TrimSpace(args[0]) == "" || strings.TrimSpace(strings.Join(args[1:], " ")) == "" {
				return usageError(`note needs a QUERY and a TEXT: quango note npfit "what I found"`)
			}
			return nil
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			return completeQuery(cmd.Context(), a, args, prefix)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withEntry(ctx, args[0], func(s *store.Store, e *store.Entry) error {
				if err := s.AddNote(ctx, e.Slug, strings.Join(args[1:], " ")); err != nil {
					return err
				}
				fmt.Fprintf(a.errOut, "quango: noted on %s\n", e.Label())
				return nil
			})
		},
	}
}
