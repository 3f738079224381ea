package main

import (
	"errors"
	"fmt"
	"os"
	"slices"

	"charm.land/huh/v2"
	"github.com/spf13/cobra"

	"quango/store"
	"quango/ui/forms"
)

func init() { subcommands = append(subcommands, newAddCommand) }

func newAddCommand(a *app) *cobra.Command {
	var from string
	cmd := &cobra.Command{
		Use:   "add",
		Short: "Add an entry of your own: a form on a terminal, or --from FILE",
		Long: `Add an entry to your database. On a terminal a form asks for it; in a script, --from
reads it from a FILE (or - for stdin) in the catalogue's entry format (seed/FORMAT.md), as a
Markdown export or as JSON. Its relations and parent may name any entry in the database.
A slug that is already used is refused: change that entry with quango edit instead.`,
		Example: `  quango add
  quango add --from nhs-new-body.md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			var items []store.Item
			if from != "" {
				var err error
				if items, err = readItems(from, a.in, a.warn); err != nil {
					return err
				}
				if len(items) == 0 {
					return fmt.Errorf("%s holds no entry", from)
				}
			} else if !isTerminal(a.out) || !isTerminal(os.Stdin) {
				return usageError("add needs a terminal for its form, or --from FILE")
			}
			s, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			slugs, err := s.Slugs(ctx)
			if err != nil {
				return err
			}
			if from == "" {
				var r forms.AddResult
				resolve := func(q string) (string, error) {
					e, err := s.Resolve(ctx, q)
					if err != nil {
						return "", err
					}
					return e.Slug, nil
				}
				editor, _ := forms.FindEditor(a.env) // none: Ctrl+E is off and the form says nothing of it
				c := forms.Config{Taken: func(slug string) bool { return slices.Contains(slugs, slug) }, Resolve: resolve, Editor: editor}
				err := forms.Add(&r, c).WithTheme(huh.ThemeFunc(huh.ThemeCharm)).RunWithContext(ctx)
				if errors.Is(err, huh.ErrUserAborted) {
					return errors.New("add cancelled; nothing saved")
				}
				if err != nil {
					return err
				}
				if err := r.Resolve(resolve); err != nil {
					return err
				}
				e := r.Entry()
				if err := s.Add(ctx, e, r.Note); err != nil {
					return problemsError(err)
				}
				fmt.Fprintf(a.errOut, "quango: added %s\n", e.Slug)
				return nil
			}
			for _, it := range items {
				if slices.Contains(slugs, it.Entry.Slug) {
					return &store.SlugTakenError{Slug: it.Entry.Slug}
				}
			}
			changes, err := s.Import(ctx, items, false)
			if err != nil {
				return problemsError(err)
			}
			for _, c := range changes {
				fmt.Fprintf(a.errOut, "quango: added %s\n", c.Slug)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "read the entry from `FILE` (- for stdin) instead of asking")
	return cmd
}
