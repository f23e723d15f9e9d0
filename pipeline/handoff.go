package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
)

// Handoff returns the training hand-off for a finished run: where the
// batches, exports and report are, and the verl and TRL command lines or
// config keys that train on the exported files.
func Handoff(f *File) string {
	var b strings.Builder
	abs := func(p string) string {
		if a, err := filepath.Abs(p); err == nil {
			return a
		}
		return p
	}
	dir := f.RunDir
	if _, ok := f.Stages["batch"]; ok {
		fmt.Fprintf(&b, "batches: %s (manifest.json lists them)\n", abs(filepath.Join(dir, "batches")))
	}
	if _, ok := f.Stages["report"]; ok {
		fmt.Fprintf(&b, "report:  %s\n", abs(filepath.Join(dir, "report.html")))
	}
	n := groupSize(f)
	if opts, ok := f.Stages["export"]; ok {
		for _, format := range exportFormats(opts) {
			path := abs(filepath.Join(dir, "export", format+ExportExt(format)))
			fmt.Fprintf(&b, "export:  %s\n", path)
			switch format {
			case "verl":
				fmt.Fprintf(&b, "\ntrain with verl (GRPO):\n  python3 -m verl.trainer.main_ppo algorithm.adv_estimator=grpo \\\n"+
					"    data.train_files=%s data.val_files=%s \\\n"+
					"    actor_rollout_ref.rollout.n=%d actor_rollout_ref.model.path=YOUR_MODEL\n", path, path, n)
			case "trl":
				fmt.Fprintf(&b, "\ntrain with TRL (GRPOTrainer):\n"+
					"  dataset = load_dataset(\"json\", data_files=%q, split=\"train\")\n"+
					"  args = GRPOConfig(num_generations=%d, ...)  # the reference answer is the \"solution\" column\n"+
					"  trainer = GRPOTrainer(model=..., reward_funcs=accuracy_reward, args=args, train_dataset=dataset)\n", path, n)
			case "trl-dpo":
				fmt.Fprintf(&b, "\ntrain offline with TRL (DPOTrainer):\n"+
					"  dataset = load_dataset(\"json\", data_files=%q, split=\"train\")\n"+
					"  trainer = DPOTrainer(model=..., args=DPOConfig(...), train_dataset=dataset)\n", path)
			case "verl-groups":
				fmt.Fprintf(&b, "\n%s holds the sampled groups with rewards (responses, rewards columns) for verl's evaluation scripts.\n", path)
			}
		}
	}
	return b.String()
}

// groupSize is the generate stage's group size, or the size of the first
// group in the run's records, or 16.
func groupSize(f *File) int {
	if g, ok := f.Stages["generate"]; ok {
		for _, k := range []string{"group_size", "group-size", "n"} {
			if v := number(g[k]); v > 0 {
				return int(v)
			}
		}
	}
	for _, name := range []string{"filtered.jsonl", "verified.jsonl", "generated.jsonl"} {
		path := filepath.Join(f.RunDir, name)
		if _, err := os.Stat(path); err != nil {
			continue
		}
		r, err := jsonl.Open(path)
		if err != nil {
			continue
		}
		l, err := r.Next()
		r.Close()
		if err != nil {
			continue
		}
		if rec, err := record.Decode(l.Data); err == nil && len(rec.Responses) > 0 {
			return len(rec.Responses)
		}
	}
	return 16
}
