// Package all registers every backend in llm.Default; import it for its side
// effect.
package all

import (
	_ "github.com/grpodata/grpodata/llm/anthropic"
	_ "github.com/grpodata/grpodata/llm/openai"
	_ "github.com/grpodata/grpodata/llm/sim"
)
