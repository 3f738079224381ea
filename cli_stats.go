package main

import (
	"time"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"

	"quango/ui/chart"
)

func init() { subcommands = append(subcommands, newStatsCommand) }

func newStatsCommand(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "The graveyard in numbers: lifespans, births and deaths, survivors, renamings",
		Long: `Count the catalogue: entries by kind and fate; the median and mean lifespan of the dead, by
kind; the shortest- and longest-lived; births and deaths per decade and per year; the oldest
survivors; the longest renaming chains; how many of today's living are younger than ten years.

--json prints one object with, among others, the keys entries, alive, dead,
median_lifespan_years (of the dead) and deaths_by_year (year → count).`,
		Example: `  quango stats
  quango stats --json | jq .median_lifespan_years`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			s, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			st, err := s.Stats(ctx, time.Now())
			if err != nil {
				return err
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
	return cmd
}
