package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/shard"
)

func init() { register(newMergeCmd) }

func newMergeCmd(s *Streams) *cobra.Command {
	var (
		o      shard.MergeOptions
		asJSON bool
	)
	c := &cobra.Command{
		Use:   "merge -o OUT [SHARD...]",
		Short: "Join the outputs of a stage run with --shard i/N into the one output a single run writes",
		Long: `Merge finds OUT's shard outputs beside it (OUT.shard-IIII-of-NNNN.EXT, or the
files given), checks their manifests (every shard of N present and complete, all
made by the same stage from the same input and options) and writes OUT
atomically with their records in input order: for a deterministic backend
(sim, a seeded verifier) the same bytes a one-machine run writes. It refuses,
with one line naming the shard, a missing, incomplete or foreign shard, and a
shard record that no input record accounts for; nothing is lost or doubled.
The inputs are those the manifests name; --input gives them if they moved.`,
		Example: `  grpodata generate prompts.jsonl -o gen.jsonl --backend sim --seed 1 --shard 0/4   # ... through 3/4
  grpodata merge -o gen.jsonl                       # gen.shard-0000-of-0004.jsonl ... -> gen.jsonl
  grpodata merge -o out.jsonl a/out.shard-*.jsonl   # shards gathered from elsewhere`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Output == "" {
				return usageError(fmt.Errorf("merge: give the merged output with -o"))
			}
			o.Shards, o.Stdout = args, s.Out
			if o.Output == "-" && len(args) == 0 {
				return usageError(fmt.Errorf("merge: -o - writes to standard output: name the shard files"))
			}
			sum, err := shard.Merge(cmd.Context(), o)
			if err != nil {
				if cmd.Context().Err() != nil {
					return err
				}
				return usageError(err)
			}
			if asJSON {
				enc := json.NewEncoder(s.Err)
				enc.SetIndent("", "  ")
				return enc.Encode(sum)
			}
			fmt.Fprintf(s.Err, "merged %d shards of %s: %d records in %s\n", sum.Shards, sum.Stage, sum.Records, sum.Output)
			return nil
		},
	}
	c.Flags().StringVarP(&o.Output, "output", "o", "", "the merged output (atomic); its shard outputs are looked for beside it")
	c.Flags().StringArrayVar(&o.Inputs, "input", nil, "the inputs the shards read, if they moved since (repeatable; checked against the manifests' fingerprint)")
	c.Flags().BoolVar(&o.AllowProblems, "allow-problems", false, "merge shards whose run finished with problems (failed prompts), as a one-machine run keeps them")
	c.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON on stderr")
	return c
}
