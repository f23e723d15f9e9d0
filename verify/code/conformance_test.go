package code

import (
	"testing"

	"github.com/grpodata/grpodata/verify/verifytest"
)

func TestVerifierConformance(t *testing.T) {
	v := verifier(t)
	check := "def check(candidate):\n    assert candidate(2) == 4\n    assert candidate(-3) == 9\n"
	verifytest.Run(t, v, []verifytest.Case{
		{Name: "asserts", Rec: rec([]string{"assert add(1, 2) == 3", "assert add(-1, 1) == 0"}),
			Right: fenced("def add(a, b):\n    return a + b"), Wrong: fenced("def add(a, b):\n    return a - b")},
		{Name: "check program", Rec: rec(check, "entry_point", "square"),
			Right: fenced("def square(x):\n    return x * x"), Wrong: fenced("def square(x):\n    return x + x")},
		{Name: "stdin/stdout", Rec: rec([]map[string]string{{"input": "3 4\n", "output": "7\n"}, {"input": "10 -2\n", "output": "8\n"}}),
			Right: fenced("a, b = map(int, input().split())\nprint(a + b)"), Wrong: fenced("a, b = map(int, input().split())\nprint(a * b)")},
	})
}
