package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/verify"
	_ "github.com/grpodata/grpodata/verify/all"
)

func init() { register(newVerifyCmd) }

func newVerifyCmd(s *Streams) *cobra.Command {
	var io ioFlags
	cfg := verify.Config{Verifier: "symbolic_math"}
	var settings []string
	c := &cobra.Command{
		Use:   "verify [FILE...]",
		Short: "Score every response with a verifier (symbolic math, sandboxed code, ...)",
		Long: `Verify fills score and correct of every response, and records the details in
metadata.verifier {name, extracted, reason, ms}. A response the verifier cannot
decide keeps no score (not 0), with its reason, so coverage shows it.

Verifiers:
` + verifierHelp(),
		Example: `  grpodata verify --input data/generated.jsonl --output data/verified.jsonl --verifier symbolic_math
  grpodata verify generated.jsonl -o verified.jsonl --verifier code --timeout 5s
  grpodata verify verified.jsonl -o verified.jsonl --only-missing`,
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := io.requireInputs(args)
			if err != nil {
				return err
			}
			if _, err := verify.Lookup(cfg.Verifier); err != nil {
				return usageError(err)
			}
			cfg.Options.Settings = map[string]string{}
			for _, kv := range settings {
				k, v, ok := strings.Cut(kv, "=")
				if !ok {
					return usageError(fmt.Errorf("--set %q: want key=value", kv))
				}
				cfg.Options.Settings[k] = v
			}
			cfg.Options.Workers = cfg.Workers
			sum, err := verify.Run(cmd.Context(), files, s.Out, io.output, cfg)
			if err != nil {
				return usageError(err)
			}
			sum.WriteText(s.Err)
			return nil
		},
	}
	io.bind(c, "write verified records here (atomic; may be the input file)")
	f := c.Flags()
	f.StringVar(&cfg.Verifier, "verifier", cfg.Verifier, "verifier name")
	f.DurationVar(&cfg.Options.Timeout, "timeout", time.Second, "time budget per response")
	f.BoolVar(&cfg.OnlyMissing, "only-missing", false, "verify only responses without a score")
	f.IntVar(&cfg.Workers, "workers", 0, "records verified in parallel (default: all cores)")
	f.BoolVar(&cfg.Options.Unsafe, "unsafe-no-sandbox", false, "run untrusted code without isolation when the kernel allows none")
	f.StringArrayVar(&settings, "set", nil, "verifier-specific setting key=value (repeatable)")
	return c
}

func verifierHelp() string {
	var b strings.Builder
	for _, s := range verify.List() {
		name := s.Name
		if len(s.Aliases) > 0 {
			name += " (" + strings.Join(s.Aliases, ", ") + ")"
		}
		fmt.Fprintf(&b, "  %-22s %s\n", name, s.Help)
	}
	if b.Len() == 0 {
		return "  (none built in)\n"
	}
	return b.String()
}
