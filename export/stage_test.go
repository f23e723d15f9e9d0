package export_test

import (
	"testing"

	"github.com/grpodata/grpodata/export"
	"github.com/grpodata/grpodata/stage/stagetest"
)

func TestStageConformance(t *testing.T) {
	trl := export.Stage
	trl.Defaults = func() export.Config { c := export.DefaultConfig(); c.Format = "trl"; return c }
	stagetest.Run(t, trl, "out.jsonl")
}
