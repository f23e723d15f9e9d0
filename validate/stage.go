package validate

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/stage"
)

// Stage is validate as a pipeline stage and command. Its output is the
// report (text, or JSON with Config.JSON or an output named *.json), to
// standard output by default;
// Summary.Problems is set when a check failed (or warned, with Strict).
var Stage = stage.Def[Config]{
	Spec: stage.Spec{
		Name:  "validate",
		Short: "Check GRPO data for training: schema, group sizes, scores, coverage, variance, duplicates",
		Example: `  grpodata validate data/verified.jsonl
  grpodata validate --input data/verified.jsonl --checks group_size,scores,coverage --group-size 16
  grpodata validate data/*.jsonl.zst --json -o report.json`,
		Order:       30,
		Output:      "validate.json",
		PassThrough: true,
		Report:      true,
	},
	LongHelp: func() string {
		return `Validate runs the data-quality checks in one streaming pass and reports each
offending line as FILE:LINE: check: message.

Checks (default: all):
` + checkHelp() + `
Exit status: 0 when every check passes (warnings allowed), 1 when a check
fails (or a warning, with --strict), 2 for usage errors or an unreadable file.`
	},
	Defaults:    DefaultConfig,
	CheckConfig: func(c *Config) error { return ValidateConfig(*c) },
	RunConfig:   runStage,
}

func init() { stage.Register(Stage) }

func checkHelp() string {
	var b strings.Builder
	for _, s := range Checks() {
		fmt.Fprintf(&b, "  %-11s %s\n", s.Name, s.Help)
	}
	return b.String()
}

func runStage(ctx context.Context, in jsonl.Source, out jsonl.Sink, c *Config) (stage.Summary, error) {
	rep, err := Run(ctx, in.Files, *c, in.Open)
	if err != nil {
		return stage.Summary{}, err
	}
	var b strings.Builder
	if err := render(&b, rep, c.JSON || strings.HasSuffix(out.Path, ".json")); err != nil {
		return stage.Summary{}, err
	}
	text := func(io.Writer) error { return nil }
	if out.Path == "-" {
		if _, err := io.WriteString(out.Out, b.String()); err != nil {
			return stage.Summary{}, err
		}
	} else {
		if err := jsonl.WriteFileAtomic(out.Path, []byte(b.String())); err != nil {
			return stage.Summary{}, err
		}
		text = func(w io.Writer) error {
			_, err := fmt.Fprintf(w, "report written to %s\n", out.Path)
			return err
		}
	}
	return stage.Summary{
		Records:  int64(rep.Records),
		Problems: rep.Failed || c.Strict && hasWarning(rep),
		Value:    rep,
		Text:     text,
	}, nil
}

// render writes the report as text or JSON.
func render(w io.Writer, rep *Report, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return WriteText(w, rep)
}

func hasWarning(rep *Report) bool {
	for _, c := range rep.Checks {
		if c.Status == Warn {
			return true
		}
	}
	return false
}
