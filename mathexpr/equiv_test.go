package mathexpr

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestEquivalentReasons pins the verdict and reason of representative cases.
func TestEquivalentReasons(t *testing.T) {
	tests := []struct {
		ref, cand string
		equal     bool
		reason    string
	}{
		{`\frac{1}{2}`, `0.5`, true, "exact"},
		{`\frac{1}{3}`, `0.3333`, false, "different value"},
		{`\pi`, `3.14`, false, "decimal approximation"},
		{`\frac{\sqrt2}{2}`, `\frac{1}{\sqrt2}`, true, "numeric"},
		{`2x+3`, `3+2x`, true, "numeric"},
		{`\sqrt{x^2}`, `x`, false, "different expression"},
		{`\{1,2\}`, `2, 1`, true, "set"},
		{`\{1,2\}`, `1`, false, "set mismatch"},
		{`[0,1)`, `[0,1]`, false, "interval mismatch"},
		{`(1,2)`, `(2,1)`, false, "tuple mismatch"},
		{`(B)`, `B`, true, "choice"},
		{`(B)`, `C`, false, "different choice"},
		{`\emptyset`, `no solution`, true, "empty set"},
		{`\emptyset`, `0`, false, "empty set mismatch"},
		{`5`, `\frac{1}{`, false, "candidate does not parse"},
		{`5`, ``, false, "empty candidate"},
		{`5`, `5`, true, "identical"},
		{`\infty`, `-\infty`, false, "infinity mismatch"},
		{`x^2+y^2=1`, `y^2+x^2=1`, true, "equation"},
		{`yes`, `No`, false, "text mismatch"},
		{`\frac{1}{0}`, `1`, false, "undefined value"},
		{`1, 2`, `[1, 2]`, false, "shape mismatch"},
	}
	for _, tc := range tests {
		got, err := Equivalent(context.Background(), tc.ref, tc.cand, Options{})
		if err != nil {
			t.Errorf("Equivalent(%q, %q): %v", tc.ref, tc.cand, err)
			continue
		}
		if got.Equal != tc.equal || got.Reason != tc.reason {
			t.Errorf("Equivalent(%q, %q) = %v %q, want %v %q", tc.ref, tc.cand, got.Equal, got.Reason, tc.equal, tc.reason)
		}
	}
}

func TestEquivalentErrors(t *testing.T) {
	tests := []struct {
		ref, cand string
		want      error
	}{
		{``, `5`, ErrSyntax},
		{`\frac{1}{`, `5`, ErrSyntax},
		{`\int_0^1 x dx`, `\frac12`, ErrSyntax},
		{`2^{2^{2^{100}}}`, `2^{2^{2^{100}}}+1`, ErrTooLarge},
	}
	for _, tc := range tests {
		_, err := Equivalent(context.Background(), tc.ref, tc.cand, Options{})
		if !errors.Is(err, tc.want) {
			t.Errorf("Equivalent(%q, %q) error = %v, want %v", tc.ref, tc.cand, err, tc.want)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	time.Sleep(time.Millisecond)
	long := `\sin(x)` + `+\cos(x)`
	for i := 0; i < 9; i++ {
		long += "+" + long
	}
	if len(long) > MaxInputLen {
		long = long[:MaxInputLen-8]
		for long[len(long)-1] != ')' {
			long = long[:len(long)-1]
		}
	}
	if _, err := Equivalent(ctx, long, long+"+1", Options{}); !errors.Is(err, ErrTimeout) {
		t.Errorf("expired context: error = %v, want ErrTimeout", err)
	}
}
