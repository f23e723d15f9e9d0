// Package cli builds the grpodata command tree: one file per command, each
// turning flags into a config struct and calling the stage package that does
// the work. Nothing here holds domain logic; it renders errors and picks exit
// codes.
package cli

import (
	"context"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/grpodata/grpodata/version"
)

// Streams are the standard streams a command reads and writes; tests pass buffers.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// commandFactories holds one constructor per command file; each file registers
// itself in init so adding a command touches no shared file.
var commandFactories []func(*Streams) *cobra.Command

func register(f func(*Streams) *cobra.Command) { commandFactories = append(commandFactories, f) }

// The build's name costs a hash of the binary when no version was stamped:
// --version computes it, no other command pays for it.
func init() { cobra.AddTemplateFunc("grpodataVersion", version.String) }

// NewRoot builds the command tree.
func NewRoot(s *Streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "grpodata",
		Short: "Turn prompts into GRPO training data: generate, verify, validate, batch, export",
		Long: `grpodata samples groups of responses from an LLM, verifies each response into a
score in [0,1], validates the data, computes group statistics, batches it and
exports what GRPO trainers (verl, TRL, OpenRLHF) read.

Records are JSONL, one group per line:
  {"prompt": "...", "responses": [{"text": "...", "score": 1.0, "correct": true}], ...}
Inputs and outputs may be .gz or .zst compressed; "-" is stdin/stdout.`,
		Version:       "-", // shown by the template below: computed only for --version
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate("{{.Name}} version {{grpodataVersion}}\n")
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError(err) })
	cmds := make([]*cobra.Command, 0, len(commandFactories))
	for _, f := range commandFactories {
		cmds = append(cmds, f(s))
	}
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].Name() < cmds[j].Name() })
	for _, c := range cmds {
		normalizeFlags(c)
		root.AddCommand(c)
	}
	return root
}

// normalizeFlags makes the guide's spellings (--group_size) aliases of ours
// (--group-size), for a command and all its subcommands.
func normalizeFlags(c *cobra.Command) {
	c.Flags().SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		return pflag.NormalizedName(strings.ReplaceAll(name, "_", "-"))
	})
	for _, sub := range c.Commands() {
		normalizeFlags(sub)
	}
}

// Main runs the CLI and returns the process exit code. Errors are printed as a
// single line: "grpodata: <message>".
func Main(args []string, in io.Reader, out, errw io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s := &Streams{In: in, Out: out, Err: errw}
	root := NewRoot(s)
	root.SetArgs(args)
	return exitCode(ctx, root.ExecuteContext(ctx), errw)
}
