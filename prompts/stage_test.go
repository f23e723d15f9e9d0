package prompts_test

import (
	"testing"

	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/prompts"
)

// The stage's configuration is describable (its rows are data set rows,
// not records, so the record conformance suite does not apply).
func TestStageConfig(t *testing.T) {
	cfg := prompts.Stage.NewConfig()
	fields, err := option.Fields(cfg)
	if err != nil || len(fields) != 4 {
		t.Fatalf("fields %v, %v", fields, err)
	}
	if err := option.Set(cfg, "format", "squad"); err != nil {
		t.Fatal(err)
	}
	if err := prompts.Stage.Check(cfg); err == nil {
		t.Error("an unknown format passed the check")
	}
}
