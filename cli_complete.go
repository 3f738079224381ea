package main

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"quango/store"
)

// Which entries a QUERY argument completes to.
const (
	visibleEntries = iota // what list and show find
	hiddenEntries         // what unhide and rm --undo can bring back
	anyEntries            // show --hidden
)

// completeQuery offers acronyms and slugs that start with what has been typed, whatever its case.
func completeQuery(ctx context.Context, a *app, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return completeEntries(ctx, a, prefix, visibleEntries)
}

// completeEntries offers, for each entry that which allows, its acronym or its slug when either
// starts with prefix. Queries ignore case, but bash and zsh keep only the candidates that start
// with exactly what was typed: a candidate that matches in another case is offered with the typed
// prefix in place of its own ("np" → "npfIT"), which the shells keep and quango still resolves.
func completeEntries(ctx context.Context, a *app, prefix string, which int) ([]string, cobra.ShellCompDirective) {
	s, err := a.open(ctx)
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	defer s.Close()
	entries, err := s.List(ctx, store.Filter{Hidden: which != visibleEntries})
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var out []string
	for _, e := range entries {
		if which == hiddenEntries && !e.Hidden {
			continue
		}
		if c, ok := completion(prefix, e.Acronym, e.Slug); ok {
			out = append(out, c+"\t"+e.Name)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completion picks the first candidate that starts with prefix exactly, else the first that does
// in another case, rewritten to start with prefix.
func completion(prefix string, candidates ...string) (string, bool) {
	for _, c := range candidates {
		if c != "" && strings.HasPrefix(c, prefix) {
			return c, true
		}
	}
	for _, c := range candidates {
		if rest, ok := cutPrefixFold(c, prefix); ok && c != "" {
			return prefix + rest, true
		}
	}
	return "", false
}

// cutPrefixFold is strings.CutPrefix ignoring case (Unicode simple folding), rune by rune, so
// prefixes whose cases differ in length in bytes still match.
func cutPrefixFold(s, prefix string) (string, bool) {
	for prefix != "" {
		p, pn := utf8.DecodeRuneInString(prefix)
		r, rn := utf8.DecodeRuneInString(s)
		if s == "" || !strings.EqualFold(string(p), string(r)) {
			return "", false
		}
		prefix, s = prefix[pn:], s[rn:]
	}
	return s, true
}

// completeTags offers the tags in use that start with what has been typed, whatever its case.
func completeTags(a *app) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		s, err := a.open(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		defer s.Close()
		entries, err := s.List(cmd.Context(), store.Filter{})
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		var tags []string
		for _, e := range entries {
			for _, t := range e.Tags {
				if c, ok := completion(prefix, t); ok {
					tags = append(tags, c)
				}
			}
		}
		slices.Sort(tags)
		return slices.Compact(tags), cobra.ShellCompDirectiveNoFileComp
	}
}

// completeEntryFlag completes a flag whose value names an entry, such as bury --into.
func completeEntryFlag(a *app) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		return completeEntries(cmd.Context(), a, prefix, visibleEntries)
	}
}
