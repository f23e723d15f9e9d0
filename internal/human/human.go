// Package human holds the small helpers that word numbers for people in
// the stages' text summaries (percentages, plurals), so every summary says
// them the same way.
package human

import "fmt"

// Percent is 100*n/d, 0 when d is 0.
func Percent(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}

// Plural is "1 record" or "3 records".
func Plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
