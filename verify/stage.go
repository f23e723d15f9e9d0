package verify

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/stage"
)

// Stage is verify as a pipeline stage and command. The verifiers are those
// registered in Default (import verify/all for the built-in ones).
var Stage = stage.Def[Config]{
	Spec: stage.Spec{
		Name:  "verify",
		Short: "Score every response with a verifier (symbolic math, sandboxed code, ...)",
		Example: `  grpodata verify --input data/generated.jsonl --output data/verified.jsonl --verifier symbolic_math
  grpodata verify generated.jsonl -o verified.jsonl --verifier code --timeout 5s
  grpodata verify verified.jsonl -o verified.jsonl --only-missing
  grpodata verify generated.jsonl -o verified.jsonl --verifier symbolic_math:0.9,format:0.1`,
		Order:      20,
		Output:     "verified.jsonl",
		BadRecords: true,
		PerRecord:  true,
	},
	LongHelp: func() string {
		return `Verify fills score and correct of every response, and records the details in
metadata.verifier {name, extracted, reason, ms}. A response the verifier cannot
decide keeps no score (not 0), with its reason, so coverage shows it.

Verifiers:
` + verifierHelp()
	},
	Defaults: DefaultConfig,
	CheckConfig: func(c *Config) error {
		plan, err := Resolve(c.Verifier)
		if err != nil {
			return err
		}
		cfg := *c
		cfg.Options.Settings = nil
		if err := cfg.settings(); err != nil {
			return err
		}
		return checkSettings(plan, cfg.Options)
	},
	RunConfig: func(ctx context.Context, in jsonl.Source, out jsonl.Sink, c *Config) (stage.Summary, error) {
		sum, err := Run(ctx, in, out, *c)
		if err != nil {
			return stage.Summary{}, err
		}
		text := func(w io.Writer) error {
			sum.WriteText(w)
			return nil
		}
		return stage.Summary{Records: int64(sum.Records), Value: sum, Text: text}, nil
	},
}

func init() { stage.Register(Stage) }

func verifierHelp() string {
	var b strings.Builder
	for _, s := range List() {
		name := s.Name
		if len(s.Aliases) > 0 {
			name += " (" + strings.Join(s.Aliases, ", ") + ")"
		}
		fmt.Fprintf(&b, "  %-22s %s\n", name, s.Help)
		for _, line := range strings.Split(strings.TrimRight(settingsHelp(s), "\n"), "\n") {
			if line != "" {
				fmt.Fprintf(&b, "  %-22s   %s\n", "", strings.TrimSpace(line))
			}
		}
	}
	if b.Len() == 0 {
		return "  (none built in)\n"
	}
	return b.String()
}
