package report_test

import (
	"testing"

	"github.com/grpodata/grpodata/report"
	"github.com/grpodata/grpodata/stage/stagetest"
)

func TestStageConformance(t *testing.T) { stagetest.Run(t, report.Stage, "report.html") }
