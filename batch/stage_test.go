package batch_test

import (
	"testing"

	"github.com/grpodata/grpodata/batch"
	"github.com/grpodata/grpodata/stage/stagetest"
)

func TestStageConformance(t *testing.T) { stagetest.Run(t, batch.Stage, "batches") }
