package cli

import (
	"os"

	"github.com/spf13/cobra"

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
