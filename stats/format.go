package stats

import (
	"math"
	"strconv"
)

// The rounding rule every figure shown to a person follows (the stats table
// and the HTML report use these two functions; JSON keeps 6 decimals):
//
//   - scores, means, stds and advantages: 3 decimals (FormatScore, "0.512");
//   - rates in [0,1] (pass rate, pass@k, zero-variance fraction, truncation
//     ratio, coverage): a percent with one decimal (FormatPercent, "51.2%").
//
// Both round half away from zero and never print a negative zero.

// FormatScore prints a score, mean, std or advantage with 3 decimals.
func FormatScore(x float64) string { return fixed(x, 3) }

// FormatPercent prints a fraction as a percent with one decimal: 0.4567 is
// "45.7%".
func FormatPercent(x float64) string { return fixed(100*x, 1) + "%" }

func fixed(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "-"
	}
	p := math.Pow(10, float64(decimals))
	r := math.Round(x*p) / p
	if r == 0 {
		r = 0 // no -0
	}
	return strconv.FormatFloat(r, 'f', decimals, 64)
}
