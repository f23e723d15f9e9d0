package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/grpodata/grpodata/export"
	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
)

// Handoff returns the training hand-off for a finished run: where the
// batches, exports and report are, and the verl command line, the TRL
// script and the OpenRLHF command that train on the exported files, sized
// from the exported rows and the group size, with grpodata's reward file
// (written by export beside the files) as the reward.
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
	opts, ok := f.Stages["export"]
	if !ok {
		return b.String()
	}
	rewardNoted := false
	noteReward := func(path string) {
		if rewardNoted {
			return
		}
		rewardNoted = true
		fmt.Fprintf(&b, "reward:  %s (grpodata verify with the verifier that labelled each row; it runs the grpodata binary\n"+
			"         recorded in it, else $GRPODATA_BIN, else grpodata on PATH: `go install ./cmd/grpodata` after `go run`)\n", export.RewardPath(path))
	}
	for _, format := range exportFormats(opts) {
		path := abs(filepath.Join(dir, "export", format+ExportExt(format)))
		fmt.Fprintf(&b, "export:  %s\n", path)
		switch format {
		case "verl":
			val := export.ValPath(path)
			if _, err := os.Stat(val); err != nil {
				val = ""
			} else {
				fmt.Fprintf(&b, "export:  %s (held out for validation)\n", val)
			}
			noteReward(path)
			rows, err := export.ParquetRows(path)
			if err != nil {
				rows = 0
			}
			fmt.Fprintf(&b, "\ntrain with verl (GRPO; %d training prompts x %d responses):\n", rows, n)
			b.WriteString(export.VerlCommand(path, val, int(rows), n))
		case "trl":
			noteReward(path)
			fmt.Fprintf(&b, "\ntrain with TRL (GRPOTrainer), a complete script:\n")
			b.WriteString(export.TRLScript(path, n))
			fmt.Fprintf(&b, "\ntrain with OpenRLHF (GRPO: group_norm) on the same file, its reward_func from the reward file:\n")
			b.WriteString(export.OpenRLHFCommand(path, jsonlRows(path), n))
		case "trl-dpo":
			fmt.Fprintf(&b, "\ntrain offline with TRL (DPOTrainer):\n"+
				"  from datasets import load_dataset\n"+
				"  from trl import DPOConfig, DPOTrainer\n"+
				"  dataset = load_dataset(\"json\", data_files=%q, split=\"train\")\n"+
				"  trainer = DPOTrainer(model=%q, args=DPOConfig(output_dir=\"dpo-out\"), train_dataset=dataset)  # set the model\n"+
				"  trainer.train()\n", path, export.Placeholder)
		case "verl-groups":
			fmt.Fprintf(&b, "\n%s holds the sampled groups with rewards (responses, rewards columns) for verl's evaluation scripts.\n", path)
		}
	}
	return b.String()
}

// jsonlRows counts the lines of a JSONL file (0 when it cannot be read).
func jsonlRows(path string) int {
	r, err := jsonl.Open(path)
	if err != nil {
		return 0
	}
	defer r.Close()
	n := 0
	for {
		if _, err := r.Next(); err != nil {
			return n
		}
		n++
	}
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
