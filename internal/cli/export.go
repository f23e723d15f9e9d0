package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/export"
)

func init() { register(newExportCmd) }

func newExportCmd(s *Streams) *cobra.Command {
	var io ioFlags
	var bad badRecords
	var cfg export.Config
	var rowGroupMB int
	var asJSON bool
	c := &cobra.Command{
		Use:   "export --format FORMAT --output FILE [FILE...]",
		Short: "Write prompts or verified groups for a trainer: verl Parquet, TRL JSONL",
		Long: `Export converts records (prompt files or verified groups) into the dataset a
trainer loads, streaming, in input order, and writes --output atomically (a
temporary file renamed into place: never half a file). Records that do not
fit a format are skipped and counted; the counts, with their reasons, go to
stderr (--json: as JSON). A line that is not a valid record stops the export
with FILE:LINE: field: message (exit 2) unless --skip-bad is given; an empty
input is an error.

Formats:
` + exportFormatHelp() + `
verl picks its reward function by data_source: records without a "source"
get "` + export.FallbackDataSource + `", which verl's default reward does not know; pass
--data-source with a name it knows (openai/gsm8k, lighteval/MATH, ...) or set
a custom reward function in verl. Text formats (trl, trl-dpo) are compressed
when --output ends in .gz or .zst.`,
		Example: `  grpodata export --format verl --output data/train.parquet data/prompts.jsonl
  grpodata export --format verl --data-source lighteval/MATH --split test -o data/test.parquet data/test.jsonl
  grpodata export --format verl-groups -o data/groups.parquet data/verified.jsonl
  grpodata export --format trl -o data/trl.jsonl data/prompts.jsonl
  grpodata export --format trl-dpo -o data/pairs.jsonl.gz data/verified.jsonl`,
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := io.requireInputs(args)
			if err != nil {
				return err
			}
			if cfg.Format == "" {
				return usageError(errors.New("no format: give --format (" + strings.Join(exportFormatNames(), ", ") + ")"))
			}
			if _, err := export.Lookup(cfg.Format); err != nil {
				return usageError(err)
			}
			if io.output == "" {
				return usageError(errors.New("no output: give --output FILE (- for stdout)"))
			}
			if rowGroupMB <= 0 {
				return usageError(fmt.Errorf("--row-group-mb: %d is not a positive size", rowGroupMB))
			}
			cfg.Output = io.output
			cfg.Options.RowGroupBytes = int64(rowGroupMB) << 20
			st, err := export.Run(cmd.Context(), files, cfg, bad.open(s), s.Out)
			if err != nil {
				if cmd.Context().Err() != nil {
					return err // interrupted: exit 130
				}
				return usageError(err)
			}
			if asJSON { // on stderr: the JSON counts them ("invalid record", first_invalid)
				enc := json.NewEncoder(s.Err)
				enc.SetIndent("", "  ")
				return enc.Encode(st)
			}
			bad.summarize(s.Err)
			st.WriteText(s.Err)
			return nil
		},
	}
	io.bind(c, "write the dataset here (required; atomic); - is stdout")
	bad.bind(c)
	f := c.Flags()
	f.Lookup("output").DefValue = "" // required, not stdout by default
	io.output = ""
	f.StringVarP(&cfg.Format, "format", "f", "", "output format: "+strings.Join(exportFormatNames(), ", "))
	f.StringVar(&cfg.Options.DataSource, "data-source", "", `verl data_source for every row (default: each record's "source", else "`+export.FallbackDataSource+`")`)
	f.StringVar(&cfg.Options.Split, "split", "train", "verl extra_info.split")
	f.StringVar(&cfg.Options.Ability, "ability", "", `verl ability for every row (default: each record's category, else "code" for records with tests, else "math")`)
	f.BoolVar(&cfg.Options.RequireReference, "require-reference", false, "skip records without a reference answer (default: export them with an empty one)")
	f.IntVar(&rowGroupMB, "row-group-mb", export.DefaultRowGroupBytes>>20, "Parquet row-group size in MiB (uncompressed); bounds memory")
	f.BoolVar(&asJSON, "json", false, "write the counts to stderr as JSON")
	return c
}

func exportFormatNames() []string {
	var names []string
	for _, s := range export.List() {
		names = append(names, s.Name)
	}
	return names
}

func exportFormatHelp() string {
	var b strings.Builder
	for _, s := range export.List() {
		fmt.Fprintf(&b, "  %s (%s): %s\n", s.Name, s.Ext, s.Summary)
		for _, line := range strings.Split(s.Columns, "\n") {
			fmt.Fprintf(&b, "      %s\n", line)
		}
	}
	return b.String()
}
