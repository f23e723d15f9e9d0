package stats

import "testing"

func TestFormat(t *testing.T) {
	for _, tt := range []struct {
		x            float64
		score, perct string
	}{
		{0, "0.000", "0.0%"},
		{1, "1.000", "100.0%"},
		{0.4567, "0.457", "45.7%"},
		{0.0005, "0.001", "0.1%"}, // half away from zero
		{0.00049, "0.000", "0.0%"},
		{-0.0001, "0.000", "0.0%"}, // no negative zero
		{-1.23456, "-1.235", "-123.5%"},
		{2.0 / 3, "0.667", "66.7%"},
	} {
		if got := FormatScore(tt.x); got != tt.score {
			t.Errorf("FormatScore(%v) = %q, want %q", tt.x, got, tt.score)
		}
		if got := FormatPercent(tt.x); got != tt.perct {
			t.Errorf("FormatPercent(%v) = %q, want %q", tt.x, got, tt.perct)
		}
	}
}
