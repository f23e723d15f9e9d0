package cli

import "github.com/grpodata/grpodata/export"

func init() {
	registerStage(export.Stage, "write the dataset here (required; atomic); - is stdout")
}
