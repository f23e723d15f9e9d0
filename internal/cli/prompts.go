package cli

import "github.com/grpodata/grpodata/prompts"

func init() { registerStage(prompts.Stage, "write prompt records here (atomic; .gz/.zst compress)") }
