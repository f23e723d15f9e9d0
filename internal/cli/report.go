package cli

import "github.com/grpodata/grpodata/report"

func init() { registerStage(report.Stage, "write the report here (- for stdout)") }
