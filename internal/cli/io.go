package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// ioFlags is the input/output convention every command shares: inputs as
// positional arguments or --input (the guide's spelling, repeatable), output
// with --output/-o; "-" means stdin/stdout.
type ioFlags struct {
	inputs []string
	output string
}

func (f *ioFlags) bind(c *cobra.Command, outputHelp string) {
	c.Flags().StringArrayVarP(&f.inputs, "input", "i", nil, "input file (repeatable; also positional); - is stdin")
	if outputHelp != "" {
		c.Flags().StringVarP(&f.output, "output", "o", "-", outputHelp)
	}
}

// files returns the inputs from --input and positional arguments; "-" when none.
func (f *ioFlags) files(args []string) []string {
	in := append(append([]string{}, f.inputs...), args...)
	if len(in) == 0 {
		return []string{"-"}
	}
	return in
}

// requireInputs is files() for commands that must not silently read stdin.
func (f *ioFlags) requireInputs(args []string) ([]string, error) {
	in := append(append([]string{}, f.inputs...), args...)
	if len(in) == 0 {
		return nil, usageError(errors.New("no input: give a file as an argument or with --input (- for stdin)"))
	}
	return in, nil
}
