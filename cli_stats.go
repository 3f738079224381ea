package main

import (
	"io"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"

	"quango/ui/chart"
	"quango/ui/chart/svg"
)

func init() { subcommands = append(subcommands, newStatsCommand) }

func newStatsCommand(a *app) *cobra.Command {
	var asJSON bool
	var pic pictureOptions
	var width int
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "The graveyard in numbers: lifespans, births and deaths, survivors, renamings",
		Long: `Count the catalogue: entries by kind and fate; the median and mean lifespan of the dead, by
kind; the shortest- and longest-lived; births and deaths per decade and per year; the oldest
survivors; the longest renaming chains; how many of today's living are younger than ten years.

--json prints one object with, among others, the keys entries, alive, dead,
median_lifespan_years (of the dead), deaths_by_year (year → count) and dead_by_lifespan_years
(years lived, to the nearest year → count of the dead, one-offs left out).

--svg draws births and deaths per year and the lifespans of the dead as a standalone SVG
picture (to stdout, or to a file with -o, never over an existing one without --force), with a
caption naming the catalogue release and the date. --width is in pixels (480 to 2400, default
960); --theme picks light or dark.`,
		Example: `  quango stats
  quango stats --json | jq .median_lifespan_years
  quango stats --svg --theme dark -o graveyard.svg`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if err := pic.check(cmd, width); err != nil {
				return err
			}
			switch {
			case pic.svg && asJSON:
				return usageError("--svg and --json are different outputs: choose one")
			case !pic.svg && cmd.Flags().Changed("width"):
				return usageError("--width goes with --svg")
			}
			s, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			st, err := s.Stats(ctx, time.Now())
			if err != nil {
				return err
			}
			if pic.svg {
				opts := pic.options(width, "The graveyard in numbers")
				return pic.write(a, func(w io.Writer) error { return svg.Stats(w, st, opts) })
			}
			if asJSON {
				return writeJSON(a.out, st)
			}
			styles, width := cliChartLook(a)
			_, err = lipgloss.Fprint(a.out, chart.RenderStats(st, chart.StatsOptions{Width: min(width, 100), Styles: styles}))
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the numbers as a JSON object")
	cmd.Flags().IntVar(&width, "width", 0, "with --svg: the picture's width in `PIXELS`")
	addPictureFlags(cmd, &pic)
	return cmd
}
