package prompts_test

import (
	"fmt"

	"github.com/grpodata/grpodata/prompts"
)

func ExampleLastBoxed() {
	answer, ok := prompts.LastBoxed(`First $\boxed{2}$, then finally $\boxed{\frac{1}{\sqrt{2}}}$.`)
	fmt.Println(answer, ok)
	// Output: \frac{1}{\sqrt{2}} true
}
