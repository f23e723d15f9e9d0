// Package all registers every built-in stage, with the backends and
// verifiers they look up by name; import it for its side effect (the CLI
// and package pipeline do). A new stage package adds one line here.
package all

import (
	_ "github.com/grpodata/grpodata/augment"  // augment: prompt variants
	_ "github.com/grpodata/grpodata/batch"    // batch: static, dynamic, stratified
	_ "github.com/grpodata/grpodata/export"   // export: verl, TRL files
	_ "github.com/grpodata/grpodata/filter"   // filter: drop groups that teach nothing
	_ "github.com/grpodata/grpodata/generate" // generate: sample groups
	_ "github.com/grpodata/grpodata/prompts"  // prompts: convert data sets
	_ "github.com/grpodata/grpodata/report"   // report: the HTML report
	_ "github.com/grpodata/grpodata/stats"    // stats: group statistics
	_ "github.com/grpodata/grpodata/tokens"   // tokens: token counts
	_ "github.com/grpodata/grpodata/validate" // validate: checks
	_ "github.com/grpodata/grpodata/verify"   // verify: scores

	_ "github.com/grpodata/grpodata/llm/all"    // generate's backends
	_ "github.com/grpodata/grpodata/verify/all" // verify's verifiers
)
