package pipeline

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/export"
	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/stage"
)

// handoffRun runs a pipeline whose export stage is the real export (the
// other stages copy their input) over prompts records of groups of n, and
// returns the hand-off.
func handoffRun(t *testing.T, prompts, n int) (string, string) {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	for i := 0; i < prompts; i++ {
		if i%5 == 4 {
			fmt.Fprintf(&b, `{"id":"c%d","prompt":"Write f.","tests":[{"input":"1\n","output":"2\n"}],"responses":[`, i)
		} else {
			fmt.Fprintf(&b, `{"id":"m%d","prompt":"What is %d+1?","answer":"%d","responses":[`, i, i, i+1)
		}
		for k := 0; k < n; k++ {
			if k > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"text":"%d","score":%d.0}`, i+k%2, 1-k%2)
		}
		b.WriteString("]}\n")
	}
	os.WriteFile(filepath.Join(dir, "prompts.jsonl"), []byte(b.String()), 0o644)
	path := filepath.Join(dir, "pipeline.yaml")
	os.WriteFile(path, []byte(fmt.Sprintf("prompts: prompts.jsonl\nrun_dir: out\nstages:\n  generate: {backend: sim, group_size: %d}\n  export: {format: [verl, trl]}\n", n)), 0o644)
	fake := &fakeRunner{}
	run := func(ctx context.Context, inv Invocation) (stage.Summary, error) {
		if inv.Command != "export" {
			return fake.run(ctx, inv)
		}
		return inv.Stage.Run(ctx, jsonl.Source{Files: inv.Inputs}, jsonl.Sink{Path: inv.Output}, inv.Config)
	}
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), f, path, "v1", run, io.Discard); err != nil {
		t.Fatal(err)
	}
	return Handoff(f), filepath.Join(dir, "out", "export")
}

// verlSettings reads key=value settings of the printed verl command.
func verlSettings(t *testing.T, h string) map[string]string {
	t.Helper()
	start := strings.Index(h, "python3 -m verl.trainer.main_ppo")
	if start < 0 {
		t.Fatalf("no verl command:\n%s", h)
	}
	end := strings.Index(h[start:], "\n\n")
	if end < 0 {
		end = len(h) - start
	}
	out := map[string]string{}
	for _, f := range strings.Fields(strings.ReplaceAll(h[start:start+end], "\\\n", " ")) {
		if k, v, ok := strings.Cut(f, "="); ok {
			out[k] = v
		}
	}
	return out
}

// The printed verl command passes the checks verl makes at start-up
// (verl/utils/config.py, ActorConfig.validate, the FSDP workers' batch
// normalisation) and yields a non-empty dataloader (drop_last), for every
// GPU count the placeholder may take up to 8.
func TestHandoffVerlCommandStartsInVerl(t *testing.T) {
	for _, tc := range []struct{ prompts, n int }{{49, 8}, {3, 4}, {1000, 16}, {40, 5}, {2, 2}} {
		t.Run(fmt.Sprintf("%d prompts x %d", tc.prompts, tc.n), func(t *testing.T) {
			h, dir := handoffRun(t, tc.prompts, tc.n)
			s := verlSettings(t, h)
			for _, k := range []string{"actor_rollout_ref.rollout.name", "data.train_batch_size", "actor_rollout_ref.actor.ppo_mini_batch_size",
				"actor_rollout_ref.actor.ppo_micro_batch_size_per_gpu", "actor_rollout_ref.rollout.log_prob_micro_batch_size_per_gpu",
				"actor_rollout_ref.ref.log_prob_micro_batch_size_per_gpu", "trainer.n_gpus_per_node", "custom_reward_function.path",
				"custom_reward_function.name", "data.val_files"} {
				if s[k] == "" {
					t.Errorf("%s is not set", k)
				}
			}
			if s["actor_rollout_ref.rollout.name"] != "vllm" || s["trainer.n_gpus_per_node"] != "$GPUS" || !strings.Contains(h, "GPUS="+export.Placeholder) {
				t.Errorf("rollout %q, GPUs %q:\n%s", s["actor_rollout_ref.rollout.name"], s["trainer.n_gpus_per_node"], h)
			}
			if s["actor_rollout_ref.rollout.n"] != strconv.Itoa(tc.n) {
				t.Errorf("rollout.n = %s, want %d", s["actor_rollout_ref.rollout.n"], tc.n)
			}
			train, val := s["data.train_files"], s["data.val_files"]
			rows, err := export.ParquetRows(train)
			if err != nil {
				t.Fatal(err)
			}
			if tc.prompts >= 2 {
				vrows, err := export.ParquetRows(val)
				if err != nil || val == train || vrows < 1 || rows+vrows != int64(tc.prompts) {
					t.Errorf("val %s (%d rows, %v), train %d rows, of %d", val, vrows, err, rows, tc.prompts)
				}
			}
			if _, err := os.Stat(s["custom_reward_function.path"]); err != nil || filepath.Dir(s["custom_reward_function.path"]) != dir {
				t.Errorf("reward file: %v", err)
			}
			atoi := func(k string) int {
				v, err := strconv.Atoi(s[k])
				if err != nil {
					t.Fatalf("%s=%q", k, s[k])
				}
				return v
			}
			bs, mini, micro := atoi("data.train_batch_size"), atoi("actor_rollout_ref.actor.ppo_mini_batch_size"), atoi("actor_rollout_ref.actor.ppo_micro_batch_size_per_gpu")
			if int64(bs) > rows || rows/int64(bs) < 1 {
				t.Errorf("train_batch_size %d with %d rows: empty dataloader", bs, rows)
			}
			if mini > bs || bs%mini != 0 {
				t.Errorf("ppo_mini_batch_size %d, train_batch_size %d", mini, bs)
			}
			divisor := regexp.MustCompile(`must divide (\d+)`).FindStringSubmatch(h)
			for _, gpus := range []int{1, 2, 4, 8} {
				if divisor != nil && mustAtoi(divisor[1])%gpus != 0 {
					continue // the printed note rules this count out
				}
				if (bs*tc.n)%gpus != 0 {
					t.Errorf("%d GPUs: real train batch %d not divisible", gpus, bs*tc.n)
				}
				perGPU := mini * tc.n / gpus
				if perGPU < 1 || perGPU%micro != 0 {
					t.Errorf("%d GPUs: mini batch per GPU %d, micro %d", gpus, perGPU, micro)
				}
			}
			// TRL: the group size, a per-device batch divisible by it.
			m := regexp.MustCompile(`num_generations=(\d+)[^\n]*\n\s*per_device_train_batch_size=(\d+)`).FindStringSubmatch(h)
			if m == nil || mustAtoi(m[1]) != tc.n || mustAtoi(m[2])%tc.n != 0 {
				t.Errorf("TRL config %v, group size %d:\n%s", m, tc.n, h)
			}
			for _, want := range []string{"from trl import GRPOConfig, GRPOTrainer", "from datasets import load_dataset", "reward_funcs=[grpodata_reward.grpodata_reward]",
				"--data.input_key prompt", "--data.label_key grpodata", "--data.apply_chat_template", "--reward.remote_url " + filepath.Join(dir, "grpodata_reward.py"),
				fmt.Sprintf("--rollout.n_samples_per_prompt %d", tc.n), "--algo.advantage.estimator group_norm"} {
				if !strings.Contains(h, want) {
					t.Errorf("hand-off lacks %q", want)
				}
			}
		})
	}
}

func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}
