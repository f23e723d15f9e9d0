// Package all registers every built-in verifier; import it for its side
// effect. A new verifier package adds one line here.
package all

import (
	_ "github.com/grpodata/grpodata/verify/code"   // code: sandboxed tests
	_ "github.com/grpodata/grpodata/verify/format" // format: <think> and <answer> shape
	_ "github.com/grpodata/grpodata/verify/judge"  // llm_judge: a model grades the answer
	_ "github.com/grpodata/grpodata/verify/math"   // symbolic_math: answer equivalence
	_ "github.com/grpodata/grpodata/verify/plugin" // exec: a program of the user's
)
