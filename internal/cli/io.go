package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// ioFlags is the input/output convention every command shares: inputs as
// positional arguments or --input (the guide's spelling, repeatable), output
// with --output/-o; "-" means stdin/stdout.
type ioFlags struct {
	inputFlags []string
	output     string
}

func (f *ioFlags) bind(c *cobra.Command, outputHelp string) {
	c.Flags().StringArrayVarP(&f.inputFlags, "input", "i", nil, "input file (repeatable; also positional); - is stdin")
	if outputHelp != "" {
		c.Flags().StringVarP(&f.output, "output", "o", "-", outputHelp)
	}
}

// inputs are the files from --input and positional arguments. Unless the
// stage names its inputs itself (optional), none is an error: a command
// never reads stdin unasked.
func (f *ioFlags) inputs(args []string, optional bool) ([]string, error) {
	in := append(append([]string{}, f.inputFlags...), args...)
	if len(in) == 0 && !optional {
		return nil, usageError(errors.New("no input: give a file as an argument or with --input (- for stdin)"))
	}
	return in, nil
}
