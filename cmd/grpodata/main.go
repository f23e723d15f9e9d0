// Command grpodata turns prompts into GRPO training data: generate, verify,
// validate, batch and export. It only wires flags to packages; see internal/cli.
package main

import (
	"os"

	"github.com/grpodata/grpodata/internal/cli"
	"github.com/grpodata/grpodata/sandbox"
)

func main() {
	// The code sandbox re-executes this binary as its isolation helper;
	// Main handles that case and returns at once otherwise.
	sandbox.Main()
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
