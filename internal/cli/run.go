package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/pipeline"
	"github.com/grpodata/grpodata/stage"
	"github.com/grpodata/grpodata/version"
)

func init() { register(newRunCmd) }

func newRunCmd(s *Streams) *cobra.Command {
	var (
		ro          pipeline.RunOptions
		shards      shardFlag
		mergeShards bool
	)
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
  grpodata run pipeline.yaml             # again: finished stages are skipped
  grpodata run pipeline.yaml --dry-run   # what would run, and why
  grpodata run pipeline.yaml --from filter`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := pipeline.Load(args[0])
			if err != nil {
				return usageError(err)
			}
			runner, err := shardedRun(&ro, &shards, mergeShards, stageRunner(s), s)
			if err != nil {
				return usageError(err)
			}
			_, err = pipeline.RunWith(cmd.Context(), f, args[0], version.String(), runner, s.Err, ro)
			if err != nil {
				if errors.Is(err, pipeline.ErrProblems) {
					return &ExitError{Code: ExitFailed, Err: err}
				}
				return err // a stage's failure exits as its command would
			}
			if ro.DryRun {
				return nil
			}
			if ro.Shard != nil {
				fmt.Fprintf(s.Err, "\nshard done: %s (the per-record stages); once every shard is, grpodata run %s --merge-shards\n", f.RunDir, args[0])
				return nil
			}
			fmt.Fprintf(s.Err, "\nrun complete: %s (run.json is the manifest)\n%s", f.RunDir, pipeline.Handoff(f))
			return nil
		},
	}
	c.Flags().BoolVar(&ro.Force, "force", false, "run every stage again (generate still resumes its output)")
	c.Flags().StringVar(&ro.From, "from", "", "run this stage and every one after it; the stages before it must have finished")
	c.Flags().BoolVar(&ro.DryRun, "dry-run", false, "say which stages would run and why, and run nothing")
	shards.bind(c)
	c.Flags().BoolVar(&mergeShards, "merge-shards", false, "merge the shards of the per-record stages (run with --shard) into their outputs, then run the rest")
	return c
}

// stageRunner runs a pipeline's stages in process, each through its Run
// with the configuration the pipeline decoded, showing its events and
// summary as its command would.
func stageRunner(s *Streams) pipeline.Runner {
	return func(ctx context.Context, inv pipeline.Invocation) (stage.Summary, error) {
		in := jsonl.Source{Files: inv.Inputs, In: s.In}
		sum, err := runShown(ctx, s, inv.Stage, hooksOf[inv.Command], in, jsonl.Sink{Path: inv.Output, Out: s.Out}, inv.Config)
		if err != nil {
			return sum, err
		}
		return sum, writeSummary(s, sum, false, &badRecords{})
	}
}
