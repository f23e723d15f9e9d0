package cli

import (
	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/augment"
)

func init() {
	registerStageWith(augment.Stage, "write originals and new records here (atomic)", stageHooks{
		flags: func(c *cobra.Command) {
			c.Flags().Bool("show-templates", false, "print the default templates and exit")
		},
		before: func(cmd *cobra.Command, s *Streams) (bool, error) {
			show, _ := cmd.Flags().GetBool("show-templates")
			if show {
				return true, augment.ShowTemplates(s.Out)
			}
			return false, nil
		},
	})
}
