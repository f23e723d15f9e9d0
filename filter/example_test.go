package filter_test

import (
	"fmt"

	"github.com/grpodata/grpodata/filter"
	"github.com/grpodata/grpodata/record"
)

func ExampleApply() {
	cfg := filter.DefaultConfig()
	cfg.LabelDifficulty = true
	for _, scores := range [][]float64{{1, 1, 1, 1}, {1, 0, 0, 0}, {1, 1, 1, 0}} {
		rec := &record.Record{}
		for _, s := range scores {
			rec.Responses = append(rec.Responses, record.Response{Text: "x", Score: record.Float(s)})
		}
		reason, g, label := filter.Apply(rec, cfg)
		if reason != filter.Kept {
			fmt.Printf("pass rate %.2f: dropped (%s)\n", g.PassRate, reason)
			continue
		}
		fmt.Printf("pass rate %.2f: kept, %s\n", g.PassRate, label)
	}
	// Output:
	// pass rate 1.00: dropped (zero_variance)
	// pass rate 0.25: kept, hard
	// pass rate 0.75: kept, easy
}
