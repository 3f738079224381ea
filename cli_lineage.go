package main

import (
	"fmt"
	"io"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"

	"quango/store"

	"quango/store/markdown"
	"quango/ui/chart"
	"quango/ui/chart/svg"
)

func init() { subcommands = append(subcommands, newLineageCommand) }

func newLineageCommand(a *app) *cobra.Command {
	var mermaid bool
	var pic pictureOptions
	var width int
	cmd := &cobra.Command{
		Use:   "lineage QUERY",
		Short: "Show an entry's family tree: what it came from and what it led to",
		Long: `Show the family tree of one entry: its ancestors (what it came from, and what they came from)
and its descendants (what it led to, and what they led to), each with its years and fate, and
each link with its relation and date.

--mermaid prints a Mermaid flowchart instead, which GitHub and Obsidian draw from a
` + "```mermaid" + ` block.

--svg draws the tree left to right as a standalone SVG picture (to stdout, or to a file with
-o, never over an existing one without --force): a box per entry edged in its fate's colour, an
arrow per link labelled with its relation and date, and a caption naming the catalogue release
and the date. --width is in pixels (480 to 2400, default 960); --theme picks light or dark.`,
		Example: `  quango lineage cfh
  quango lineage "NHS Digital" --mermaid
  quango lineage hscic --svg -o hscic.svg`,
		Args: exactArgs(1, "lineage needs one QUERY, such as an acronym: quango lineage cfh"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			return completeQuery(cmd.Context(), a, args, prefix)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := pic.check(cmd, width); err != nil {
				return err
			}
			switch {
			case pic.svg && mermaid:
				return usageError("--svg and --mermaid draw different things: choose one")
			case !pic.svg && cmd.Flags().Changed("width"):
				return usageError("--width goes with --svg")
			}
			return a.withEntry(ctx, args[0], func(s *store.Store, e *store.Entry) error {
				l, err := s.Lineage(ctx, e.Slug)
				if err != nil {
					return err
				}
				if pic.svg {
					opts := pic.options(width, "The family tree of "+e.Label())
					return pic.write(a, func(w io.Writer) error { return svg.Lineage(w, l, opts) })
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
	cmd.Flags().IntVar(&width, "width", 0, "with --svg: the picture's width in `PIXELS`")
	addPictureFlags(cmd, &pic)
	return cmd
}
