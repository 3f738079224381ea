package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func init() { subcommands = append(subcommands, newBackupCommand) }

func newBackupCommand(a *app) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent copy of your database to FILE",
		Long: `Write a copy of the database (your entries, edits, notes and the catalogue) to FILE with
SQLite's VACUUM INTO: consistent even while another quango is writing. An existing FILE is
replaced only with --force. Open the copy with --db FILE.`,
		Example: `  quango backup ~/quango-$(date +%F).db`,
		Args:    exactArgs(1, "backup needs one FILE: quango backup quango-backup.db"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.Backup(ctx, args[0], force); err != nil {
				return err
			}
			fmt.Fprintf(a.errOut, "quango: backed up to %s\n", args[0])
			return nil
		},
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "replace FILE if it exists")
	return cmd
}
