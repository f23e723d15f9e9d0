package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/export"
	"github.com/grpodata/grpodata/generate"
	"github.com/grpodata/grpodata/stage"
)

// fakeRunner records the stages run and writes the files each would.
type fakeRunner struct {
	ran          []string
	failValidate bool
}

func (f *fakeRunner) run(_ context.Context, inv Invocation) (stage.Summary, error) {
	f.ran = append(f.ran, inv.Command)
	data, _ := os.ReadFile(inv.Inputs[0])
	for _, out := range inv.Stage.Outputs(inv.Config, inv.Output) {
		if inv.Command == "batch" {
			if err := os.MkdirAll(out, 0o755); err != nil {
				return stage.Summary{}, err
			}
			continue
		}
		os.MkdirAll(filepath.Dir(out), 0o755)
		if err := os.WriteFile(out, data, 0o644); err != nil {
			return stage.Summary{}, err
		}
	}
	problems := inv.Command == "validate" && f.failValidate
	return stage.Summary{Records: int64(bytes.Count(data, []byte("\n"))), Problems: problems}, nil
}

func setup(t *testing.T, stages string) (string, string) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "prompts.jsonl"), []byte(`{"prompt":"p"}`+"\n"), 0o644)
	path := filepath.Join(dir, "pipeline.yaml")
	os.WriteFile(path, []byte("prompts: prompts.jsonl\nrun_dir: out\nstages:\n"+stages), 0o644)
	return dir, path
}

func runOnce(t *testing.T, path string, r *fakeRunner) (*Manifest, error) {
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	r.ran = nil
	var log bytes.Buffer
	return Run(context.Background(), f, path, "v1", r.run, &log)
}

const allStages = `  generate: {backend: sim, group_size: 4}
  verify: {verifier: auto}
  validate: {}
  filter: {}
  batch: {strategy: static, batch_size: 2}
  export: {format: [verl, trl]}
`

func TestSkipsUnchangedAndRerunsChangedChain(t *testing.T) {
	_, path := setup(t, allStages)
	r := &fakeRunner{}
	m, err := runOnce(t, path, r)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(r.ran, ","); got != "generate,verify,validate,filter,batch,export" {
		t.Errorf("first run ran %s", got)
	}
	if !m.Stages["export"].Complete || m.Stages["generate"].Records != 1 {
		t.Errorf("manifest: %+v", m.Stages["generate"])
	}
	if _, err := runOnce(t, path, r); err != nil || len(r.ran) != 0 {
		t.Errorf("second run ran %v (%v)", r.ran, err)
	}
	// Change the filter stage: filter and everything after it re-run.
	data, _ := os.ReadFile(path)
	os.WriteFile(path, bytes.Replace(data, []byte("filter: {}"), []byte("filter: {min_pass_rate: 0.1}"), 1), 0o644)
	if _, err := runOnce(t, path, r); err != nil || strings.Join(r.ran, ",") != "filter,batch,export" {
		t.Errorf("after changing filter ran %v (%v)", r.ran, err)
	}
	// Changing the prompts re-runs everything.
	os.WriteFile(filepath.Join(filepath.Dir(path), "prompts.jsonl"), []byte(`{"prompt":"q"}`+"\n"), 0o644)
	if _, err := runOnce(t, path, r); err != nil || len(r.ran) != 6 {
		t.Errorf("after changing prompts ran %v (%v)", r.ran, err)
	}
	// A deleted output re-runs its stage and the chain after it is unchanged.
	os.RemoveAll(filepath.Join(filepath.Dir(path), "out", "batches"))
	if _, err := runOnce(t, path, r); err != nil || strings.Join(r.ran, ",") != "batch" {
		t.Errorf("after deleting batches ran %v (%v)", r.ran, err)
	}
}

func TestInterruptedStageRunsAgain(t *testing.T) {
	_, path := setup(t, "  generate: {backend: sim}\n  verify: {}\n")
	r := &fakeRunner{}
	runOnce(t, path, r)
	man := filepath.Join(filepath.Dir(path), "out", "run.json")
	var m Manifest
	data, _ := os.ReadFile(man)
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	m.Stages["verify"].Complete = false // as a crash mid-stage leaves it
	data, _ = json.Marshal(m)
	os.WriteFile(man, data, 0o644)
	if _, err := runOnce(t, path, r); err != nil || strings.Join(r.ran, ",") != "verify" {
		t.Errorf("after an interrupted verify ran %v (%v)", r.ran, err)
	}
}

