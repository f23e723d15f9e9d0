package validate_test

import (
	"testing"

	"github.com/grpodata/grpodata/stage/stagetest"
	"github.com/grpodata/grpodata/validate"
)

func TestStageConformance(t *testing.T) { stagetest.Run(t, validate.Stage, "report.json") }
