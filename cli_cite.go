package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"quango/store"
	"quango/store/markdown"
)

func init() { subcommands = append(subcommands, newCiteCommand) }

func newCiteCommand(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "cite QUERY",
		Short: "A paragraph to paste about an entry, with its sources",
		Long: `Print one paragraph a journalist can paste about an entry: what it was, when it lived, how it
ended, what came before and after; then its sources.

--format text (the default) or markdown prints the paragraph and numbered sources;
csl-json and bibtex print the sources alone, for reference managers and pandoc --citeproc,
with the keys SLUG-1, SLUG-2, …`,
		Example: `  quango cite npfit
  quango cite cfh --format markdown >> briefing.md
  quango cite npfit --format csl-json > npfit.json && pandoc --citeproc --bibliography npfit.json draft.md`,
		Args: exactArgs(1, "cite needs one QUERY, such as an acronym: quango cite npfit"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			return completeQuery(cmd.Context(), a, args, prefix)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(markdown.CiteFormats, format) {
				return usageError("unknown --format %q (want %s)", format, strings.Join(markdown.CiteFormats, ", "))
			}
			return a.withEntry(cmd.Context(), args[0], func(_ *store.Store, e *store.Entry) error {
				var out string
				switch format {
				case "text":
					out = markdown.CiteText(e, time.Now())
				case "markdown":
					out = markdown.CiteMarkdown(e, time.Now())
				case "csl-json":
					var err error
					if out, err = markdown.CiteCSL(e); err != nil {
						return err
					}
				case "bibtex":
					out = markdown.CiteBibTeX(e)
				}
				_, err := fmt.Fprint(a.out, out)
				return err
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "`FORMAT`: text, markdown, csl-json or bibtex")
	cmd.RegisterFlagCompletionFunc("format", fixedCompletions([]string{"text", "markdown", "csl-json", "bibtex"}))
	return cmd
}
