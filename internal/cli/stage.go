package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/stage"
)

// registerStage adds the command of a stage: everything about it comes
// from the stage (its help, a flag per configuration field, how it runs), so
// adding a stage adds no CLI code.
func registerStage(st stage.Stage, outputHelp string) {
	registerStageWith(st, outputHelp, stageHooks{})
}

// stageHooks are what a command may add to its stage's: a last look at the
// configuration once flags are parsed (prepare), and how its events are
// shown (events; default: notes as "stage: line" on stderr).
type stageHooks struct {
	prepare func(cmd *cobra.Command, s *Streams, cfg any)
	events  func(s *Streams, cfg any) stage.Events
	// flags adds command-only flags (actions such as --show-templates), and
	// before may handle them and end the command (done) before any input is
	// looked at.
	flags  func(c *cobra.Command)
	before func(cmd *cobra.Command, s *Streams) (done bool, err error)
}

func registerStageWith(st stage.Stage, outputHelp string, h stageHooks) {
	hooksOf[st.Describe().Name] = h
	register(func(s *Streams) *cobra.Command { return stageCommand(s, st, outputHelp, h) })
}

// hooksOf holds each stage's hooks, for `run`, which runs stages without
// their commands.
var hooksOf = map[string]stageHooks{}

// streamEvents shows a stage's events on a stream: notes as lines,
// progress through progress (nil: not shown).
type streamEvents struct {
	w        io.Writer
	progress func(any)
}

func (e *streamEvents) Note(st, msg string) { fmt.Fprintf(e.w, "%s: %s\n", st, msg) }

func (e *streamEvents) Progress(_ string, p any) {
	if e.progress != nil {
		e.progress(p)
	}
}

// stageCommand builds the command of a stage: its --help from the spec, a
// flag per field of its configuration (package option, so the defaults are
// the stage's own), the input, output and bad-record flags every command
// that reads records shares, and --json when the summary has a JSON form.
func stageCommand(s *Streams, st stage.Stage, outputHelp string, h stageHooks) *cobra.Command {
	spec := st.Describe()
	cfg := st.NewConfig()
	var (
		io     ioFlags
		bad    badRecords
		asJSON bool
		shards shardFlag
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
			if h.before != nil {
				if done, err := h.before(cmd, s); done || err != nil {
					return err
				}
			}
			files, err := io.inputs(args, spec.InputsOptional)
			if err != nil {
				return err
			}
			if h.prepare != nil {
				h.prepare(cmd, s, cfg)
			}
			if err := st.Check(cfg); err != nil {
				return usageError(err)
			}
			in := jsonl.Source{Files: files, In: s.In}
			if bad.skip {
				in.SkipBad = &bad.skipped
			}
			run, err := shards.wrap(st)
			if err != nil {
				return usageError(err)
			}
			sum, err := runShown(cmd.Context(), s, run, h, in, jsonl.Sink{Path: io.output, Out: s.Out}, cfg)
			if err != nil {
				return err // its kind chooses the exit code (errors.go)
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
	if spec.PerRecord {
		shards.bind(c)
	}
	if err := option.BindFlags(c.Flags(), cfg); err != nil {
		panic(err) // a stage's configuration type is checked by its tests
	}
	if h.flags != nil {
		h.flags(c)
	}
	if c.Flags().Lookup("json") == nil {
		c.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON on stderr")
	}
	return c
}

// runShown runs a stage with its events and record progress shown on
// stderr, as its command and `run` both do.
func runShown(ctx context.Context, s *Streams, st stage.Stage, h stageHooks, in jsonl.Source, out jsonl.Sink, cfg any) (stage.Summary, error) {
	var ev stage.Events = &streamEvents{w: s.Err}
	if h.events != nil {
		ev = h.events(s, cfg)
	}
	prog := newRecordProgress(s.Err, st.Describe().Name)
	defer prog.done()
	return st.Run(jsonl.WithProgress(stage.WithEvents(ctx, ev), prog.report), in, out, cfg)
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
