package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/pipeline"
	"github.com/grpodata/grpodata/shard"
	"github.com/grpodata/grpodata/stage"
)

// shardFlag is --shard, on the commands of per-record stages and on run.
type shardFlag struct{ value string }

const shardHelp = "run shard i of N only (i/N, or auto/N: i from $SLURM_ARRAY_TASK_ID, $JOB_COMPLETION_INDEX or $GRPODATA_SHARD); " +
	"writes OUT.shard-IIII-of-NNNN.EXT and a manifest; grpodata merge joins the shards"

func (f *shardFlag) bind(c *cobra.Command) { c.Flags().StringVar(&f.value, "shard", "", shardHelp) }

// get is the shard asked for; ok is false without --shard.
func (f *shardFlag) get() (sh shard.Shard, ok bool, err error) {
	if f.value == "" {
		return shard.Shard{}, false, nil
	}
	sh, err = shard.Parse(f.value, os.Getenv)
	return sh, err == nil, err
}

// wrap is st run as the shard asked for, or st itself without --shard.
func (f *shardFlag) wrap(st stage.Stage) (stage.Stage, error) {
	sh, ok, err := f.get()
	if !ok {
		return st, err
	}
	return shard.Wrap(st, sh), nil
}

// shardedRun makes run's runner for --shard (the pipeline's per-record
// stages as one shard, under the shard's names) or --merge-shards (those
// stages' shards merged into their outputs instead of run, then the rest of
// the pipeline as usual).
func shardedRun(ro *pipeline.RunOptions, f *shardFlag, merge bool, run pipeline.Runner, s *Streams) (pipeline.Runner, error) {
	sh, ok, err := f.get()
	switch {
	case err != nil:
		return nil, err
	case ok && merge:
		return nil, errors.New("--shard runs one shard, --merge-shards joins them: give one")
	case ok:
		ro.Shard = &pipeline.Shard{Rename: sh.Path}
		return func(ctx context.Context, inv pipeline.Invocation) (stage.Summary, error) {
			if inv.Stage != nil {
				inv.Stage = shard.Wrap(inv.Stage, sh)
			}
			return run(ctx, inv)
		}, nil
	case merge:
		return func(ctx context.Context, inv pipeline.Invocation) (stage.Summary, error) {
			if inv.Stage == nil || !inv.Stage.Describe().PerRecord {
				return run(ctx, inv)
			}
			sum, err := shard.Merge(ctx, shard.MergeOptions{Output: inv.Output})
			if err != nil {
				return stage.Summary{}, err
			}
			fmt.Fprintf(s.Err, "%s: merged %d shards: %d records in %s\n", inv.Command, sum.Shards, sum.Records, sum.Output)
			return stage.Summary{Records: sum.Records, Usage: sum.Usage, Value: sum}, nil
		}, nil
	}
	return run, nil
}
