package verify_test

import (
	"math"
	"testing"

	"github.com/grpodata/grpodata/verify"
)

// FuzzResolve: any --verifier string is either an error or a plan of known
// verifiers with positive, finite weights.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{"symbolic_math", "math:0.9,format:0.1", `exec:"python3 a.py":0.5,format`, "exec:./a:b:0.2", `exec:"`, ",", "math:1e308,format:1e-308"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := verify.Resolve(s)
		if err != nil {
			return
		}
		if len(p.Parts) == 0 || p.Name() == "" {
			t.Fatalf("%q: empty plan", s)
		}
		for _, part := range p.Parts {
			if !(part.Weight > 0) || math.IsInf(part.Weight, 0) || part.Spec.New == nil {
				t.Fatalf("%q: part %+v", s, part)
			}
			if part.Spec.Arg != "" && part.Arg == "" {
				t.Fatalf("%q: %s without its argument", s, part.Spec.Name)
			}
		}
	})
}
