package verify_test

import (
	"testing"

	"github.com/grpodata/grpodata/stage/stagetest"
	"github.com/grpodata/grpodata/verify"
	_ "github.com/grpodata/grpodata/verify/all"
)

func TestStageConformance(t *testing.T) { stagetest.Run(t, verify.Stage, "out.jsonl") }
