package export

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/grpodata/grpodata/export/reward"
)

// The trainer hand-off: the verl command line, the TRL script and the
// OpenRLHF command that train on the files this package writes, sized from
// the data (rows, group size) so they start as printed.

// Placeholder marks a value the user must set before running a printed
// command (the number of GPUs, the model); left as is, the trainer stops on
// it at once.
const Placeholder = "__SET_ME__"

// VerlSizes are verl's batch settings for a training file.
type VerlSizes struct {
	// TrainBatch is data.train_batch_size (prompts per step): the largest
	// power of two up to min(rows, 256), so verl's dataloader (drop_last)
	// has at least one batch and train_batch_size × n divides evenly among
	// 1, 2, 4 or 8 GPUs.
	TrainBatch int
	// MiniBatch is actor.ppo_mini_batch_size (prompts per update):
	// TrainBatch/4, at least 1; it divides TrainBatch.
	MiniBatch int
	// Micro is every *_micro_batch_size_per_gpu: the largest of 4, 2, 1
	// that divides MiniBatch×n/8, so it divides each GPU's share for any
	// GPU count dividing 8.
	Micro int
	// GPUDivisor is the number trainer.n_gpus_per_node × nnodes must
	// divide: MiniBatch × n.
	GPUDivisor int
}

// VerlBatchSizes sizes verl's batches for rows training prompts sampled n at a time.
func VerlBatchSizes(rows, n int) VerlSizes {
	if rows < 1 {
		rows = 1
	}
	if n < 1 {
		n = 1
	}
	b := 1
	for b*2 <= rows && b*2 <= 256 {
		b *= 2
	}
	mini := max(b/4, 1)
	micro := 1
	for _, p := range []int{4, 2} {
		if (mini*n)%(8*p) == 0 {
			micro = p
			break
		}
	}
	return VerlSizes{TrainBatch: b, MiniBatch: mini, Micro: micro, GPUDivisor: mini * n}
}

// ParquetRows is the number of rows in a Parquet file (from its footer).
func ParquetRows(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	pf, err := parquet.OpenFile(f, fi.Size())
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	return pf.NumRows(), nil
}

// RewardPath is the reward file export writes beside an output.
func RewardPath(output string) string {
	return filepath.Join(filepath.Dir(output), reward.FileName)
}

// VerlCommand is the verl GRPO command line for a verl export: train (with
// trainRows rows) and val (its NAME-val.parquet; "" when there is none, and
// then the training file validates), n responses per prompt, and the reward
// file beside train.
func VerlCommand(train, val string, trainRows, n int) string {
	s := VerlBatchSizes(trainRows, n)
	var b strings.Builder
	fmt.Fprintf(&b, "  GPUS=%s    # set: GPUs per node; GPUs in all must divide %d (ppo_mini_batch_size %d x rollout.n %d)\n", Placeholder, s.GPUDivisor, s.MiniBatch, n)
	fmt.Fprintf(&b, "  MODEL=%s   # set: the model to train, e.g. Qwen/Qwen2.5-1.5B-Instruct\n", Placeholder)
	if val == "" {
		val = train
		b.WriteString("  # no validation file (too few rows): validating on the training rows\n")
	}
	lines := []string{
		"python3 -m verl.trainer.main_ppo",
		"algorithm.adv_estimator=grpo",
		"data.train_files=" + shellQuote(train),
		"data.val_files=" + shellQuote(val),
		fmt.Sprintf("data.train_batch_size=%d", s.TrainBatch),
		"data.max_prompt_length=1024",
		"data.max_response_length=2048",
		"data.filter_overlong_prompts=True",
		"custom_reward_function.path=" + shellQuote(RewardPath(train)),
		"custom_reward_function.name=" + reward.VerlFunc,
		"actor_rollout_ref.model.path=$MODEL",
		"actor_rollout_ref.actor.optim.lr=1e-6",
		fmt.Sprintf("actor_rollout_ref.actor.ppo_mini_batch_size=%d", s.MiniBatch),
		fmt.Sprintf("actor_rollout_ref.actor.ppo_micro_batch_size_per_gpu=%d", s.Micro),
		"actor_rollout_ref.actor.use_kl_loss=True",
		"actor_rollout_ref.actor.kl_loss_coef=0.001",
		"actor_rollout_ref.actor.kl_loss_type=low_var_kl",
		"actor_rollout_ref.actor.entropy_coeff=0",
		"actor_rollout_ref.rollout.name=vllm",
		fmt.Sprintf("actor_rollout_ref.rollout.n=%d", n),
		"actor_rollout_ref.rollout.tensor_model_parallel_size=1",
		"actor_rollout_ref.rollout.gpu_memory_utilization=0.6",
		fmt.Sprintf("actor_rollout_ref.rollout.log_prob_micro_batch_size_per_gpu=%d", s.Micro),
		fmt.Sprintf("actor_rollout_ref.ref.log_prob_micro_batch_size_per_gpu=%d", s.Micro),
		"algorithm.use_kl_in_reward=False",
		"trainer.logger='[\"console\"]'",
		"trainer.n_gpus_per_node=$GPUS",
		"trainer.nnodes=1",
	}
	b.WriteString("  " + strings.Join(lines, " \\\n    ") + "\n")
	return b.String()
}

