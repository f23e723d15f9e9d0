package stats_test

import (
	"testing"

	"github.com/grpodata/grpodata/stage/stagetest"
	"github.com/grpodata/grpodata/stats"
)

func TestStageConformance(t *testing.T) {
	annotating := stats.Stage
	annotating.Defaults = func() stats.StageConfig {
		c := stats.DefaultStageConfig()
		c.Annotate = true
		return c
	}
	stagetest.Run(t, annotating, "annotated.jsonl")
}
