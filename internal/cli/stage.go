package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/stage"
)

// registerStage adds the command of a stage: everything about it comes
// from the stage (its help, a flag per configuration field, how it runs), so
// adding a stage adds no CLI code.
func registerStage(st stage.Stage, outputHelp string) {
	register(func(s *Streams) *cobra.Command { return stageCommand(s, st, outputHelp) })
}

// stageCommand builds the command of a stage: its --help from the spec, a
// flag per field of its configuration (package option, so the defaults are
// the stage's own), the input, output and bad-record flags every command
// that reads records shares, and --json when the summary has a JSON form.
func stageCommand(s *Streams, st stage.Stage, outputHelp string) *cobra.Command {
	spec := st.Describe()
	cfg := st.NewConfig()
	var (
		io     ioFlags
		bad    badRecords
		asJSON bool
	)
	use := spec.Name + " [FILE...] -o OUT"
	if spec.Report {
		use = spec.Name + " [FILE...]"
	}
	c := &cobra.Command{
		Use:     use,
		Short:   spec.Short,
		Long:    spec.Long,
		Example: spec.Example,
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := io.requireInputs(args)
			if err != nil {
				return err
			}
			if err := st.Check(cfg); err != nil {
				return usageError(err)
			}
			in := jsonl.Source{Files: files, In: s.In}
			if bad.skip {
				in.SkipBad = &bad.skipped
			}
			sum, err := st.Run(cmd.Context(), in, jsonl.Sink{Path: io.output, Out: s.Out}, cfg)
			if err != nil {
				return usageError(err)
			}
			if err := writeSummary(s, sum, asJSON, &bad); err != nil {
				return err
			}
			if sum.Problems {
				return silentExit(ExitFailed)
			}
			return nil
		},
	}
	io.bind(c, outputHelp)
	if spec.DefaultOutput != "" || spec.OutputRequired {
		io.output = spec.DefaultOutput
		c.Flags().Lookup("output").DefValue = spec.DefaultOutput
	}
	if spec.BadRecords {
		bad.bind(c)
	}
	if err := option.BindFlags(c.Flags(), cfg); err != nil {
		panic(err) // a stage's configuration type is checked by its tests
	}
	if c.Flags().Lookup("json") == nil {
		c.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON on stderr")
	}
	return c
}

// writeSummary reports what a stage did on stderr: its text, or its JSON
// form (then alone, so the JSON stays parseable) with --json.
func writeSummary(s *Streams, sum stage.Summary, asJSON bool, bad *badRecords) error {
	if asJSON && sum.Value != nil {
		enc := json.NewEncoder(s.Err)
		enc.SetIndent("", "  ")
		return enc.Encode(sum.Value)
	}
	bad.summarize(s.Err)
	if sum.Text != nil {
		return sum.Text(s.Err)
	}
	fmt.Fprintf(s.Err, "%d records\n", sum.Records)
	return nil
}