// TRLScript is a complete TRL GRPOTrainer script for a trl export with
// groups of n: grpodata's reward function from the reward file beside it.
func TRLScript(path string, n int) string {
	// A per-device batch of a multiple of n: the generation batch must hold
	// whole groups (on one process; with more, it stays a multiple of n).
	bs := n
	for bs < 8 {
		bs += n
	}
	return fmt.Sprintf(`  import importlib.util
  from datasets import load_dataset
  from trl import GRPOConfig, GRPOTrainer

  spec = importlib.util.spec_from_file_location("grpodata_reward", %[1]q)
  grpodata_reward = importlib.util.module_from_spec(spec)
  spec.loader.exec_module(grpodata_reward)

  dataset = load_dataset("json", data_files=%[2]q, split="train")
  args = GRPOConfig(
      output_dir="grpo-out",
      num_generations=%[3]d,                # the group size of the data
      per_device_train_batch_size=%[4]d,    # a multiple of num_generations
      max_completion_length=1024,
  )
  trainer = GRPOTrainer(
      model="%[5]s",                # set: the model to train, e.g. Qwen/Qwen2.5-0.5B-Instruct
      reward_funcs=[grpodata_reward.%[6]s],  # scores with grpodata verify (symbolic_math / code)
      args=args,
      train_dataset=dataset,
  )
  trainer.train()
`, RewardPath(path), path, n, bs, Placeholder, reward.TRLFunc)
}

// OpenRLHFCommand is the OpenRLHF GRPO command for a trl export (its
// "prompt" column is the input, "grpodata" the label) with groups of n and
// rows prompts: the reward file is loaded as OpenRLHF's reward_func.
func OpenRLHFCommand(path string, rows, n int) string {
	rollout := 1
	for rollout*2 <= rows && rollout*2 <= 128 {
		rollout *= 2
	}
	lines := []string{
		"python3 -m openrlhf.cli.train_ppo_ray",
		"--actor.model_name_or_path $MODEL",
		"--actor.num_nodes 1 --actor.num_gpus_per_node $GPUS",
		"--ref.num_nodes 1 --ref.num_gpus_per_node $GPUS --train.colocate_all",
		"--vllm.num_engines $GPUS --vllm.tensor_parallel_size 1 --vllm.gpu_memory_utilization 0.6",
		"--vllm.enable_sleep --ds.enable_sleep --ds.zero_stage 3 --ds.param_dtype bf16 --actor.adam.lr 1e-6",
		"--data.prompt_dataset " + shellQuote(path),
		"--data.input_key prompt --data.apply_chat_template",
		"--data.label_key grpodata",
		"--reward.remote_url " + shellQuote(RewardPath(path)),
		"--algo.advantage.estimator group_norm --algo.kl.use_loss --algo.kl.estimator k3",
		fmt.Sprintf("--rollout.n_samples_per_prompt %d", n),
		fmt.Sprintf("--rollout.batch_size %d --rollout.micro_batch_size %d", rollout, max(1, min(rollout, 4))),
		fmt.Sprintf("--train.batch_size %d --train.micro_batch_size 1", rollout*n),
		"--data.max_len 3072 --rollout.max_new_tokens 2048",
		"--ckpt.output_dir grpo-openrlhf",
	}
	var b strings.Builder
	fmt.Fprintf(&b, "  GPUS=%s MODEL=%s   # set both\n", Placeholder, Placeholder)
	b.WriteString("  " + strings.Join(lines, " \\\n    ") + "\n")
	return b.String()
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+=:,@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
