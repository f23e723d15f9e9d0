package stats_test

import (
	"fmt"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/stats"
)

func ExamplePassAtK() {
	// 16 samples, 5 correct: the chance that at least one of 4 drawn is correct.
	fmt.Printf("%.4f\n", stats.PassAtK(16, 5, 4))
	fmt.Printf("%.4f\n", stats.PassAtK(16, 5, 1)) // pass@1 is the pass rate 5/16
	// Output:
	// 0.8187
	// 0.3125
}

func ExampleAdvantages() {
	fmt.Printf("%.4f\n", stats.Advantages([]float64{1, 0, 1, 0}, stats.GRPO))
	fmt.Println(stats.Advantages([]float64{1, 0, 0, 0}, stats.DrGRPO))
	// Output:
	// [1.0000 -1.0000 1.0000 -1.0000]
	// [0.75 -0.25 -0.25 -0.25]
}

func ExampleGroup() {
	rec := &record.Record{Responses: []record.Response{
		{Text: "a", Score: record.Float(1)}, {Text: "b", Score: record.Float(0)},
		{Text: "c"}, // not verified: left out
		{Text: "d", Score: record.Float(1)},
	}}
	g := stats.Group(rec)
	fmt.Printf("scored %d of %d, mean %.3f, std %.3f, pass rate %.3f, zero variance %v\n",
		g.Scored, g.Responses, g.Mean, g.Std, g.PassRate, g.ZeroVariance)
	// Output:
	// scored 3 of 4, mean 0.667, std 0.471, pass rate 0.667, zero variance false
}

func ExampleAccumulator() {
	acc := stats.NewAccumulator(stats.Options{Ks: []int{1, 2}})
	for _, scores := range [][]float64{{1, 0}, {1, 1}, {0, 0}} {
		rec := &record.Record{Category: "algebra"}
		for _, s := range scores {
			rec.Responses = append(rec.Responses, record.Response{Text: "x", Score: record.Float(s)})
		}
		acc.Add(rec)
	}
	o := acc.Result().Overall
	p2, _ := o.At(2)
	fmt.Printf("groups %d, pass rate %.3f, zero-variance %.3f, pass@2 %.3f\n", o.Groups, o.PassRate, o.ZeroVarianceFraction, p2)
	// Output:
	// groups 3, pass rate 0.500, zero-variance 0.667, pass@2 0.667
}
