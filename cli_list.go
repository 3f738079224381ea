package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"quango/seed"
	"quango/store"
	"quango/store/markdown"
)

func init() { subcommands = append(subcommands, newListCommand) }

type listOptions struct {
	filter      store.Filter
	alive, dead bool
	json, csv   bool
}

func newListCommand(a *app) *cobra.Command {
	var o listOptions
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List entries, filtered and sorted",
		Long: `List the catalogue's entries. Filters combine: every one given must hold.

On a terminal the list is a table, ending with how many entries it shows (with --limit, of how
many: "5 of 426 entries"); in a pipe it is tab-separated text with the columns
slug, acronym, name, kind, start, end, fate. --json prints the same objects as show --json.`,
		Example: `  quango list --dead --kind body
  quango list --fate abolished,merged --from 2000 --to 2010 --sort lifespan --reverse
  quango list --tag npfit --json | jq '.[].name'
  quango list --nation wales,northern-ireland --dead`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runList(cmd.Context(), a, o)
		},
	}
	addFilterFlags(cmd, &o, a)
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array of entries")
	cmd.Flags().BoolVar(&o.csv, "csv", false, "print CSV with a header row")
	cmd.MarkFlagsMutuallyExclusive("json", "csv")
	return cmd
}

// addFilterFlags adds list's filters to cmd; a, when not nil, lets --tag complete the tags in use.
func addFilterFlags(cmd *cobra.Command, o *listOptions, a *app) {
	f := cmd.Flags()
	f.StringSliceVar(&o.filter.Kinds, "kind", nil, "only these `KINDS` (comma-separated): "+strings.Join(seed.Kinds, ", "))
	f.StringSliceVar(&o.filter.Fates, "fate", nil, "only these `FATES` (comma-separated): "+strings.Join(seed.Fates, ", "))
	f.BoolVar(&o.alive, "alive", false, "only entries that are still alive")
	f.BoolVar(&o.dead, "dead", false, "only entries that have ended")
	f.IntVar(&o.filter.From, "from", 0, "only entries alive at some time in or after this `YEAR`")
	f.IntVar(&o.filter.To, "to", 0, "only entries alive at some time in or before this `YEAR`")
	f.StringVar(&o.filter.Tag, "tag", "", "only entries with this `TAG`")
	f.StringSliceVar(&o.filter.Nations, "nation", nil, "only entries that served one of these `NATIONS` (comma-separated): "+strings.Join(seed.Nations, ", "))
	f.StringVar(&o.filter.Sort, "sort", "name", "order by `ORDER`: "+strings.Join(store.SortOrders, ", "))
	f.BoolVar(&o.filter.Reverse, "reverse", false, "reverse the order")
	f.IntVarP(&o.filter.Limit, "limit", "n", 0, "print at most `N` entries (0: all)")
	f.BoolVar(&o.filter.Hidden, "hidden", false, "include built-in entries you have hidden with rm")
	cmd.MarkFlagsMutuallyExclusive("alive", "dead")
	cmd.RegisterFlagCompletionFunc("kind", fixedCompletions(seed.Kinds))
	cmd.RegisterFlagCompletionFunc("fate", fixedCompletions(seed.Fates))
	cmd.RegisterFlagCompletionFunc("nation", fixedCompletions(seed.Nations))
	cmd.RegisterFlagCompletionFunc("sort", fixedCompletions(store.SortOrders))
	for _, name := range []string{"from", "to", "limit"} {
		cmd.RegisterFlagCompletionFunc(name, cobra.NoFileCompletions)
	}
	if a != nil {
		cmd.RegisterFlagCompletionFunc("tag", completeTags(a))
	}
}

// fixedCompletions completes a flag from a closed list, whatever the case of what was typed; after
// a comma (--fate merged,ab) it completes the next value of the list.
func fixedCompletions(values []string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		done, last := "", prefix
		if i := strings.LastIndexByte(prefix, ','); i >= 0 {
			done, last = prefix[:i+1], prefix[i+1:]
		}
		var out []string
		for _, v := range values {
			if c, ok := completion(last, v); ok {
				out = append(out, done+c)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// nationValue reads a --nation value the way people write it: "Northern Ireland", "NI", "Wales".
func nationValue(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), "-"))
	if s == "ni" {
		return "northern-ireland"
	}
	return s
}

