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
		fmt.Fprintf(&b, "batches: %s (manifest.json lists them)\n", abs(filepath.Join(dir, outputName("batch"))))
	}
	if _, ok := f.Stages["report"]; ok {
		fmt.Fprintf(&b, "report:  %s\n", abs(filepath.Join(dir, outputName("report"))))
	}
	t, ok := f.typed["export"]
	if !ok {
		return b.String()
	}
	cfg, err := t.config(nil)
	ec, ok := cfg.(*export.Config)
	if err != nil || !ok {
		return b.String()
	}
	n := groupSize(f)
	rewardNoted := false
	for _, name := range ec.Formats {
		path := abs(export.OutputOf(ec, filepath.Join(dir, outputName("export"))+"/", name))
		fmt.Fprintf(&b, "export:  %s\n", path)
		format, err := export.Lookup(name)
		if err != nil {
			continue
		}
		if format.Spec().Reward && !rewardNoted {
			rewardNoted = true
			fmt.Fprintf(&b, "reward:  %s (grpodata verify with the verifier that labelled each row; it runs the grpodata binary\n"+
				"         recorded in it, else $GRPODATA_BIN, else grpodata on PATH: `go install ./cmd/grpodata` after `go run`)\n", export.RewardPath(path))
		}
		if format.Spec().Train != nil {
			b.WriteString(format.Spec().Train(path, n))
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
