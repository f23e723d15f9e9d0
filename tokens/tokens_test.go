package tokens_test

import (
	"testing"

	"github.com/grpodata/grpodata/stage/stagetest"
	"github.com/grpodata/grpodata/tokens"
)

func TestStageConformance(t *testing.T) { stagetest.Run(t, tokens.Stage, "tokens.jsonl") }
