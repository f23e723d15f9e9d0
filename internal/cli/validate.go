package cli

import "github.com/grpodata/grpodata/validate"

func init() { registerStage(validate.Stage, "write the report here instead of stdout") }
