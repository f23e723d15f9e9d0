package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/pipeline"
	"github.com/grpodata/grpodata/stage"
	"github.com/grpodata/grpodata/version"
)

func init() { register(newRunCmd) }

func newRunCmd(s *Streams) *cobra.Command {
	c := &cobra.Command{
		Use:   "run PIPELINE.yaml",
		Short: "Run a pipeline file: generate -> verify -> validate -> filter -> batch -> export -> report",
		Long: `Run executes the stages of a pipeline file in order in a run folder, skipping a
stage whose configuration, input and tool version are unchanged and whose output
is complete; a changed stage and everything after it re-run; an interrupted stage
runs again and resumes (generate keeps finished prompts). Each stage takes the
same options as its command, with flag names as keys (group_size or group-size).
The run manifest run.json records the configuration, tool version, counts,
timings, token usage and cost per stage. A failed validation stops the run
unless the validate stage says on_fail: warn.

Pipeline file:
  prompts: prompts.jsonl          # relative to the pipeline file
  run_dir: runs/quickstart        # default: runs/<pipeline name>
  stages:
    generate: {backend: sim, group_size: 8, seed: 1}
    verify:   {verifier: auto}
    validate: {on_fail: warn}
    filter:   {drop_zero_variance: true}
    batch:    {strategy: dynamic, max_tokens: 4096}
    export:   {format: [verl, trl]}
    report:   {}`,
		Example: `  grpodata run examples/quickstart/pipeline.yaml
  grpodata run pipeline.yaml   # again: finished stages are skipped`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := pipeline.Load(args[0])
			if err != nil {
				return usageError(err)
			}
			if err := checkStageOptions(s, f); err != nil {
				return usageError(err)
			}
			_, err = pipeline.Run(cmd.Context(), f, args[0], version.String(), stageRunner(s), s.Err)
			if err != nil {
				if errors.Is(err, pipeline.ErrCheckFailed) {
					return &ExitError{Code: ExitFailed, Err: err}
				}
				return err // a stage's failure exits as its command would
			}
			fmt.Fprintf(s.Err, "\nrun complete: %s (run.json is the manifest)\n%s", f.RunDir, pipeline.Handoff(f))
			return nil
		},
	}
	return c
}

// stageRunner runs a stage in process: a stage built on package stage
// through its Run with the configuration the pipeline decoded, any other as
// its own command.
func stageRunner(s *Streams) pipeline.Runner {
	return func(ctx context.Context, inv pipeline.Invocation) error {
		if inv.Stage != nil {
			return runTyped(ctx, s, inv)
		}
		root := NewRoot(s)
		sub, _, err := root.Find([]string{inv.Command})
		if err != nil || sub == root {
			return fmt.Errorf("no command %q in this build", inv.Command)
		}
		args, err := stageArgs(sub, inv)
		if err != nil {
			return err
		}
		root.SetArgs(args)
		err = root.ExecuteContext(ctx)
		var ee *ExitError
		if errors.As(err, &ee) && ee.Code == ExitFailed && inv.Command == "validate" {
			return pipeline.ErrCheckFailed
		}
		return err
	}
}

// runTyped runs one invocation of a stage built on package stage and
// prints its summary, as its command would.
func runTyped(ctx context.Context, s *Streams, inv pipeline.Invocation) error {
	in := jsonl.Source{Files: inv.Inputs, In: s.In}
	sum, err := inv.Stage.Run(ctx, in, jsonl.Sink{Path: inv.Output, Out: s.Out}, inv.Config)
	if err != nil {
		return err
	}
	if err := writeSummary(s, sum, false, &badRecords{}); err != nil {
		return err
	}
	if sum.Problems && inv.Command == "validate" {
		return pipeline.ErrCheckFailed
	}
	return nil
}

// stageArgs turns pipeline options into the command's flags, using each
// flag's type: lists repeat array flags and join others with commas, maps
// become JSON.
func stageArgs(cmd *cobra.Command, inv pipeline.Invocation) ([]string, error) {
	args := []string{inv.Command}
	keys := make([]string, 0, len(inv.Options))
	for k := range inv.Options {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name := strings.ReplaceAll(k, "_", "-")
		fl := cmd.Flags().Lookup(name)
		if fl == nil {
			return nil, fmt.Errorf("stages.%s.%s: %s has no flag --%s", inv.Command, k, inv.Command, name)
		}
		vals, err := flagValues(inv.Options[k], fl)
		if err != nil {
			return nil, fmt.Errorf("stages.%s.%s: %w", inv.Command, k, err)
		}
		for _, v := range vals {
			args = append(args, "--"+name+"="+v)
		}
	}
	if inv.Output != "" {
		args = append(args, "--output="+inv.Output)
	}
	return append(args, inv.Inputs...), nil
}

func flagValues(v any, fl *pflag.Flag) ([]string, error) {
	repeat := strings.HasSuffix(fl.Value.Type(), "Array") || strings.HasSuffix(fl.Value.Type(), "Slice")
	switch x := v.(type) {
	case nil:
		return nil, nil
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = scalar(e)
		}
		if repeat {
			return parts, nil
		}
		return []string{strings.Join(parts, ",")}, nil
	case map[string]any:
		js, err := json.Marshal(x)
		return []string{string(js)}, err
	default:
		return []string{scalar(x)}, nil
	}
}

func scalar(v any) string {
	if m, ok := v.(map[string]any); ok {
		js, _ := json.Marshal(m)
		return string(js)
	}
	return fmt.Sprint(v)
}

// checkStageOptions rejects unknown stages and options before anything runs.
func checkStageOptions(s *Streams, f *pipeline.File) error {
	root := NewRoot(s)
	for _, name := range pipeline.Order {
		opts, ok := f.Stages[name]
		if _, typed := stage.Default.Lookup(name); !ok || typed == nil {
			continue // absent, or a typed stage whose block Load checked
		}
		sub, _, err := root.Find([]string{name})
		if err != nil || sub == root {
			return fmt.Errorf("stage %s: this build has no %s command", name, name)
		}
		for k := range opts {
			if k == "on_fail" && name == "validate" || k == "format" && name == "export" {
				continue
			}
			if sub.Flags().Lookup(strings.ReplaceAll(k, "_", "-")) == nil {
				return fmt.Errorf("stages.%s.%s: %s has no such option (see grpodata %s --help)", name, k, name, name)
			}
		}
	}
	return nil
}
