package cli

import "github.com/grpodata/grpodata/stats"

func init() {
	registerStage(stats.Stage, "with --annotate: write the annotated records here (atomic; may be the input file)")
}
