package validate_test

import (
	"testing"

	"github.com/grpodata/grpodata/validate"
	"github.com/grpodata/grpodata/stage/stagetest"
)

func TestStageConformance(t *testing.T) { stagetest.Run(t, validate.Stage, "report.json") }
