package main

import (
	"fmt"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"

	"quango/store"

	"quango/store/markdown"
	"quango/ui/chart"
)

func init() { subcommands = append(subcommands, newLineageCommand) }

func newLineageCommand(a *app) *cobra.Command {
	var mermaid bool
	cmd := &cobra.Command{
		Use:   "lineage QUERY",
		Short: "Show an entry's family tree: what it came from and what it led to",
		Long: `Show the family tree of one entry: its ancestors (what it came from, and what they came from)
and its descendants (what it led to, and what they led to), each with its years and fate, and
each link with its relation and date.

--mermaid prints a Mermaid flowchart instead, which GitHub and Obsidian draw from a
` + "```mermaid" + ` block.`,
		Example: `  quango lineage cfh
  quango lineage "NHS Digital" --mermaid`,
		Args: exactArgs(1, "lineage needs one QUERY, such as an acronym: quango lineage cfh"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			return completeQuery(cmd.Context(), a, args, prefix)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withEntry(ctx, args[0], func(s *store.Store, e *store.Entry) error {
				l, err := s.Lineage(ctx, e.Slug)
				if err != nil {
					return err
				}
				if mermaid {
					_, err := fmt.Fprint(a.out, markdown.Mermaid(l))
					return err
				}
				styles, width := cliChartLook(a)
				if !isTerminal(a.out) {
					width = 0 // a pipe gets whole lines
				}
				_, err = lipgloss.Fprint(a.out, chart.RenderLineage(l, chart.LineageOptions{Width: width, Cursor: -1, Styles: styles}))
				return err
			})
		},
	}
	cmd.Flags().BoolVar(&mermaid, "mermaid", false, "print a Mermaid flowchart")
	return cmd
}
