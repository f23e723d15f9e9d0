package cli

import "github.com/grpodata/grpodata/tokens"

func init() { registerStage(tokens.Stage, "write the counts here instead of stdout") }
