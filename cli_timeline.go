package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"

	"quango/store/markdown"
	"quango/ui/chart"
	"quango/ui/chart/svg"
)

func init() { subcommands = append(subcommands, newTimelineCommand) }

func newTimelineCommand(a *app) *cobra.Command {
	var o listOptions
	var width int
	var pic pictureOptions
	var mermaid bool
	cmd := &cobra.Command{
		Use:   "timeline",
		Short: "Draw entries as bars over the years, coloured by fate",
		Long: `Draw every entry that passes the filters as one row: a bar over a year axis from 1990 to
next year. █ marks dated spans, ▒ approximate ones, ▶ the open end of the living, ✕ an abolition
announced but not yet done, and ‹ › a bar that runs beyond the axis.

The filters are those of list; rows are in start order unless --sort says otherwise. On a
terminal the chart is coloured by fate and as wide as the terminal; in a pipe it is plain text,
80 columns wide unless --width says otherwise.

--svg draws the same rows as a standalone SVG picture (to stdout, or to a file with -o, never
over an existing one without --force): bars coloured by fate, approximate dates hatched, a
legend, and a caption naming the catalogue release and the date. With --svg, --width is in
pixels (480 to 2400, default 960) and --theme picks light or dark.

--mermaid prints a Mermaid Gantt chart instead, which GitHub and Obsidian draw from a
` + "```mermaid" + ` block.`,
		Example: `  quango timeline --kind body
  quango timeline --tag npfit --width 120 > npfit.txt
  quango timeline --tag npfit --svg -o npfit.svg --theme dark
  quango timeline --dead --kind body --mermaid`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := pic.check(cmd, width); err != nil {
				return err
			}
			if pic.svg && mermaid {
				return usageError("--svg and --mermaid draw different things: choose one")
			}
			return runTimeline(cmd.Context(), a, o, width, pic, mermaid)
		},
	}
	addFilterFlags(cmd, &o, a)
	// A timeline reads in start order; the help and the manual page say so.
	o.filter.Sort = "start"
	cmd.Flags().Lookup("sort").DefValue = "start"
	cmd.Flags().IntVarP(&width, "width", "w", 0, "`N` columns wide, 20 to 1000 (0: the terminal's width, or 80 in a pipe); with --svg, in pixels")
	cmd.RegisterFlagCompletionFunc("width", cobra.NoFileCompletions)
	cmd.Flags().BoolVar(&mermaid, "mermaid", false, "print a Mermaid Gantt chart")
	addPictureFlags(cmd, &pic)
	return cmd
}

// maxWidth bounds --width: wider than any screen, small enough that a chart of every entry fits
// in memory.
const maxWidth = 1000

func runTimeline(ctx context.Context, a *app, o listOptions, width int, pic pictureOptions, mermaid bool) error {
	filter, err := o.resolvedFilter()
	if err != nil {
		return err
	}
	if !pic.svg && width != 0 && (width < 20 || width > maxWidth) {
		return usageError("--width must be from 20 to %d, not %d", maxWidth, width)
	}
	entries, err := a.list(ctx, filter)
	if err != nil {
		return err
	}
	if mermaid {
		_, err := fmt.Fprint(a.out, markdown.Gantt(entries, time.Now()))
		return err
	}
	if pic.svg {
		opts := pic.options(width, timelineTitle(len(entries)))
		return pic.write(a, func(w io.Writer) error { return svg.Timeline(w, entries, opts) })
	}
	styles, termWidth := cliChartLook(a)
	if width == 0 {
		width = termWidth
	}
	// lipgloss.Fprint brings the colours down to what the terminal can show.
	_, err = lipgloss.Fprint(a.out, chart.RenderTimeline(entries, chart.TimelineOptions{
		Width: width, Now: time.Now(), Cursor: -1, Styles: styles,
	}))
	return err
}

// cliChartLook is how charts are drawn for the CLI: coloured for the terminal's background and
// as wide as it on a terminal; plain and 80 columns in a pipe.
func cliChartLook(a *app) (chart.Styles, int) {
	if !isTerminal(a.out) {
		return chart.Styles{}, 80
	}
	width, dark := a.terminalLook()
	return chart.NewStyles(chart.DefaultPalette(dark), a.colour(a.out)), width
}

// timelineTitle is a timeline picture's default heading.
func timelineTitle(n int) string {
	if n == 1 {
		return "The quango timeline: 1 entry"
	}
	return fmt.Sprintf("The quango timeline: %d entries", n)
}
