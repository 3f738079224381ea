package main

import (
	"fmt"
	"io"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"

	"quango/store"
)

func init() { subcommands = append(subcommands, newSearchCommand) }

// searchLimit is how many hits search prints unless told otherwise: a screenful.
const searchLimit = 20

func newSearchCommand(a *app) *cobra.Command {
	var asJSON bool
	var limit int
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Search by acronym, name, alias, initials, a rough spelling or words of the text",
		Long: `Search the catalogue, best match first: an exact acronym or alias, then the start of
one, then the initials of a name ("cfh" is Connecting for Health), then a fuzzy spelling
("hlth edu eng"), then words of the summary and history. Case, spaces and punctuation do
not matter. Equally good matches list the living first, then the most recently started.

On a terminal the hits are a table with the matched letters highlighted, then how many
they are (of how many, when --limit cut them short); in a pipe they are
tab-separated slug, acronym, name, lived, fate and the field that matched; --json prints an
array of {slug, acronym, name, kind, start, end, fate, score, field}. No hit exits 1, with
the nearest acronyms as "did you mean" suggestions.`,
		Example: `  quango search hscic
  quango search "nhs digital" --json | jq '.[0].slug'
  quango search cfh --limit 5`,
		Args: func(_ *cobra.Command, args []string) error {
			if strings.TrimSpace(strings.Join(args, "")) == "" {
				return usageError("search needs a QUERY, such as an acronym: quango search npfit")
			}
			return nil
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			return completeQuery(cmd.Context(), a, args, prefix)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 0 {
				return usageError("--limit must be 0 or more, not %d", limit)
			}
			ctx := cmd.Context()
			s, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			// Several words need no quotes: quango search nhs digital.
			query := strings.Join(args, " ")
			res, err := s.Search(ctx, query, limit)
			if err != nil {
				return err
			}
			if store.Key(query) == "" {
				// No letter or digit ("." or an emoji): nothing to match, whatever Search made of it.
				res.Hits, res.DidYouMean = nil, nil
			}
			if len(res.Hits) == 0 {
				if asJSON {
					// A script still reads an array; the exit status says nothing matched.
					if err := writeJSON(a.out, []searchHit{}); err != nil {
						return err
					}
				}
				return &store.NotFoundError{Query: query, Suggestions: res.DidYouMean}
			}
			switch {
			case asJSON:
				err = writeJSON(a.out, searchJSON(res.Hits))
			case isTerminal(a.out):
				total := len(res.Hits)
				if limit > 0 && total == limit {
					// The limit may have cut the hits short: count them all, undressed.
					if total, err = s.SearchCount(ctx, query); err != nil {
						return err
					}
				}
				err = writeSearchTable(a.out, res.Hits, total, a.terminalWidth(), a.colour(a.out))
			default:
				err = writeSearchTSV(a.out, res.Hits)
			}
			if err != nil {
				return err
			}
			if len(res.DidYouMean) > 0 && !asJSON {
				// Only loose matches were found: the acronym may simply be mistyped.
				fmt.Fprintf(a.errOut, "quango: did you mean %s?\n", labels(res.DidYouMean))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of hits, best first")
	cmd.Flags().IntVarP(&limit, "limit", "n", searchLimit, "print at most `N` hits (0: all)")
	cmd.RegisterFlagCompletionFunc("limit", cobra.NoFileCompletions)
	return cmd
}

// searchHit is one hit in search --json: a stable shape for scripts.
type searchHit struct {
	Slug    string  `json:"slug"`
	Acronym string  `json:"acronym"`
	Name    string  `json:"name"`
	Kind    string  `json:"kind"`
	Start   string  `json:"start"`
	End     *string `json:"end"`
	Fate    string  `json:"fate"`
	Score   int     `json:"score"`
	Field   string  `json:"field"`
}

func searchJSON(hits []store.Hit) []searchHit {
	out := make([]searchHit, len(hits))
	for i, h := range hits {
		e := h.Entry
		out[i] = searchHit{Slug: e.Slug, Acronym: e.Acronym, Name: e.Name, Kind: e.Kind, Start: e.Start,
			End: e.End, Fate: e.Fate, Score: h.Score, Field: h.Field}
	}
	return out
}

func labels(entries []*store.Entry) string {
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Label()
	}
	return strings.Join(names, ", ")
}

// matchedField says what matched for people: an alias is quoted, since the table does not
// otherwise show it.
func matchedField(h store.Hit) (label, alias string, pos []int) {
	if h.Field != store.FieldAlias {
		return h.Field, "", nil
	}
	for i, a := range h.Entry.Aliases {
		if p, ok := h.Matches[store.MatchKey(store.FieldAlias, i)]; ok {
			return "alias", a, p
		}
	}
	return h.Field, "", nil
}

func writeSearchTSV(w io.Writer, hits []store.Hit) error {
	for _, h := range hits {
		e := h.Entry
		row := []string{e.Slug, e.Acronym, e.Name, lifespan(e), e.Fate, h.Field}
		for i, f := range row {
			row[i] = oneLine(f)
		}
		if _, err := fmt.Fprintln(w, strings.Join(row, "\t")); err != nil {
			return err
		}
	}
	return nil
}

// writeSearchTable prints hits as aligned columns, with the matched letters of the acronym, the
// name and a matching alias highlighted when colour is allowed, then how many of the total
// they are.
func writeSearchTable(w io.Writer, hits []store.Hit, total, width int, colour bool) error {
	mark := lipgloss.NewStyle()
	if colour {
		mark = searchMark()
	}
	rows := make([][]string, len(hits))
	for i, h := range hits {
		e := h.Entry
		label, alias, aliasPos := matchedField(h)
		matched := label
		if alias != "" {
			// Shift the alias's positions past the `alias "` prefix.
			prefix := label + ` "`
			shifted := make([]int, len(aliasPos))
			for i, p := range aliasPos {
				shifted[i] = p + len([]rune(prefix))
			}
			matched = highlight(prefix+oneLine(alias)+`"`, shifted, mark)
		}
		rows[i] = []string{highlight(oneLine(e.Acronym), h.Matches[store.FieldAcronym], mark),
			highlight(oneLine(e.Name), h.Matches[store.FieldName], mark), lifespan(e), e.Fate, matched}
	}
	if err := writeFittedTable(w, []string{"ACRONYM", "NAME", "LIVED", "FATE", "MATCHED"}, rows, width, colour); err != nil {
		return err
	}
	summary := shownOf(len(hits), total, "hit", "hits")
	if len(hits) < total {
		summary += " (--limit 0 shows them all)"
	}
	_, err := fmt.Fprintln(w, summary)
	return err
}

// searchMark is how a matched letter looks: it must stand out without colour too.
func searchMark() lipgloss.Style {
	return lipgloss.NewStyle().Bold(true).Underline(true).Foreground(lipgloss.Magenta)
}

// highlight renders the runes of text at pos (ascending) with style; the rest stays plain.
func highlight(text string, pos []int, style lipgloss.Style) string {
	if len(pos) == 0 {
		return text
	}
	var b strings.Builder
	next := 0
	for i, r := range []rune(text) {
		for next < len(pos) && pos[next] < i {
			next++
		}
		if next < len(pos) && pos[next] == i {
			b.WriteString(style.Render(string(r)))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
