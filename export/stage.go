package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/stage"
)

// Stage is export as a pipeline stage and command: one format to one file.
var Stage = stage.Def[Config]{
	Spec: stage.Spec{
		Name:  "export",
		Short: "Write prompts or verified groups for a trainer: verl Parquet, TRL JSONL",
		Example: `  grpodata export --format verl --output data/train.parquet data/prompts.jsonl
  grpodata export --format verl --val-fraction 0.1 --output data/train.parquet data/verified.jsonl
  grpodata export --format verl --data-source-map openai/gsm8k=openai/gsm8k -o data/train.parquet data/verified.jsonl
  grpodata export --format verl-groups -o data/groups.parquet data/verified.jsonl
  grpodata export --format trl -o data/trl.jsonl data/prompts.jsonl
  grpodata export --format trl-dpo -o data/pairs.jsonl.gz data/verified.jsonl`,
		Order:          60,
		Output:         "export/",
		PassThrough:    true,
		BadRecords:     true,
		OutputRequired: true,
	},
	LongHelp: func() string {
		return `Export converts records (prompt files or verified groups) into the dataset a
trainer loads, streaming, in input order, and writes --output atomically (a
temporary file renamed into place: never half a file). Records that do not
fit a format are skipped and counted; the counts, with their reasons, go to
stderr (--json: as JSON). A line that is not a valid record stops the export
with FILE:LINE: field: message (exit 2) unless --skip-bad is given; an empty
input is an error.

Formats:
` + formatHelp() + `
verl and trl exports also write grpodata_reward.py beside the output: the
reward for verl (compute_score), TRL (grpodata_reward) and OpenRLHF
(reward_func), scoring each completion with the grpodata verifier that
labelled the row (grpodata verify, the binary recorded in the file or
$GRPODATA_BIN). Rows get data_source "` + DataSourceMath + `" or "` + DataSourceCode + `" (verl's
default reward knows neither: point custom_reward_function at the file);
--data-source-map openai/gsm8k=openai/gsm8k keeps verl's own reward for a
source. verl holds --val-fraction of the rows out in NAME-val.parquet. Text
formats (trl, trl-dpo) are compressed when --output ends in .gz or .zst.`
	},
	Defaults:    DefaultConfig,
	CheckConfig: checkConfig,
	RunConfig:   runStage,
	OutputsOf:   outputsOf,
}

func init() { stage.Register(Stage) }

func checkConfig(c *Config) error {
	if len(c.Formats) == 0 {
		return errors.New("no format: give --format (" + strings.Join(formatNames(), ", ") + ")")
	}
	for i, f := range c.Formats {
		if _, err := Lookup(f); err != nil {
			return err
		}
		if slices.Contains(c.Formats[:i], f) {
			return fmt.Errorf("--format %s: given twice", f)
		}
	}
	if c.Options.ValFraction < 0 || c.Options.ValFraction > 0.5 {
		return fmt.Errorf("--val-fraction: %g is not in [0, 0.5]", c.Options.ValFraction)
	}
	if err := checkDataSourceMap(c.Options.DataSourceMap); err != nil {
		return err
	}
	if c.RowGroupMB <= 0 {
		return fmt.Errorf("--row-group-mb: %d is not a positive size", c.RowGroupMB)
	}
	return nil
}

func formatNames() []string {
	var names []string
	for _, s := range List() {
		names = append(names, s.Name)
	}
	return names
}

func formatHelp() string {
	var b strings.Builder
	for _, s := range List() {
		fmt.Fprintf(&b, "  %s (%s): %s\n", s.Name, s.Ext, s.Summary)
		for _, line := range strings.Split(s.Columns, "\n") {
			fmt.Fprintf(&b, "      %s\n", line)
		}
	}
	return b.String()
}

// runStage writes each format in turn: to --output for one format, to
// FOLDER/FORMAT.EXT for several (or when --output is a folder).
func runStage(ctx context.Context, in jsonl.Source, out jsonl.Sink, c *Config) (stage.Summary, error) {
	if out.Path == "" {
		return stage.Summary{}, errors.New("no output: give --output FILE (- for stdout)")
	}
	if out.Path == "-" && len(c.Formats) > 1 {
		return stage.Summary{}, errors.New("--format: several formats write a folder each: give --output FOLDER, not -")
	}
	var all []*Stats
	for _, format := range c.Formats {
		cfg := *c
		cfg.Format, cfg.Output = format, OutputOf(c, out.Path, format)
		cfg.Options.RowGroupBytes = int64(cfg.RowGroupMB) << 20
		st, err := Run(ctx, in.Files, cfg, in.Open, out.Out)
		if err != nil {
			return stage.Summary{}, err
		}
		all = append(all, st)
	}
	text := func(w io.Writer) error {
		for _, st := range all {
			st.WriteText(w)
		}
		return nil
	}
	var value any = all
	if len(all) == 1 {
		value = all[0]
	}
	return stage.Summary{Records: int64(all[0].Written), Value: value, Text: text}, nil
}

// OutputOf is where a format of the stage goes: the output itself, or
// FOLDER/FORMAT.EXT when the output is a folder.
func OutputOf(c *Config, out, format string) string {
	if !isFolder(out, len(c.Formats)) {
		return out
	}
	ext := ".jsonl"
	if f, err := Lookup(format); err == nil && f.Spec().Ext != "" {
		ext = f.Spec().Ext
	}
	return filepath.Join(out, format+ext)
}

// isFolder: several formats, an output ending in / or an existing folder.
func isFolder(out string, formats int) bool {
	if formats > 1 || strings.HasSuffix(out, "/") {
		return true
	}
	fi, err := os.Stat(out)
	return err == nil && fi.IsDir()
}

// outputsOf lists the files a run writes: each format's file and, for a
// format trained with grpodata's reward, the reward file beside it.
func outputsOf(c *Config, out string) []string {
	var files []string
	for _, format := range c.Formats {
		path := OutputOf(c, out, format)
		files = append(files, path)
		if f, err := Lookup(format); err == nil && f.Spec().Reward && splittable(path) && !slices.Contains(files, RewardPath(path)) {
			files = append(files, RewardPath(path))
		}
	}
	return files
}
