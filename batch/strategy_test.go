package batch_test

import (
	"testing"

	"github.com/grpodata/grpodata/batch"
	"github.com/grpodata/grpodata/batch/batchtest"
)

// Every registered strategy runs the conformance suite, on its defaults
// and on knobs small enough that the suite's inputs span several batches.
func TestStrategyConformance(t *testing.T) {
	small := map[string][]string{
		"static":     {"batch_size=3"},
		"dynamic":    {"max_tokens=20", "batch_size=4"},
		"stratified": {"batch_size=4", "by=category"},
	}
	for _, spec := range batch.Strategies() {
		t.Run(spec.Name, func(t *testing.T) {
			settings, ok := small[spec.Name]
			if !ok {
				t.Fatalf("strategy %s: add its small knobs to this test", spec.Name)
			}
			batchtest.Run(t, spec, settings...)
		})
	}
}