func TestValidateFailureStopsUnlessWarn(t *testing.T) {
	_, path := setup(t, "  generate: {}\n  validate: {}\n  batch: {}\n")
	r := &fakeRunner{failValidate: true}
	_, err := runOnce(t, path, r)
	if err == nil || !errors.Is(err, ErrProblems) || !strings.Contains(err.Error(), "stage validate found problems (above; output: validate.json)") || strings.Join(r.ran, ",") != "generate,validate" {
		t.Errorf("err=%v ran=%v", err, r.ran)
	}
	_, path = setup(t, "  generate: {}\n  validate: {on_fail: warn}\n  batch: {}\n")
	m, err := runOnce(t, path, r)
	if err != nil || strings.Join(r.ran, ",") != "generate,validate,batch" || m.Stages["validate"].Warning == "" {
		t.Errorf("on_fail warn: err=%v ran=%v", err, r.ran)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{"prompts: p.jsonl\nstages:\n  train: {}\n", `unknown stage "train"`},
		{"prompts: p.jsonl\n", "no stages"},
		{"stages:\n  generate: {}\n", "prompts: missing"},
		{"prompts: p.jsonl\nstages:\n  export: {}\n", "stages.export: no format"},
		{"prompts: p.jsonl\nbogus: 1\nstages:\n  generate: {}\n", "field bogus not found"},
	} {
		path := filepath.Join(t.TempDir(), "p.yaml")
		os.WriteFile(path, []byte(tt.body), 0o644)
		if _, err := Load(path); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err = %v, want %q", tt.body, err, tt.want)
		}
	}
}

func TestHandoffNamesTrainers(t *testing.T) {
	_, path := setup(t, allStages)
	r := &fakeRunner{}
	runOnce(t, path, r)
	f, _ := Load(path)
	h := Handoff(f)
	for _, want := range []string{"actor_rollout_ref.rollout.n=4", "data.train_files=", "verl.parquet", "num_generations=4", "trl.jsonl", "batches:"} {
		if !strings.Contains(h, want) {
			t.Errorf("handoff lacks %q:\n%s", want, h)
		}
	}
}

func TestSpeedOptionsRerunNothing(t *testing.T) {
	_, path := setup(t, allStages)
	r := &fakeRunner{}
	if _, err := runOnce(t, path, r); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	faster := bytes.Replace(data, []byte("group_size: 4}"), []byte("group_size: 4, concurrency: 8, rpm: 100, timeout: 1m, max-retries: 2}"), 1)
	faster = bytes.Replace(faster, []byte("verifier: auto}"), []byte("verifier: auto, workers: 2}"), 1)
	os.WriteFile(path, faster, 0o644)
	if _, err := runOnce(t, path, r); err != nil || len(r.ran) != 0 {
		t.Errorf("after changing only speed options ran %v (%v)", r.ran, err)
	}
	// verify's timeout is its per-response budget: it changes verdicts.
	os.WriteFile(path, bytes.Replace(faster, []byte("workers: 2}"), []byte("workers: 2, timeout: 5s}"), 1), 0o644)
	if _, err := runOnce(t, path, r); err != nil || !strings.HasPrefix(strings.Join(r.ran, ","), "verify,") {
		t.Errorf("after changing verify's timeout ran %v (%v)", r.ran, err)
	}
}

func TestUpgradeRerunsVerifyNotGenerate(t *testing.T) {
	_, path := setup(t, allStages)
	r := &fakeRunner{}
	if _, err := runOnce(t, path, r); err != nil {
		t.Fatal(err)
	}
	f, _ := Load(path)
	r.ran = nil
	if _, err := Run(context.Background(), f, path, "v2", r.run, io.Discard); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(r.ran, ","); got != "verify,validate,filter,batch,export" {
		t.Errorf("after an upgrade ran %s", got)
	}
}

