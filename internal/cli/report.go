package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/report"
)

func init() { register(newReportCmd) }

func newReportCmd(s *Streams) *cobra.Command {
	var io ioFlags
	var bad badRecords
	var cfg report.Config
	var asJSON bool
	c := &cobra.Command{
		Use:   "report [FILE...]",
		Short: "Write a self-contained HTML report with charts and a browsable sample of groups",
		Long: `Report reads GRPO data in one streaming pass and writes one HTML file that needs
no network: summary figures, inline SVG charts (score distribution, group
score spread, pass rate by category and by difficulty, response length,
verification coverage and failure reasons from metadata.verifier.reason) and a
browsable, searchable sample of groups with every response and its score.

A line that is not a valid record stops the report with FILE:LINE: field:
message (exit 2); with --skip-bad it is skipped, counted and listed at the top
of the page (and on stderr). An unreadable or empty input stops it too.
Memory holds aggregates and the sample only. The sample is a uniform
reservoir sample of --sample groups, the same for the same --seed.
A response is correct when its "correct" flag says so, else when its score
is 1; a response without a score counts as not verified.`,
		Example: `  grpodata report data/verified.jsonl --output report.html
  grpodata report data/part-*.jsonl.zst -o report.html --sample 100 --seed 7 --title "Qwen3 math run 12"
  grpodata report verified.jsonl --json -o report.json      # the report's data, without the page`,
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := io.requireInputs(args)
			if err != nil {
				return err
			}
			if io.output == "" {
				return usageError(errors.New("--output must not be empty"))
			}
			switch {
			case cfg.Sample < 0:
				return usageError(fmt.Errorf("--sample must be 0 or more, got %d", cfg.Sample))
			case cfg.Sample == 0:
				cfg.Sample = -1 // the library's "none"
			}
			d, err := report.Collect(cmd.Context(), files, cfg, bad.open(s))
			if err != nil {
				if cmd.Context().Err() != nil {
					return err
				}
				return usageError(err)
			}
			var b bytes.Buffer
			if asJSON {
				enc := json.NewEncoder(&b)
				enc.SetIndent("", "  ")
				err = enc.Encode(d)
			} else {
				err = report.WriteHTML(&b, d)
			}
			if err != nil {
				return err
			}
			bad.summarize(s.Err)
			if io.output == "-" {
				_, err := s.Out.Write(b.Bytes())
				return err
			}
			if err := jsonl.WriteFileAtomic(io.output, b.Bytes()); err != nil {
				return usageError(err)
			}
			_, err = fmt.Fprintf(s.Err, "report of %d groups (%d responses, %d sampled) written to %s\n", d.Records, d.Responses, len(d.Sample), io.output)
			return err
		},
	}
	io.bind(c, "write the report here (- for stdout)")
	bad.bind(c)
	io.output = "report.html"
	c.Flags().Lookup("output").DefValue = "report.html"
	f := c.Flags()
	f.IntVar(&cfg.Sample, "sample", report.DefaultSample, "groups in the browsable sample (0 for none)")
	f.Uint64Var(&cfg.Seed, "seed", 0, "seed of the sample")
	f.StringVar(&cfg.Title, "title", "", `page title (default "grpodata report")`)
	f.IntVar(&cfg.MaxText, "max-text", 4000, "characters kept of each sampled prompt and response")
	f.IntVar(&cfg.Workers, "workers", 0, "decoding goroutines (default: all cores)")
	f.BoolVar(&asJSON, "json", false, "write the report's data as JSON instead of the HTML page")
	return c
}