// resolvedFilter turns the flags into a store filter, or a usage error.
func (o listOptions) resolvedFilter() (store.Filter, error) {
	f := o.filter
	for i := range f.Kinds {
		f.Kinds[i] = strings.ToLower(strings.TrimSpace(f.Kinds[i]))
	}
	for i := range f.Fates {
		f.Fates[i] = strings.ToLower(strings.TrimSpace(f.Fates[i]))
	}
	for i := range f.Nations {
		f.Nations[i] = nationValue(f.Nations[i])
	}
	switch {
	case o.alive:
		alive := true
		f.Alive = &alive
	case o.dead:
		alive := false
		f.Alive = &alive
	}
	if f.Limit < 0 {
		return f, usageError("--limit must be 0 or more, not %d", f.Limit)
	}
	if err := f.Validate(); err != nil {
		return f, usageError("%s", err)
	}
	return f, nil
}

func runList(ctx context.Context, a *app, o listOptions) error {
	filter, err := o.resolvedFilter()
	if err != nil {
		return err
	}
	entries, err := a.list(ctx, filter)
	if err != nil {
		return err
	}
	switch {
	case o.json:
		if entries == nil {
			entries = []*store.Entry{} // nothing matched: an empty array, never null
		}
		return writeJSON(a.out, entries)
	case o.csv:
		return writeCSV(a.out, entries)
	case isTerminal(a.out):
		total := len(entries)
		if filter.Limit > 0 && total == filter.Limit {
			// --limit may have cut the list short: say what from.
			if total, err = a.countList(ctx, filter); err != nil {
				return err
			}
		}
		return writeTable(a.out, entries, total, a.terminalWidth(), a.colour(a.out))
	}
	return writeTSV(a.out, entries)
}

func (a *app) countList(ctx context.Context, filter store.Filter) (int, error) {
	s, err := a.open(ctx)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	return s.CountList(ctx, filter)
}

func endOrEmpty(e *store.Entry) string {
	if e.End == nil {
		return ""
	}
	return *e.End
}

var listColumns = []string{"slug", "acronym", "name", "kind", "start", "end", "fate"}

func listRow(e *store.Entry) []string {
	return []string{e.Slug, e.Acronym, e.Name, e.Kind, e.Start, endOrEmpty(e), e.Fate}
}

func writeCSV(w io.Writer, entries []*store.Entry) error {
	c := csv.NewWriter(w)
	c.Write(listColumns)
	for _, e := range entries {
		c.Write(listRow(e))
	}
	c.Flush()
	return c.Error()
}

// writeTSV prints one entry a line for cut, awk and sort; tabs and newlines inside fields
// become spaces so a row is always one line of seven fields.
func writeTSV(w io.Writer, entries []*store.Entry) error {
	for _, e := range entries {
		row := listRow(e)
		for i, f := range row {
			row[i] = oneLine(f)
		}
		if _, err := fmt.Fprintln(w, strings.Join(row, "\t")); err != nil {
			return err
		}
	}
	return nil
}

// Lifespan is a short "2002–2011", "2019–" for tables.
func lifespan(e *store.Entry) string {
	return markdown.ShortSpan(e.Start, e.End, e.Approximate)
}

// writeTable prints entries as a table that fits width, then how many they are of the total
// that passed the filters.
func writeTable(w io.Writer, entries []*store.Entry, total, width int, colour bool) error {
	rows := make([][]string, len(entries))
	for i, e := range entries {
		rows[i] = []string{oneLine(e.Acronym), oneLine(e.Name), e.Kind, lifespan(e), e.Fate}
	}
	if err := writeFittedTable(w, []string{"ACRONYM", "NAME", "KIND", "LIVED", "FATE"}, rows, width, colour); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, shownOf(len(entries), total, "entry", "entries"))
	return err
}

// catalogueVersion names the catalogue a note came from.
func catalogueVersion(ctx context.Context, s *store.Store) string {
	v, err := s.CatalogueVersion(ctx)
	if err != nil {
		return seed.Version()
	}
	return v
}

func markdownOptions(ctx context.Context, s *store.Store) markdown.Options {
	return markdown.Options{Version: catalogueVersion(ctx, s), Now: time.Now()}
}

// shownOf is a table's summary: "1 entry", "426 entries", or "5 of 426 entries" when a limit
// left some out; one and many name the things counted.
func shownOf(shown, total int, one, many string) string {
	switch {
	case shown < total:
		return fmt.Sprintf("%d of %d %s", shown, total, many)
	case shown == 1:
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", shown, many)
}
