package pipeline

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/filter"
	"github.com/grpodata/grpodata/stage"
	_ "github.com/grpodata/grpodata/validate"
)

// A stage built on package stage has its block decoded into its
// configuration at load time: a typo or a bad value fails the load with
// the file and line, before anything (paid generation) runs.
func TestTypedStageOptionsCheckedAtLoad(t *testing.T) {
	cases := []struct {
		name, stages, want string
	}{
		{"unknown key", "  generate: {}\n  filter:\n    min_pass_rate: 0.1\n    max_pas_rate: 0.9\n", ":7: stages.filter.max_pas_rate: unknown option (known: drop_zero_variance,"},
		{"bad value", "  generate: {}\n  filter: {min_pass_rate: high}\n", `:5: stages.filter.min_pass_rate: want a number, got "high"`},
		{"bad enum", "  filter:\n    unscored: sometimes\n", `:5: stages.filter.unscored: "sometimes" is not one of drop, keep`},
		{"check", "  filter: {min_pass_rate: 0.9, max_pass_rate: 0.1}\n", ":4: stages.filter: pass-rate bounds"},
		{"pipeline key", "  validate: {on_fail: maybe}\n", `:4: stages.validate.on_fail: "maybe" is not one of stop, warn`},
		{"validate key", "  validate: {on_fail: warn, min_coverage: lots}\n", `:4: stages.validate.min_coverage: want a number, got "lots"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, path := setup(t, c.stages)
			_, err := Load(path)
			if err == nil || !strings.HasPrefix(err.Error(), path) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %s%s", err, path, c.want)
			}
		})
	}
}

func TestTypedStageRunsWithItsConfiguration(t *testing.T) {
	_, path := setup(t, "  generate: {}\n  filter: {min_pass_rate: 0.25, label_difficulty: true}\n")
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []Invocation
	r := &fakeRunner{}
	run := func(ctx context.Context, inv Invocation) (stage.Summary, error) {
		got = append(got, inv)
		return r.run(ctx, inv)
	}
	if _, err := Run(context.Background(), f, path, "v1", run, io.Discard); err != nil {
		t.Fatal(err)
	}
	cfg, ok := got[1].Config.(*filter.Config)
	if got[1].Stage == nil || got[1].Stage.Describe().Name != "filter" || !ok || cfg.MinPassRate != 0.25 || !cfg.LabelDifficulty || !cfg.DropZeroVariance {
		t.Errorf("filter invocation: %+v", got[1])
	}
}
