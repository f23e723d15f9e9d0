package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/validate"
)

func init() { register(newValidateCmd) }

func newValidateCmd(s *Streams) *cobra.Command {
	cfg := validate.DefaultConfig()
	var io ioFlags
	var checks string
	var asJSON, strict bool
	c := &cobra.Command{
		Use:   "validate [FILE...]",
		Short: "Check GRPO data for training: schema, group sizes, scores, coverage, variance, duplicates",
		Long: `Validate runs the data-quality checks in one streaming pass and reports each
offending line as FILE:LINE: check: message.

Checks (default: all):
` + checkHelp() + `
Exit status: 0 when every check passes (warnings allowed), 1 when a check
fails (or a warning, with --strict), 2 for usage errors or an unreadable file.`,
		Example: `  grpodata validate data/verified.jsonl
  grpodata validate --input data/verified.jsonl --checks group_size,scores,coverage --group-size 16
  grpodata validate data/*.jsonl.zst --json -o report.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := io.requireInputs(args)
			if err != nil {
				return err
			}
			if checks != "" {
				cfg.Checks = strings.Split(checks, ",")
			}
			if err := validate.ValidateConfig(cfg); err != nil {
				return usageError(err)
			}
			open := func(name string) (*jsonl.Reader, error) {
				if name == "-" {
					return jsonl.NewReader(s.In, "<stdin>")
				}
				r, err := jsonl.Open(name)
				if err != nil {
					return nil, usageError(err)
				}
				return r, nil
			}
			rep, err := validate.Run(cmd.Context(), files, cfg, open)
			if err != nil {
				var ee *ExitError
				if errors.As(err, &ee) {
					return err
				}
				return usageError(err)
			}
			if err := writeReport(s, io.output, rep, asJSON); err != nil {
				return usageError(err)
			}
			if rep.Failed || (strict && hasWarning(rep)) {
				return silentExit(ExitFailed)
			}
			return nil
		},
	}
	io.bind(c, "write the report here instead of stdout")
	f := c.Flags()
	f.StringVar(&checks, "checks", "", "comma-separated checks to run (default: all)")
	f.IntVarP(&cfg.GroupSize, "group-size", "n", 0, "expected responses per group (default: the most common size)")
	f.Float64Var(&cfg.MinCoverage, "min-coverage", cfg.MinCoverage, "warn when fewer than this percent of responses are scored")
	f.Float64Var(&cfg.MaxZeroVariance, "max-zero-variance", cfg.MaxZeroVariance, "warn when more than this fraction of groups has all-equal scores")
	f.IntVar(&cfg.MaxExamples, "max-examples", cfg.MaxExamples, "offending lines listed per check")
	f.IntVar(&cfg.Workers, "workers", 0, "decoding goroutines (default: all cores)")
	f.BoolVar(&asJSON, "json", false, "write a machine-readable JSON report")
	f.BoolVar(&strict, "strict", false, "treat warnings as failures (exit 1)")
	return c
}

func checkHelp() string {
	var b strings.Builder
	for _, s := range validate.Checks() {
		fmt.Fprintf(&b, "  %-11s %s\n", s.Name, s.Help)
	}
	return b.String()
}

func hasWarning(rep *validate.Report) bool {
	for _, c := range rep.Checks {
		if c.Status == validate.Warn {
			return true
		}
	}
	return false
}

func writeReport(s *Streams, output string, rep *validate.Report, asJSON bool) error {
	render := func(w io.Writer) error {
		if asJSON {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(rep)
		}
		return validate.WriteText(w, rep)
	}
	if output == "" || output == "-" {
		return render(s.Out)
	}
	var b strings.Builder
	if err := render(&b); err != nil {
		return err
	}
	if err := jsonl.WriteFileAtomic(output, []byte(b.String())); err != nil {
		return err
	}
	_, err := fmt.Fprintf(s.Err, "report written to %s\n", output)
	return err
}
