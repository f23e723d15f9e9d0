package cli

import "github.com/grpodata/grpodata/batch"

func init() { registerStage(batch.Stage, "output directory for the batches and manifest.json") }
