package filter_test

import (
	"testing"

	"github.com/grpodata/grpodata/filter"
	"github.com/grpodata/grpodata/stage/stagetest"
)

func TestStageConformance(t *testing.T) { stagetest.Run(t, filter.Stage, "out.jsonl") }