// generate resumes: it is told to start over only when its own settings
// changed (its command compares them), and the stages after it follow its
// output, not its configuration.
func TestGenerateResumesAndDownstreamFollowsItsOutput(t *testing.T) {
	_, path := setup(t, allStages)
	var drift []string
	r := &fakeRunner{}
	run := func(ctx context.Context, inv Invocation) (stage.Summary, error) {
		if inv.Command == "generate" {
			drift = append(drift, inv.Config.(*generate.Options).OnDrift)
			os.MkdirAll(filepath.Dir(inv.Output), 0o755)
			// the same output whatever the prompts
			return stage.Summary{}, os.WriteFile(inv.Output, []byte(`{"prompt":"p","responses":[]}`+"\n"), 0o644)
		}
		return r.run(ctx, inv)
	}
	f, _ := Load(path)
	if _, err := Run(context.Background(), f, path, "v1", run, io.Discard); err != nil {
		t.Fatal(err)
	}
	if drift[0] != "start-over" {
		t.Errorf("generate's on_drift = %q", drift[0])
	}
	gen := filepath.Join(filepath.Dir(path), "out", "generated.jsonl")
	before, _ := os.ReadFile(gen)
	os.WriteFile(filepath.Join(filepath.Dir(path), "prompts.jsonl"), []byte(`{"prompt":"p"}`+"\n"+`{"prompt":"q"}`+"\n"), 0o644)
	r.ran = nil
	if _, err := Run(context.Background(), f, path, "v1", run, io.Discard); err != nil {
		t.Fatal(err)
	}
	if len(drift) != 2 || len(r.ran) != 0 {
		t.Errorf("new prompts: generate ran %d times, then %v (its output did not change)", len(drift), r.ran)
	}
	if after, _ := os.ReadFile(gen); string(after) != string(before) {
		t.Error("the pipeline touched generate's output")
	}
}

func TestForceFromAndDryRun(t *testing.T) {
	_, path := setup(t, allStages)
	r := &fakeRunner{}
	runWith := func(o RunOptions) (string, string, error) {
		f, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		r.ran = nil
		var log bytes.Buffer
		_, err = RunWith(context.Background(), f, path, "v1", r.run, &log, o)
		return strings.Join(r.ran, ","), log.String(), err
	}
	if _, _, err := runWith(RunOptions{From: "filter"}); err == nil || !strings.Contains(err.Error(), "stage generate before it has not finished") {
		t.Errorf("--from before anything ran: %v", err)
	}
	ran, log, err := runWith(RunOptions{DryRun: true})
	if err != nil || ran != "" || strings.Count(log, "would run (never ran)") != 6 {
		t.Errorf("dry run: ran %q, err %v, log:\n%s", ran, err, log)
	}
	if ran, _, err := runWith(RunOptions{}); err != nil || ran != "generate,verify,validate,filter,batch,export" {
		t.Fatalf("first run: %s %v", ran, err)
	}
	if ran, log, err := runWith(RunOptions{DryRun: true, Force: true}); err != nil || ran != "" || strings.Count(log, "would run (forced)") != 6 {
		t.Errorf("forced dry run: ran %q, err %v, log:\n%s", ran, err, log)
	}
	if ran, _, err := runWith(RunOptions{Force: true}); err != nil || ran != "generate,verify,validate,filter,batch,export" {
		t.Errorf("--force ran %s %v", ran, err)
	}
	ran, log, err = runWith(RunOptions{From: "filter"})
	if err != nil || ran != "filter,batch,export" || !strings.Contains(log, "verify    before --from, skipped") {
		t.Errorf("--from filter ran %s %v\n%s", ran, err, log)
	}
	if _, _, err := runWith(RunOptions{From: "report"}); err == nil || !strings.Contains(err.Error(), "no report stage") {
		t.Errorf("--from a stage the file lacks: %v", err)
	}
	if _, _, err := runWith(RunOptions{From: "nope"}); err == nil || !strings.Contains(err.Error(), "not a stage") {
		t.Errorf("--from an unknown stage: %v", err)
	}
}

// A deleted reward file beside the export re-runs export (and only it).
func TestDeletedRewardFileRerunsExport(t *testing.T) {
	_, path := setup(t, allStages)
	r := &fakeRunner{}
	if _, err := runOnce(t, path, r); err != nil {
		t.Fatal(err)
	}
	os.Remove(export.RewardPath(filepath.Join(filepath.Dir(path), "out", "export", "verl.parquet")))
	if _, err := runOnce(t, path, r); err != nil || strings.Join(r.ran, ",") != "export" {
		t.Errorf("after deleting the reward file ran %v (%v)", r.ran, err)
	}
}
