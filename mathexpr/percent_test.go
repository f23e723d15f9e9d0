package mathexpr

import "testing"

func TestPercentQuestions(t *testing.T) {
	q := Options{Question: "What percent of the students passed the test?"}
	runEq(t, []eqCase{
		{"bare percent number", `\frac{1}{4}`, `25`, true},
		{"percent sign", `\frac{1}{4}`, `25\%`, true},
		{"the fraction itself", `\frac{1}{4}`, `\frac{1}{4}`, true},
		{"wrong percent", `\frac{1}{4}`, `20`, false},
		{"wrong percent sign", `\frac{1}{4}`, `20\%`, false},
		{"slash fraction", `3/8`, `37.5`, true},
		{"negative", `-\frac{1}{2}`, `-50`, true},
		{"decimal reference stays strict", `0.25`, `25`, false},
		{"percent reference", `25\%`, `25`, true},
		{"percent number reference", `25`, `0.25`, false},
	}, q)
	runEq(t, []eqCase{
		{"no question: bare number is not a percent", `\frac{1}{4}`, `25`, false},
		{"no question: percent sign still counts", `\frac{1}{4}`, `25\%`, true},
	}, Options{})
	runEq(t, []eqCase{
		{"question about a price", `\frac{1}{4}`, `25`, false},
	}, Options{Question: "After a 20% discount, what fraction of the price is left?"})
}

func TestAsksPercent(t *testing.T) {
	for q, want := range map[string]bool{
		"What percent of 80 is 20?":                       true,
		"What percentage of the class are girls?":         true,
		"Express 3/8 as a percent.":                       true,
		"Give the answer as a percentage.":                true,
		"By what percent did the price rise?":             true,
		"Find the percent increase from 40 to 50.":        true,
		"A shirt costs $20 after a 20% discount. Find x.": false,
		"The percentage of girls is 40%. How many boys?":  false,
		"": false,
	} {
		if got := asksPercent(q); got != want {
			t.Errorf("asksPercent(%q) = %v, want %v", q, got, want)
		}
	}
}
