package export_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/export"
	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/stage/stagetest"
)

func TestStageConformance(t *testing.T) {
	trl := export.Stage
	trl.Defaults = func() export.Config { c := export.DefaultConfig(); c.Formats = []string{"trl"}; return c }
	stagetest.Run(t, trl, "out.jsonl")
}

// Several formats write one file each into the output folder, with the
// reward file once; the stage lists exactly the files it wrote.
func TestStageSeveralFormatsWriteAFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "export") + "/"
	cfg := export.DefaultConfig()
	cfg.Formats = []string{"verl", "trl", "trl-dpo"}
	if err := export.Stage.Check(&cfg); err != nil {
		t.Fatal(err)
	}
	sum, err := export.Stage.Run(context.Background(), jsonl.Source{Files: []string{goldenInput}, SkipBad: new(jsonl.Skipped)}, jsonl.Sink{Path: dir}, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if all, ok := sum.Value.([]*export.Stats); !ok || len(all) != 3 {
		t.Fatalf("summary value %T, want one Stats per format", sum.Value)
	}
	want := []string{dir + "verl.parquet", dir + "grpodata_reward.py", dir + "trl.jsonl", dir + "trl-dpo.jsonl"}
	if got := export.Stage.Outputs(&cfg, dir); !slices.Equal(got, want) {
		t.Errorf("Outputs = %v, want %v", got, want)
	}
	for _, f := range want {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
	cfg.Formats = []string{"trl", "trl"}
	if err := export.Stage.Check(&cfg); err == nil || !strings.Contains(err.Error(), "given twice") {
		t.Errorf("a format given twice: %v", err)
	}
	cfg.Formats = []string{"trl", "verl"}
	if _, err := export.Stage.Run(context.Background(), jsonl.Source{Files: []string{goldenInput}}, jsonl.Sink{Path: "-"}, &cfg); err == nil {
		t.Error("several formats to stdout must be refused")
	}
}
